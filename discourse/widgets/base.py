"""Interactive front-ends: thin ipywidgets layers over the analysis functions.

Each ``<analysis>_widget(tokens, **defaults)`` returns an :class:`AnalysisWidget`, a
``VBox`` of controls above one output area. Every control change calls
:meth:`AnalysisWidget.refresh`, which calls the *same* public functions a notebook would
call (:func:`~discourse.keyness`, :func:`~discourse.collocations`,
:func:`~discourse.kwic`, :func:`~discourse.sentiment` …) and shows their tables and plots.
Bad or empty selections are shown as a message inside the widget, never as a traceback.
:func:`dashboard` puts the three widgets in tabs (the Voilà app).

Work that does not depend on a control (token subsets, lemma suggestions) is done once
per widget; results are kept in a small per-widget cache keyed on the controls they
depend on, so changing only the KWIC term, or going back to an earlier setting, costs
milliseconds. Figures are sent to the browser as SVG with real text (``svg.fonttype:
none``), 3-5 times faster than PNG; ``refresh()`` is also the in-process update path the
benchmarks time (``last_seconds``).

DOM contract (the browser test relies on it): the root has the CSS classes
``discourse-widget`` and ``discourse-<analysis>``, the output area ``discourse-output``,
every control a visible lower-case ``description``, every result table
``<table class="discourse-table …">``, and the status line reads "updated in N ms".
"""

from __future__ import annotations

import contextlib
import html
import io
import re
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from discourse.analysis.collocations import COLLOCATION_MEASURES, collocations
from discourse.analysis.dictionary import glob_escape
from discourse.analysis.keyness import CORRECTIONS, MEASURES, keyness
from discourse.analysis.kwic import kwic, kwic_html
from discourse.analysis.lexicon import list_lexicons
from discourse.analysis.sentiment import NEGATION_MODES, sentiment, summarise_sentiment
from discourse.provenance import provenance
from discourse.viz.plots import (
    plot_collocation_network,
    plot_keyness,
    plot_sentiment,
    sentiment_html,
)

try:
    import ipywidgets as w
except ImportError as exc:  # pragma: no cover - ipywidgets is a core dependency
    raise ImportError(
        "discourse.widgets needs ipywidgets; install the package with its dependencies: "
        "pip install -e ."
    ) from exc

__all__ = [
    "AnalysisWidget",
    "Tables",
    "collocations_widget",
    "dashboard",
    "keyness_widget",
    "message_html",
    "sentiment_widget",
]

#: Metadata columns offered as groupings (when present with at least two values).
GROUP_COLUMNS = ("period", "cabinet", "minister", "doc_type", "speaker", "role", "doc_id")
#: POS filter choices: label -> UPOS tags (``None`` = no filter).
POS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "content words": ("NOUN", "PROPN", "ADJ", "VERB"),
    "nouns": ("NOUN", "PROPN"),
    "adjectives": ("ADJ",),
    "verbs": ("VERB",),
    "adverbs": ("ADV",),
}
ALL = "all"  #: role choice meaning "no role filter"
NONE = "none"  #: grouping choice meaning "no grouping"
REST = "all other groups"  #: reference choice meaning "every group but the target"
#: Collocation node used by default when it occurs (the corpus' focus: NL–US relations).
DEFAULT_NODE = "VS, Verenigde Staten, Amerika"
#: Columns of the keyness table shown (the same for every measure), rounded for reading.
#: Columns of the keyness widget's table (AntConc-like: frequencies, the test, an effect
#: size, dispersion); the ranking measure is added when it is another one. ``keyness()``
#: returns every measure.
KEYNESS_COLUMNS = [
    "term",
    "direction",
    "freq_target",
    "freq_reference",
    "norm_target",
    "norm_reference",
    "log_likelihood",
    "p_adjusted",
    "significant",
    "log_ratio",
    "dp_target",
]


def keyness_columns(measure: str) -> list[str]:
    """The keyness widget's table columns when ranking by ``measure``."""
    if measure in KEYNESS_COLUMNS:
        return list(KEYNESS_COLUMNS)
    at = KEYNESS_COLUMNS.index("log_ratio") + 1
    return [*KEYNESS_COLUMNS[:at], measure, *KEYNESS_COLUMNS[at:]]


KWIC_LINES = 25  #: KWIC lines shown (the heading gives the total)
STYLE = {"description_width": "initial"}
_PLOTTABLE = ("log_ratio", "log_likelihood", "ll_2term", "log_odds_z", "perc_diff")


# --- rendering -------------------------------------------------------------------------------


def message_html(text: str, *, kind: str = "info") -> str:
    """A boxed message for empty or impossible selections (``kind``: info/warning/error)."""
    colour = {"info": "#31708f", "warning": "#8a6d3b", "error": "#a94442"}[kind]
    return (
        f'<div class="discourse-message discourse-{kind}" style="border-left:4px solid {colour};'
        f'padding:4px 8px;color:{colour}">{html.escape(text)}</div>'
    )


@dataclass
class Tables:
    """Result tables shown side by side (one per group), with one provenance caption."""

    frames: dict[str, pd.DataFrame]
    caption: str = ""
    kind: str = "result"
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)


