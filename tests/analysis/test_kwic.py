"""Tests for discourse.analysis.kwic: hits, multi-word matches, contexts, sorting, HTML, text."""

from __future__ import annotations

import doctest
import importlib
import re

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.collocations import collocations
from discourse.analysis.kwic import KWIC_COLUMNS, kwic, kwic_html
from discourse.errors import CorpusError

kwic_module = importlib.import_module("discourse.analysis.kwic")

SEGMENTS = [  # (doc, segment text); tokens are whitespace-separated, "." ends a sentence
    ("d1", "De Verenigde Staten en Europa ( EU ) werken samen . De VS steunen Oekraïne ."),
    ("d1", "Amerikaanse steun blijft nodig , zegt de VS-gezant ."),
    ("d2", "Europa en de VS <delen> waarden & belangen . Amerika kiest zelf ."),
]


def token_table() -> pd.DataFrame:
    rows = []
    for doc, group in pd.DataFrame(SEGMENTS, columns=["doc", "text"]).groupby("doc", sort=True):
        token_id, sent_id = 0, 0
        for seg_index, text in enumerate(group["text"]):
            char = 0
            for word in text.split():
                rows.append(
                    dict(
                        doc_id=doc,
                        seg_id=f"{doc}:{seg_index:03d}",
                        sent_id=sent_id,
                        token_id=token_id,
                        text=word,
                        lower=word.lower(),
                        lemma="amerikaans" if word == "Amerikaanse" else word.lower(),
                        is_punct=not re.search(r"\w", word),
                        char_start=char,
                        period="P1" if doc == "d1" else "P2",
                        role="government",
                    )
                )
                char += len(word) + 1
                token_id += 1
                sent_id += word == "."
            sent_id += not text.rstrip().endswith(".")
    df = pd.DataFrame(rows)
    df["period"] = pd.Categorical(df["period"], ordered=True)
    return df


def test_hits_columns_and_contexts():
    tokens = token_table()
    res = kwic(tokens, "vs", window=3, by="period")
    assert list(res.columns)[:3] == ["doc_id", "seg_id", "period"]
    assert set(KWIC_COLUMNS) <= set(res.columns)
    assert len(res) == (tokens["lower"] == "vs").sum() == 2
    first = res.iloc[0]
    assert (first["left"], first["match"], first["right"]) == ("De", "VS", "steunen Oekraïne .")
    assert first["sentence"] == "De VS steunen Oekraïne ."
    assert first["token_id"] == 12 and first["char_start"] == SEGMENTS[0][1].index(" VS ") + 1
    assert res["period"].tolist() == ["P1", "P2"]


def test_multi_word_and_pattern_queries():
    tokens = token_table()
    res = kwic(tokens, ["Verenigde Staten", "VS", "amerika*"], window=2)
    assert res["match"].tolist() == ["Verenigde Staten", "VS", "Amerikaanse", "VS", "Amerika"]
    assert res.iloc[0]["right"] == "en Europa" and res.iloc[0]["left"] == "De"
    lemma = kwic(tokens, ["amerikaans"], unit="lemma")
    assert lemma["match"].tolist() == ["Amerikaanse"]
    regex = kwic(tokens, [r"vs(-\w+)?"], regex=True)
    assert regex["match"].tolist() == ["VS", "VS-gezant", "VS"]
    assert kwic(tokens, "VS", unit="text", case_insensitive=False).shape[0] == 2
    assert kwic(tokens, "vs", unit="text", case_insensitive=False).empty


def test_same_occurrences_as_collocations():
    tokens = token_table()
    node = ["VS", "Verenigde Staten", "Amerika", "Amerikaans"]
    res = kwic(tokens, node, unit="lemma")
    freq = collocations(tokens, node, min_freq=1).attrs["freq_node"]["all"]
    assert len(res) == freq == 5


