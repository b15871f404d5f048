"""The dashboard: the four widgets in tabs (the Voilà app), on the cabinet's voice."""

from __future__ import annotations

import ipywidgets as w
import pytest

from discourse.errors import CorpusError
from discourse.widgets.controls import ALL_VOICES
from discourse.widgets.dashboard import dashboard


@pytest.fixture(scope="module")
def tab(toks):
    return dashboard(toks)


def test_dashboard_has_four_tabs(tab):
    assert isinstance(tab, w.Tab) and "discourse-dashboard" in tab._dom_classes
    assert list(tab.titles) == ["Keyness", "Collocations", "Sentiment", "N-grams"]
    kinds = [
        next(c for c in child._dom_classes if c != "discourse-widget") for child in tab.children
    ]
    assert kinds == [
        "discourse-keyness",
        "discourse-collocations",
        "discourse-sentiment",
        "discourse-ngrams",
    ]


def test_every_tab_starts_on_the_cabinets_voice(tab, shown):
    for child in tab.children:
        assert child.values["role"] == "government"
        assert "role=government" in shown.caption(child)


def test_role_and_tab_arguments(toks, shown):
    tab = dashboard(
        toks,
        role=None,
        keyness={"target": "Veldkamp"},
        sentiment={"role": "government", "terms": "VS"},
    )
    keyness, collocations, sentiment, _ = tab.children
    assert keyness.values["role"] == collocations.values["role"] == ALL_VOICES
    assert "role=all voices" in shown.caption(collocations)
    assert keyness.values["target"] == "Veldkamp"
    assert sentiment.values["role"] == "government" and sentiment.values["terms"] == "VS"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"role": "xx"}, r"^dashboard\(\): role='xx' is not valid; allowed: one of"),
        ({"keyness": {"colour": 1}}, r"^dashboard\(\): keyness=\{'colour': 1\} is not valid"),
        ({"sentiment": "VS"}, r"^dashboard\(\): sentiment='VS' is not valid"),
        ({"collocations": {"top": 99}}, r"^collocations_widget\(\): top=99 is not valid"),
        ({"pipeline": "frog"}, r"^dashboard\(\): pipeline='frog' is not an argument"),
    ],
)
def test_bad_arguments_raise_corpus_error(toks, arguments, message):
    with pytest.raises(CorpusError, match=message):
        dashboard(toks, **arguments)
