"""The permutation test over documents, against brute-force enumeration and scipy."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy import stats

from discourse.analysis.permutation import assignments, difference_pvalues, permutation_test
from discourse.errors import CorpusError


def brute_force(x: np.ndarray, in_target: np.ndarray) -> tuple[float, float]:
    """Observed difference of means and the two-sided exact p, by itertools.combinations."""
    n, k = len(x), int(in_target.sum())
    obs = x[in_target].mean() - x[~in_target].mean()
    hits = 0
    for chosen in itertools.combinations(range(n), k):
        mask = np.zeros(n, dtype=bool)
        mask[list(chosen)] = True
        t = x[mask].mean() - x[~mask].mean()
        hits += abs(t) >= abs(obs) - 1e-12
    return obs, hits / math.comb(n, k)


DESIGNS = [(5, 1), (5, 2), (4, 2), (6, 3), (7, 2), (9, 4), (10, 3)]


@pytest.mark.parametrize(("n", "k"), DESIGNS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_p_equals_brute_force_enumeration(n, k, seed):
    rng = np.random.default_rng(seed)
    x = rng.gamma(2.0, 40.0, n)  # rates per 10,000 words
    x[rng.integers(0, n)] = x[0]  # a tie between two documents
    in_target = np.zeros(n, dtype=bool)
    in_target[rng.choice(n, k, replace=False)] = True
    res = difference_pvalues(x, in_target)
    obs, p = brute_force(x, in_target)
    assert res.method == "exact" and res.n_assignments == math.comb(n, k)
    assert res.statistic[0] == pytest.approx(obs)
    assert res.p_value[0] == pytest.approx(p)


@pytest.mark.parametrize(("n", "k"), [(d, k) for d, k in DESIGNS if min(k, d - k) >= 2])
def test_exact_p_equals_scipy_permutation_test(n, k):
    rng = np.random.default_rng(n * 10 + k)
    x = rng.normal(0.1, 0.2, n)  # mean polarities
    in_target = np.arange(n) < k
    res = difference_pvalues(x, in_target)

    def abs_diff(a, b, axis):
        return np.abs(a.mean(axis=axis) - b.mean(axis=axis))

    want = stats.permutation_test(
        (x[in_target], x[~in_target]),
        abs_diff,
        permutation_type="independent",
        alternative="greater",
        vectorized=True,
        n_resamples=10**6,  # more than C(n, k): scipy enumerates exactly
    )
    assert res.p_value[0] == pytest.approx(want.pvalue)


@pytest.mark.parametrize(("n", "k", "p_min"), [(5, 1, 0.20), (5, 2, 0.10), (4, 2, 1 / 3)])
def test_smallest_achievable_p_is_reported_and_reached(n, k, p_min):
    x = np.r_[np.full(k, 100.0), np.arange(n - k, dtype=float)]  # target far above the rest
    in_target = np.arange(n) < k
    res = difference_pvalues(x, in_target)
    assert res.p_min == pytest.approx(p_min)
    assert res.p_value[0] == pytest.approx(p_min)  # the most extreme data reach it, no lower


def test_one_document_against_four_can_never_be_significant():
    rng = np.random.default_rng(3)
    in_target = np.arange(5) == 0
    for _ in range(50):
        assert difference_pvalues(rng.normal(size=5) * 1e3, in_target).p_value[0] >= 0.2


def test_many_columns_dense_or_sparse_equal_one_at_a_time():
    rng = np.random.default_rng(4)
    counts = rng.poisson(0.7, (7, 40)).astype(float)  # 7 documents × 40 terms, many zeros
    in_target = np.array([1, 1, 1, 0, 0, 0, 0], dtype=bool)
    dense = difference_pvalues(counts, in_target)
    sparse = difference_pvalues(sp.csr_array(counts), in_target)
    np.testing.assert_allclose(dense.p_value, sparse.p_value)
    np.testing.assert_allclose(dense.statistic, sparse.statistic)
    for j in range(counts.shape[1]):
        assert dense.p_value[j] == pytest.approx(brute_force(counts[:, j], in_target)[1])


def test_monte_carlo_above_the_exact_limit():
    rng = np.random.default_rng(5)
    x = rng.normal(size=14)
    x[:5] += 1.0
    in_target = np.arange(14) < 5  # C(14, 5) = 2002 assignments
    exact = difference_pvalues(x, in_target)
    mc = difference_pvalues(x, in_target, max_exact=1000, n_resamples=4000, seed=7)
    assert exact.method == "exact" and mc.method == "monte carlo"
    assert mc.n_assignments == 4000 and mc.p_min == pytest.approx(1 / 4001)
    se = math.sqrt(exact.p_value[0] * (1 - exact.p_value[0]) / 4000)
    assert abs(mc.p_value[0] - exact.p_value[0]) < 5 * se + 1 / 4001
    again = difference_pvalues(x, in_target, max_exact=1000, n_resamples=4000, seed=7)
    assert again.p_value[0] == mc.p_value[0]  # the seed reproduces it
    # Phipson & Smyth: (1 + b) / (1 + B) from the same sampled assignments, never 0
    design, is_exact = assignments(14, 5, max_exact=1000, n_resamples=4000, seed=7)
    assert not is_exact and (design.sum(axis=1) == 5).all()
    t = np.array([x[m].mean() - x[~m].mean() for m in design])
    b = int((np.abs(t) >= abs(exact.statistic[0]) - 1e-12).sum())
    assert mc.p_value[0] == pytest.approx((1 + b) / 4001)
    separated = np.r_[np.full(10, 50.0), np.zeros(20)] + rng.normal(0, 0.01, 30)
    far = difference_pvalues(separated, np.arange(30) < 10, n_resamples=999)  # C = 3·10⁷
    assert far.p_value[0] == pytest.approx(1 / 1000)


def test_exact_enumeration_lists_every_subset_once():
    design, exact = assignments(6, 2)
    assert exact and design.shape == (15, 6)
    assert len({tuple(row) for row in design}) == 15 and (design.sum(axis=1) == 2).all()


# --- permutation_test() on a per-document table ------------------------------------------------


@pytest.fixture()
def letters() -> pd.DataFrame:
    """Mean polarity and a dictionary rate of five letters (one 2018, three 2024, one 2025)."""
    return pd.DataFrame(
        {
            "doc_id": ["kst-30821-42", "kst-36410-1", "kst-36410-2", "kst-36600-7", "kst-36700-3"],
            "period": pd.Categorical(
                ["Rutte III", "Veldkamp", "Veldkamp", "Veldkamp", "Van Weel"],
                categories=["Rutte III", "Veldkamp", "Van Weel"],
                ordered=True,
            ),
            "mean_polarity": [0.21, 0.12, np.nan, 0.18, 0.29],
            "per_10k_security": [36.3, 6.9, 12.4, 21.0, 31.5],
        }
    )


def test_permutation_test_of_a_per_document_table(letters):
    res = permutation_test(letters, value=["per_10k_security", "mean_polarity"], target="Veldkamp")
    assert list(res.columns) == [
        "value",
        "n_target",
        "n_reference",
        "mean_target",
        "mean_reference",
        "statistic",
        "p_value",
        "p_min",
        "n_assignments",
        "method",
    ]
    sec, pol = res.iloc[0], res.iloc[1]
    assert (sec.n_target, sec.n_reference, sec.n_assignments) == (3, 2, 10)
    assert (pol.n_target, pol.n_reference, pol.n_assignments) == (2, 2, 6)  # NaN left out
    x = letters["per_10k_security"].to_numpy()
    in_t = (letters["period"] == "Veldkamp").to_numpy()
    obs, p = brute_force(x, in_t)
    assert sec.statistic == pytest.approx(obs) and sec.p_value == pytest.approx(p)
    assert sec.mean_target == pytest.approx(x[in_t].mean())
    assert sec.p_min == pytest.approx(0.1) and pol.p_min == pytest.approx(1 / 3)
    assert res.attrs["params"]["reference"] == ["Rutte III", "Van Weel"]
    assert res.attrs["params"]["statistic"] == "difference of means"


def test_permutation_test_reference_and_monte_carlo(letters):
    one = permutation_test(
        letters, value="per_10k_security", target="Van Weel", reference="Veldkamp"
    )
    assert (one.loc[0, "n_target"], one.loc[0, "n_reference"]) == (1, 3)
    assert one.loc[0, "p_min"] == pytest.approx(0.25)
    mc = permutation_test(
        letters, value="per_10k_security", target="Veldkamp", max_exact=5, n_resamples=500, seed=1
    )
    assert mc.loc[0, "method"] == "monte carlo" and mc.loc[0, "p_min"] == pytest.approx(1 / 501)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"value": "period", "target": "Veldkamp"}, "value='period' is not a numeric column"),
        ({"value": "x", "target": "Veldkamp"}, "value='x' is not valid"),
        ({"value": "mean_polarity", "target": "Nobody"}, "target='Nobody' is not valid"),
        (
            {"value": "mean_polarity", "target": "Veldkamp", "reference": "Veldkamp"},
            "share",
        ),
        ({"value": "mean_polarity", "target": "Veldkamp", "max_exact": 0}, "max_exact=0"),
    ],
)
def test_permutation_test_refuses_bad_input(letters, kwargs, message):
    with pytest.raises(CorpusError, match=message):
        permutation_test(letters, **kwargs)


def test_permutation_test_needs_one_row_per_document_and_both_sides(letters):
    units = pd.concat([letters, letters.iloc[:1]], ignore_index=True)
    with pytest.raises(CorpusError, match="doc_id 'kst-30821-42' on 2 rows"):
        permutation_test(units, value="mean_polarity", target="Veldkamp")
    alone = letters[letters["period"] == "Veldkamp"]
    with pytest.raises(CorpusError, match="at least one on each side"):
        permutation_test(alone, value="mean_polarity", target="Veldkamp", reference=None)


def test_sequential_monte_carlo_equals_the_full_run_or_stops_at_the_h_th_exceedance():
    """Besag & Clifford (1991): a column that reaches h exceedances stops with p = h / L (L
    the assignment of the h-th, in the full run's order); any other column keeps the full
    run's (1 + b) / (1 + B) exactly. Checked by brute force over the same design."""
    rng = np.random.default_rng(11)
    n, k, h, big = 40, 12, 5, 600
    in_target = np.arange(n) < k
    x = rng.poisson(2.0, size=(n, 300)).astype(float)
    x[:k, :40] += rng.poisson(6.0, size=(k, 40))  # 40 columns with a real difference
    full = difference_pvalues(x, in_target, n_resamples=big, seed=3)
    seq = difference_pvalues(x, in_target, n_resamples=big, seed=3, stop_after=h)
    assert seq.method == "monte carlo, sequential (h = 5)" and seq.p_min == full.p_min
    design, _ = assignments(n, k, n_resamples=big, seed=3)
    t = (design @ x) / k - ((~design) @ x) / (n - k)
    exceed = np.abs(t) >= np.abs(full.statistic) - 1e-9 * np.abs(x).max(axis=0)
    stopped = exceed.sum(axis=0) >= h
    assert 0 < stopped.sum() < x.shape[1]  # both kinds occur
    at = np.argmax(np.cumsum(exceed, axis=0) >= h, axis=0) + 1
    np.testing.assert_array_equal(seq.p_value[stopped], h / at[stopped])
    np.testing.assert_array_equal(seq.p_value[~stopped], full.p_value[~stopped])
    assert (seq.p_value[:40] <= 0.01).all()  # the real differences never stop early


def test_sequential_monte_carlo_is_a_valid_p_value_under_the_null():
    """Under exchangeable labels P(p ≤ α) ≤ α (Besag & Clifford 1991): 2,000 null columns."""
    rng = np.random.default_rng(5)
    x = rng.exponential(size=(30, 2000))
    p = difference_pvalues(x, np.arange(30) < 10, n_resamples=999, seed=1, stop_after=10).p_value
    for alpha in (0.01, 0.05, 0.2, 0.5):
        share = (p <= alpha).mean()
        assert share <= alpha + 3 * math.sqrt(alpha * (1 - alpha) / 2000)


def test_exact_designs_ignore_stop_after():
    x = np.array([3.0, 1.0, 0.5, 0.2, 0.1])
    in_target = np.arange(5) < 1
    seq = difference_pvalues(x, in_target, stop_after=1)
    assert seq.method == "exact" and seq.p_value[0] == pytest.approx(0.2)
