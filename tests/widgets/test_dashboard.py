"""The dashboard: the three widgets in tabs (the Voilà app)."""

from __future__ import annotations

import ipywidgets as w

from discourse.widgets.dashboard import dashboard


def test_dashboard_has_three_tabs(toks):
    tab = dashboard(toks)
    assert isinstance(tab, w.Tab) and "discourse-dashboard" in tab._dom_classes
    assert list(tab.titles) == ["Keyness", "Collocations", "Sentiment"]
    kinds = [
        next(c for c in child._dom_classes if c != "discourse-widget") for child in tab.children
    ]
    assert kinds == ["discourse-keyness", "discourse-collocations", "discourse-sentiment"]
