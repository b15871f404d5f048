"""The sentiment widget: lexicon polarity per group, a plot, the most positive and negative units.

The update logic is module-level and takes the controls' values as a dict:
:func:`sentiment_scores` (the scored units), :func:`sentiment_summary` (table and plot per
group) and :func:`sentiment_view` (everything shown, with the per-widget caches of a
:class:`SentimentState`). :func:`sentiment_widget` only wires its controls to them.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from discourse._validate import Interval, Options, Table, Terms, Values, validate_params
from discourse.analysis.lexicon import Lexicon, lexicon_version, list_lexicons
from discourse.analysis.scoring import NEGATION_MODES
from discourse.analysis.sentiment import sentiment
from discourse.analysis.summaries import summarise_sentiment
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.viz.sentiment import plot_sentiment
from discourse.viz.sentiment_table import sentiment_html
from discourse.widgets.base import LRU, AnalysisWidget, renew
from discourse.widgets.controls import (
    NONE,
    Grouping,
    dropdown,
    group_columns,
    int_control,
    role_arg,
    role_control,
    split_terms,
    terms_text,
    text_control,
)
from discourse.widgets.render import Tables, figure_of, tag_tables

__all__ = [
    "SentimentState",
    "sentiment_scores",
    "sentiment_summary",
    "sentiment_view",
    "sentiment_widget",
]

LEVELS = ("sentence", "segment", "document")  #: the units scored
#: Controls the scored units depend on (besides the search terms).
SCORE_CONTROLS = ("level", "lexicon", "role", "negation")


@dataclass(eq=False)
class SentimentState:
    """What one sentiment widget keeps between updates: scored units, tables and plots."""

    tokens: pd.DataFrame
    scored: LRU = field(default_factory=lambda: LRU(12))
    drawn: LRU = field(default_factory=LRU)


def sentiment_scores(
    tokens: pd.DataFrame, values: dict[str, Any], terms: list[str]
) -> pd.DataFrame:
    """The units scored for ``values`` (:func:`discourse.sentiment`), only those mentioning
    one of ``terms`` when there are any."""
    v = values
    return sentiment(
        tokens,
        level=v["level"],
        terms=terms or None,
        lexicon=v["lexicon"],
        negation=v["negation"],
        role=role_arg(v["role"]),
    )


def sentiment_summary(values: dict[str, Any], result: pd.DataFrame) -> tuple[Tables, Figure]:
    """The mean polarity per group of ``values["by"]``: table (bootstrap CI) and plot."""
    v = values
    by = [] if v["by"] == NONE else [v["by"]]
    if by and by[0] not in result:
        raise CorpusError(
            f"group by {by[0]!r} is not available at level {v['level']!r} (it varies "
            "within a unit); choose a finer level or another grouping"
        )
    summary = summarise_sentiment(result, by=by)
    table = summary.assign(**{c_: summary[c_].astype(str) for c_ in by}).round(3)
    tables = Tables(
        {"mean polarity per group (bootstrap CI)": table},
        caption=provenance(summary),
        kind="sentiment",
        attrs=summary.attrs,
    )
    if not by:  # the plot needs a group column: the whole table as one named group
        result, by = result.assign(corpus="all units"), ["corpus"]
        summary = summarise_sentiment(result, by=by)
    n_groups = result[by[0]].nunique()
    _, ax = plt.subplots(figsize=(10, max(3.8, 1.8 + 0.9 * n_groups)))  # room for titles
    return tables, figure_of(plot_sentiment(summary, units=result, ax=ax))


def sentiment_view(state: SentimentState, values: dict[str, Any]) -> list[Any]:
    """Everything the sentiment widget shows for ``values``: heading, table, plot and the
    most positive and negative units, with their speaker and role (an empty selection
    raises a CorpusError saying so). Scores are cached in ``state`` per control values
    and lexicon content (an edited lexicon file is read again), and dropped when the
    table's content changed."""
    renew(state)
    v = values
    terms = split_terms(v["terms"])
    lexicon = lexicon_version(v["lexicon"])
    key = (v["level"], tuple(terms), lexicon, v["role"], v["negation"])
    result = state.scored.get(key, lambda: sentiment_scores(state.tokens, v, terms))
    if result.empty:
        what = f" mentioning {', '.join(map(repr, terms))}" if terms else ""
        raise CorpusError(f"no {v['level']}{what} (role {v['role']}); change the terms")
    if not (result["n_hits"] > 0).any():
        raise CorpusError(f"no {v['level']} contains a word of lexicon {v['lexicon']!r}")
    tables, fig = state.drawn.get((*key, v["by"]), lambda: sentiment_summary(v, result))
    units = tag_tables(sentiment_units(result, v["top"]), "sentiment", "sentiment")
    units = units.replace("<td>", '<td style="text-align:left">')  # text reads from left
    n_scored = int((result["n_hits"] > 0).sum())
    head = (
        f"{len(result)} {v['level']}s{' mentioning ' if terms else ''}"
        f"{html.escape(', '.join(terms))}, {n_scored} with lexicon words "
        f"({html.escape(v['lexicon'])}, negation {v['negation']}); role "
        f"{html.escape(v['role'])}"
    )
    return [f"<p>{head}</p>", tables, fig, units]


