"""Plots for every analysis: ``plot_<analysis>(result, *, ax=None, ...) -> Axes``.

Each function takes exactly the output of its analysis function, never calls
``plt.show()`` and never writes files (use :func:`discourse.save_figure`). Titles or
captions state corpus selection, unit, measure and pipeline (see
:func:`discourse.provenance.provenance`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from discourse.provenance import provenance


def _axes(ax: Axes | None, figsize: tuple[float, float] = (8, 6)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def _caption(ax: Axes, result) -> None:
    """Put the provenance line of ``result`` under the axes, wrapped to the figure width."""
    text = ax.annotate(
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
    text.set_wrap(True)


# --- keyness ------------------------------------------------------------------------------


_KEYNESS_PLOTTABLE = ("log_ratio", "log_likelihood", "ll_2term", "log_odds_z", "perc_diff")
_KEYNESS_LABELS = {
    "log_ratio": "Log Ratio (log₂ of relative frequency ratio)",
    "log_likelihood": "signed log-likelihood G²",
    "ll_2term": "signed log-likelihood (2-term)",
    "log_odds_z": "log-odds z (informative Dirichlet prior)",
    "perc_diff": "%DIFF",
}


def _keyness_check(result, measure: str) -> None:
    if measure not in _KEYNESS_PLOTTABLE:
        raise ValueError(
            f"measure={measure!r} cannot be drawn as a diverging bar/heat map; "
            f"choose one of: {', '.join(_KEYNESS_PLOTTABLE)}"
        )
    missing = {"term", "direction", "significant", measure} - set(result.columns)
    if missing:
        raise ValueError(f"not a keyness result: missing column(s) {', '.join(sorted(missing))}")


def _keyness_subtitle(result, measure: str) -> str:
    params = result.attrs.get("params", {})
    bits = [f"unit: {params.get('unit', '?')}", f"measure: {measure}"]
    if params.get("pos"):
        pos = params["pos"]
        bits.append("pos: " + (",".join(pos) if isinstance(pos, list) else str(pos)))
    role = params.get("role")
    role = ",".join(role) if isinstance(role, list) else role
    bits.append(f"role: {role or 'all'}")
    return " · ".join(bits)


def _finite(values):
    """Replace ±inf (%DIFF of terms absent from the reference) by 1.1 × the largest finite."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    finite = np.abs(values[np.isfinite(values)])
    cap = 1.1 * finite.max() if finite.size and finite.max() > 0 else 1.0
    return np.clip(values, -cap, cap), ~np.isfinite(values) & ~np.isnan(values)


def _keyness_top(rows, measure: str, top: int, *, largest: bool):
    """``top`` rows, significant ones first, then ordered by ``measure`` (strongest first)."""
    picked = rows.sort_values(
        ["significant", measure], ascending=[False, not largest], kind="stable"
    ).head(top)
    return picked.sort_values(measure, ascending=not largest, kind="stable")


