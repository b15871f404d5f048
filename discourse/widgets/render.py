"""What the widgets show, as HTML and SVG: tables, messages, provenance notes, figures.

* :func:`message_html` — a boxed message (empty or impossible selections, errors);
* :class:`Tables` and :func:`table_html` — result tables side by side, with a caption;
* :func:`figure_svg` — a figure as SVG with real text, its wrapped captions broken into
  lines by a search (:func:`wrapped_text`), several times fewer text layouts than
  matplotlib's own word-by-word wrapping, the same lines;
* :func:`bundle` — one shown item as a Jupyter display-data message;
* :func:`downloads_html` — "Download table (CSV/XLSX)" and "Download figure (PNG/SVG)"
  links of the shown items (``data:`` URIs with a ``download`` file name: plain HTML
  that JupyterLab and Voilà save as a file; the table files carry the provenance,
  :func:`discourse.export`).

Nothing here reads a control: every function takes plain values and returns markup.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.backends import backend_svg
from matplotlib.figure import Figure

from discourse.analysis.export import export_bytes
from discourse.provenance import provenance

__all__ = [
    "Lines",
    "Tables",
    "downloads_html",
    "figure_svg",
    "kwic_box",
    "message_html",
    "table_html",
]

KWIC_LINES = 25  #: KWIC lines shown (the heading gives the total)


def message_html(text: str, *, kind: str = "info") -> str:
    """A boxed message for empty or impossible selections (``kind``: info/warning/error)."""
    colour = {"info": "#31708f", "warning": "#8a6d3b", "error": "#a94442"}[kind]
    return (
        f'<div class="discourse-message discourse-{kind}" style="border-left:4px solid {colour};'
        f'padding:4px 8px;color:{colour}">{html.escape(text)}</div>'
    )


@dataclass(eq=False)
class Tables:
    """Result tables shown side by side (one per group), with one provenance caption.

    ``attrs`` is the provenance of the result they show (``result.attrs``): the table
    downloads carry it (:func:`downloads_html`).
    """

    frames: dict[str, pd.DataFrame]
    caption: str = ""
    kind: str = "result"
    formats: dict[str, Callable[[Any], str]] = field(default_factory=dict)
    attrs: dict[str, Any] = field(default_factory=dict)

    def table(self) -> pd.DataFrame:
        """The tables as one, with their ``attrs`` (a column ``table`` names each part
        when there are several)."""
        frames = list(self.frames.items())
        if len(frames) == 1:
            out = frames[0][1].copy()
        else:
            out = pd.concat([df.assign(table=title) for title, df in frames], ignore_index=True)
            out = out[["table", *[c for c in out.columns if c != "table"]]]
        out.attrs = dict(self.attrs)
        return out


@dataclass(eq=False)
class Lines:
    """Concordance lines shown (``markup``) and the table they come from (``table``, with
    its provenance: the sort, sample and seed are in ``attrs["params"]``)."""

    markup: str
    table: pd.DataFrame


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


def tables_html(t: Tables) -> str:
    """The tables of ``t`` side by side (an empty one says so), its caption below."""
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


def note_html(result: pd.DataFrame) -> str:
    """The provenance line of a result, small and grey, under its table."""
    return f'<div style="font-size:75%;color:#666">{html.escape(provenance(result))}</div>'


def tag_tables(markup: str, old: str, kind: str) -> str:
    """Give the tables made by kwic_html / sentiment_html the ``discourse-table`` class."""
    return re.sub(
        rf"<table class=[\"']{old}[\"']", f'<table class="discourse-table {kind}"', markup
    )


def kwic_box(markup: str) -> str:
    """KWIC lines of :func:`~discourse.analysis.kwic.kwic_html` (document, speaker and role
    first) as a ``discourse-table``, scrolled sideways when wider than the output area."""
    table = tag_tables(markup, "discourse-kwic", "discourse-kwic")
    return f'<div class="discourse-scroll" style="max-width:100%;overflow-x:auto">{table}</div>'


# --- figures ---------------------------------------------------------------------------------

_SVG: weakref.WeakKeyDictionary[Figure, str] = weakref.WeakKeyDictionary()


def figure_of(ax_or_axes: Any) -> Figure:
    """The figure of a plot function's Axes, detached from pyplot (never auto-shown)."""
    ax = np.ravel(np.asarray(ax_or_axes, dtype=object))[0]
    plt.close(ax.figure)
    return ax.figure


def last_fitting(n: int, fits: Callable[[int], bool], guess: int) -> int:
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


def wrapped_text(text: Any) -> str:
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
            k = last_fitting(len(words), fits, guess)
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
            return wrapped_text(text)
        except AttributeError:  # pragma: no cover - private matplotlib API changed
            return type(text)._get_wrapped_text(text)

    texts = [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]  # where captions go
    for text in texts:
        if text.get_wrap():
            text._get_wrapped_text = lambda text=text: wrapped(text)


#: Text sizes measured for the widgets' SVG figures, kept across figures: (text, font
#: properties) -> (width, height, descent). A redraw mostly repeats the texts of the
#: last one (ticks, labels, legends, captions).
_TEXT_SIZES: dict[tuple, tuple[float, float, float]] = {}
_TEXT_SIZES_MAX = 20_000
#: A scatter or line collection with more points than this is drawn as an image inside
#: the SVG (its texts stay text): 10^5 dots as SVG elements take longer to write and
#: to show than their picture.
RASTER_OVER = 2_000


