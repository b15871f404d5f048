"""The sentiment widget: lexicon polarity per group, a plot, the most positive and negative units.

The update logic is module-level and takes the controls' values as a dict:
:func:`sentiment_scores` (the scored units), :func:`sentiment_summary` (table and plot per
group) and :func:`sentiment_view` (everything shown, with the per-widget caches of a
:class:`SentimentState`). :func:`sentiment_widget` only wires its controls to them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from discourse.analysis.lexicon import list_lexicons
from discourse.analysis.sentiment import NEGATION_MODES, sentiment, summarise_sentiment
from discourse.provenance import provenance
from discourse.viz.sentiment import plot_sentiment, sentiment_html
from discourse.widgets.base import LRU, AnalysisWidget
from discourse.widgets.controls import (
    ALL,
    NONE,
    apply_defaults,
    dropdown,
    group_columns,
    int_control,
    none_as,
    role_arg,
    role_control,
    split_terms,
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

ROLE = ALL  #: the role selected first
#: Controls the scored units depend on (besides the target terms).
SCORE_CONTROLS = ("level", "lexicon", "role", "negation")


@dataclass(eq=False)
class SentimentState:
    """What one sentiment widget keeps between updates: scored units, tables and plots."""

    tokens: pd.DataFrame
    scored: LRU = field(default_factory=lambda: LRU(12))
    drawn: LRU = field(default_factory=LRU)


def sentiment_scores(
    tokens: pd.DataFrame, values: dict[str, Any], targets: list[str]
) -> pd.DataFrame:
    """The units scored for ``values`` (:func:`discourse.sentiment`), only those mentioning
    one of ``targets`` when there are any."""
    v = values
    return sentiment(
        tokens,
        level=v["level"],
        target=targets or None,
        lexicon=v["lexicon"],
        negation=v["negation"],
        role=role_arg(v["role"]),
    )


def sentiment_summary(values: dict[str, Any], result: pd.DataFrame) -> tuple[Tables, Figure]:
    """The mean polarity per group of ``values["by"]``: table (bootstrap CI) and plot."""
    v = values
    by = [] if v["by"] == NONE else [v["by"]]
    if by and by[0] not in result:
        raise ValueError(
            f"group by {by[0]!r} is not available at level {v['level']!r} (it varies "
            "within a unit); choose a finer level or another grouping"
        )
    summary = summarise_sentiment(result, by=by)
    table = summary.assign(**{c_: summary[c_].astype(str) for c_ in by}).round(3)
    tables = Tables(
        {"mean polarity per group (bootstrap CI)": table},
        caption=provenance(summary),
        kind="sentiment",
    )
    if not by:  # the plot needs a group column: the whole table as one named group
        result, by = result.assign(corpus="all units"), ["corpus"]
        summary = summarise_sentiment(result, by=by)
    n_groups = result[by[0]].nunique()
    _, ax = plt.subplots(figsize=(10, max(3.8, 1.8 + 0.9 * n_groups)))  # room for titles
    return tables, figure_of(plot_sentiment(summary, units=result, ax=ax))


def sentiment_view(state: SentimentState, values: dict[str, Any]) -> list[Any]:
    """Everything the sentiment widget shows for ``values``: heading, table, plot and the
    most positive and negative units (an empty selection raises a ValueError saying so)."""
    v = values
    targets = split_terms(v["targets"])
    key = (v["level"], tuple(targets), v["lexicon"], v["role"], v["negation"])
    result = state.scored.get(key, lambda: sentiment_scores(state.tokens, v, targets))
    if result.empty:
        what = f" mentioning {', '.join(map(repr, targets))}" if targets else ""
        raise ValueError(f"no {v['level']}{what} (role {v['role']}); change the targets")
    if not (result["n_hits"] > 0).any():
        raise ValueError(f"no {v['level']} contains a word of lexicon {v['lexicon']!r}")
    tables, fig = state.drawn.get((*key, v["by"]), lambda: sentiment_summary(v, result))
    units = tag_tables(sentiment_html(result, top=v["top"]), "sentiment", "sentiment")
    units = units.replace("<td>", '<td style="text-align:left">')  # text reads from left
    n_scored = int((result["n_hits"] > 0).sum())
    head = (
        f"{len(result)} {v['level']}s{' mentioning ' if targets else ''}"
        f"{html.escape(', '.join(targets))}, {n_scored} with lexicon words "
        f"({html.escape(v['lexicon'])}, negation {v['negation']})"
    )
    return [f"<p>{head}</p>", tables, fig, units]


def sentiment_controls(tokens: pd.DataFrame, defaults: dict[str, Any]) -> dict[str, Any]:
    """The sentiment widget's controls; normalises ``defaults`` in place (``None`` as a
    label); they are applied by :func:`sentiment_widget`."""
    groupings = group_columns(tokens, optional=True)
    none_as(defaults, by=NONE, role=ALL, targets="")
    return {
        "level": dropdown("level", ["sentence", "segment", "document"], "sentence", "190px"),
        "by": dropdown("group by", groupings, "period" if "period" in groupings else NONE),
        "targets": text_control(w.Text, "targets", "", "e.g. VS, Verenigde Staten, Amerika"),
        "lexicon": dropdown("lexicon", list_lexicons(), "pattern-nl", "220px"),
        "role": role_control(tokens, ROLE),
        "negation": dropdown("negation", NEGATION_MODES, "clause", "190px"),
        "top": int_control("top", 5, 1, 30),
    }


def sentiment_widget(tokens: pd.DataFrame, **defaults: Any) -> AnalysisWidget:
    """Lexicon sentiment per group, with the most positive and negative units highlighted.

    Controls (all optional as keyword defaults): ``level`` (sentence, segment, document),
    ``by`` (grouping or ``None``), ``targets`` (terms, comma separated, e.g. "VS,
    Verenigde Staten, Amerika": only units mentioning one are scored), ``lexicon``
    ("pattern-nl" or a file of ``data/lexicons``), ``role``, ``negation`` and ``top``
    (units shown per direction). Each refresh calls :func:`discourse.sentiment`,
    :func:`discourse.summarise_sentiment`, :func:`discourse.plot_sentiment` and
    :func:`discourse.sentiment_html` (through :func:`sentiment_view`).

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
        An unknown control, grouping column, lexicon or value in ``defaults``.

    Examples
    --------
    >>> sentiment_widget(toks, targets="VS, Verenigde Staten, Amerika")  # doctest: +SKIP
    """
    state = SentimentState(tokens)
    controls = sentiment_controls(tokens, defaults)
    apply_defaults("sentiment_widget", controls, defaults)
    return AnalysisWidget(controls, lambda v: sentiment_view(state, v), kind="sentiment")