def plot_keyness(result, *, top: int = 20, measure: str = "log_ratio", ax: Axes | None = None):
    """Diverging bar chart of the ``top`` key terms in each direction of a keyness result.

    Bars to the right are over-used in the target, to the left in the reference, each
    chosen significant-first (Hardie's advice: filter by significance, rank by effect size)
    and drawn in order of ``measure``; pale hatched bars are not significant after the
    correction recorded in the result (``p_adjusted > alpha``) and only fill up to ``top``.
    Grey numbers at the bar ends give the raw frequencies ``freq_target : freq_reference``.
    The title names target, reference, unit, measure and role; the caption gives the
    provenance (pipeline and parameters).

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`discourse.keyness`.
    top : int
        Terms per direction.
    measure : str
        ``"log_ratio"`` (default, an effect size), ``"log_likelihood"``, ``"ll_2term"``,
        ``"log_odds_z"`` or ``"perc_diff"`` (infinite values drawn at the edge, marked ∞).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np
    import pandas as pd
    from matplotlib.patches import Patch

    _keyness_check(result, measure)
    params = result.attrs.get("params", {})
    target = ", ".join(map(str, params.get("target", ["target"])))
    reference = ", ".join(map(str, params.get("reference", ["reference"])))
    tgt = _keyness_top(result[result["direction"] == "target"], measure, top, largest=True)
    ref = _keyness_top(result[result["direction"] == "reference"], measure, top, largest=False)
    rows = pd.concat([tgt, ref.iloc[::-1]])
    if ax is None:  # leave ~1.4 in. under the axes for the two-line x label and the caption
        height = max(3.5, 0.27 * len(rows) + 2.4)
        ax = _axes(None, figsize=(8, height))
        ax.figure.subplots_adjust(bottom=min(0.45, 1.4 / height), top=1 - 1.0 / height)
    ax.set_title(
        f"Key terms: {target} vs {reference}\n{_keyness_subtitle(result, measure)}", pad=24
    )
    _caption(ax, result)
    if rows.empty:
        ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    values, infinite = _finite(rows[measure])
    y = np.arange(len(rows))[::-1]
    over = values > 0
    sig = rows["significant"].to_numpy(dtype=bool)
    colour = np.where(over, "#b2182b", "#2166ac")
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
    for yi, value, term in zip(y, values, rows["term"], strict=True):
        ax.annotate(
            term,
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
        if inf:
            ax.annotate(
                "∞",
                xy=(value, yi),
                xytext=(3 * side, 0),
                textcoords="offset points",
                ha="left" if value > 0 else "right",
                va="center",
                fontsize=9,
            )
        if freq is not None:  # raw counts, target : reference
            ax.annotate(
                f"{freq[0]} : {freq[1]}",
                xy=(value, yi),
                xytext=((14 if inf else 3) * side, 0),
                textcoords="offset points",
                ha="left" if value > 0 else "right",
                va="center",
                fontsize=7,
                color="0.35",
            )
    lim = 1.3 * max(np.abs(values).max(), 1e-9)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_yticks([])
    ax.set_xlabel(
        f"{_KEYNESS_LABELS[measure]}\n(grey numbers: frequency in {target} : in {reference})",
        fontsize=9,
    )
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    alpha_level = params.get("alpha", 0.05)
    ax.legend(
        handles=[
            Patch(color="#b2182b", label=f"more in {target}"),
            Patch(color="#2166ac", label=f"more in {reference}"),
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
    return ax


def plot_keyness_heatmap(
    table, *, top: int = 10, measure: str = "log_ratio", ax: Axes | None = None
):
    """Terms × groups heat map of a :func:`discourse.keyness_table` result.

    For every group the ``top`` terms over-used in it are chosen — significant terms
    first, then by ``measure`` — and shown with their ``measure`` in every group (one vs
    rest), on a diverging colour map centred at 0 (red = more in that group), in blocks per
    group separated by lines. Values in bold are significant; hatched cells are not
    (``p_adjusted > alpha``); ``∞`` marks infinite %DIFF.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`discourse.keyness_table`.
    top : int
        Terms chosen per group.
    measure : str
        As in :func:`plot_keyness`.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import numpy as np
    import pandas as pd
    import seaborn as sns
    from matplotlib.patches import Rectangle

    _keyness_check(table, measure)
    if "group" not in table.columns:
        raise ValueError("not a keyness_table result: no 'group' column")
    groups = (
        list(table["group"].cat.categories)
        if hasattr(table["group"], "cat")
        else list(dict.fromkeys(table["group"]))
    )
    chosen, blocks = [], []
    for group in groups:
        part = table[(table["group"] == group) & (table["direction"] == "target")]
        part = part.sort_values(["significant", measure], ascending=False, kind="stable")
        chosen += [t for t in part["term"].head(top) if t not in chosen]
        blocks.append(len(chosen))
    params = table.attrs.get("params", {})
    ax = _axes(ax, figsize=(1.25 * len(groups) + 4.0, max(3.5, 0.28 * len(chosen) + 2.4)))
    ax.set_title(
        f"Top {top} key terms per {params.get('by', 'group')} (each vs the rest)\n"
        f"{_keyness_subtitle(table, measure)}",
        pad=26,
    )
    _caption(ax, table)
    if not chosen:
        ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    sub = table[table["term"].isin(chosen)]
    values = sub.pivot_table(index="term", columns="group", values=measure, observed=False)
    values = values.reindex(index=chosen, columns=groups)
    sig = sub.pivot_table(index="term", columns="group", values="significant", observed=False)
    sig = sig.reindex(index=chosen, columns=groups).fillna(0).astype(bool)
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
        cbar_kws={"label": _KEYNESS_LABELS[measure], "shrink": 0.6},
    )
    is_sig = sig.to_numpy()
    for (i, j), value in np.ndenumerate(shown.to_numpy()):
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
    for stop in blocks[:-1]:  # separate the terms chosen for each group
        if 0 < stop < len(chosen):
            ax.axhline(stop, color="0.2", linewidth=1.2)
    ax.set_xlabel("")
    ax.set_ylabel("")
    alpha_level = params.get("alpha", 0.05)
    ax.legend(
        handles=[
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor="white",
                edgecolor="0.4",
                linewidth=0.5,
                label=f"bold: significant (adjusted p ≤ {alpha_level})",
            ),
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor="white",
                edgecolor="0.4",
                hatch="///",
                linewidth=0.5,
                label="hatched: not significant",
            ),
        ],
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    ax.tick_params(axis="y", labelsize=9, rotation=0)
    ax.tick_params(axis="x", labelsize=9, rotation=0)
    return ax