class _RendererSVG(backend_svg.RendererSVG):
    """matplotlib's SVG renderer that measures each text once (:data:`_TEXT_SIZES`)."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:  # mathtext and TeX: matplotlib's own way every time
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, prop.copy(), mpl.rcParams["text.hinting_factor"])
        size = _TEXT_SIZES.get(key)
        if size is None:
            size = super().get_text_width_height_descent(s, prop, ismath)
            if len(_TEXT_SIZES) >= _TEXT_SIZES_MAX:
                _TEXT_SIZES.clear()
            _TEXT_SIZES[key] = size
        return size


@contextlib.contextmanager
def _measured_once() -> Iterator[None]:
    """Let ``savefig(format="svg")`` use :class:`_RendererSVG` (the same sizes, the same
    bytes: each size is what matplotlib measured the first time)."""
    original = backend_svg.RendererSVG
    backend_svg.RendererSVG = _RendererSVG
    try:
        yield
    finally:
        backend_svg.RendererSVG = original


def _rasterize_dense(fig: Figure) -> None:
    """Draw the collections of more than :data:`RASTER_OVER` points as images."""
    for ax in fig.axes:
        for collection in ax.collections:
            if len(collection.get_offsets()) > RASTER_OVER:
                collection.set_rasterized(True)


def figure_svg(fig: Figure) -> str:
    """The figure as SVG with real text (rendered once per figure, then cached).

    Wrapped texts (captions) are broken into lines by :func:`wrapped_text`:
    the same lines as matplotlib's, several times fewer text layouts. Each text is
    measured once across figures (:class:`_RendererSVG`), dense collections are drawn as
    images (:data:`RASTER_OVER`), and there is no date inside (the same figure, the same
    bytes).
    """
    if fig not in _SVG:
        _fast_wrap(fig)
        _rasterize_dense(fig)
        buf = io.StringIO()
        rc = {"svg.fonttype": "none", "svg.hashsalt": "discourse"}
        with mpl.rc_context(rc), _measured_once():
            fig.savefig(buf, format="svg", metadata={"Date": None})  # "tight": 2 draws
        _SVG[fig] = buf.getvalue()
    return _SVG[fig]


def bundle(item: Any) -> dict[str, Any]:
    """A Jupyter display-data message for one shown item.

    ``item`` is :class:`Tables`, a ``DataFrame`` (one table), a ``Figure`` (SVG) or HTML.
    """
    if isinstance(item, Tables):
        data = {"text/html": tables_html(item), "text/plain": f"<{len(item.frames)} table(s)>"}
    elif isinstance(item, Lines):
        data = {"text/html": item.markup, "text/plain": f"<{len(item.table)} KWIC lines>"}
    elif isinstance(item, pd.DataFrame):
        data = {"text/html": table_html(item), "text/plain": item.to_string(max_rows=20)}
    elif isinstance(item, Figure):
        data = {"image/svg+xml": figure_svg(item), "text/plain": repr(item)}
    else:
        data = {"text/html": str(item), "text/plain": re.sub(r"<[^>]+>", "", str(item))[:500]}
    return {"output_type": "display_data", "data": data, "metadata": {}}


# --- downloads -------------------------------------------------------------------------------

_MIME = {
    "csv": "text/csv;charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "svg": "image/svg+xml",
    "png": "image/png",
}
_LINKS: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def download_link(data: bytes, name: str, label: str) -> str:
    """``<a download="name" href="data:…;base64,…">label</a>``."""
    mime = _MIME[name.rsplit(".", 1)[-1]]
    href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    return (
        f'<a class="discourse-download" download="{html.escape(name)}" href="{href}" '
        f'style="margin-right:10px">{html.escape(label)}</a>'
    )


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG (100 dpi, no date inside: the same figure, the same bytes)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    return buf.getvalue()


def _links(item: Any, stem: str) -> str:
    """The download links of one shown item (made once per item)."""
    if item in _LINKS:
        return _LINKS[item]
    if isinstance(item, (Tables, Lines)):
        table = item.table() if isinstance(item, Tables) else item.table
        what = "table" if isinstance(item, Tables) else "concordance"
        links = f"Download {what}: " + "".join(
            download_link(export_bytes(table, f".{fmt}"), f"{stem}.{fmt}", fmt.upper())
            for fmt in ("csv", "xlsx")
        )
    else:
        svg = figure_svg(item).encode("utf-8")
        links = "Download figure: " + download_link(figure_png(item), f"{stem}.png", "PNG")
        links += download_link(svg, f"{stem}.svg", "SVG")
    _LINKS[item] = links
    return links


def downloads_html(items: list[Any], stem: str) -> str:
    """Download links of the tables, figures and KWIC lines among ``items``, one line each, files
    named ``<stem>[-<n>].<format>``; ``""`` when there is none."""
    lines = []
    for kind, suffix in ((Tables, ""), (Figure, "-figure"), (Lines, "-kwic")):
        same = [i for i in items if isinstance(i, kind)]
        for n, item in enumerate(same, 1):
            name = stem + suffix + (f"-{n}" if n > 1 else "")
            lines.append(f"<div>{_links(item, name)}</div>")
    if not lines:
        return ""
    return f'<div class="discourse-downloads" style="font-size:85%">{"".join(lines)}</div>'
