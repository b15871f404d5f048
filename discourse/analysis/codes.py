"""Integer codes of token-table columns, computed once per table.

Every analysis works on integer codes — categorical codes as they are, other columns
factorised once per table with :func:`discourse._cache.cached` (the per-table cache every
analysis shares) — so strings are hashed, converted and matched once per *distinct* value,
never once per token.

* :func:`column_codes`: a column's codes and the values they index;
* :func:`string_codes`: codes over the distinct ``str`` values (case variants merged with
  ``lower=True``), what patterns are matched on;
* :func:`sorted_codes`: codes renumbered in sorted value order (groups in a stable order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from discourse._cache import cached

__all__ = ["column_codes", "flag", "isin", "sorted_codes", "string_codes"]


def column_codes(tokens: pd.DataFrame, name: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (``-1`` = missing) of a column and the values they index.

    Categorical columns give their codes and categories without copying; other columns are
    factorised once per table (cached), so a string column is hashed only once. Codes are
    the smallest integer type that fits (as for categoricals).
    """
    col = tokens[name]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy(), col.cat.categories

    def build() -> tuple[np.ndarray, pd.Index]:
        codes, uniques = pd.factorize(col, use_na_sentinel=True)
        n = len(uniques)
        dtype = np.int8 if n < 2**7 else np.int16 if n < 2**15 else np.int32
        return codes.astype(dtype), pd.Index(uniques)

    return cached(tokens, ("column_codes", name), [name], build)


def string_codes(
    tokens: pd.DataFrame, name: str, *, lower: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Codes over the distinct ``str`` values of a column (lower-cased with ``lower=True``).

    Built on :func:`column_codes`: the values are converted (and lower-cased) once per
    distinct value, never per token row, and values that become equal — case variants with
    ``lower=True`` — are merged into one code (the rows are then recoded once, as int32).
    Returns the codes (``-1`` = missing) and an object array of the distinct strings they
    index; cached per table.
    """

    def build() -> tuple[np.ndarray, np.ndarray]:
        codes, values = column_codes(tokens, name)
        values = pd.Index(values).astype("str")
        if lower:
            values = values.str.lower()
        remap, uniques = pd.factorize(values)
        if len(uniques) < len(values):  # values merged: recode, code -1 (missing) stays -1
            codes = np.append(remap, -1).astype(np.int32)[codes]
        return codes, np.asarray(uniques, dtype=object)

    return cached(tokens, ("string_codes", name, lower), [name], build)


def sorted_codes(
    tokens: pd.DataFrame, name: str, *, sort: bool = False, native: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`column_codes` with the values as an object array; ``sort=True`` renumbers
    the codes of a non-categorical column in sorted value order (cached per table).

    Codes are int64, or with ``native=True`` as :func:`column_codes` gives them.
    """
    codes, values = column_codes(tokens, name)
    if sort and not isinstance(tokens[name].dtype, pd.CategoricalDtype):

        def build() -> tuple[np.ndarray, np.ndarray]:
            remap, uniques = pd.factorize(values, sort=True)  # sorts the distinct values only
            return np.append(remap, -1)[codes], np.asarray(uniques, dtype=object)

        codes, values = cached(tokens, ("sorted_codes", name), [name], build)
    else:
        values = np.asarray(values, dtype=object)
    return (codes if native else codes.astype(np.int64, copy=False)), values


def isin(col: pd.Series, values: Sequence) -> np.ndarray:
    """``col.isin(values)`` as a writable bool array; via the codes for categoricals."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        lookup = np.append(col.cat.categories.isin(values), False)  # code -1 -> False
        return lookup[np.asarray(col.array.codes)]
    return col.isin(values).to_numpy(dtype=bool, copy=True)


def flag(col: pd.Series) -> np.ndarray:
    """A boolean column as a bool array, missing values as False."""
    if col.dtype == bool:
        return col.to_numpy()
    return col.fillna(False).to_numpy(dtype=bool)
