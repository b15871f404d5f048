"""The collocations widget: collocates of search terms per group, a network and KWIC lines.

The update logic is module-level and takes the controls' values as a dict:
:func:`collocations_analysis` (tables, network, heading), :func:`collocations_kwic` (the
lines of the terms with one collocate) and :func:`collocations_view` (everything shown,
with the per-widget caches of a :class:`CollocationsState`). :func:`collocations_widget`
only wires its controls to them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from discourse._validate import Interval, Options, Table, Terms, Values, validate_params
from discourse.analysis.collocations import COLLOCATION_MEASURES, collocations
from discourse.analysis.kwic import kwic
from discourse.analysis.patterns import glob_escape
from discourse.analysis.windows import window_bounds
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.viz.network import plot_collocation_network
from discourse.widgets.base import LRU, AnalysisWidget, renew, role_subset
from discourse.widgets.concordance import (
    concordance_controls,
    concordance_page,
    measure_note,
)
from discourse.widgets.controls import (
    ALL_VOICES,
    NONE,
    POS_FILTERS,
    Grouping,
    Offer,
    PosFilter,
    SliderWindow,
    chosen,
    dropdown,
    group_columns,
    int_control,
    offer_to,
    pick,
    pos_label,
    role_arg,
    role_control,
    split_terms,
    terms_text,
    text_control,
)
from discourse.widgets.render import Tables, figure_of, message_html

__all__ = [
    "CollocationsState",
    "collocations_analysis",
    "collocations_kwic",
    "collocations_view",
    "collocations_widget",
]

#: Search terms used by default where they occur (the corpus' focus: NL–US relations).
DEFAULT_TERMS = "VS, Verenigde Staten, Amerika"
#: Controls the tables and network depend on (besides the terms; ``collocate`` only
#: chooses the KWIC lines).
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


def _default_terms(tokens: pd.DataFrame, suggestions: list[str]) -> str:
    """:data:`DEFAULT_TERMS` that occur (first word as a form or lemma), else the most
    frequent lemma."""
    forms = set(tokens["lower"].astype(str).str.lower()) | set(
        tokens["lemma"].astype(str).str.lower()
    )
    present = [t for t in split_terms(DEFAULT_TERMS) if t.split()[0].lower() in forms]
    return ", ".join(present) if present else (suggestions[0] if suggestions else "")


@dataclass(eq=False)
class CollocationsState:
    """What one collocations widget keeps between updates: results, KWIC lines, subsets."""

    tokens: pd.DataFrame
    results: LRU = field(default_factory=LRU)
    lines: LRU = field(default_factory=LRU)
    pages: LRU = field(default_factory=LRU)
    subsets: LRU = field(default_factory=lambda: LRU(4))

    def subset(self, role: str) -> pd.DataFrame:
        """The tokens of ``role`` (all of them for all voices)."""
        return role_subset(self, role)


def collocations_analysis(
    tokens: pd.DataFrame, values: dict[str, Any], terms: list[str]
) -> tuple[str, Tables, Figure, list[str]]:
    """Heading, tables (one per group), network and collocates shown for ``values``.

    Returns ``(heading_html, Tables, Figure, collocates)``, the collocates ranked by the
    chosen measure; absent terms or nothing frequent enough raise a CorpusError.
    """
    v = values
    by = None if v["by"] == NONE else v["by"]
    result = collocations(
        tokens,
        terms,
        window=(v["left"], v["right"]),
        by=by,
        pos=POS_FILTERS[v["pos"]],
        role=role_arg(v["role"]),
        min_freq=v["min_freq"],
        measure=v["measure"],
        top=v["top"],
    )
    f_node = result.attrs["freq_node"]
    if sum(f_node.values()) == 0:
        raise CorpusError(
            f"{', '.join(map(repr, terms))} does not occur in the corpus (role {v['role']}); "
            "try a suggestion from the list (frequent lemmas)"
        )
    if result.empty:
        raise CorpusError(
            f"no collocate of {', '.join(terms)} occurs at least {v['min_freq']} times in "
            f"the window L{v['left']}/R{v['right']} (pos {v['pos']}, role {v['role']}); "
            "lower min freq"
        )
    cols = ["collocate", "o", "freq_collocate", v["measure"]]
    frames = {}
    for label in f_node:
        part = result if by is None else result[result[by].astype(str) == label]
        title = f"{label} ({f_node[label]} match{'es' * (f_node[label] != 1)})"
        frames[title] = part[cols].round(2).reset_index(drop=True)
    tables = Tables(frames, caption=provenance(result), kind="collocations", attrs=result.attrs)
    fig = figure_of(plot_collocation_network(result, measure=v["measure"], top=v["top"]))
    ranked = result.sort_values(v["measure"], ascending=False, kind="stable")
    head = (
        f"Collocates of <b>{html.escape(', '.join(terms))}</b>, window "
        f"L{v['left']}/R{v['right']}, by {html.escape(v['measure'])}, role "
        f"{html.escape(v['role'])}; o = co-occurrences, freq_collocate = the collocate's "
        "frequency"
    )
    return head, tables, fig, list(dict.fromkeys(ranked["collocate"]))


def collocations_kwic(
    state: CollocationsState, values: dict[str, Any], terms: list[str], collocate: str
) -> tuple[str, pd.DataFrame]:
    """The KWIC heading (HTML) and lines of ``terms`` with ``collocate`` in the window of
    the table, with the speaker and role of each and the collocate's position (``at``)."""
    v = values
    by = None if v["by"] == NONE else v["by"]
    # lines with the collocate (a lemma of the wanted POS) in the window of the table
    # above, as collocations() counts it (words); at least 8 tokens of context shown, and
    # never fewer than the window (R4/R5 collocates stay in view)
    found = kwic(
        state.subset(v["role"]),
        terms,
        window=(max(v["left"] + 3, 8), max(v["right"] + 3, 8)),
        unit="lemma",
        by=by,
        collocate=glob_escape(collocate),
        collocate_on="lemma",
        collocate_window=(v["left"], v["right"]),
        collocate_pos=POS_FILTERS[v["pos"]],
        role=None,  # the subset holds the role of the control already (cached, not copied)
    )
    found.attrs["params"]["role"] = role_arg(v["role"])  # so the lines' provenance says so
    at = [  # offsets (-2, -1, 1) → "L1,L2,R1"
        ",".join([f"L{-d}" for d in reversed(o) if d < 0] + [f"R{d}" for d in o if d > 0])
        for o in found["collocate_offsets"]
    ]
    found = found.assign(at=at)
    title = (
        f"<h4>KWIC: {html.escape(', '.join(terms))} with <i>{html.escape(collocate)}</i> "
        f"in the window L{v['left']}/R{v['right']}, role {html.escape(v['role'])} "
        f"({len(found)} line{'s' * (len(found) != 1)}; the collocate is highlighted, "
        "at = its position)</h4>"
    )
    if found.empty:
        title += message_html(f"no line with {collocate!r} in the window")
    return title, found


