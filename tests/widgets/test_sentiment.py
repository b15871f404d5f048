"""The sentiment widget, driven through its controls, and its update functions called
directly with a dict of control values."""

from __future__ import annotations

import re

import pytest

from discourse.analysis.sentiment import sentiment
from discourse.errors import CorpusError
from discourse.widgets import sentiment as S
from discourse.widgets.controls import ALL_VOICES

#: The sentiment widget's controls at their defaults (a plain dict).
VALUES = {
    "level": "sentence",
    "by": "period",
    "terms": "",
    "lexicon": "pattern-nl",
    "role": "government",
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


def test_view_with_terms_scores_fewer_units(toks, shown):
    state = S.SentimentState(toks)
    n_all = int(shown.heading(S.sentiment_view(state, VALUES)).split()[0])
    items = S.sentiment_view(state, {**VALUES, "terms": "VS, Verenigde Staten"})
    assert "mentioning VS, Verenigde Staten" in shown.heading(items)
    assert int(shown.heading(items).split()[0]) < n_all


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"terms": "qwertyuiop"}, "mentioning 'qwertyuiop'"),
        ({"level": "document", "by": "role"}, "not available at level"),
    ],
)
def test_view_impossible_selections_raise(toks, changes, expected):
    with pytest.raises(CorpusError, match=re.escape(expected)):
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
        ("terms", "VS, Verenigde Staten, Amerika", "mentioning VS, Verenigde Staten, Amerika"),
        ("lexicon", "example-nl", "example-nl"),
        ("role", ALL_VOICES, "role=all voices"),
        ("role", "parliament", "role=parliament"),
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
    n_gov = int(shown.heading(se).split()[0])
    se.controls["role"].value = ALL_VOICES
    n_all = int(shown.heading(se).split()[0])
    se.controls["role"].value = "parliament"
    assert n_gov + int(shown.heading(se).split()[0]) <= n_all


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"terms": "qwertyuiop"}, "mentioning 'qwertyuiop'"),
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
        ({"lexicon": "afinn"}, "lexicon", "'pattern-nl'"),
        ({"level": "word"}, "level", "'sentence', 'segment', 'document'"),
        ({"by": "colour"}, "by", "'period'"),
        ({"negation": "scope"}, "negation", "'clause'"),
        ({"role": "minister"}, "role", "None (all voices)"),
        ({"top": 0}, "top", "[1, 30]"),
        ({"terms": 3}, "terms", "a non-blank string"),
        ({"terms": ["VS", " "]}, "terms", "a non-blank string"),
        ({"target": "VS"}, "target", "its arguments: tokens, level, by, terms"),
        ({"targets": "VS"}, "targets", "(now terms=)"),
    ],
)
def test_bad_defaults_raise_corpus_error(toks, defaults, field, allowed):
    with pytest.raises(CorpusError, match=rf"^sentiment_widget\(\): {field}=") as err:
        S.sentiment_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_terms_as_a_list(toks, shown):
    wd = S.sentiment_widget(toks, terms=["VS", "Verenigde Staten"], by=None, level="segment")
    assert wd.values["terms"] == "VS, Verenigde Staten" and wd.values["by"] == "none"
    assert "segments mentioning VS, Verenigde Staten" in shown.heading(wd)


def test_widget_starts_on_the_cabinets_voice(se, toks, shown):
    assert se.values == VALUES
    assert se.controls["role"].options[:2] == ("government", ALL_VOICES)
    assert "role=government" in shown.caption(se)
    assert "role government" in shown.heading(se)
    n_units = len(sentiment(toks, by="period"))  # the analysis' own default: the same
    assert shown.heading(se).startswith(f"{n_units} sentences")


def test_most_negative_sentences_are_the_cabinets(se, shown):
    """Issue 13: with every voice, MPs' questions filled the "most negative" list; by
    default the sentences shown, and their speakers, are the government's."""
    units = shown.html_items(se)[-1]
    heads = re.findall(r"<th>([^<]*)</th>", units)
    assert heads[:4] == ["seg_id", "sent_id", "speaker", "role"]
    negative = units[units.index("Most negative") :]
    roles = re.findall(
        r"<tr><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td[^>]*>([^<]*)</td>"
        r"<td[^>]*>([^<]*)</td>",
        negative,
    )
    assert len(roles) == 5 and {role for _, role in roles} == {"government"}
    assert {speaker for speaker, _ in roles} <= {"C.C.J. Veldkamp", "D.M. van Weel", "S.A. Blok"}
