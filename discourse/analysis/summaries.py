"""Summaries of sentiment results, the statistics the sentiment plots draw.

* :func:`summarise_sentiment` — one row per group: the mean polarity of the scored units
  with a percentile-bootstrap interval (:func:`discourse.viz.sentiment.plot_sentiment`);
* :func:`sentiment_per_document` — one row per letter: the mean polarity of its scored
  units with a normal-approximation interval
  (:func:`discourse.viz.sentiment.plot_sentiment_timeline`, against the date).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from discourse._validate import (
    Column,
    Interval,
    Options,
    Table,
    require_columns,
    validate_params,
)
from discourse.provenance import documents_of, with_documents, with_provenance

__all__ = [
    "BOOTSTRAP",
    "MIN_N",
    "NEUTRAL",
    "TONES",
    "Z_95",
    "sentiment_per_document",
    "summarise_sentiment",
    "unit_tone",
]

#: The normal quantile of the 95% interval of :func:`sentiment_per_document`.
Z_95 = 1.96
#: Fewest scored units an interval is computed from (``min_n``); below it the interval is
#: NaN: a percentile bootstrap of 2 units returns the 2 values themselves, a normal
#: interval from 3 rests on a standard deviation of 3 (statistics.md §G3).
MIN_N = 10
#: A unit whose |polarity| is below this is *neutral*, as is a unit without lexicon hits.
#: 0.1 is half the weakest common single-word score of ``pattern-nl`` (waard +0.2, for
#: example): one weak word decides, a balanced mix of words does not. Chosen before the
#: gold set was coded (``data/validation/README.md``), not fitted to it.
NEUTRAL = 0.1
#: The tone classes of :func:`unit_tone`, in this order.
TONES = ("negative", "neutral", "positive")
#: What the interval of :func:`summarise_sentiment` resamples.
BOOTSTRAP = ("units", "documents")
_MIN_N = Interval(int, 2)
_MIN_N_DOC = """    min_n : int
        Fewest scored units an interval is computed from (default 10, at least 2); with
        fewer, ``ci_low``/``ci_high`` are NaN and plots show the point with "n = …, no
        interval" (``shared/docs/statistics.md`` §G3)."""


def _min_n_doc(func):
    """Insert the documentation of ``min_n`` (this module's functions share it)."""
    func.__doc__ = func.__doc__.replace("    {min_n}", _MIN_N_DOC)
    return func


_BY = Column(
    many=True, none=True, empty=True, none_label="the by of sentiment(), else period if present"
)


def _by_columns(result: pd.DataFrame, by) -> list[str]:
    """``by`` as a list; ``None``: the analysis' ``by``, else ``period`` if present."""
    if by is None:
        by = result.attrs.get("params", {}).get("by") or ("period" if "period" in result else None)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    require_columns(
        "sentiment_per_document",
        result,
        ["doc_id", "polarity", "n_hits", *by_cols],
        "in the output of sentiment()",
    )
    return by_cols


