"""Running a spaCy pipeline over segment texts into the token table's columns.

Columns are built with ``Doc.to_array`` and numpy (no per-token Python objects): string
attributes arrive as hashes, each distinct hash is looked up once, and the string
columns become categoricals with sorted categories. Whitespace tokens (spaCy's
``is_space``, e.g. paragraph breaks) are dropped. ``is_stop`` is spaCy's Dutch stop list,
unchanged (no additions).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from spacy.attrs import (
    ENT_TYPE,
    IDX,
    IS_ALPHA,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.language import Language
from spacy.parts_of_speech import NAMES as _POS_NAMES

from discourse.errors import PipelineError
from discourse.nlp.categoricals import categorical_of, sorted_dtype
from discourse.nlp.pipeline import pipeline_info
from discourse.nlp.schema import FLAG_COLUMNS

__all__ = ["fresh_columns", "hash_categorical", "parse_texts"]

_ATTRS = [ORTH, LEMMA, TAG, ENT_TYPE, POS, IS_STOP, IS_PUNCT, IS_ALPHA, IDX, SENT_START, IS_SPACE]
_HASHED = {"text": 0, "lemma": 1, "tag": 2, "ent_type": 3}  # column in _ATTRS
_POS, _STOP, _PUNCT, _ALPHA, _IDX, _SENT, _SPACE = range(4, 11)
#: Strings seen by :func:`hash_categorical`: (hashes sorted, each one's rank in string
#: order, the strings in sorted order); started afresh when it would outgrow ``_VOCAB_MAX``.
_VOCAB: tuple[np.ndarray, np.ndarray, pa.Array] = (
    np.zeros(0, np.uint64),
    np.zeros(0, np.int64),
    pa.array([], pa.large_string()),
)
_VOCAB_MAX = 200_000  # re-sorting the memo when a call adds strings: ~40 ms at this size


def parse_texts(
    nlp: Language, texts: Sequence[str], owners: Sequence[Any], *, bar: Any = None
) -> list[np.ndarray]:
    """``Doc.to_array(_ATTRS)`` of every text; a pipeline error names the failing documents.

    ``owners[i]`` is the document id of ``texts[i]``; ``bar`` (a tqdm progress bar, or
    ``None``) advances by one per text. When the pipeline raises, the
    documents are re-parsed one at a time to find those that fail (unless the exception's
    ``failed_texts`` lists the positions of the failing texts, as the Frog adapter's do),
    and a :class:`PipelineError` naming them is raised (nothing is silently skipped).
    """
    width = len(_ATTRS)
    try:
        out = []
        for doc in nlp.pipe(texts):
            out.append(doc.to_array(_ATTRS).reshape(len(doc), width))
            if bar is not None:
                bar.update(1)
        return out
    except Exception as exc:
        named = getattr(exc, "failed_texts", None)  # the pipeline names the failing texts
        failed = (
            list(dict.fromkeys(str(owners[i]) for i in named))
            if named
            else _failing_documents(nlp, texts, owners)
        )
        name = pipeline_info(nlp)["name"]
        raise PipelineError(
            f"pipeline {name!r} failed on document(s) {failed or sorted(set(map(str, owners)))}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc


def _failing_documents(nlp: Language, texts: Sequence[str], owners: Sequence[Any]) -> list[str]:
    by_doc: dict[Any, list[str]] = {}
    for text, owner in zip(texts, owners, strict=True):
        by_doc.setdefault(owner, []).append(text)
    failed = []
    for owner, doc_texts in by_doc.items():
        try:
            for _ in nlp.pipe(doc_texts):
                pass
        except Exception:
            failed.append(str(owner))
    return failed


def fresh_columns(
    arrays: list[np.ndarray], seg_counts: Sequence[int], strings: Any
) -> tuple[dict[str, Any], list[int]]:
    """Token columns of consecutive freshly parsed documents, and each document's row count.

    ``arrays`` are the segments' ``to_array`` outputs in document and segment order;
    ``seg_counts[k]`` is the number of segments of document ``k``. Columns: ``seg_pos``
    (segment position within its document), ``sent_id``, the stored string columns
    (:data:`~discourse.nlp.schema.STORED_COLUMNS`) as categoricals with sorted categories
    (each distinct hash looked up once), the flags and ``char_start``.
    """
    width = len(_ATTRS)
    seg_len = np.fromiter((len(a) for a in arrays), np.int64, len(arrays))
    a = np.concatenate(arrays) if arrays else np.zeros((0, width), np.uint64)
    space = a[:, _SPACE] != 0
    sent = a[:, _SENT].astype(np.int64) == 1  # SENT_START: 1 start, -1 not, 0 unknown
    keep_idx = np.flatnonzero(~space)
    # a sentence starting on a (dropped) whitespace token starts at the next kept token;
    # the first kept token of every segment starts a sentence
    seg_end = np.cumsum(seg_len)
    seg_begin = seg_end - seg_len
    nxt = np.searchsorted(keep_idx, np.flatnonzero(sent & space))
    sent[keep_idx[nxt[nxt < len(keep_idx)]]] = True
    first = np.searchsorted(keep_idx, seg_begin)
    ok = first < len(keep_idx)
    ok[ok] &= keep_idx[first[ok]] < seg_end[ok]
    sent[keep_idx[first[ok]]] = True

    a, sent = a[keep_idx], sent[keep_idx]
    seg_of_row = np.repeat(np.arange(len(arrays)), seg_len)[keep_idx]
    doc_first_seg = np.concatenate([[0], np.cumsum(seg_counts)]).astype(np.int64)
    doc_of_seg = np.repeat(np.arange(len(seg_counts)), seg_counts)
    doc_of_row = doc_of_seg[seg_of_row]
    bounds = np.searchsorted(doc_of_row, np.arange(len(seg_counts) + 1))
    sent_before = np.concatenate([[0], np.cumsum(sent)])[bounds]
    cols: dict[str, Any] = {
        "seg_pos": (seg_of_row - doc_first_seg[doc_of_row]).astype(np.int32),
        "sent_id": (np.cumsum(sent) - 1 - sent_before[doc_of_row]).astype(np.int32),
    }
    for c, i in _HASHED.items():
        cols[c] = hash_categorical(a[:, i], strings)
    codes, uniq = pd.factorize(a[:, _POS])
    cols["upos"] = categorical_of(
        pa.array([_POS_NAMES.get(p, "") for p in uniq.tolist()], pa.string()), codes
    )
    for name, j in zip(FLAG_COLUMNS, (_STOP, _PUNCT, _ALPHA), strict=True):
        cols[name] = a[:, j] != 0
    cols["char_start"] = a[:, _IDX].astype(np.int32)
    return cols, np.diff(bounds).tolist()


def hash_categorical(hashes: np.ndarray, strings: Any) -> pd.Categorical:
    """The strings of a column of spaCy string hashes as a categorical with sorted categories.

    Every distinct hash is looked up once in ``strings`` (the pipeline's ``StringStore``)
    and remembered in ``_VOCAB``, which keeps all strings seen so far in sorted order: the
    categories' order then comes from an integer sort of their ranks. spaCy's hashes
    depend only on the string (and its fixed symbol table), not on the pipeline, so one
    memo serves every pipeline, and a process that parses repeatedly (a ``parse_corpus``
    worker, a notebook adding letters) decodes and sorts each string once.
    """
    global _VOCAB
    codes, uniq = pd.factorize(hashes)
    memo = _VOCAB
    pos = np.searchsorted(memo[0], uniq)
    known = pos < len(memo[0])
    known[known] = memo[0][pos[known]] == uniq[known]
    if not known.all():
        if len(memo[0]) + int((~known).sum()) <= _VOCAB_MAX:
            new = uniq[~known]
            names = memo[2].take(pa.array(memo[1]))  # in hash order, aligned with memo[0]
            by_hash = np.concatenate([memo[0], new])
        else:  # start afresh with this column's strings
            new, names, by_hash = uniq, pa.array([], pa.large_string()), uniq
        added = pa.array([strings[h] for h in new.tolist()], pa.large_string())
        names = pa.concat_arrays([names, added])
        rank_of_name = np.empty(len(names), np.int64)
        rank_of_name[pc.sort_indices(names).to_numpy()] = np.arange(len(names))
        order = np.argsort(by_hash, kind="stable")
        # names are stored in sorted order; ranks are looked up by hash
        memo = _VOCAB = (
            by_hash[order],
            rank_of_name[order],
            names.take(pa.array(np.argsort(rank_of_name))),
        )
        pos = np.searchsorted(memo[0], uniq)
    ranks = memo[1][pos]
    order = np.argsort(ranks)
    local = np.empty(len(order), np.int64)
    local[order] = np.arange(len(order))
    categories = pd.Index(memo[2].take(pa.array(ranks[order])), dtype="str")
    return pd.Categorical.from_codes(local[codes], dtype=sorted_dtype(categories), validate=False)
