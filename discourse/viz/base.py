"""Shared drawing machinery: a new Axes, the provenance caption and the input check.

The caption (:func:`caption`) is the provenance line of the result; a result that
compares groups adds, on a line of its own, the documents per group ("documents per
period: Rutte III (2018): 1 document: group = document; Veldkamp: 3 documents; …"),
wrapped only between groups.

Every ``plot_<analysis>`` of this layer takes exactly the output of one analysis function;
:func:`require_columns` is the one check that it got that table, and says which function
to call first when it did not.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from discourse.errors import CorpusError
from discourse.provenance import documents_part, params_line

__all__ = ["add_caption", "caption", "caption_lines", "new_axes", "require_columns"]


def new_axes(ax: Axes | None, figsize: tuple[float, float] = (8, 6)) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def caption(result: pd.DataFrame) -> str:
    """The caption of a plot of ``result``: its provenance, the documents per group on a
    new line whose entries do not break inside (no-break spaces; see the module notes)."""
    documents = documents_part(result, unbreakable=True)
    return params_line(result) + (f"\n{documents}" if documents else "")


def caption_lines(result: pd.DataFrame) -> int:
    """Lines the documents part adds to the caption (0 or 1 before wrapping), for the
    room a plot leaves under its axes."""
    return int(bool(result.attrs.get("documents")))


def add_caption(ax: Axes, result: pd.DataFrame) -> None:
    """Put the caption of ``result`` under the axes, wrapped to the figure width."""
    text = ax.annotate(
        caption(result),
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=7,
        color="0.35",
        ha="left",
        va="bottom",
    )
    text.set_wrap(True)


def require_columns(
    table: pd.DataFrame, columns: Iterable[str], *, plot: str, made_by: str, hint: str = ""
) -> None:
    """Raise :class:`~discourse.errors.CorpusError` unless ``table`` has all ``columns``.

    The message names the plot, the missing columns and ``made_by``, the analysis function
    whose output the plot draws (``hint`` adds a sentence, e.g. the exact call).
    """
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise CorpusError(
            f"{plot}() draws the output of {made_by}, but the table lacks column(s) "
            f"{', '.join(map(repr, missing))}; call {made_by} first and pass its result"
            + (f". {hint}" if hint else "")
        )