def test_context_stops_at_sentence_and_segment():
    tokens = token_table()
    res = kwic(tokens, "europa", window=10)
    first, second = res.iloc[0], res.iloc[1]
    assert first["right"] == "( EU ) werken samen ."  # stops at the sentence end
    assert second["left"] == ""
    across = kwic(tokens, "europa", window=10, within_sentence=False).iloc[0]
    assert across["right"].endswith("De VS steunen Oekraïne")
    assert "Amerikaanse" not in across["right"]  # never crosses the segment
    first_in_segment = kwic(tokens, "amerikaanse", window=10, within_sentence=False).iloc[0]
    assert first_in_segment["left"] == ""


def test_sort_orders():
    tokens = token_table()
    res = kwic(tokens, ["vs", "europa", "amerika"], window=3)
    positions = list(zip(res["doc_id"], res["token_id"], strict=True))
    assert positions == sorted(positions)
    words = re.compile(r"\w")
    by_left = kwic(tokens, ["vs", "europa", "amerika"], window=3, sort="left")
    keys = [
        tuple(reversed([w for w in s.lower().split() if words.search(w)])) for s in by_left["left"]
    ]
    assert keys == sorted(keys)
    by_right = kwic(tokens, ["vs", "europa", "amerika"], window=3, sort="right")
    keys = [tuple(w for w in s.lower().split() if words.search(w)) for s in by_right["right"]]
    assert keys == sorted(keys)
    # punctuation does not decide the order: "( EU )" sorts under "eu", after "en de VS"
    assert by_right["right"].tolist()[1:3] == ["en de VS", "( EU )"]
    by_match = kwic(tokens, ["vs", "europa", "amerika"], sort="match")
    assert by_match["match"].str.lower().is_monotonic_increasing
    with pytest.raises(CorpusError, match="sort='nonsense' is not valid; allowed: one of"):
        kwic(tokens, "vs", sort="nonsense")


def test_unordered_input_and_missing_char_start():
    tokens = token_table()
    shuffled = tokens.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(kwic(shuffled, "vs"), kwic(tokens, "vs"))
    plain = kwic(tokens.drop(columns="char_start"), "europa", window=4)
    assert plain.iloc[0]["right"] == "(EU) werken"
    assert plain["char_start"].isna().all()


def test_html_escapes_and_highlights():
    tokens = token_table()
    page = kwic_html(kwic(tokens, "*delen*", window=3))
    assert "&lt;delen&gt;" in page and "<delen>" not in page
    assert "<mark><b>&lt;delen&gt;</b></mark>" in page
    assert "&amp;" in page
    empty = kwic_html(kwic(tokens, "absent"))
    assert "<table" in empty and "<mark>" not in empty
    many = kwic_html(kwic(tokens, "*", window=1), max_rows=3)
    assert "3 of" in many


def test_text_table_mode():
    letters = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "period": ["P1", "P2"],
            "text": [
                "De Verenigde Staten en Europa werken samen. De VS steunen Oekraïne.\nNieuw",
                "Europa en de VS delen waarden. Amerika kiest zelf.",
            ],
        }
    )
    with pytest.raises(CorpusError, match="role='government' is not valid; allowed: only None"):
        kwic(letters, "VS")  # a letters table has no role column: say role=None
    res = kwic(letters, ["Verenigde Staten", "VS", "amerika*"], window=2, by="period", role=None)
    assert res["match"].tolist() == ["Verenigde Staten", "VS", "VS", "Amerika"]
    assert res.iloc[1]["left"] == "De" and res.iloc[1]["right"] == "steunen Oekraïne."
    assert res.iloc[1]["sentence"] == "De VS steunen Oekraïne."
    assert res.iloc[0]["char_start"] == 3
    assert res["token_id"].isna().all()
    assert res["period"].tolist() == ["P1", "P1", "P2", "P2"]


def test_empty_result_schema():
    res = kwic(token_table(), "absent", by="period")
    assert res.empty and set(KWIC_COLUMNS) <= set(res.columns)
    assert res.attrs["params"]["terms"] == "absent"
    assert res.attrs["params"]["role"] == "government"
    assert np.array_equal(res.columns[:3], ["doc_id", "seg_id", "period"])


