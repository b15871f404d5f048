"""The collocations widget: collocates of a node per group, a network and KWIC lines.

The update logic is module-level and takes the controls' values as a dict:
:func:`collocations_analysis` (tables, network, heading), :func:`collocations_kwic` (the
lines of the node with one collocate) and :func:`collocations_view` (everything shown, with
the per-widget caches of a :class:`CollocationsState`). :func:`collocations_widget` only
wires its controls to them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from discourse.analysis.collocations import COLLOCATION_MEASURES, collocations
from discourse.analysis.dictionary import glob_escape
from discourse.analysis.kwic import kwic, kwic_html
from discourse.provenance import provenance
from discourse.viz.network import plot_collocation_network
from discourse.widgets.base import LRU, AnalysisWidget
from discourse.widgets.controls import (
    ALL,
    NONE,
    POS_FILTERS,
    Offer,
    apply_defaults,
    dropdown,
    group_columns,
    int_control,
    none_as,
    offer_to,
    pick,
    pos_label,
    role_arg,
    role_control,
    split_terms,
    text_control,
)
from discourse.widgets.render import (
    KWIC_LINES,
    Tables,
    figure_of,
    message_html,
    note_html,
    tag_tables,
)

__all__ = [
    "CollocationsState",
    "collocations_analysis",
    "collocations_kwic",
    "collocations_view",
    "collocations_widget",
]

ROLE = ALL  #: the role selected first
#: Collocation node used by default when it occurs (the corpus' focus: NL–US relations).
DEFAULT_NODE = "VS, Verenigde Staten, Amerika"
#: Controls the tables and network depend on (besides the node; ``collocate`` only chooses
#: the KWIC lines).
ANALYSIS_CONTROLS = ("left", "right", "measure", "min_freq", "pos", "by", "top", "role")


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
    present = [t for t in split_terms(DEFAULT_NODE) if t.split()[0].lower() in forms]
    return ", ".join(present) if present else (suggestions[0] if suggestions else "")


@dataclass(eq=False)
class CollocationsState:
    """What one collocations widget keeps between updates: results, KWIC lines, subsets."""

    tokens: pd.DataFrame
    results: LRU = field(default_factory=LRU)
    lines: LRU = field(default_factory=LRU)
    subsets: LRU = field(default_factory=lambda: LRU(4))

    def subset(self, role: str) -> pd.DataFrame:
        """The tokens of ``role`` (all of them for "all")."""
        tokens = self.tokens
        return self.subsets.get(
            role,
            lambda: (
                tokens if role == ALL else tokens[(tokens["role"].astype(str) == role).to_numpy()]
            ),
        )


def collocations_analysis(
    tokens: pd.DataFrame, values: dict[str, Any], nodes: list[str]
) -> tuple[str, Tables, Figure, list[str]]:
    """Heading, tables (one per group), network and collocates shown for ``values``.

    Returns ``(heading_html, Tables, Figure, collocates)``, the collocates ranked by the
    chosen measure; an absent node or nothing frequent enough raises a ValueError.
    """
    v = values
    by = None if v["by"] == NONE else v["by"]
    result = collocations(
        tokens,
        nodes,
        window=(v["left"], v["right"]),
        by=by,
        pos=POS_FILTERS[v["pos"]],
        role=role_arg(v["role"]),
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
    fig = figure_of(plot_collocation_network(result, measure=v["measure"], top=v["top"]))
    ranked = result.sort_values(v["measure"], ascending=False, kind="stable")
    head = (
        f"Collocates of <b>{html.escape(', '.join(nodes))}</b>, window "
        f"L{v['left']}/R{v['right']}, by {html.escape(v['measure'])}; "
        f"o = co-occurrences, freq_collocate = the collocate's frequency"
    )
    return head, tables, fig, list(dict.fromkeys(ranked["collocate"]))


def collocations_kwic(
    state: CollocationsState, values: dict[str, Any], nodes: list[str], collocate: str
) -> str:
    """KWIC lines (HTML) of ``nodes`` with ``collocate`` in the window of the table."""
    v = values
    by = None if v["by"] == NONE else v["by"]
    # lines with the collocate (a lemma of the wanted POS) in the window of the table
    # above, as collocations() counts it (words); at least 8 tokens of context shown
    found = kwic(
        state.subset(v["role"]),
        nodes,
        window=(max(v["left"], 8), max(v["right"], 8)),
        unit="lemma",
        by=by,
        collocate=glob_escape(collocate),
        collocate_on="lemma",
        collocate_window=(v["left"], v["right"]),
        collocate_pos=POS_FILTERS[v["pos"]],
        role=None,  # the subset has the role of the control already
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
    return title + tag_tables(markup, "discourse-kwic", "discourse-kwic") + note_html(found)


def collocations_view(
    state: CollocationsState, values: dict[str, Any], offer: Offer = pick
) -> list[Any]:
    """Everything the collocations widget shows for ``values``: heading, tables, network
    and, for the collocate ``offer("collocate", collocates, keep)`` returns, KWIC lines."""
    v = values
    nodes = split_terms(v["node"])
    if not nodes:
        raise ValueError("type a node: a word, a phrase, or several separated by commas")
    key = (tuple(nodes), *(v[k] for k in ANALYSIS_CONTROLS))
    head, tables, fig, colls = state.results.get(
        key, lambda: collocations_analysis(state.tokens, v, nodes)
    )
    coll = offer("collocate", colls, v["collocate"])
    items: list[Any] = [f"<p>{head}</p>", tables, fig]
    if coll is not None:
        where = (tuple(nodes), v["left"], v["right"], v["pos"], v["by"], v["role"], coll)
        items.append(state.lines.get(where, lambda: collocations_kwic(state, v, nodes, coll)))
    return items


def collocations_controls(tokens: pd.DataFrame, defaults: dict[str, Any]) -> dict[str, Any]:
    """The collocations widget's controls (the node: the default node, if it occurs).

    Normalises ``defaults`` in place (``None`` as a label, ``pos`` tags as a label, the node
    first); they are applied by :func:`collocations_widget`.
    """
    groupings = group_columns(tokens, optional=True)
    suggestions = _suggestions(tokens)
    none_as(defaults, by=NONE)
    if "pos" in defaults:
        defaults["pos"] = pos_label(defaults["pos"])
    none_as(defaults, role=ALL)
    c = {
        "node": text_control(
            w.Combobox,
            "node",
            "",
            "word, phrase or several, comma separated",
            options=suggestions,
            ensure_option=False,
        ),
        "left": int_control("left", 5, 0, 10),
        "right": int_control("right", 5, 0, 10),
        "measure": dropdown("measure", COLLOCATION_MEASURES, "log_dice", "290px"),
        "min_freq": int_control("min freq", 2, 1, 100_000, slider=False),
        "pos": dropdown("pos", list(POS_FILTERS), "content words", "200px"),
        "by": dropdown("group by", groupings, "period" if "period" in groupings else NONE),
        "top": int_control("top", 10, 3, 30),
        "role": role_control(tokens, ROLE),
        "collocate": dropdown("collocate", [], None, "300px"),
    }
    c["node"].value = _default_node(tokens, suggestions)
    return c


def collocations_widget(tokens: pd.DataFrame, **defaults: Any) -> AnalysisWidget:
    """Collocates of a node per group: side-by-side tables, a network and KWIC lines.

    Controls (all optional as keyword defaults): ``node`` (a term, a phrase, or several
    separated by commas; suggestions are the frequent lemmas), ``left``, ``right``
    (window), ``measure`` (:data:`discourse.analysis.collocations.COLLOCATION_MEASURES`),
    ``min_freq``, ``pos`` (of the collocates), ``by`` (grouping or ``None``), ``top``,
    ``role`` and ``collocate`` (whose KWIC lines, node in context, are shown). Each
    refresh calls :func:`discourse.collocations`, :func:`discourse.plot_collocation_network`,
    :func:`discourse.kwic` and :func:`discourse.kwic_html` (through
    :func:`collocations_view`).

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
    state = CollocationsState(tokens)
    node = defaults.pop("node", None)
    controls = collocations_controls(tokens, defaults)
    if node is not None:
        defaults = {"node": node, **defaults}
    collocate = defaults.pop("collocate", None)
    apply_defaults("collocations_widget", controls, defaults)
    offer = offer_to(controls)
    widget = AnalysisWidget(
        controls, lambda v: collocations_view(state, v, offer), kind="collocations"
    )
    if collocate is not None:
        with widget.holding():
            apply_defaults("collocations_widget", controls, {"collocate": collocate})
        widget.refresh()
    return widget