def table_html(df: pd.DataFrame, *, kind: str = "result", formats=None) -> str:
    """``df`` as ``<table class="discourse-table <kind>-table">`` (escaped, no index)."""
    body = df.to_html(
        index=False,
        border=0,
        escape=True,
        na_rep="–",
        formatters=formats or None,
        float_format=lambda x: f"{x:g}",
    )
    cell = 'style="padding:2px 8px;text-align:right"'
    body = body.replace("<td>", f"<td {cell}>").replace("<th>", f"<th {cell}>")
    body = re.sub(
        r"^<table[^>]*>",
        f'<table class="discourse-table {kind}-table" style="border-collapse:collapse;'
        'font-size:85%">',
        body,
        count=1,
    )
    return body


def _tables_html(t: Tables) -> str:
    cells = "".join(
        f'<div style="margin:0 18px 8px 0;max-width:100%;overflow-x:auto">'
        f"<div><b>{html.escape(title)}</b></div>"
        + (
            table_html(df, kind=t.kind, formats=t.formats)
            if not df.empty
            else '<div class="discourse-empty" style="color:#777;font-style:italic">'
            "nothing passes the current settings in this group</div>"
        )
        + "</div>"
        for title, df in t.frames.items()
    )
    caption = f'<div style="font-size:75%;color:#666">{html.escape(t.caption)}</div>'
    caption = caption if t.caption else ""
    return f'<div style="display:flex;flex-wrap:wrap;max-width:100%">{cells}</div>{caption}'


def _note(result: pd.DataFrame) -> str:
    """The provenance line of a result, small and grey, under its table."""
    return f'<div style="font-size:75%;color:#666">{html.escape(provenance(result))}</div>'


def _tag_tables(markup: str, old: str, kind: str) -> str:
    """Give the tables made by kwic_html / sentiment_html the ``discourse-table`` class."""
    return re.sub(
        rf"<table class=[\"']{old}[\"']", f'<table class="discourse-table {kind}"', markup
    )


_SVG: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()


def _last_fitting(n: int, fits: Callable[[int], bool], guess: int) -> int:
    """The largest ``k`` in ``1..n`` with ``k == 1 or fits(k)``, for a monotone ``fits``.

    Galloping search from ``guess``: one or two calls of ``fits`` when the guess is
    right, ``O(log n)`` otherwise.
    """
    k = min(max(guess, 1), n)
    if k == 1 or fits(k):  # lo fits; find the first hi that does not (n + 1: none)
        lo, step = k, 1
        while (hi := lo + step) <= n and fits(hi):
            lo, step = hi, 2 * step
        hi = min(hi, n + 1)
    else:  # hi does not fit; find a lo below it that does (1 always counts)
        hi, step = k, 1
        while (lo := hi - step) > 1 and not fits(lo):
            hi, step = lo, 2 * step
        lo = max(lo, 1)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def _wrapped_text(text: Any) -> str:
    """Matplotlib's text wrapping with a search for each line break.

    ``Text._get_wrapped_text`` measures every word prefix of a line in turn (a long
    provenance caption: ~25 text layouts, 10-40 ms per figure). A prefix only gets
    wider as words are added, so the longest prefix that fits is found by a galloping
    search from a guess (characters × the width per character seen so far), with the
    same measure and width limit: the same lines, in 2-3 layouts per line.
    """
    if not text.get_wrap() or text.get_usetex() or "$" in text.get_text():
        return type(text)._get_wrapped_text(text)  # mathtext: keep matplotlib's own
    limit = text._get_wrap_line_width()
    per_char = 0.55 * text.get_fontsize() * text.get_figure(root=True).dpi / 72  # a guess
    lines: list[str] = []
    for unwrapped in text.get_text().split("\n"):
        words = unwrapped.split(" ")
        while words:
            measured: dict[int, int] = {}

            def fits(i: int, words: list[str] = words, measured: dict = measured) -> bool:
                measured[i] = text._get_rendered_text_width(" ".join(words[:i]))
                return measured[i] <= limit

            ends = np.cumsum([len(word) + 1 for word in words]) - 1  # chars of words[:i+1]
            guess = int(np.searchsorted(ends, limit / per_char, side="right"))
            k = _last_fitting(len(words), fits, guess)
            line = " ".join(words[:k])
            if measured.get(k, 0) > 0 and len(line) > 20:  # learn the width per character
                per_char = measured[k] / len(line)
            lines.append(line)
            words = words[k:]
    return "\n".join(lines)


def _fast_wrap(fig: Figure) -> None:
    """Let the wrapped texts of ``fig`` (plot captions) find line breaks by search."""
    if not hasattr(mpl.text.Text, "_get_wrapped_text"):  # pragma: no cover - other mpl
        return

    def wrapped(text: Any) -> str:
        try:
            return _wrapped_text(text)
        except AttributeError:  # pragma: no cover - private matplotlib API changed
            return type(text)._get_wrapped_text(text)

    texts = [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]  # where captions go
    for text in texts:
        if text.get_wrap():
            text._get_wrapped_text = lambda text=text: wrapped(text)


def figure_svg(fig: Figure) -> str:
    """The figure as SVG with real text (rendered once per figure, then cached).

    Wrapped texts (captions) are broken into lines by :func:`_wrapped_text`:
    the same lines as matplotlib's, several times fewer text layouts.
    """
    if fig not in _SVG:
        _fast_wrap(fig)
        buf = io.StringIO()
        with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "discourse"}):
            fig.savefig(buf, format="svg")  # "tight" would draw twice
        _SVG[fig] = buf.getvalue()
    return _SVG[fig]


