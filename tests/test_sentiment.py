"""Tests for discourse.analysis.sentiment: lexicons, Pattern's rules, clause negation, tables.

Synthetic token tables follow docs/design.md: doc_id, seg_id, sent_id, token_id, text,
lower, lemma, is_punct, char_start, plus period/role/date metadata.
"""

from __future__ import annotations

import string
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from discourse.analysis.dictionary import term_mask
from discourse.analysis.lexicon import _attributive, _pattern_xml, list_lexicons
from discourse.analysis.sentiment import (
    load_lexicon,
    score_tokens,
    sentiment,
    summarise_sentiment,
)
from discourse.errors import CorpusError

CASES = pd.read_csv(Path(__file__).parent / "data" / "sentiment_cases.csv", comment="#")
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


# --- lexicon ----------------------------------------------------------------------------


def test_list_lexicons_and_reexport():
    import importlib

    lexicon_mod = importlib.import_module("discourse.analysis.lexicon")
    sentiment_mod = importlib.import_module(
        "discourse.analysis.sentiment"
    )  # dc.sentiment is the function
    assert list_lexicons()[0] == "pattern-nl" and "example-nl" in list_lexicons()
    assert sentiment_mod.load_lexicon is lexicon_mod.load_lexicon


def test_lexicon_schema():
    lex = load_lexicon()
    assert list(lex.columns) == [
        "form",
        "pos",
        "polarity",
        "subjectivity",
        "intensity",
        "confidence",
    ]
    assert lex["polarity"].between(-1, 1).all() and lex["subjectivity"].between(0, 1).all()
    assert (lex["intensity"] > 0).all()
    assert not lex.duplicated(["form", "pos"]).any()
    assert set(lex.loc[lex["pos"] != "", "form"]) <= set(lex.loc[lex["pos"] == "", "form"])


def test_sense_averaging_matches_xml_by_hand():
    root = ET.parse(_pattern_xml()).getroot()
    heel = [w.attrib for w in root.findall("word") if w.get("form") == "heel"]
    assert [float(w["polarity"]) for w in heel] == [0.1, 0.2, 0.1]
    assert [float(w["intensity"]) for w in heel] == [1.7, 1.4, 1.7]
    lex = load_lexicon().set_index(["form", "pos"])
    assert lex.loc[("heel", "JJ"), "polarity"] == pytest.approx(0.4 / 3)
    assert lex.loc[("heel", "JJ"), "intensity"] == pytest.approx(1.6)
    assert lex.loc[("heel", ""), "subjectivity"] == pytest.approx((0.4 + 0.4 + 0.9) / 3)
    assert lex.loc[("goed", ""), "polarity"] == pytest.approx(0.55)  # (0.6 + 0.5) / 2
    assert lex.loc[("erg", ""), "intensity"] == pytest.approx(1.55)  # (1.2 + 1.9) / 2


def test_attributive_forms_overwrite_as_in_pattern():
    lex = load_lexicon().set_index(["form", "pos"])
    # goede: XML says 0.5 (pos ""), Pattern's nl Sentiment.load overwrites with goed's JJ
    assert lex.loc[("goede", ""), "polarity"] == pytest.approx(0.55)
    # geliefde: XML NN 0.6 kept as NN; POS-free and JJ copied from geliefd (0.8)
    assert lex.loc[("geliefde", "NN"), "polarity"] == pytest.approx(0.6)
    assert lex.loc[("geliefde", ""), "polarity"] == pytest.approx(0.8)
    # capitalised XML forms never match lower-cased tokens; their attributive does
    assert ("Amsterdams", "JJ") in lex.index and ("amsterdams", "") not in lex.index
    assert ("amsterdamse", "") in lex.index
    assert score_tokens(["amsterdams"])[2] == [] and score_tokens(["amsterdamse"])[2]


