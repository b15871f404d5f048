"""Plots for every analysis: ``plot_<analysis>(result, *, ax=None, ...) -> Axes``.

Each function takes exactly the output of its analysis function, never calls
``plt.show()`` and never writes files (use :func:`discourse.save_figure`). Titles or
captions state corpus selection, unit, measure and pipeline (see
:func:`discourse.provenance.provenance`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from .provenance import provenance


def _axes(ax: Axes | None, figsize: tuple[float, float] = (8, 6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _caption(ax: Axes, result) -> None:
    """Put the provenance line of ``result`` under the axes."""
    ax.annotate(
        provenance(result),
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(4, 4),
        textcoords="offset points",
        fontsize=7,
        color="0.35",
        ha="left",
        va="bottom",
    )


# --- keyness ------------------------------------------------------------------------------


# --- collocations -------------------------------------------------------------------------


# --- sentiment ----------------------------------------------------------------------------
