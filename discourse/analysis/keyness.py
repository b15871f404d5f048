"""Keyness: which terms distinguish one group of letters (a period, a cabinet…) from others.

:func:`keyness` compares a target with a reference; :func:`keyness_table` runs
one-vs-rest for every group in one long table. Both count once per (token table, grouping,
unit, filters) with :func:`~discourse.analysis.counts.term_counts` (in :mod:`discourse.counts`,
re-exported here) — integer term codes counted with NumPy, cached — and compute the
statistics on the small term × group table, so changing the target, the measure or the
thresholds costs milliseconds. :func:`keyness_measures` holds the formulas
and works on any counts (e.g. aggregated on Dask).

Notation and verified values: ``shared/docs/statistics.md`` §A, §B (measures) and §D
(dispersion): ``a``/``b`` the term's frequency in target/reference, ``c``/``d`` their sizes
in tokens, ``N = c + d``.

**What is counted** (``words_only=True``, the default): a token is a *word* unless
``is_punct`` is true, its ``upos`` is ``PUNCT``, ``SYM``, ``NUM`` or ``SPACE``, or its
term (lemma / lower / text) contains no letter (``"2024"``, ``"§"``, ``"--"``). So numerals
(``"2024"`` and ``"twee"`` alike) are excluded, while ``"covid-19"`` or ``"EU-landen"``
stay. Tokens with a missing term or group are dropped. The sizes ``c`` and ``d`` count the
words of each side; ``pos=`` restricts which terms are *tested*, not the sizes, so
normalised frequencies stay "per 10,000 words".
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import special, stats

from discourse.analysis.counts import (  # noqa: F401 - NON_WORD_UPOS, UNITS, UPOS stay importable from here
    NON_WORD_UPOS,
    UNITS,
    UPOS,
    TermCounts,
    _check_choice,
    _listify,
    clear_cache,
    term_counts,
)
from discourse.analysis.dispersion import dp_from_cells
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = [
    "MEASURES",
    "TermCounts",
    "clear_cache",
    "keyness",
    "keyness_measures",
    "keyness_table",
    "term_counts",
]

MEASURES = (
    "log_likelihood",
    "ll_2term",
    "log_ratio",
    "perc_diff",
    "bic",
    "simple_maths",
    "log_odds_z",
)
CORRECTIONS = ("bh", "bonferroni", "none")
COLUMNS = [
    "term",
    "freq_target",
    "freq_reference",
    "size_target",
    "size_reference",
    "norm_target",
    "norm_reference",
    "log_likelihood",
    "ll_2term",
    "p_value",
    "p_adjusted",
    "log_ratio",
    "perc_diff",
    "bic",
    "simple_maths",
    "log_odds_z",
    "range_target",
    "range_reference",
    "dp_target",
    "dp_reference",
    "direction",
    "significant",
]
DIRECTIONS = pd.CategoricalDtype(["target", "reference", "none"])


# --- measures --------------------------------------------------------------------------------


def _deviance(observed: np.ndarray, expected: np.ndarray, diff: np.ndarray) -> np.ndarray:
    """``O·ln(O/E) − (O − E)`` per cell, with ``0·ln 0 = 0`` and no epsilon in the log.

    ``diff = O − E`` is passed in exactly (it is ``±(ad − bc)/N`` for every cell), and the
    log is ``log1p(diff/E)``, so large cells lose no precision. Each term is ≥ 0 and the
    ``−(O − E)`` parts sum to 0 over a row of the table, so they do not change the total.
    """
    log = np.zeros_like(expected)
    np.log1p(np.divide(diff, expected, out=log, where=observed > 0), out=log, where=observed > 0)
    return observed * log - diff


def keyness_measures(
    freq_target: Any,
    freq_reference: Any,
    size_target: float,
    size_reference: float,
    *,
    alpha0: float = 1000.0,
    sm_n: float = 1.0,
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
        Sizes in tokens (``c``, ``d``), at least the frequencies.
    alpha0 : float
        Total prior pseudo-count of ``log_odds_z``.
    sm_n : float
        Smoothing parameter ``n`` of ``simple_maths``.
    background : (array-like, float), optional
        ``(bg_w, n_bg)``: background counts per term and the background size for the
        ``log_odds_z`` prior.

    Returns
    -------
    pandas.DataFrame
        Columns ``norm_target``, ``norm_reference`` (per 10,000 tokens), ``log_likelihood``,
        ``ll_2term``, ``p_value``, ``log_ratio``, ``perc_diff``, ``bic``, ``simple_maths``,
        ``log_odds_z``, ``direction`` (``"target"``, ``"reference"`` or ``"none"`` when
        ``a/c = b/d``).

    References
    ----------
    Dunning 1993, *Computational Linguistics* 19(1); Rayson & Garside 2000, *WCC*;
    Hardie 2014, https://cass.lancs.ac.uk/log-ratio-an-informal-introduction/;
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
        raise ValueError("frequencies must lie between 0 and the size of their corpus")
    n = c + d
    diff = (a * d - b * c) / n  # = a − E1 = E2 − b = E1 − (c − a) = (d − b) − E2
    sign = np.sign(diff)
    e1, e2 = c * (a + b) / n, d * (a + b) / n
    with np.errstate(invalid="ignore", divide="ignore"):
        ll2 = 2 * (_deviance(a, e1, diff) + _deviance(b, e2, -diff))
        g2 = ll2 + 2 * (_deviance(c - a, c - e1, -diff) + _deviance(d - b, d - e2, diff))
        g2, ll2 = np.maximum(g2, 0.0), np.maximum(ll2, 0.0)  # clamp rounding below 0
        a_, b_ = np.where(a > 0, a, 0.5), np.where(b > 0, b, 0.5)
        log_ratio = np.log2(a_ / c) - np.log2(b_ / d)
        rel_a, rel_b = a / c, b / d
        perc_diff = np.where(
            b > 0, 100 * (a * d - b * c) / (b * c), np.where(a > 0, np.inf, np.nan)
        )
        if background is None:
            bg, n_bg = a + b, n
        else:
            bg, n_bg = np.asarray(background[0], dtype=float), float(background[1])
        prior = alpha0 * bg / n_bg
        delta = np.log((a + prior) / (c + alpha0 - a - prior)) - np.log(
            (b + prior) / (d + alpha0 - b - prior)
        )
        log_odds_z = delta / np.sqrt(1 / (a + prior) + 1 / (b + prior))
    empty = (a + b) == 0
    direction = np.where(sign > 0, 0, np.where(sign < 0, 1, 2)).astype(np.int8)
    out = pd.DataFrame(
        {
            "norm_target": 1e4 * rel_a,
            "norm_reference": 1e4 * rel_b,
            "log_likelihood": sign * g2,
            "ll_2term": sign * ll2,
            "p_value": special.erfc(np.sqrt(g2 / 2)),  # = chi2.sf(g2, 1), 60× faster
            "log_ratio": log_ratio,
            "perc_diff": perc_diff,
            "bic": g2 - np.log(n),
            "simple_maths": (1e6 * rel_a + sm_n) / (1e6 * rel_b + sm_n),
            "log_odds_z": log_odds_z,
            "direction": pd.Categorical.from_codes(direction, dtype=DIRECTIONS),
        }
    )
    if empty.any():
        out.loc[empty, ["log_likelihood", "ll_2term", "p_value", "log_ratio", "bic"]] = np.nan
    return out


def _adjust(p: np.ndarray, correction: str) -> np.ndarray:
    """Multiple-comparison correction over the tested terms (``m = len(p)``; §A12)."""
    if len(p) == 0 or correction == "none":
        return p.copy()
    if correction == "bonferroni":
        return np.minimum(1.0, p * len(p))
    return stats.false_discovery_control(p, method="bh")


# --- comparisons -----------------------------------------------------------------------------

_PARAMS = """by : str
        Grouping column (``"period"``, ``"cabinet"``, ``"minister"``, ``"doc_type"``…).
    unit : {"lemma", "lower", "text", "bigram"}
        The term counted: lemma as the pipeline gives it, lower-cased word form, surface
        form, or ``"w1 w2"`` pairs of adjacent lower-cased words within a sentence.
    pos : str or list of str, optional
        Test only terms with these UPOS tags (e.g. ``["NOUN", "VERB", "ADJ"]``); for
        bigrams both words must match. Sizes still count all words.
    role : str or list of str or None
        Keep tokens of this segment role; default ``"government"``, the cabinet's own
        voice (not MPs' questions quoted in answers). ``None`` keeps every role.
    words_only : bool
        Drop punctuation, symbols, numerals and letterless terms (see the module notes).
    min_freq : int
        Test only terms with ``a + b ≥ min_freq``; these form the family of the
        multiple-comparison correction.
    measure : str
        One of :data:`MEASURES`; only decides the order of rows. Rows over-used in the
        target come first, strongest first; then the reference's, strongest first (largest
        ``bic``, or most extreme value of the others); then ties (``direction="none"``).
    correction : {"bh", "bonferroni", "none"}
        Benjamini–Hochberg (``scipy.stats.false_discovery_control``) or Bonferroni
        ``min(1, m·p)`` over the ``m`` tested terms.
    alpha : float
        ``significant`` is ``p_adjusted ≤ alpha``.
    alpha0, sm_n : float
        Prior size of ``log_odds_z`` and smoothing of ``simple_maths``
        (:func:`keyness_measures`)."""


def _doc(func):
    func.__doc__ = func.__doc__.replace("{params}", _PARAMS)
    return func


def _resolve(labels: list, wanted: Any, *, by: str, what: str) -> list[int]:
    out = []
    for value in _listify(wanted) or ():
        matches = [i for i, g in enumerate(labels) if g == value]
        matches = matches or [i for i, g in enumerate(labels) if str(g) == str(value)]
        if not matches:
            raise CorpusError(
                f"{what} {value!r} is not a value of column {by!r}; "
                f"valid values: {', '.join(map(repr, map(str, labels)))}"
            )
        out.append(matches[0])
    return out


def _prepare(
    tokens: pd.DataFrame,
    *,
    by,
    unit,
    pos,
    role,
    words_only,
    min_freq,
    measure,
    correction,
    alpha,
    alpha0,
    sm_n,
) -> tuple[TermCounts, dict[str, Any], dict[str, Any]]:
    """Validate the arguments shared by :func:`keyness` and :func:`keyness_table`, count.

    Returns the (cached) counts, the options of :func:`_compare` and the parameters
    recorded as provenance.
    """
    _check_choice("measure", measure, MEASURES)
    _check_choice("correction", correction, CORRECTIONS)
    if not (isinstance(min_freq, (int, np.integer)) and min_freq >= 1):
        raise CorpusError(f"min_freq={min_freq!r} must be an integer ≥ 1")
    if not 0 < alpha < 1:
        raise CorpusError(f"alpha={alpha!r} must lie strictly between 0 and 1")
    tc = term_counts(tokens, by=by, unit=unit, pos=pos, role=role, words_only=words_only)
    options = dict(
        min_freq=min_freq,
        measure=measure,
        correction=correction,
        alpha=alpha,
        alpha0=alpha0,
        sm_n=sm_n,
    )
    params = dict(
        unit=unit,
        pos=pos,
        role=role,
        words_only=words_only,
        min_freq=min_freq,
        measure=measure,
        correction=correction,
        alpha=alpha,
    )
    return tc, options, params


def _side(tc: TermCounts, groups: list[int], freq: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Range and DP of every term over the parts (documents) of the given groups."""
    # parts are sorted by group and cells by part, so each group's cells are one slice
    part_bounds = np.searchsorted(tc.part_group, np.arange(len(tc.groups) + 1))
    cell_bounds = np.searchsorted(tc.cell_part, part_bounds)
    chosen = np.zeros(len(tc.groups) + 1, dtype=bool)
    chosen[groups] = True
    starts = np.flatnonzero(chosen[:-1] & ~np.r_[False, chosen[:-2]])
    stops = np.flatnonzero(chosen[:-1] & ~chosen[1:]) + 1
    pieces = [slice(cell_bounds[a], cell_bounds[b]) for a, b in zip(starts, stops, strict=True)]

    def take(values: np.ndarray) -> np.ndarray:
        return (
            values[pieces[0]] if len(pieces) == 1 else np.concatenate([values[p] for p in pieces])
        )

    term = take(tc.cell_term)
    share = take(tc.cell_part_size) / max(tc.group_size[groups].sum(), 1)
    rng = np.bincount(term, minlength=len(tc.terms))
    return rng, dp_from_cells(term, take(tc.cell_count), share, len(tc.terms), freq)


