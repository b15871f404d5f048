"""Dispersion of terms over corpus parts: range, Gries' DP, DPnorm and Juilland's D.

All functions take a **term × part** count matrix (rows are terms, columns are corpus
parts such as documents) as a NumPy array or any ``scipy.sparse`` matrix, and optional
part sizes in tokens. Sparse input is never densified: every measure is computed from the
non-zero cells only, so the cost is linear in the number of (term, part) pairs that occur.

Notation (``shared/docs/statistics.md`` §D): ``n`` parts; ``v_i`` the term's frequency in part
``i``; ``f = Σ v_i``; ``s_i`` part ``i``'s size divided by the corpus size.

A term that never occurs (``f = 0``) has range 0 and ``NaN`` for DP, DPnorm and D, which
are undefined for it. Over **one part** (a group of one document, when the parts are
documents) dispersion is undefined too: DP, DPnorm and D are ``NaN``, not 0 ("perfectly
even"), as there is nothing to be spread over (§D: every measure compares ``n ≥ 2`` parts).
Range stays defined (0 or 1 of 1 part). For DP, a part of size 0 does not count.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from discourse._validate import Instance, validate_params
from discourse.errors import CorpusError

__all__ = ["dispersion", "dp", "dp_from_cells", "dp_norm", "juilland_d", "part_range"]

ArrayLike = Any  # numpy array, nested list or scipy.sparse matrix
#: A part whose share ``s_i`` reaches this is the only part of non-zero size (the share of
#: a lone part is ``size / size`` = 1 exactly; the margin only absorbs rounding).
ONE_PART = 1.0 - 1e-12

_ARRAY = (np.ndarray, list, tuple, pd.Series, pd.Index)
#: The constraints of every measure: a count matrix and optional part sizes.
MATRIX = dict(
    counts=Instance(
        *_ARRAY, pd.DataFrame, sp.sparray, sp.spmatrix, label="a term × part count matrix"
    ),
    sizes=Instance(
        *_ARRAY, none=True, label="part sizes (array-like)", none_label="the column sums"
    ),
)


def _cells(
    counts: ArrayLike, func: str = "dp"
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]:
    """Return ``(row, col, value, shape)`` of the non-zero cells of a 2-D count matrix."""
    if sp.issparse(counts):
        coo = sp.coo_array(counts)
        coo.sum_duplicates()
        keep = coo.data != 0
        return coo.row[keep], coo.col[keep], coo.data[keep].astype(float), coo.shape
    arr = np.asarray(counts, dtype=float)
    if arr.ndim == 1:
        arr = arr[np.newaxis, :]
    if arr.ndim != 2:
        raise CorpusError(f"{func}(): counts must be 1-D or 2-D (terms × parts), got {arr.ndim}-D")
    if (arr < 0).any():
        raise CorpusError(f"{func}(): counts must be non-negative")
    row, col = np.nonzero(arr)
    return row, col, arr[row, col], arr.shape


def _shares(sizes: ArrayLike | None, col_sums: np.ndarray, func: str = "dp") -> np.ndarray:
    """Part sizes as proportions ``s_i`` (defaults to the column sums of the matrix)."""
    size = col_sums if sizes is None else np.asarray(sizes, dtype=float).ravel()
    if size.shape != col_sums.shape:
        raise CorpusError(
            f"{func}(): sizes has {size.size} entries but counts has {col_sums.size} parts"
        )
    if (size < 0).any() or size.sum() <= 0:
        raise CorpusError(f"{func}(): sizes must be non-negative with a positive total")
    return size / size.sum()


def _column_sums(col: np.ndarray, val: np.ndarray, n_parts: int) -> np.ndarray:
    return np.bincount(col, weights=val, minlength=n_parts)


@validate_params(counts=MATRIX["counts"])
def part_range(counts: ArrayLike) -> np.ndarray:
    """Range: the number of parts in which each term occurs (Keniston 1920).

    ``range = #{i : v_i > 0}``; divide by the number of parts for relative range
    (``shared/docs/statistics.md`` §D1; tlda ``disp_R``).

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (n_terms, n_parts)

    Returns
    -------
    numpy.ndarray of int64, shape (n_terms,)

    Examples
    --------
    >>> part_range([[2, 0, 1], [0, 0, 4]]).tolist()
    [2, 1]
    """
    row, _, _, shape = _cells(counts, "part_range")
    return np.bincount(row, minlength=shape[0]).astype(np.int64)


@validate_params(**MATRIX)
def dp(counts: ArrayLike, sizes: ArrayLike | None = None) -> np.ndarray:
    """Gries' deviation of proportions, DP (Gries 2008, p. 415).

    .. math:: DP = \\tfrac12 \\sum_i \\left| v_i / f - s_i \\right|

    0 means the term is spread exactly like the part sizes; values near 1 mean it is
    concentrated in few small parts. Computed from the non-zero cells only, using
    ``Σ_i |v_i/f − s_i| = Σ_{v_i>0} (|v_i/f − s_i| − s_i) + 1``.

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (n_terms, n_parts)
    sizes : array-like, shape (n_parts,), optional
        Part sizes in tokens; default: the column sums of ``counts`` (only right when the
        matrix holds every token of every part).

    Returns
    -------
    numpy.ndarray of float, shape (n_terms,); ``NaN`` where ``f = 0`` or where all words
    are in one part (one part of non-zero size: dispersion is undefined).

    References
    ----------
    Gries, S. Th. 2008. Dispersions and adjusted frequencies in corpora. *IJCL* 13(4):
    403–437. Checked against Gries' Table 1 (DP = 1/3) and Lyne's ALLEMAND as given in the
    tlda README (DP = 0.49907), see ``shared/docs/statistics.md`` §D3.

    Examples
    --------
    >>> float(dp([[2, 1, 0]], sizes=[10, 10, 10]).round(6)[0])
    0.333333
    """
    row, col, val, (n_terms, n_parts) = _cells(counts, "dp")
    share = _shares(sizes, _column_sums(col, val, n_parts), "dp")
    return dp_from_cells(row, val, share[col], n_terms)


def dp_from_cells(
    term: np.ndarray,
    count: np.ndarray,
    share: np.ndarray,
    n_terms: int,
    freq: np.ndarray | None = None,
) -> np.ndarray:
    """Gries' DP from the non-zero cells of a term × part table (the workhorse of :func:`dp`).

    Parameters
    ----------
    term : numpy.ndarray of int, shape (n_cells,)
        Term index of each non-zero cell.
    count : numpy.ndarray, shape (n_cells,)
        The cell's frequency ``v_i > 0``.
    share : numpy.ndarray, shape (n_cells,)
        ``s_i`` of the cell's part: its size divided by the size of all parts considered.
    n_terms : int
    freq : numpy.ndarray, shape (n_terms,), optional
        Each term's total ``f`` over these cells, if already known (saves one pass).

    Returns
    -------
    numpy.ndarray of float, shape (n_terms,); ``NaN`` for terms without cells and for terms
    whose only cell is a part with share 1 — the only part of non-zero size, over which
    dispersion is undefined (a one-document group).
    """
    f = np.bincount(term, weights=count, minlength=n_terms) if freq is None else freq
    with np.errstate(invalid="ignore", divide="ignore"):
        dev = count / f[term]
    dev -= share
    np.abs(dev, out=dev)
    dev -= share
    out = 0.5 * (np.bincount(term, weights=dev, minlength=n_terms) + 1.0)
    out[f == 0] = np.nan
    out[term[share >= ONE_PART]] = np.nan  # the term's part is the whole: only one part
    return np.clip(out, 0.0, 1.0)  # only removes rounding error; NaN stays NaN


@validate_params(**MATRIX)
def dp_norm(counts: ArrayLike, sizes: ArrayLike | None = None) -> np.ndarray:
    """DPnorm: DP scaled to reach 1 for maximal concentration (Lijffijt & Gries 2012).

    .. math:: DP_{norm} = DP / (1 - \\min_i s_i)

    For ``n`` equal parts the denominator is ``1 − 1/n``.

    References
    ----------
    Lijffijt, J. & Gries, S. Th. 2012. Correction to Stefan Th. Gries' "Dispersions and
    adjusted frequencies in corpora". *IJCL* 17(1): 147–149. ALLEMAND: 0.553548
    (``shared/docs/statistics.md`` §D3).

    Examples
    --------
    >>> float(dp_norm([[2, 1, 0]], sizes=[10, 10, 10])[0])
    0.5
    """
    row, col, val, (_, n_parts) = _cells(counts, "dp_norm")
    share = _shares(sizes, _column_sums(col, val, n_parts), "dp_norm")
    if n_parts < 2:
        return np.full(part_range(counts).shape, np.nan)
    return dp(counts, sizes) / (1.0 - share.min())


@validate_params(**MATRIX)
def juilland_d(counts: ArrayLike, sizes: ArrayLike | None = None) -> np.ndarray:
    """Juilland's D on per-part relative frequencies (Juilland & Chang-Rodriguez 1964).

    .. math:: D = 1 - \\frac{CV}{\\sqrt{n - 1}}, \\quad CV = \\sigma / \\mu
              \\text{ of } r_i = v_i / \\mathrm{size}_i

    with the population standard deviation (divisor ``n``), as in tlda ``disp()``.
    1 means perfectly even. Undefined (``NaN``) for ``n < 2`` parts or ``f = 0``.

    References
    ----------
    Juilland, A. & Chang-Rodriguez, E. 1964. *Frequency dictionary of Spanish words*.
    ALLEMAND: 0.6038797 in the tlda README (``shared/docs/statistics.md`` §D2).
    """
    row, col, val, (n_terms, n_parts) = _cells(counts, "juilland_d")
    size = (
        _column_sums(col, val, n_parts) if sizes is None else np.asarray(sizes, dtype=float).ravel()
    )
    _shares(size, _column_sums(col, val, n_parts), "juilland_d")  # validates shape and sign
    if (size[col] <= 0).any():
        raise CorpusError("juilland_d(): a part with size 0 contains tokens")
    r = val / size[col]
    mean = np.bincount(row, weights=r, minlength=n_terms) / n_parts
    mean_sq = np.bincount(row, weights=r * r, minlength=n_terms) / n_parts
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.maximum(mean_sq - mean * mean, 0.0))
        out = 1.0 - (sd / mean) / np.sqrt(n_parts - 1)
    out[mean == 0] = np.nan
    return out


@validate_params(
    **MATRIX,
    labels=Instance(*_ARRAY, none=True, label="term labels (array-like)", none_label="0 .. n-1"),
)
def dispersion(
    counts: ArrayLike,
    *,
    sizes: ArrayLike | None = None,
    labels: ArrayLike | None = None,
) -> pd.DataFrame:
    """All dispersion measures for each term, as a tidy table.

    Parameters
    ----------
    counts : array-like or scipy.sparse matrix, shape (n_terms, n_parts)
        Term × part frequencies.
    sizes : array-like, shape (n_parts,), optional
        Part sizes in tokens; default: the column sums of ``counts``.
    labels : array-like, shape (n_terms,), optional
        The ``term`` column (e.g. ``TermCounts.terms``); default ``0 .. n_terms-1``.

    Returns
    -------
    pandas.DataFrame
        Columns ``term``, ``freq``, ``range``, ``relative_range``, ``dp``, ``dp_norm``,
        ``juilland_d``; one row per term, in input order.

    Examples
    --------
    Lyne's ALLEMAND over ten parts (tlda README; ``shared/docs/statistics.md`` §D):

    >>> table = dispersion([[2, 0, 1, 1, 3, 0, 3, 0, 0, 0]],
    ...                    sizes=[8143, 8058, 8271, 8125, 7959, 7941, 8146, 8001, 8003, 7930],
    ...                    labels=["allemand"])
    >>> print(table.round(4).to_string(index=False))
        term  freq  range  relative_range     dp  dp_norm  juilland_d
    allemand    10      5             0.5 0.4991   0.5535      0.6039
    """
    row, col, val, (n_terms, n_parts) = _cells(counts, "dispersion")
    _shares(sizes, _column_sums(col, val, n_parts), "dispersion")  # errors named here
    rng = part_range(counts)
    freq = np.bincount(row, weights=val, minlength=n_terms)
    if np.array_equal(freq, np.rint(freq)):
        freq = freq.astype(np.int64)
    out = pd.DataFrame(
        {
            "term": np.arange(n_terms) if labels is None else np.asarray(labels),
            "freq": freq,
            "range": rng,
            "relative_range": rng / n_parts,
            "dp": dp(counts, sizes),
            "dp_norm": dp_norm(counts, sizes),
            "juilland_d": juilland_d(counts, sizes),
        }
    )
    return out
