"""Controls: dependent choices (``pick`` selects what a widget's dropdown selects), the
``**defaults`` checks and the shared choices."""

from __future__ import annotations

import itertools

import ipywidgets as w
import pandas as pd
import pytest

from discourse._validate import Table, check, constraints_of, validate_params
from discourse.errors import CorpusError
from discourse.widgets import controls as K


@pytest.mark.parametrize(
    ("start", "options"),
    list(itertools.product([[], ["a", "b"], ["b", "c"]], [[], ["a"], ["b", "c"], ["c", "b"]])),
)
@pytest.mark.parametrize("keep", [None, "a", "b", "c", "z"])
def test_pick_is_what_the_dropdown_selects(start, options, keep):
    """``offer_to`` (a real dropdown) and ``pick`` agree whenever ``keep`` is the current
    value, which is how the update functions call them."""
    control = w.Dropdown(options=start, description="x")
    if keep in start:
        control.value = keep
    current = control.value
    offer = K.offer_to({"x": control})
    assert offer("x", options, current) == K.pick("x", options, current)
    assert list(control.options) == options


def test_role_control_starts_on_the_given_role(builtin_tokens):
    gov = K.role_control(builtin_tokens, "government")
    assert gov.options == ("government", K.ALL_VOICES, "parliament", "other")
    assert gov.value == "government" and gov.description == "role"
    assert K.role_control(builtin_tokens, None).value == K.ALL_VOICES
    assert K.role_control(builtin_tokens, "parliament").value == "parliament"
    no_role = K.role_control(builtin_tokens.drop(columns="role"), None)
    assert no_role.options == (K.ALL_VOICES,)
    assert K.role_arg(K.ALL_VOICES) is None and K.role_arg("government") == "government"


def test_group_columns_and_groups(builtin_tokens):
    found = K.group_columns(builtin_tokens, optional=True)
    assert found[0] == K.NONE and "period" in found
    assert K.group_columns(builtin_tokens) is not K.group_columns(builtin_tokens)  # a copy
    assert K.groups(builtin_tokens, "period") == list(builtin_tokens["period"].cat.categories)
    assert K.group_columns(pd.DataFrame({"period": ["a", "a"]})) == []
    blank = pd.DataFrame({"g": ["b", " ", "a", None]})
    assert K.groups(blank, "g") == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        (None, "all"),
        ("nouns", "nouns"),
        ("ADJ", "adjectives"),
        (["PROPN", "NOUN"], "nouns"),
        (["NOUN", "XYZ"], None),
        ("XX", None),
        ([], None),
        (3, None),
    ],
)
def test_pos_label(value, label):
    assert K.pos_label(value) == label


def test_matching_and_chosen():
    assert K.matching(2018, ["2017", "2018"]) == "2018"
    assert K.matching("x", ["a"]) is None and K.matching("x", ["a"], add=True) == "x"
    assert K.chosen("probe", "term", "b", ["a", "b"]) == "b"
    with pytest.raises(
        CorpusError, match=r"^probe\(\): term='c' is not valid; allowed: one of 'a'"
    ):
        K.chosen("probe", "term", "c", ["a", "b"])


def _probe_widget():
    @validate_params(
        tokens=Table(),
        by=K.Grouping(none=True, none_label="no grouping"),
        pos=K.PosFilter(),
        window=K.SliderWindow(most=10),
    )
    def probe_widget(tokens, *, by="period", pos=None, window=5):
        return by, pos, window

    return probe_widget


def test_widget_arguments_check_values_and_names(builtin_tokens):
    probe = _probe_widget()
    assert probe(builtin_tokens, by=None, pos=["NOUN", "PROPN"], window=(0, 10)) == (
        None,
        ["NOUN", "PROPN"],
        (0, 10),
    )
    assert set(constraints_of(probe)) == {"tokens", "by", "pos", "window"}
    for bad, match in [
        ({"by": "lemma"}, r"by='lemma' is not valid; allowed: one of 'period', 'cabinet'"),
        ({"pos": "nouns and verbs"}, r"pos='nouns and verbs' is not valid; allowed: one of 'all'"),
        ({"window": (0, 11)}, r"window=\(0, 11\) is not valid; allowed: an integer w from 1 to 10"),
        ({"colour": 1}, r"colour=1 is not an argument; its arguments: tokens, by, pos, window"),
        ({"node": "VS"}, r"node='VS' is not an argument; its arguments"),  # no terms= here
    ]:
        with pytest.raises(CorpusError, match=r"^probe_widget\(\): " + match):
            probe(builtin_tokens, **bad)
    no_groups = pd.DataFrame({"period": ["a", "a"]})
    with pytest.raises(CorpusError, match="nothing: the table has none of the columns"):
        probe(no_groups)


@pytest.mark.parametrize(
    "constraint", [K.Grouping(), K.PosFilter(), K.SliderWindow(most=10), K.TabDefaults(len)]
)
def test_invalid_values_of_the_widget_constraints_are_refused(builtin_tokens, constraint):
    for bad in constraint.invalid_values():
        with pytest.raises(CorpusError, match="^probe\\(\\): x="):
            check("probe", "x", bad, constraint, table=builtin_tokens)


def test_small_helpers():
    assert K.split_terms(" VS, , Verenigde Staten ,") == ["VS", "Verenigde Staten"]
    assert K.terms_text(None) == "" and K.terms_text(["VS", "EU"]) == "VS, EU"
    assert K.terms_text("VS, EU") == "VS, EU"