def test_docstring_examples():
    assert doctest.testmod(kwic_module).failed == 0


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
def test_real_corpus_segments_and_tokens(request, seed_segments, pipeline):
    query = ["VS", "Verenigde Staten", "Amerika*"]
    lines = kwic(seed_segments, query, window=6, by="period")  # the cabinet's segments
    assert set(lines["role"]) == {"government"} and lines["speaker"].notna().any()
    assert len(lines) > 0 and lines["period"].notna().all()
    assert lines["match"].str.contains(r"^(?:VS|Verenigde Staten|Amerika\w*)$", case=False).all()
    assert "<mark>" in kwic_html(lines)
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    from_tokens = kwic(toks, query, window=6, by="period")
    assert abs(len(from_tokens) - len(lines)) <= 0.1 * len(lines)  # tokenisation may differ
    assert (
        from_tokens["match"].str.contains(r"^(?:VS|Verenigde Staten|Amerika\w*)$", case=False).all()
    )


def test_punct_false_counts_words_only():
    tokens = token_table()
    with_punct = kwic(tokens, "europa", window=2).iloc[0]
    assert with_punct["right"] == "( EU"
    words_only = kwic(tokens, "europa", window=2, punct=False).iloc[0]
    assert words_only["right"] == "( EU ) werken"
    assert kwic(tokens, "europa", window=(1, 0), punct=False).iloc[0]["left"] == "en"
    assert kwic(tokens, "europa", window=2, punct=False).attrs["params"]["punct"] is False


def test_role_filter():
    tokens = token_table().assign(role=lambda d: np.where(d["doc_id"] == "d1", "gov", "parl"))
    res = kwic(tokens, "vs", role="gov")
    assert res["doc_id"].tolist() == ["d1"] and res.attrs["params"]["role"] == "gov"
    assert len(kwic(tokens, "vs", role=["gov", "parl"])) == 2
    with pytest.raises(CorpusError, match="role='gov' is not valid; allowed: one of 'government'"):
        kwic(token_table(), "vs", role="gov")
    with pytest.raises(CorpusError, match="role='government' is not valid.*'gov', 'parl'"):
        kwic(tokens, "vs")  # the default, on a table without that role
    with pytest.raises(CorpusError, match="only None"):
        kwic(token_table().drop(columns="role"), "vs")


def test_lines_say_whose_words_they_are():
    tokens = token_table().assign(
        role=lambda d: np.where(d["doc_id"] == "d1", "government", "parliament"),
        speaker=lambda d: np.where(d["doc_id"] == "d1", "minister <B>", "MP"),
    )
    gov = kwic(tokens, "vs")
    assert gov["role"].tolist() == ["government"] and gov["speaker"].tolist() == ["minister <B>"]
    everyone = kwic(tokens, "vs", role=None)
    assert everyone["role"].tolist() == ["government", "parliament"]
    assert everyone.attrs["params"]["role"] is None
    page = kwic_html(everyone)
    assert "<th" in page and ">speaker</th>" in page and ">role</th>" in page
    assert "minister &lt;B&gt;" in page and ">parliament</td>" in page
    assert ">speaker</th>" not in kwic_html(everyone, info="doc_id")
    assert ">speaker</th>" not in kwic_html(everyone.drop(columns="speaker"))  # skipped


def test_collocate_filter_matches_collocation_counts():
    tokens = token_table()
    node = ["VS", "Verenigde Staten", "Amerika", "Amerikaans"]
    table = collocations(tokens, node, window=(3, 3), min_freq=1, unit="lemma")
    vocab = set(tokens.loc[~tokens["is_punct"], "lemma"])
    for word in sorted(vocab):
        lines = kwic(tokens, node, unit="lemma", window=(3, 3), punct=False, collocate=word)
        o = table.loc[table["collocate"] == word, "o"].sum()
        assert (len(lines) > 0) == (o > 0), word
    steun = kwic(tokens, node, unit="lemma", window=(3, 3), punct=False, collocate="steun*")
    assert steun["match"].tolist() == ["VS", "Amerikaanse"]
    # with collocate_on=unit every counted (node, slot) pair is one offset: count="node" o
    per_node = collocations(tokens, node, window=(3, 3), min_freq=1, count="node")
    for word in sorted(vocab):
        lines = kwic(
            tokens,
            node,
            unit="lemma",
            window=(3, 3),
            punct=False,
            collocate=word,
            collocate_on="lemma",
        )
        o = per_node.loc[per_node["collocate"] == word, "o"].sum()
        assert lines["collocate_offsets"].map(len).sum() == o, word
    # the node's own tokens are never its collocate
    assert kwic(tokens, "europa", collocate="europa").empty
    assert kwic(tokens, "vs", collocate="absent").empty