# --- collocations -------------------------------------------------------------------------


def _colloc_frame(result, measure: str, top: int):
    """Group columns, group labels and the per-group top rows of a collocations result."""
    import numpy as np

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


def _colloc_title(result, measure: str) -> str:
    params = result.attrs.get("params", {})
    node = params.get("node", "?")
    node = " | ".join(node) if isinstance(node, list) else str(node)
    window = params.get("window", ["?", "?"])
    return f"Collocates of “{node}” · window L{window[0]}/R{window[1]} · {measure}"


def _shared_colours(ranked) -> dict[str, object]:
    """One colour per collocate that is in the top list of two or more groups."""
    counts = ranked.groupby("collocate")["plot_group"].nunique()
    shared = sorted(counts[counts > 1].index)
    cmap = plt.get_cmap("tab10" if len(shared) <= 10 else "tab20")
    return {c: cmap(i % cmap.N) for i, c in enumerate(shared)}


def plot_collocations(result, *, measure: str = "log_dice", top: int = 10, ax=None):
    """Horizontal bars of the ``top`` collocates per group, one panel per group.

    Collocates that appear in the top lists of several groups get the same colour in every
    panel (others are grey), so shared and group-specific framing stand out. The title
    names node, window and measure; the caption gives the provenance.

    Parameters
    ----------
    result : DataFrame
        Output of :func:`discourse.collocations`.
    measure : str
        Column to plot (e.g. ``"log_dice"``, ``"mi"``, ``"log_likelihood"``).
    top : int
        Collocates per group.
    ax : Axes or sequence of Axes, optional
        One Axes per group; created (side by side, shared x axis) when omitted.

    Returns
    -------
    numpy.ndarray of Axes
        One panel per group (a single panel when ``result`` has no group columns).
    """
    import numpy as np

    ranked, groups = _colloc_frame(result, measure, top)
    colours = _shared_colours(ranked)
    n_rows = int(ranked.groupby("plot_group").size().max()) if len(ranked) else top
    if ax is None:
        width = min(max(4.2 * len(groups), 7.5), 16)
        height = 1.2 + 0.32 * max(n_rows, 3)  # as tall as the longest list, not ``top``
        fig, axes = plt.subplots(
            1, len(groups), figsize=(width, height), sharex=True, squeeze=False
        )
        axes = axes.ravel()
    else:
        axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
        if len(axes) < len(groups):
            raise ValueError(f"need {len(groups)} Axes (one per group), got {len(axes)}")
        fig = axes[0].figure
    for panel, group in zip(axes, groups, strict=False):
        rows = ranked[ranked["plot_group"] == group].iloc[::-1]
        plain = "0.72" if len(groups) > 1 else "C0"
        bar_colours = [colours.get(c, plain) for c in rows["collocate"]]
        slots = max(n_rows, len(rows))
        ypos = np.arange(slots - len(rows), slots)  # top-aligned when a group has fewer
        panel.barh(ypos, rows[measure], color=bar_colours, height=0.7)
        panel.set_yticks(ypos, rows["collocate"])
        panel.set_ylim(-0.6, slots - 0.4)
        for y, value, o in zip(ypos, rows[measure], rows["o"], strict=True):
            panel.text(value, y, f" {value:.1f} (o={o})", va="center", fontsize=7, color="0.3")
        f_node = result.attrs.get("freq_node", {}).get(group)
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
    fig.suptitle(_colloc_title(result, measure) + note, fontsize=11)
    if ax is None:
        fig.tight_layout(rect=(0, 0.5 / fig.get_figheight(), 1, 1))  # 0.5 in for the caption
    line = provenance(result)
    if not any(t.get_text() == line for t in fig.texts):  # once per figure
        # a figure text, not an Axes one, so a later tight_layout does not squeeze the panels
        fig.text(0.005, 0.005, line, fontsize=7, color="0.35", ha="left", va="bottom", wrap=True)
    return axes


def _centre_label(result, label):
    """Short text for the network's centre: ``label``, or the node terms (max three)."""
    if label is not None:
        return str(label)
    node = result.attrs.get("params", {}).get("node", "?")
    terms = [node] if isinstance(node, str) else [str(t) for t in node]
    if len(terms) <= 3:
        return "\n".join(terms)
    return "\n".join(terms[:2]) + f"\n(+{len(terms) - 2} forms)"


