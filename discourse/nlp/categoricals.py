"""Categoricals with sorted categories, built from Arrow dictionaries without per-row strings.

The token table's string columns are categoricals whose categories are sorted as Python
sorts strings, so grouping and sorting on them behave as on plain strings at about 2-4
bytes per token. The helpers here build them from Arrow dictionary arrays, from integer
codes or from a column of values, touching each distinct string once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "arrow_strings",
    "categorical_of",
    "codes_categorical",
    "lower_of",
    "sorted_categorical",
    "sorted_dictionary",
    "sorted_dtype",
    "used_categories",
]


def sorted_dtype(categories: pd.Index, ordered: bool = False) -> pd.CategoricalDtype:
    """CategoricalDtype of categories known to be unique (skips pandas' uniqueness check)."""
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    return (
        fast(categories, ordered) if fast is not None else pd.CategoricalDtype(categories, ordered)
    )


def arrow_strings(index: pd.Index) -> pa.Array:
    """The strings of ``index`` as one Arrow array (a pandas Arrow-backed index may be
    chunked, e.g. after ``union_categoricals``)."""
    values = pa.array(index.array)
    values = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    # an empty object index (pandas < 3) becomes Arrow's null type, which has no string kernels
    return values.cast(pa.string()) if pa.types.is_null(values.type) else values


def sorted_dictionary(dictionary: pa.Array) -> tuple[np.ndarray, pd.Index]:
    """Rank of every entry of a duplicate-free string array, and the sorted strings.

    Arrow sorts UTF-8 bytes, which is code-point order, i.e. Python's ``str`` order.
    """
    order = pc.sort_indices(dictionary).to_numpy()
    rank = np.empty(len(order), np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return rank, pd.Index(dictionary.take(pa.array(order)), dtype="str")


def categorical_of(names: pa.Array, codes: np.ndarray) -> pd.Categorical:
    """``names[codes]`` as a categorical with sorted categories (``names`` has no duplicates)."""
    rank, categories = sorted_dictionary(names)
    return pd.Categorical.from_codes(rank[codes], dtype=sorted_dtype(categories), validate=False)


def sorted_categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A categorical with sorted categories from a chunked dictionary array."""
    if column.num_chunks == 0:
        return pd.Categorical.from_codes(
            np.zeros(0, np.int32), dtype=sorted_dtype(pd.Index([], dtype="str"))
        )
    first = column.chunk(0).dictionary
    if any(not c.dictionary.equals(first) for c in column.chunks[1:]):  # else: slices of
        column = column.unify_dictionaries()  # one file share one dictionary already
    rank, categories = sorted_dictionary(column.chunk(0).dictionary)
    indices = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in column.chunks])
    if column.null_count:
        codes = np.append(rank, -1)[np.where(np.isnan(indices), -1, indices).astype(np.int64)]
    else:
        codes = rank[indices]
    return pd.Categorical.from_codes(codes, dtype=sorted_dtype(categories), validate=False)


def used_categories(cat: pd.Categorical) -> pd.Categorical:
    """``cat`` without unused categories (sorted order kept)."""
    used = np.bincount(cat.codes[cat.codes >= 0], minlength=len(cat.categories)) > 0
    if used.all():
        return cat
    new_code = np.append(np.cumsum(used) - 1, -1)  # code -1 (missing) stays -1
    categories = cat.categories[used]
    return pd.Categorical.from_codes(
        new_code[cat.codes], dtype=sorted_dtype(categories), validate=False
    )


def codes_categorical(values: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """``pd.Categorical(values.astype(str)[rows])`` (sorted categories), touching each
    distinct value once (values equal as strings, e.g. ``1`` and ``"1"``, are one)."""
    codes, uniq = pd.factorize(values, sort=False)
    names = [str(u) for u in uniq]
    distinct = sorted(set(names))
    position = {name: i for i, name in enumerate(distinct)}
    rank = np.array([position[name] for name in names] + [-1], np.int64)  # -1: missing
    dtype = sorted_dtype(pd.Index(distinct, dtype="str"))
    return pd.Categorical.from_codes(rank[codes][rows], dtype=dtype, validate=False)


def lower_of(text: pd.Categorical) -> pd.Categorical:
    """``text.str.lower()`` as a categorical, computed once per distinct form.

    ``str.lower`` is spaCy's ``LOWER`` lexical attribute, so this equals ``Token.lower_``.
    Arrow lower-cases the ASCII forms; Python's ``str.lower`` the others (Arrow's Unicode
    case mapping differs from Python's for a few characters, e.g. U+0130).
    """
    forms = arrow_strings(text.categories)
    lowered = pc.utf8_lower(forms)
    other = np.flatnonzero(~pc.string_is_ascii(forms).to_numpy(zero_copy_only=False))
    if len(other):
        fixed = [s.lower() for s in forms.take(pa.array(other)).to_pylist()]
        lowered = pc.replace_with_mask(
            lowered, _mask(len(forms), other), pa.array(fixed, lowered.type)
        )
    encoded = lowered.dictionary_encode()
    rank, categories = sorted_dictionary(encoded.dictionary)
    of_text = rank[encoded.indices.to_numpy()]
    codes = np.append(of_text, -1)[text.codes]
    return pd.Categorical.from_codes(codes, dtype=sorted_dtype(categories), validate=False)


def _mask(n: int, positions: np.ndarray) -> pa.Array:
    mask = np.zeros(n, bool)
    mask[positions] = True
    return pa.array(mask)
