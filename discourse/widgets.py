"""Interactive front-ends: thin ipywidgets layers over the analysis functions.

Each ``<analysis>_widget(tokens)`` returns an :class:`AnalysisWidget`, a ``VBox`` of
controls above an output area. Every control change calls :meth:`AnalysisWidget.refresh`,
which calls the *same* public function a notebook would call (``keyness``,
``collocations``, ``sentiment`` …) and renders its table and plot. Bad or empty selections
are shown as a message inside the widget, never as a traceback in the log.

``refresh()`` is also the in-process update path the benchmarks time.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

try:
    import ipywidgets as w
    from IPython.display import HTML, display
except ImportError as exc:  # pragma: no cover - ipywidgets is a core dependency
    raise ImportError(
        "discourse.widgets needs ipywidgets; install the package with its dependencies: "
        "pip install -e ."
    ) from exc

__all__ = ["AnalysisWidget", "message_html"]


def message_html(text: str, *, kind: str = "info") -> str:
    """A boxed message for empty or impossible selections."""
    colour = {"info": "#31708f", "warning": "#8a6d3b", "error": "#a94442"}[kind]
    return (
        f'<div class="discourse-message discourse-{kind}" style="border-left:4px solid {colour};'
        f'padding:4px 8px;color:{colour}">{html.escape(text)}</div>'
    )


class AnalysisWidget(w.VBox):
    """Controls + output area; ``compute(values) -> (result, renderables)`` does the work.

    Parameters
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        Named controls; their ``.value`` s are passed to ``compute`` as a dict.
    compute : callable
        ``compute(values: dict) -> list`` of things to display: ``str`` (HTML),
        ``pandas.DataFrame`` (rendered as HTML) or ``matplotlib.figure.Figure``.
        Raising :class:`ValueError` (or a subclass) shows its message instead.
    title : str
    """

    def __init__(
        self,
        controls: dict[str, w.Widget],
        compute: Callable[[dict[str, Any]], list[Any]],
        *,
        title: str = "",
        extra: list[w.Widget] | None = None,
    ) -> None:
        self.controls = controls
        self.compute = compute
        self.out = w.Output(layout=w.Layout(min_height="120px"))
        self.status = w.HTML()
        self.last_items: list[Any] = []
        self.last_seconds: float | None = None
        header = [w.HTML(f"<b>{html.escape(title)}</b>")] if title else []
        boxes = _control_rows(list(controls.values()))
        super().__init__(children=[*header, *boxes, self.status, *(extra or []), self.out])
        for control in controls.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> list[Any]:
        """Recompute from the current control values and redraw; returns what was shown."""
        start = time.perf_counter()
        try:
            items = self.compute(self.values)
        except ValueError as exc:  # CorpusError is a ValueError too
            items = [message_html(str(exc), kind="warning")]
        except Exception as exc:  # noqa: BLE001 - show, never hide, unexpected errors
            items = [message_html(f"{type(exc).__name__}: {exc}", kind="error")]
        self.last_items = items
        self.out.clear_output(wait=True)
        with self.out:
            for item in items:
                if isinstance(item, str):
                    display(HTML(item))
                elif isinstance(item, pd.DataFrame):
                    display(HTML(item.to_html(index=False, float_format=lambda x: f"{x:.3g}")))
                elif isinstance(item, plt.Figure):
                    display(item)
                    plt.close(item)
                else:
                    display(item)
        self.last_seconds = time.perf_counter() - start
        self.status.value = (
            f'<span style="color:#777;font-size:80%">updated in {self.last_seconds * 1000:.0f} ms'
            "</span>"
        )
        return items


def _control_rows(controls: list[w.Widget], per_row: int = 3) -> list[w.Widget]:
    return [w.HBox(controls[i : i + per_row]) for i in range(0, len(controls), per_row)]
