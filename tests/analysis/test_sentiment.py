"""Tests for discourse.analysis.sentiment: sentence, segment and document tables, search
terms, whose words (role, speaker), the bootstrap summary.

Synthetic token tables follow docs/design.md: doc_id, seg_id, sent_id, token_id, text,
lower, lemma, is_punct, char_start, plus period/role/date metadata. The rules are tested in
test_scoring.py, the lexicons in test_lexicon.py, the plots in tests/viz/.
"""

from __future__ import annotations

import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from discourse.analysis.dictionary import term_mask
from discourse.analysis.scoring import score_tokens
from discourse.analysis.sentiment import sentiment
from discourse.analysis.summaries import summarise_sentiment
from discourse.errors import CorpusError

PUNCT = set(string.punctuation)


def make_tokens(segments: list[tuple[str, str, str, str, list[str]]]) -> pd.DataFrame:
    """Token table from (doc_id, seg_id, period, role, [sentence, ...]) tuples.

    Sentences are whitespace-tokenised; the segment text joins tokens with one space
    except before punctuation, and ``char_start`` points into that text.
    """
    rows, sent_of_doc, tok_of_doc = [], {}, {}
    for doc_id, seg_id, period, role, sentences in segments:
        pos = 0
        for sentence in sentences:
            sent_id = sent_of_doc.get(doc_id, 0)
            sent_of_doc[doc_id] = sent_id + 1
            for k, word in enumerate(sentence.split()):
                if pos and not (word in PUNCT and k):
                    pos += 1
                token_id = tok_of_doc.get(doc_id, 0)
                tok_of_doc[doc_id] = token_id + 1
                rows.append(
                    {
                        "doc_id": doc_id,
                        "seg_id": seg_id,
                        "sent_id": sent_id,
                        "token_id": token_id,
                        "text": word,
                        "lower": word.lower(),
                        "lemma": word.lower(),
                        "is_punct": word in PUNCT,
                        "char_start": pos,
                        "period": period,
                        "role": role,
                    }
                )
                pos += len(word)
    df = pd.DataFrame(rows)
    df["period"] = pd.Categorical(df["period"], categories=["P1", "P2"], ordered=True)
    df = df.astype({"sent_id": "int32", "token_id": "int32", "char_start": "int32"})
    df.attrs["pipeline"] = {"name": "synthetic", "version": "1"}
    return df


@pytest.fixture
def toks() -> pd.DataFrame:
    return make_tokens(
        [
            ("d1", "d1:000", "P1", "government", ["Het is niet zo goed .", "Zeer goed !"]),
            ("d1", "d1:001", "P1", "parliament", ["De VS zijn slecht ."]),
            ("d2", "d2:000", "P2", "government", ["De Verenigde Staten zijn een goede partner ."]),
            ("d2", "d2:001", "P2", "government", ["Geen commentaar ."]),
        ]
    )


def test_own_dataframe_lexicon_is_validated_and_averaged(toks):
    mine = pd.DataFrame(
        {"form": ["Goed", "goed"], "polarity": [0.2, 0.4], "subjectivity": [0.5, 0.5]}
    )
    assert score_tokens(["goed"], lexicon=mine)[0] == pytest.approx(0.3)
    assert sentiment(toks, lexicon=mine).attrs["params"]["lexicon"] == "custom"
    with pytest.raises(CorpusError, match="lexicon table"):
        score_tokens(["goed"], lexicon=mine.assign(polarity=2.0))


def test_pos_filter_in_table(toks):
    tagged = toks.assign(upos="ADJ")
    tagged.loc[tagged["lower"] == "zeer", "upos"] = "ADV"
    tagged.loc[tagged["lower"] == "goed", "upos"] = "ADP"
    res = sentiment(tagged)
    assert res.iloc[0]["n_hits"] == 0 and res.attrs["params"]["pos_filter"] == "lexicon"
    assert sentiment(tagged, pos_filter=False).iloc[0]["n_hits"] == 1


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


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12), min_size=1, max_size=5))
def test_property_table_ranges(sentences):
    df = make_tokens([("d", "d:000", "P1", "government", [" ".join(s) for s in sentences])])
    for level in ("sentence", "document"):
        res = sentiment(df, level=level)
        assert res["polarity"].between(-1, 1).all()
        assert res["subjectivity"].between(0, 1).all()
        assert res["coverage"].between(0, 1).all()