def collocations_view(
    state: CollocationsState, values: dict[str, Any], offer: Offer = pick
) -> list[Any]:
    """Everything the collocations widget shows for ``values``: heading, legend, tables,
    network and, for the collocate ``offer("collocate", collocates, keep)`` returns (none
    after an error), its concordance. Results are cached in ``state`` (emptied when the
    table's content changed)."""
    renew(state)
    v = values
    terms = split_terms(v["terms"])
    try:
        if not terms:
            raise CorpusError(
                "the terms box is empty; type terms: a word, a phrase, or several separated "
                "by commas"
            )
        key = (tuple(terms), *(v[k] for k in ANALYSIS_CONTROLS))
        head, tables, fig, colls = state.results.get(
            key, lambda: collocations_analysis(state.tokens, v, terms)
        )
    except CorpusError:
        offer("collocate", [], None)  # no stale collocates under an error
        raise
    coll = offer("collocate", colls, v["collocate"])
    legend = measure_note([v["measure"], "o", "freq_collocate"])
    items: list[Any] = [f"<p>{head}</p>{legend}", tables, fig]
    if coll is not None:
        where = (tuple(terms), v["left"], v["right"], v["pos"], v["by"], v["role"], coll)
        title, lines = state.lines.get(where, lambda: collocations_kwic(state, v, terms, coll))
        by = [] if v["by"] == NONE else [v["by"]]
        info = list(dict.fromkeys(["doc_id", "speaker", "role", *by, "at"]))
        items.append(concordance_page(state.pages, where, v, title, lines, info))
    return items