def _declutter(ax, texts, *, pad: float = 3.0, max_iter: int = 60, max_shift: float = 40.0):
    """Push overlapping annotation labels outwards (along their offset) until none overlap.

    ``texts`` are annotations placed with ``textcoords="offset points"``; each keeps its
    direction and gets a longer offset. A thin leader line is drawn for labels that moved.
    Deterministic: labels are processed in a fixed order.
    """
    import numpy as np

    if len(texts) < 2:
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    base = [np.array(t.xyann, dtype=float) for t in texts]
    unit = [b / max(np.hypot(*b), 1e-9) for b in base]
    extra = np.zeros(len(texts))
    to_pt = 72.0 / fig.dpi
    for _ in range(max_iter):
        boxes = [t.get_window_extent(renderer) for t in texts]
        moved = False
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                a, b = boxes[i], boxes[j]
                if a.x1 + pad < b.x0 or b.x1 + pad < a.x0 or a.y1 + pad < b.y0 or b.y1 + pad < a.y0:
                    continue
                # move the label that is nearer to its anchor (the inner one) is kept; the
                # other moves out by the overlap height/width along its own direction
                k = j if extra[j] <= extra[i] else i
                dy = (min(a.y1, b.y1) - max(a.y0, b.y0) + pad) * to_pt
                dx = (min(a.x1, b.x1) - max(a.x0, b.x0) + pad) * to_pt
                ux, uy = np.abs(unit[k])
                step = min(dy / max(uy, 1e-3), dx / max(ux, 1e-3), 12.0)
                if extra[k] + step > max_shift:  # give up on this pair rather than fly off
                    continue
                extra[k] += max(step, 1.0)
                texts[k].xyann = tuple(base[k] + extra[k] * unit[k])
                boxes[k] = texts[k].get_window_extent(renderer)
                moved = True
        if not moved:
            break
    for t, e in zip(texts, extra, strict=True):
        if e > 6:
            t.arrow_patch = None
            t.set_annotation_clip(False)
            ax.annotate(
                "",
                xy=t.xy,
                xytext=t.xyann,
                textcoords="offset points",
                arrowprops=dict(arrowstyle="-", color="0.6", lw=0.5, shrinkA=0, shrinkB=3),
            )


def _fit_texts(ax, texts, *, margin: float = 0.04):
    """Widen the data limits so that every text in ``texts`` lies inside the axes."""
    import numpy as np

    if not texts:
        return
    fig = ax.figure
    renderer = fig.canvas.get_renderer()  # text extents need no full redraw
    for _ in range(3):  # limits change the scale, so repeat until stable
        inv = ax.transData.inverted()
        corners = np.vstack(
            [inv.transform(t.get_window_extent(renderer).get_points()) for t in texts]
        )
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        nx0, ny0 = np.minimum([x0, y0], corners.min(axis=0))
        nx1, ny1 = np.maximum([x1, y1], corners.max(axis=0))
        if np.allclose([nx0, nx1, ny0, ny1], [x0, x1, y0, y1]):
            break
        mx, my = margin * (nx1 - nx0), margin * (ny1 - ny0)
        ax.set_xlim(nx0 - mx * (nx0 < x0), nx1 + mx * (nx1 > x1))
        ax.set_ylim(ny0 - my * (ny0 < y0), ny1 + my * (ny1 > y1))