def _reference_sentiment(df, terms, negation, spaces=True):
    """Sentence-level sentiment() the slow way: term_mask on all tokens, then score_tokens
    and the text rebuilt token by token for each kept sentence."""
    key = df[["doc_id", "sent_id"]]
    brk = (key != key.shift()).any(axis=1).to_numpy()
    lower, lemma = df["lower"].tolist(), df["lemma"].tolist()
    covered = np.ones(len(df), dtype=bool)
    if terms is not None:
        listed = [terms] if isinstance(terms, str) else terms
        covered = term_mask(lower, lemma, [" ".join(t.lower().split()) for t in listed], brk)[1]
    out = []
    for lo, hi in zip(np.flatnonzero(brk), [*np.flatnonzero(brk)[1:], len(df)], strict=True):
        if not covered[lo:hi].any():
            continue
        p, s, hits = score_tokens(lower[lo:hi], lemmas=lemma[lo:hi], negation=negation)
        text, offsets = "", []
        for k in range(lo, hi):
            at, prev = df["char_start"].iloc[k], df["char_start"].iloc[k - 1]
            if k > lo and (not spaces or at > prev + len(df["text"].iloc[k - 1])):
                text += " "
            offsets.append(len(text))
            text += df["text"].iloc[k]
        spans = [
            [[offsets[k], offsets[k] + len(df["text"].iloc[lo + k])] for k in h["positions"]]
            for h in hits
        ]
        out.append((text, p, s, sum(len(h["matched"]) for h in hits), spans))
    return out


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*VOCAB, "verenigde", "staten", "vs"]), min_size=1, max_size=10),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(
        [
            None,
            "goed",
            "Verenigde  Staten",
            "ver*",
            "de *",
            "?s",
            "(!)",
            ["zo", "is een"],
            "niet goed",
            "onbekend",
        ]
    ),
    st.sampled_from(["clause", "pattern", "none"]),
)
@example([["de", "(!)", "."], ["zo", "is"], ["goed"]], None, "clause")  # irony alone
def test_kept_sentences_match_reference(sentences, terms, negation):
    """Only kept sentences are scored, sentences without a lexicon word skip the scorer and
    texts are rebuilt per table: the same as scoring every sentence one by one (every
    voice: ``role=None``)."""
    half = len(sentences) // 2
    df = make_tokens(
        [
            ("d", "d:000", "P1", "government", [" ".join(x) for x in sentences[:half]]),
            ("e", "e:000", "P2", "parliament", [" ".join(x) for x in sentences[half:]]),
        ]
    )
    res = sentiment(df, terms=terms, negation=negation, role=None)
    got = [
        (
            r.text,
            r.polarity,
            r.subjectivity,
            r.n_hits,
            [[sp[:2] for sp in h["spans"]] for h in r.hits],
        )
        for r in res.itertuples()
    ]
    assert got == _reference_sentiment(df, terms, negation)
    for variant in (df.astype({"char_start": "float64"}), df.astype({"lower": object})):
        again = sentiment(variant, terms=terms, negation=negation, role=None)
        pd.testing.assert_frame_equal(again, res)
    no_starts = sentiment(df.drop(columns="char_start"), terms=terms, negation=negation, role=None)
    assert list(no_starts["text"]) == [
        x[0] for x in _reference_sentiment(df, terms, negation, spaces=False)
    ]