def _metadata(result: pd.DataFrame, scored: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The first non-missing value of each of ``columns`` per document, as seen by its scored
    units (else by all its units), indexed by ``doc_id`` in order of appearance."""

    def first(units: pd.DataFrame) -> pd.DataFrame:
        return units.groupby("doc_id", observed=True, sort=False)[columns].first()

    meta = first(scored)
    rest = result[~result["doc_id"].isin(meta.index)]
    meta = pd.concat([meta, first(rest)]) if len(rest) else meta
    out = meta.reindex(pd.unique(result["doc_id"]))
    for c in columns:  # keep categories (their order is the order of the groups)
        out[c] = out[c].astype(result[c].dtype)
    return out


_NEUTRAL = Interval(float, 0, 1)


@validate_params(result=Table(), neutral=_NEUTRAL, min_hits=Interval(int, 0))
def unit_tone(result: pd.DataFrame, *, neutral: float = NEUTRAL, min_hits: int = 1) -> pd.Series:
    """The tone class of each unit: ``"negative"``, ``"neutral"`` or ``"positive"``.

    A unit is neutral when it has fewer than ``min_hits`` lexicon hits (no evidence, not a
    0.0 averaged in) or when ``|polarity| < neutral``; else its sign decides.

    Parameters
    ----------
    result
        Output of :func:`discourse.sentiment` (``polarity``, ``n_hits``).
    neutral
        Polarities with an absolute value below this are neutral (default :data:`NEUTRAL`,
        0.1; 0 makes only units without hits neutral).
    min_hits
        Lexicon hits a unit needs to be anything but neutral (default 1).

    Returns
    -------
    Series
        Categorical with categories :data:`TONES`, on ``result``'s index, named ``tone``.

    Examples
    --------
    >>> res = pd.DataFrame({"polarity": [0.3, -0.05, 0.0, -0.4], "n_hits": [1, 2, 0, 1]})
    >>> unit_tone(res).tolist()
    ['positive', 'neutral', 'neutral', 'negative']
    """
    require_columns("unit_tone", result, ["polarity", "n_hits"], "in the output of sentiment()")
    p = result["polarity"].to_numpy(float)
    scored = (result["n_hits"].to_numpy() >= min_hits) & (np.abs(p) >= neutral) & (p != 0)
    codes = np.where(scored, np.where(p > 0, 2, 0), 1)
    tone = pd.Categorical.from_codes(codes, categories=list(TONES))
    return pd.Series(tone, index=result.index, name="tone")


@validate_params(result=Table(), by=_BY, min_hits=Interval(int, 0), min_n=_MIN_N)
@_min_n_doc
def sentiment_per_document(
    result: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    min_hits: int = 1,
    min_n: int = MIN_N,
) -> pd.DataFrame:
    """Mean polarity of each document's scored units, with a normal-approximation interval.

    A unit (sentence, segment) is *scored* when it has at least ``min_hits`` lexicon hits;
    units without hits carry no evidence about tone. For each document with ``n`` scored
    units of polarities ``x``: ``mean_polarity`` = mean(x), ``sd_polarity`` = the sample
    standard deviation (ddof 1) and the 95% interval mean ± 1.96 · sd / √n (Wald / normal
    approximation; none below ``min_n`` units). Documents without scored units are kept with
    ``n_scored = 0`` so that a plot can say how many it leaves out.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`discourse.sentiment` (any ``level`` below ``"document"``; at
        document level every document is its own single unit).
    by : str, list of str or None
        Column(s) carried per document (the value of its first scored unit); default: the
        ``by`` given to :func:`discourse.sentiment`, else ``"period"`` if present, else
        none. A ``date`` column is always carried when present.
    min_hits : int
        Lexicon hits a unit needs to count (default 1; 0 counts every unit).
    {min_n}

    Returns
    -------
    pandas.DataFrame
        One row per document, in order of appearance: ``doc_id``, ``date`` (when present),
        the ``by`` column(s), ``n_units`` (all units), ``n_scored``, ``mean_polarity``,
        ``sd_polarity``, ``ci_low``, ``ci_high`` (NaN without scored units; the interval
        also NaN below ``min_n`` of them). ``attrs["params"]`` are those of ``result`` (so
        the provenance line names the analysis that scored the units) and
        ``attrs["per_document"]`` holds ``by``, ``min_hits`` and ``min_n`` of this call.

    Examples
    --------
    >>> res = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "polarity": [0.1, 0.3, 0.0, 0.5],
    ...     "n_hits": [1, 2, 0, 1]})
    >>> sentiment_per_document(res)[["doc_id", "n_units", "n_scored", "mean_polarity"]]
      doc_id  n_units  n_scored  mean_polarity
    0      a        3         2            0.2
    1      b        1         1            0.5

    References
    ----------
    Altman, D. G. & Bland, J. M. (2005). Standard deviations and standard errors.
    *BMJ* 331(7521), 903.
    """
    by_cols = _by_columns(result, by)
    carried = list(dict.fromkeys(c for c in ["date", *by_cols] if c in result and c != "doc_id"))
    scored = result[result["n_hits"] >= min_hits]
    stats = scored.groupby("doc_id", observed=True, sort=False)["polarity"].agg(
        ["mean", "size", "std"]
    )
    out = _metadata(result, scored, carried)
    stats = stats.reindex(out.index)
    out["n_units"] = result.groupby("doc_id", observed=True, sort=False).size().reindex(out.index)
    out["n_scored"] = stats["size"].fillna(0).astype(int)
    half = (Z_95 * stats["std"] / np.sqrt(stats["size"])).where(stats["size"] >= min_n)
    out["mean_polarity"] = stats["mean"]
    out["sd_polarity"] = stats["std"]
    out["ci_low"] = stats["mean"] - half
    out["ci_high"] = stats["mean"] + half
    out = out.rename_axis("doc_id").reset_index()
    out["doc_id"] = out["doc_id"].astype(result["doc_id"].dtype)
    with_provenance(out, result, **result.attrs.get("params", {}))
    out.attrs["per_document"] = {"by": by_cols or None, "min_hits": min_hits, "min_n": min_n}
    return out


@validate_params(
    result=Table(),
    by=_BY,
    n_boot=Interval(int, 1),
    seed=Interval(int, 0),
    ci=Interval(float, 0, 1, closed="neither"),
    min_hits=Interval(int, 0),
    min_n=_MIN_N,
    neutral=_NEUTRAL,
    bootstrap=Options(*BOOTSTRAP),
)
@_min_n_doc
def summarise_sentiment(
    result: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    min_hits: int = 1,
    min_n: int = MIN_N,
    neutral: float = NEUTRAL,
    bootstrap: str = "units",
) -> pd.DataFrame:
    """Mean polarity per group with a percentile-bootstrap confidence interval.

    ``bootstrap="units"`` (default) resamples the group's scored units (sentences,
    segments), so the interval speaks of the group's units, not of further documents.
    ``bootstrap="documents"`` resamples the group's documents (a cluster bootstrap: each
    resample pools the scored units of the drawn documents), the interval to read as
    "other letters of this period"; it needs ``min_n`` documents with scored units and is
    NaN below, which is the case for every group of the bundled five letters. With a few
    documents per group, compare documents with :func:`discourse.permutation_test` on
    :func:`sentiment_per_document`.

    Parameters
    ----------
    result
        Output of :func:`discourse.sentiment`.
    by
        Grouping column(s); default: the ``by`` given to :func:`discourse.sentiment`, else
        ``"period"`` if present, else one row for all units.
    n_boot, seed, ci
        Bootstrap resamples (with replacement), seed, interval level. Each group draws
        from ``numpy.random.default_rng([seed, crc32(group label)])``, so a group's
        interval is reproducible and does not depend on the other groups.
    min_hits
        Units with fewer lexicon hits carry no evidence about tone and are left out of
        the polarity/subjectivity means and CI (default 1; 0 keeps all, as Pattern's 0.0).
    {min_n} With ``bootstrap="documents"``: fewest documents with scored units.
    neutral
        Threshold of :func:`unit_tone` for ``share_neutral`` (default 0.1).
    bootstrap
        ``"units"`` or ``"documents"`` (``doc_id`` needed): what the interval resamples.

    Returns
    -------
    DataFrame
        Per group: ``n_units`` (all), ``n_scored`` (with >= min_hits), ``share_neutral``
        (units that are neutral by :func:`unit_tone`: no hits or |polarity| < neutral),
        ``share_positive``, ``share_negative``, ``mean_polarity`` (of the scored units;
        units without hits are not averaged in as 0.0), ``ci_low``, ``ci_high`` (NaN when
        there are fewer than ``min_n`` scored units, or documents), ``ci_over``
        (``"units"`` or ``"documents"``: what the interval resampled), ``n_docs``
        (documents with scored units; when ``doc_id`` is present), ``mean_subjectivity``,
        ``mean_coverage`` (over all units).

    Examples
    --------
    >>> res = pd.DataFrame({"period": ["a"] * 3, "polarity": [0.1, 0.3, 0.5],
    ...     "subjectivity": 0.5, "coverage": 0.1, "n_hits": 1})
    >>> summarise_sentiment(res)[["period", "n_scored", "mean_polarity"]].values.tolist()
    [['a', 3, 0.3]]

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13.
    Davison, A. C. & Hinkley, D. V. (1997). *Bootstrap Methods and their Application*,
    section 3.8 (resampling clusters).
    """
    params = dict(result.attrs.get("params", {}))
    if by is None:
        by = params.get("by") or ("period" if "period" in result else None)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    needed = ["doc_id"] if bootstrap == "documents" else []
    require_columns(
        "summarise_sentiment",
        result,
        [*by_cols, *needed, "polarity", "subjectivity", "coverage", "n_hits"],
        "in the output of sentiment()",
    )
    tone = unit_tone(result, neutral=neutral, min_hits=min_hits)
    groups = result.groupby(by_cols, observed=True, sort=True) if by_cols else [((), result)]
    rows = []
    for label, g in groups:
        label = label if isinstance(label, tuple) else (label,)
        scored = g[g["n_hits"] >= min_hits]
        x = scored["polarity"].to_numpy(float)
        shares = tone.loc[g.index].value_counts(normalize=True).reindex(TONES, fill_value=0)
        docs = scored["doc_id"].to_numpy() if "doc_id" in scored else None
        n_docs = len(pd.unique(docs)) if docs is not None else np.nan
        boot = dict(n_boot=n_boot, seed=seed, ci=ci)
        if bootstrap == "documents":
            lo, hi = _cluster_ci(x, docs, label, **boot) if n_docs >= min_n else (np.nan,) * 2
        else:
            lo, hi = _bootstrap_ci(x, label, **boot) if len(x) >= min_n else (np.nan,) * 2
        mean_s = scored["subjectivity"].mean() if len(x) else np.nan
        mean_p = x.mean() if len(x) else np.nan
        shares_row = (shares["neutral"], shares["positive"], shares["negative"])
        rows.append(
            (*label, len(g), len(x), *shares_row, mean_p, lo, hi, bootstrap, n_docs)
            + (mean_s, g["coverage"].mean())
        )
    cols = [*by_cols, "n_units", "n_scored", "share_neutral", "share_positive"]
    cols += ["share_negative", "mean_polarity", "ci_low", "ci_high", "ci_over", "n_docs"]
    out = pd.DataFrame(rows, columns=[*cols, "mean_subjectivity", "mean_coverage"])
    if "doc_id" in result:
        out["n_docs"] = out["n_docs"].astype("int64")
    else:
        out = out.drop(columns="n_docs")
    for c in by_cols:
        if isinstance(result[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(result[c].dtype)
    params.update(by=by_cols or None, n_boot=n_boot, seed=seed, ci=ci, min_hits=min_hits)
    params.update(min_n=min_n, neutral=neutral, bootstrap=bootstrap)
    out = with_provenance(out, result, **params)
    if by_cols and "doc_id" in result:  # the documents whose units were scored
        with_documents(out, documents_of(result[result["n_hits"] >= min_hits], by_cols))
    return out


def _cluster_ci(x: np.ndarray, docs: np.ndarray, label: tuple, *, n_boot: int, seed: int, ci):
    """Percentile interval of the pooled mean of ``x`` over resampled documents ``docs``."""
    codes, _ = pd.factorize(docs)
    sums = np.bincount(codes, weights=x)
    counts = np.bincount(codes).astype(float)
    alpha = (1 - ci) / 2
    rng = np.random.default_rng([seed, zlib.crc32(repr(label).encode())])
    draws = rng.integers(0, len(sums), (n_boot, len(sums)))
    means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)
    return tuple(np.quantile(means, [alpha, 1 - alpha]))


def _bootstrap_ci(x: np.ndarray, label: tuple, *, n_boot: int, seed: int, ci: float):
    """Percentile-bootstrap interval of the mean of ``x`` (NaN, NaN for fewer than 2 values).

    The generator is seeded with ``[seed, crc32(repr(label))]``, so a group's interval
    does not depend on the other groups; resamples are drawn in chunks of ~2·10⁶ values.
    """
    if len(x) < 2:
        return np.nan, np.nan
    alpha = (1 - ci) / 2
    rng = np.random.default_rng([seed, zlib.crc32(repr(label).encode())])
    chunk = max(1, 2_000_000 // len(x))
    means = np.concatenate(
        [
            x[rng.integers(0, len(x), (min(chunk, n_boot - i), len(x)))].mean(axis=1)
            for i in range(0, n_boot, chunk)
        ]
    )
    return tuple(np.quantile(means, [alpha, 1 - alpha]))
