"""Windows over a token table in document order: run ids, run bounds, window slots.

Positions ``0 .. n-1`` are token rows in document order (documents contiguous,
``token_id`` increasing). A *run* is a stretch of positions with the same run id — a
segment or a sentence (:func:`blocks`); windows and phrases never cross a run.
Collocations (:mod:`~discourse.analysis.collocations`) count the slots of
:func:`window_slots`; concordances (:mod:`~discourse.analysis.kwic`) show the contexts of
:func:`run_bounds` and :func:`word_window`. Sets of positions are sorted int arrays
(:func:`sorted_unique`, :func:`member`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "blocks",
    "in_order",
    "member",
    "row_order",
    "run_bounds",
    "sorted_unique",
    "window_bounds",
    "window_slots",
    "word_window",
]


def window_bounds(window: int | tuple[int, int]) -> tuple[int, int]:
    """``(left, right)`` of a ``window`` argument: an int ``w`` means ``(w, w)``.

    The value is checked by :class:`discourse._validate.Window` before it gets here.
    """
    left, right = (window, window) if np.isscalar(window) else window
    return int(left), int(right)


def in_order(tokens: pd.DataFrame, doc: np.ndarray, n_docs: int) -> bool:
    """Whether the rows are in document order (docs contiguous, token_id increasing)."""
    tid = tokens["token_id"].to_numpy()
    same = doc[1:] == doc[:-1]
    n_runs = len(same) - np.count_nonzero(same) + 1 if len(doc) else 0
    if n_runs > n_docs:
        return False
    # boolean arrays only: no copies of the (large) id columns
    return not np.any((tid[1:] <= tid[:-1]) & same)


def row_order(tokens: pd.DataFrame, doc: np.ndarray, n_docs: int) -> np.ndarray:
    """Positions of the rows in document order (docs contiguous, token_id increasing)."""
    if in_order(tokens, doc, n_docs):
        return np.arange(len(tokens))
    return np.lexsort((tokens["token_id"].to_numpy(), doc))


def blocks(*keys: np.ndarray) -> np.ndarray:
    """Run ids (from 1) that change whenever any key changes between consecutive rows."""
    n = len(keys[0])
    change = np.zeros(n, dtype=bool)
    if n:
        change[0] = True
        for key in keys:
            change[1:] |= key[1:] != key[:-1]
    return np.cumsum(change, dtype=np.int32)


def run_bounds(block: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last position of the run (:func:`blocks` id, numbered from 1) of each ``at``."""
    run_start = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else at
    run_end = np.r_[run_start[1:], len(block)] - 1
    return run_start[block[at] - 1], run_end[block[at] - 1]


def window_slots(
    first: np.ndarray, last: np.ndarray, block: np.ndarray, left: int, right: int
) -> np.ndarray:
    """Positions ``left`` before ``first`` and ``right`` after ``last`` in the same run.

    One entry per (match, slot), matches in order, left slots (L1, L2, …) before right
    slots; a window is truncated at its run's bounds.
    """
    n = len(block)
    slots = []
    for d in range(1, left + 1):
        p = first - d
        ok = p >= 0
        ok[ok] = block[p[ok]] == block[first[ok]]
        slots.append(p[ok])
    for d in range(1, right + 1):
        p = last + d
        ok = p < n
        ok[ok] = block[p[ok]] == block[last[ok]]
        slots.append(p[ok])
    return np.concatenate(slots).astype(np.int64) if slots else np.zeros(0, np.int64)


def word_window(
    word: np.ndarray, first: np.ndarray, last: np.ndarray, left: int, right: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``left`` words before ``first`` and ``right`` words after ``last``.

    ``word`` marks the tokens that count (non-punctuation); the result is not yet clipped
    to the sentence or segment.
    """
    wpos = np.flatnonzero(word)
    before = np.searchsorted(wpos, first)  # words strictly before first
    after = np.searchsorted(wpos, last, side="right")  # words up to and including last
    lo = np.full(len(first), -1, dtype=np.int64) if left else first.astype(np.int64)
    if left:
        ok = before - left >= 0
        lo[ok] = wpos[before[ok] - left]
    hi = last.astype(np.int64)
    if right:
        hi = np.full(len(last), len(word) - 1, dtype=np.int64)
        ok = after + right - 1 < len(wpos)
        hi[ok] = wpos[after[ok] + right - 1]
    return np.maximum(lo, 0), hi


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (a sort; ``np.unique`` may hash, which is slower here)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` for a sorted, unique ``sorted_set``."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[idx] == values