def test_sentence_level_table(toks):
    res = sentiment(toks, role=None)
    assert list(res.columns[:3]) == ["doc_id", "seg_id", "sent_id"]
    assert {
        "period",
        "role",
        "text",
        "polarity",
        "subjectivity",
        "n_hits",
        "n_tokens",
        "coverage",
        "matched",
        "hits",
    } <= set(res.columns)
    assert len(res) == 5 and res["sent_id"].dtype == "int32"
    first = res.iloc[0]
    assert first["text"] == "Het is niet zo goed."
    assert first["polarity"] == pytest.approx(-0.275)
    assert (first["n_hits"], first["n_tokens"]) == (1, 5)
    assert first["coverage"] == pytest.approx(0.2)
    assert first["matched"] == "niet→goed(-0.28)"
    spans = {first["text"][a:b]: kind for a, b, kind in first["hits"][0]["spans"]}
    assert spans == {"niet": "negation", "goed": "word"}
    assert res.iloc[1]["matched"] == "zeer goed !(+0.76)"
    assert res.iloc[4]["n_hits"] == 0 and res.iloc[4]["polarity"] == 0.0
    assert res.attrs["pipeline"] == {"name": "synthetic", "version": "1"}
    assert res.attrs["params"]["negation"] == "clause"
    assert res.attrs["params"]["role"] is None and "terms" not in res.attrs["params"]


def test_the_cabinets_voice_by_default(toks):
    gov = sentiment(toks)
    assert set(gov["role"]) == {"government"} and len(gov) == 4
    assert gov.attrs["params"]["role"] == "government"
    pd.testing.assert_frame_equal(gov, sentiment(toks, role="government"))
    with pytest.raises(CorpusError, match="role='xx' is not valid; allowed: one of 'government'"):
        sentiment(toks, role="xx")
    with pytest.raises(CorpusError, match="only None .all voices."):
        sentiment(toks.drop(columns="role"))


def test_sentences_say_whose_words_they_are(toks):
    spoken = toks.assign(speaker=np.where(toks["role"] == "government", "minister", "MP"))
    res = sentiment(spoken, role=None)
    gov, mp = ["government", "minister"], ["parliament", "MP"]
    assert res[["role", "speaker"]].values.tolist() == [gov, gov, mp, gov, gov]
    seg = sentiment(spoken, level="segment", role=None)
    assert {"role", "speaker"} <= set(seg.columns)


def test_pattern_negation_in_table(toks):
    res = sentiment(toks, negation="pattern")
    assert res.iloc[0]["polarity"] == pytest.approx(0.55)


def test_segment_and_document_levels_pool_assessments(toks):
    seg = sentiment(toks, level="segment", role=None)
    assert list(seg.columns[:2]) == ["doc_id", "seg_id"] and len(seg) == 4
    assert seg.iloc[0]["polarity"] == pytest.approx((-0.275 + 0.605 * 1.25) / 2)
    assert seg.iloc[0]["text"] == "Het is niet zo goed. Zeer goed!"
    a, b, _ = seg.iloc[0]["hits"][1]["spans"][-1]
    assert seg.iloc[0]["text"][a:b] == "goed"
    doc = sentiment(toks, level="document", role=None)
    assert list(doc["doc_id"]) == ["d1", "d2"] and "role" not in doc
    assert doc.iloc[0]["n_hits"] == 4


def test_terms_role_and_by(toks):
    res = sentiment(toks, terms=["vs", "verenigde staten", "amerika*"], role=None)
    assert list(res["text"]) == [
        "De VS zijn slecht.",
        "De Verenigde Staten zijn een goede partner.",
    ]
    assert res.attrs["params"]["terms"] == ["vs", "verenigde staten", "amerika*"]
    gov = sentiment(toks, terms=["vs", "verenigde staten", "amerika*"])
    assert list(gov["text"]) == ["De Verenigde Staten zijn een goede partner."]
    assert sentiment(toks, terms="verenigde").empty is False
    assert sentiment(toks, terms="staten verenigde").empty
    with pytest.raises(CorpusError, match="by=\\['role'\\] varies within a document"):
        sentiment(toks, level="document", by="role", role=None)
    with pytest.raises(CorpusError, match="level='paragraph' is not valid; allowed: one of"):
        sentiment(toks, level="paragraph")


