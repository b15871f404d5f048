"""sentiment_per_document: one row per document, numbers checked against numpy/scipy."""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import discourse as dc
from discourse.analysis.summaries import (
    Z_95,
    sentiment_per_document,
    summarise_sentiment,
    unit_tone,
)
from discourse.errors import CorpusError


@pytest.fixture(scope="module")
def units(builtin_tokens):
    return dc.sentiment(builtin_tokens, level="sentence", by="period", role=None)


def by_hand(units, min_hits, min_n=10):
    """Per document, from scratch: mean, sd (ddof 1) and mean ± z·sd/√n of scored units
    (no interval below ``min_n`` units)."""
    rows = {}
    for doc in pd.unique(units["doc_id"]):
        part = units[units["doc_id"] == doc]
        x = part.loc[part["n_hits"] >= min_hits, "polarity"].to_numpy(float)
        n = len(x)
        mean = x.mean() if n else np.nan
        sd = np.std(x, ddof=1) if n > 1 else np.nan
        half = stats.norm.ppf(0.975) * sd / np.sqrt(n) if n >= min_n else np.nan
        rows[doc] = (len(part), n, mean, sd, mean - half, mean + half)
    return rows


@pytest.mark.parametrize("min_n", [2, 10, 40])
@pytest.mark.parametrize("min_hits", [0, 1, 2])
def test_numbers_match_an_independent_computation(units, min_hits, min_n):
    docs = sentiment_per_document(units, min_hits=min_hits, min_n=min_n)
    want = by_hand(units, min_hits, min_n)
    assert list(docs["doc_id"]) == list(want)
    for row in docs.itertuples():
        n_units, n, mean, sd, lo, hi = want[row.doc_id]
        assert (row.n_units, row.n_scored) == (n_units, n)
        assert row.mean_polarity == pytest.approx(mean, nan_ok=True)
        assert row.sd_polarity == pytest.approx(sd, nan_ok=True)
        # 1.96 is the rounded normal quantile: the same interval to 1e-4 of its half-width
        assert row.ci_low == pytest.approx(lo, abs=1e-4, nan_ok=True)
        assert row.ci_high == pytest.approx(hi, abs=1e-4, nan_ok=True)
    assert Z_95 == pytest.approx(stats.norm.ppf(0.975), abs=5e-5)


def test_columns_dtypes_and_provenance(units):
    docs = sentiment_per_document(units)
    assert list(docs.columns) == [
        "doc_id",
        "date",
        "period",
        "n_units",
        "n_scored",
        "mean_polarity",
        "sd_polarity",
        "ci_low",
        "ci_high",
    ]
    assert docs["period"].dtype == units["period"].dtype  # categories = group order
    assert docs["date"].dtype == units["date"].dtype
    assert docs["n_scored"].dtype == np.int64
    assert docs.attrs["params"] == units.attrs["params"]
    assert docs.attrs["per_document"] == {"by": ["period"], "min_hits": 1, "min_n": 10}
    for row in docs.itertuples():  # a letter's metadata is constant over its units
        part = units[units["doc_id"] == row.doc_id]
        assert part["date"].iloc[0] == row.date and part["period"].iloc[0] == row.period


def test_unscored_documents_are_kept_and_by_is_optional():
    res = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "c"],
            "polarity": [0.2, 0.4, 0.0, -0.5, 0.9],
            "n_hits": [1, 1, 0, 1, 0],
        }
    )
    docs = sentiment_per_document(res)
    assert list(docs.columns)[:3] == ["doc_id", "n_units", "n_scored"]
    assert docs["n_scored"].tolist() == [2, 0, 1]
    assert docs["mean_polarity"].tolist()[0] == pytest.approx(0.3)
    assert np.isnan(docs.loc[1, "mean_polarity"]) and np.isnan(docs.loc[2, "ci_low"])
    assert np.isnan(docs.loc[2, "sd_polarity"])  # one unit: no spread, no interval
    assert np.isnan(docs.loc[0, "ci_low"])  # two units: below min_n = 10, no interval
    assert np.isfinite(sentiment_per_document(res, min_n=2).loc[0, "ci_low"])
    assert sentiment_per_document(res, min_hits=0)["n_scored"].tolist() == [2, 1, 2]
    assert sentiment_per_document(res.iloc[:0]).empty


