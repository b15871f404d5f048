"""Concordance lines of a letters or segments table (the text half of :func:`discourse.kwic`).

A table with ``doc_id`` and ``text`` but no tokens is searched by regular expression on
word boundaries; contexts are whitespace-separated words and sentences are split at
``.!?`` + whitespace and at line breaks. Globs here match running text, so ``*`` stays
inside one word (:func:`text_glob`), unlike the token globs of
:mod:`~discourse.analysis.patterns`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["text_collocate_filter", "text_glob", "text_hits"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*")


def text_glob(term: str) -> str:
    """Regex source of a glob searched in running text (text tables only).

    Deliberately not :func:`discourse.analysis.patterns.glob_source`, the token-level glob: here
    the pattern is searched inside a whole text, so ``*`` (``\\w*``) and ``?`` (``\\w``)
    must stay inside one word instead of running on into the next words (and ``[`` is
    literal).
    """
    return re.escape(term).replace(r"\*", r"\w*").replace(r"\?", r"\w")


def text_hits(table, terms, left, right, regex, case_insensitive, within_sentence) -> dict:
    """One entry per match of ``terms`` in a ``text`` column: ``_row`` and the line columns.

    ``terms`` are validated by :func:`discourse.kwic` (non-blank; regexes compile)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    alts = [
        r"\s+".join(p if regex else text_glob(p) for p in t.split())
        for t in sorted(terms, key=lambda t: len(t.split()), reverse=True)
    ]
    flags = re.IGNORECASE if case_insensitive else 0
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)
    out: dict[str, list] = {
        k: [] for k in ("_row", "seg_id", "char_start", "left", "match", "right", "sentence")
    }
    seg_ids = table["seg_id"].astype(str).to_numpy() if "seg_id" in table.columns else None
    for row, text in enumerate(table["text"].fillna("").astype(str)):
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
        for m in pattern.finditer(text):
            k = np.searchsorted(bounds, m.start(), side="right") - 1
            s_lo, s_hi = bounds[k], bounds[min(k + 1, len(bounds) - 1)]
            lo, hi = (s_lo, s_hi) if within_sentence else (0, len(text))
            out["_row"].append(row)
            out["seg_id"].append(seg_ids[row] if seg_ids is not None else pd.NA)
            out["char_start"].append(m.start())
            out["left"].append(" ".join(text[lo : m.start()].split()[-left:] if left else []))
            out["match"].append(" ".join(m.group(0).split()))
            out["right"].append(" ".join(text[m.end() : hi].split()[:right]))
            out["sentence"].append(" ".join(text[s_lo:s_hi].split()))
    out["sent_id"] = [pd.NA] * len(out["_row"])
    out["token_id"] = [pd.NA] * len(out["_row"])
    out["char_start"] = pd.array(out["char_start"], dtype="Int64")
    out["_row"] = np.asarray(out["_row"], dtype=np.int64)
    return out


def text_collocate_filter(hits: dict, collocate, regex: bool, case_insensitive: bool) -> dict:
    """Keep the text-table lines whose left or right context has a ``collocate`` word.

    Adds ``collocate_offsets``: the signed word positions of the matching context words.
    """
    terms = [collocate] if isinstance(collocate, str) else list(collocate)
    alts = [t if regex else text_glob(t) for t in terms]
    pattern = re.compile("|".join(alts), re.IGNORECASE if case_insensitive else 0)

    def found(words: list[str], start: int) -> list[int]:
        return [
            start + i
            for i, w in enumerate(words)
            if pattern.fullmatch(w.strip(".,;:!?()[]{}\"'«»“”‘’"))
        ]

    offsets = np.empty(len(hits["left"]), dtype=object)
    for i, (lt, rt) in enumerate(zip(hits["left"], hits["right"], strict=True)):
        lw = lt.split()
        offsets[i] = tuple(found(lw, -len(lw)) + found(rt.split(), 1))
    hits["collocate_offsets"] = offsets
    idx = np.flatnonzero(np.fromiter(map(len, offsets), np.int64, len(offsets)))
    return {
        k: (
            v[idx]
            if isinstance(v, np.ndarray | pd.api.extensions.ExtensionArray)
            else [v[i] for i in idx]
        )
        for k, v in hits.items()
    }