def test_collocate_filter_on_text_table():
    letters = pd.DataFrame(
        {"doc_id": ["a"], "text": ["De VS steunen Oekraïne. Europa en de VS delen waarden."]}
    )
    res = kwic(letters, "VS", window=3, collocate="oekraïne", role=None)
    assert res["right"].tolist() == ["steunen Oekraïne."]
    assert res["collocate_offsets"].tolist() == [(2,)]
    de = kwic(letters, "VS", window=3, collocate=["de", "delen"], role=None)
    assert de["collocate_offsets"].tolist() == [(-1,), (-1, 1)]
    with pytest.raises(CorpusError, match="token tables only"):
        kwic(letters, "VS", collocate="de", collocate_window=2, role=None)


def collocate_table() -> pd.DataFrame:
    """Two sentences; "Staat" (lemma staan, a verb) is not the noun "staat"."""
    rows = [  # text, lemma, upos
        ("Regering", "regering", "NOUN"),
        ("en", "en", "CCONJ"),
        ("VS", "VS", "PROPN"),
        (",", ",", "PUNCT"),
        ("zegt", "zeggen", "VERB"),
        ("de", "de", "DET"),
        ("regering", "regering", "NOUN"),
        (".", ".", "PUNCT"),
        ("Staat", "staan", "VERB"),
        ("de", "de", "DET"),
        ("VS", "VS", "PROPN"),
        ("voor", "voor", "ADP"),
        ("de", "de", "DET"),
        ("staat", "staat", "NOUN"),
        ("?", "?", "PUNCT"),
    ]
    return pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": "d:000",
            "sent_id": [0] * 8 + [1] * 7,
            "token_id": range(len(rows)),
            "text": [r[0] for r in rows],
            "lower": [r[0].lower() for r in rows],
            "lemma": [r[1] for r in rows],
            "upos": [r[2] for r in rows],
            "is_punct": [r[2] == "PUNCT" for r in rows],
            "role": "government",
        }
    )


def test_collocate_offsets_are_signed_window_positions():
    toks = collocate_table()
    # tokens (punct=True): "Regering" is 2 tokens left of VS, "regering" 4 right (outside)
    res = kwic(toks, "vs", window=3, collocate="regering")
    assert res["token_id"].tolist() == [2] and res["collocate_offsets"].tolist() == [(-2,)]
    cols = list(res.columns)
    assert cols[cols.index("sentence") + 1 :] == ["collocate_offsets", "role"]  # metadata last
    assert "collocate_offsets" not in kwic(toks, "vs", window=3).columns
    # words (punct=False): the comma takes no slot, so "regering" is R3
    words = kwic(toks, "vs", window=(2, 3), punct=False, collocate="regering")
    assert words["collocate_offsets"].tolist() == [(-2, 3)]
    assert kwic(toks, "vs", window=(0, 2), punct=False, collocate="regering").empty
    # a narrow context shown, the collocate searched in a wider word window
    wide = kwic(toks, "vs", window=1, collocate="regering", collocate_window=(2, 3))
    assert (wide.iloc[0]["left"], wide.iloc[0]["right"]) == ("en", ",")
    assert wide["collocate_offsets"].tolist() == [(-2, 3)]
    assert wide.attrs["params"]["collocate_window"] == [2, 3]
    assert kwic(toks, "vs", window=1, collocate="regering", collocate_window=(0, 2)).empty
    with pytest.raises(CorpusError, match=r"collocate_window=\(2, -1\) is not valid; allowed"):
        kwic(toks, "vs", collocate="regering", collocate_window=(2, -1))


