"""The per-table cache every analysis shares: :func:`cached`.

Derived data (counts, integer codes, prepared windows) is cached under the caller's key
plus a *content fingerprint* of the columns it is derived from: the row count and, per
column, its dtype and a CRC-32 of the memory behind it (a categorical's codes, plus its
categories, whose digest is remembered per categories object since pandas never changes
categories in place). Nothing keys on the table object, so a table edited in place
(``toks.loc[mask, "period"] = "P2"``), a column replaced, or a new table with other values
always gets fresh results, and a copy with the same values reuses them. Hashing the
buffers costs about 4 ms for the eight columns of :func:`~discourse.analysis.counts.term_counts`
on 10^6 tokens (CRC-32 runs at memory speed); columns of Python objects are hashed with
:func:`pandas.util.hash_pandas_object` (slower). The chance that an edit leaves all CRC-32s
unchanged is 2^-32 per edited column. An entry is dropped with the last table that used it
(weak reference) or when it is among the oldest of more than 16 entries.
"""

from __future__ import annotations

import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["cached", "clear_cache", "fingerprint"]

_CACHE: OrderedDict[tuple, tuple[weakref.ref, Any]] = OrderedDict()
_CACHE_SIZE = 16
#: Digests of categories (Index objects are immutable), keyed on their id; the entry holds
#: the Index, so the id is not reused while the entry exists.
_CATEGORIES: OrderedDict[int, tuple[pd.Index, tuple]] = OrderedDict()
_CATEGORIES_SIZE = 64


def clear_cache() -> None:
    """Forget every cached value (never needed for correctness: keys follow the content)."""
    _CACHE.clear()
    _CATEGORIES.clear()


def _column_values(tokens: pd.DataFrame, name: str) -> Any:
    """The array behind a column, without building a Series (which deep-copies ``attrs``)."""
    getter = getattr(tokens, "_get_column_array", None)
    loc = tokens.columns.get_loc(name)
    if getter is not None and isinstance(loc, int):
        try:
            return getter(loc)
        except Exception:  # noqa: BLE001 - private pandas API: fall back to the public one
            pass
    return tokens[name].array


def _crc(array: np.ndarray) -> tuple:
    """Dtype, shape and CRC-32 of a numeric NumPy array's bytes."""
    data = np.ascontiguousarray(array)
    return (data.dtype.str, data.shape, zlib.crc32(data.reshape(-1).view(np.uint8)))


def _hashed(values: Any) -> tuple:
    """Digest of values without a raw buffer (Python objects): pandas' per-value hashes."""
    hashes = pd.util.hash_pandas_object(pd.Series(values, copy=False), index=False)
    return ("objects", str(getattr(values, "dtype", "")), _crc(hashes.to_numpy(np.uint64)))


def _categories(dtype: pd.CategoricalDtype) -> tuple:
    cats = dtype.categories
    hit = _CATEGORIES.get(id(cats))
    if hit is not None and hit[0] is cats:
        _CATEGORIES.move_to_end(id(cats))
        return hit[1]
    digest = (bool(dtype.ordered), _hashed(cats))
    _CATEGORIES[id(cats)] = (cats, digest)
    while len(_CATEGORIES) > _CATEGORIES_SIZE:
        _CATEGORIES.popitem(last=False)
    return digest


def _arrow(chunked: Any) -> tuple:
    """Digest of a pyarrow (chunked) array: type, and per chunk offset, length, buffers."""
    chunks = getattr(chunked, "chunks", [chunked])
    parts: list[Any] = [str(chunked.type)]
    for chunk in chunks:
        parts.append((chunk.offset, len(chunk)))
        parts.extend(None if b is None else zlib.crc32(b) for b in chunk.buffers())
    return tuple(parts)


def column_digest(values: Any) -> tuple:
    """A digest of a column's values (see the module notes), reading them once."""
    if isinstance(values, pd.Categorical):
        return ("categorical", _crc(values.codes), _categories(values.dtype))
    if isinstance(values, pd.arrays.NumpyExtensionArray):
        values = values.to_numpy()
    if isinstance(values, np.ndarray):
        return _hashed(values) if values.dtype.kind == "O" else _crc(values)
    if hasattr(values, "_pa_array"):  # ArrowExtensionArray, ArrowStringArray
        return ("arrow", _arrow(values._pa_array))
    if hasattr(values, "_data") and hasattr(values, "_mask"):  # Int64, boolean, Float64
        return ("masked", str(values.dtype), _crc(values._data), _crc(values._mask))
    ndarray = getattr(values, "_ndarray", None)  # datetimes, timedeltas, python strings
    if isinstance(ndarray, np.ndarray) and ndarray.dtype.kind != "O":
        return ("ndarray", str(values.dtype), _crc(ndarray))
    return _hashed(values)


def fingerprint(tokens: pd.DataFrame, columns: Sequence[str]) -> tuple:
    """Row count and a digest of each of ``columns`` (``None`` for an absent one)."""
    out: list[Any] = [len(tokens)]
    for name in columns:
        present = name in tokens.columns
        out.append(column_digest(_column_values(tokens, name)) if present else None)
    return tuple(out)


def _forget(ref: weakref.ref, key: tuple) -> None:
    """Drop ``key`` when ``ref`` (its last table) dies, unless a newer table took it over."""
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is ref:
        _CACHE.pop(key, None)


def cached(
    tokens: pd.DataFrame, key: tuple, columns: Sequence[str], build: Callable[[], Any]
) -> Any:
    """``build()``, computed once per (``key``, content of ``columns``).

    Parameters
    ----------
    tokens : pandas.DataFrame
    key : tuple of hashable
        What else the value depends on (function name and arguments).
    columns : sequence of str
        Every column ``build`` reads: their content is part of the key.
    build : callable
        Computes the value.
    """
    full = (*key, tuple(columns), fingerprint(tokens, columns))
    hit = _CACHE.get(full)
    if hit is not None:
        value = hit[1]
        if hit[0]() is not tokens:  # the entry now lives as long as this table
            _CACHE[full] = (weakref.ref(tokens, lambda r, k=full: _forget(r, k)), value)
        _CACHE.move_to_end(full)
        return value
    value = build()
    _CACHE[full] = (weakref.ref(tokens, lambda r, k=full: _forget(r, k)), value)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value
