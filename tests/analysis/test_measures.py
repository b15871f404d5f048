"""Association measures against scipy, high-precision arithmetic and the worked values of
shared/docs/statistics.md §A, §B and §C."""

from __future__ import annotations

import doctest
from decimal import Decimal, getcontext

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import discourse.analysis.measures as measures_module
from discourse.analysis.measures import (
    adjust_p,
    association_measures,
    g_squared,
    keyness_measures,
)

# --- G² and the other measures against scipy and statistics.md --------------------------------

REAL_COUNTS = [  # (a, b, c, d): frequencies and corpus sizes of the kind seen in practice
    (10, 5, 10_000, 20_000),
    (0, 12, 5_000, 80_000),
    (35, 263, 112_289_776, 1_559_716_979),
    (412, 97, 48_211, 61_904),
    (3, 0, 48_211, 61_904),
    (1, 1, 250, 400),
]


@pytest.mark.parametrize(("a", "b", "c", "d"), REAL_COUNTS)
def test_g2_matches_scipy_chi2_contingency(a, b, c, d):
    obs = np.array([[a, b], [c - a, d - b]])
    g2, p, _, _ = stats.chi2_contingency(obs, correction=False, lambda_="log-likelihood")
    m = keyness_measures([a], [b], c, d).iloc[0]
    rtol = 1e-6 if c + d > 1e9 else 1e-9  # scipy loses digits in the huge cells (§A3)
    assert abs(m["log_likelihood"]) == pytest.approx(g2, rel=rtol, abs=1e-12)
    assert m["p_value"] == pytest.approx(p, rel=1e-6)
    assert np.sign(m["log_likelihood"]) == np.sign(a * d - b * c)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            (10, 5, 10_000, 20_000),
            {
                "ll_2term": 6.93147,
                "log_likelihood": 6.93522,
                "p_value": 0.00845145,
                "log_ratio": 2.0,
                "perc_diff": 300.0,
                "bic": -3.37373,
                "simple_maths": 3.98805,
                "direction": "target",
            },
        ),
        (
            (0, 12, 5_000, 80_000),
            {
                "ll_2term": -1.45499,
                "log_likelihood": -1.45510,
                "p_value": 0.227712,
                "log_ratio": -0.584963,
                "perc_diff": -100.0,
                "bic": -9.89531,
                "simple_maths": 0.00662252,
                "direction": "reference",
            },
        ),
    ],
)
def test_worked_values_of_statistics_md_a13(case, expected):
    m = keyness_measures([case[0]], [case[1]], case[2], case[3]).iloc[0]
    for column, value in expected.items():
        if isinstance(value, str):
            assert m[column] == value
        else:
            assert m[column] == pytest.approx(value, rel=1e-5), column


def test_simple_maths_smoothing_and_sketch_engine_example():
    assert keyness_measures([10], [5], 10_000, 20_000, sm_n=100)["simple_maths"][0] == (
        pytest.approx(3.14286, rel=1e-5)
    )
    assert keyness_measures([0], [12], 5_000, 80_000, sm_n=100)["simple_maths"][0] == (
        pytest.approx(0.4)
    )
    ske = keyness_measures([35], [263], 112_289_776, 1_559_716_979).iloc[0]
    assert ske["simple_maths"] == pytest.approx(1.12243, rel=1e-5)  # SkE states 1.1224
    assert ske["log_ratio"] == pytest.approx(0.88635, rel=1e-5)  # the "shard" row of §A5


def test_log_odds_informative_dirichlet_prior_worked_example():
    # statistics.md §B: alpha0 = 100, background counts, n_i = 400, n_j = 380
    y_i = [40, 5, 20, 300, 25, 10]
    y_j = [10, 30, 22, 280, 5, 33]
    background = np.array([500, 400, 600, 30_000, 300, 450])
    z = keyness_measures(y_i, y_j, 400, 380, alpha0=100, background=(background, 32_250))
    expected = [3.91353, -3.89133, -0.454787, 0.722525, 3.24121, -3.50155]
    np.testing.assert_allclose(z["log_odds_z"], expected, rtol=1e-5)


def test_zero_frequencies_give_finite_documented_values():
    m = keyness_measures([0, 7], [7, 0], 1_000, 2_000)
    finite = ["log_likelihood", "ll_2term", "p_value", "log_ratio", "bic", "simple_maths"]
    assert np.isfinite(m[finite + ["log_odds_z"]].to_numpy()).all()
    assert m["perc_diff"].tolist() == [-100.0, np.inf]  # documented: +inf when b = 0
    # Hardie's 0.5 for the zero count: log2((0.5/1000)/(7/2000)) and its mirror
    assert m["log_ratio"].tolist() == pytest.approx([np.log2(1 / 7), np.log2(28)])