def test_no_interval_below_min_n():
    """Nine scored sentences: no interval by default; ten: an interval (both functions)."""
    rng = np.random.default_rng(2)
    res = pd.DataFrame(
        {
            "doc_id": ["kst-36600-1"] * 9 + ["kst-36600-2"] * 10 + ["kst-36700-3"] * 2,
            "period": ["Veldkamp"] * 19 + ["Van Weel"] * 2,
            "polarity": np.r_[rng.uniform(-0.5, 0.8, 19), 0.17, 0.40],
            "subjectivity": 0.5,
            "coverage": 0.2,
            "n_hits": 1,
        }
    )
    docs = sentiment_per_document(res)
    assert docs["n_scored"].tolist() == [9, 10, 2]
    assert docs["ci_low"].isna().tolist() == [True, False, True]
    assert docs["ci_high"].isna().tolist() == [True, False, True]
    x = res.loc[res["doc_id"] == "kst-36600-2", "polarity"]
    half = Z_95 * x.std() / np.sqrt(10)
    assert docs.loc[1, "ci_low"] == pytest.approx(x.mean() - half)
    assert sentiment_per_document(res, min_n=9)["ci_low"].isna().tolist() == [False, False, True]
    summary = summarise_sentiment(res, by="period", n_boot=200)
    assert summary["n_scored"].tolist() == [2, 19]  # Van Weel, Veldkamp (sorted)
    assert summary["ci_low"].isna().tolist() == [True, False]
    assert summary.loc[0, "mean_polarity"] == pytest.approx(0.285)  # the point stays
    assert summary.attrs["params"]["min_n"] == 10
    two = summarise_sentiment(res, by="period", n_boot=200, min_n=2)
    # with min_n=2 the "interval" of two units is the two values themselves (§G3)
    assert (two.loc[0, "ci_low"], two.loc[0, "ci_high"]) == pytest.approx((0.17, 0.40))
    with pytest.raises(CorpusError, match=r"min_n=1 is not valid; allowed: an integer in \[2"):
        summarise_sentiment(res, min_n=1)
    with pytest.raises(CorpusError, match="min_n=1 is not valid"):
        sentiment_per_document(res, min_n=1)


def test_bad_input(units):
    with pytest.raises(CorpusError, match="'n_hits'"):
        sentiment_per_document(units.drop(columns="n_hits"))
    with pytest.raises(CorpusError, match="'no_such_column'"):
        sentiment_per_document(units, by="no_such_column")
    with pytest.raises(CorpusError, match="min_hits=-1"):
        sentiment_per_document(units, min_hits=-1)
    with pytest.raises(CorpusError, match="DataFrame"):
        sentiment_per_document([1, 2])


def test_neutral_units_are_counted_not_averaged_in():
    """Two of five units without hits, one with |polarity| < 0.1: share_neutral 3/5, and
    the mean is that of the three scored units (by hand), not diluted by 0.0s."""
    res = pd.DataFrame(
        {
            "doc_id": ["kst-1", "kst-1", "kst-2", "kst-2", "kst-2"],
            "period": "Veldkamp",
            "polarity": [0.45, 0.0, -0.05, -0.30, 0.0],
            "subjectivity": [0.9, 0.0, 0.4, 0.6, 0.0],
            "coverage": [0.1, 0.0, 0.05, 0.1, 0.0],
            "n_hits": [2, 0, 1, 1, 0],
        }
    )
    assert unit_tone(res).tolist() == ["positive", "neutral", "neutral", "negative", "neutral"]
    assert unit_tone(res, neutral=0.0).tolist()[2] == "negative"
    row = summarise_sentiment(res, n_boot=50).iloc[0]
    assert (row.n_units, row.n_scored, row.n_docs) == (5, 3, 2)
    assert (row.share_neutral, row.share_positive, row.share_negative) == (0.6, 0.2, 0.2)
    assert row.mean_polarity == pytest.approx((0.45 - 0.05 - 0.30) / 3)
    assert row.mean_polarity != pytest.approx(res["polarity"].mean())
    assert summarise_sentiment(res, neutral=0.5).iloc[0]["share_neutral"] == 1.0
    with pytest.raises(CorpusError, match=r"neutral=2.0 is not valid; allowed: a number in"):
        summarise_sentiment(res, neutral=2.0)


