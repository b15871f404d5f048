"""Tests for discourse.analysis.scoring: Pattern's rules, clause negation, the POS filter.

Hand-labelled cases (tests/data/sentiment_cases.csv) carry Pattern's own polarity, which
``negation="pattern"`` reproduces.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse.analysis.scoring as scoring_module
from discourse.analysis.scoring import score_tokens
from discourse.errors import CorpusError

CASES = pd.read_csv(Path(__file__).parents[1] / "data" / "sentiment_cases.csv", comment="#")


@pytest.mark.parametrize("case", CASES.to_dict("records"), ids=list(CASES["tokens"]))
def test_hand_labelled_cases_clause_negation(case):
    if case["known_limitation"]:
        pytest.xfail(case["note"])
    polarity = score_tokens(case["tokens"].split())[0]
    assert (polarity > 0) == (case["expected"] == "+")


@pytest.mark.parametrize("case", CASES.to_dict("records"), ids=list(CASES["tokens"]))
def test_hand_labelled_cases_pattern_negation_reproduces_pattern(case):
    polarity = score_tokens(case["tokens"].split(), negation="pattern")[0]
    assert polarity == pytest.approx(case["pattern_polarity"], abs=1e-6)
    assert (polarity > 0) == (case["pattern_sign"] == "+")


def test_pattern_mode_gets_the_issue_cases_wrong_and_clause_mode_right():
    wrong = ["niet zo goed", "niet een goede"]
    assert all(score_tokens(s.split(), negation="pattern")[0] > 0 for s in wrong)
    assert all(score_tokens(s.split())[0] == pytest.approx(-0.275) for s in wrong)


def test_subjectivity_and_assessment_details():
    p, s, hits = score_tokens("niet zeer goed".split())
    assert p == pytest.approx(0.55 / 1.1 * -0.5) and s == pytest.approx(0.9 / 1.1)
    assert hits == [
        {
            "words": ["niet", "zeer", "goed"],
            "positions": [0, 1, 2],
            "matched": ["zeer", "goed"],
            "polarity": pytest.approx(-0.25),
            "subjectivity": pytest.approx(0.9 / 1.1),
            "negated": True,
        }
    ]


def test_modifier_survives_short_words_only():
    assert score_tokens("zeer , goed".split())[0] == pytest.approx(0.605)
    assert score_tokens("zeer veel goed".split())[0] == pytest.approx((-0.5 + 0.55) / 2)


def test_no_hits_unknown_words_lemma_fallback_irony_and_modes():
    assert score_tokens(["de", "kat", "."]) == (0.0, 0.0, [])
    assert score_tokens(["goedd"])[0] == 0.0
    assert score_tokens(["goedd"], lemmas=["goed"])[0] == pytest.approx(0.55)
    assert score_tokens(["(!)", "goed"])[:2] == (pytest.approx(0.275), pytest.approx(0.95))
    assert score_tokens("niet goed".split(), negation="none")[0] == pytest.approx(0.55)
    with pytest.raises(CorpusError, match="negation='maybe' is not valid; allowed: one of"):
        score_tokens(["goed"], negation="maybe")


def test_pos_filter_closed_classes_and_modifier_only_adverbs():
    assert score_tokens(["naar"])[0] == pytest.approx(-0.65)  # Pattern: adjective "nasty"
    assert score_tokens(["naar"], upos=["ADP"]) == (0.0, 0.0, [])
    assert score_tokens(["zeer", "goed"], upos=["ADV", "ADJ"])[0] == pytest.approx(0.605)
    assert score_tokens(["zeer", "veel"])[0] == pytest.approx(-0.5)
    assert score_tokens(["zeer", "veel"], upos=["ADV", "PRON"])[2] == []
    p, _, hits = score_tokens("niet zeer goed".split(), upos=["ADV", "ADV", "ADJ"])
    assert p == pytest.approx(-0.25) and hits[0]["negated"]
    assert score_tokens("niet zeer".split(), upos=["ADV", "ADV"])[2] == []


def test_verb_ends_negation_scope_with_tags():
    words = "geen land is zo belangrijk".split()
    assert score_tokens(words)[0] == pytest.approx(-0.175)  # known limitation without tags
    tags = ["DET", "NOUN", "AUX", "ADV", "ADJ"]
    assert score_tokens(words, upos=tags)[0] == pytest.approx(0.35)
    tags = ["ADV", "ADV", "ADJ"]
    assert score_tokens("niet zo goed".split(), upos=tags)[0] == pytest.approx(-0.275)


VOCAB = [
    "goed",
    "slecht",
    "zeer",
    "heel",
    "erg",
    "niet",
    "geen",
    "nooit",
    "!",
    "(!)",
    ",",
    "maar",
    "de",
    "is",
    "een",
    "zo",
    "alleen",
    "werkelijk",
    "prettig",
    "mooi",
    ".",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=25), st.sampled_from(["clause", "pattern"]))
def test_property_scores_in_range(words, negation):
    p, s, hits = score_tokens(words, negation=negation)
    assert -1 <= p <= 1 and 0 <= s <= 1
    assert all(-1 <= h["polarity"] <= 1 and 0 <= h["subjectivity"] <= 1 for h in hits)


def test_negation_modes():
    assert scoring_module.NEGATION_MODES == ("clause", "pattern", "none")
    assert "niet" in scoring_module.NEGATIONS


def test_docstring_examples():
    assert doctest.testmod(scoring_module).failed == 0
