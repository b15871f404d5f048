"""The Voilà dashboard: the keyness, collocations, sentiment and n-grams widgets in tabs."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from discourse._validate import Table, Values, validate_params
from discourse.widgets.collocations import collocations_widget
from discourse.widgets.controls import TabDefaults, group_columns
from discourse.widgets.keyness import keyness_widget
from discourse.widgets.ngrams import ngrams_widget
from discourse.widgets.sentiment import sentiment_widget

__all__ = ["dashboard"]

#: Tab titles and the widget shown under each, in order.
TABS = {
    "Keyness": keyness_widget,
    "Collocations": collocations_widget,
    "Sentiment": sentiment_widget,
    "N-grams": ngrams_widget,
}


def _grouping(tokens: pd.DataFrame, name: str) -> dict[str, Any]:
    """``by`` for tab ``name`` when the table has no period to group by: the first grouping
    (keyness needs one), else none (one group); ``{}`` when the widget's default fits."""
    found = group_columns(tokens)
    if "period" in found:
        return {}
    return {"by": found[0] if found else None} if name == "Keyness" else {"by": None}


@validate_params(
    tokens=Table(),
    role=Values("role", many=False),
    keyness=TabDefaults(keyness_widget),
    collocations=TabDefaults(collocations_widget),
    sentiment=TabDefaults(sentiment_widget),
    ngrams=TabDefaults(ngrams_widget),
)
def dashboard(
    tokens: pd.DataFrame,
    *,
    role: str | None = "government",
    keyness: dict[str, Any] | None = None,
    collocations: dict[str, Any] | None = None,
    sentiment: dict[str, Any] | None = None,
    ngrams: dict[str, Any] | None = None,
) -> w.Tab:
    """The four widgets in tabs "Keyness", "Collocations", "Sentiment", "N-grams" (Voilà).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).
    role : str or None, default "government"
        The role every tab starts on: the cabinet's own voice by default; ``"parliament"``,
        another value of the ``role`` column, or ``None`` ("all voices").
    keyness, collocations, sentiment, ngrams : dict, optional
        Arguments of :func:`~discourse.widgets.keyness.keyness_widget`,
        :func:`~discourse.widgets.collocations.collocations_widget`,
        :func:`~discourse.widgets.sentiment.sentiment_widget` and
        :func:`~discourse.widgets.ngrams.ngrams_widget` for that tab (a ``role``
        there wins over ``role``), e.g. ``collocations={"terms": "Europa"}``.

    Returns
    -------
    ipywidgets.Tab
        With the CSS class ``discourse-dashboard``.

    Raises
    ------
    CorpusError
        A bad value or an unknown argument, of the dashboard or of a tab.
    """
    given = {
        "Keyness": keyness,
        "Collocations": collocations,
        "Sentiment": sentiment,
        "N-grams": ngrams,
    }
    children = [
        make(tokens, **{"role": role, **_grouping(tokens, name), **(given[name] or {})})
        for name, make in TABS.items()
    ]
    tab = w.Tab(children=children)
    tab.titles = tuple(TABS)
    tab.add_class("discourse-dashboard")
    return tab
