"""Tests for discourse.analysis.ngrams: n-grams within sentences, frequency, rate, range.

Oracles: a brute-force count over Python lists of each sentence's words (punctuation
skipped), and ``nltk.util.ngrams`` on the same lists.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.ngrams import ngrams
from discourse.errors import CorpusError

nltk_util = pytest.importorskip("nltk.util")

#: A Kamerbrief and an answer to Kamervragen (own sentences), with a parliament segment.
DOCS = {
    "kst-36600-10": [
        (
            "government",
            "Hierbij informeer ik uw Kamer , mede namens de minister van Defensie , "
            "over de steun aan Oekraïne .",
        ),
        ("government", "Het kabinet steunt Oekraïne ; de steun aan Oekraïne blijft nodig ."),
    ],
    "ah-tk-2025-1234": [
        ("parliament", "Bent u bekend met de steun aan Oekraïne ?"),
        ("government", "Ja . Het kabinet blijft de steun aan Oekraïne in 2025 voortzetten ."),
        ("government", "Uw Kamer ontvangt , zoals toegezegd , voor de zomer een brief ."),
    ],
}


def make_tokens() -> pd.DataFrame:
    rows = []
    for doc, segments in DOCS.items():
        tid = 0
        for s, (role, text) in enumerate(segments):
            for i, sentence in enumerate(text.replace("? ", "?|").replace(". ", ".|").split("|")):
                sent = s * 10 + i
                for word in sentence.split():
                    rows.append((doc, f"{doc}:{s:03d}", sent, tid, word, role))
                    tid += 1
    df = pd.DataFrame(rows, columns=["doc_id", "seg_id", "sent_id", "token_id", "text", "role"])
    df["lower"] = df["text"].str.lower()
    df["lemma"] = df["lower"].replace({"steunt": "steunen", "blijft": "blijven"})
    df["is_punct"] = df["text"].isin([",", ".", ";", "?"])
    df["upos"] = np.where(df["is_punct"], "PUNCT", "X")
    df["period"] = df["doc_id"].map({"kst-36600-10": "Schoof", "ah-tk-2025-1234": "Van Weel"})
    for col in ("doc_id", "seg_id", "text", "lower", "lemma", "role", "period"):
        df[col] = df[col].astype("category")
    df.attrs["pipeline"] = {"name": "test", "version": "1"}
    return df


def sentences(df: pd.DataFrame, unit: str, role=("government",)):
    """Per (doc_id, period) the word lists of each sentence (punctuation dropped)."""
    df = df[df["role"].isin(role) & ~df["is_punct"]].sort_values(["doc_id", "token_id"])
    return [
        (doc, period, list(g[unit].astype(str)))
        for (doc, _, period), g in df.groupby(["doc_id", "sent_id", "period"], observed=True)
    ]


def brute(df, k, unit="lemma", by=None):
    freq, docs = Counter(), {}
    for doc, period, words in sentences(df, unit):
        for i in range(len(words) - k + 1):
            key = (period if by else None, " ".join(words[i : i + k]))
            freq[key] += 1
            docs.setdefault(key, set()).add(doc)
    return {key: (f, len(docs[key])) for key, f in freq.items()}


def as_dict(out, by=None):
    return {
        (row[by] if by else None, row["ngram"]): (row["freq"], row["range"])
        for _, row in out.iterrows()
    }


@pytest.mark.parametrize("k", [2, 3, 4, 5])
@pytest.mark.parametrize("unit", ["lemma", "lower", "text"])
def test_counts_equal_a_brute_force_count(k, unit):
    df = make_tokens()
    assert as_dict(ngrams(df, n=k, unit=unit)) == brute(df, k, unit)
    assert as_dict(ngrams(df, n=k, unit=unit, by="period"), "period") == brute(df, k, unit, by=1)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_counts_equal_nltk_ngrams_per_sentence(k):
    df = make_tokens()
    expected = Counter()
    for _, _, words in sentences(df, "lower"):
        expected.update(" ".join(g) for g in nltk_util.ngrams(words, k))
    out = ngrams(df, n=k, unit="lower")
    assert dict(zip(out["ngram"], out["freq"], strict=True)) == dict(expected)


def test_sentence_and_segment_boundaries_break_punctuation_does_not():
    out = ngrams(make_tokens(), n=2, unit="lower", role=None)
    grams = set(out["ngram"])
    assert "kamer mede" in grams  # "Kamer , mede": the comma is skipped (AntConc)
    assert "oekraïne het" not in grams  # ". Het": a sentence boundary
    assert "oekraïne ja" not in grams  # "? | Ja": a segment (and sentence) boundary
    assert "nodig bent" not in grams  # across documents
    assert "2025 voortzetten" in grams  # numerals are words


def test_columns_rates_range_and_order():
    df = make_tokens()
    out = ngrams(df, n=range(2, 4), by="period", unit="lemma")
    assert list(out.columns) == ["ngram", "n", "period", "freq", "per_10k", "range"]
    assert out.dtypes[["n", "freq", "range"]].tolist() == [np.dtype("int64")] * 3
    assert list(out["period"].cat.categories) == ["Schoof", "Van Weel"]
    top = out.iloc[0]
    assert (top["ngram"], top["n"], top["period"], top["freq"]) == (
        "aan oekraïne",
        2,
        "Schoof",
        2,
    )  # ties: alphabetical
    words = (~df["is_punct"] & (df["role"] == "government") & (df["period"] == "Schoof")).sum()
    assert top["per_10k"] == pytest.approx(1e4 * 2 / words)
    pooled = ngrams(df, n=3)
    row = pooled.set_index("ngram").loc["steun aan oekraïne"]
    assert (row["freq"], row["range"]) == (3, 2)
    assert pooled.attrs["params"]["n"] == [3]
    assert out.attrs["documents"] == {"Schoof": 1, "Van Weel": 1}
    key = out.sort_values(["period", "n"], kind="stable")
    assert key.index.tolist() == out.index.tolist()


def test_thresholds_top_and_role():
    df = make_tokens()
    out = ngrams(df, n=[2, 3], min_freq=2, min_range=2)
    assert set(out["ngram"]) == {
        "de steun",
        "steun aan",
        "aan oekraïne",
        "de steun aan",
        "steun aan oekraïne",
        "het kabinet",
        "uw kamer",
    }
    top = ngrams(df, n=[2, 3], top=2)
    assert top.groupby("n").size().tolist() == [2, 2]
    everyone = ngrams(df, n=2, role=None)
    assert "bent u" in set(everyone["ngram"]) and "bent u" not in set(ngrams(df)["ngram"])
    assert ngrams(df, n=2, role="parliament")["freq"].sum() == 7  # 8 words in one sentence


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 1}, r"ngrams\(\): n=1 is not valid; allowed: one of 2, 3, 4, 5"),
        ({"n": [2, 6]}, r"n=\[2, 6\] \(the item 6\) is not valid"),
        ({"by": "cabinet"}, r"by='cabinet' is not valid"),
        ({"unit": "bigram"}, r"unit='bigram' is not valid"),
        ({"min_range": 0}, r"min_range=0 is not valid"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(CorpusError, match=message):
        ngrams(make_tokens(), **kwargs)


def test_missing_column_is_named():
    with pytest.raises(CorpusError, match="token_id"):
        ngrams(make_tokens().drop(columns="token_id"))


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_ngrams_and_the_keyness_ngram_unit_agree_where_no_token_is_dropped(letter_tokens, n):
    """Sentences without punctuation, numerals or symbols inside: ngrams() and the keyness
    unit (term_counts, unit="bigram" … "5-gram") count the same n-grams per group."""
    from discourse.analysis.counts import NGRAM_UNITS, term_counts

    toks = letter_tokens()
    unit = {k: u for u, k in NGRAM_UNITS.items()}[n]
    listed = ngrams(toks, n=n, by="period", unit="lower", role=None)
    tc = term_counts(toks, by="period", unit=unit, role=None)
    counted = pd.DataFrame(tc.group_counts, index=tc.terms, columns=map(str, tc.groups)).stack()
    expected = {(t, g): int(c) for (t, g), c in counted[counted > 0].items()}
    got = {
        (t, str(g)): int(f)
        for t, g, f in listed[["ngram", "period", "freq"]].itertuples(index=False)
    }
    assert got == expected and len(got) > 20
    # where a dropped token falls inside a sentence they differ: ngrams() skips it
    comma = make_tokens()
    assert "kamer mede" in set(ngrams(comma, n=2, unit="lower", role=None)["ngram"])
    assert "kamer mede" not in set(term_counts(comma, by="doc_id", unit="bigram", role=None).terms)
