"""The tidy token table: one row per token, parsed once and cached as Parquet.

:func:`tokens` runs a Dutch pipeline (:func:`discourse.load_pipeline`) over the segments
table (or a letters table, one segment per letter) and returns the token table of
``docs/design.md``. Whitespace tokens (spaCy's ``is_space``, e.g. paragraph breaks) are
dropped. ``is_stop`` is spaCy's Dutch stop list, unchanged (no additions).

Cache: one Parquet file per document under ``paths.cache_dir() / "tokens"``, named by a
SHA-256 of (schema version, pipeline name, pipeline version, the document's segment
texts). The key and the row count are stored in the Parquet metadata and verified on
read; a file that cannot be read or does not match is re-parsed and rewritten, never
trusted. Writes are atomic (temporary file + ``os.replace``). Segment metadata is joined
after loading, so editing metadata never forces a re-parse.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
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
from spacy.tokens import Doc
from tqdm.auto import tqdm

from . import paths
from .errors import CorpusError
from .nlp import load_pipeline, pipeline_info

#: Version of the cached table layout (part of every cache key).
SCHEMA_VERSION = "1"
#: Segment metadata columns carried over to every token row.
META_COLUMNS = ("period", "cabinet", "minister", "doc_type", "role", "speaker", "date")
#: Progress bar is shown when at least this many segments must be parsed.
PROGRESS_MIN_SEGMENTS = 20
_PARSED = ("sent_id", "token_id", "text", "lower", "lemma", "upos", "tag", "is_stop",
           "is_punct", "is_alpha", "ent_type", "char_start")  # fmt: skip
_ATTRS = [ORTH, LEMMA, POS, TAG, ENT_TYPE, IS_STOP, IS_PUNCT, IS_ALPHA, IDX, SENT_START, IS_SPACE]
_KEY, _ROWS = b"discourse_key", b"discourse_rows"
_STATS: Counter[str] = Counter()
log = logging.getLogger(__name__)

__all__ = ["META_COLUMNS", "SCHEMA_VERSION", "cache_info", "tokens"]


def cache_info() -> dict[str, int]:
    """Counters since start-up: ``parsed_segments``, ``cache_hits``, ``cache_misses``,
    ``cache_rebuilt`` (corrupt or stale files replaced)."""
    return {k: _STATS[k] for k in ("parsed_segments", "cache_hits", "cache_misses",
                                   "cache_rebuilt")}  # fmt: skip


def _as_segments(df: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in ("doc_id", "text") if c not in df.columns]
    if missing:
        raise CorpusError(f"tokens() needs a segments or letters table; missing {missing}")
    if "seg_id" in df.columns:
        return df
    out = df.copy()
    out["seg_id"] = out["doc_id"].astype(str) + ":000"
    out["seg_index"] = 0
    return out


def _doc_columns(doc: Doc) -> dict[str, Any]:
    """Columns of one parsed segment (whitespace tokens dropped), via ``Doc.to_array``."""
    arr = doc.to_array(_ATTRS).reshape(len(doc), len(_ATTRS))  # uint64 (string hashes)
    space = arr[:, 10].astype(bool)
    sent = arr[:, 9].astype(np.int64) == 1  # SENT_START: 1 start, -1 not, 0 unknown
    # a sentence that starts on a (dropped) whitespace token starts at the next token
    if space.any():
        starts_at_space = np.flatnonzero(sent & space)
        keep = np.flatnonzero(~space)
        nxt = np.searchsorted(keep, starts_at_space)
        sent[keep[nxt[nxt < len(keep)]]] = True
    keep_mask = ~space
    if keep_mask.any():
        sent[np.flatnonzero(keep_mask)[0]] = True
    arr, sent = arr[keep_mask], sent[keep_mask]
    strings = doc.vocab.strings
    names = [[strings[h] for h in col] for col in arr[:, [0, 1, 3, 4]].T.tolist()]
    return {
        "sent_start": sent,
        "text": names[0],
        "lemma": names[1],
        "upos": [_POS_NAMES.get(p, "") for p in arr[:, 2].tolist()],
        "tag": names[2],
        "ent_type": names[3],
        "is_stop": arr[:, 5].astype(bool),
        "is_punct": arr[:, 6].astype(bool),
        "is_alpha": arr[:, 7].astype(bool),
        "char_start": arr[:, 8].astype(np.int64),
    }


def _doc_table(parts: Sequence[dict[str, list[Any]]]) -> pd.DataFrame:
    """Token table (without metadata) of one document from its segments' columns."""
    cols: dict[str, Any] = {}
    seg_pos = np.concatenate([np.full(len(p["text"]), i, np.int32) for i, p in
                              enumerate(parts)]) if parts else np.zeros(0, np.int32)  # fmt: skip
    for name in ("text", "lemma", "upos", "tag", "ent_type"):
        cols[name] = [v for p in parts for v in p[name]]

    def cat(name: str, dtype: Any) -> np.ndarray:
        return (
            np.concatenate([p[name] for p in parts]).astype(dtype) if parts else np.zeros(0, dtype)
        )

    starts = cat("sent_start", bool)
    n = len(starts)
    cols["sent_id"] = (np.cumsum(starts) - 1).astype(np.int32) if n else np.zeros(0, np.int32)
    cols["token_id"] = np.arange(n, dtype=np.int32)
    cols["lower"] = [t.lower() for t in cols["text"]]
    for name in ("is_stop", "is_punct", "is_alpha"):
        cols[name] = cat(name, bool)
    cols["char_start"] = cat("char_start", np.int32)
    out = pd.DataFrame({"seg_pos": seg_pos, **{k: cols[k] for k in _PARSED}})
    for name in ("text", "lower", "lemma"):
        out[name] = out[name].astype(object)
    return out


