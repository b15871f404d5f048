"""Tests for discourse.analysis.counts: term counts against pandas, caching, re-exports."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.counts import NON_WORD_UPOS, term_counts
from discourse.errors import CorpusError


def small_table() -> pd.DataFrame:
    words = "het kabinet neemt de wet . de Kamer neemt 2024 asiel , over asiel .".split()
    return pd.DataFrame(
        {
            "doc_id": ["a"] * 8 + ["b"] * 8,
            "sent_id": [0] * 6 + [1] * 2 + [0] * 8,
            "token_id": list(range(8)) + list(range(8)),
            "lemma": [w.lower() for w in words] + ["."],
            "lower": [w.lower() for w in words] + ["."],
            "upos": ["NOUN"] * 16,
            "is_punct": [w in ".," for w in words] + [True],
            "period": ["P1"] * 8 + ["P2"] * 8,
            "role": ["government"] * 16,
        }
    )


def test_counts_are_cached_per_content_and_setting():
    tokens = small_table()
    first = term_counts(tokens, unit="lower")
    assert term_counts(tokens, unit="lower") is first
    assert term_counts(tokens, unit="lemma") is not first
    assert term_counts(tokens.copy(), unit="lower") is first  # same content, same counts
    tokens.loc[tokens["doc_id"] == "b", "period"] = "P1"  # edited in place: counted afresh
    again = term_counts(tokens, unit="lower")
    assert again is not first and again.groups == ["P1"]


def test_term_counts_lives_in_counts_and_is_exported_flat():
    import discourse

    assert term_counts is discourse.term_counts
    assert term_counts.__module__ == "discourse.analysis.counts"


@pytest.mark.parametrize("unit", ["lemma", "lower", "text"])
@pytest.mark.parametrize("role", ["government", None])
@pytest.mark.parametrize("pos", [None, ["NOUN", "PROPN"]])
def test_counts_equal_pandas_on_the_corpus(builtin_tokens, unit, role, pos):
    tc = term_counts(builtin_tokens, by="period", unit=unit, role=role, pos=pos)
    toks = builtin_tokens if role is None else builtin_tokens[builtin_tokens["role"] == role]
    letter = re.compile(r"[^\W\d_]")
    words = toks[
        ~toks["is_punct"]
        & ~toks["upos"].isin(NON_WORD_UPOS)
        & toks[unit].astype(str).map(lambda t: bool(letter.search(t)))
    ]
    sizes = words.groupby("period", observed=True).size()
    assert dict(zip(map(str, tc.groups), tc.group_size.tolist(), strict=True)) == {
        str(k): int(v) for k, v in sizes.items()
    }
    tested = words if pos is None else words[words["upos"].isin(pos)]
    expected = tested.groupby([unit, "period"], observed=True).size()
    got = pd.DataFrame(tc.group_counts, index=tc.terms, columns=tc.groups).stack()
    got = got[got > 0]
    assert {(str(t), str(g)): int(n) for (t, g), n in got.items()} == {
        (str(t), str(g)): int(n) for (t, g), n in expected.items()
    }
    # the parts (documents of a group) add up to the groups
    assert np.array_equal(
        np.bincount(tc.part_group, weights=tc.part_size, minlength=len(tc.groups)),
        tc.group_size,
    )
    assert tc.matrix().sum() == tc.group_counts.sum()


def test_documents_per_group_are_the_parts_with_counted_words():
    t = small_table()
    t["period"] = ["P1"] * 8 + ["P2"] * 4 + ["P1"] * 4  # document b lies in both periods
    t.loc[12:, "role"] = "parliament"  # ... but its P1 words are parliament's
    tc = term_counts(t, by="period")
    assert tc.n_documents.tolist() == [1, 1]
    assert tc.documents() == {"P1": 1, "P2": 1} and tc.documents([1]) == {"P2": 1}
    assert term_counts(t, by="period", role=None).documents() == {"P1": 2, "P2": 1}
    # pos= restricts the tested terms, not the sizes: documents stay
    assert term_counts(t, by="period", role=None, pos="VERB").documents() == {"P1": 2, "P2": 1}


# --- n-gram units (issue 19.4) ----------------------------------------------------------------


def brute_force_ngrams(toks: pd.DataFrame, n: int, role, pos) -> tuple[dict, dict]:
    """``{(n-gram, group): count}`` and ``{group: n-grams}`` by walking every sentence."""
    letter = re.compile(r"[^\W\d_]")
    counts: dict = {}
    sizes: dict = {}
    for _, doc in toks.groupby("doc_id", observed=True):
        rows = list(doc.sort_values("token_id").itertuples(index=False))
        for i in range(len(rows) - n + 1):
            run = rows[i : i + n]
            if any(
                r.sent_id != run[0].sent_id or r.token_id != run[0].token_id + j
                for j, r in enumerate(run)
            ):
                continue  # not n adjacent tokens of one sentence
            if not all(
                (role is None or r.role == role)
                and not r.is_punct
                and r.upos not in NON_WORD_UPOS
                and letter.search(str(r.lower))
                for r in run
            ):
                continue  # a dropped token breaks the n-gram
            group = str(run[0].period)
            sizes[group] = sizes.get(group, 0) + 1
            if pos is None or all(r.upos in pos for r in run):
                key = (" ".join(str(r.lower) for r in run), group)
                counts[key] = counts.get(key, 0) + 1
    return counts, sizes


@pytest.mark.parametrize(
    ("unit", "n"), [("bigram", 2), ("trigram", 3), ("4-gram", 4), ("5-gram", 5)]
)
@pytest.mark.parametrize(
    ("role", "pos"), [("government", None), (None, ["NOUN", "ADJ", "ADP", "DET"])]
)
def test_ngram_units_equal_brute_force_over_sentences(builtin_tokens, unit, n, role, pos):
    shuffled = builtin_tokens.sample(frac=1.0, random_state=n)  # rows in any order
    tc = term_counts(shuffled, by="period", unit=unit, role=role, pos=pos)
    counts, sizes = brute_force_ngrams(builtin_tokens, n, role, pos)
    got = pd.DataFrame(tc.group_counts, index=tc.terms, columns=map(str, tc.groups)).stack()
    assert {(str(t), g): int(c) for (t, g), c in got[got > 0].items()} == counts
    assert {str(g): int(s) for g, s in zip(tc.groups, tc.group_size, strict=True) if s} == sizes
    assert all(len(str(t).split()) == n for t in tc.terms)
    assert len(counts) > 100


def test_ngram_units_on_a_small_table():
    tokens = (
        small_table()
    )  # "het kabinet neemt de wet ." + "de Kamer" | "neemt 2024 asiel , over asiel ."
    tri = term_counts(tokens, by="period", unit="trigram")
    assert dict(zip(tri.terms, tri.group_counts.sum(axis=1).tolist(), strict=True)) == {
        "het kabinet neemt": 1,
        "kabinet neemt de": 1,
        "neemt de wet": 1,
    }  # the numeral, the comma and the sentence end break the rest
    assert tri.group_size.tolist() == [3, 0]
    five = term_counts(tokens, by="period", unit="5-gram")
    assert five.terms.tolist() == ["het kabinet neemt de wet"]
    assert term_counts(tokens, by="period", unit="5-gram", pos="VERB").terms.tolist() == []
    with pytest.raises(CorpusError, match="unit='6-gram' is not valid; allowed: one of"):
        term_counts(tokens, unit="6-gram")
