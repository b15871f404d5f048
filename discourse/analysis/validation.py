"""Agreement of lexicon tone with human coding: :func:`validate`.

The method's tone of a unit is :func:`~discourse.analysis.summaries.unit_tone` of its
polarity (neutral: no lexicon hits or |polarity| < 0.1); the human label comes from a coded
sheet (:func:`~discourse.analysis.coding.validation_sample`). Statistics follow
``shared/docs/statistics.md`` §G4: accuracy with the Wilson interval, per-class precision,
recall and F1, Cohen's kappa, Krippendorff's alpha (nominal) between coders, a confusion
table, and -- against a ``baseline`` result -- the paired difference in accuracy with a
bootstrap interval over units and McNemar's exact test.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
inference. *JASA* 22(158), 209-212.
Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educational and
Psychological Measurement* 20(1), 37-46.
Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
Communication, University of Pennsylvania (the coincidence-matrix computation).
McNemar, Q. (1947). Note on the sampling error of the difference between correlated
proportions or percentages. *Psychometrika* 12(2), 153-157.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from discourse._validate import Instance, Interval, Table, require_columns, validate_params
from discourse.analysis.coding import coded_labels, unit_ids
from discourse.analysis.summaries import NEUTRAL, TONES, unit_tone
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = ["Validation", "alpha_nominal", "cohen_kappa", "validate", "wilson_interval"]

AGREEMENT = ["measure", "value", "ci_low", "ci_high", "n", "p_value", "interval"]


class Validation(NamedTuple):
    """The result of :func:`validate`.

    Attributes
    ----------
    agreement : pandas.DataFrame
        One row per measure: ``measure``, ``value``, ``ci_low``, ``ci_high``, ``n`` (units),
        ``p_value`` (McNemar, else NaN), ``interval`` (how the interval was computed).
    per_class : pandas.DataFrame
        One row per tone: ``tone``, ``precision``, ``recall``, ``f1``, ``support`` (coded
        units of the tone), ``n_predicted``, Wilson intervals ``precision_low/high``,
        ``recall_low/high``.
    confusion : pandas.DataFrame
        Counts, rows the human label (``coded``), columns the method's tone (``method``).
    units : pandas.DataFrame
        The compared units: ids, ``text``, ``polarity``, ``coded``, ``method``,
        ``agree`` (and ``baseline``, ``baseline_agree`` with a baseline).
    """

    agreement: pd.DataFrame
    per_class: pd.DataFrame
    confusion: pd.DataFrame
    units: pd.DataFrame


def wilson_interval(k: int, n: int, ci: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of the proportion ``k / n`` (NaN, NaN when ``n == 0``).

    >>> [round(x, 3) for x in wilson_interval(23, 40)]
    [0.422, 0.715]
    """
    if n == 0:
        return np.nan, np.nan
    z = stats.norm.ppf(1 - (1 - ci) / 2)
    p = k / n
    mid = p + z * z / (2 * n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return float((mid - half) / (1 + z * z / n)), float((mid + half) / (1 + z * z / n))


def cohen_kappa(a: np.ndarray, b: np.ndarray) -> float:
    """Cohen's kappa of two label arrays: (p_o - p_e) / (1 - p_e), p_e = sum_k p_k(a) p_k(b)."""
    a, b = np.asarray(a), np.asarray(b)
    classes = np.union1d(a, b)
    p_o = np.mean(a == b)
    p_e = sum(np.mean(a == k) * np.mean(b == k) for k in classes)
    return float((p_o - p_e) / (1 - p_e)) if p_e < 1 else np.nan


def alpha_nominal(data: np.ndarray) -> float:
    """Krippendorff's alpha, nominal metric: ``data`` is coders x units of integer codes,
    missing values ``-1``; units with fewer than two values are left out (Krippendorff
    2011: alpha = 1 - (n - 1) * sum_c o_cc' / sum_c,k n_c n_k for c != k)."""
    data = np.asarray(data)
    k = int(data.max()) + 1 if data.size and data.max() >= 0 else 0
    o = np.zeros((k, k))
    for unit in data.T:
        v = unit[unit >= 0]
        if len(v) < 2:
            continue
        counts = np.bincount(v, minlength=k).astype(float)
        o += (np.outer(counts, counts) - np.diag(counts)) / (len(v) - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return np.nan
    disagree_o = o.sum() - np.trace(o)
    disagree_e = (n * n - (n_c**2).sum()) / (n - 1)
    return float(1 - disagree_o / disagree_e) if disagree_e > 0 else np.nan


def _gold(coded: pd.DataFrame, ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One label per unit (the coders' majority; ties left out) and the coders x units
    table of codes (``-1`` where a coder did not code a unit)."""
    codes = coded.assign(code=coded["label"].cat.codes)
    wide = codes.pivot_table(index=ids, columns="coder", values="code", aggfunc="first")
    wide = wide.fillna(-1).astype(int)
    votes = codes.groupby([*ids, "label"], observed=False).size().unstack("label")
    top = votes.max(axis=1)
    unique = (votes.eq(top, axis=0).sum(axis=1) == 1) & (top > 0)
    gold = votes[unique].idxmax(axis=1).rename("coded").reset_index()
    gold["coded"] = pd.Categorical(gold["coded"], categories=list(TONES))
    return gold, wide


def _boot(units: pd.DataFrame, stat, *, n_boot: int, seed: int, ci: float):
    """Percentile-bootstrap interval of ``stat(rows)`` over units resampled with replacement."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(units), (n_boot, len(units)))
    values = np.array([stat(i) for i in idx], dtype=float)
    values = values[np.isfinite(values)]
    if len(values) == 0:
        return np.nan, np.nan
    alpha = (1 - ci) / 2
    return tuple(np.quantile(values, [alpha, 1 - alpha]))


def _per_class(coded: np.ndarray, method: np.ndarray, ci: float) -> pd.DataFrame:
    rows = []
    for tone in TONES:
        tp = int(((coded == tone) & (method == tone)).sum())
        support, predicted = int((coded == tone).sum()), int((method == tone).sum())
        prec = tp / predicted if predicted else np.nan
        rec = tp / support if support else np.nan
        f1 = 2 * tp / (support + predicted) if support + predicted else np.nan
        rows.append(
            (tone, prec, rec, f1, support, predicted)
            + wilson_interval(tp, predicted, ci)
            + wilson_interval(tp, support, ci)
        )
    cols = ["tone", "precision", "recall", "f1", "support", "n_predicted"]
    cols += ["precision_low", "precision_high", "recall_low", "recall_high"]
    return pd.DataFrame(rows, columns=cols)


def _macro_f1(coded: np.ndarray, method: np.ndarray) -> float:
    f1 = [
        2 * ((coded == t) & (method == t)).sum() / ((coded == t).sum() + (method == t).sum())
        for t in TONES
        if (coded == t).any() or (method == t).any()
    ]
    return float(np.mean(f1))


def _method_tones(result, gold, ids, neutral, min_hits, name) -> pd.DataFrame:
    res = result.assign(**{name: unit_tone(result, neutral=neutral, min_hits=min_hits)})
    keys = (
        gold[ids]
        .astype(str)
        .merge(res[ids].astype(str).assign(_row=np.arange(len(res))), on=ids, how="left")
    )
    if keys["_row"].isna().any():
        miss = keys[keys["_row"].isna()].iloc[0][ids].tolist()
        raise CorpusError(
            f"validate(): coded unit {dict(zip(ids, miss, strict=True))} is not a unit of "
            "the result; code a sheet drawn from a result at the same level"
        )
    return res.iloc[keys["_row"].astype(int).to_numpy()].reset_index(drop=True)


@validate_params(
    result=Table(),
    labels=Instance(pd.DataFrame, str, Path, label="a coded sheet or the path of its CSV"),
    baseline=Instance(pd.DataFrame, none=True, none_label="no comparison"),
    neutral=Interval(float, 0, 1),
    min_hits=Interval(int, 0),
    ci=Interval(float, 0, 1, closed="neither"),
    n_boot=Interval(int, 1),
    seed=Interval(int, 0),
)
def validate(
    result: pd.DataFrame,
    labels: pd.DataFrame | str | Path,
    *,
    baseline: pd.DataFrame | None = None,
    neutral: float = NEUTRAL,
    min_hits: int = 1,
    ci: float = 0.95,
    n_boot: int = 2000,
    seed: int = 0,
) -> Validation:
    """Agreement of a sentiment result's tone with human coding.

    Parameters
    ----------
    result
        Output of :func:`discourse.sentiment` at the level of the coded units.
    labels
        A coded sheet (:func:`validation_sample`, filled in; DataFrame or CSV path): id
        columns, ``label`` and, for several coders, ``coder`` (one row per unit and coder).
        With several coders a unit's label is their majority (ties are left out) and the
        coders' agreement is reported (kappa for the first two, alpha for all).
    baseline
        Another result for the same units (e.g. ``pos_filter=False``): adds its accuracy
        and the paired difference ``result - baseline``.
    neutral, min_hits
        How a unit's polarity becomes a tone (:func:`discourse.unit_tone`).
    ci, n_boot, seed
        Interval level; bootstrap resamples of units and their seed (kappa, alpha, F1, the
        difference).

    Returns
    -------
    Validation
        ``agreement`` (accuracy with Wilson interval; macro F1 and Cohen's kappa of method
        vs coding with bootstrap intervals; ``kappa_coders``, ``alpha_coders`` with two or
        more coders; ``accuracy_baseline``, ``accuracy_difference`` with McNemar's exact
        ``p_value``), ``per_class``, ``confusion``, ``units``; each table carries
        provenance (``attrs``).

    Examples
    --------
    >>> res = pd.DataFrame({"doc_id": "a", "sent_id": [0, 1, 2], "text": ["x", "y", "z"],
    ...     "polarity": [0.5, 0.0, -0.3], "n_hits": [1, 0, 1]})
    >>> lab = res[["doc_id", "sent_id"]].assign(label=["pos", "neu", "pos"])
    >>> acc = validate(res, lab).agreement.iloc[0]
    >>> acc["measure"], round(float(acc["value"]), 3), int(acc["n"])
    ('accuracy', 0.667, 3)
    """
    coded = coded_labels(labels)
    ids = [c for c in unit_ids(coded) if c in result.columns]
    require_columns(
        "validate", result, ["polarity", "n_hits", *ids], "in the output of sentiment()"
    )
    gold, wide = _gold(coded, ids)
    res = _method_tones(result, gold, ids, neutral, min_hits, "method")
    units = gold.assign(method=res["method"].to_numpy(), polarity=res["polarity"].to_numpy())
    if "text" in res:
        units.insert(len(ids), "text", res["text"].to_numpy())
    y, m = units["coded"].astype(str).to_numpy(), units["method"].astype(str).to_numpy()
    units["agree"] = y == m
    boot = dict(n_boot=n_boot, seed=seed, ci=ci)
    rows = [
        ("accuracy", units["agree"].mean(), *wilson_interval(int(units["agree"].sum()), len(y), ci))
        + (len(y), np.nan, "wilson"),
        ("macro_f1", _macro_f1(y, m), *_boot(units, lambda i: _macro_f1(y[i], m[i]), **boot))
        + (len(y), np.nan, "bootstrap"),
        ("kappa", cohen_kappa(y, m), *_boot(units, lambda i: cohen_kappa(y[i], m[i]), **boot))
        + (len(y), np.nan, "bootstrap"),
    ]
    rows += _coder_rows(wide, boot)
    if baseline is not None:
        rows += _baseline_rows(units, baseline, ids, neutral, min_hits, ci, boot)
    agreement = pd.DataFrame(rows, columns=AGREEMENT).astype({"n": "int64"})
    confusion = pd.crosstab(
        units["coded"].rename("coded"), units["method"].rename("method"), dropna=False
    ).reindex(index=list(TONES), columns=list(TONES), fill_value=0)
    params = dict(neutral=neutral, min_hits=min_hits, ci=ci, n_boot=n_boot, seed=seed)
    tables = [agreement, _per_class(y, m, ci), confusion, units]
    for table in tables:
        with_provenance(table, result, **result.attrs.get("params", {}), validate=params)
    return Validation(*tables)


def _coder_rows(wide: pd.DataFrame, boot: dict) -> list[tuple]:
    """Kappa of the first two coders (units both coded) and alpha of all coders."""
    if wide.shape[1] < 2:
        return []
    both = wide[(wide.iloc[:, 0] >= 0) & (wide.iloc[:, 1] >= 0)]
    a, b = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    data = wide.to_numpy().T
    kappa_ci = _boot(both, lambda i: cohen_kappa(a[i], b[i]), **boot)
    alpha_ci = _boot(wide, lambda i: alpha_nominal(data[:, i]), **boot)
    return [
        ("kappa_coders", cohen_kappa(a, b), *kappa_ci, len(both), np.nan, "bootstrap"),
        ("alpha_coders", alpha_nominal(data), *alpha_ci, len(wide), np.nan, "bootstrap"),
    ]


def _baseline_rows(units, baseline, ids, neutral, min_hits, ci, boot) -> list[tuple]:
    """Accuracy of ``baseline`` and the paired difference (bootstrap CI, McNemar exact p)."""
    base = _method_tones(baseline, units[ids], ids, neutral, min_hits, "baseline")
    units["baseline"] = base["baseline"].to_numpy()
    units["baseline_agree"] = units["coded"].astype(str) == units["baseline"].astype(str)
    x, z = units["agree"].to_numpy(), units["baseline_agree"].to_numpy()
    only_x, only_z = int((x & ~z).sum()), int((~x & z).sum())
    p = stats.binomtest(only_x, only_x + only_z).pvalue if only_x + only_z else 1.0
    diff_ci = _boot(units, lambda i: x[i].mean() - z[i].mean(), **boot)
    n = len(x)
    return [
        ("accuracy_baseline", z.mean(), *wilson_interval(int(z.sum()), n, ci), n, np.nan, "wilson"),
        ("accuracy_difference", x.mean() - z.mean(), *diff_ci, n, p, "paired bootstrap; McNemar"),
    ]