def plot_collocation_network(
    result, *, measure: str = "log_dice", top: int = 10, label=None, ax=None
):
    """GraphColl-like network: the node, one hub per group, and each group's top collocates.

    The node sits in the centre and each group (e.g. period) is a coloured hub around it,
    labelled with the node's frequency in that group (``n=``). Every collocate is linked to
    each group whose top list contains it, with edge width showing strength and colour the
    group. A collocate's distance to its group's hub shrinks as its association grows (as
    in #LancsBox GraphColl). Collocates shared by several groups are white nodes with a
    dark outline on an inner ring, placed in the direction of the groups they link (between
    their hubs). Overlapping labels are pushed outwards with a leader line. The layout is
    fully deterministic (no random seed).

    Parameters
    ----------
    result : DataFrame
        Output of :func:`discourse.collocations`.
    measure : str
        Association measure that sets edge width and distance.
    top : int
        Collocates per group.
    label : str, optional
        Text in the centre (default: the node terms; the first two and a count when the
        node has more than three terms). The title always lists every term.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    import networkx as nx
    import numpy as np

    own_figure = ax is None
    ax = _axes(ax, figsize=(11, 9))
    ranked, groups = _colloc_frame(result, measure, top)
    palette = plt.get_cmap("tab10")
    gcol = {g: palette(i % 10) for i, g in enumerate(groups)}
    node_label = _centre_label(result, label)
    f_nodes = result.attrs.get("freq_node", {})
    graph = nx.Graph()
    centre = ("node", node_label)
    pos = {centre: np.zeros(2)}
    values = ranked[measure].to_numpy(dtype=float)
    lo, hi = (np.nanmin(values), np.nanmax(values)) if len(values) else (0.0, 1.0)
    strength = (ranked[measure] - lo) / (hi - lo) if hi > lo else ranked[measure] * 0 + 1
    ranked = ranked.assign(plot_strength=strength.to_numpy())
    n_groups_of = ranked.groupby("collocate")["plot_group"].nunique()
    single = len(groups) == 1
    hubs, outward, hub_angle = {}, {}, {}
    for i, group in enumerate(groups):
        angle = np.pi / 2 - 2 * np.pi * i / max(len(groups), 1)
        hub_angle[group] = angle
        hub = centre if single else ("group", group)
        hubs[group] = hub
        if not single:
            pos[hub] = 2.2 * np.array([np.cos(angle), np.sin(angle)])
            graph.add_edge(centre, hub, colour="0.6", width=2.5, style="dashed")
        mine = ranked["plot_group"] == group
        own = ranked[mine & (ranked["collocate"].map(n_groups_of) == 1)]
        spread = np.pi if single else 0.55 * np.pi  # hub-to-hub lines are >= 0.75 pi away
        offsets = np.linspace(-spread, spread, len(own) + 2)[1:-1] if len(own) else []
        for k, ((_, rec), off) in enumerate(zip(own.iterrows(), offsets, strict=True)):
            dist = (0.7 if single else 0.55) + 0.9 * (1 - rec["plot_strength"])
            dist += 0.15 * (k % 2)  # stagger neighbours so labels do not collide
            outward[("coll", rec["collocate"])] = angle + off
            pos[("coll", rec["collocate"])] = pos.get(hub, np.zeros(2)) + dist * np.array(
                [np.cos(angle + off), np.sin(angle + off)]
            )
    for rec in ranked.itertuples():
        graph.add_edge(
            hubs[rec.plot_group],
            ("coll", rec.collocate),
            colour=gcol[rec.plot_group],
            width=0.8 + 4 * rec.plot_strength,
            style="solid",
        )
    # shared collocates: between the hubs of their groups (at the gaps between hubs when
    # linked to all of them); several with the same groups are stacked radially
    shared = [("coll", c) for c in sorted(n_groups_of[n_groups_of > 1].index)]
    links = {
        name: tuple(
            sorted(set(ranked.loc[ranked["collocate"] == name[1], "plot_group"]), key=groups.index)
        )
        for name in shared
    }
    stacks: dict[tuple, list] = {}
    for name in shared:
        stacks.setdefault(links[name], []).append(name)
    pair_angles = []
    for its_groups in stacks:
        x, y = np.mean([pos[hubs[g]] for g in its_groups], axis=0)
        if np.hypot(x, y) > 0.2:
            pair_angles.append(np.arctan2(y, x))
    gaps = sorted(  # gaps between neighbouring hubs, the least crowded first
        (a + np.pi / len(groups) for a in hub_angle.values()),
        key=lambda g: sum(abs(np.angle(np.exp(1j * (g - p)))) < 0.3 for p in pair_angles),
    )
    n_all = 0
    for its_groups, names in stacks.items():
        x, y = np.mean([pos[hubs[g]] for g in its_groups], axis=0)
        everyone = np.hypot(x, y) <= 0.2
        per_gap = [names[k :: len(groups)] for k in range(len(groups))] if everyone else [names]
        for part in per_gap:
            if everyone:  # linked to (nearly) all hubs: the gaps between hubs, in turn
                angle = gaps[n_all % len(gaps)]
                n_all += 1
            else:
                angle = np.arctan2(y, x)
            radius = 0.7 if everyone else 1.1
            for j, name in enumerate(part):
                step = j - (len(part) - 1) / 2
                r, a = radius + 0.32 * step, angle + np.radians(9) * step
                pos[name] = r * np.array([np.cos(a), np.sin(a)])
                outward[name] = a
    edges = list(graph.edges(data=True))
    for style in ("dashed", "solid"):
        sel = [(u, v) for u, v, d in edges if d["style"] == style]
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=sel,
            ax=ax,
            style=style,
            alpha=0.75,
            width=[graph.edges[e]["width"] for e in sel],
            edge_color=[graph.edges[e]["colour"] for e in sel],
        )
    colls = [n for n in graph.nodes if n[0] == "coll"]
    own_colour = {("coll", r.collocate): gcol[r.plot_group] for r in ranked.itertuples()}
    nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=colls,
        ax=ax,
        node_size=60,
        node_color=["white" if n in shared else own_colour[n] for n in colls],
        edgecolors=["0.1" if n in shared else "white" for n in colls],
        linewidths=[1.8 if n in shared else 0.5 for n in colls],
    )
    labels = []
    for n in colls:
        x, y = pos[n]
        dx, dy = np.cos(outward[n]), np.sin(outward[n])
        labels.append(
            ax.annotate(
                n[1],
                (x, y),
                xytext=(7 * dx, 7 * dy),
                textcoords="offset points",
                ha="left" if dx > 0.2 else "right" if dx < -0.2 else "center",
                va="bottom" if dy > 0.35 else "top" if dy < -0.35 else "center",
                fontsize=8.5,
                fontweight="bold" if n in shared else "normal",
                zorder=4,
            )
        )
    for group, hub in hubs.items():
        if hub is centre:
            continue
        f_node = f_nodes.get(group)
        text = group + (f"\nn={f_node}" if f_node is not None else "")
        ax.text(
            *pos[hub],
            text,
            ha="center",
            va="center",
            fontsize=9,
            color="white",
            fontweight="bold",
            zorder=5,
            linespacing=1.1,
            bbox=dict(boxstyle="round,pad=0.35", fc=gcol[group], ec="none"),
        )
        if not (ranked["plot_group"] == group).any():  # say so, under the hub
            labels.append(
                ax.annotate(
                    "no collocates",
                    pos[hub],
                    xytext=(0, -20),
                    textcoords="offset points",
                    ha="center",
                    va="top",
                    fontsize=8,
                    color="0.4",
                    style="italic",
                    zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"),
                )
            )
    ax.text(
        0,
        0,
        node_label,
        ha="center",
        va="center",
        fontsize=10,
        fontweight="bold",
        zorder=6,
        bbox=dict(boxstyle="round,pad=0.45", fc="#ffe066", ec="0.2"),
    )
    if ranked.empty:
        ax.text(0, -0.4, "no collocates", ha="center", color="0.4")
    xy = np.array(list(pos.values()))
    pad = 0.3
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    for _ in range(2):  # fitting rescales the axes, which can create new overlaps
        _declutter(ax, labels)
        _fit_texts(ax, labels)
    if own_figure:  # fill the figure: no empty bands around the equal-aspect layout
        fig = ax.figure
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.06, top=0.92)
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        height = fig.get_figwidth() * 0.96 * (y1 - y0) / (x1 - x0) / 0.86
        fig.set_size_inches(fig.get_figwidth(), float(np.clip(height, 4.5, 14)))
    legend = "\nedge width: strength · hub n = node frequency"
    legend += " · white nodes: shared by several groups" if shared else ""
    ax.set_title(_colloc_title(result, measure) + legend, fontsize=10)
    _caption(ax, result)
    return ax


# --- sentiment ----------------------------------------------------------------------------


def _sentiment_by(result, by):
    """Grouping columns for sentiment plots: ``by``, the analysis' ``by``, else period."""
    if by is None:
        by = result.attrs.get("params", {}).get("by") or ("period" if "period" in result else None)
    return [by] if isinstance(by, str) else list(by or [])


