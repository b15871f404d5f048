"""Permutation tests over documents: is a difference between groups more than the documents?

A token-level test (G², a bootstrap over sentences) treats every word or sentence as an
independent draw; when a period holds one or three letters, the letters are the units.
The test here permutes the group labels **over documents** (Fisher 1935; Good 2005):

* each document ``i`` has a value ``r_i`` — a term's rate per 10,000 words, a mean
  polarity, a dictionary rate — and ``k`` of the ``n`` documents are the target;
* the statistic is the **difference of means** ``T = mean(r | target) − mean(r | rest)``;
* **exact** when the ``C(n, k)`` assignments of the target label to ``k`` documents number
  at most ``max_exact``: two-sided ``p = #{|T*| ≥ |T_obs|} / C(n, k)``, the observed
  assignment included, so the smallest achievable p is ``1 / C(n, k)`` (``2 / C(n, k)``
  when ``k = n − k``: an assignment and its complement give the same ``|T|``); one
  document against four can never give p < 0.20, two against three never p < 0.10;
* else **Monte Carlo** with ``n_resamples`` random assignments (seeded):
  ``p = (1 + b) / (1 + B)`` (Phipson & Smyth 2010), never 0, smallest ``1 / (1 + B)``;
* with ``stop_after=h`` (the keyness terms: :data:`STOP_AFTER`), **sequential Monte Carlo**
  (Besag & Clifford 1991): a column stops at the ``L``-th assignment that gives its
  ``h``-th exceedance, with ``p = h / L``; a column that never reaches ``h`` in the ``B``
  assignments keeps ``(1 + b) / (1 + B)`` — exactly the p of the full run, the same
  assignments in the same order. Both are valid p-values (P(p ≤ α) ≤ α under the null);
  only clearly non-significant columns stop early (``p ≥ h / B``), which is what makes the
  test of thousands of terms over hundreds of documents affordable.

:func:`difference_pvalues` tests many value columns at once (the keyness terms: one
indicator matrix of assignments times the document × term rate matrix gives every
statistic); :func:`permutation_test` is the public test of a per-document table (e.g.
:func:`discourse.sentiment_per_document`). Formulas and check values:
``shared/docs/statistics.md`` §G1. The p-values equal a brute-force enumeration with
:func:`itertools.combinations` and ``scipy.stats.permutation_test(…,
permutation_type="independent")`` with the statistic ``|T|`` and ``alternative="greater"``
(scipy's own two-sided p is twice the smaller one-sided p, a different definition).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from discourse._validate import Column, Groups, Interval, Table, validate_params
from discourse.analysis.counts import TermCounts, _listify
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = [
    "MAX_EXACT",
    "N_RESAMPLES",
    "STOP_AFTER",
    "DocTest",
    "difference_pvalues",
    "permutation_test",
    "term_pvalues",
]

#: Enumerate every assignment up to this many, else sample (Monte Carlo).
MAX_EXACT = 20_000
#: Random assignments of the Monte Carlo test (p ≥ 1 / (1 + N_RESAMPLES) = 0.0001).
N_RESAMPLES = 9_999
#: Exceedances after which a keyness term's sequential Monte Carlo test stops (Besag &
#: Clifford 1991 use 10-20): its p is then ``STOP_AFTER / L`` ≥ 0.002, known to ±22 %.
STOP_AFTER = 20
_FIRST_BLOCK = 32  # assignments of the first sequential block (then doubling)
_CELLS = 4_000_000  # statistics computed per block of assignments (memory ≈ 32 MB)


@dataclass(frozen=True)
class DocTest:
    """Result of :func:`difference_pvalues`: arrays over the tested columns.

    ``statistic`` (difference of means, target − rest), ``p_value``; scalars ``p_min``
    (the smallest p the design can give), ``n_assignments`` (enumerated or sampled) and
    ``method`` (``"exact"`` or ``"monte carlo"``).
    """

    statistic: np.ndarray
    p_value: np.ndarray
    p_min: float
    n_assignments: int
    method: str


def assignments(
    n: int, k: int, *, max_exact: int = MAX_EXACT, n_resamples: int = N_RESAMPLES, seed: int = 0
) -> tuple[np.ndarray, bool]:
    """Indicator matrix (assignments × n) of the target label, and whether it is exact.

    Exact: every ``k``-subset of ``range(n)`` once, in :func:`itertools.combinations`
    order (the observed one among them). Else ``n_resamples`` uniformly random subsets
    from ``numpy.random.default_rng(seed)`` (the observed one not added).
    """
    total = math.comb(n, k)
    if total <= max_exact:
        chosen = np.fromiter(
            itertools.chain.from_iterable(itertools.combinations(range(n), k)),
            dtype=np.int64,
            count=total * k,
        ).reshape(total, k)
        exact, rows = True, total
    else:
        return next(_random_blocks(n, k, [n_resamples], seed)), False
    out = np.zeros((rows, n), dtype=bool)
    np.put_along_axis(out, chosen, True, axis=1)
    return out, exact


def _random_blocks(n: int, k: int, sizes, seed: int):
    """Blocks of the random assignments of :func:`assignments`, in the same order: the
    generator's stream is consumed row by row, so blocks of any sizes give the same rows."""
    rng = np.random.default_rng(seed)
    for rows in sizes:
        u = rng.random((rows, n))  # each row's k smallest draws are its target documents
        yield u <= np.partition(u, k - 1, axis=1)[:, k - 1 : k]