def test_collocate_matched_on_unit_and_filtered_by_pos():
    toks = collocate_table()
    # unit="lemma" matches lemma or form: "Staat" (a form of staan) counts too ...
    both = kwic(toks, "vs", unit="lemma", window=3, punct=False, collocate="staat")
    assert both["collocate_offsets"].tolist() == [(-2, 3)]
    # ... unless the collocate is matched on the lemma only, as collocations() counts it
    lemma = kwic(
        toks, "vs", unit="lemma", window=3, punct=False, collocate="staat", collocate_on="lemma"
    )
    assert lemma["collocate_offsets"].tolist() == [(3,)]
    nouns = kwic(
        toks,
        "vs",
        unit="lemma",
        window=3,
        punct=False,
        collocate="sta*",
        collocate_pos=["NOUN", "PROPN"],
    )
    assert nouns["collocate_offsets"].tolist() == [(3,)]
    verbs = kwic(toks, "vs", window=3, punct=False, collocate="sta*", collocate_pos="VERB")
    assert verbs["collocate_offsets"].tolist() == [(-2,)]
    assert verbs.attrs["params"]["collocate_pos"] == "VERB"
    with pytest.raises(CorpusError, match="only with collocate="):
        kwic(toks, "vs", collocate_pos="NOUN")
    with pytest.raises(CorpusError, match="no column 'upos'"):
        kwic(toks.drop(columns="upos"), "vs", collocate="de", collocate_pos="DET")


def test_sort_by_one_position_first():
    tokens = token_table()
    terms = ["vs", "europa", "amerika"]
    words = re.compile(r"\w")
    for side, column in (("L", "left"), ("R", "right")):
        for k in (1, 2, 3):
            lines = kwic(tokens, terms, window=4, sort=f"{side}{k}")
            seq = [
                [w for w in s.lower().split() if words.search(w)][:: -1 if side == "L" else 1]
                for s in lines[column]
            ]
            keys = [
                (tuple(w[k - 1 :]), m.lower()) for w, m in zip(seq, lines["match"], strict=True)
            ]
            assert keys == sorted(keys), (side, k)
    # R2 differs from R1: "VS steunen Oekraïne" (R2 oekraïne) before "Europa ( EU ) werken"
    r2 = kwic(tokens, terms, window=3, sort="R2")
    r1 = kwic(tokens, terms, window=3, sort="R1")
    assert r2["right"].tolist() != r1["right"].tolist()
    assert r2.attrs["params"]["sort"] == "R2"


def test_html_puts_context_first_and_never_cuts_it():
    tokens = token_table().assign(speaker=None)
    lines = kwic(tokens, "vs", window=10, role=None)
    page = kwic_html(lines)
    header = re.findall(r"<th[^>]*>([^<]*)</th>", page)
    assert header == ["left", "match", "right", "doc_id", "speaker", "role"]
    assert "max-width" not in page and "overflow" not in page
    assert "nan" not in page and "None" not in page and "&lt;NA&gt;" not in page
    assert "steunen Oekraïne ." in page  # the whole right context


def test_html_highlights_each_collocate_with_its_position():
    tokens = token_table()
    lines = kwic(
        tokens, "vs", window=5, collocate="oekraïne", collocate_window=3, role=None, punct=True
    )
    assert lines["collocate_offsets"].tolist() == [(2,)]
    page = kwic_html(lines)
    assert re.search(r'class="discourse-collocate"[^>]*>Oekraïne<sup[^>]*>R2</sup>', page)
    left = kwic(tokens, "oekraïne", window=4, collocate="de", role=None)
    assert left["collocate_offsets"].tolist() == [(-3,)]
    assert re.search(r">De<sup[^>]*>L3</sup>", kwic_html(left))