@pytest.mark.parametrize(
    "adj, attr",
    [
        ("goed", "goede"),
        ("fel", "fele"),
        ("groot", "grote"),
        ("grof", "grove"),  # fele: sic
        ("lief", "lieve"),
        ("vies", "vieze"),
        ("rood", "rode"),
        ("dom", "domme"),
        ("makkelijk", "makkelijke"),
        ("simpel", "simpele"),
        ("moe", "moe"),
        ("duur", "dure"),
    ],
)
def test_attributive(adj, attr):
    assert _attributive(adj) == attr


def test_user_lexicon_csv_pos_free_is_mean_of_pos_means(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("form,pos,polarity,subjectivity\nX,JJ,0.2,0.5\nx,JJ,0.4,0.5\nx,NN,0.9,0.5\n")
    lex = load_lexicon(path).set_index(["form", "pos"])
    assert lex.loc[("x", "JJ"), "polarity"] == pytest.approx(0.3)
    assert lex.loc[("x", ""), "polarity"] == pytest.approx(0.6)  # not the sense mean 0.5
    assert lex.loc[("x", ""), "intensity"] == 1.0


def test_own_dataframe_lexicon_is_validated_and_averaged(toks):
    mine = pd.DataFrame(
        {"form": ["Goed", "goed"], "polarity": [0.2, 0.4], "subjectivity": [0.5, 0.5]}
    )
    assert score_tokens(["goed"], lexicon=mine)[0] == pytest.approx(0.3)
    assert sentiment(toks, lexicon=mine).attrs["params"]["lexicon"] == "custom"
    with pytest.raises(CorpusError, match="lexicon table"):
        score_tokens(["goed"], lexicon=mine.assign(polarity=2.0))


def test_bundled_example_lexicon_and_modifier():
    lex = load_lexicon("example-nl")
    p, s, hits = score_tokens(["zeer", "constructief"], lexicon=lex)
    assert p == pytest.approx(0.5 * 1.3) and hits[0]["words"] == ["zeer", "constructief"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("form,polarity\nx,0.1\n", "subjectivity"),
        ("form,polarity,subjectivity\nx,0.1,0.2\ny,1.5,0.2\n", "row 2 ('y'), field 'polarity'"),
        ("form,polarity,subjectivity,intensity\nx,0.1,0.2,-1\n", "field 'intensity'"),
        ("form,polarity,subjectivity\nx,abc,0.2\n", "field 'polarity'"),
        ("form,polarity,subjectivity\n,0.1,0.2\n", "field 'form'"),
    ],
)
def test_user_lexicon_errors_name_file_row_field(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CorpusError, match="bad.csv") as err:
        load_lexicon(path)
    assert message in str(err.value)


def test_user_lexicon_yaml_and_bad_inputs(tmp_path):
    good = tmp_path / "l.yaml"
    good.write_text("- {form: fijn, polarity: 0.5, subjectivity: 0.8}\n")
    assert score_tokens(["fijn"], lexicon=load_lexicon(good))[0] == 0.5
    bad = tmp_path / "b.yaml"
    bad.write_text("fijn: 0.5\n")
    with pytest.raises(CorpusError, match="b.yaml"):
        load_lexicon(bad)
    (tmp_path / "l.txt").write_text("x")
    with pytest.raises(CorpusError, match=".csv or .yaml"):
        load_lexicon(tmp_path / "l.txt")
    with pytest.raises(CorpusError, match="no-such-lexicon"):
        load_lexicon("no-such-lexicon")


# --- rules ------------------------------------------------------------------------------


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
    with pytest.raises(ValueError, match="negation"):
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