def _bundle(item: Any) -> dict[str, Any]:
    """A Jupyter display-data message for one shown item."""
    if isinstance(item, Tables):
        data = {"text/html": _tables_html(item), "text/plain": f"<{len(item.frames)} table(s)>"}
    elif isinstance(item, pd.DataFrame):
        data = {"text/html": table_html(item), "text/plain": item.to_string(max_rows=20)}
    elif isinstance(item, Figure):
        data = {"image/svg+xml": figure_svg(item), "text/plain": repr(item)}
    else:
        data = {"text/html": str(item), "text/plain": re.sub(r"<[^>]+>", "", str(item))[:500]}
    return {"output_type": "display_data", "data": data, "metadata": {}}


# --- the base widget -------------------------------------------------------------------------


class AnalysisWidget(w.VBox):
    """Controls above an output area; ``compute(values)`` returns what to show.

    Parameters
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        Named controls; their ``.value`` s are passed to ``compute`` as a dict.
    compute : callable
        ``compute(values: dict) -> list`` of things to display: ``str`` (HTML),
        :class:`Tables`, ``pandas.DataFrame`` (a table) or ``matplotlib.figure.Figure``
        (shown as SVG). Raising :class:`ValueError` (or a subclass such as
        :class:`~discourse.CorpusError`) shows its message instead.
    kind : str
        Adds the CSS class ``discourse-<kind>`` (next to ``discourse-widget``).
    title : str
    on_change : callable, optional
        ``on_change(name)`` runs before recomputing when control ``name`` changed, to
        update other controls (e.g. the target choices after the grouping changed).
    per_row : int
        Controls per row.

    Attributes
    ----------
    last_items : list
        What the last refresh showed (tables, figures, HTML strings).
    last_seconds : float
        Duration of the last refresh (compute + render).
    """

    def __init__(
        self,
        controls: dict[str, w.Widget],
        compute: Callable[[dict[str, Any]], list[Any]],
        *,
        kind: str = "analysis",
        title: str = "",
        on_change: Callable[[str], None] | None = None,
        per_row: int = 4,
    ) -> None:
        self.controls = controls
        self.compute = compute
        self.on_change = on_change
        self.out = w.Output(layout=w.Layout(min_height="120px"))
        self.out.add_class("discourse-output")
        self.status = w.HTML()
        self.last_items: list[Any] = []
        self.last_seconds: float | None = None
        self._holding = 0
        self._names = {id(c): name for name, c in controls.items()}
        header = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        rows = _control_rows(list(controls.values()), per_row)
        super().__init__(children=[*header, *rows, self.status, self.out])
        self.add_class("discourse-widget")
        self.add_class(f"discourse-{kind}")
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    @contextlib.contextmanager
    def holding(self) -> Iterator[None]:
        """Change controls inside this block without triggering a refresh per change."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def set_options(self, name: str, options: Sequence[Any], keep: Any = None) -> None:
        """Replace the options of dropdown ``name``; keep ``keep`` selected if offered."""
        control = self.controls[name]
        with self.holding():
            _set_options(control, options, keep)

    def _on_change(self, change: dict) -> None:
        if self._holding:
            return
        name = self._names.get(id(change["owner"]), "")
        with self.holding():
            if self.on_change is not None:
                self.on_change(name)
        self.refresh()

    def refresh(self) -> list[Any]:
        """Recompute from the current control values and redraw; returns what was shown."""
        start = time.perf_counter()
        with self.holding():  # compute may update dependent controls (term, collocate)
            try:
                items = self.compute(self.values)
            except ValueError as exc:  # CorpusError is a ValueError too
                items = [message_html(str(exc), kind="warning")]
            except Exception as exc:  # noqa: BLE001 - show, never hide, unexpected errors
                items = [message_html(f"{type(exc).__name__}: {exc}", kind="error")]
        try:
            outputs = tuple(_bundle(item) for item in items)
        except Exception as exc:  # noqa: BLE001 - a figure that cannot be drawn
            outputs = (_bundle(message_html(f"{type(exc).__name__}: {exc}", kind="error")),)
        self.last_items = items
        self.out.outputs = outputs
        self.last_seconds = time.perf_counter() - start
        self.status.value = (
            f'<span class="discourse-status" style="color:#777;font-size:80%">updated in '
            f"{self.last_seconds * 1000:.0f} ms</span>"
        )
        return items


def _control_rows(controls: list[w.Widget], per_row: int = 4) -> list[w.Widget]:
    return [w.HBox(controls[i : i + per_row]) for i in range(0, len(controls), per_row)]


def _set_options(control: w.Widget, options: Sequence[Any], keep: Any = None) -> None:
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if list(control.options) != list(options):
        control.options = list(options)
    if keep is not None and keep in values:
        control.value = keep
    elif values and control.value is None:
        control.value = values[0]


# --- controls and validation -----------------------------------------------------------------


def _layout(width: str) -> w.Layout:
    return w.Layout(width=width, margin="2px 12px 2px 0")


def _dropdown(description: str, options: Sequence[Any], value: Any, width: str = "230px"):
    return w.Dropdown(
        options=list(options),
        value=value,
        description=description,
        description_allow_html=False,
        style=STYLE,
        layout=_layout(width),
    )


def _int(description: str, value: int, lo: int, hi: int, *, slider: bool = True):
    cls = w.IntSlider if slider else w.BoundedIntText
    extra = {"continuous_update": False} if slider else {}
    return cls(
        value=value,
        min=lo,
        max=hi,
        description=description,
        description_allow_html=False,
        style=STYLE,
        layout=_layout("260px" if slider else "150px"),
        **extra,
    )


def _text(cls, description: str, value: str, placeholder: str, width: str = "380px", **kw):
    return cls(
        value=value,
        placeholder=placeholder,
        description=description,
        continuous_update=False,
        description_allow_html=False,
        style=STYLE,
        layout=_layout(width),
        **kw,
    )


def _invalid(field_name: str, value: Any, allowed: Sequence[Any]) -> ValueError:
    shown = ", ".join(map(repr, allowed))
    return ValueError(f"{field_name}={value!r} is not valid; choose one of: {shown}")


def _choose(field_name: str, value: Any, allowed: Sequence[Any]) -> Any:
    """``value`` if it is one of ``allowed`` (compared as text too), else a clear error."""
    for option in allowed:
        if value == option or str(value) == str(option):
            return option
    raise _invalid(field_name, value, allowed)


def _group_columns(tokens: pd.DataFrame, *, optional: bool = False) -> list[str]:
    if not isinstance(tokens, pd.DataFrame):
        raise ValueError(f"tokens must be a token table (DataFrame), got {type(tokens).__name__}")
    found = [c for c in GROUP_COLUMNS if c in tokens and tokens[c].nunique(dropna=True) >= 2]
    if not found and not optional:
        raise ValueError(
            f"the token table has no grouping column with two or more values; "
            f"expected one of: {', '.join(GROUP_COLUMNS)}"
        )
    return ([NONE] if optional else []) + found


def _groups(tokens: pd.DataFrame, by: str) -> list[str]:
    col = tokens[by]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.dropna().unique())
        groups = [str(c) for c in col.cat.categories if c in present]
    else:
        groups = sorted({str(v) for v in col.dropna().unique()})
    return [g for g in groups if g.strip()]  # an empty label cannot be chosen in a dropdown


def _role_control(tokens: pd.DataFrame, first: str) -> w.Dropdown:
    """Role filter: ``first`` (if present), "all", government, parliament, other roles."""
    present = [] if "role" not in tokens else sorted(map(str, tokens["role"].dropna().unique()))
    order = [first, *(r for r in (ALL, "government", "parliament") if r != first)]
    options = [r for r in order if r == ALL or r in present]
    options += [r for r in present if r not in options]
    return _dropdown("role", options, options[0], "200px")


def _pos_label(value: Any) -> str:
    """Map a ``pos=`` default (label, tag, list of tags or None) to a POS_FILTERS label."""
    if value is None:
        return "all"
    if isinstance(value, str) and value in POS_FILTERS:
        return value
    tags = (value,) if isinstance(value, str) else tuple(value)
    for label, preset in POS_FILTERS.items():
        if preset is not None and set(preset) == set(tags):
            return label
    raise _invalid("pos", value, list(POS_FILTERS))


def _apply_defaults(
    widget: str, controls: dict[str, w.Widget], defaults: dict[str, Any], hook=None
) -> None:
    """Set controls from ``**defaults``; unknown names or values raise a ValueError."""
    unknown = [k for k in defaults if k not in controls]
    if unknown:
        raise ValueError(
            f"{widget}() has no control {unknown[0]!r}; controls: {', '.join(controls)}"
        )
    for name, value in defaults.items():  # dict order: put "by" first
        control = controls[name]
        if isinstance(control, w.Dropdown):
            values = [o[1] if isinstance(o, tuple) else o for o in control.options]
            control.value = _choose(name, value, values)
        elif isinstance(control, (w.IntSlider, w.BoundedIntText)):
            if not isinstance(value, (int, np.integer)) or not control.min <= value <= control.max:
                raise ValueError(
                    f"{name}={value!r} is not valid; choose an integer from {control.min} "
                    f"to {control.max}"
                )
            control.value = int(value)
        elif isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value)
        ):
            control.value = value if isinstance(value, str) else ", ".join(value)
        else:
            raise ValueError(
                f"{name}={value!r} is not valid; give terms as text separated by commas, "
                "or as a list of strings"
            )
        if hook is not None:
            hook(name)


def _defaults_first(defaults: dict[str, Any], *first: str) -> dict[str, Any]:
    return {k: defaults[k] for k in (*first, *defaults) if k in defaults}


class _LRU:
    """A small least-recently-used cache of computed parts, keyed on control values."""

    def __init__(self, size: int = 24) -> None:
        self.size, self.data = size, OrderedDict()

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        if key in self.data:
            self.data.move_to_end(key)
            return self.data[key]
        value = self.data[key] = make()
        while len(self.data) > self.size:
            self.data.popitem(last=False)
        return value


def _figure(ax_or_axes: Any) -> Figure:
    """The figure of a plot function's Axes, detached from pyplot (never auto-shown)."""
    ax = np.ravel(np.asarray(ax_or_axes, dtype=object))[0]
    plt.close(ax.figure)
    return ax.figure


