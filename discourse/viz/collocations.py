"""Collocation bars: the ``top`` collocates of each group, one panel per group.

:func:`plot_collocations` draws a :func:`discourse.collocations` result. The helpers that
pick each group's top rows, title the figure and colour shared collocates are also used by
:mod:`discourse.viz.network`.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Instance, Interval, Options, Table, validate_params
from discourse.analysis.collocations import COLLOCATION_MEASURES
from discourse.errors import CorpusError
from discourse.viz.base import caption, caption_lines, require_columns

__all__ = ["plot_collocations"]

#: ``measure=`` of the collocation plots: an association measure, or the raw count ``o``.
MEASURE = Options(*COLLOCATION_MEASURES, "o")


def check_result(result: pd.DataFrame, measure: str, plot: str) -> None:
    require_columns(result, ["collocate", "o", measure], plot=plot, made_by="collocations()")


def top_per_group(result: pd.DataFrame, measure: str, top: int):
    """The ``top`` rows of each group by ``measure`` (with a ``plot_group`` label) and the
    group labels in order (those of ``attrs["freq_node"]``, else of appearance)."""
    group_cols = list(result.columns[: list(result.columns).index("collocate")])
    ranked = result.dropna(subset=[measure]).sort_values(measure, ascending=False, kind="stable")
    if group_cols:
        ranked = ranked.groupby(group_cols, observed=True, sort=True).head(top)
        labels = [" / ".join(map(str, k)) for k in ranked[group_cols].itertuples(index=False)]
    else:
        ranked = ranked.head(top)
        labels = ["all"] * len(ranked)
    ranked = ranked.assign(plot_group=np.asarray(labels, dtype=object))
    order = list(result.attrs.get("freq_node", {})) or list(dict.fromkeys(ranked["plot_group"]))
    return ranked, order or ["all"]


def title(result: pd.DataFrame, measure: str) -> str:
    """``Collocates of “terms” · window L5/R5 · measure``."""
    params = result.attrs.get("params", {})
    terms = params.get("terms", "?")
    terms = " | ".join(terms) if isinstance(terms, list) else str(terms)
    window = params.get("window", ["?", "?"])
    return f"Collocates of “{terms}” · window L{window[0]}/R{window[1]} · {measure}"


def shared_colours(ranked: pd.DataFrame) -> dict[str, object]:
    """One colour per collocate that is in the top list of two or more groups."""
    counts = ranked.groupby("collocate")["plot_group"].nunique()
    shared = sorted(counts[counts > 1].index)
    cmap = plt.get_cmap("tab10" if len(shared) <= 10 else "tab20")
    return {c: cmap(i % cmap.N) for i, c in enumerate(shared)}


@validate_params(
    result=Table(),
    measure=MEASURE,
    top=Interval(int, 1),
    ax=Instance(Axes, np.ndarray, list, tuple, none=True, label="Axes or a sequence of Axes"),
)
def plot_collocations(result, *, measure: str = "log_dice", top: int = 10, ax=None):
    """Horizontal bars of the ``top`` collocates per group, one panel per group.

    Collocates that appear in the top lists of several groups get the same colour in every
    panel (others are grey), so shared and group-specific framing stand out. The title
    names the search terms, window and measure; the caption gives the provenance (role
    included).

    Parameters
    ----------
    result : DataFrame
        Output of :func:`discourse.collocations`.
    measure : str
        Column to plot (e.g. ``"log_dice"``, ``"mi"``, ``"log_likelihood"``).
    top : int
        Collocates per group (≥ 1).
    ax : Axes or sequence of Axes, optional
        One Axes per group; created (side by side, shared x axis) when omitted.

    Returns
    -------
    numpy.ndarray of Axes
        One panel per group (a single panel when ``result`` has no group columns).
    """
    check_result(result, measure, "plot_collocations")
    ranked, groups = top_per_group(result, measure, top)
    colours = shared_colours(ranked)
    n_rows = int(ranked.groupby("plot_group").size().max()) if len(ranked) else top
    fig, axes = _panels(ax, len(groups), n_rows)
    for panel, group in zip(axes, groups, strict=False):
        rows = ranked[ranked["plot_group"] == group].iloc[::-1]
        plain = "0.72" if len(groups) > 1 else "C0"
        f_node = result.attrs.get("freq_node", {}).get(group)
        _panel(panel, rows, measure, [colours.get(c, plain) for c in rows["collocate"]], n_rows)
        panel.set_title(group + (f"  (node n={f_node})" if f_node is not None else ""), fontsize=10)
        panel.set_xlabel(measure)
        panel.tick_params(axis="y", labelsize=9)
        panel.spines[["top", "right"]].set_visible(False)
        if rows.empty:
            panel.text(
                0.5, 0.5, "no collocates", transform=panel.transAxes, ha="center", color="0.4"
            )
    values = ranked[measure].to_numpy(dtype=float)
    if len(values):  # room for the value labels; bars start at 0
        lo, hi = min(0.0, values.min()), max(0.0, values.max())
        axes[0].set_xlim(lo - 0.05 * (hi - lo), hi + 0.35 * (hi - lo) + 1e-9)
    if not groups or ranked.empty:
        axes[0].text(0.5, 0.5, "no collocates", transform=axes[0].transAxes, ha="center")
    note = "   (coloured: shared by several groups)" if colours else ""
    fig.suptitle(title(result, measure) + note, fontsize=11)
    if ax is None:
        room = 0.5 + 0.12 * caption_lines(result)  # inches for the caption
        fig.tight_layout(rect=(0, room / fig.get_figheight(), 1, 1))
    line = caption(result)
    if not any(t.get_text() == line for t in fig.texts):  # once per figure
        # a figure text, not an Axes one, so a later tight_layout does not squeeze the panels
        fig.text(0.005, 0.005, line, fontsize=7, color="0.35", ha="left", va="bottom", wrap=True)
    return axes


def _panels(ax, n_groups: int, n_rows: int):
    """The figure and one Axes per group: ``ax`` (checked), or a new row of panels."""
    if ax is None:
        width = min(max(4.2 * n_groups, 7.5), 16)
        height = 1.2 + 0.32 * max(n_rows, 3)  # as tall as the longest list, not ``top``
        fig, axes = plt.subplots(1, n_groups, figsize=(width, height), sharex=True, squeeze=False)
        return fig, axes.ravel()
    axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
    if len(axes) < n_groups:
        raise CorpusError(
            f"plot_collocations(): need {n_groups} Axes (one per group), got {len(axes)}"
        )
    return axes[0].figure, axes


def _panel(panel: Axes, rows: pd.DataFrame, measure: str, colours: list, n_rows: int) -> None:
    """One group's bars, top-aligned in ``n_rows`` slots, with ``value (o=…)`` labels."""
    slots = max(n_rows, len(rows))
    ypos = np.arange(slots - len(rows), slots)  # top-aligned when a group has fewer
    panel.barh(ypos, rows[measure], color=colours, height=0.7)
    panel.set_yticks(ypos, rows["collocate"])
    panel.set_ylim(-0.6, slots - 0.4)
    for y, value, o in zip(ypos, rows[measure], rows["o"], strict=True):
        panel.text(value, y, f" {value:.1f} (o={o})", va="center", fontsize=7, color="0.3")