def _compare(tc, target, reference, *, min_freq, measure, correction, alpha, alpha0, sm_n):
    a = tc.group_counts[:, target].sum(axis=1)
    b = tc.group_counts[:, reference].sum(axis=1)
    c, d = int(tc.group_size[target].sum()), int(tc.group_size[reference].sum())
    labels = [str(g) for g, size in zip(tc.groups, tc.group_size, strict=True) if size > 0]
    for size, side in ((c, target), (d, reference)):
        if size == 0:
            names = ", ".join(str(tc.groups[i]) for i in side)
            raise CorpusError(
                f"no words left for {names} after the filters {tc.settings}; "
                f"groups with words: {', '.join(labels)}"
            )
    keep = (a + b) >= min_freq
    out = keyness_measures(a[keep], b[keep], c, d, alpha0=alpha0, sm_n=sm_n)
    range_t, dp_t = _side(tc, target, a)
    range_r, dp_r = _side(tc, reference, b)
    out.insert(0, "term", tc.labels[keep])
    out.insert(1, "freq_target", a[keep])
    out.insert(2, "freq_reference", b[keep])
    out.insert(3, "size_target", np.full(keep.sum(), c, dtype=np.int64))
    out.insert(4, "size_reference", np.full(keep.sum(), d, dtype=np.int64))
    out["p_adjusted"] = _adjust(out["p_value"].to_numpy(), correction)
    out["range_target"], out["range_reference"] = range_t[keep], range_r[keep]
    out["dp_target"], out["dp_reference"] = dp_t[keep], dp_r[keep]
    out["significant"] = out["p_adjusted"].to_numpy() <= alpha
    out = out[COLUMNS]
    rank = out["direction"].cat.codes.to_numpy()
    value = out[measure].to_numpy()
    strength = value if measure == "bic" else np.where(rank == 1, -value, value)
    order = np.lexsort((tc.rank[keep], -strength, rank))
    return out.iloc[order].reset_index(drop=True)


