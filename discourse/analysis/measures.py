"""Association measures of 2 × 2 frequency tables: keyness and collocation statistics.

One G² for the whole package (:func:`g_squared`, computed with care for precision) serves
both the keyness of a term between two corpora (:func:`keyness_measures`) and the
association of a node and a collocate in a window (:func:`association_measures`).
Formulas and verified worked values: ``shared/docs/statistics.md`` §A, §B (keyness) and
§C (collocations).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from discourse._validate import Instance, Interval, Options, validate_params
from discourse.errors import CorpusError

__all__ = [
    "CORRECTIONS",
    "MEASURES",
    "adjust_p",
    "association_measures",
    "g_squared",
    "keyness_measures",
]

#: Keyness measures of :func:`keyness_measures` (the columns a keyness result sorts by).
MEASURES = (
    "log_likelihood",
    "ll_2term",
    "log_ratio",
    "log_ratio_min",
    "perc_diff",
    "bic",
    "simple_maths",
    "log_odds_z",
)
#: Multiple-comparison corrections of :func:`adjust_p`.
CORRECTIONS = ("bh", "bonferroni", "none")
DIRECTIONS = pd.CategoricalDtype(["target", "reference", "none"])


def _deviance(observed: np.ndarray, expected: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """``O·ln(O/E) − (O − E)`` per cell, with ``0·ln 0 = 0`` and no epsilon in the log.

    ``diff = O − E`` is passed in exactly (it is ``±(ad − bc)/N`` for every cell), and the
    log is ``log1p(diff/E)``, so large cells lose no precision. Each term is ≥ 0 and the
    ``−(O − E)`` parts sum to 0 over a row of the table, so they do not change the total.
    """
    log = np.zeros_like(expected)
    np.log1p(np.divide(diff, expected, out=log, where=observed > 0), out=log, where=observed > 0)
    return observed * log - diff


def g_squared(a: Any, b: Any, c: Any, d: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """G² of the table ``[[a, b], [c − a, d − b]]``, its 2-term part and ``O11 − E11``.

    ``a``, ``b`` are a term's frequencies in two corpora of ``c`` and ``d`` tokens
    (keyness), or the collocate's frequency inside and outside the window slots
    (collocations: ``a = O11``, ``b = C1 − O11``, ``c = R1``, ``d = N − R1``). With
    ``N = c + d``, ``E1 = c(a+b)/N``, ``E2 = d(a+b)/N``:

    * ``g2`` = ``2 Σ_ij O_ij ln(O_ij/E_ij)`` over the four cells (Dunning 1993), unsigned;
    * ``ll2`` = ``2 [a ln(a/E1) + b ln(b/E2)]`` (Rayson & Garside 2000), unsigned;
    * ``diff`` = ``(a·d − b·c)/N`` = ``a − E1`` (its sign is the direction).

    Every cell is summed as ``O ln(1 + (O−E)/E) − (O−E)`` with the exact ``O − E``
    (:func:`_deviance`), so a term of a 10⁹-token table keeps its digits, where
    ``O ln(O/E)`` (``scipy.special.xlogy``) drifts in the 8th digit; rounding below 0
    is clamped to 0. Cells with a negative count give meaningless values (callers mask
    them).

    >>> [round(float(x), 5) for x in g_squared(10.0, 5.0, 10_000.0, 20_000.0)]
    [6.93522, 6.93147, 5.0]
    """
    n = c + d
    diff = (a * d - b * c) / n  # = a − E1 = E2 − b = E1 − (c − a) = (d − b) − E2
    e1, e2 = c * (a + b) / n, d * (a + b) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        ll2 = 2 * (_deviance(a, e1, diff) + _deviance(b, e2, -diff))
        g2 = ll2 + 2 * (_deviance(c - a, c - e1, -diff) + _deviance(d - b, d - e2, diff))
        return np.maximum(g2, 0.0), np.maximum(ll2, 0.0), diff  # clamp rounding below 0


_SIZE = Interval(float, 0, closed="neither")


# The numpydoc docstring is the reference of every formula (~75 lines); the body is ~40 lines.
@validate_params(
    size_target=_SIZE,
    size_reference=_SIZE,
    alpha0=Interval(float, 0, closed="neither"),
    sm_n=Interval(float, 0, closed="neither"),
    alpha=Interval(float, 0, 1, closed="neither"),
    background=Instance(tuple, list, none=True, label="a pair (bg_w, n_bg)"),
)
def keyness_measures(
    freq_target: Any,
    freq_reference: Any,
    size_target: float,
    size_reference: float,
    *,
    alpha0: float = 1000.0,
    sm_n: float = 1.0,
    alpha: float = 0.05,
    background: Any = None,
) -> pd.DataFrame:
    """Keyness statistics for each term from its 2 × 2 frequency table.

    With ``a`` = ``freq_target``, ``b`` = ``freq_reference``, ``c`` = ``size_target``,
    ``d`` = ``size_reference``, ``N = c + d``, ``E1 = c(a+b)/N``, ``E2 = d(a+b)/N``
    (``shared/docs/statistics.md`` §A0–A1):

    * ``log_likelihood`` — **4-cell G²** (Dunning 1993; statistics.md §A3), as in
      ``scipy.stats.chi2_contingency(…, lambda_="log-likelihood", correction=False)``,
      Evert's ``corpora::keyness`` and quanteda ``lr`` with ``correction="none"``:
      ``G² = 2 Σ_ij O_ij ln(O_ij/E_ij)``, no continuity correction, signed ``+`` when the
      term is over-used in the target (``a·d − b·c > 0``) and ``−`` otherwise (§A11).
    * ``ll_2term`` — the 2-term "UCREL" LL of Rayson & Garside (2000), as in Wmatrix, the
      LL wizard, WordSmith and AntConc 3: ``2[a ln(a/E1) + b ln(b/E2)]``, signed the
      same way (§A2). ``G² ≥ |ll_2term|``; the two agree when ``a + b ≪ c, d``.
    * ``p_value`` — ``P(χ²₁ ≥ |G²|)`` (§A12).
    * ``log_ratio`` — Hardie (2014): ``log2((a/c)/(b/d))``, a zero ``a`` or ``b`` replaced
      by **0.5** as in CQPweb/SigEff (§A5). +1 = twice as frequent in the target.
    * ``log_ratio_low``, ``log_ratio_high`` — the ``1 − alpha`` Wald interval of the Log
      Ratio, on the log rate ratio of two Poisson counts (§G2):
      ``SE = sqrt(1/a + 1/b) / ln 2`` (the same 0.5 for a zero count), ``LR ± z·SE`` with
      ``z = Φ⁻¹(1 − alpha/2)``, per term (no family-wise adjustment of ``alpha``).
    * ``log_ratio_min`` — the conservative Log Ratio of CQPweb (Hardie 2014, "Log Ratio
      with confidence interval"): the bound nearer zero, and 0 when the interval spans 0;
      an effect size that already discounts what the counts cannot support.
    * ``perc_diff`` — %DIFF, Gabrielatos & Marchi (2011): ``100 (a/c − b/d)/(b/d)``; −100
      when ``a = 0`` and **+inf** when ``b = 0`` (SigEff prints ≈1e20 there) (§A6).
    * ``bic`` — Wilson (2013): ``|G²| − ln N`` (df = 1), from the 4-cell G² (SigEff uses
      the 2-term LL; the difference is ``G² − LL``). > 2 positive, > 6 strong, > 10 very
      strong evidence; < 0 favours no difference (§A7). Unsigned.
    * ``simple_maths`` — Kilgarriff (2009), Sketch Engine:
      ``(10⁶a/c + n)/(10⁶b/d + n)`` with ``n = sm_n`` (default 1) (§A10). > 1 = target.
    * ``log_odds_z`` — Monroe, Colaresi & Quinn (2008, §3.5): z-score of the log-odds
      ratio with an informative Dirichlet prior ``α_w = α0 · bg_w / n_bg``;
      ``δ = ln[(a+α_w)/(c+α0−a−α_w)] − ln[(b+α_w)/(d+α0−b−α_w)]``,
      ``σ² = 1/(a+α_w) + 1/(b+α_w)``, ``z = δ/σ`` (§B; as jmhessel/FightingWords, not
      scattertext's rescaled prior). The background defaults to target + reference
      (``bg_w = a + b``, ``n_bg = N``); ``alpha0`` defaults to 1000 pseudo-tokens, a
      choice of this package (not from the paper): larger values shrink rare terms more.

    Zero frequencies: every column except ``perc_diff`` is finite for ``a = 0`` or
    ``b = 0`` (G² uses ``0·ln 0 = 0``). All-zero rows (``a = b = 0``) give ``NaN``, and so
    does ``log_odds_z`` for a term that is the whole corpus (``a + b = N``).

    Parameters
    ----------
    freq_target, freq_reference : array-like of int
    size_target, size_reference : int
        Sizes in tokens (``c``, ``d``, > 0), at least the frequencies.
    alpha0 : float
        Total prior pseudo-count of ``log_odds_z`` (> 0).
    sm_n : float
        Smoothing parameter ``n`` of ``simple_maths`` (> 0).
    alpha : float
        ``1 − alpha`` is the level of the Log Ratio interval (default 0.05: 95 %).
    background : (array-like, float), optional
        ``(bg_w, n_bg)``: background counts per term and the background size for the
        ``log_odds_z`` prior.

    Returns
    -------
    pandas.DataFrame
        Columns ``per_10k_target``, ``per_10k_reference`` (frequency per 10,000 tokens of
        the side: ``10⁴·a/c``, ``10⁴·b/d``), ``log_likelihood``,
        ``ll_2term``, ``p_value``, ``log_ratio``, ``log_ratio_low``, ``log_ratio_high``,
        ``log_ratio_min``, ``perc_diff``, ``bic``, ``simple_maths``, ``log_odds_z``,
        ``direction`` (``"target"``, ``"reference"`` or ``"none"`` when
        ``a/c = b/d``).

    References
    ----------
    Dunning 1993, *Computational Linguistics* 19(1); Rayson & Garside 2000, *WCC*;
    Hardie 2014, https://cass.lancs.ac.uk/log-ratio-an-informal-introduction/, and the
    "Log Ratio (conservative estimate)" of CQPweb's keyword tool (Hardie 2012,
    *IJCL* 17(3): 380–409);
    Gabrielatos & Marchi 2011, *CL2011*; Wilson 2013, *Corpus Linguistics* (Lancaster);
    Kilgarriff 2009, *Corpus Linguistics*, https://www.sketchengine.eu/documentation/simple-maths/;
    Monroe, Colaresi & Quinn 2008, *Political Analysis* 16(4): 372–403.

    Examples
    --------
    The first worked case of ``shared/docs/statistics.md`` §A13:

    >>> m = keyness_measures([10], [5], 10_000, 20_000)
    >>> print(m[["log_likelihood", "ll_2term", "log_ratio", "perc_diff"]].round(5).to_string())
       log_likelihood  ll_2term  log_ratio  perc_diff
    0         6.93522   6.93147        2.0      300.0
    """
    a = np.asarray(freq_target, dtype=float)
    b = np.asarray(freq_reference, dtype=float)
    c, d = float(size_target), float(size_reference)
    if (a < 0).any() or (b < 0).any() or (a > c).any() or (b > d).any():
        raise CorpusError(
            "keyness_measures(): every freq_target must lie in [0, size_target] and every "
            f"freq_reference in [0, size_reference] (sizes {c:g} and {d:g})"
        )
    n = c + d
    g2, ll2, diff = g_squared(a, b, c, d)
    sign = np.sign(diff)
    with np.errstate(invalid="ignore", divide="ignore"):
        a_, b_ = np.where(a > 0, a, 0.5), np.where(b > 0, b, 0.5)
        log_ratio = np.log2(a_ / c) - np.log2(b_ / d)
        half = stats.norm.isf(alpha / 2) * np.sqrt(1 / a_ + 1 / b_) / np.log(2)
        rel_a, rel_b = a / c, b / d
        perc_diff = np.where(
            b > 0, 100 * (a * d - b * c) / (b * c), np.where(a > 0, np.inf, np.nan)
        )
        log_odds_z = _log_odds_z(a, b, c, d, alpha0, background)
    empty = (a + b) == 0
    direction = np.where(sign > 0, 0, np.where(sign < 0, 1, 2)).astype(np.int8)
    out = pd.DataFrame(
        {
            "per_10k_target": 1e4 * rel_a,
            "per_10k_reference": 1e4 * rel_b,
            "log_likelihood": sign * g2,
            "ll_2term": sign * ll2,
            "p_value": special.erfc(np.sqrt(g2 / 2)),  # = chi2.sf(g2, 1), 60× faster
            "log_ratio": log_ratio,
            "log_ratio_low": log_ratio - half,
            "log_ratio_high": log_ratio + half,
            "log_ratio_min": _conservative(log_ratio - half, log_ratio + half),
            "perc_diff": perc_diff,
            "bic": g2 - np.log(n),
            "simple_maths": (1e6 * rel_a + sm_n) / (1e6 * rel_b + sm_n),
            "log_odds_z": log_odds_z,
            "direction": pd.Categorical.from_codes(direction, dtype=DIRECTIONS),
        }
    )
    if empty.any():
        blank = ["log_likelihood", "ll_2term", "p_value", "bic"]
        blank += ["log_ratio", "log_ratio_low", "log_ratio_high", "log_ratio_min"]
        out.loc[empty, blank] = np.nan
    return out


def _conservative(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """The bound of ``[low, high]`` nearer zero; 0 when the interval contains 0."""
    return np.where(low > 0, low, np.where(high < 0, high, np.where(np.isnan(low), np.nan, 0.0)))


def _log_odds_z(a, b, c, d, alpha0, background) -> np.ndarray:
    """z-score of the log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008)."""
    if background is None:
        bg, n_bg = a + b, c + d
    else:
        bg, n_bg = np.asarray(background[0], dtype=float), float(background[1])
    prior = alpha0 * bg / n_bg
    delta = np.log((a + prior) / (c + alpha0 - a - prior)) - np.log(
        (b + prior) / (d + alpha0 - b - prior)
    )
    return delta / np.sqrt(1 / (a + prior) + 1 / (b + prior))


@validate_params(correction=Options(*CORRECTIONS))
def adjust_p(p: np.ndarray, correction: str) -> np.ndarray:
    """Multiple-comparison correction over the tested terms (``m = len(p)``; §A12)."""
    if len(p) == 0 or correction == "none":
        return p.copy()
    if correction == "bonferroni":
        return np.minimum(1.0, p * len(p))
    return stats.false_discovery_control(p, method="bh")


def association_measures(o, r1, c1, n, f_node) -> dict[str, np.ndarray]:
    """All collocation measures from the window 2x2 table (statistics.md C1/C2).

    ``O11 = o``, ``R1 = r1`` (window slots), ``C1 = c1`` (collocate frequency),
    ``N = n``; ``E11 = R1*C1/N``. ``log_likelihood`` is :func:`g_squared` signed by
    ``O − E``; it and the Delta P measures are NaN when a cell of the table is negative
    (node-centric counting can make ``O > C1``).
    """
    o, r1, c1, n, f_node = (np.asarray(x, dtype=float) for x in (o, r1, c1, n, f_node))
    r2, c2 = n - r1, n - c1
    e = r1 * c1 / n
    valid = (o >= 0) & (r1 - o >= 0) & (c1 - o >= 0) & (n - r1 - c1 + o >= 0)
    g2 = g_squared(o, c1 - o, r1, r2)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        dice = 2 * o / (f_node + c1)
        return {
            "e": e,
            "mi": np.log2(o / e),
            "mi3": np.log2(o**3 / e),
            "t_score": (o - e) / np.sqrt(o),
            "z_score": (o - e) / np.sqrt(e),
            "log_likelihood": np.where(valid, np.sign(o - e) * g2, np.nan),
            "dice": dice,
            "log_dice": 14 + np.log2(dice),
            "delta_p_collocate_given_node": np.where(valid, o / r1 - (c1 - o) / r2, np.nan),
            "delta_p_node_given_collocate": np.where(valid, o / c1 - (r1 - o) / c2, np.nan),
        }


def keyness_frame(
    terms: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    c: int,
    d: int,
    *,
    correction: str,
    alpha0: float,
    sm_n: float,
    alpha: float,
) -> pd.DataFrame:
    """:func:`keyness_measures` of ``a``/``b`` in sizes ``c``/``d``, led by ``term``,
    ``freq_target``, ``freq_reference``, ``size_target``, ``size_reference``, with
    ``p_adjusted`` (``correction``) added: the shared core of group keyness and keyness
    against a general reference."""
    out = keyness_measures(a, b, c, d, alpha0=alpha0, sm_n=sm_n, alpha=alpha)
    n = len(out)
    out.insert(0, "term", terms)
    out.insert(1, "freq_target", a)
    out.insert(2, "freq_reference", b)
    out.insert(3, "size_target", np.full(n, c, dtype=np.int64))
    out.insert(4, "size_reference", np.full(n, d, dtype=np.int64))
    out["p_adjusted"] = adjust_p(out["p_value"].to_numpy(), correction)
    return out


def rank_keyness(out: pd.DataFrame, measure: str, tiebreak: np.ndarray) -> pd.DataFrame:
    """Rows in keyness order: target-side terms first, each side by decreasing strength of
    ``measure`` (BIC as is), ties by ``tiebreak`` (the terms' frequency rank)."""
    rank = out["direction"].cat.codes.to_numpy()
    value = out[measure].to_numpy()
    strength = value if measure == "bic" else np.where(rank == 1, -value, value)
    order = np.lexsort((tiebreak, -strength, rank))
    return out.iloc[order].reset_index(drop=True)
