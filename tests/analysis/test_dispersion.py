"""Dispersion measures against published and hand-computed values (shared/docs/statistics.md §D)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from discourse.analysis.dispersion import (
    dispersion,
    dp,
    dp_from_cells,
    dp_norm,
    juilland_d,
    part_range,
)
from discourse.analysis.keyness import keyness
from discourse.errors import CorpusError

# Lyne's (1985) ALLEMAND over ten "tenths" of his corpus, as given in the tlda README.
ALLEMAND = [2, 0, 1, 1, 3, 0, 3, 0, 0, 0]
TENTHS = [8143, 8058, 8271, 8125, 7959, 7941, 8146, 8001, 8003, 7930]


def test_gries_2008_table_1_is_one_third():
    # three equal parts, the word occurs 2/3 in part 1 and 1/3 in part 2 (statistics.md §D3)
    assert dp([[2, 1, 0]], sizes=[100, 100, 100])[0] == pytest.approx(1 / 3)


def test_allemand_matches_tlda():
    assert part_range([ALLEMAND])[0] == 5
    assert dp([ALLEMAND], TENTHS)[0] == pytest.approx(0.49907, abs=5e-6)  # = 1 − 0.5009295
    assert dp_norm([ALLEMAND], TENTHS)[0] == pytest.approx(0.553548, abs=5e-7)
    assert juilland_d([ALLEMAND], TENTHS)[0] == pytest.approx(0.6038797, abs=5e-8)


def test_hand_computed_dp_unequal_parts():
    # sizes 10, 30, 60 -> s = .1, .3, .6; v = 3, 1, 0 -> v/f = .75, .25, 0
    # DP = ½(|.75−.1| + |.25−.3| + |0−.6|) = ½(.65 + .05 + .6) = 0.65; DPnorm = .65/.9
    assert dp([[3, 1, 0]], sizes=[10, 30, 60])[0] == pytest.approx(0.65)
    assert dp_norm([[3, 1, 0]], sizes=[10, 30, 60])[0] == pytest.approx(0.65 / 0.9)


def test_extremes():
    sizes = [10, 20, 30, 40]
    assert dp([[1, 2, 3, 4]], sizes)[0] == pytest.approx(0.0)  # proportional to sizes
    assert juilland_d([[1, 2, 3, 4]], sizes)[0] == pytest.approx(1.0)
    # everything in the smallest part: DPnorm reaches 1
    assert dp_norm([[5, 0, 0, 0]], sizes)[0] == pytest.approx(1.0)


def test_absent_term_is_nan_and_range_zero():
    out = dispersion([[0, 0, 0], [1, 1, 1]], sizes=[5, 5, 5], labels=["weg", "er"])
    assert out.loc[0, "range"] == 0
    assert np.isnan(out.loc[0, ["dp", "dp_norm", "juilland_d"]].astype(float)).all()
    assert out.loc[1, "dp"] == pytest.approx(0.0)
    assert list(out.columns) == [
        "term",
        "freq",
        "range",
        "relative_range",
        "dp",
        "dp_norm",
        "juilland_d",
    ]


def test_sparse_input_equals_dense():
    dense = np.array([ALLEMAND, [1] * 10, [0] * 9 + [7]])
    for func in (dp, dp_norm, juilland_d):
        np.testing.assert_allclose(func(sp.csr_array(dense), TENTHS), func(dense, TENTHS))
    np.testing.assert_array_equal(part_range(sp.coo_array(dense)), part_range(dense))


def test_dp_from_cells_matches_dp():
    share = np.array(TENTHS) / sum(TENTHS)
    cols = np.flatnonzero(ALLEMAND)
    got = dp_from_cells(np.zeros(len(cols), int), np.array(ALLEMAND)[cols], share[cols], 1)
    assert got[0] == pytest.approx(dp([ALLEMAND], TENTHS)[0])


def test_bad_sizes():
    with pytest.raises(CorpusError, match=r"^dp\(\): sizes has 2 entries"):
        dp([[1, 2, 3]], sizes=[1, 2])
    with pytest.raises(CorpusError, match=r"^dp\(\): counts must be non-negative"):
        dp([[1, -2, 3]])
    with pytest.raises(CorpusError, match=r"^dispersion\(\): sizes must be non-negative"):
        dispersion([[1, 2]], sizes=[0, 0])
    with pytest.raises(CorpusError, match="counts='a' is not valid; allowed: a term × part count"):
        dispersion("a")


@settings(max_examples=200, deadline=None)
@given(
    counts=arrays(np.int64, (3, 5), elements=st.integers(0, 50)),
    sizes=arrays(np.int64, 5, elements=st.integers(50, 500)),
)
def test_dp_bounds_and_sparse_equivalence(counts, sizes):
    value = dp(counts, sizes)
    present = counts.sum(axis=1) > 0
    assert np.all((value[present] >= 0) & (value[present] <= 1))
    assert np.all(np.isnan(value[~present]))
    norm = dp_norm(counts, sizes)
    assert np.all(norm[present] <= 1 + 1e-12)
    np.testing.assert_allclose(dp(sp.csr_array(counts), sizes), value)


def test_one_part_is_undefined_not_perfectly_even():
    # over one part there is nothing to spread over: DP, DPnorm and D are NaN, range is 1
    out = dispersion([[5], [0]], sizes=[120], labels=["vs", "weg"])
    assert out["range"].tolist() == [1, 0]
    assert out[["dp", "dp_norm", "juilland_d"]].isna().all().all()
    # a second part of size 0 holds no words: still one part for DP
    assert np.isnan(dp([[5, 0]], sizes=[120, 0])[0])
    # a term in one of two parts of non-zero size stays defined (concentrated)
    assert dp([[5, 0]], sizes=[120, 40])[0] == pytest.approx(0.25)


def test_dp_from_cells_of_a_lone_part_is_nan():
    # the only part of a one-document group has share 1: undefined, not 0.0
    got = dp_from_cells(np.array([0, 1]), np.array([3.0, 2.0]), np.array([1.0, 1.0]), 3)
    assert np.isnan(got).all()


def test_keyness_dp_of_a_one_document_group_is_nan(letter_tokens):
    # one letter against three: the target's DP is undefined, the reference's is not
    rest = {d: "rest" for d in ("kst-36200-2", "kst-36600-1", "kst-36600-2")}
    toks = letter_tokens({"kst-36200-1": "een brief", **rest})
    kt = keyness(toks, by="period", target="een brief", role=None, min_freq=1)
    assert (kt["range_target"] <= 1).all()
    assert kt["dp_target"].isna().all()
    several = kt["range_reference"] >= 2
    assert several.any() and kt.loc[several, "dp_reference"].notna().all()