def sentiment_units(result: pd.DataFrame, top: int) -> str:
    """The ``top`` most positive units (polarity > 0) and the ``top`` most negative ones
    (< 0) as :func:`discourse.sentiment_html` shows them: a unit is in one list at most,
    long units (documents, segments) are excerpts around their strongest words."""
    return sentiment_html(result, top=top, which="both")


def sentiment_controls(tokens: pd.DataFrame, args: dict[str, Any]) -> dict[str, Any]:
    """The sentiment widget's controls, set to the (checked) arguments of
    :func:`sentiment_widget`."""
    a = args
    lexicons = list_lexicons()
    lexicon = str(a["lexicon"])
    if lexicon not in lexicons:  # a file of the user's: offered next to the bundled ones
        lexicons.append(lexicon)
    return {
        "level": dropdown("level", LEVELS, a["level"], "190px"),
        "by": dropdown("group by", group_columns(tokens, optional=True), a["by"] or NONE),
        "terms": text_control(
            w.Text, "terms", terms_text(a["terms"]), "e.g. VS, Verenigde Staten, Amerika"
        ),
        "lexicon": dropdown("lexicon", lexicons, lexicon, "220px"),
        "role": role_control(tokens, a["role"]),
        "negation": dropdown("negation", NEGATION_MODES, a["negation"], "190px"),
        "top": int_control("top", a["top"], 1, 30),
    }


@validate_params(
    tokens=Table(),
    level=Options(*LEVELS),
    by=Grouping(none=True, none_label="no grouping"),
    terms=Terms(none=True, none_label="every unit"),
    lexicon=Lexicon(),
    role=Values("role", many=False),
    negation=Options(*NEGATION_MODES),
    top=Interval(int, 1, 30),
)
def sentiment_widget(
    tokens: pd.DataFrame,
    *,
    level: str = "sentence",
    by: str | None = "period",
    terms: str | Sequence[str] | None = None,
    lexicon: str | Path = "pattern-nl",
    role: str | None = "government",
    negation: str = "clause",
    top: int = 5,
) -> AnalysisWidget:
    """Lexicon sentiment per group, with the most positive and negative units highlighted.

    Each argument is the first value of the control of the same name; each refresh calls
    :func:`discourse.sentiment`, :func:`discourse.summarise_sentiment`,
    :func:`discourse.plot_sentiment` and :func:`discourse.sentiment_html` (through
    :func:`sentiment_view`). The units shown say whose words they are (speaker, role).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).
    level : {"sentence", "segment", "document"}
        The unit scored.
    by : str or None, default "period"
        Grouping column of the summary and plot, or ``None`` for one group.
    terms : str or list of str, optional
        Score only the units that mention one of these terms (comma separated in the box,
        e.g. "VS, Verenigde Staten, Amerika"); ``None`` (default) scores every unit.
    lexicon : str or path
        "pattern-nl", a lexicon of ``data/lexicons`` or a CSV/YAML file.
    role : str or None, default "government"
        Whose words count: the cabinet's own voice by default; ``"parliament"``, another
        value of the ``role`` column, or ``None`` ("all voices").
    negation : {"clause", "pattern", "none"}
    top : int
        Units shown per direction (1 to 30).

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
    >>> sentiment_widget(toks, terms="VS, Verenigde Staten, Amerika")  # doctest: +SKIP
    """
    args = dict(level=level, by=by, terms=terms, lexicon=lexicon, role=role)
    args.update(negation=negation, top=top)
    state = SentimentState(tokens)
    controls = sentiment_controls(tokens, args)
    return AnalysisWidget(controls, lambda v: sentiment_view(state, v), kind="sentiment")
