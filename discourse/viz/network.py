"""Collocation network (after #LancsBox GraphColl): the node, a hub per group, collocates.

:func:`plot_collocation_network` draws a :func:`discourse.collocations` result. The layout
is computed here from the ranks and scores of the result (no random seed): the node in the
centre, one hub per group on a circle around it, each group's own collocates fanned out
from its hub (nearer when stronger), shared collocates between the hubs they link.

References
----------
Brezina, V., McEnery, T. & Wattam, S. (2015). Collocations in context: A new perspective
on collocation networks. *International Journal of Corpus Linguistics* 20(2), 139-173.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Instance, Interval, Table, validate_params
from discourse.viz.base import add_caption, new_axes
from discourse.viz.collocations import MEASURE, check_result, title, top_per_group
from discourse.viz.labels import declutter, fit_texts

__all__ = ["plot_collocation_network"]


def _centre_label(result: pd.DataFrame, label) -> str:
    """Short text for the network's centre: ``label``, or the search terms (max three)."""
    if label is not None:
        return str(label)
    found = result.attrs.get("params", {}).get("terms", "?")
    terms = [found] if isinstance(found, str) else [str(t) for t in found]
    if len(terms) <= 3:
        return "\n".join(terms)
    return "\n".join(terms[:2]) + f"\n(+{len(terms) - 2} forms)"


@validate_params(
    result=Table(),
    measure=MEASURE,
    top=Interval(int, 1),
    label=Instance(str, none=True),
    ax=Instance(Axes, none=True, label="a matplotlib Axes"),
)
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
        Collocates per group (≥ 1).
    label : str, optional
        Text in the centre (default: the search terms; the first two and a count when
        there are more than three). The title always lists every term.
    ax : Axes, optional

    Returns
    -------
    Axes
    """
    import networkx as nx

    check_result(result, measure, "plot_collocation_network")
    own_figure = ax is None
    ax = new_axes(ax, figsize=(11, 9))
    ranked, groups = top_per_group(result, measure, top)
    ranked.attrs = {}  # the provenance is read from result (pandas copies attrs per row)
    palette = plt.get_cmap("tab10")
    gcol = {g: palette(i % 10) for i, g in enumerate(groups)}
    node_label = _centre_label(result, label)
    graph = nx.Graph()
    centre = ("node", node_label)
    pos = {centre: np.zeros(2)}
    ranked = _with_strength(ranked, measure)
    n_groups_of = ranked.groupby("collocate")["plot_group"].nunique()
    hubs, outward, hub_angle = _place_groups(ranked, groups, n_groups_of, graph, pos, centre)
    for rec in ranked.itertuples():
        graph.add_edge(
            hubs[rec.plot_group],
            ("coll", rec.collocate),
            colour=gcol[rec.plot_group],
            width=0.8 + 4 * rec.plot_strength,
            style="solid",
        )
    shared = [("coll", c) for c in sorted(n_groups_of[n_groups_of > 1].index)]
    _place_shared(ranked, shared, groups, hubs, hub_angle, pos, outward)
    _draw_graph(ax, graph, pos, ranked, shared, gcol)
    labels = _collocate_labels(ax, graph, pos, outward, shared)
    f_nodes = result.attrs.get("freq_node", {})
    labels += _hub_labels(ax, hubs, centre, pos, gcol, f_nodes, ranked)
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
    _fit(ax, pos, labels, own_figure)
    legend = "\nedge width: strength · hub n = node frequency"
    legend += " · white nodes: shared by several groups" if shared else ""
    ax.set_title(title(result, measure) + legend, fontsize=10)
    add_caption(ax, result)
    return ax


def _with_strength(ranked: pd.DataFrame, measure: str) -> pd.DataFrame:
    """``plot_strength``: ``measure`` rescaled to [0, 1] over the drawn rows (1 if all tie)."""
    values = ranked[measure].to_numpy(dtype=float)
    lo, hi = (np.nanmin(values), np.nanmax(values)) if len(values) else (0.0, 1.0)
    strength = (ranked[measure] - lo) / (hi - lo) if hi > lo else ranked[measure] * 0 + 1
    return ranked.assign(plot_strength=strength.to_numpy())


def _place_groups(ranked, groups, n_groups_of, graph, pos, centre):
    """Hubs on a circle (the centre itself for one group) and each group's own collocates
    fanned out from its hub, nearer when stronger. Fills ``pos``; returns the hubs, the
    outward direction of every placed collocate and the angle of every hub."""
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
    return hubs, outward, hub_angle


def _place_shared(ranked, shared, groups, hubs, hub_angle, pos, outward) -> None:
    """Shared collocates: between the hubs of their groups (at the gaps between hubs when
    linked to all of them); several with the same groups are stacked radially."""
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


def _draw_graph(ax, graph, pos, ranked, shared, gcol) -> None:
    """Edges (dashed centre-hub links first), then the collocate nodes (shared: white)."""
    import networkx as nx

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


def _collocate_labels(ax, graph, pos, outward, shared) -> list:
    """One label per collocate, offset away from its hub (bold when shared)."""
    labels = []
    for n in (n for n in graph.nodes if n[0] == "coll"):
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
    return labels


def _hub_labels(ax, hubs, centre, pos, gcol, f_nodes, ranked) -> list:
    """Group name and node frequency on each hub; returns the "no collocates" notes."""
    notes = []
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
            notes.append(
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
    return notes


def _fit(ax, pos, labels, own_figure: bool) -> None:
    """Limits around every node and label; an own figure is resized to the layout."""
    xy = np.array(list(pos.values()))
    pad = 0.3
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    boxes = None  # the labels' extents, passed on while they hold (no measuring twice)
    for _ in range(2):  # fitting rescales the axes, which can create new overlaps
        boxes = fit_texts(ax, labels, boxes=declutter(ax, labels, boxes=boxes))
    if own_figure:  # fill the figure: no empty bands around the equal-aspect layout
        fig = ax.figure
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.06, top=0.92)
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        height = fig.get_figwidth() * 0.96 * (y1 - y0) / (x1 - x0) / 0.86
        fig.set_size_inches(fig.get_figwidth(), float(np.clip(height, 4.5, 14)))
