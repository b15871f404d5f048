"""Keyness: which terms distinguish one group of letters (a period, a cabinet…) from others.

:func:`keyness` compares a target with a reference; :func:`keyness_table` runs
one-vs-rest for every group in one long table. Both count once per (token table, grouping,
unit, filters) with :func:`~discourse.analysis.counts.term_counts` —
integer term codes counted with NumPy, cached — and compute the statistics on the small
term × group table, so changing the target, the measure or the thresholds costs
milliseconds. :func:`~discourse.analysis.measures.keyness_measures` holds the formulas and
works on any counts (e.g. aggregated on Dask).

Notation and verified values: ``shared/docs/statistics.md`` §A, §B (measures) and §D
(dispersion): ``a``/``b`` the term's frequency in target/reference, ``c``/``d`` their sizes
in tokens, ``N = c + d``.

**What is counted** (``words_only=True``, the default): a token is a *word* unless
``is_punct`` is true, its ``upos`` is ``PUNCT``, ``SYM``, ``NUM`` or ``SPACE``, or its
term (lemma / lower / text) contains no letter (``"2024"``, ``"§"``, ``"--"``). So numerals
(``"2024"`` and ``"twee"`` alike) are excluded, while ``"covid-19"`` or ``"EU-landen"``
stay. Tokens with a missing term or group are dropped. The sizes ``c`` and ``d`` count the
words of each side; ``pos=`` restricts which terms are *tested*, not the sizes, so the
rates ``per_10k_target`` / ``per_10k_reference`` stay "per 10,000 words".

**Two levels**: ``p_value``/``significant`` test tokens; ``p_doc`` tests documents (a
permutation test of per-document rates, :mod:`~discourse.analysis.permutation`), with
``p_doc_min`` the smallest p the number of documents allows. A term key at the token level
only may rest on one long document.

**Whose words**: ``role="government"`` (the default) counts the cabinet's own voice only;
``role=None`` counts every voice. The role is recorded in ``attrs["params"]``.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from discourse._docstrings import fill_doc
from discourse._validate import Column, Groups, Interval, Options, validate_params
from discourse.analysis.counts import (
    COUNTING,
    TermCounts,
    _listify,
    term_counts,
)
from discourse.analysis.dispersion import dp_from_cells
from discourse.analysis.measures import CORRECTIONS, MEASURES, keyness_frame, rank_keyness
from discourse.analysis.permutation import term_pvalues
from discourse.analysis.reference import GENERAL, GeneralOrGroups, general_keyness
from discourse.errors import CorpusError
from discourse.provenance import with_documents, with_provenance

__all__ = ["keyness", "keyness_table"]

#: The columns of a keyness result, in order.
COLUMNS = """
    term freq_target freq_reference size_target size_reference per_10k_target
    per_10k_reference log_likelihood ll_2term p_value p_adjusted log_ratio log_ratio_low
    log_ratio_high log_ratio_min perc_diff bic simple_maths log_odds_z range_target
    range_reference dp_target dp_reference n_docs_target n_docs_reference p_doc p_doc_min
    direction significant