def test_log_ratio_interval_check_value_of_statistics_md_g2():
    """VS in Rutte III vs the rest (government words): LR 2.820, 95 % CI [1.94, 3.70]."""
    m = keyness_measures([16], [29], 800, 10_238).iloc[0]
    assert m["log_ratio"] == pytest.approx(2.820, abs=5e-4)
    se2 = np.sqrt(1 / 16 + 1 / 29) / np.log(2)
    assert se2 == pytest.approx(0.4493, abs=5e-5)
    assert (m["log_ratio_low"], m["log_ratio_high"]) == pytest.approx((1.94, 3.70), abs=5e-3)
    z = stats.norm.ppf(0.975)  # the hand formula with scipy's quantile
    assert m["log_ratio_low"] == pytest.approx(m["log_ratio"] - z * se2, rel=1e-12)
    assert m["log_ratio_min"] == m["log_ratio_low"]  # the bound nearer zero
    wide = keyness_measures([16], [29], 800, 10_238, alpha=0.01).iloc[0]
    half = wide["log_ratio_high"] - wide["log_ratio"]
    assert half == pytest.approx(stats.norm.ppf(0.995) * se2, rel=1e-12)


def test_conservative_log_ratio_is_zero_when_the_interval_spans_zero():
    # (2 vs 3 in equal corpora: CI spans 0), (0 vs 40: below 0), (30 vs 2: above 0)
    m = keyness_measures([2, 0, 30], [3, 40, 2], 10_000, 10_000)
    low, high, lr_min = m["log_ratio_low"], m["log_ratio_high"], m["log_ratio_min"]
    assert low[0] < 0 < high[0] and lr_min[0] == 0.0
    assert high[1] < 0 and lr_min[1] == high[1]  # the reference side: the upper bound
    assert low[2] > 0 and lr_min[2] == low[2]
    # the zero count is 0.5, as in the Log Ratio itself (Hardie / CQPweb)
    assert high[1] - m["log_ratio"][1] == pytest.approx(
        stats.norm.ppf(0.975) * np.sqrt(1 / 0.5 + 1 / 40) / np.log(2)
    )
    empty = keyness_measures([0], [0], 10, 10).iloc[0]
    assert np.isnan(empty[["log_ratio_low", "log_ratio_high", "log_ratio_min"]].astype(float)).all()


# --- properties --------------------------------------------------------------------------------

freqs = st.integers(min_value=0, max_value=500)
sizes = st.integers(min_value=501, max_value=10**7)  # > any frequency: no one-word corpora


@settings(max_examples=300, deadline=None)
@given(a=freqs, b=freqs, c=sizes, d=sizes)
def test_swapping_target_and_reference_mirrors_every_measure(a, b, c, d):
    if a + b == 0:
        return
    fwd = keyness_measures([a], [b], c, d).iloc[0]
    bwd = keyness_measures([b], [a], d, c).iloc[0]
    flip = {"target": "reference", "reference": "target", "none": "none"}
    assert bwd["direction"] == flip[fwd["direction"]]
    for col in ("log_likelihood", "ll_2term", "log_ratio", "log_ratio_min", "log_odds_z"):
        assert bwd[col] == pytest.approx(-fwd[col], rel=1e-9, abs=1e-9), col
    assert bwd["log_ratio_low"] == pytest.approx(-fwd["log_ratio_high"], rel=1e-9, abs=1e-9)
    assert bwd["bic"] == pytest.approx(fwd["bic"], rel=1e-9, abs=1e-9)
    assert bwd["p_value"] == pytest.approx(fwd["p_value"], rel=1e-9, abs=1e-12)
    if a > 0 and b > 0:
        assert bwd["simple_maths"] == pytest.approx(1 / fwd["simple_maths"], rel=1e-9)


