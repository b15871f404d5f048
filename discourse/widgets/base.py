"""The base widget: controls above one output area, redrawn by :meth:`AnalysisWidget.refresh`.

An analysis widget is its controls plus an update function ``compute(values) -> items``
that takes the controls' values as a plain dict and returns what to show (HTML strings,
:class:`~discourse.widgets.render.Tables`, DataFrames, figures). The update functions of
the analyses are module-level (:func:`discourse.widgets.keyness.keyness_view` …), so they
run without a browser or an event loop; :func:`shown_items` is what a widget shows for
them, errors included. Work that does not depend on a control is kept per widget in an
:class:`LRU` cache keyed on the control values it depends on; :func:`renew` empties a
widget's caches when the content of its token table changed (edited in place).

Responsive by design: a control change shows the busy state at once (the output dimmed,
the status "computing…", the download links gone) and, in a Jupyter kernel, computes in
a worker thread, so the kernel keeps reading control changes meanwhile. Every change
supersedes the pending update: a computation whose controls changed again before it
started is skipped, one that finished after a newer change is not shown, and the newest
reads the controls when it starts, so the output always matches the last control values
(last change wins). Outside a kernel (tests, scripts) updates run at once, in order.

The kernel never trusts a value from the browser: a page can send any state for a
control (``max=2_000_000``, then ``value=2_000_000``), so :class:`AnalysisWidget` keeps
each control's declared range, puts ``min``/``max`` back when they change, and computes
with values clamped to that range (:func:`~discourse.widgets.controls.checked_values`).
"""

from __future__ import annotations

import contextlib
import html
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

import ipywidgets as w
import pandas as pd

from discourse._cache import fingerprint
from discourse.widgets.controls import (
    ALL_VOICES,
    checked_values,
    control_rows,
    declared_limits,
    set_options,
    values_of,
)
from discourse.widgets.render import bundle, downloads_html, message_html

__all__ = ["LRU", "AnalysisWidget", "renew", "role_subset", "shown_items"]

_COMPUTING = threading.Lock()  #: held by the update computing, in any widget of the kernel