""".split()

#: The constraints of the arguments :func:`keyness` and :func:`keyness_table` share.
OPTIONS = dict(
    COUNTING,
    min_freq=Interval(int, 1),
    measure=Options(*MEASURES),
    correction=Options(*CORRECTIONS),
    alpha=Interval(float, 0, 1, closed="neither"),
    alpha0=Interval(float, 0, closed="neither"),
    sm_n=Interval(float, 0, closed="neither"),
)

# --- comparisons -----------------------------------------------------------------------------


def _resolve(labels: list, wanted: Any) -> list[int]:
    """Indices of the ``wanted`` groups (validated by :class:`~discourse._validate.Groups`)."""
    out = []
    for value in _listify(wanted) or ():
        matches = [i for i, g in enumerate(labels) if g == value]
        out.append((matches or [i for i, g in enumerate(labels) if str(g) == str(value)])[0])
    return out


def _sides(tc: TermCounts, target: Any, reference: Any, *, by: str) -> tuple[list, list]:
    """Group indices of the target and the reference (``None``: every other group)."""
    t_idx = _resolve(tc.groups, target)
    if reference is None:
        r_idx = [i for i in range(len(tc.groups)) if i not in t_idx and tc.group_size[i] > 0]
        if not r_idx:
            with_words = [str(g) for g, n in zip(tc.groups, tc.group_size, strict=True) if n > 0]
            raise CorpusError(
                f"keyness(): reference=None (every group of {by!r} but the target) is "
                f"empty: after the filters {tc.settings} only "
                f"{', '.join(map(repr, with_words)) or 'no group'} of {by!r} has words; "
                f"keyness compares the target with at least one other group of {by!r}: "
                "give a table with two or more groups, another by=, or other filters"
            )
    else:
        r_idx = _resolve(tc.groups, reference)
    overlap = sorted(set(t_idx) & set(r_idx))
    if overlap:
        raise CorpusError(
            f"keyness(): target={target!r} and reference={reference!r} share "
            f"{', '.join(repr(str(tc.groups[i])) for i in overlap)}; a group of {by!r} "
            "is either studied or compared against"
        )
    return t_idx, r_idx


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
    """Count for :func:`keyness` and :func:`keyness_table` (arguments already validated).

    Returns the (cached) counts, the options of :func:`_compare` and the parameters
    recorded as provenance.
    """
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


def _doc_test(tc: TermCounts, target: list, reference: list, keep: np.ndarray) -> tuple:
    """Documents per side, ``p_doc`` of the ``keep`` terms and ``p_doc_min``, remembered
    with the (cached) counts per comparison, so that a new measure, correction or
    ``alpha`` — or a ``min_freq`` that adds terms — does not repeat the permutation test
    for the terms already tested. A term's p depends only on its own column and the
    assignments (drawn from the sides' sizes), so testing it alone gives the same p."""
    key = ("p_doc", tuple(target), tuple(reference))
    if key not in tc.memo:
        tc.memo[key] = [0, 0, np.full(len(tc.terms), np.nan), np.zeros(len(tc.terms), bool), 0.0]
    memo = tc.memo[key]
    missing = keep & ~memo[3]
    if missing.any():
        memo[0], memo[1], test = term_pvalues(tc, target, reference, missing)
        memo[2][missing], memo[3][missing], memo[4] = test.p_value, True, test.p_min
    return memo[0], memo[1], memo[2][keep], memo[4]


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
    measures = dict(correction=correction, alpha0=alpha0, sm_n=sm_n, alpha=alpha)
    out = keyness_frame(tc.labels[keep], a[keep], b[keep], c, d, **measures)
    range_t, dp_t = _side(tc, target, a)
    range_r, dp_r = _side(tc, reference, b)
    out["range_target"], out["range_reference"] = range_t[keep], range_r[keep]
    out["dp_target"], out["dp_reference"] = dp_t[keep], dp_r[keep]
    out["n_docs_target"], out["n_docs_reference"], p_doc, p_min = _doc_test(
        tc, target, reference, keep
    )
    out["p_doc"], out["p_doc_min"] = p_doc, p_min
    out["significant"] = out["p_adjusted"].to_numpy() <= alpha
    return rank_keyness(out[COLUMNS], measure, tc.rank[keep])


_PARAMS_DOC = """\
    %(by)s
    %(unit_counts)s
    %(pos)s
        Terms with other tags are not tested; sizes still count all words. For n-grams
        every word must match.
    %(role)s
    %(words_only)s
    min_freq : int
        Test only terms with ``a + b ≥ min_freq`` (≥ 1); these form the family of the
        multiple-comparison correction.
    %(measure_keyness)s
    %(correction)s
    %(alpha)s
    %(alpha0_sm_n)s"""


def _params_doc(func):
    """Insert the parameters :func:`keyness` and :func:`keyness_table` share, then fill."""
    func.__doc__ = func.__doc__.replace("    {params}", _PARAMS_DOC)
    return fill_doc(func)


@validate_params(
    **OPTIONS, target=Groups(), reference=GeneralOrGroups(none=True, none_label="the rest")
)
@_params_doc
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
    %(tokens)s
    %(target)s
    %(reference)s
        ``"nl-general"``: general Dutch, wordfreq's list as counts in 10⁹ words (Speer
        2022; ``unit="lower"``; caveats, licences: :mod:`~discourse.analysis.reference`).
    {params}

    Returns
    -------
    pandas.DataFrame
        One row per tested term with the fixed columns ``term``, ``freq_target``,
        ``freq_reference``, ``size_target``, ``size_reference``, ``per_10k_target``,
        ``per_10k_reference`` (frequency per 10,000 words of the side),
        ``log_likelihood`` (signed 4-cell G²), ``ll_2term``, ``p_value``, ``p_adjusted``,
        ``log_ratio``, ``perc_diff``, ``bic``, ``simple_maths``, ``log_odds_z`` (formulas:
        :func:`keyness_measures`), ``range_target``, ``range_reference`` (number of
        documents with the term), ``dp_target``, ``dp_reference`` (Gries' DP over those
        documents, 0 = even, → 1 = concentrated, ``NaN`` if absent;
        :func:`discourse.analysis.dispersion.dp`), ``n_docs_target``,
        ``n_docs_reference`` (documents per side), ``p_doc`` (permutation test over
        documents of the term's rate per 10,000 words, difference of means, exact or
        sequential Monte Carlo: :mod:`discourse.analysis.permutation`) and ``p_doc_min`` (the
        smallest ``p_doc`` the design allows, ``1/C(n, k)``: one document against four
        never goes below 0.20), ``direction`` and ``significant`` (token level).
        ``log_ratio_low``, ``log_ratio_high`` and ``log_ratio_min`` follow ``log_ratio``:
        its ``1 − alpha`` Wald interval and the conservative Log Ratio of CQPweb (the
        bound nearer 0, 0 when the interval spans 0; a ``measure`` to rank by).
        ``attrs`` carry the pipeline, these arguments (``role`` included) and the
        documents per compared group with words after the filters (``"documents"``,
        printed by :func:`discourse.provenance.provenance`, so in every caption).

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
    if isinstance(reference, str) and reference == GENERAL:
        where = dict(tokens=tokens, by=by, params=params, side=_side, columns=COLUMNS)
        return general_keyness(tc, _resolve(tc.groups, target), **where, **options)
    t_idx, r_idx = _sides(tc, target, reference, by=by)
    out = _compare(tc, t_idx, r_idx, **options)
    with_provenance(
        out,
        tokens,
        by=by,
        target=[str(tc.groups[i]) for i in t_idx],
        reference=[str(tc.groups[i]) for i in r_idx],
        **params,
    )
    return with_documents(out, tc.documents(sorted(t_idx + r_idx)))


@validate_params(**{**OPTIONS, "by": Column(exclude=tuple(COLUMNS))})
@_params_doc
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
    %(tokens)s
    {params}

    Returns
    -------
    pandas.DataFrame
        The group column, named after ``by`` (e.g. ``period``; categorical, in group order),
        followed by the columns of :func:`keyness`; rows ordered by group, then as in
        :func:`keyness`. ``n_docs_target`` is the group's number of documents,
        ``n_docs_reference`` that of the rest; ``attrs["documents"]`` has every group's.

    Examples
    --------
    >>> table = keyness_table(tokens, by="period")  # doctest: +SKIP
    >>> table[table["period"] == "Schoof"].head()  # doctest: +SKIP
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
        part.insert(0, by, pd.Categorical.from_codes(code, dtype=groups))
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    with_provenance(out, tokens, by=by, **params)
    return with_documents(out, tc.documents(present))