@_doc
def keyness(
    tokens: pd.DataFrame,
    *,
    by: str = "period",
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    unit: str = "lemma",
    pos: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = "government",
    words_only: bool = True,
    min_freq: int = 3,
    measure: str = "log_likelihood",
    correction: str = "bh",
    alpha: float = 0.05,
    alpha0: float = 1000.0,
    sm_n: float = 1.0,
) -> pd.DataFrame:
    """Key terms of ``target`` against ``reference``: effect size, significance, dispersion.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).
    target : value or list of values of ``by``
        The group(s) whose key terms are sought.
    reference : value or list of values of ``by``, optional
        The group(s) compared against; ``None`` (default) means all other groups.
    {params}

    Returns
    -------
    pandas.DataFrame
        One row per tested term with the fixed columns ``term``, ``freq_target``,
        ``freq_reference``, ``size_target``, ``size_reference``, ``norm_target``,
        ``norm_reference`` (per 10,000 words), ``log_likelihood`` (signed 4-cell G²),
        ``ll_2term``, ``p_value``, ``p_adjusted``, ``log_ratio``, ``perc_diff``, ``bic``,
        ``simple_maths``, ``log_odds_z`` (formulas: :func:`keyness_measures`),
        ``range_target``, ``range_reference`` (number of documents with the term),
        ``dp_target``, ``dp_reference`` (Gries' DP over those documents, 0 = even, → 1 =
        concentrated, ``NaN`` if absent; :func:`discourse.analysis.dispersion.dp`), ``direction``
        and ``significant``. ``attrs`` carry the pipeline and these arguments
        (:func:`discourse.provenance.provenance`).

    Raises
    ------
    CorpusError
        Unknown column, group, unit, UPOS tag, role, measure or correction (the message
        lists the valid values), overlapping target and reference, or a side without words.

    Examples
    --------
    >>> kt = keyness(tokens, target="Veldkamp", pos=["NOUN", "ADJ", "VERB"])  # doctest: +SKIP
    >>> kt.query("significant and direction == 'target'").head(10)  # doctest: +SKIP
    """
    tc, options, params = _prepare(
        tokens,
        by=by,
        unit=unit,
        pos=pos,
        role=role,
        words_only=words_only,
        min_freq=min_freq,
        measure=measure,
        correction=correction,
        alpha=alpha,
        alpha0=alpha0,
        sm_n=sm_n,
    )
    t_idx = _resolve(tc.groups, target, by=by, what="target")
    if not t_idx:
        raise CorpusError("target must name at least one group")
    if reference is None:
        r_idx = [i for i in range(len(tc.groups)) if i not in t_idx and tc.group_size[i] > 0]
    else:
        r_idx = _resolve(tc.groups, reference, by=by, what="reference")
    overlap = set(t_idx) & set(r_idx)
    if overlap:
        raise CorpusError(
            f"{', '.join(str(tc.groups[i]) for i in overlap)} is both target and reference"
        )
    out = _compare(tc, t_idx, r_idx, **options)
    return with_provenance(
        out,
        tokens,
        by=by,
        target=[str(tc.groups[i]) for i in t_idx],
        reference=[str(tc.groups[i]) for i in r_idx],
        **params,
    )


