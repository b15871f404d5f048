"""The sentiment widget, driven through its controls, and its update functions called
directly with a dict of control values."""

from __future__ import annotations

import re

import pytest

from discourse.widgets import sentiment as S

#: The sentiment widget's controls at their defaults (a plain dict).
VALUES = {
    "level": "sentence",
    "by": "period",
    "targets": "",
    "lexicon": "pattern-nl",
    "role": "all",
    "negation": "clause",
    "top": 5,
}


@pytest.fixture(scope="module")
def se(toks):
    return S.sentiment_widget(toks)


# --- the update functions, without a widget ---------------------------------------------------


def test_view_shows_summary_plot_and_units(toks, shown):
    items = S.sentiment_view(S.SentimentState(toks), VALUES)
    shown.assert_ok(items)
    assert {"period", "n_units", "mean_polarity"} <= set(shown.table(items).columns)
    assert "Most positive" in items[-1] and "Most negative" in items[-1]


def test_view_with_targets_scores_fewer_units(toks, shown):
    state = S.SentimentState(toks)
    n_all = int(shown.heading(S.sentiment_view(state, VALUES)).split()[0])
    items = S.sentiment_view(state, {**VALUES, "targets": "VS, Verenigde Staten"})
    assert "mentioning VS, Verenigde Staten" in shown.heading(items)
    assert int(shown.heading(items).split()[0]) < n_all


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"targets": "qwertyuiop"}, "mentioning 'qwertyuiop'"),
        ({"level": "document", "by": "role"}, "not available at level"),
    ],
)
def test_view_impossible_selections_raise(toks, changes, expected):
    with pytest.raises(ValueError, match=re.escape(expected)):
        S.sentiment_view(S.SentimentState(toks), {**VALUES, **changes})


def test_summary_without_grouping_is_one_row(toks):
    result = S.sentiment_scores(toks, VALUES, [])
    tables, fig = S.sentiment_summary({**VALUES, "by": "none"}, result)
    assert len(next(iter(tables.frames.values()))) == 1 and fig.axes


# --- the widget --------------------------------------------------------------------------------


def test_widget_shows_summary_plot_and_units(se, shown):
    shown.assert_ok(se)
    summary = shown.table(se)
    assert {"period", "n_units", "mean_polarity", "ci_low", "ci_high"} <= set(summary.columns)
    units = shown.html_items(se)[-1]
    assert "Most positive" in units and "Most negative" in units
    assert 'class="discourse-table sentiment"' in units
    assert "background:" in units  # matched words highlighted


@pytest.mark.parametrize(
    ("name", "value", "expect"),
    [
        ("level", "segment", " segments"),
        ("level", "document", " documents"),
        ("by", "cabinet", "cabinet"),
        ("by", "none", "n_units"),
        ("targets", "VS, Verenigde Staten, Amerika", "mentioning VS, Verenigde Staten, Amerika"),
        ("lexicon", "example-nl", "example-nl"),
        ("role", "government", "sentences"),
        ("negation", "pattern", "negation pattern"),
        ("top", 2, "Most positive (2)"),
    ],
)
def test_each_control_changes_the_result(se, restore, shown, name, value, expect):
    restore(se)
    before = shown.output(se)
    se.controls[name].value = value
    shown.assert_ok(se)
    assert shown.output(se) != before
    assert expect in shown.output(se)
    if name == "by" and value == "none":
        assert len(shown.table(se)) == 1


def test_role_filters_units(se, restore, shown):
    restore(se)
    n_all = int(shown.heading(se).split()[0])
    se.controls["role"].value = "parliament"
    assert int(shown.heading(se).split()[0]) < n_all


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"targets": "qwertyuiop"}, "mentioning 'qwertyuiop'"),
        ({"level": "document", "by": "role"}, "not available at level"),
    ],
)
def test_impossible_selections_show_a_message(se, restore, shown, changes, expected):
    restore(se)
    for name, value in changes.items():
        se.controls[name].value = value
    assert len(shown.messages(se)) == 1 and expected in shown.messages(se)[0]
    assert "discourse-error" not in shown.output(se)


@pytest.mark.parametrize(
    ("defaults", "field", "allowed"),
    [
        ({"lexicon": "afinn"}, "lexicon", "pattern-nl"),
        ({"level": "word"}, "level", "sentence"),
        ({"by": "colour"}, "by", "period"),
        ({"negation": "scope"}, "negation", "clause"),
        ({"target": "VS"}, "target", "targets"),
        ({"targets": 3}, "targets", "list of strings"),
    ],
)
def test_unknown_defaults_raise(toks, defaults, field, allowed):
    with pytest.raises(ValueError, match=re.escape(field)) as err:
        S.sentiment_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_targets_as_a_list(toks, shown):
    wd = S.sentiment_widget(toks, targets=["VS", "Verenigde Staten"], by=None, level="segment")
    assert wd.values["targets"] == "VS, Verenigde Staten" and wd.values["by"] == "none"
    assert "segments mentioning VS, Verenigde Staten" in shown.heading(wd)
