"""Tests for discourse.analysis.dictionary (quanteda-style dictionaries and category counts).

Synthetic token tables follow docs/design.md: doc_id, seg_id, sent_id, lower, lemma,
is_punct, period, role. The glob translation is tested in test_patterns.py.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from discourse.analysis import patterns
from discourse.analysis.dictionary import (
    dictionary_counts,
    list_dictionaries,
    load_dictionary,
    term_mask,
)
from discourse.analysis.patterns import glob_escape, glob_regex, glob_source
from discourse.errors import CorpusError
from discourse.paths import data_dir


def make_tokens(rows: list[tuple[str, str, int, str, str, str, str]]) -> pd.DataFrame:
    """(doc_id, seg_id, sent_id, text, lemma, period, role) rows -> token table."""
    df = pd.DataFrame(
        rows, columns=["doc_id", "seg_id", "sent_id", "text", "lemma", "period", "role"]
    )
    df["lower"] = df["text"].str.lower()
    df["is_punct"] = df["text"].isin([".", ",", "!", "?"])
    df.attrs["pipeline"] = {"name": "synthetic", "version": "1"}
    return df


def words(doc, seg, sent, text, period="P1", role="government", lemmas=None):
    toks = text.split()
    lemmas = lemmas or [t.lower() for t in toks]
    return [(doc, seg, sent, t, lem, period, role) for t, lem in zip(toks, lemmas, strict=True)]


@pytest.fixture
def toks() -> pd.DataFrame:
    return make_tokens(
        words("a", "a:0", 0, "De veiligheid en de Verenigde Staten .")
        + words(
            "a",
            "a:0",
            1,
            "Verenigde",
        )
        + words(
            "a",
            "a:1",
            2,
            "Staten moet veilig handelen .",
            role="parliament",
            lemmas=["staat", "moeten", "veilig", "handelen", "."],
        )
        + words("b", "b:0", 0, "Handel en economie groeien .", period="P2")
    )


DIC = {
    "security": ["veilig*"],
    "us": ["verenigde staten", "vs"],
    "economy": ["handel", "economi*"],
    "obligation": ["moeten"],
    "empty": ["zzz"],
}


def test_load_bundled_and_custom(tmp_path):
    assert {"modality", "frames"} <= set(list_dictionaries())
    mod = load_dictionary("modality")
    assert list(mod.columns) == ["category", "pattern"]
    assert list(dict.fromkeys(mod["category"])) == ["hedging", "certainty", "obligation"]
    assert set(load_dictionary("frames")["category"]) == {
        "security",
        "cooperation",
        "economy",
        "values",
    }
    path = tmp_path / "d.yaml"
    path.write_text("frame:\n  hard: [Wapen*, 'Verenigde  Staten']\n  soft: dialoog\n")
    d = load_dictionary(path)
    assert d.values.tolist() == [
        ["frame.hard", "wapen*"],
        ["frame.hard", "verenigde staten"],
        ["frame.soft", "dialoog"],
    ]
    assert d.attrs["dictionary"] == "d"


def test_bundled_dictionaries_are_labelled_illustrative():
    for name in ("modality", "frames"):
        header = (data_dir() / "dictionaries" / f"{name}.yaml").read_text(encoding="utf-8")
        assert "ILLUSTRATIVE" in header and "NOT derived" in header and "Limits" in header


@pytest.mark.parametrize(
    "content, message",
    [
        ("security: []\n", "category 'security'"),
        ("security: [veilig, 3]\n", "entry 2"),
        ("- veilig\n", "mapping"),
        ("a: [b\n", "not valid YAML"),
    ],
)
def test_dictionary_file_errors(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    with pytest.raises(CorpusError, match="bad.yaml") as err:
        load_dictionary(path)
    assert message in str(err.value)


def test_unknown_dictionary_name_and_missing_file(tmp_path):
    with pytest.raises(
        CorpusError, match="name_or_path='no_such_dictionary' is not valid.*modality"
    ):
        load_dictionary("no_such_dictionary")
    with pytest.raises(CorpusError, match="missing.yaml.*is not valid; allowed: one of"):
        load_dictionary(tmp_path / "missing.yaml")


def test_counts_document_level(toks):
    out = dictionary_counts(toks, DIC, role=None)
    assert list(out.columns) == ["doc_id", "category", "count", "n_tokens", "per_10k"]
    a = out[out["doc_id"] == "a"].set_index("category")
    assert list(a.index) == ["security", "us", "economy", "obligation", "empty"]
    assert a.loc["security", "count"] == 2  # veiligheid, veilig
    assert a.loc["us", "count"] == 1  # multi-word within a sentence only, not across 1 -> 2
    assert a.loc["obligation", "count"] == 1  # lemma "moeten" of "moet"
    assert a.loc["economy", "count"] == 0  # "handelen" is not "handel"
    assert a.loc["empty", "count"] == 0
    assert a.loc["security", "n_tokens"] == 6 + 1 + 4
    assert a.loc["security", "per_10k"] == pytest.approx(10_000 * 2 / 11)
    b = out[out["doc_id"] == "b"].set_index("category")
    assert b.loc["economy", "count"] == 2 and b.loc["economy", "per_10k"] == 5000.0
    assert out.attrs["pipeline"]["name"] == "synthetic"
    assert out.attrs["params"]["unit"] == "lemma"
    assert out.attrs["params"]["role"] is None  # recorded also when None (all voices)


def test_counts_unit_lower_role_and_levels(toks):
    low = dictionary_counts(toks, DIC, unit="lower", role=None).set_index(["doc_id", "category"])
    assert low.loc[("a", "obligation"), "count"] == 0  # "moet" is not "moeten"
    gov = dictionary_counts(toks, DIC, role="government").set_index(["doc_id", "category"])
    assert gov.loc[("a", "security"), "count"] == 1 and gov.loc[("a", "us"), "n_tokens"] == 7
    pd.testing.assert_frame_equal(dictionary_counts(toks, DIC), gov.reset_index())  # default
    sent = dictionary_counts(toks, DIC, level="sentence", role=None)
    assert list(sent.columns[:3]) == ["doc_id", "seg_id", "sent_id"]
    assert len(sent) == 4 * len(DIC)
    per = dictionary_counts(toks, DIC, by="period", level="corpus", role=None).set_index(
        ["period", "category"]
    )
    assert per.loc[("P1", "security"), "per_10k"] == pytest.approx(10_000 * 2 / 11)
    assert per.loc[("P2", "economy"), "count"] == 2
    total = dictionary_counts(toks, DIC, level="corpus", role=None)
    assert len(total) == len(DIC) and total["n_tokens"].iloc[0] == 15


def test_counts_errors(toks):
    with pytest.raises(CorpusError, match="by='role' varies within a document"):
        dictionary_counts(toks, DIC, by="role", role=None)
    with pytest.raises(CorpusError, match="level='paragraph' is not valid; allowed: one of"):
        dictionary_counts(toks, DIC, level="paragraph")
    with pytest.raises(CorpusError, match="unit='stem' is not valid; allowed: one of 'lemma'"):
        dictionary_counts(toks, DIC, unit="stem")
    with pytest.raises(CorpusError, match="no column 'lemma'"):
        dictionary_counts(toks.drop(columns="lemma"), DIC)
    with pytest.raises(CorpusError, match="dictionary='no_such' is not valid.*'modality'"):
        dictionary_counts(toks, "no_such")
    with pytest.raises(CorpusError, match="role='xx' is not valid; allowed: one of 'government'"):
        dictionary_counts(toks, DIC, role="xx")
    with pytest.raises(CorpusError, match="only None .all voices., as the table has no column"):
        dictionary_counts(toks.drop(columns="role"), DIC)
    blank = load_dictionary(DIC)
    blank.loc[1, "pattern"] = "  "
    with pytest.raises(CorpusError, match=r"dictionary row 2 \(category 'us'\): pattern '  '"):
        dictionary_counts(toks, blank)


def test_bundled_dictionaries_count_on_synthetic_text():
    toks = make_tokens(
        words(
            "a",
            "a:0",
            0,
            "Het is wellicht noodzakelijk , maar het moet .",
            lemmas="het zijn wellicht noodzakelijk , maar het moeten .".split(),
        )
    )
    out = dictionary_counts(toks, "modality").set_index("category")["count"]
    assert out.to_dict() == {"hedging": 1, "certainty": 0, "obligation": 2}


def test_globs_are_re_exported_from_patterns():
    assert glob_source is patterns.glob_source and glob_regex is patterns.glob_regex
    assert glob_escape is patterns.glob_escape


def test_term_mask_longest_first_and_consumed_tokens():
    words = "de verenigde staten en de staten van de staten".split()
    breaks = np.array([w == "en" for w in words])  # "en" starts a second sentence
    pats = ["staten", "verenigde staten", "van de", "staten en"]
    starts, covered = term_mask(words, None, pats, breaks)
    assert np.flatnonzero(starts).tolist() == [1, 5, 6, 8]  # not "staten" inside the phrase
    assert np.flatnonzero(covered).tolist() == [1, 2, 5, 6, 7, 8]  # "staten en" crosses
    starts, _ = term_mask(words, None, ["staten"])
    assert starts.sum() == 3
    # overlapping repeats of one phrase: the left-most (quanteda)
    starts, covered = term_mask(["x", "x", "x"], None, ["x x"])
    assert starts.tolist() == [True, False, False] and covered.tolist() == [True, True, False]
    # a word matches its form or its alternative (lemma); non-strings never match
    starts, _ = term_mask(["moet", None, "moeten"], ["moeten", "x", "moeten"], ["moeten"])
    assert starts.tolist() == [True, False, True]
    with pytest.raises(CorpusError, match="blank search term"):
        term_mask(["a"], None, ["a", " "])


def test_equal_length_patterns_match_in_dictionary_order():
    """Overlapping phrases of one length: the earlier pattern wins, whatever the hash seed."""
    seq = "a b c d".split()
    first, _ = term_mask(seq, None, ["b c", "a b", "c d"])
    assert np.flatnonzero(first).tolist() == [1]  # "b c" first: "a b", "c d" clash
    first, _ = term_mask(seq, None, ["a b", "c d", "b c"])
    assert np.flatnonzero(first).tolist() == [0, 2]
    toks = make_tokens(words("a", "a:0", 0, "a b c d"))
    one = dictionary_counts(toks, {"x": ["b c", "a b", "c d"]})["count"].tolist()
    two = dictionary_counts(toks, {"x": ["a b", "c d", "b c"]})["count"].tolist()
    assert (one, two) == ([1], [2])


@pytest.mark.parametrize("unit", ["lemma", "lower"])
def test_single_words_counted_as_pandas_counts_them(builtin_tokens, unit):
    dic = {"us": ["vs", "amerika*"], "eu": ["europ*", "eu"]}
    out = dictionary_counts(builtin_tokens, dic, unit=unit, role=None)
    out = out.set_index(["doc_id", "category"])
    lower = builtin_tokens["lower"].astype(str).str.lower()
    lemma = builtin_tokens["lemma"].astype(str).str.lower()
    for cat, pats in dic.items():
        rx = re.compile("|".join(glob_source(p) for p in pats))
        hit = lower.map(lambda w, rx=rx: bool(rx.fullmatch(w)))
        if unit == "lemma":
            hit |= lemma.map(lambda w, rx=rx: bool(rx.fullmatch(w)))
        expected = hit.groupby(builtin_tokens["doc_id"], observed=True).sum()
        for doc, n in expected.items():
            assert out.loc[(doc, cat), "count"] == n, (doc, cat)
    n_tokens = (~builtin_tokens["is_punct"]).groupby(builtin_tokens["doc_id"], observed=True).sum()
    assert out.xs("us", level="category")["n_tokens"].to_dict() == n_tokens.to_dict()