@_doc
def keyness_table(
    tokens: pd.DataFrame,
    *,
    by: str = "period",
    unit: str = "lemma",
    pos: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = "government",
    words_only: bool = True,
    min_freq: int = 3,
    measure: str = "log_likelihood",
    correction: str = "bh",
    alpha: float = 0.05,
    alpha0: float = 1000.0,
    sm_n: float = 1.0,
) -> pd.DataFrame:
    """One-vs-rest keyness for every group of ``by``, as one long tidy table.

    Each group with words is the target once, against all other groups together. The
    multiple-comparison correction is applied per group (each comparison is its own family,
    as if :func:`keyness` were called per group). Counting happens once.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table (``docs/design.md``).
    {params}

    Returns
    -------
    pandas.DataFrame
        A ``group`` column (categorical, in group order) followed by the columns of
        :func:`keyness`; rows ordered by group, then as in :func:`keyness`.

    Examples
    --------
    >>> table = keyness_table(tokens, by="period")  # doctest: +SKIP
    >>> plot_keyness_heatmap(table, top=10)  # doctest: +SKIP
    """
    tc, options, params = _prepare(
        tokens,
        by=by,
        unit=unit,
        pos=pos,
        role=role,
        words_only=words_only,
        min_freq=min_freq,
        measure=measure,
        correction=correction,
        alpha=alpha,
        alpha0=alpha0,
        sm_n=sm_n,
    )
    present = [i for i in range(len(tc.groups)) if tc.group_size[i] > 0]
    if len(present) < 2:
        raise CorpusError(
            f"keyness_table needs at least two groups of {by!r} with words after the "
            f"filters {tc.settings}; found: {', '.join(str(tc.groups[i]) for i in present)}"
        )
    groups = pd.CategoricalDtype([str(tc.groups[i]) for i in present])
    parts = []
    for i in present:
        part = _compare(tc, [i], [j for j in present if j != i], **options)
        code = np.full(len(part), len(parts), dtype=np.int32)
        part.insert(0, "group", pd.Categorical.from_codes(code, dtype=groups))
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return with_provenance(out, tokens, by=by, **params)