def collocations_controls(tokens: pd.DataFrame, args: dict[str, Any]) -> dict[str, Any]:
    """The collocations widget's controls, set to the (checked) arguments of
    :func:`collocations_widget` (all but ``collocate``, which needs the first result)."""
    a = args
    suggestions = _suggestions(tokens)
    terms = _default_terms(tokens, suggestions) if a["terms"] is None else terms_text(a["terms"])
    left, right = window_bounds(a["window"])
    return {
        "terms": text_control(
            w.Combobox,
            "terms",
            terms,
            "word, phrase or several, comma separated",
            options=suggestions,
            ensure_option=False,
        ),
        "left": int_control("left", left, 0, 10),
        "right": int_control("right", right, 0, 10),
        "measure": dropdown("measure", COLLOCATION_MEASURES, a["measure"], "290px"),
        "min_freq": int_control("min freq", a["min_freq"], 1, 100_000, slider=False),
        "pos": dropdown("pos", list(POS_FILTERS), pos_label(a["pos"]), "200px"),
        "by": dropdown("group by", group_columns(tokens, optional=True), a["by"] or NONE),
        "top": int_control("top", a["top"], 3, 30),
        "role": role_control(tokens, a["role"]),
        "collocate": dropdown("collocate", [], None, "300px"),
        **concordance_controls(),
    }


# The numpydoc docstring documents every argument (~55 lines); the body is ~20 lines.
@validate_params(
    tokens=Table(),
    terms=Terms(none=True, none_label=f"{DEFAULT_TERMS!r} where they occur"),
    window=SliderWindow(most=10),
    measure=Options(*COLLOCATION_MEASURES),
    min_freq=Interval(int, 1, 100_000),
    pos=PosFilter(),
    by=Grouping(none=True, none_label="no grouping"),
    top=Interval(int, 3, 30),
    role=Values("role", many=False),
)
def collocations_widget(
    tokens: pd.DataFrame,
    terms: str | Sequence[str] | None = None,
    *,
    window: int | tuple[int, int] = (5, 5),
    measure: str = "log_dice",
    min_freq: int = 2,
    pos: str | Sequence[str] | None = "content words",
    by: str | None = "period",
    top: int = 10,
    role: str | None = "government",
    collocate: str | None = None,
) -> AnalysisWidget:
    """Collocates of search terms per group: side-by-side tables, a network and KWIC lines.

    Each argument is the first value of the control of the same name (``window`` sets the
    ``left`` and ``right`` sliders); each refresh calls :func:`discourse.collocations`,
    :func:`discourse.plot_collocation_network`, :func:`discourse.kwic` and
    :func:`discourse.kwic_html` (through :func:`collocations_view`).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).
    terms : str or list of str, optional
        Search terms (the node): a word, a phrase or a glob pattern, several as a list or
        separated by commas in the box, whose suggestions are the frequent lemmas.
        Default: "VS, Verenigde Staten, Amerika" where they occur, else the most frequent
        lemma.
    window : int or (int, int)
        Words to the left and right, 0 to 10 each (an int ``w`` means ``(w, w)``).
    measure : str
        Association measure, one of
        :data:`discourse.analysis.collocations.COLLOCATION_MEASURES`.
    min_freq : int
        Minimum co-occurrence per group (1 to 100,000).
    pos : str, list of str or None
        POS filter of the collocates: "all" (or ``None``), "content words", "nouns",
        "adjectives", "verbs", "adverbs", or the UPOS tags of one of them.
    by : str or None, default "period"
        Grouping column (one table per group) or ``None`` for one table.
    top : int
        Collocates per group (3 to 30).
    role : str or None, default "government"
        Whose words count: the cabinet's own voice by default; ``"parliament"``, another
        value of the ``role`` column, or ``None`` ("all voices").
    collocate : str, optional
        The collocate whose KWIC lines (terms in context) are shown (default: the first).

    Returns
    -------
    AnalysisWidget

    Raises
    ------
    CorpusError
        A bad value or an unknown argument (the message names it, the value and what is
        allowed).

    Examples
    --------
    >>> collocations_widget(toks, ["VS", "Verenigde Staten"], by="period")  # doctest: +SKIP
    """
    args = dict(terms=terms, window=window, measure=measure, min_freq=min_freq, pos=pos)
    args.update(by=by, top=top, role=role)
    state = CollocationsState(tokens)
    controls = collocations_controls(tokens, args)
    offer = offer_to(controls)

    def on_change(name: str) -> None:
        if name == "by" and controls["by"].value == "role":  # one role has one group
            controls["role"].value = ALL_VOICES
        if name != "page":  # other lines or pages: back to the first page
            controls["page"].value = 1

    widget = AnalysisWidget(
        controls,
        lambda v: collocations_view(state, v, offer),
        kind="collocations",
        on_change=on_change,
    )
    if collocate is not None:
        options = list(controls["collocate"].options)
        with widget.holding():
            controls["collocate"].value = chosen(
                "collocations_widget", "collocate", collocate, options
            )
        widget.refresh()
    return widget