def _sentiment_title(result, what: str) -> str:
    p = result.attrs.get("params", {})
    bits = [
        f"{p.get('level', 'unit')}s",
        f"lexicon {p.get('lexicon', '?')}",
        f"negation {p.get('negation', '?')}",
    ]
    if p.get("target"):
        target = p["target"] if isinstance(p["target"], str) else ", ".join(p["target"])
        bits.append(f"target: {target}")
    return f"{what}\n({'; '.join(bits)})"


def plot_sentiment(
    result,
    *,
    by=None,
    ax: Axes | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    min_hits: int = 1,
) -> Axes:
    """Polarity per group: every unit as a dot, with the mean and its bootstrap CI.

    Parameters
    ----------
    result
        Output of :func:`discourse.analysis.sentiment.sentiment` (dots + mean/CI), or of
        :func:`discourse.analysis.sentiment.summarise_sentiment` (mean/CI only).
    by
        Grouping column(s); default: the analysis' ``by``, else ``period``.
    n_boot, seed, ci, min_hits
        Passed to :func:`~discourse.analysis.sentiment.summarise_sentiment`; units with fewer
        than ``min_hits`` lexicon hits are not drawn (they carry no evidence of tone).

    Returns
    -------
    Axes
        Groups on the y axis (in category order), polarity on x; the label right of each
        group gives mean [CI], the number of scored units and the mean coverage.
    """
    import matplotlib
    import numpy as np

    from discourse.analysis.sentiment import summarise_sentiment

    is_summary = "mean_polarity" in result
    by_cols = _sentiment_by(result, by)
    summary = (
        result
        if is_summary
        else summarise_sentiment(
            result, by=by_cols, n_boot=n_boot, seed=seed, ci=ci, min_hits=min_hits
        )
    )
    labels = (
        summary[by_cols].astype(str).agg(" / ".join, axis=1).tolist() if by_cols else ["all units"]
    )
    ax = _axes(ax, figsize=(10, 1.8 + 0.9 * len(labels)))
    ypos = np.arange(len(labels))[::-1]
    rng = np.random.default_rng(seed)
    old_mpl = tuple(int(v) for v in matplotlib.__version__.split(".")[:2]) < (3, 10)
    horizontal = {"vert": False} if old_mpl else {"orientation": "horizontal"}
    for y, (_, row) in zip(ypos, summary.iterrows(), strict=True):
        if not is_summary:
            mask = result["n_hits"] >= min_hits
            for col in by_cols:
                mask &= result[col].astype(str) == str(row[col])
            x = result.loc[mask, "polarity"].to_numpy(float)
            ax.boxplot(
                x,
                positions=[y],
                widths=0.5,
                showfliers=False,
                **horizontal,
                patch_artist=True,
                boxprops={"facecolor": "0.93", "edgecolor": "0.6"},
                medianprops={"color": "0.6"},
                whiskerprops={"color": "0.6"},
                capprops={"color": "0.6"},
            )
            ax.scatter(
                x,
                y + rng.uniform(-0.22, 0.22, len(x)),
                s=9,
                alpha=0.35,
                color="tab:blue",
                linewidths=0,
                zorder=2,
            )
        m, lo, hi = row["mean_polarity"], row["ci_low"], row["ci_high"]
        if np.isfinite(lo):
            ax.errorbar(
                m,
                y,
                xerr=[[m - lo], [hi - m]],
                fmt="none",
                ecolor="black",
                elinewidth=2,
                capsize=5,
                zorder=4,
            )
        ax.plot(m, y, marker="D", color="black", markersize=7, zorder=5)
        ci_txt = f" [{lo:+.2f}, {hi:+.2f}]" if np.isfinite(lo) else ""
        mean_txt = f"mean {m:+.3f}{ci_txt}" if np.isfinite(m) else "no scored units"
        ax.annotate(
            f"{mean_txt}\n{row['n_scored']} of {row['n_units']} scored, "
            f"coverage {row['mean_coverage']:.1%}",
            xy=(1.01, y),
            xycoords=("axes fraction", "data"),
            va="center",
            fontsize=8,
        )
    ax.axvline(0, color="0.5", linewidth=0.8, linestyle="--", zorder=1)
    ax.set_yticks(ypos, labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("polarity (−1 negative … +1 positive)")
    pct = round(100 * summary.attrs.get("params", {}).get("ci", ci))
    ax.set_title(
        _sentiment_title(
            summary,
            f"Sentiment polarity per {' / '.join(by_cols) or 'corpus'}: units, mean and "
            f"{pct}% bootstrap CI",
        ),
        fontsize=10,
    )
    width = max(len(lab) for lab in labels)
    ax.figure.subplots_adjust(left=min(0.4, 0.05 + 0.0085 * width), right=0.77, bottom=0.24)
    _caption(ax, summary)
    return ax


def plot_sentiment_timeline(result, *, by=None, ax: Axes | None = None, min_hits: int = 1) -> Axes:
    """Mean polarity of each letter against its date, coloured by group.

    Each dot is one document: the mean polarity of its units with at least ``min_hits``
    lexicon hits, with a normal-approximation 95% interval (mean ± 1.96 SE; none for a
    single unit); dot area grows with, and a label gives, the number of scored units
    (``n=``). Needs a ``date`` column (letters without a date or without scored units are
    left out and counted in the title).
    """
    import numpy as np

    if "date" not in result:
        raise ValueError("plot_sentiment_timeline needs a 'date' column in the result")
    by_cols = _sentiment_by(result, by)
    scored = result[result["n_hits"] >= min_hits]
    docs = (
        scored.groupby("doc_id", observed=True, sort=False)
        .agg(
            date=("date", "first"),
            polarity=("polarity", "mean"),
            n=("polarity", "size"),
            sd=("polarity", "std"),
            **{c: (c, "first") for c in by_cols},
        )
        .reset_index()
    )
    undated = int(docs["date"].isna().sum())
    unscored = int(result["doc_id"].nunique() - len(docs))
    docs = docs.dropna(subset=["date"]).sort_values("date")
    ax = _axes(ax, figsize=(10, 4.8))
    docs["half"] = 1.96 * docs["sd"].fillna(0) / np.sqrt(docs["n"])
    groups = (
        docs[by_cols].astype(str).agg(" / ".join, axis=1)
        if by_cols
        else docs["doc_id"].map(lambda _: "all")
    )
    order = ["all"]
    if by_cols:
        keys = result.groupby(by_cols, observed=True, sort=True).size().index
        order = [" / ".join(map(str, k if isinstance(k, tuple) else (k,))) for k in keys]
    colours = plt.get_cmap("tab10")
    for k, g in enumerate(order):
        sel = groups == g
        if sel.any():
            ax.errorbar(
                docs.loc[sel, "date"],
                docs.loc[sel, "polarity"],
                yerr=docs.loc[sel, "half"],
                fmt="none",
                ecolor=colours(k % 10),
                alpha=0.6,
                capsize=3,
                zorder=2,
            )
            ax.scatter(
                docs.loc[sel, "date"],
                docs.loc[sel, "polarity"],
                s=20 + 6 * np.sqrt(docs.loc[sel, "n"]),
                color=colours(k % 10),
                alpha=0.8,
                edgecolor="white",
                label=g,
                zorder=3,
            )
            for _, d in docs[sel].iterrows():
                ax.annotate(
                    f"n={d['n']}",
                    (d["date"], d["polarity"]),
                    xytext=(6, -3),
                    textcoords="offset points",
                    fontsize=7,
                    color="0.3",
                    zorder=6,
                    bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.8},
                )
    ax.axhline(0, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_ylabel("mean polarity of the letter's units")
    ax.set_xlabel("letter date")
    if by_cols:
        ax.legend(title=" / ".join(by_cols), fontsize=8, title_fontsize=8, frameon=False)
    extra = f"; {undated} undated letter(s) left out" if undated else ""
    extra += (
        f"; {unscored} letter(s) without units with >= {min_hits} hit(s) left out"
        if unscored
        else ""
    )
    what = f"Sentiment polarity per letter over time (mean ± 1.96 SE){extra}"
    ax.set_title(_sentiment_title(result, what), fontsize=10)
    ax.figure.subplots_adjust(bottom=0.2)
    _caption(ax, result)
    return ax


def sentiment_html(result, *, top: int = 10, which: str = "both") -> str:
    """HTML drill-down table: units with their matched words highlighted.

    Words of a positive assessment are shaded green, of a negative one red (neutral:
    grey); a negation that flipped an assessment is underlined. All text is escaped.

    Parameters
    ----------
    result
        Output of :func:`discourse.analysis.sentiment.sentiment`.
    top
        Number of units per part.
    which
        ``"both"`` (most positive, then most negative units with hits), ``"positive"``,
        ``"negative"`` or ``"all"`` (the first ``top`` units in table order).
    """
    from html import escape

    if which not in ("both", "positive", "negative", "all"):
        raise ValueError(f"which must be 'both', 'positive', 'negative' or 'all', got {which!r}")
    scored = result[result["n_hits"] > 0]
    desc = scored.sort_values("polarity", ascending=False, kind="stable")
    parts = {
        "positive": [("Most positive", desc.head(top))],
        "negative": [("Most negative", desc.iloc[::-1].head(top))],
        "all": [("Units", result.head(top))],
    }
    parts["both"] = parts["positive"] + parts["negative"]
    ids = [c for c in ("seg_id", "sent_id") if c in result] or ["doc_id"]

    def marked(row) -> str:
        spans = sorted(
            (a, b, kind, h["polarity"]) for h in row["hits"] for a, b, kind in h["spans"]
        )
        out, pos, text = [], 0, row["text"]
        for a, b, kind, pol in spans:
            if a < pos:
                continue
            out.append(escape(text[pos:a]))
            colour = "#c9f0d0" if pol > 0 else "#ffd3d0" if pol < 0 else "#e6e6e6"
            style = (
                "text-decoration:underline;font-style:italic"
                if kind == "negation"
                else f"background:{colour};padding:0 2px;border-radius:3px"
            )
            out.append(f'<span style="{style}" title="{pol:+.3f}">{escape(text[a:b])}</span>')
            pos = b
        out.append(escape(text[pos:]))
        return "".join(out)

    head = "".join(
        f"<th>{escape(c)}</th>" for c in [*ids, "polarity", "coverage", "text", "matched"]
    )
    html = []
    for title, rows in parts[which]:
        body = "".join(
            "<tr>"
            + "".join(f"<td>{escape(str(r[c]))}</td>" for c in ids)
            + f"<td>{r['polarity']:+.3f}</td><td>{r['coverage']:.0%}</td>"
            f"<td>{marked(r)}</td><td><code>{escape(r['matched'])}</code></td></tr>"
            for _, r in rows.iterrows()
        )
        html.append(
            f"<h4>{escape(title)} ({len(rows)})</h4><table class='sentiment'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    html.append(f"<p style='font-size:80%;color:#555'>{escape(provenance(result))}</p>")
    return "".join(html)
