"""Concordance lines of a token table (the token-table half of :func:`discourse.kwic`).

Matches are found as collocation nodes are (:func:`~discourse.analysis.patterns.find_terms`
over the rows in document order, phrases inside one segment), contexts are windows of
tokens or words (:mod:`~discourse.analysis.windows`) clipped to the sentence or segment,
and only the text of the tokens some line shows is gathered.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from discourse.analysis.codes import column_codes, string_codes
from discourse.analysis.patterns import TokenMatcher, find_terms
from discourse.analysis.windows import blocks, row_order, run_bounds, word_window

__all__ = ["token_hits"]

_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?%)\]}»”’]")
_NO_SPACE_AFTER = re.compile(r"[(\[{«“‘]$")


def token_hits(
    tokens,
    terms,
    left,
    right,
    match_cols,
    regex,
    case_insensitive,
    within_sentence,
    *,
    collocate=None,
    punct=True,
    collocate_window=None,
    collocate_pos=None,
    collocate_on=None,
) -> dict[str, object]:
    """One entry per line: ``_row`` (the match's row) and the columns of :func:`kwic`."""
    doc, docs = column_codes(tokens, "doc_id")
    order = row_order(tokens, doc, len(docs))
    seg_block = blocks(doc[order], column_codes(tokens, "seg_id")[0][order])
    sent_block = blocks(seg_block, tokens["sent_id"].to_numpy()[order])
    matcher = _matcher(tokens, match_cols, order, regex, case_insensitive)
    first, length, cover = _found(terms, matcher, seg_block)
    last = first + length - 1
    ctx = sent_block if within_sentence else seg_block
    words_only = (
        ~tokens["is_punct"].fillna(False).to_numpy(dtype=bool)[order]
        if "is_punct" in tokens.columns
        else np.ones(len(seg_block), dtype=bool)
    )
    if punct or "is_punct" not in tokens.columns:
        word = np.ones(len(seg_block), dtype=bool)
        win_lo, win_hi = first - left, last + right
    else:
        word = words_only
        win_lo, win_hi = word_window(word, first, last, left, right)
    ctx_lo, ctx_hi = run_bounds(ctx, first)[0], run_bounds(ctx, last)[1]
    win_lo, win_hi = np.maximum(win_lo, ctx_lo), np.minimum(win_hi, ctx_hi)
    offsets = None
    if collocate is not None:
        if collocate_window is None:  # the collocate is searched in the window shown
            slot, hz_lo, hz_hi = word, win_lo, win_hi
        else:
            slot = words_only
            hz_lo, hz_hi = word_window(slot, first, last, *collocate_window)
            hz_lo, hz_hi = np.maximum(hz_lo, ctx_lo), np.minimum(hz_hi, ctx_hi)
        if collocate_on is not None:
            matcher = _matcher(tokens, collocate_on, order, regex, case_insensitive)
        hit = _found(collocate, matcher, seg_block)[2] & ~cover & slot
        if collocate_pos is not None:
            tags = [collocate_pos] if isinstance(collocate_pos, str) else list(collocate_pos)
            hit &= tokens["upos"].isin(tags).to_numpy(dtype=bool)[order]
        c_hits = np.r_[0, np.cumsum(hit)]  # c_hits[k] = count before k
        keep = c_hits[hz_hi + 1] - c_hits[hz_lo] > 0
        first, last, win_lo, win_hi = first[keep], last[keep], win_lo[keep], win_hi[keep]
        offsets = _offsets(hit, slot, first, last, hz_lo[keep], hz_hi[keep])
    return _lines(tokens, order, sent_block, first, last, win_lo, win_hi, offsets)


def _matcher(tokens, cols, order, regex: bool, case_insensitive: bool) -> TokenMatcher:
    """Matches pattern words on the distinct values of ``cols``, rows in ``order``."""
    columns = []
    for col in cols:
        codes, uniques = string_codes(tokens, col, lower=case_insensitive)
        columns.append((codes[order], uniques))
    return TokenMatcher(
        columns, syntax="regex" if regex else "glob", case_insensitive=case_insensitive
    )


def _found(terms, matcher: TokenMatcher, seg_block: np.ndarray):
    """``(first, length, cover)`` of the terms, ``cover`` as a bool mask of the positions."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    first, length, cover = find_terms(terms, matcher, seg_block)
    mask = np.zeros(len(seg_block), dtype=bool)
    mask[cover] = True
    return first, length, mask


def _offsets(hit, slot, first, last, lo, hi) -> np.ndarray:
    """Signed slot offsets of the ``hit`` positions in ``lo..hi`` around each node.

    ``slot`` marks the positions that take a window slot; ``-1`` is the last slot before
    ``first``, ``1`` the first slot after ``last``. Returns an object array of tuples.
    """
    n_slots = np.r_[0, np.cumsum(slot)]  # n_slots[k] = slots before position k
    where = np.flatnonzero(hit)
    a, b = np.searchsorted(where, lo), np.searchsorted(where, hi, side="right")
    out = np.empty(len(first), dtype=object)
    for i, (f, la, j, k) in enumerate(zip(first, last, a, b, strict=True)):
        p = where[j:k]
        off = np.where(p < f, n_slots[p] - n_slots[f], n_slots[p + 1] - n_slots[la + 1])
        out[i] = tuple(int(x) for x in off)
    return out


def _lines(tokens, order, sent_block, first, last, win_lo, win_hi, offsets) -> dict:
    """The line columns: ids, ``char_start``, left / match / right contexts, sentence."""
    sent_lo, sent_hi = run_bounds(sent_block, first)[0], run_bounds(sent_block, last)[1]
    span_lo = np.minimum(win_lo, sent_lo)
    span_hi = np.maximum(win_hi, sent_hi)
    # gather the text of only the tokens that some line shows
    marks = np.zeros(len(sent_block) + 1, dtype=np.int64)
    np.add.at(marks, span_lo, 1)
    np.add.at(marks, span_hi + 1, -1)
    need = np.flatnonzero(np.cumsum(marks[:-1]) > 0)
    pieces, cs = _pieces(tokens, order[need])

    def join(lo: np.ndarray, hi: np.ndarray) -> list[str]:  # positions lo..hi inclusive
        i = np.searchsorted(need, lo)
        j = np.where(hi >= lo, np.searchsorted(need, hi) + 1, i)
        return [
            "".join(pieces[a:b]).lstrip(" ") if a < b else "" for a, b in zip(i, j, strict=True)
        ]

    loc = np.searchsorted(need, first)
    extra = {} if offsets is None else {"collocate_offsets": offsets}
    rows = order[first]
    return {
        "_row": rows,
        "seg_id": tokens["seg_id"].iloc[rows].astype(str).to_numpy(),
        "sent_id": tokens["sent_id"].iloc[rows].to_numpy(),
        "token_id": tokens["token_id"].iloc[rows].to_numpy(),
        "char_start": pd.Series(cs[loc], dtype="Int64").where(cs[loc] >= 0).array,
        "left": join(win_lo, np.where(first > win_lo, first - 1, win_lo - 1)),
        "match": join(first, last),
        "right": join(np.where(win_hi > last, last + 1, win_hi + 1), win_hi),
        "sentence": join(sent_lo, sent_hi),
        **extra,
    }


def _pieces(tokens: pd.DataFrame, rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The text of ``rows`` with a leading space where one belongs, and ``char_start``.

    The space comes from a gap in ``char_start``; without that column, from punctuation
    rules (none before ``.,;:!?)`` …, none after ``(`` …); ``char_start`` is then ``-1``.
    """
    text = tokens["text"].iloc[rows].astype(str).to_numpy(dtype=object)
    if "char_start" in tokens.columns:
        cs = tokens["char_start"].iloc[rows].to_numpy(dtype=np.int64)
        ends = cs + np.fromiter(map(len, text), np.int64, len(text))
        gap = np.zeros(len(text), dtype=bool)  # a space before token k
        gap[1:] = cs[1:] > ends[:-1]
    else:
        gap = np.array([not _NO_SPACE_BEFORE.match(t) for t in text], dtype=bool)
        gap[1:] &= np.array([not _NO_SPACE_AFTER.search(t) for t in text[:-1]], dtype=bool)
        cs = np.full(len(text), -1, dtype=np.int64)
    return [" " + t if g else t for t, g in zip(text, gap, strict=True)], cs