def test_summary_bootstrap_reproducible_and_contains_mean(toks):
    rng = np.random.default_rng(1)
    res = pd.DataFrame(
        {
            "period": pd.Categorical(
                rng.choice(["P2", "P1"], 300), categories=["P1", "P2"], ordered=True
            ),
            "polarity": rng.uniform(-1, 1, 300),
            "subjectivity": 0.5,
            "coverage": 0.1,
            "n_hits": rng.integers(0, 3, 300),
        }
    )
    a = summarise_sentiment(res, n_boot=500, seed=3)
    b = summarise_sentiment(res, n_boot=500, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert list(a["period"]) == ["P1", "P2"]
    assert (a["ci_low"] < a["mean_polarity"]).all() and (a["mean_polarity"] < a["ci_high"]).all()
    assert not a.equals(summarise_sentiment(res, n_boot=500, seed=4))
    only_p1 = summarise_sentiment(res[res["period"] == "P1"], n_boot=500, seed=3)
    assert only_p1.iloc[0]["ci_low"] == a.iloc[0]["ci_low"]  # independent of other groups
    scored = res[(res["period"] == "P1") & (res["n_hits"] >= 1)]
    assert a.iloc[0]["n_scored"] == len(scored)
    assert a.iloc[0]["mean_polarity"] == pytest.approx(scored["polarity"].mean())
    assert a.iloc[0]["n_units"] == (res["period"] == "P1").sum()


def test_summary_small_groups_and_defaults(toks):
    res = sentiment(toks, by="role", role=None)
    summ = summarise_sentiment(res)
    assert list(summ.columns[:1]) == ["role"]
    one = summarise_sentiment(sentiment(toks, role="parliament"), by="period")
    assert one["n_scored"].tolist() == [1] and one["ci_low"].isna().all()
    all_units = summarise_sentiment(sentiment(toks, role=None).drop(columns="period"))
    assert len(all_units) == 1 and all_units["n_units"].iloc[0] == 5
    assert summ.attrs["params"]["n_boot"] == 2000 and summ.attrs["params"]["level"] == "sentence"
    assert summ.attrs["params"]["role"] is None  # whose words: in every provenance line
    with pytest.raises(CorpusError, match=r"ci=95 is not valid; allowed: a number in \(0, 1\)"):
        summarise_sentiment(res, ci=95)


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
def test_real_corpus_integration(request, pipeline):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    res = sentiment(toks)
    assert len(res) > 50 and res["coverage"].between(0, 1).all()
    assert res["n_hits"].sum() > 0
    summ = summarise_sentiment(res, by="period", n_boot=200)
    assert summ["n_units"].sum() == len(res)
    assert set(res["role"]) == {"government"} and res["speaker"].notna().any()
    us = sentiment(toks, terms=["vs", "verenigde staten", "amerika*"], level="segment")
    assert 0 < len(us) < res["seg_id"].nunique()


@pytest.mark.parametrize("terms", [["VS", " "], "", " ", [], ["VS", 3]])
def test_blank_terms_are_refused_by_name(toks, terms):
    with pytest.raises(
        CorpusError, match="sentiment\\(\\): terms=.* is not valid; allowed: a non-blank"
    ):
        sentiment(toks, terms=terms)


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
def test_bundled_corpus_nouns_and_verbs_are_not_adjectives(request, pipeline):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    words = {"waarden", "wijze", "bekeken", "gemaakt"}
    tagged = toks[toks["lower"].isin(words) & (toks["role"] == "government")]
    assert set(tagged["lower"]) == words and not tagged["upos"].isin(["ADJ", "ADV"]).any()

    def matched(result):
        return {w for hits in result["hits"] for h in hits for w in h["words"]} & words

    # before: all four scored (the builtin lemmatiser makes waarden "waren", not "waarde")
    before = words - ({"waarden"} if pipeline == "builtin" else set())
    assert matched(sentiment(toks, pos_filter="closed")) == before
    assert matched(sentiment(toks, pos_filter=False)) == before
    pos_aware = sentiment(toks)
    assert matched(pos_aware) == set() and pos_aware.attrs["params"]["pos_filter"] == "lexicon"