def _split_terms(text: str) -> list[str]:
    return [t.strip() for t in str(text).split(",") if t.strip()]


def _role_arg(role: str) -> str | None:
    return None if role == ALL else role


def _str_codes(col: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of ``col`` and, per code, its value as ``astype(str)`` gives it.

    ``names[codes]`` equals ``col.astype(str)`` (missing values included), without
    turning every row into a string (a categorical column is not even scanned).
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    return codes, pd.Index(uniques).astype(str)


# --- keyness ---------------------------------------------------------------------------------


def keyness_widget(tokens: pd.DataFrame, **defaults: Any) -> AnalysisWidget:
    """Key terms of one group against the others, with a plot and KWIC lines per term.

    Controls (all optional as keyword defaults): ``by`` (grouping column), ``target``,
    ``reference`` (a group, or ``None`` / "all other groups"), ``unit`` (lemma, lower,
    text, bigram), ``pos`` ("all", "content words", "nouns"… or a list of UPOS tags),
    ``measure`` (sorting, :data:`discourse.analysis.keyness.MEASURES`), ``min_freq``, ``alpha``,
    ``correction``, ``top`` (terms per direction), ``role`` ("government", "all",
    "parliament") and ``term`` (the term whose KWIC lines are shown). Each refresh calls
    :func:`discourse.keyness`, :func:`discourse.plot_keyness`, :func:`discourse.kwic` and
    :func:`discourse.kwic_html`.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).
    **defaults
        Initial control values.

    Returns
    -------
    AnalysisWidget

    Raises
    ------
    ValueError
        An unknown control, grouping column, group or value in ``defaults`` (the message
        names the field and the allowed values).

    Examples
    --------
    >>> keyness_widget(toks, by="period", target="Veldkamp", pos="nouns")  # doctest: +SKIP
    """
    groupings = _group_columns(tokens)
    by = _choose(
        "by", defaults.get("by", "period" if "period" in groupings else groupings[0]), groupings
    )
    groups = _groups(tokens, by)
    if defaults.get("reference", REST) is None:
        defaults["reference"] = REST
    if "pos" in defaults:
        defaults["pos"] = _pos_label(defaults["pos"])
    if "role" in defaults and defaults["role"] is None:
        defaults["role"] = ALL
    c = {
        "by": _dropdown("group by", groupings, by),
        "target": _dropdown("target", groups, groups[-1], "270px"),
        "reference": _dropdown("reference", [REST, *groups], REST, "290px"),
        "unit": _dropdown("unit", ["lemma", "lower", "text", "bigram"], "lemma", "150px"),
        "pos": _dropdown("pos", list(POS_FILTERS), "content words", "200px"),
        "measure": _dropdown("measure", MEASURES, "log_likelihood", "230px"),
        "min_freq": _int("min freq", 3, 1, 100_000, slider=False),
        "alpha": _dropdown("alpha", [0.1, 0.05, 0.01, 0.001, 0.0001], 0.05, "150px"),
        "correction": _dropdown("correction", CORRECTIONS, "bh", "190px"),
        "top": _int("top", 10, 3, 50),
        "role": _role_control(tokens, "government"),
        "term": _dropdown("term", [], None, "300px"),
    }
    if "alpha" in defaults and defaults["alpha"] not in c["alpha"].options:
        alpha = defaults["alpha"]
        if not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
            raise ValueError(f"alpha={alpha!r} is not valid; choose a number between 0 and 1")
        c["alpha"].options = sorted({*c["alpha"].options, float(alpha)}, reverse=True)
    term_default = defaults.pop("term", None)

    def on_change(name: str) -> None:
        if name == "by":
            groups = _groups(tokens, c["by"].value)
            keep = c["target"].value if c["target"].value in groups else groups[-1]
            _set_options(c["target"], groups, keep=keep)
            _set_options(c["reference"], [REST, *groups], keep=c["reference"].value)

    _apply_defaults("keyness_widget", c, _defaults_first(defaults, "by"), on_change)
    main, lines, subsets, columns = _LRU(), _LRU(), _LRU(8), _LRU(8)

    def rows_in(col: str, values: Sequence[str]) -> np.ndarray:
        """``tokens[col].astype(str).isin(values)``, from codes computed once per column."""
        codes, names = columns.get(col, lambda: _str_codes(tokens[col]))
        return np.isin(codes, np.flatnonzero(names.isin(values)))

    def subset(by: str, groups: tuple[str, ...], role: str) -> pd.DataFrame:
        def make() -> pd.DataFrame:
            keep = rows_in(by, groups)
            if role != ALL:
                keep &= rows_in("role", [role])
            return tokens[keep]

        return subsets.get((by, groups, role), make)

    def analyse(v: dict[str, Any]) -> tuple[str, Tables, Figure, list[str]]:
        if v["target"] == v["reference"]:
            raise ValueError(
                f"target and reference are both {v['target']!r}; choose another reference "
                f"(or {REST!r})"
            )
        result = keyness(
            tokens,
            by=v["by"],
            target=v["target"],
            reference=None if v["reference"] == REST else v["reference"],
            unit=v["unit"],
            pos=POS_FILTERS[v["pos"]],
            role=_role_arg(v["role"]),
            min_freq=v["min_freq"],
            measure=v["measure"],
            correction=v["correction"],
            alpha=v["alpha"],
        )
        ref = "the other groups" if v["reference"] == REST else repr(v["reference"])
        if result.empty:
            raise ValueError(
                f"no term occurs at least {v['min_freq']} times in {v['target']!r} and {ref} "
                f"together (unit {v['unit']}, pos {v['pos']}, role {v['role']}); lower min freq"
            )
        shown = pd.concat(
            [result[result["direction"] == d].head(v["top"]) for d in ("target", "reference")]
        )
        columns = keyness_columns(v["measure"])
        table = shown[columns].reset_index(drop=True)
        table["direction"] = table["direction"].astype(str)
        table = table.round({c: 2 for c in columns[4:] if c != "p_adjusted"})
        n_sig = int(result["significant"].sum())
        head = (
            f"<b>{html.escape(v['target'])}</b> vs {html.escape(ref)}: {len(result)} terms "
            f"tested (≥ {v['min_freq']}), {n_sig} significant at adjusted p ≤ {v['alpha']} "
            f"({v['correction']}); top {v['top']} per direction by {v['measure']}"
        )
        tables = Tables(
            {f"key terms of {v['target']} (red) and of {ref} (blue)": table},
            caption=provenance(result),
            kind="keyness",
            formats={"p_adjusted": lambda p: f"{p:.2g}"},
        )
        measure = v["measure"] if v["measure"] in _PLOTTABLE else "log_ratio"
        fig = _figure(plot_keyness(result, top=v["top"], measure=measure))
        return head, tables, fig, list(table["term"])

    def concordance(v: dict[str, Any], term: str, row: pd.Series) -> str:
        unit = {"bigram": "lower"}.get(v["unit"], v["unit"])
        query = " ".join(re.escape(p) for p in term.split())
        where = (v["target"],)
        if row["freq_target"] == 0:  # key for the reference only: read it there
            others = [g for g in c["target"].options if g != v["target"]]
            where = tuple(others if v["reference"] == REST else [v["reference"]])
        sub = subset(v["by"], where, v["role"])
        lines_ = kwic(
            sub,
            query,
            window=10,
            unit=unit,
            regex=True,
            case_insensitive=v["unit"] != "text",
            by=v["by"],
        )
        title = (
            f"<h4>KWIC: <i>{html.escape(term)}</i> in {html.escape(', '.join(where))}, role "
            f"{html.escape(v['role'])} ({len(lines_)} line{'s' * (len(lines_) != 1)})</h4>"
        )
        if lines_.empty:
            return title + message_html(f"no occurrence of {term!r} in {', '.join(where)}")
        markup = kwic_html(lines_, max_rows=KWIC_LINES, info=("doc_id",))
        return title + _tag_tables(markup, "discourse-kwic", "discourse-kwic") + _note(lines_)

    def compute(v: dict[str, Any]) -> list[Any]:
        key = tuple(v[k] for k in c if k != "term")
        head, tables, fig, terms = main.get(key, lambda: analyse(v))
        _set_options(c["term"], terms, keep=v["term"])
        term = c["term"].value
        items: list[Any] = [f"<p>{head}</p>", tables, fig]
        if term is not None:
            row = tables.frames[next(iter(tables.frames))].set_index("term").loc[term]
            where = (v["by"], v["target"], v["reference"], v["role"], v["unit"], term)
            items.append(lines.get(where, lambda: concordance(v, term, row)))
        return items

    widget = AnalysisWidget(c, compute, kind="keyness", on_change=on_change)
    if term_default is not None:
        with widget.holding():
            _apply_defaults("keyness_widget", c, {"term": term_default})
        widget.refresh()
    return widget


# --- collocations ----------------------------------------------------------------------------


def _suggestions(tokens: pd.DataFrame, n: int = 300) -> list[str]:
    """The ``n`` most frequent lemmas that are words (no punctuation, stop words, numbers)."""
    keep = np.ones(len(tokens), dtype=bool)
    for col in ("is_punct", "is_stop"):
        if col in tokens:
            keep &= ~tokens[col].fillna(False).to_numpy(dtype=bool)
    lemmas = tokens.loc[keep, "lemma"].astype(str)
    counts = lemmas[lemmas.str.contains(r"[^\W\d_]", regex=True)].value_counts()
    return list(counts.index[:n])


def _default_node(tokens: pd.DataFrame, suggestions: list[str]) -> str:
    forms = set(tokens["lower"].astype(str).str.lower()) | set(
        tokens["lemma"].astype(str).str.lower()
    )
    present = [t for t in _split_terms(DEFAULT_NODE) if t.split()[0].lower() in forms]
    return ", ".join(present) if present else (suggestions[0] if suggestions else "")


def collocations_widget(tokens: pd.DataFrame, **defaults: Any) -> AnalysisWidget:
    """Collocates of a node per group: side-by-side tables, a network and KWIC lines.

    Controls (all optional as keyword defaults): ``node`` (a term, a phrase, or several
    separated by commas; suggestions are the frequent lemmas), ``left``, ``right``
    (window), ``measure`` (:data:`discourse.analysis.collocations.COLLOCATION_MEASURES`),
    ``min_freq``, ``pos`` (of the collocates), ``by`` (grouping or ``None``), ``top``,
    ``role`` and ``collocate`` (whose KWIC lines, node in context, are shown). Each
    refresh calls :func:`discourse.collocations`, :func:`discourse.plot_collocation_network`,
    :func:`discourse.kwic` and :func:`discourse.kwic_html`.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).
    **defaults
        Initial control values.

    Returns
    -------
    AnalysisWidget

    Raises
    ------
    ValueError
        An unknown control, grouping column or value in ``defaults``.

    Examples
    --------
    >>> collocations_widget(toks, node="VS, Verenigde Staten", by="period")  # doctest: +SKIP
    """
    groupings = _group_columns(tokens, optional=True)
    suggestions = _suggestions(tokens)
    if "by" in defaults and defaults["by"] is None:
        defaults["by"] = NONE
    if "pos" in defaults:
        defaults["pos"] = _pos_label(defaults["pos"])
    if "role" in defaults and defaults["role"] is None:
        defaults["role"] = ALL
    node = defaults.pop("node", None)
    c = {
        "node": _text(
            w.Combobox,
            "node",
            "",
            "word, phrase or several, comma separated",
            options=suggestions,
            ensure_option=False,
        ),
        "left": _int("left", 5, 0, 10),
        "right": _int("right", 5, 0, 10),
        "measure": _dropdown("measure", COLLOCATION_MEASURES, "log_dice", "290px"),
        "min_freq": _int("min freq", 2, 1, 100_000, slider=False),
        "pos": _dropdown("pos", list(POS_FILTERS), "content words", "200px"),
        "by": _dropdown("group by", groupings, "period" if "period" in groupings else NONE),
        "top": _int("top", 10, 3, 30),
        "role": _role_control(tokens, ALL),
        "collocate": _dropdown("collocate", [], None, "300px"),
    }
    c["node"].value = _default_node(tokens, suggestions)
    if node is not None:
        defaults = {"node": node, **defaults}
    collocate_default = defaults.pop("collocate", None)
    _apply_defaults("collocations_widget", c, defaults)
    main, lines, subsets = _LRU(), _LRU(), _LRU(4)

    def subset(role: str) -> pd.DataFrame:
        return subsets.get(
            role,
            lambda: (
                tokens if role == ALL else tokens[(tokens["role"].astype(str) == role).to_numpy()]
            ),
        )

    def analyse(v: dict[str, Any], nodes: list[str]):
        by = None if v["by"] == NONE else v["by"]
        result = collocations(
            tokens,
            nodes,
            window=(v["left"], v["right"]),
            by=by,
            pos=POS_FILTERS[v["pos"]],
            role=_role_arg(v["role"]),
            min_freq=v["min_freq"],
            measure=v["measure"],
            top=v["top"],
        )
        f_node = result.attrs["freq_node"]
        where = f" (role {v['role']})" if v["role"] != ALL else ""
        if sum(f_node.values()) == 0:
            raise ValueError(
                f"the node {', '.join(map(repr, nodes))} does not occur in the corpus{where}; "
                "try a suggestion from the list (frequent lemmas)"
            )
        if result.empty:
            raise ValueError(
                f"no collocate of {', '.join(nodes)} occurs at least {v['min_freq']} times in "
                f"the window L{v['left']}/R{v['right']} (pos {v['pos']}{where}); lower min freq"
            )
        cols = ["collocate", "o", "freq_collocate", v["measure"]]
        frames = {}
        for label in f_node:
            part = result if by is None else result[result[by].astype(str) == label]
            frames[f"{label} (node n={f_node[label]})"] = part[cols].round(2).reset_index(drop=True)
        tables = Tables(frames, caption=provenance(result), kind="collocations")
        fig = _figure(plot_collocation_network(result, measure=v["measure"], top=v["top"]))
        ranked = result.sort_values(v["measure"], ascending=False, kind="stable")
        head = (
            f"Collocates of <b>{html.escape(', '.join(nodes))}</b>, window "
            f"L{v['left']}/R{v['right']}, by {html.escape(v['measure'])}; "
            f"o = co-occurrences, freq_collocate = the collocate's frequency"
        )
        return head, tables, fig, list(dict.fromkeys(ranked["collocate"]))

    def concordance(v: dict[str, Any], nodes: list[str], collocate: str) -> str:
        by = None if v["by"] == NONE else v["by"]
        # lines with the collocate (a lemma of the wanted POS) in the window of the table
        # above, as collocations() counts it (words); at least 8 tokens of context shown
        found = kwic(
            subset(v["role"]),
            nodes,
            window=(max(v["left"], 8), max(v["right"], 8)),
            unit="lemma",
            by=by,
            collocate=glob_escape(collocate),
            collocate_on="lemma",
            collocate_window=(v["left"], v["right"]),
            collocate_pos=POS_FILTERS[v["pos"]],
        )
        at = [  # offsets (-2, -1, 1) → "L1,L2,R1"
            ",".join([f"L{-d}" for d in reversed(o) if d < 0] + [f"R{d}" for d in o if d > 0])
            for o in found["collocate_offsets"]
        ]
        found = found.assign(at=at)
        title = (
            f"<h4>KWIC: {html.escape(', '.join(nodes))} with <i>{html.escape(collocate)}</i> "
            f"in the window L{v['left']}/R{v['right']}, role {html.escape(v['role'])} "
            f"({len(found)} line{'s' * (len(found) != 1)}; at = position of the collocate)</h4>"
        )
        if found.empty:
            return title + message_html(f"no line with {collocate!r} in the window")
        info = ("doc_id", *([by] if by else []), "at")
        markup = kwic_html(found, max_rows=KWIC_LINES, info=info)
        return title + _tag_tables(markup, "discourse-kwic", "discourse-kwic") + _note(found)

    def compute(v: dict[str, Any]) -> list[Any]:
        nodes = _split_terms(v["node"])
        if not nodes:
            raise ValueError("type a node: a word, a phrase, or several separated by commas")
        key = (tuple(nodes), *(v[k] for k in c if k not in ("node", "collocate")))
        head, tables, fig, colls = main.get(key, lambda: analyse(v, nodes))
        _set_options(c["collocate"], colls, keep=v["collocate"])
        coll = c["collocate"].value
        items: list[Any] = [f"<p>{head}</p>", tables, fig]
        if coll is not None:
            where = (tuple(nodes), v["left"], v["right"], v["pos"], v["by"], v["role"], coll)
            items.append(lines.get(where, lambda: concordance(v, nodes, coll)))
        return items

    widget = AnalysisWidget(c, compute, kind="collocations")
    if collocate_default is not None:
        with widget.holding():
            _apply_defaults("collocations_widget", c, {"collocate": collocate_default})
        widget.refresh()
    return widget


# --- sentiment -------------------------------------------------------------------------------


def sentiment_widget(tokens: pd.DataFrame, **defaults: Any) -> AnalysisWidget:
    """Lexicon sentiment per group, with the most positive and negative units highlighted.

    Controls (all optional as keyword defaults): ``level`` (sentence, segment, document),
    ``by`` (grouping or ``None``), ``targets`` (terms, comma separated, e.g. "VS,
    Verenigde Staten, Amerika": only units mentioning one are scored), ``lexicon``
    ("pattern-nl" or a file of ``data/lexicons``), ``role``, ``negation`` and ``top``
    (units shown per direction). Each refresh calls :func:`discourse.sentiment`,
    :func:`discourse.summarise_sentiment`, :func:`discourse.plot_sentiment` and
    :func:`discourse.sentiment_html`.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).
    **defaults
        Initial control values.

    Returns
    -------
    AnalysisWidget

    Raises
    ------
    ValueError
        An unknown control, grouping column, lexicon or value in ``defaults``.

    Examples
    --------
    >>> sentiment_widget(toks, targets="VS, Verenigde Staten, Amerika")  # doctest: +SKIP
    """
    groupings = _group_columns(tokens, optional=True)
    if "by" in defaults and defaults["by"] is None:
        defaults["by"] = NONE
    if "role" in defaults and defaults["role"] is None:
        defaults["role"] = ALL
    if defaults.get("targets", "") is None:
        defaults["targets"] = ""
    c = {
        "level": _dropdown("level", ["sentence", "segment", "document"], "sentence", "190px"),
        "by": _dropdown("group by", groupings, "period" if "period" in groupings else NONE),
        "targets": _text(w.Text, "targets", "", "e.g. VS, Verenigde Staten, Amerika"),
        "lexicon": _dropdown("lexicon", list_lexicons(), "pattern-nl", "220px"),
        "role": _role_control(tokens, ALL),
        "negation": _dropdown("negation", NEGATION_MODES, "clause", "190px"),
        "top": _int("top", 5, 1, 30),
    }
    _apply_defaults("sentiment_widget", c, defaults)
    scored, drawn = _LRU(12), _LRU()

    def score(v: dict[str, Any], targets: list[str]) -> pd.DataFrame:
        return sentiment(
            tokens,
            level=v["level"],
            target=targets or None,
            lexicon=v["lexicon"],
            negation=v["negation"],
            role=_role_arg(v["role"]),
        )

    def summarise(v: dict[str, Any], result: pd.DataFrame) -> tuple[Tables, Figure]:
        by = [] if v["by"] == NONE else [v["by"]]
        if by and by[0] not in result:
            raise ValueError(
                f"group by {by[0]!r} is not available at level {v['level']!r} (it varies "
                "within a unit); choose a finer level or another grouping"
            )
        summary = summarise_sentiment(result, by=by)
        table = summary.assign(**{c_: summary[c_].astype(str) for c_ in by}).round(3)
        tables = Tables(
            {"mean polarity per group (bootstrap CI)": table},
            caption=provenance(summary),
            kind="sentiment",
        )
        if not by:  # plot_sentiment reads by=[] as "the default grouping": one group instead
            result, by = result.assign(corpus="all units"), ["corpus"]
        n_groups = result[by[0]].nunique()
        _, ax = plt.subplots(figsize=(10, max(3.8, 1.8 + 0.9 * n_groups)))  # room for titles
        return tables, _figure(plot_sentiment(result, by=by, ax=ax))

    def compute(v: dict[str, Any]) -> list[Any]:
        targets = _split_terms(v["targets"])
        key = (v["level"], tuple(targets), v["lexicon"], v["role"], v["negation"])
        result = scored.get(key, lambda: score(v, targets))
        if result.empty:
            what = f" mentioning {', '.join(map(repr, targets))}" if targets else ""
            raise ValueError(f"no {v['level']}{what} (role {v['role']}); change the targets")
        if not (result["n_hits"] > 0).any():
            raise ValueError(f"no {v['level']} contains a word of lexicon {v['lexicon']!r}")
        tables, fig = drawn.get((*key, v["by"]), lambda: summarise(v, result))
        units = _tag_tables(sentiment_html(result, top=v["top"]), "sentiment", "sentiment")
        units = units.replace("<td>", '<td style="text-align:left">')  # text reads from left
        n_scored = int((result["n_hits"] > 0).sum())
        head = (
            f"{len(result)} {v['level']}s{' mentioning ' if targets else ''}"
            f"{html.escape(', '.join(targets))}, {n_scored} with lexicon words "
            f"({html.escape(v['lexicon'])}, negation {v['negation']})"
        )
        return [f"<p>{head}</p>", tables, fig, units]

    return AnalysisWidget(c, compute, kind="sentiment")


# --- dashboard -------------------------------------------------------------------------------


def dashboard(tokens: pd.DataFrame) -> w.Tab:
    """The three widgets in tabs "Keyness", "Collocations", "Sentiment" (the Voilà app).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).

    Returns
    -------
    ipywidgets.Tab
        With the CSS class ``discourse-dashboard``.
    """
    tab = w.Tab(
        children=[keyness_widget(tokens), collocations_widget(tokens), sentiment_widget(tokens)]
    )
    tab.titles = ("Keyness", "Collocations", "Sentiment")
    tab.add_class("discourse-dashboard")
    return tab