def test_pos_filter_in_table(toks):
    tagged = toks.assign(upos="ADJ")
    tagged.loc[tagged["lower"] == "zeer", "upos"] = "ADV"
    tagged.loc[tagged["lower"] == "goed", "upos"] = "ADP"
    res = sentiment(tagged)
    assert res.iloc[0]["n_hits"] == 0 and res.attrs["params"]["pos_filter"] is True
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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=25), st.sampled_from(["clause", "pattern"]))
def test_property_scores_in_range(words, negation):
    p, s, hits = score_tokens(words, negation=negation)
    assert -1 <= p <= 1 and 0 <= s <= 1
    assert all(-1 <= h["polarity"] <= 1 and 0 <= h["subjectivity"] <= 1 for h in hits)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12), min_size=1, max_size=5))
def test_property_table_ranges(sentences):
    df = make_tokens([("d", "d:000", "P1", "government", [" ".join(s) for s in sentences])])
    for level in ("sentence", "document"):
        res = sentiment(df, level=level)
        assert res["polarity"].between(-1, 1).all()
        assert res["subjectivity"].between(0, 1).all()
        assert res["coverage"].between(0, 1).all()


def _reference_sentiment(df, target, negation, spaces=True):
    """Sentence-level sentiment() the slow way: term_mask on all tokens, then score_tokens
    and the text rebuilt token by token for each kept sentence."""
    key = df[["doc_id", "sent_id"]]
    brk = (key != key.shift()).any(axis=1).to_numpy()
    lower, lemma = df["lower"].tolist(), df["lemma"].tolist()
    covered = np.ones(len(df), dtype=bool)
    if target is not None:
        terms = [target] if isinstance(target, str) else target
        covered = term_mask(lower, lemma, [" ".join(t.lower().split()) for t in terms], brk)[1]
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
            [],
        ]
    ),
    st.sampled_from(["clause", "pattern", "none"]),
)
@example([["de", "(!)", "."], ["zo", "is"], ["goed"]], None, "clause")  # irony alone
def test_kept_sentences_match_reference(sentences, target, negation):
    """Only kept sentences are scored, sentences without a lexicon word skip the scorer and
    texts are rebuilt per table: the same as scoring every sentence one by one."""
    half = len(sentences) // 2
    df = make_tokens(
        [
            ("d", "d:000", "P1", "government", [" ".join(x) for x in sentences[:half]]),
            ("e", "e:000", "P2", "parliament", [" ".join(x) for x in sentences[half:]]),
        ]
    )
    res = sentiment(df, target=target, negation=negation)
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
    assert got == _reference_sentiment(df, target, negation)
    for variant in (df.astype({"char_start": "float64"}), df.astype({"lower": object})):
        pd.testing.assert_frame_equal(sentiment(variant, target=target, negation=negation), res)
    no_starts = sentiment(df.drop(columns="char_start"), target=target, negation=negation)
    assert list(no_starts["text"]) == [
        x[0] for x in _reference_sentiment(df, target, negation, spaces=False)
    ]


# --- tables -----------------------------------------------------------------------------


def test_sentence_level_table(toks):
    res = sentiment(toks)
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


def test_pattern_negation_in_table(toks):
    res = sentiment(toks, negation="pattern")
    assert res.iloc[0]["polarity"] == pytest.approx(0.55)


def test_segment_and_document_levels_pool_assessments(toks):
    seg = sentiment(toks, level="segment")
    assert list(seg.columns[:2]) == ["doc_id", "seg_id"] and len(seg) == 4
    assert seg.iloc[0]["polarity"] == pytest.approx((-0.275 + 0.605 * 1.25) / 2)
    assert seg.iloc[0]["text"] == "Het is niet zo goed. Zeer goed!"
    a, b, _ = seg.iloc[0]["hits"][1]["spans"][-1]
    assert seg.iloc[0]["text"][a:b] == "goed"
    doc = sentiment(toks, level="document")
    assert list(doc["doc_id"]) == ["d1", "d2"] and "role" not in doc
    assert doc.iloc[0]["n_hits"] == 4


