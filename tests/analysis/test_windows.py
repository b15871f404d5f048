"""Tests for discourse.analysis.windows: run ids, run bounds and window slots by brute force."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.analysis.windows import (
    blocks,
    in_order,
    member,
    row_order,
    run_bounds,
    sorted_unique,
    window_bounds,
    window_slots,
    word_window,
)


def test_window_bounds():
    # bad windows are refused by the public functions (discourse._validate.Window; see
    # tests/analysis/test_arguments.py); here only the conversion
    assert window_bounds(3) == (3, 3) and window_bounds((0, 2)) == (0, 2)
    assert window_bounds([1, 4]) == (1, 4) and window_bounds(np.int64(2)) == (2, 2)


def test_blocks_and_order():
    doc = np.array([0, 0, 1, 1, 1])
    sent = np.array([0, 1, 0, 0, 1])
    assert blocks(doc).tolist() == [1, 1, 2, 2, 2]
    assert blocks(doc, sent).tolist() == [1, 2, 3, 3, 4]
    assert blocks(np.zeros(0)).tolist() == []
    tokens = pd.DataFrame({"token_id": [0, 1, 0, 1, 2]})
    assert in_order(tokens, doc, 2)
    shuffled = tokens.iloc[[2, 0, 4, 1, 3]].reset_index(drop=True)
    sdoc = doc[[2, 0, 4, 1, 3]]
    assert not in_order(shuffled, sdoc, 2)
    assert sdoc[row_order(shuffled, sdoc, 2)].tolist() == [0, 0, 1, 1, 1]


runs = st.lists(st.integers(1, 6), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(runs=runs, data=st.data())
def test_slots_and_bounds_equal_brute_force(runs, data):
    block = np.repeat(np.arange(1, len(runs) + 1), runs).astype(np.int32)
    n = len(block)
    first = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), max_size=5))), dtype=int)
    length = np.array([data.draw(st.integers(1, 3)) for _ in first], dtype=int)
    last = np.minimum(first + length - 1, n - 1)
    last = np.where(block[last] == block[first], last, first)
    left, right = data.draw(st.integers(0, 3)), data.draw(st.integers(0, 3))
    lo, hi = run_bounds(block, first)
    for f, a, b in zip(first, lo, hi, strict=True):
        same = np.flatnonzero(block == block[f])
        assert (a, b) == (same[0], same[-1])
    expected = [
        p
        for f, la in zip(first, last, strict=True)
        for p in [*range(f - 1, f - left - 1, -1), *range(la + 1, la + right + 1)]
        if 0 <= p < n and block[p] == block[f]
    ]
    got = window_slots(first, last, block, left, right)
    assert sorted(got.tolist()) == sorted(expected)
    word = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    lo, hi = word_window(word, first, last, left, right)
    for f, la, a, b in zip(first, last, lo, hi, strict=True):
        before = [p for p in range(f) if word[p]][::-1][:left]
        after = [p for p in range(la + 1, n) if word[p]][:right]
        assert a == (min(before) if len(before) == left and left else (0 if left else f))
        assert b == (max(after) if len(after) == right and right else (n - 1 if right else la))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 20), max_size=30), st.lists(st.integers(0, 20), max_size=30))
def test_sorted_sets(values, other):
    s = sorted_unique(np.array(other, dtype=np.int64))
    assert s.tolist() == sorted(set(other))
    assert member(np.array(values, dtype=np.int64), s).tolist() == [v in set(other) for v in values]