class LRU:
    """A small least-recently-used cache of computed parts, keyed on control values."""

    def __init__(self, size: int = 24) -> None:
        self.size, self.data = size, OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value for ``key``, made by ``make()`` the first time."""
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        value = self.data[key] = make()
        while len(self.data) > self.size:
            self.data.popitem(last=False)
        return value

    def clear(self) -> None:
        self.data.clear()


def role_subset(state: Any, role: str) -> pd.DataFrame:
    """The rows of ``state.tokens`` of ``role`` (all of them for all voices), kept in the
    ``state.subsets`` :class:`LRU`."""
    tokens = state.tokens
    return state.subsets.get(
        role,
        lambda: (
            tokens
            if role == ALL_VOICES
            else tokens[(tokens["role"].astype(str) == role).to_numpy()]
        ),
    )


def renew(state: Any) -> None:
    """Empty every :class:`LRU` of a widget's ``state`` when the content of ``state.tokens``
    changed since the last call (a :func:`~discourse._cache.fingerprint` of every column),
    so a table edited in place is analysed afresh."""
    tokens = state.tokens
    version = fingerprint(tokens, list(map(str, tokens.columns)))
    if getattr(state, "_version", None) != version:
        for value in vars(state).values():
            if isinstance(value, LRU):
                value.clear()
        state._version = version


def shown_items(compute: Callable[[dict[str, Any]], list[Any]], values: dict[str, Any]) -> list:
    """What a widget shows for ``values``: ``compute(values)``, or a message for an error.

    A :class:`ValueError` (such as :class:`~discourse.CorpusError`: an empty or impossible
    selection) is shown as a warning with its text, any other exception as an error
    naming its type; nothing is raised.
    """
    try:
        return compute(values)
    except ValueError as exc:  # CorpusError is a ValueError too
        return [message_html(_sentence(str(exc)), kind="warning")]
    except Exception as exc:  # noqa: BLE001 - show, never hide, unexpected errors
        return [
            message_html(
                f"this view could not be computed ({type(exc).__name__}: {_sentence(str(exc))}); "
                "change the last control back, or report it with these settings",
                kind="error",
            )
        ]


def _sentence(message: str) -> str:
    """An error message without internal argument dicts (``{'by': ..., ...}``)."""
    return re.sub(r"\s*\{[^{}]*:[^{}]*\}", " (the current settings)", message)


class AnalysisWidget(w.VBox):
    """Controls above an output area; ``compute(values)`` returns what to show.

    Parameters
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        Named controls; their ``.value`` s are passed to ``compute`` as a dict.
    compute : callable
        ``compute(values: dict) -> list`` of things to display: ``str`` (HTML),
        :class:`~discourse.widgets.render.Tables`, ``pandas.DataFrame`` (a table) or
        ``matplotlib.figure.Figure`` (shown as SVG). Raising :class:`ValueError` (or a
        subclass such as :class:`~discourse.CorpusError`) shows its message instead.
    kind : str
        Adds the CSS class ``discourse-<kind>`` (next to ``discourse-widget``).
    title : str
    on_change : callable, optional
        ``on_change(name)`` runs before recomputing when control ``name`` changed, to
        update other controls (e.g. the target choices after the grouping changed).
    per_row : int
        Controls per row.

    background : bool, optional
        Compute control changes in a worker thread (default: when running in a Jupyter
        kernel); ``False`` computes each change at once, in order.

    Attributes
    ----------
    last_items : list
        What the last refresh showed (tables, figures, HTML strings).
    last_seconds : float
        Duration of the last refresh (compute + render).
    delay : float
        Seconds to wait before each update computes (0; set it to see the busy state of a
        slow update, e.g. in the browser tests).
    downloads : ipywidgets.HTML
        "Download table (CSV/XLSX)" and "Download figure (PNG/SVG)" links of what is shown,
        made after each update in a kernel (:meth:`download_links` outside one).
    """

    delay: float = 0.0

    def __init__(
        self,
        controls: dict[str, w.Widget],
        compute: Callable[[dict[str, Any]], list[Any]],
        *,
        kind: str = "analysis",
        title: str = "",
        on_change: Callable[[str], None] | None = None,
        per_row: int = 4,
        background: bool | None = None,
    ) -> None:
        self.controls = controls
        self.compute = compute
        self.on_change = on_change
        self.out = w.Output(layout=w.Layout(min_height="120px"))
        self.out.add_class("discourse-output")
        self.status = w.HTML()
        self.downloads = w.HTML()
        self.downloads.add_class("discourse-download-links")
        self.kind = kind
        self.background = in_kernel() if background is None else background
        self.last_items: list[Any] = []
        self.last_seconds: float | None = None
        self._hold = threading.local()  # changes made by this thread's own code
        self._generation = 0  # bumped by every control change: newer wins
        self._lock = _COMPUTING  # one computation at a time (pyplot is not thread-safe)
        self._idle = threading.Event()
        self._idle.set()
        self._names = {id(c): name for name, c in controls.items()}
        self.limits = declared_limits(controls)
        header = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        rows = control_rows(list(controls.values()), per_row)
        super().__init__(children=[*header, *rows, self.status, self.out, self.downloads])
        self.add_class("discourse-widget")
        self.add_class(f"discourse-{kind}")
        for control in controls.values():
            control.observe(self._on_change, names="value")
        for name in self.limits:
            controls[name].observe(self._restore_limits, names=["min", "max"])
        items = self.refresh()
        if self.background:  # the download links follow the first result
            threading.Thread(
                target=self._show_downloads, args=(items, self._generation), daemon=True
            ).start()

    @property
    def values(self) -> dict[str, Any]:
        return values_of(self.controls)

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Change controls inside this block without triggering a refresh per change
        (changes made by other threads, such as the page's, still do)."""
        self._hold.n = getattr(self._hold, "n", 0) + 1
        try:
            yield
        finally:
            self._hold.n -= 1

    @property
    def _holding(self) -> int:
        return getattr(self._hold, "n", 0)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the last requested update is shown; ``False`` after ``timeout``."""
        return self._idle.wait(timeout)

    def set_options(self, name: str, options: Sequence[Any], keep: Any = None) -> None:
        """Replace the options of dropdown ``name``; keep ``keep`` selected if offered."""
        control = self.controls[name]
        with self.holding():
            set_options(control, options, keep)

    def _restore_limits(self, change: dict) -> None:
        """Put back a control's declared ``min``/``max`` (changed by a page or by code)."""
        name = self._names.get(id(change["owner"]), "")
        declared = self.limits[name][0 if change["name"] == "min" else 1]
        if change["new"] != declared:
            with self.holding():
                setattr(change["owner"], change["name"], declared)

    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        name = self._names.get(id(change["owner"]), "")
        with self.holding():
            if self.on_change is not None:
                self.on_change(name)
        self.request()

    def request(self) -> None:
        """Show the busy state and update for the controls' values: now, or in a worker
        thread (``background``), superseding any pending update."""
        self._generation += 1  # written by the kernel's thread only (control changes)
        generation = self._generation
        self._idle.clear()
        self._busy()
        if not self.background:
            self._run(generation)
            return
        threading.Thread(target=self._run, args=(generation,), daemon=True).start()

    def _busy(self) -> None:
        self.out.add_class("discourse-busy")
        self.downloads.value = ""
        self.status.value = (
            "<style>.discourse-busy{opacity:0.4}</style>"
            '<span class="discourse-status discourse-computing" style="color:#a15c00;'
            'font-size:80%">computing…</span>'
        )

    def _current(self, generation: int) -> bool:
        return generation == self._generation

    def _run(self, generation: int) -> None:
        """One requested update, unless a newer one superseded it."""
        items = None
        with self._lock:
            if self._current(generation) and self.delay:
                time.sleep(self.delay)
            if self._current(generation):
                items = self.refresh(generation=generation)
        if items is not None and self.background and self._current(generation):
            self._show_downloads(items, generation)  # after the result, outside the lock
        if self._current(generation):
            self._idle.set()

    def _show_downloads(self, items: list[Any], generation: int | None) -> str:
        try:
            links = downloads_html(items, self.kind)
        except Exception as exc:  # noqa: BLE001 - the result stays shown without links
            links = message_html(f"no download: {exc}", kind="warning")
        if generation is None or self._current(generation):
            self.downloads.value = links
        return links

    def download_links(self) -> str:
        """Make the download links of what is shown now (in a kernel they follow each
        update by themselves; a widget outside one makes them when asked)."""
        return self._show_downloads(self.last_items, None)

    def _compute_checked(self, values: dict[str, Any]) -> list[Any]:
        """``compute`` of the values clamped to the declared ranges (never a page's)."""
        return self.compute(checked_values(self.controls, values, self.limits))

    def refresh(self, *, generation: int | None = None) -> list[Any]:
        """Recompute from the current control values and redraw; returns what was
        computed. With ``generation`` (an update of :meth:`request`) nothing is shown
        when a newer control change came in while computing."""
        start = time.perf_counter()
        with self.holding():  # compute may update dependent controls (term, collocate)
            items = shown_items(self._compute_checked, self.values)
        try:
            outputs = tuple(bundle(item) for item in items)
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be drawn
            items = [message_html(f"{type(exc).__name__}: {exc}", kind="error")]
            outputs = (bundle(items[0]),)
        if generation is not None and not self._current(generation):
            return items  # superseded: the newer update shows its own
        self.last_items = items
        self.out.outputs = outputs
        self.out.remove_class("discourse-busy")
        self.last_seconds = time.perf_counter() - start
        self.status.value = (
            f'<span class="discourse-status" style="color:#777;font-size:80%">updated in '
            f"{self.last_seconds * 1000:.0f} ms</span>"
        )
        if self.background:  # made by the worker after this (figure PNG: ~0.3 s)
            self.downloads.value = (
                '<span class="discourse-downloads-pending" style="font-size:80%;color:#777">'
                "preparing downloads…</span>"
            )
        return items


def in_kernel() -> bool:
    """True when running in a Jupyter kernel (JupyterLab, Voilà), where the page keeps
    sending control changes while an update computes."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None