def test_target_role_and_by(toks):
    res = sentiment(toks, target=["vs", "verenigde staten", "amerika*"])
    assert list(res["text"]) == [
        "De VS zijn slecht.",
        "De Verenigde Staten zijn een goede partner.",
    ]
    assert sentiment(toks, target="verenigde").empty is False
    assert sentiment(toks, target="staten verenigde").empty
    gov = sentiment(toks, role="government")
    assert set(gov["role"]) == {"government"} and len(gov) == 4
    with pytest.raises(ValueError, match="vary"):
        sentiment(toks, level="document", by="role")
    with pytest.raises(ValueError, match="level"):
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
    res = sentiment(toks, by="role")
    summ = summarise_sentiment(res)
    assert list(summ.columns[:1]) == ["role"]
    one = summarise_sentiment(sentiment(toks, role="parliament"), by="period")
    assert one["n_scored"].tolist() == [1] and one["ci_low"].isna().all()
    all_units = summarise_sentiment(sentiment(toks).drop(columns="period"))
    assert len(all_units) == 1 and all_units["n_units"].iloc[0] == 5
    assert summ.attrs["params"]["n_boot"] == 2000 and summ.attrs["params"]["level"] == "sentence"
    with pytest.raises(ValueError, match="ci"):
        summarise_sentiment(res, ci=95)


@pytest.mark.slow
def test_real_corpus_integration():
    tokens_mod = pytest.importorskip("discourse.nlp.tokens")
    segment_mod = pytest.importorskip("discourse.corpus.segment")
    corpus_mod = pytest.importorskip("discourse.corpus.letters")
    letters = corpus_mod.load_letters()
    toks = tokens_mod.tokens(segment_mod.segments(letters), pipeline="builtin")
    res = sentiment(toks)
    assert len(res) > 50 and res["coverage"].between(0, 1).all()
    assert res["n_hits"].sum() > 0
    summ = summarise_sentiment(res, by="period", n_boot=200)
    assert summ["n_units"].sum() == len(res)


# --- plots and drill-down ---------------------------------------------------------------


def test_plots_return_axes_and_html_escapes(toks):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from discourse.viz.plots import plot_sentiment, plot_sentiment_timeline, sentiment_html

    res = sentiment(toks)
    ax = plot_sentiment(res, n_boot=100)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["P1", "P2"]
    ax2 = plot_sentiment(summarise_sentiment(res, n_boot=100))
    dated = sentiment(toks.assign(date=pd.Timestamp("2024-01-01")))
    ax3 = plot_sentiment_timeline(dated)
    with pytest.raises(ValueError, match="date"):
        plot_sentiment_timeline(res)
    plt.close("all")
    assert ax is not ax2 and ax3.get_xlabel() == "letter date"
    evil = make_tokens([("d", "d:000", "P1", "government", ["<b>goed</b> & niet goed ."])])
    html = sentiment_html(sentiment(evil), top=3)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "text-decoration:underline" in html and "Most negative" in html
    with pytest.raises(ValueError, match="which"):
        sentiment_html(res, which="middle")


def test_plots_name_unscored_groups_and_letters(toks):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from discourse.viz.plots import plot_sentiment, plot_sentiment_timeline

    toks = toks[toks["role"] == "government"]
    dated = sentiment(toks[toks["doc_id"] == "d1"].assign(date=pd.Timestamp("2024-01-01")))
    unscored = sentiment(toks[toks["seg_id"] == "d2:001"].assign(date=pd.Timestamp("2025-01-01")))
    both = pd.concat([dated, unscored], ignore_index=True)
    both.attrs = dated.attrs
    texts = [t.get_text() for t in plot_sentiment(both, n_boot=50).texts]
    assert any(t.startswith("no scored units\n0 of 1") for t in texts)
    ax = plot_sentiment_timeline(both)
    assert "n=2" in [t.get_text() for t in ax.texts]  # the d1 letter: 2 scored sentences
    assert "1 letter(s) without units with >= 1 hit(s) left out" in ax.get_title()
    plt.close("all")