def test_document_bootstrap_resamples_letters():
    """Twelve letters of different tone: the percentile interval of the pooled mean over
    letters drawn with replacement, checked against a loop over resamples; wider than the
    interval over units; fewer letters than min_n: NaN."""
    rng = np.random.default_rng(5)
    sizes = rng.integers(1, 6, 12)
    res = pd.DataFrame(
        {
            "doc_id": np.repeat([f"kst-36{i:03d}" for i in range(12)], sizes),
            # letters differ in tone, sentences of a letter are alike: clustered units
            "polarity": np.repeat(rng.uniform(-0.6, 0.6, 12), sizes)
            + rng.normal(0, 0.05, sizes.sum()),
            "subjectivity": 0.5,
            "coverage": 0.1,
            "n_hits": 1,
        }
    )
    out = summarise_sentiment(res, by=[], bootstrap="documents", n_boot=300, seed=3).iloc[0]
    assert out.ci_over == "documents" and out.n_docs == 12
    docs = [g["polarity"].to_numpy() for _, g in res.groupby("doc_id", sort=False)]
    draw = np.random.default_rng([3, zlib.crc32(repr(()).encode())])
    means = []
    for idx in draw.integers(0, 12, (300, 12)):
        means.append(np.concatenate([docs[i] for i in idx]).mean())
    assert (out.ci_low, out.ci_high) == pytest.approx(tuple(np.quantile(means, [0.025, 0.975])))
    units = summarise_sentiment(res, by=[], n_boot=300, seed=3).iloc[0]
    assert units.ci_over == "units" and units.ci_high - units.ci_low < out.ci_high - out.ci_low
    few = summarise_sentiment(res, by=[], bootstrap="documents", min_n=13).iloc[0]
    assert np.isnan(few.ci_low) and few.mean_polarity == pytest.approx(res["polarity"].mean())
    with pytest.raises(CorpusError, match="'doc_id'"):
        summarise_sentiment(res.drop(columns="doc_id"), bootstrap="documents")


def test_bundled_letters_have_too_few_documents_for_a_document_interval(units):
    summary = summarise_sentiment(units, bootstrap="documents", n_boot=100)
    assert (summary["n_docs"] < 10).all() and summary["ci_low"].isna().all()
    assert summary.attrs["params"]["bootstrap"] == "documents"
    assert summary["share_neutral"].between(0, 1).all()
    assert (
        summary[["share_neutral", "share_positive", "share_negative"]]
        .sum(axis=1)
        .round(12)
        .eq(1)
        .all()
    )


def test_summary_records_the_documents_whose_units_were_scored():
    units = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "c"],
            "period": pd.Categorical(["x", "x", "x", "y", "y"]),
            "polarity": [0.5, 0.0, -0.2, 0.0, 0.0],
            "subjectivity": [0.5, 0.0, 0.4, 0.0, 0.0],
            "coverage": [0.2, 0.0, 0.1, 0.0, 0.0],
            "n_hits": [1, 0, 1, 0, 0],
        }
    )
    out = summarise_sentiment(units, by="period")
    assert out.attrs["documents"] == {"x": 2}  # c has no scored unit
    assert "documents per period: x: 2 documents" in dc.provenance(out)
    pooled = summarise_sentiment(units.drop(columns="period"), by=None)
    assert "documents" not in pooled.attrs
