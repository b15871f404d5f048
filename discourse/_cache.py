"""The per-table cache every analysis shares: :func:`cached`.

Derived data (counts, integer codes, prepared windows) is kept per token table: the key is
the table object (held by a weak reference, so the entry goes when the table goes) plus the
caller's key; an entry is reused only while the table has the same number of rows and the
same column arrays (so assigning a new column invalidates it). Editing values *in place*
is not detected: call :func:`clear_cache` after doing that.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["cached", "clear_cache"]

_CACHE: OrderedDict[tuple, tuple[weakref.ref, tuple, Any]] = OrderedDict()
_CACHE_SIZE = 16


def clear_cache() -> None:
    """Forget every cached count (needed only after editing a token table *in place*)."""
    _CACHE.clear()


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


def _fingerprint(tokens: pd.DataFrame, columns: Sequence[str]) -> tuple:
    """Row count and the identity of the arrays behind ``columns`` (no data is read)."""
    out: list[Any] = [len(tokens)]
    for name in columns:
        if name not in tokens.columns:
            out.append(None)
            continue
        values = _column_values(tokens, name)
        if isinstance(values, pd.arrays.NumpyExtensionArray):
            values = values.to_numpy()
        if isinstance(values, np.ndarray):
            out.append((values.__array_interface__["data"][0], values.dtype.str, values.strides))
        else:
            out.append(id(values))
    return tuple(out)


def cached(
    tokens: pd.DataFrame, key: tuple, columns: Sequence[str], build: Callable[[], Any]
) -> Any:
    """``build()``, computed once per (token table, ``key``) while ``columns`` are unchanged.

    Parameters
    ----------
    tokens : pandas.DataFrame
    key : tuple of hashable
        What else the value depends on (function name and arguments).
    columns : sequence of str
        Columns the value is derived from (part of the validity check).
    build : callable
        Computes the value.
    """
    full = (id(tokens), *key)
    fp = _fingerprint(tokens, columns)
    hit = _CACHE.get(full)
    if hit is not None and hit[0]() is tokens and hit[1] == fp:
        _CACHE.move_to_end(full)
        return hit[2]
    value = build()
    _CACHE[full] = (weakref.ref(tokens, lambda _, k=full: _CACHE.pop(k, None)), fp, value)
    _CACHE.move_to_end(full)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value