def _cache_key(texts: Sequence[str], info: dict[str, Any]) -> str:
    payload = json.dumps([SCHEMA_VERSION, info["name"], info["version"], list(texts)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _cache_path(key: str, info: dict[str, Any]) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in info["name"])
    return paths.cache_dir() / "tokens" / safe / f"{key}.parquet"


def _read_cache(path: Path, key: str) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        table = pq.read_table(path)
        meta = table.schema.metadata or {}
        if meta.get(_KEY) != key.encode() or int(meta.get(_ROWS, b"-1")) != table.num_rows:
            raise ValueError("key or row count does not match")
        df = table.to_pandas()
        if list(df.columns) != ["seg_pos", *_PARSED]:
            raise ValueError("unexpected columns")
        return df
    except Exception as exc:  # corrupt, truncated or stale: rebuild, never trust
        log.warning("discarding cache file %s (%s)", path, exc)
        _STATS["cache_rebuilt"] += 1
        return None


def _write_cache(path: Path, key: str, df: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta.update({_KEY: key.encode(), _ROWS: str(len(df)).encode()})
    table = table.replace_schema_metadata(meta)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp.parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def tokens(
    segments_or_letters: pd.DataFrame,
    *,
    pipeline: str | Language = "auto",
    progress: bool | None = None,
) -> pd.DataFrame:
    """Tidy token table, one row per token (schema in ``docs/design.md``).

    Parameters
    ----------
    segments_or_letters : DataFrame
        The segments table (:func:`discourse.segments`) or a letters table
        (:func:`discourse.load_letters`, treated as one segment per letter).
    pipeline : str or spacy.language.Language
        Name for :func:`discourse.load_pipeline` (``"auto"``, ``"frog"``, ``"builtin"``,
        a spaCy model) or a loaded pipeline.
    progress : bool, optional
        Show a tqdm progress bar; default: when at least ``PROGRESS_MIN_SEGMENTS``
        segments must be parsed.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, sent_id, token_id, text, lower, lemma, upos, tag, is_stop,
        is_punct, is_alpha, ent_type, char_start`` and the metadata columns
        ``period, cabinet, minister, doc_type, role, speaker, date`` (those absent from
        the input are all-missing). ``attrs["pipeline"] = {"name", "version"}``.

    Examples
    --------
    >>> toks = tokens(segments(load_letters()), pipeline="frog")  # doctest: +SKIP
    >>> toks.loc[toks.lemma == "informeren", "upos"].unique()  # doctest: +SKIP

    References
    ----------
    Silge, J., & Robinson, D. (2016). tidytext: Text mining and analysis using tidy data
    principles in R. *Journal of Open Source Software*, 1(3), 37.
    """
    segs = _as_segments(segments_or_letters).reset_index(drop=True)
    nlp = pipeline if isinstance(pipeline, Language) else load_pipeline(pipeline)
    info = pipeline_info(nlp)
    order = (segs.assign(_row=np.arange(len(segs)))
             .sort_values(["seg_index"], kind="stable") if "seg_index" in segs else
             segs.assign(_row=np.arange(len(segs))))  # fmt: skip
    doc_ids = pd.unique(segs["doc_id"])
    rows_by_doc = {d: g["_row"].to_numpy() for d, g in order.groupby("doc_id", sort=False)}
    texts = ["" if pd.isna(t) else str(t) for t in segs["text"]]

    tables: dict[Any, pd.DataFrame] = {}
    todo: list[tuple[Any, str, Path]] = []
    for doc in doc_ids:
        key = _cache_key([texts[r] for r in rows_by_doc[doc]], info)
        path = _cache_path(key, info)
        cached = _read_cache(path, key)
        if cached is None:
            _STATS["cache_misses"] += 1
            todo.append((doc, key, path))
        else:
            _STATS["cache_hits"] += 1
            tables[doc] = cached
    if todo:
        parse_rows = [r for doc, _, _ in todo for r in rows_by_doc[doc]]
        show = len(parse_rows) >= PROGRESS_MIN_SEGMENTS if progress is None else progress
        docs = nlp.pipe(texts[r] for r in parse_rows)
        bar = tqdm(docs, total=len(parse_rows), disable=not show, unit="seg",
                   desc=f"parsing ({info['name']})")  # fmt: skip
        columns = [_doc_columns(d) for d in bar]
        _STATS["parsed_segments"] += len(parse_rows)
        pos = 0
        for doc, key, path in todo:
            n = len(rows_by_doc[doc])
            tables[doc] = _doc_table(columns[pos : pos + n])
            pos += n
            _write_cache(path, key, tables[doc])
    return _assemble(segs, doc_ids, rows_by_doc, tables, info)


def _assemble(segs: pd.DataFrame, doc_ids: Sequence[Any], rows_by_doc: dict[Any, np.ndarray],
              tables: dict[Any, pd.DataFrame], info: dict[str, Any]) -> pd.DataFrame:  # fmt: skip
    empty = _doc_table([])
    parts = [tables[d] for d in doc_ids] or [empty]
    body = pd.concat(parts, ignore_index=True)
    seg_row = np.concatenate(
        [rows_by_doc[d][tables[d]["seg_pos"].to_numpy()] for d in doc_ids]
    ) if doc_ids is not None and len(doc_ids) else np.zeros(0, np.int64)  # fmt: skip
    out = pd.DataFrame({
        "doc_id": pd.Categorical(segs["doc_id"].astype(str).to_numpy()[seg_row]),
        "seg_id": pd.Categorical(segs["seg_id"].astype(str).to_numpy()[seg_row]),
    })  # fmt: skip
    for name in _PARSED:
        out[name] = body[name].to_numpy()
    for name in ("upos", "tag", "ent_type"):
        out[name] = pd.Categorical(out[name])
    for name in META_COLUMNS:
        if name in segs.columns:
            out[name] = segs[name].iloc[seg_row].reset_index(drop=True)
        else:
            out[name] = pd.Series(
                pd.NaT if name == "date" else pd.NA,
                index=out.index,
                dtype="datetime64[ns]" if name == "date" else "category",
            )
    out.attrs["pipeline"] = dict(info)
    return out
