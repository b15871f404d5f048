"""The per-table cache every analysis shares: :func:`cached`.

Derived data (counts, integer codes, prepared windows) is cached under the caller's key
plus a *content fingerprint* of the columns it is derived from: the row count and, per
column, its dtype and a CRC-32 of the memory behind it (a categorical's codes, plus its
categories, whose digest is remembered per categories object since pandas never changes
categories in place). Nothing keys on the table object, so a table edited in place
(``toks.loc[mask, "period"] = "P2"``), a column replaced, or a new table with other values
always gets fresh results, and a copy with the same values reuses them. Hashing the
buffers costs about 4 ms for the eight columns of :func:`~discourse.analysis.counts.term_counts`
on 10^6 tokens (CRC-32 runs at memory speed; categories backed by Arrow are digested from
their buffers too); columns of Python objects are hashed with
:func:`pandas.util.hash_pandas_object` (slower). The chance that an edit leaves all CRC-32s
unchanged is 2^-32 per edited column. An entry is dropped with the last table that used it
(weak reference) or when it is among the oldest of more than 16 entries.

**One fingerprint per call.** Inside :func:`one_call` — every public function runs in one
(:func:`discourse._validate.validate_params`), nested calls share the outermost — a
column's digest is computed once and remembered for that table and that column array
(both held by weak reference, so neither lives longer, and an id reused after one died
never matches); it is forgotten when the outermost call returns. A table edited between
two calls is therefore always digested afresh; within one call the package only reads
its input tables, and a column replaced there (``tokens[name] = ...``) is a new array,
so it is digested afresh too.
"""

from __future__ import annotations

import threading
import weakref
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["cached", "clear_cache", "fingerprint", "one_call"]

_CACHE: OrderedDict[tuple, tuple[weakref.ref, Any]] = OrderedDict()
_CACHE_SIZE = 16
#: Digests of categories (Index objects are immutable), keyed on their id; the entry holds
#: the Index, so the id is not reused while the entry exists.
_CATEGORIES: OrderedDict[int, tuple[pd.Index, tuple]] = OrderedDict()
_CATEGORIES_SIZE = 64
#: Per thread: the depth of nested :func:`one_call` scopes and, inside one, the memo
#: ``{(id(table), column): (weakref to table, weakref to column array, digest)}``.
_CALL = threading.local()


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
    arrow = getattr(cats.array, "_pa_array", None)  # Arrow strings: their buffers, 100x faster
    values = ("arrow", _arrow(arrow)) if arrow is not None else _hashed(cats)
    digest = (bool(dtype.ordered), str(cats.dtype), values)
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


@contextmanager
def one_call() -> Iterator[None]:
    """Within this scope (re-entrant, per thread) each column of a table is digested once
    (the module notes); the memo is dropped when the outermost scope ends."""
    depth = getattr(_CALL, "depth", 0)
    if depth == 0:
        _CALL.memo = {}
    _CALL.depth = depth + 1
    try:
        yield
    finally:
        _CALL.depth = depth
        if depth == 0:
            _CALL.memo = None


def _owner(values: Any) -> tuple[Any, tuple | None]:
    """The object that owns a column's memory, and where in it the column lies.

    A NumPy column of a 2-D block is a new view at every access: its owner is the block's
    array (the root of ``.base``), located by address, shape, strides and dtype.
    """
    if not isinstance(values, np.ndarray):
        return values, None
    root = values
    while isinstance(root.base, np.ndarray):
        root = root.base
    where = (values.__array_interface__["data"][0], values.shape, values.strides)
    return root, (*where, values.dtype.str)


def _digest(tokens: pd.DataFrame, name: str) -> tuple:
    """:func:`column_digest` of a column, remembered within :func:`one_call`."""
    values = _column_values(tokens, name)
    memo = getattr(_CALL, "memo", None)
    if memo is None:
        return column_digest(values)
    owner, where = _owner(values)
    key = (id(tokens), name)
    hit = memo.get(key)
    if hit is not None and hit[0]() is tokens and hit[1]() is owner and hit[2] == where:
        return hit[3]
    digest = column_digest(values)
    try:
        memo[key] = (weakref.ref(tokens), weakref.ref(owner), where, digest)
    except TypeError:  # an array type without weak references: digested every time
        pass
    return digest


def fingerprint(tokens: pd.DataFrame, columns: Sequence[str]) -> tuple:
    """Row count and a digest of each of ``columns`` (``None`` for an absent one)."""
    out: list[Any] = [len(tokens)]
    for name in columns:
        out.append(_digest(tokens, name) if name in tokens.columns else None)
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
