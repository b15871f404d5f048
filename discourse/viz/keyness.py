"""Keyness plots: diverging bars of one comparison, a terms × groups heat map of many.

:func:`plot_keyness` draws a :func:`discourse.keyness` result and
:func:`plot_keyness_heatmap` a :func:`discourse.keyness_table` result; both only choose
and draw rows of the table they are given.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._docstrings import fill_doc
from discourse._validate import Instance, Interval, Options, Table, validate_params
from discourse.errors import CorpusError
from discourse.viz.base import add_caption, caption_lines, new_axes, require_columns

__all__ = ["PLOTTABLE", "plot_keyness", "plot_keyness_heatmap"]

#: Keyness measures that can be drawn as a diverging bar or heat map (signed, 0 = no
#: difference).
PLOTTABLE = (
    "log_ratio",
    "log_ratio_min",
    "log_likelihood",
    "ll_2term",
    "log_odds_z",
    "perc_diff",
)
_LABELS = {
    "log_ratio": "Log Ratio (log₂ of relative frequency ratio)",
    "log_ratio_min": "conservative Log Ratio (CI bound nearer 0; 0 if the CI spans 0)",
    "log_likelihood": "signed log-likelihood G²",
    "ll_2term": "signed log-likelihood (2-term)",
    "log_odds_z": "log-odds z (informative Dirichlet prior)",
    "perc_diff": "%DIFF",
}
_TARGET_RED, _REFERENCE_BLUE = "#b2182b", "#2166ac"


def _check(result: pd.DataFrame, measure: str, plot: str, made_by: str) -> None:
    columns = ["term", "direction", "significant", measure]
    require_columns(result, columns, plot=plot, made_by=made_by)


def _subtitle(result: pd.DataFrame, measure: str) -> str:
    params = result.attrs.get("params", {})
    bits = [f"unit: {params.get('unit', '?')}", f"measure: {measure}"]
    if params.get("pos"):
        pos = params["pos"]
        bits.append("pos: " + (",".join(pos) if isinstance(pos, list) else str(pos)))
    role = params.get("role")
    role = ",".join(role) if isinstance(role, list) else role
    bits.append(f"role: {'all voices' if role is None else role}")
    return " · ".join(bits)


def _finite(values):
    """Replace ±inf (%DIFF of terms absent from the reference) by 1.1 × the largest finite."""
    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    cap = 1.1 * finite.max() if finite.size and finite.max() > 0 else 1.0
    return np.clip(values, -cap, cap), ~np.isfinite(values) & ~np.isnan(values)


def _top(rows: pd.DataFrame, measure: str, top: int, *, largest: bool) -> pd.DataFrame:
    """``top`` rows, significant ones first, then ordered by ``measure`` (strongest first)."""
    picked = rows.sort_values(
        ["significant", measure], ascending=[False, not largest], kind="stable"
    ).head(top)
    return picked.sort_values(measure, ascending=not largest, kind="stable")


def _not_over_documents(rows: pd.DataFrame, alpha: float) -> np.ndarray:
    """Rows key over tokens (``significant``) but not over documents (``p_doc ≥ alpha``)."""
    if "p_doc" not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows["significant"].to_numpy(dtype=bool) & (rows["p_doc"].to_numpy(float) >= alpha)


def _dagger_note(table: pd.DataFrame, alpha: float, by: str | None = None) -> str:
    """What † means, naming the designs (per ``by`` group) that keep every p_doc ≥ alpha."""
    if "p_doc" not in table or table.empty:
        return ""
    cols = ["p_doc_min", "n_docs_target", "n_docs_reference"]
    designs = table.drop_duplicates(by)[[by, *cols]] if by else table[cols].head(1)
    fixed = [
        (f"{row[0]}: " if by else "")
        + f"{row[-2]} vs {row[-1]} documents give p_doc ≥ {row[-3]:.2f}"
        for row in designs.itertuples(index=False)
        if row[-3] >= alpha
    ]
    why = f"; by design, {'; '.join(fixed)}" if fixed else ""
    return f"† key over tokens, not over documents (p_doc ≥ {alpha}{why})"


def _no_terms(ax: Axes) -> Axes:
    ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


_MEASURE = Options(*PLOTTABLE)
_AX = Instance(Axes, none=True, label="a matplotlib Axes")


@validate_params(result=Table(), top=Interval(int, 1), measure=_MEASURE, ax=_AX)
@fill_doc
def plot_keyness(result, *, top: int = 20, measure: str = "log_ratio", ax: Axes | None = None):
    """Diverging bar chart of the ``top`` key terms in each direction of a keyness result.

    Bars to the right are over-used in the target, to the left in the reference, each
    chosen significant-first (Hardie's advice: filter by significance, rank by effect size)
    and drawn in order of ``measure``; pale hatched bars are not significant after the
    correction recorded in the result (``p_adjusted > alpha``) and only fill up to ``top``.
    Grey numbers at the bar ends give the raw frequencies ``freq_target : freq_reference``.
    A "†" after a term: significant over tokens, not over documents (``p_doc ≥ alpha``;
    the x label says when the number of documents allows no ``p_doc < alpha``). The
    title names target, reference, unit, measure and role; the caption gives the
    provenance (pipeline and parameters).

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`discourse.keyness`.
    top : int
        Terms per direction (≥ 1).
    measure : str
        ``"log_ratio"`` (default, an effect size), ``"log_likelihood"``, ``"ll_2term"``,
        ``"log_odds_z"`` or ``"perc_diff"`` (infinite values drawn at the edge, marked ∞).
    %(ax)s

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Hardie, A. (2014). Log Ratio – an informal introduction. CASS, Lancaster University.
    """
    _check(result, measure, "plot_keyness", "keyness()")
    params = result.attrs.get("params", {})
    target = ", ".join(map(str, params.get("target", ["target"])))
    reference = ", ".join(map(str, params.get("reference", ["reference"])))
    tgt = _top(result[result["direction"] == "target"], measure, top, largest=True)
    ref = _top(result[result["direction"] == "reference"], measure, top, largest=False)
    rows = pd.concat([tgt, ref.iloc[::-1]])
    alpha = params.get("alpha", 0.05)
    note = textwrap.fill(_dagger_note(result, alpha), 100)
    if ax is None:  # leave ~1.4 in. under the axes for the x label (+ † note) and the caption
        below = 1.4 + 0.17 * (note.count("\n") + 1) * bool(note) + 0.12 * caption_lines(result)
        height = max(3.5, 0.27 * len(rows) + 1.0 + below)
        ax = new_axes(None, figsize=(8, height))
        ax.figure.subplots_adjust(bottom=min(0.5, below / height), top=1 - 1.0 / height)
    ax.set_title(f"Key terms: {target} vs {reference}\n{_subtitle(result, measure)}", pad=24)
    add_caption(ax, result)
    if rows.empty:
        return _no_terms(ax)
    values, infinite = _finite(rows[measure])
    y = np.arange(len(rows))[::-1]
    _bars(ax, y, values, rows["significant"].to_numpy(dtype=bool))
    _bar_labels(ax, rows, y, values, infinite, _not_over_documents(rows, alpha))
    lim = 1.3 * max(np.abs(values).max(), 1e-9)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks([])
    ax.set_xlabel(
        f"{_LABELS[measure]}\n(grey numbers: frequency in {target} : in {reference})"
        + (f"\n{note}" if note else ""),
        fontsize=9,
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    _bar_legend(ax, target, reference, alpha)
    return ax


def _bars(ax: Axes, y, values, sig) -> None:
    """Significant bars solid, the others pale and hatched; red right, blue left."""
    colour = np.where(values > 0, _TARGET_RED, _REFERENCE_BLUE)
    for alpha, hatch, mask in ((1.0, None, sig), (0.35, "///", ~sig)):
        ax.barh(
            y[mask],
            values[mask],
            color=colour[mask],
            alpha=alpha,
            hatch=hatch,
            edgecolor="white",
            linewidth=0.5,
            height=0.75,
        )


def _bar_labels(ax: Axes, rows: pd.DataFrame, y, values, infinite, dagger) -> None:
    """Terms at the axis (``†``: see :func:`_dagger_note`), ∞ and the frequencies at the end."""
    for yi, value, term, mark in zip(y, values, rows["term"], dagger, strict=True):
        ax.annotate(
            f"{term} †" if mark else term,
            xy=(0, yi),
            xytext=(-4 if value > 0 else 4, 0),
            textcoords="offset points",
            ha="right" if value > 0 else "left",
            va="center",
            fontsize=9,
        )
    freqs = (
        zip(rows["freq_target"], rows["freq_reference"], strict=True)
        if {"freq_target", "freq_reference"} <= set(rows.columns)
        else [None] * len(rows)
    )
    for yi, value, inf, freq in zip(y, values, infinite, freqs, strict=True):
        side = 1 if value > 0 else -1
        outer = {"ha": "left" if value > 0 else "right", "va": "center"}
        if inf:
            ax.annotate(
                "∞",
                xy=(value, yi),
                xytext=(3 * side, 0),
                textcoords="offset points",
                fontsize=9,
                **outer,
            )
        if freq is not None:
            ax.annotate(
                f"{freq[0]} : {freq[1]}",
                xy=(value, yi),
                xytext=((14 if inf else 3) * side, 0),
                textcoords="offset points",
                fontsize=7,
                color="0.35",
                **outer,
            )


def _bar_legend(ax: Axes, target: str, reference: str, alpha_level) -> None:
    from matplotlib.patches import Patch

    ax.legend(
        handles=[
            Patch(color=_TARGET_RED, label=f"more in {target}"),
            Patch(color=_REFERENCE_BLUE, label=f"more in {reference}"),
            Patch(
                facecolor="0.85",
                hatch="///",
                edgecolor="white",
                label=f"not significant (adjusted p > {alpha_level})",
            ),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=3,
        fontsize=8,
        frameon=False,
    )


def _group_column(table: pd.DataFrame) -> str:
    """The group column of a keyness_table() result: named after its ``by``."""
    by = table.attrs.get("params", {}).get("by")
    if not isinstance(by, str):
        raise CorpusError(
            "plot_keyness_heatmap() draws the output of keyness_table(), but the table does not "
            "record its by= (attrs['params']['by']); call keyness_table() first and pass its "
            "result"
        )
    require_columns(table, [by], plot="plot_keyness_heatmap", made_by="keyness_table()")
    return by


def _heatmap_terms(table: pd.DataFrame, by: str, measure: str, top: int):
    """Groups in order, the chosen terms, and where each group's block of terms ends."""
    groups = (
        list(table[by].cat.categories)
        if hasattr(table[by], "cat")
        else list(dict.fromkeys(table[by]))
    )
    chosen, blocks = [], []
    for group in groups:
        part = table[(table[by] == group) & (table["direction"] == "target")]
        part = part.sort_values(["significant", measure], ascending=False, kind="stable")
        chosen += [t for t in part["term"].head(top) if t not in chosen]
        blocks.append(len(chosen))
    return groups, chosen, blocks


@validate_params(table=Table(), top=Interval(int, 1), measure=_MEASURE, ax=_AX)
@fill_doc
def plot_keyness_heatmap(
    table, *, top: int = 10, measure: str = "log_ratio", ax: Axes | None = None
):
    """Terms × groups heat map of a :func:`discourse.keyness_table` result.

    For every group the ``top`` terms over-used in it are chosen — significant terms
    first, then by ``measure`` — and shown with their ``measure`` in every group (one vs
    rest), on a diverging colour map centred at 0 (red = more in that group), in blocks per
    group separated by lines. Values in bold are significant; hatched cells are not
    (``p_adjusted > alpha``); ``∞`` marks infinite %DIFF; ``†`` as in :func:`plot_keyness`
    (the x label names the groups whose documents allow no ``p_doc < alpha``).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`discourse.keyness_table`; its group column is the one named by
        the ``by`` it records (``attrs["params"]["by"]``).
    top : int
        Terms chosen per group (≥ 1).
    measure : str
        As in :func:`plot_keyness`.
    %(ax)s

    Returns
    -------
    matplotlib.axes.Axes
    """
    import seaborn as sns

    _check(table, measure, "plot_keyness_heatmap", "keyness_table()")
    by = _group_column(table)
    groups, chosen, blocks = _heatmap_terms(table, by, measure, top)
    params = table.attrs.get("params", {})
    alpha = params.get("alpha", 0.05)
    note = textwrap.fill(_dagger_note(table, alpha, by), 90)
    below = 0.18 * (note.count("\n") + 1) * bool(note)  # inches for the † note
    below += 0.12 * caption_lines(table)  # and the caption's documents line
    height = max(3.5, 0.28 * len(chosen) + 2.4) + below
    if ax is None:
        ax = new_axes(None, figsize=(1.25 * len(groups) + 4.0, height))
        if below:
            ax.figure.subplots_adjust(bottom=(0.6 + below) / height)
    ax.set_title(
        f"Top {top} key terms per {by} (each vs the rest)\n{_subtitle(table, measure)}",
        pad=26,
    )
    add_caption(ax, table)
    if not chosen:
        return _no_terms(ax)
    sub = table[table["term"].isin(chosen)]
    values = sub.pivot_table(index="term", columns=by, values=measure, observed=False)
    values = values.reindex(index=chosen, columns=groups)
    sig = sub.pivot_table(index="term", columns=by, values="significant", observed=False)
    sig = sig.reindex(index=chosen, columns=groups).fillna(0).astype(bool)
    sub = sub.assign(dagger=_not_over_documents(sub, alpha))
    dagger = sub.pivot_table(index="term", columns=by, values="dagger", observed=False)
    dagger = dagger.reindex(index=chosen, columns=groups).fillna(0).astype(bool).to_numpy()
    shown, infinite = _finite(values.to_numpy())
    shown = pd.DataFrame(shown, index=values.index, columns=values.columns)
    lim = np.nanmax(np.abs(shown.to_numpy())) if np.isfinite(shown.to_numpy()).any() else 1.0
    sns.heatmap(
        shown,
        ax=ax,
        cmap="RdBu_r",
        center=0,
        vmin=-lim,
        vmax=lim,
        annot=False,
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": _LABELS[measure], "shrink": 0.6},
    )
    _cells(ax, shown.to_numpy(), sig.to_numpy(), infinite, lim, dagger)
    for stop in blocks[:-1]:  # separate the terms chosen for each group
        if 0 < stop < len(chosen):
            ax.axhline(stop, color="0.2", linewidth=1.2)
    ax.set_xlabel(note, fontsize=8)
    ax.set_ylabel("")
    _heatmap_legend(ax, alpha)
    ax.tick_params(axis="y", labelsize=9, rotation=0)
    ax.tick_params(axis="x", labelsize=9, rotation=0)
    return ax


def _cells(ax: Axes, shown, is_sig, infinite, lim, dagger) -> None:
    """Hatch the non-significant cells; write every value (bold when significant, † …)."""
    from matplotlib.patches import Rectangle

    for (i, j), value in np.ndenumerate(shown):
        if np.isnan(value):
            continue
        if not is_sig[i, j]:
            ax.add_patch(
                Rectangle(
                    (j, i),
                    1,
                    1,
                    fill=False,
                    hatch="//",
                    edgecolor="0.55",
                    linewidth=0,
                    hatch_linewidth=0.4,
                    alpha=0.6,
                )
            )
        text = "∞" if infinite[i, j] else f"{value:.1f}" if round(value, 1) != 0 else "0.0"
        text += "†" if dagger[i, j] else ""
        ax.text(
            j + 0.5,
            i + 0.5,
            text,
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold" if is_sig[i, j] else "normal",
            color="white" if abs(value) > 0.6 * lim else "0.1",
        )


def _heatmap_legend(ax: Axes, alpha_level) -> None:
    from matplotlib.patches import Rectangle

    box = {"facecolor": "white", "edgecolor": "0.4", "linewidth": 0.5}
    ax.legend(
        handles=[
            Rectangle((0, 0), 1, 1, **box, label=f"bold: significant (adjusted p ≤ {alpha_level})"),
            Rectangle((0, 0), 1, 1, **box, hatch="///", label="hatched: not significant"),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