def difference_pvalues(
    values,
    in_target: np.ndarray,
    *,
    max_exact: int = MAX_EXACT,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
    stop_after: int | None = None,
) -> DocTest:
    """Two-sided permutation p of the difference of means, for every column of ``values``.

    Parameters
    ----------
    values : array-like or scipy.sparse array, (n_documents, n_columns)
        One row per document (finite values), one column per thing tested (a term, a
        dictionary category…).
    in_target : array of bool, (n_documents,)
        The observed labels; both groups need at least one document.
    max_exact, n_resamples, seed
        Exact enumeration up to ``max_exact`` assignments, else ``n_resamples`` random
        ones drawn with ``seed``.
    stop_after : int, optional
        Sequential Monte Carlo (Besag & Clifford 1991; not used when exact): a column
        stops at its ``stop_after``-th exceedance (module notes).

    Returns
    -------
    DocTest

    Notes
    -----
    With ``M`` the indicator matrix of assignments and ``s`` the column sums, every
    statistic is ``T* = (M @ values)·(1/k + 1/(n−k)) − s/(n−k)``, computed in blocks.
    Ties: ``|T*|`` counts as ``≥ |T_obs|`` within ``1e-9 × max |value|`` of the column,
    so rounding never splits documents with equal values.
    """
    in_target = np.asarray(in_target, dtype=bool)
    n, k = len(in_target), int(in_target.sum())
    if k == 0 or k == n:
        raise CorpusError(
            f"a permutation test over documents needs documents on both sides; got {k} "
            f"target and {n - k} reference document(s)"
        )
    sparse = sp.issparse(values)
    values = sp.csr_array(values, dtype=float) if sparse else np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    total = np.asarray(values.sum(axis=0)).ravel()
    scale, shift = 1 / k + 1 / (n - k), total / (n - k)
    observed = np.asarray(in_target.astype(float) @ values).ravel() * scale - shift
    biggest = abs(values).max(axis=0)
    tol = 1e-9 * (biggest.toarray().ravel() if sparse else np.asarray(biggest).ravel())
    bar = np.abs(observed) - tol
    if stop_after is not None and math.comb(n, k) > max_exact:
        p = _sequential(values, (n, k, n_resamples, seed), (scale, shift, bar), stop_after)
        return DocTest(
            observed,
            p,
            1 / (1 + n_resamples),
            n_resamples,
            f"monte carlo, sequential (h = {stop_after})",
        )
    design, exact = assignments(n, k, max_exact=max_exact, n_resamples=n_resamples, seed=seed)
    hits = np.zeros(values.shape[1], dtype=np.int64)
    step = max(1, _CELLS // max(values.shape[1], 1))
    for start in range(0, len(design), step):
        block = design[start : start + step].astype(float)
        stats = np.asarray(block @ values) * scale - shift
        hits += (np.abs(stats) >= bar).sum(axis=0)
    if exact:
        p, p_min = hits / len(design), (2 if 2 * k == n else 1) / len(design)
    else:
        p, p_min = (1 + hits) / (1 + len(design)), 1 / (1 + len(design))
    method = "exact" if exact else "monte carlo"
    return DocTest(observed, np.minimum(p, 1.0), p_min, len(design), method)


def _sequential(values, design: tuple, stat: tuple, h: int) -> np.ndarray:
    """p of every column by sequential Monte Carlo: columns leave once they reach ``h``
    exceedances (``p = h / L``, ``L`` the assignment of the ``h``-th); the others get
    ``(1 + b) / (1 + B)`` after all ``B`` assignments. Blocks double from
    :data:`_FIRST_BLOCK` rows, most columns stop in the first ones."""
    n, k, total, seed = design
    scale, shift, bar = stat
    values = values.tocsc() if sp.issparse(values) else values
    n_cols = values.shape[1]
    p, hits, active = np.empty(n_cols), np.zeros(n_cols, np.int64), np.arange(n_cols)
    sizes, done = [], 0
    cap = max(_FIRST_BLOCK, _CELLS // max(n, n_cols))
    while done < total:  # block sizes: doubling, capped by the cells of one block
        sizes.append(min(_FIRST_BLOCK << len(sizes), total - done, cap))
        done += sizes[-1]
    start = 0
    for block in _random_blocks(n, k, sizes, seed):
        if not len(active):
            break
        stats = np.asarray(block.astype(float) @ values[:, active]) * scale - shift[active]
        seen = hits[active] + np.cumsum(np.abs(stats) >= bar[active], axis=0)
        stop = seen[-1] >= h
        first = np.argmax(seen[:, stop] >= h, axis=0)  # row of the h-th exceedance
        p[active[stop]] = h / (start + first + 1)
        hits[active] = seen[-1]
        active, start = active[~stop], start + len(block)
    p[active] = (1 + hits[active]) / (1 + total)
    return np.minimum(p, 1.0)


def term_pvalues(tc: TermCounts, target: list, reference: list, keep: np.ndarray):
    """Documents per side and the test over them of every kept term of a keyness comparison.

    The unit is a part of :class:`~discourse.analysis.counts.TermCounts` (a document's
    words in a group: the document itself when ``by`` is constant within documents); the
    values are the term's rates per 10,000 words of each part, the document-frequency view
    of keyness (Sketch Engine's keywords on document frequency; Egbert & Biber 2019's text
    dispersion keyness; Gries 2008 on dispersion). Returns ``(n_target, n_reference,
    DocTest)``.
    """
    in_t, in_r = np.isin(tc.part_group, target), np.isin(tc.part_group, reference)
    parts = np.flatnonzero(in_t | in_r)
    counts = tc.matrix()[np.flatnonzero(keep)][:, parts].T.tocsr()
    rates = counts.multiply(1e4 / tc.part_size[parts].astype(float)[:, None]).tocsr()
    test = difference_pvalues(rates, in_t[parts], stop_after=STOP_AFTER)
    return int(in_t.sum()), int(in_r.sum()), test


_COLUMNS = [
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


def _check_table(table: pd.DataFrame, value: list[str]) -> None:
    """Numeric value columns, at most one row per ``doc_id``."""
    for column in value:
        if not pd.api.types.is_numeric_dtype(table[column]) or table[column].dtype == bool:
            raise CorpusError(
                f"permutation_test(): value={column!r} is not a numeric column "
                f"(dtype {table[column].dtype}); give per-document numbers, e.g. "
                "'mean_polarity' of sentiment_per_document()"
            )
    if "doc_id" in table and table["doc_id"].duplicated().any():
        doc = table.loc[table["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise CorpusError(
            f"permutation_test(): the table has doc_id {doc!r} on "
            f"{int((table['doc_id'] == doc).sum())} rows; the test needs one row per "
            "document (e.g. sentiment_per_document(result), not sentiment(result))"
        )


@validate_params(
    table=Table(),
    value=Column(many=True),
    by=Column(),
    target=Groups(),
    reference=Groups(none=True, none_label="the rest"),
    max_exact=Interval(int, 1),
    n_resamples=Interval(int, 1),
    seed=Interval(int, 0),
)
def permutation_test(
    table: pd.DataFrame,
    *,
    value: str | Sequence[str],
    by: str = "period",
    target: Hashable | Sequence[Hashable],
    reference: Hashable | Sequence[Hashable] | None = None,
    max_exact: int = MAX_EXACT,
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
) -> pd.DataFrame:
    """Permutation test over documents: difference of mean per-document values.

    The documents (rows) of ``target`` are compared with those of ``reference`` by the
    difference of the means of ``value``; the p-value is the share of the assignments of
    the target label to as many documents whose ``|difference|`` is at least the observed
    one — all ``C(n, k)`` assignments when they number at most ``max_exact`` (exact;
    smallest p ``1 / C(n, k)``), else ``n_resamples`` random ones with ``seed`` (Monte
    Carlo, ``p = (1 + b) / (1 + B)``; Phipson & Smyth 2010). Two-sided. The module notes
    give the details; ``shared/docs/statistics.md`` §G1 the check values.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per document, e.g. :func:`discourse.sentiment_per_document` (rows with a
        missing value, such as documents without scored units, are left out of that
        value's test).
    value : str or list of str
        Numeric column(s) tested, each separately (e.g. ``"mean_polarity"``).
    by : str
        The group column.
    target : value or list of values of ``by``
        The group(s) studied.
    reference : value or list of values of ``by``, optional
        The group(s) compared against; ``None`` (default): every other document.
    max_exact : int
        Enumerate every assignment up to this many (default 20,000).
    n_resamples, seed : int
        Random assignments of the Monte Carlo test (default 9,999) and their seed.

    Returns
    -------
    pandas.DataFrame
        One row per ``value``: ``value``, ``n_target``, ``n_reference`` (documents),
        ``mean_target``, ``mean_reference``, ``statistic`` (= mean_target −
        mean_reference), ``p_value``, ``p_min`` (the smallest p this design can give: a
        p-value near it says as much as the design allows), ``n_assignments`` and
        ``method`` (``"exact"``/``"monte carlo"``). ``attrs["params"]`` names target,
        reference and the settings.

    Raises
    ------
    CorpusError
        Unknown column or group, a non-numeric ``value``, a ``doc_id`` on several rows,
        overlapping target and reference, or a side without documents.

    References
    ----------
    Fisher, R. A. (1935). *The Design of Experiments*, §21. Good, P. (2005).
    *Permutation, Parametric and Bootstrap Tests of Hypotheses* (3rd ed.), ch. 3.
    Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Statistical Applications in Genetics and Molecular Biology* 9(1), 39.
    Egbert, J. & Biber, D. (2019). Incorporating text dispersion into keyword analyses.
    *Corpora* 14(1), 77–104. Gries, S. Th. (2008). Dispersions and adjusted frequencies in
    corpora. *IJCL* 13(4), 403–437. Kilgarriff, A. et al. (2014). The Sketch Engine: ten
    years on. *Lexicography* 1, 7–36 (keywords on document frequency).

    Examples
    --------
    >>> docs = pd.DataFrame({"doc_id": list("abcde"), "period": ["A", "B", "B", "B", "B"],
    ...     "mean_polarity": [0.30, 0.10, 0.05, 0.12, 0.08]})
    >>> res = permutation_test(docs, value="mean_polarity", target="A")
    >>> res[["n_target", "n_reference", "p_value", "p_min", "method"]].values.tolist()
    [[1, 4, 0.2, 0.2, 'exact']]
    """
    columns = [value] if isinstance(value, str) else list(value)
    _check_table(table, columns)
    label = table[by].astype(str)
    targets = [str(t) for t in _listify(target)]
    if reference is None:
        refs = [g for g in pd.unique(label[table[by].notna()]) if g not in targets]
    else:
        refs = [str(r) for r in _listify(reference)]
    if set(targets) & set(refs):
        raise CorpusError(
            f"permutation_test(): target={target!r} and reference={reference!r} share "
            f"{sorted(set(targets) & set(refs))}; a group is either studied or compared against"
        )
    rows = []
    for column in columns:
        x = table[column].to_numpy(dtype=float)
        in_t, in_r = label.isin(targets).to_numpy(), label.isin(refs).to_numpy()
        use = (in_t | in_r) & np.isfinite(x)
        if not (in_t & use).any() or not (in_r & use).any():
            raise CorpusError(
                f"permutation_test(): value={column!r} has {int((in_t & use).sum())} target "
                f"and {int((in_r & use).sum())} reference document(s) with a value; the "
                "test needs at least one on each side"
            )
        res = difference_pvalues(
            x[use], in_t[use], max_exact=max_exact, n_resamples=n_resamples, seed=seed
        )
        xt, xr = x[use & in_t], x[use & in_r]
        rows.append(
            (column, len(xt), len(xr), xt.mean(), xr.mean(), res.statistic[0], res.p_value[0])
            + (res.p_min, res.n_assignments, res.method)
        )
    out = pd.DataFrame(rows, columns=_COLUMNS)
    params = dict(table.attrs.get("params", {}))
    params.update(by=by, target=targets, reference=refs, statistic="difference of means")
    params.update(max_exact=max_exact, n_resamples=n_resamples, seed=seed)
    return with_provenance(out, table, **params)
