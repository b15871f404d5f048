"""Mark reused text on letters, segments or tokens, so that any analysis can leave it out.

:func:`mark_reuse` adds a Boolean ``reused`` column (and, on letters and segments, the
reused words and their share) from the passages of :func:`discourse.text_reuse`::

    reuse = dc.text_reuse(segs, min_words=8)         # segments: passages per segment
    toks = dc.mark_reuse(toks, reuse)                # reused = the token is in a passage
    dc.keyness(toks[~toks["reused"]], by="period", target="Veldkamp")

Every analysis takes a filtered token table, so no analysis needs an ``exclude_reuse``
argument: ``toks[~toks["reused"]]`` is the corpus without its shared passages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from discourse._validate import Instance, Table, require_columns, validate_params
from discourse.corpus.reuse import TextReuse, words_of
from discourse.errors import CorpusError

__all__ = ["mark_reuse"]


def _union(key, start, end) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Disjoint intervals ``(key, lo, hi)`` (``[lo, hi)``, sorted) covering every
    ``(key, start, end)``."""
    key, start, end = (np.asarray(v, dtype=np.int64) for v in (key, start, end))
    order = np.lexsort((start, key))
    key, lo, hi = key[order], start[order], end[order]
    if not len(key):
        return key, lo, hi
    span = int(hi.max()) + 1
    reach = np.maximum.accumulate(key * span + hi)  # furthest end so far, keys kept apart
    first = np.flatnonzero(np.r_[True, key[1:] * span + lo[1:] >= reach[:-1]])
    return key[first], lo[first], np.maximum.reduceat(hi, first)


def _inside(key: np.ndarray, pos: np.ndarray, intervals) -> np.ndarray:
    """Whether position ``pos`` of ``key`` lies in one of the (disjoint) intervals."""
    ikey, lo, hi = intervals
    if not len(ikey) or not len(pos):
        return np.zeros(len(pos), dtype=bool)
    span = int(max(hi.max(), pos.max())) + 1  # one code per (key, offset), keys apart
    at = key.astype(np.int64) * span + pos
    i = np.searchsorted(ikey * span + lo, at, side="right") - 1
    j = np.maximum(i, 0)
    return (i >= 0) & (key >= 0) & (ikey[j] == key) & (pos < hi[j])


def _codes(values: pd.Series, known: pd.Index) -> np.ndarray:
    return known.get_indexer(values.astype("string").to_numpy())


@validate_params(
    table=Table(label="a letters, segments or token table"),
    reuse=Instance(TextReuse, label="the result of text_reuse()"),
)
def mark_reuse(table: pd.DataFrame, reuse: TextReuse) -> pd.DataFrame:
    """A copy of ``table`` with a Boolean ``reused`` column: inside a shared passage?

    Parameters
    ----------
    table : pandas.DataFrame
        Tokens (:func:`discourse.tokens`: ``seg_id``, ``char_start``), segments
        (:func:`discourse.segments`: ``seg_id``, ``text``) or letters (``doc_id``, ``text``).
    reuse : TextReuse
        The result of :func:`discourse.text_reuse`. To mark tokens it must have been run
        on segments (passages then carry their ``seg_id`` and offsets in the segment's
        text, as tokens do); segments can also be marked from a run on letters (through
        their ``start`` in the letter).

    Returns
    -------
    pandas.DataFrame
        The table with ``reused`` (bool). Tokens: the token starts inside a passage.
        Segments and letters: also ``reused_words`` (int64, words of :func:`words_of`
        inside a passage) and ``reused_share`` (float64, NaN without words); ``reused``
        is ``reused_words > 0`` — a row holding any shared passage (conservative: leave
        them out with ``table[~table["reused"]]``; for word-exact exclusion mark tokens).

    Raises
    ------
    CorpusError
        When tokens are marked from a run on letters, or a needed column is missing.

    References
    ----------
    Broder, A. Z. 1997. On the resemblance and containment of documents (w-shingling;
    see :func:`discourse.text_reuse`).
    """
    by_segment = reuse.passages.attrs.get("params", {}).get("unit") == "segment"
    passages = reuse.passages
    out = table.copy()
    if "char_start" in table.columns:  # tokens
        if not by_segment:
            raise CorpusError(
                "mark_reuse(): tokens can only be marked from text_reuse() run on segments "
                "(char_start is an offset in the segment); run dc.text_reuse(dc.segments(...))"
            )
        require_columns("mark_reuse", table, ["seg_id", "char_start"])
        known = pd.Index(passages["seg_id"].dropna().unique())
        spans = _union(_codes(passages["seg_id"], known), passages["start"], passages["end"])
        key = _codes(table["seg_id"], known)
        out["reused"] = _inside(key, table["char_start"].to_numpy(np.int64), spans)
        return out
    require_columns("mark_reuse", table, ["doc_id", "text"])
    key_col = "seg_id" if by_segment else "doc_id"
    require_columns("mark_reuse", table, [key_col] + ["start"] * (not by_segment and _segs(table)))
    known = pd.Index(passages[key_col].dropna().unique())
    spans = _union(_codes(passages[key_col], known), passages["start"], passages["end"])
    shift = table["start"].to_numpy(np.int64) if not by_segment and _segs(table) else None
    counts = np.zeros((len(table), 2), dtype=np.int64)
    keys = _codes(table[key_col], known)
    for row, (key, text) in enumerate(zip(keys, table["text"], strict=True)):
        found = words_of(str(text) if pd.notna(text) else "")
        starts = np.fromiter((m.start() for m in found), np.int64, len(found))
        if shift is not None:
            starts += shift[row]
        counts[row] = len(found), _inside(np.full(len(found), key), starts, spans).sum()
    out["reused_words"] = counts[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["reused_share"] = np.where(counts[:, 0] > 0, counts[:, 1] / counts[:, 0], np.nan)
    out["reused"] = counts[:, 1] > 0
    return out


def _segs(table: pd.DataFrame) -> bool:
    return "seg_id" in table.columns
