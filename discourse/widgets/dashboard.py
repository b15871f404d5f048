"""The Voilà dashboard: the keyness, collocations and sentiment widgets in tabs."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from discourse.widgets.collocations import collocations_widget
from discourse.widgets.keyness import keyness_widget
from discourse.widgets.sentiment import sentiment_widget

__all__ = ["dashboard"]

#: Tab titles and the widget shown under each, in order.
TABS = {
    "Keyness": keyness_widget,
    "Collocations": collocations_widget,
    "Sentiment": sentiment_widget,
}


def dashboard(tokens: pd.DataFrame) -> w.Tab:
    """The three widgets in tabs "Keyness", "Collocations", "Sentiment" (the Voilà app).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).

    Returns
    -------
    ipywidgets.Tab
        With the CSS class ``discourse-dashboard``.
    """
    tab = w.Tab(children=[make(tokens) for make in TABS.values()])
    tab.titles = tuple(TABS)
    tab.add_class("discourse-dashboard")
    return tab
