"""The shared analysis cache keys on content: edits in place give fresh results (issue 20.4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse._cache import _column_values, cached, column_digest, fingerprint, one_call
from discourse.analysis.collocations import collocations
from discourse.analysis.keyness import keyness


def test_keyness_after_an_edit_in_place_equals_a_fresh_table(letter_tokens):
    toks = letter_tokens()
    before = keyness(toks, by="period", target="Schoof", min_freq=1)
    assert before.attrs["params"]["reference"] == ["Rutte IV"]
    toks.loc[toks["doc_id"] == "kst-36200-2", "period"] = "Schoof"  # in place
    after = keyness(toks, by="period", target="Schoof", min_freq=1)
    fresh = keyness(
        letter_tokens({"kst-36200-2": "Schoof"}), by="period", target="Schoof", min_freq=1
    )
    pd.testing.assert_frame_equal(after, fresh)
    kabinet = after.set_index("term").loc["kabinet"]
    assert kabinet["freq_target"] == 4 and kabinet["freq_reference"] == 1
    assert before.set_index("term").loc["kabinet", "freq_target"] == 2


@pytest.mark.parametrize("strings", ["category", "str", "object"])
def test_collocations_after_an_edit_in_place_equal_a_fresh_table(letter_tokens, strings):
    toks = letter_tokens(strings=strings)
    args = dict(window=2, min_freq=1, by="period")
    before = collocations(toks, "kabinet", **args)
    where = (toks["doc_id"] == "kst-36600-1").to_numpy() & (toks["lower"] == "voert")
    toks.loc[where, ["lower", "lemma"]] = "natuur"  # a string column edited in place
    after = collocations(toks, "kabinet", **args)
    fresh = letter_tokens(strings=strings)
    fresh.loc[where, ["lower", "lemma"]] = "natuur"
    pd.testing.assert_frame_equal(after, collocations(fresh, "kabinet", **args))
    assert "voert" in set(before["collocate"]) and "voert" not in set(after["collocate"])
    assert "natuur" in set(after["collocate"]) and "natuur" not in set(before["collocate"])


def test_keyness_after_an_in_place_period_edit_with_pandas_assignment_forms(letter_tokens):
    toks = letter_tokens()
    keyness(toks, by="period", target="Schoof", min_freq=1)
    toks["period"] = toks["period"].cat.rename_categories({"Rutte IV": "Rutte"})
    out = keyness(toks, by="period", target="Schoof", min_freq=1)
    assert out.attrs["params"]["reference"] == ["Rutte"]
    toks.iloc[0, toks.columns.get_loc("is_punct")] = True  # one flag flipped in place
    sizes = keyness(toks, by="period", target="Schoof", min_freq=1)
    assert sizes["size_reference"].iloc[0] == out["size_reference"].iloc[0] - 1


def test_a_copy_with_the_same_content_reuses_the_entry(letter_tokens):
    toks = letter_tokens()
    built = []
    first = cached(toks, ("test_cache",), ["lower"], lambda: built.append(1) or "value")
    again = cached(toks.copy(), ("test_cache",), ["lower"], lambda: built.append(1) or "other")
    assert first == again == "value" and built == [1]


DIGEST_CASES = {
    "int32": pd.Series(np.arange(6, dtype="int32")),
    "bool": pd.Series([True, False] * 3),
    "float": pd.Series(np.linspace(0, 1, 6)),
    "category": pd.Series(list("aabbcc"), dtype="category"),
    "str": pd.Series(list("aabbcc"), dtype="str"),
    "object": pd.Series(list("aabbcc"), dtype=object),
    "string[python]": pd.Series(list("aabbcc"), dtype="string[python]"),
    "Int64": pd.Series([1, 2, None, 4, 5, 6], dtype="Int64"),
    "datetime": pd.Series(pd.date_range("2024-01-01", periods=6)),
}


@pytest.mark.parametrize("name", list(DIGEST_CASES))
def test_the_fingerprint_follows_every_kind_of_column(name):
    frame = pd.DataFrame({"x": DIGEST_CASES[name].copy()})
    fp = fingerprint(frame, ["x", "absent"])
    assert fp == fingerprint(frame.copy(deep=True), ["x", "absent"])
    assert fp[0] == 6 and fp[2] is None
    frame.loc[3, "x"] = frame.loc[0, "x"]  # in place, same dtype
    assert frame["x"].dtype == DIGEST_CASES[name].dtype
    assert fingerprint(frame, ["x", "absent"]) != fp
    assert column_digest(frame["x"].array) == fingerprint(frame, ["x"])[1]


@pytest.fixture()
def digests(monkeypatch):
    """The columns digested (a list of their lengths), by counting column_digest calls."""
    import discourse._cache as cache

    seen = []
    original = cache.column_digest

    def counting(values):
        seen.append(len(values))
        return original(values)

    monkeypatch.setattr(cache, "column_digest", counting)
    return seen


def test_one_call_digests_each_column_once_even_numpy_views_of_one_block(digests):
    frame = pd.DataFrame(np.column_stack([np.arange(5), np.arange(5) * 2]), columns=["a", "b"])
    frame["c"] = pd.Categorical(list("vwxyz"))
    assert _column_values(frame, "a") is not _column_values(frame, "a")  # a new view each time
    plain = fingerprint(frame, ["a", "b", "c"])
    assert len(digests) == 3
    with one_call():
        with one_call():  # nested calls share the outermost memo
            assert fingerprint(frame, ["a", "b", "c"]) == plain
        assert fingerprint(frame, ["c", "b", "a"])[1:] == plain[:0:-1]
    assert len(digests) == 6
    fingerprint(frame, ["a"])  # the scope ended: digested again
    assert len(digests) == 7


def test_one_call_sees_a_column_replaced_or_another_table(digests):
    frame = pd.DataFrame({"a": np.arange(5), "b": np.arange(5) * 2})
    with one_call():
        before = fingerprint(frame, ["a", "b"])
        frame["a"] = np.arange(5)[::-1]  # a new array: digested afresh
        after = fingerprint(frame, ["a", "b"])
        assert after[1] != before[1] and after[2] == before[2]
        other = frame.copy()  # same values, another table: its own entry, same digest
        assert fingerprint(other, ["a"]) == fingerprint(frame, ["a"])
        frame.loc[0, "b"] = 99  # in place (never inside a call): seen once the call is over
    assert fingerprint(frame, ["b"])[1] != before[2]
    assert fingerprint(frame, ["a", "b"]) == fingerprint(frame.copy(), ["a", "b"])


def test_a_public_call_digests_each_column_once(letter_tokens, digests):
    toks = letter_tokens()
    collocations(toks, "kabinet", window=2, min_freq=1, by="period")
    assert 0 < len(digests) <= len(toks.columns)  # each column used digested once
    digests.clear()
    keyness(toks, by="period", target="Schoof", min_freq=1)  # counts cached: 8 columns
    assert len(digests) == 8
