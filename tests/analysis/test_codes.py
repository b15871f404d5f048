"""Tests for discourse.analysis.codes: one place for a column's integer codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.codes import column_codes, isin, sorted_codes, string_codes


@pytest.mark.parametrize("dtype", ["category", "str", object])
def test_column_and_string_codes(dtype):
    """One place for a column's codes, one for its case-folded codes (cached per table)."""
    values = ["Kabinet", "kabinet", None, "VS", "Kabinet", "vs"]
    df = pd.DataFrame({"text": pd.Series(values, dtype=dtype)})
    codes, uniques = column_codes(df, "text")
    assert codes.dtype == np.int8 and codes[2] == -1
    assert [None if c < 0 else uniques[c] for c in codes] == values
    assert column_codes(df, "text")[0] is codes or dtype == "category"  # cached
    folded, strings = string_codes(df, "text", lower=True)
    assert sorted(strings) == ["kabinet", "vs"]  # case variants merged into one code
    assert [None if c < 0 else strings[c] for c in folded] == [
        None if v is None else v.lower() for v in values
    ]
    kept, strings = string_codes(df, "text")
    assert len(strings) == 4 and list(kept) == list(codes)


@pytest.mark.parametrize("dtype", ["category", object])
def test_sorted_codes_and_isin(dtype):
    df = pd.DataFrame({"g": pd.Series(["b", "a", None, "c", "a"], dtype=dtype)})
    codes, values = sorted_codes(df, "g", sort=True)
    assert codes.dtype == np.int64 and list(values) == ["a", "b", "c"]
    assert [None if c < 0 else values[c] for c in codes] == ["b", "a", None, "c", "a"]
    assert isin(df["g"], ["a", "c"]).tolist() == [False, True, False, True, True]
