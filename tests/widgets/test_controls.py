"""Controls: dependent choices (``pick`` selects what a widget's dropdown selects), the
``**defaults`` checks and the shared choices."""

from __future__ import annotations

import itertools

import ipywidgets as w
import pandas as pd
import pytest

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


def test_role_control_puts_the_default_first(builtin_tokens):
    assert K.role_control(builtin_tokens, "government").options[:3] == (
        "government",
        "all",
        "parliament",
    )
    assert K.role_control(builtin_tokens, K.ALL).options[0] == "all"
    assert K.role_control(builtin_tokens.drop(columns="role"), "government").options == ("all",)


def test_group_columns_and_groups(builtin_tokens):
    found = K.group_columns(builtin_tokens, optional=True)
    assert found[0] == K.NONE and "period" in found
    assert K.groups(builtin_tokens, "period") == list(builtin_tokens["period"].cat.categories)
    with pytest.raises(ValueError, match="DataFrame"):
        K.group_columns([1, 2])
    with pytest.raises(ValueError, match="grouping column"):
        K.group_columns(pd.DataFrame({"period": ["a", "a"]}))
    blank = pd.DataFrame({"g": ["b", " ", "a", None]})
    assert K.groups(blank, "g") == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "label"),
    [(None, "all"), ("nouns", "nouns"), ("ADJ", "adjectives"), (["PROPN", "NOUN"], "nouns")],
)
def test_pos_label(value, label):
    assert K.pos_label(value) == label


def test_pos_label_rejects_unknown_tags():
    with pytest.raises(ValueError, match="pos=.*content words"):
        K.pos_label(["NOUN", "XYZ"])


def test_apply_defaults_checks_names_and_values():
    controls = {
        "d": K.dropdown("d", [0.1, 0.05], 0.05),
        "n": K.int_control("n", 3, 1, 10),
        "t": K.text_control(w.Text, "t", "", ""),
    }
    K.apply_defaults("probe", controls, {"d": "0.1", "n": 4, "t": ["a", "b"]})
    assert K.values_of(controls) == {"d": 0.1, "n": 4, "t": "a, b"}
    for bad, match in [
        ({"q": 1}, "probe\\(\\) has no control 'q'"),
        ({"d": 0.2}, "d=0.2 is not valid; choose one of: 0.1, 0.05"),
        ({"n": 11}, "from 1 to 10"),
        ({"n": "3"}, "an integer"),
        ({"t": 3}, "list of strings"),
    ]:
        with pytest.raises(ValueError, match=match):
            K.apply_defaults("probe", controls, bad)


def test_small_helpers():
    assert K.split_terms(" VS, , Verenigde Staten ,") == ["VS", "Verenigde Staten"]
    assert K.role_arg(K.ALL) is None and K.role_arg("government") == "government"
    defaults = {"role": None, "by": "period"}
    K.none_as(defaults, role=K.ALL, by=K.NONE)
    assert defaults == {"role": "all", "by": "period"}
    assert list(K.defaults_first({"a": 1, "by": 2}, "by")) == ["by", "a"]