@settings(max_examples=300, deadline=None)
@given(a=freqs, b=freqs, c=sizes, d=sizes)
def test_statistics_are_bounded_and_finite(a, b, c, d):
    if a + b == 0:
        return
    m = keyness_measures([a], [b], c, d).iloc[0]
    assert abs(m["log_likelihood"]) >= abs(m["ll_2term"]) - 1e-9  # G² ≥ LL (§A3)
    assert 0.0 <= m["p_value"] <= 1.0
    assert np.sign(m["log_likelihood"]) in (np.sign(a * d - b * c), 0)
    assert np.sign(m["log_ratio"]) == np.sign(a * d - b * c) or a == 0 or b == 0
    assert m["log_ratio_low"] < m["log_ratio"] < m["log_ratio_high"]
    assert abs(m["log_ratio_min"]) <= abs(m["log_ratio"])  # conservative: never stronger
    cols = ["log_likelihood", "ll_2term", "log_ratio", "bic", "simple_maths", "log_odds_z"]
    assert np.isfinite(m[cols].to_numpy(dtype=float)).all()


# --- one G² for keyness and collocations ---------------------------------------------------


def exact_g2(o11, o12, o21, o22) -> float:
    """G² of a 2 × 2 table in 60-digit decimal arithmetic (0·ln 0 = 0)."""
    getcontext().prec = 60
    cells = [Decimal(int(x)) for x in (o11, o12, o21, o22)]
    n = sum(cells)
    rows, cols = (
        (cells[0] + cells[1], cells[2] + cells[3]),
        (cells[0] + cells[2], cells[1] + cells[3]),
    )
    total = Decimal(0)
    for (i, j), o in zip([(0, 0), (0, 1), (1, 0), (1, 1)], cells, strict=True):
        if o > 0:
            total += o * (o / (rows[i] * cols[j] / n)).ln()
    return float(2 * total)


@pytest.mark.parametrize(
    "table",
    [
        (35, 263, 112_289_776, 1_559_716_979),
        (1, 2, 10**9, 3 * 10**9),
        (5_000, 4_000, 10**9, 10**9),
        (412, 97, 48_211, 61_904),
        (10, 5, 10_000, 20_000),
    ],
)
def test_g_squared_keeps_its_digits_on_huge_tables(table):
    a, b, c, d = table
    g2, ll2, diff = g_squared(float(a), float(b), float(c), float(d))
    assert g2 == pytest.approx(exact_g2(a, b, c - a, d - b), rel=1e-12)
    assert diff == pytest.approx((a * d - b * c) / (c + d), rel=1e-15)
    assert 0 <= ll2 <= g2 + 1e-9


def test_collocations_and_keyness_share_g_squared():
    """The window table [[O, R1-O], [C1-O, N-R1-C1+O]] read as two corpora (window / rest)."""
    rng = np.random.default_rng(0)
    r1 = rng.integers(1, 10**7, 200).astype(float)
    n = r1 + rng.integers(1, 10**9, 200)
    c1 = np.minimum(rng.integers(1, 10**6, 200), n - 1).astype(float)
    o = np.minimum(rng.integers(1, 500, 200), np.minimum(r1, c1)).astype(float)
    ones = np.ones_like(o)
    coll = association_measures(o, r1, c1, n, ones)["log_likelihood"]
    key = np.concatenate(
        [
            keyness_measures([oi], [ci - oi], ri, ni - ri)["log_likelihood"].to_numpy()
            for oi, ci, ri, ni in zip(o, c1, r1, n, strict=True)
        ]
    )
    np.testing.assert_array_equal(coll, key)  # the same function, bit for bit
    for i in range(0, 200, 20):
        exact = exact_g2(o[i], r1[i] - o[i], c1[i] - o[i], n[i] - r1[i] - c1[i] + o[i])
        assert abs(coll[i]) == pytest.approx(exact, rel=1e-11)


def test_association_measures_of_degenerate_and_invalid_tables():
    # every token in a window (R1 = N): O = E in every cell, so G² is 0 (0·ln 0 = 0)
    m = association_measures([6], [6], [6], [6], [2])
    assert m["log_likelihood"][0] == 0.0
    # node-centric counts can make O > C1: a negative cell, G² and Delta P undefined
    m = association_measures([6], [12], [5], [51], [4])
    assert np.isnan(m["log_likelihood"][0]) and np.isnan(m["delta_p_node_given_collocate"][0])
    assert np.isfinite(m["mi"][0])


@pytest.mark.parametrize("correction", ["bh", "bonferroni", "none"])
def test_adjust_p(correction):
    p = np.array([0.01, 0.04, 0.03, 0.2])
    expected = {
        "bh": stats.false_discovery_control(p, method="bh"),
        "bonferroni": np.minimum(1, 4 * p),
        "none": p,
    }[correction]
    np.testing.assert_allclose(adjust_p(p, correction), expected)
    assert len(adjust_p(p[:0], correction)) == 0


def test_docstring_examples():
    assert doctest.testmod(measures_module).failed == 0
