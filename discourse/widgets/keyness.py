"""The keyness widget: key terms of one group against the others, a plot and KWIC lines.

The update logic is module-level and takes the controls' values as a dict:
:func:`keyness_result` (the analysis, kept across ``top`` changes),
:func:`keyness_analysis` (table, plot, heading), :func:`keyness_kwic` (the lines of one
term), :func:`keyness_view` (everything shown, with the per-widget caches of a
:class:`KeynessState`) and :func:`keyness_regroup` (target and reference choices after a
new grouping). :func:`keyness_widget` only wires its controls to them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from discourse._validate import Groups, Interval, Options, Table, Values, validate_params
from discourse.analysis.codes import string_codes
from discourse.analysis.counts import UNITS
from discourse.analysis.kwic import kwic
from discourse.analysis.measures import CORRECTIONS, MEASURES
from discourse.errors import CorpusError
from discourse.widgets.base import LRU, AnalysisWidget, renew
from discourse.widgets.concordance import (
    concordance_controls,
    concordance_page,
    measure_note,
)
from discourse.widgets.controls import (
    ALL_VOICES,
    POS_FILTERS,
    Grouping,
    Offer,
    PosFilter,
    chosen,
    dropdown,
    group_columns,
    groups,
    int_control,
    offer_to,
    pick,
    pos_label,
    role_arg,
    role_control,
    values_of,
)
from discourse.widgets.keyness_analysis import (
    KEYNESS_COLUMNS,
    REST,
    keyness_analysis,
    keyness_columns,
    keyness_result,
)
from discourse.widgets.render import Tables, message_html

__all__ = [
    "KEYNESS_COLUMNS",
    "REST",
    "KeynessState",
    "keyness_analysis",
    "keyness_columns",
    "keyness_kwic",
    "keyness_result",
    "keyness_view",
    "keyness_widget",
]

#: Controls the table and plot depend on (``term`` only chooses the KWIC lines).
ANALYSIS_CONTROLS = (
    "by",
    "target",
    "reference",
    "unit",
    "pos",
    "measure",
    "min_freq",
    "alpha",
    "correction",
    "top",
    "role",
)
ALPHAS = (0.1, 0.05, 0.01, 0.001, 0.0001)  #: the alpha choices (a given one is added)


@dataclass(eq=False)
class KeynessState:
    """What one keyness widget keeps between updates: results, KWIC lines, token subsets."""

    tokens: pd.DataFrame
    tested: LRU = field(default_factory=lambda: LRU(8))  # keyness() results, all but top
    results: LRU = field(default_factory=LRU)
    lines: LRU = field(default_factory=LRU)
    pages: LRU = field(default_factory=LRU)
    subsets: LRU = field(default_factory=lambda: LRU(8))
    codes: LRU = field(default_factory=lambda: LRU(8))
    group_lists: LRU = field(default_factory=lambda: LRU(8))
    role_options: tuple[str, ...] = ()

    def groups(self, by: str) -> list[str]:
        """The groups of grouping ``by`` (the target choices)."""
        return self.group_lists.get(by, lambda: groups(self.tokens, by))

    def rows_in(self, col: str, values: Sequence[str]) -> np.ndarray:
        """``tokens[col].astype(str).isin(values)`` for present values, from codes."""
        codes, names = self.codes.get(col, lambda: string_codes(self.tokens, col))
        return np.isin(codes, np.flatnonzero(pd.Index(names).isin(values)))

    def subset(self, by: str, where: tuple[str, ...], role: str) -> pd.DataFrame:
        """The tokens of groups ``where`` of ``by`` (and of ``role`` unless all voices)."""

        def make() -> pd.DataFrame:
            keep = self.rows_in(by, where)
            if role != ALL_VOICES:
                keep &= self.rows_in("role", [role])
            return self.tokens[keep]

        return self.subsets.get((by, where, role), make)


def keyness_kwic(
    state: KeynessState, values: dict[str, Any], term: str, freq_target: int
) -> tuple[str, pd.DataFrame]:
    """The KWIC heading (HTML) and lines of ``term`` in the target, or in the reference
    when the term does not occur in the target (``freq_target == 0``), with the speaker
    and role of each."""
    v = values
    unit = "lower" if v["unit"].endswith("gram") else v["unit"]  # n-grams: word forms
    query = " ".join(re.escape(p) for p in term.split())
    where = (v["target"],)
    if freq_target == 0:  # key for the reference only: read it there
        others = [g for g in state.groups(v["by"]) if g != v["target"]]
        where = tuple(others if v["reference"] == REST else [v["reference"]])
    sub = state.subset(v["by"], where, v["role"])
    lines = kwic(
        sub,
        query,
        window=10,
        unit=unit,
        regex=True,
        case_insensitive=v["unit"] != "text",
        by=v["by"],
        role=None,  # the subset holds the role of the control already (cached, not copied)
    )
    lines.attrs["params"]["role"] = role_arg(v["role"])  # so the lines' provenance says so
    title = (
        f"<h4>KWIC: <i>{html.escape(term)}</i> in {html.escape(', '.join(where))}, role "
        f"{html.escape(v['role'])} ({len(lines)} line{'s' * (len(lines) != 1)})</h4>"
    )
    if lines.empty:
        title += message_html(f"no occurrence of {term!r} in {', '.join(where)}")
    return title, lines


def keyness_view(state: KeynessState, values: dict[str, Any], offer: Offer = pick) -> list[Any]:
    """Everything the keyness widget shows for ``values``: heading, legend, table, plot and
    the concordance of the chosen term.

    The table's terms are offered as the ``term`` choices (``offer("term", terms, keep)``
    returns the term whose KWIC lines are shown; none after an error). Results are cached
    in ``state`` (emptied when the table's content changed:
    :func:`~discourse.widgets.base.renew`).
    """
    renew(state)
    v = values
    key = tuple(v[k] for k in ANALYSIS_CONTROLS)
    tested = tuple(v[k] for k in ANALYSIS_CONTROLS if k != "top")  # top: rows shown only

    def analysis() -> tuple[str, Tables, Figure, list[str]]:
        result = state.tested.get(tested, lambda: keyness_result(state.tokens, v))
        return keyness_analysis(state.tokens, v, result)

    try:
        head, tables, fig, terms = state.results.get(key, analysis)
    except CorpusError:
        offer("term", [], None)  # no stale terms under an error
        raise
    term = offer("term", terms, v["term"])
    legend = measure_note([v["measure"], "log_likelihood", "log_ratio", "p_adjusted", "dp_target"])
    items: list[Any] = [f"<p>{head}</p>{legend}", tables, fig]
    if term is not None:
        row = tables.frames[next(iter(tables.frames))].set_index("term").loc[term]
        where = (v["by"], v["target"], v["reference"], v["role"], v["unit"], term)
        title, lines = state.lines.get(
            where, lambda: keyness_kwic(state, v, term, row["freq_target"])
        )
        info = ["doc_id", "speaker", "role"]
        items.append(concordance_page(state.pages, where, v, title, lines, info))
    return items


def keyness_regroup(state: KeynessState, values: dict[str, Any], offer: Offer = pick) -> None:
    """Offer the groups of a new grouping ``values["by"]`` as target and reference choices:
    the current ones kept when they are groups with words, else the last group with words
    of the chosen role, and REST. Grouping by role needs every voice: the role control
    then moves to "all voices" (a role grouping within one role has one group)."""
    renew(state)
    v = dict(values)
    if v["by"] == "role" and v["role"] != ALL_VOICES:
        v["role"] = offer("role", state.role_options, ALL_VOICES)
    found = state.groups(v["by"])
    filled = [g for g in found if state.subset(v["by"], (g,), v["role"]).shape[0]] or found
    keep = v["target"] if v["target"] in filled else filled[-1]
    offer("target", found, keep)
    offer("reference", [REST, *found], v["reference"] if v["reference"] in found else REST)


def keyness_controls(tokens: pd.DataFrame, args: dict[str, Any]) -> dict[str, Any]:
    """The keyness widget's controls, set to the (checked) arguments of
    :func:`keyness_widget` (all but ``term``, which needs the first result)."""
    a = args
    found = groups(tokens, a["by"])
    target = (
        found[-1] if a["target"] is None else chosen("keyness_widget", "target", a["target"], found)
    )
    reference = (
        REST
        if a["reference"] is None
        else chosen("keyness_widget", "reference", a["reference"], found)
    )
    alphas = sorted({*ALPHAS, float(a["alpha"])}, reverse=True)
    return {
        "by": dropdown("group by", group_columns(tokens), a["by"]),
        "target": dropdown("target", found, target, "270px"),
        "reference": dropdown("reference", [REST, *found], reference, "290px"),
        "unit": dropdown("unit", UNITS, a["unit"], "150px"),
        "pos": dropdown("pos", list(POS_FILTERS), pos_label(a["pos"]), "200px"),
        "measure": dropdown("measure", MEASURES, a["measure"], "230px"),
        "min_freq": int_control("min freq", a["min_freq"], 1, 100_000, slider=False),
        "alpha": dropdown("alpha", alphas, float(a["alpha"]), "150px"),
        "correction": dropdown("correction", CORRECTIONS, a["correction"], "190px"),
        "top": int_control("top", a["top"], 3, 50),
        "role": role_control(tokens, a["role"]),
        "term": dropdown("term", [], None, "300px"),
        **concordance_controls(),
    }


# The numpydoc docstring documents every argument (~55 lines); the body is ~20 lines.
@validate_params(
    tokens=Table(),
    by=Grouping(),
    target=Groups(many=False, none=True, none_label="the last group"),
    reference=Groups(many=False, none=True, none_label="all other groups"),
    unit=Options(*UNITS),
    pos=PosFilter(),
    measure=Options(*MEASURES),
    min_freq=Interval(int, 1, 100_000),
    alpha=Interval(float, 0, 1, closed="neither"),
    correction=Options(*CORRECTIONS),
    top=Interval(int, 3, 50),
    role=Values("role", many=False),
)
def keyness_widget(
    tokens: pd.DataFrame,
    *,
    by: str = "period",
    target: Any = None,
    reference: Any = None,
    unit: str = "lemma",
    pos: str | Sequence[str] | None = "content words",
    measure: str = "log_likelihood",
    min_freq: int = 3,
    alpha: float = 0.05,
    correction: str = "bh",
    top: int = 10,
    role: str | None = "government",
    term: str | None = None,
) -> AnalysisWidget:
    """Key terms of one group against the others, with a plot and KWIC lines per term.

    Each argument is the first value of the control of the same name; each refresh calls
    :func:`discourse.keyness`, :func:`discourse.plot_keyness`, :func:`discourse.kwic` and
    :func:`discourse.kwic_html` (through :func:`keyness_view`) with the controls' values.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).
    by : str
        Grouping column: one of period, cabinet, minister, doc_type, speaker, role, doc_id
        that the table has with two or more values.
    target : value of ``by``, optional
        The group studied (default: the last group, e.g. the latest period).
    reference : value of ``by``, optional
        The group compared against; ``None`` (default) is "all other groups".
    unit : {"lemma", "lower", "text", "bigram", "trigram", "4-gram", "5-gram"}
    pos : str, list of str or None
        "all" (or ``None``), "content words", "nouns", "adjectives", "verbs", "adverbs",
        or the UPOS tags of one of them (``["NOUN", "PROPN"]`` is "nouns").
    measure : str
        Sorting measure, one of :data:`discourse.analysis.measures.MEASURES`.
    min_freq : int
        Minimum frequency in target and reference together (1 to 100,000).
    alpha : float
        Significance level after correction (0 < alpha < 1).
    correction : {"bh", "bonferroni", "none"}
    top : int
        Terms shown per direction (3 to 50).
    role : str or None, default "government"
        Whose words count: the cabinet's own voice by default; ``"parliament"``, another
        value of the ``role`` column, or ``None`` ("all voices").
    term : str, optional
        The term whose KWIC lines are shown (default: the first of the table).

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
    >>> keyness_widget(toks, by="period", target="Veldkamp", pos="nouns")  # doctest: +SKIP
    """
    args = dict(by=by, target=target, reference=reference, unit=unit, pos=pos, measure=measure)
    args.update(min_freq=min_freq, alpha=alpha, correction=correction, top=top, role=role)
    state = KeynessState(tokens)
    controls = keyness_controls(tokens, args)
    state.role_options = tuple(controls["role"].options)
    offer = offer_to(controls)

    def on_change(name: str) -> None:
        if name == "by":
            keyness_regroup(state, values_of(controls), offer)
        if name != "page":  # other lines or pages: back to the first page
            controls["page"].value = 1

    widget = AnalysisWidget(
        controls, lambda v: keyness_view(state, v, offer), kind="keyness", on_change=on_change
    )
    if term is not None:
        options = list(controls["term"].options)
        with widget.holding():
            controls["term"].value = chosen("keyness_widget", "term", term, options)
        widget.refresh()
    return widget
