"""The tidy token table: one row per token, parsed once and cached as Parquet.

:func:`tokens` runs a Dutch pipeline (:func:`discourse.load_pipeline`) over the segments
table (or a letters table, one segment per letter) and returns the token table of
``docs/design.md``. Whitespace tokens (spaCy's ``is_space``, e.g. paragraph breaks) are
dropped. ``is_stop`` is spaCy's Dutch stop list, unchanged (no additions).

Columns are built with ``Doc.to_array`` and numpy (no per-token Python objects): string
attributes arrive as hashes, each distinct hash is looked up once, and the string
columns (``text``, ``lower``, ``lemma``, ``upos``, ``tag``, ``ent_type``, ``doc_id``,
``seg_id``) are categoricals with lexicographically sorted categories, so grouping and
sorting on them behave as on plain strings at about 2-4 bytes per token.

Cache: every document has a key, a SHA-256 of (schema version, pipeline name, pipeline
version -- which includes the adapter's own version --, the document's segment texts).
The documents parsed by one call are written as one Parquet file under
``paths.cache_dir() / "tokens" / <pipeline>``, ``corpus-<hash of their keys>.parquet``.
A call first looks for the file holding exactly its documents (so a repeated call reads
one file), else reads the footers of the other files to find its documents there, and
parses only the documents it cannot find; when its documents came from several files it
writes them as one file for the next call and deletes the files whose documents are all
in it (so adding letters one at a time does not pile up copies).
String columns are stored dictionary-encoded with the sorted categories as dictionary
(no string objects are materialised per token); ``lower`` is not stored but derived
from ``text`` per distinct form. Files are not compressed further (speed before size)
and their pages carry CRC checksums, verified on read, so flipped bytes are detected.
A file's document keys, their row counts, its total row count and a key over all of them
are stored in the Parquet metadata and verified on read, with the column types and
segment positions; a file that cannot be read or does not match is discarded and its
documents are re-parsed, never trusted. Writes are atomic
(temporary file + ``os.replace``) and complete before :func:`tokens` returns. Segment
metadata is joined after loading, so editing metadata never forces a re-parse.
"""

from __future__ import annotations

import contextlib
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
import pyarrow.compute as pc
import pyarrow.parquet as pq
from pandas.api.types import union_categoricals
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
from tqdm.auto import tqdm

from discourse import paths
from discourse.errors import CorpusError, PipelineError
from discourse.nlp.pipeline import load_pipeline, pipeline_info

#: Version of the cached table layout (part of every cache key).
SCHEMA_VERSION = "3"
#: Segment metadata columns carried over to every token row.
META_COLUMNS = ("period", "cabinet", "minister", "doc_type", "role", "speaker", "date")
#: Progress bar is shown when at least this many segments must be parsed.
PROGRESS_MIN_SEGMENTS = 20
#: Columns of the token table, in order (``META_COLUMNS`` follow).
COLUMNS = (
    "doc_id",
    "seg_id",
    "sent_id",
    "token_id",
    "text",
    "lower",
    "lemma",
    "upos",
    "tag",
    "is_stop",
    "is_punct",
    "is_alpha",
    "ent_type",
    "char_start",
    *META_COLUMNS,
)
#: String columns produced by the parser (categoricals with sorted categories).
STRING_COLUMNS = ("text", "lower", "lemma", "upos", "tag", "ent_type")
_FLAGS = ("is_stop", "is_punct", "is_alpha")
#: String columns stored in the cache (``lower`` is derived from ``text`` when loading).
_STORED = ("text", "lemma", "upos", "tag", "ent_type")
_ATTRS = [ORTH, LEMMA, TAG, ENT_TYPE, POS, IS_STOP, IS_PUNCT, IS_ALPHA, IDX, SENT_START, IS_SPACE]
_HASHED = {"text": 0, "lemma": 1, "tag": 2, "ent_type": 3}  # column in _ATTRS
_POS, _STOP, _PUNCT, _ALPHA, _IDX, _SENT, _SPACE = range(4, 11)
#: Layout of one cached document (whitespace dropped; ``token_id`` is the row number).
_CACHE_SCHEMA = pa.schema(
    [("seg_pos", pa.int32()), ("sent_id", pa.int32())]
    + [(c, pa.dictionary(pa.int32(), pa.string())) for c in _STORED]
    + [(c, pa.bool_()) for c in _FLAGS]
    + [("char_start", pa.int32())]
)
_KEY, _ROWS, _SIZES = b"discourse_key", b"discourse_rows", b"discourse_sizes"
_KEYS = b"discourse_documents"
_STATS: Counter[str] = Counter()
#: Strings seen by :func:`_hash_categorical`: (hashes sorted, each one's rank in string
#: order, the strings in sorted order); started afresh when it would outgrow ``_VOCAB_MAX``.
_VOCAB: tuple[np.ndarray, np.ndarray, pa.Array] = (
    np.zeros(0, np.uint64),
    np.zeros(0, np.int64),
    pa.array([], pa.large_string()),
)
_VOCAB_MAX = 200_000  # re-sorting the memo when a call adds strings: ~40 ms at this size
log = logging.getLogger(__name__)

__all__ = ["COLUMNS", "META_COLUMNS", "SCHEMA_VERSION", "cache_info", "tokens"]


def cache_info() -> dict[str, int]:
    """Counters since start-up: ``parsed_segments``, ``cache_hits``, ``cache_misses``,
    ``cache_rebuilt`` (corrupt or stale files replaced), ``snapshot_hits`` (calls served
    from one corpus snapshot file)."""
    return {
        k: _STATS[k]
        for k in ("parsed_segments", "cache_hits", "cache_misses", "cache_rebuilt", "snapshot_hits")
    }


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


# ------------------------------------------------------------------------- parsing
def _parse(
    nlp: Language, texts: Sequence[str], owners: Sequence[Any], *, show: bool, desc: str
) -> list[np.ndarray]:
    """``Doc.to_array(_ATTRS)`` of every text; a pipeline error names the failing documents.

    ``owners[i]`` is the document id of ``texts[i]``. When the pipeline raises, the
    documents are re-parsed one at a time to find those that fail, and a
    :class:`PipelineError` naming them is raised (nothing is silently skipped).
    """
    width = len(_ATTRS)
    try:
        docs = nlp.pipe(texts)
        if show:
            docs = tqdm(docs, total=len(texts), unit="seg", desc=desc)
        return [d.to_array(_ATTRS).reshape(len(d), width) for d in docs]
    except Exception as exc:
        failed = _failing_documents(nlp, texts, owners)
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


def _fresh_columns(
    arrays: list[np.ndarray], seg_counts: Sequence[int], strings: Any
) -> tuple[dict[str, Any], list[int]]:
    """Token columns of consecutive freshly parsed documents, and each document's row count.

    ``arrays`` are the segments' ``to_array`` outputs in document and segment order;
    ``seg_counts[k]`` is the number of segments of document ``k``. Columns: ``seg_pos``
    (segment position within its document), ``sent_id``, the ``_STORED`` string columns as
    categoricals with sorted categories (each distinct hash looked up once), the flags and
    ``char_start``.
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
        cols[c] = _hash_categorical(a[:, i], strings)
    codes, uniq = pd.factorize(a[:, _POS])
    cols["upos"] = _categorical(
        pa.array([_POS_NAMES.get(p, "") for p in uniq.tolist()], pa.string()), codes
    )
    for name, j in zip(_FLAGS, (_STOP, _PUNCT, _ALPHA), strict=True):
        cols[name] = a[:, j] != 0
    cols["char_start"] = a[:, _IDX].astype(np.int32)
    return cols, np.diff(bounds).tolist()


def _hash_categorical(hashes: np.ndarray, strings: Any) -> pd.Categorical:
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
    return pd.Categorical.from_codes(local[codes], dtype=_dtype(categories), validate=False)


def _arrow_strings(index: pd.Index) -> pa.Array:
    """The strings of ``index`` as one Arrow array (a pandas Arrow-backed index may be
    chunked, e.g. after ``union_categoricals``)."""
    values = pa.array(index.array)
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _cache_table(cols: dict[str, Any]) -> pa.Table:
    """The columns of :func:`_fresh_columns` as one cache table (``_CACHE_SCHEMA``).

    String columns are stored with their sorted categories as the dictionary.
    """
    arrays: list[pa.Array] = [pa.array(cols["seg_pos"]), pa.array(cols["sent_id"])]
    for c in _STORED:
        cat = cols[c]
        arrays.append(
            pa.DictionaryArray.from_arrays(
                pa.array(cat.codes.astype(np.int32, copy=False)), _arrow_strings(cat.categories)
            )
        )
    arrays += [pa.array(cols[c]) for c in (*_FLAGS, "char_start")]
    return pa.Table.from_arrays(arrays, schema=_CACHE_SCHEMA)


def _cached_columns(body: pa.Table, *, prune: bool = True) -> dict[str, Any]:
    """The columns of :func:`_fresh_columns` from cache tables (``_CACHE_SCHEMA``).

    A file may hold other documents too: with ``prune`` strings that only they use are
    dropped from the categories, so the result does not depend on what else the cache
    holds (``prune=False``: the tables are whole files of exactly these documents).
    """
    cols: dict[str, Any] = {}
    for c in _STORED:
        cat = _sorted_categorical(body.column(c))
        cols[c] = _used(cat) if prune else cat
    for c in ("seg_pos", "sent_id", *_FLAGS, "char_start"):
        cols[c] = body.column(c).to_numpy()
    return cols


def _used(cat: pd.Categorical) -> pd.Categorical:
    """``cat`` without unused categories (sorted order kept)."""
    used = np.bincount(cat.codes[cat.codes >= 0], minlength=len(cat.categories)) > 0
    if used.all():
        return cat
    new_code = np.append(np.cumsum(used) - 1, -1)  # code -1 (missing) stays -1
    categories = cat.categories[used]
    return pd.Categorical.from_codes(new_code[cat.codes], dtype=_dtype(categories), validate=False)


def _concat_columns(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Row-wise concatenation of column dicts (categoricals: sorted union of categories)."""
    if len(parts) == 1:
        return parts[0]
    return {
        c: union_categoricals([p[c] for p in parts], sort_categories=True)
        if c in _STORED
        else np.concatenate([p[c] for p in parts])
        for c in parts[0]
    }


# --------------------------------------------------------------------------- cache
def _cache_key(texts: Sequence[str], info: dict[str, Any]) -> str:
    key = hashlib.sha256(json.dumps([SCHEMA_VERSION, info["name"], info["version"]]).encode())
    for text in texts:  # length-prefixed, so no two lists of texts give the same bytes
        data = text.encode("utf-8", "surrogatepass")
        key.update(len(data).to_bytes(8, "little"))
        key.update(data)
    return key.hexdigest()


def _batch_key(keys: Sequence[str]) -> str:
    payload = json.dumps([SCHEMA_VERSION, "batch", list(keys)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _cache_folder(info: dict[str, Any]) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in info["name"])
    return paths.cache_dir() / "tokens" / safe


def _read_batch(path: Path, wanted: dict[str, int]) -> dict[str, pa.Table] | None:
    """The verified tables of documents ``wanted`` (key -> segment count) from one batch file.

    ``None`` when the file is missing, unreadable, or does not hold every wanted document
    with plausible rows (then those documents are re-parsed; never trusted).
    """
    if not path.exists():
        return None
    try:
        table = pq.ParquetFile(path, page_checksum_verification=True).read(use_threads=False)
    except FileNotFoundError:  # replaced by another call just now
        return None
    except Exception as exc:
        return _discard(path, exc)
    try:
        meta = table.schema.metadata or {}
        keys = json.loads(meta.get(_KEYS, b"[]"))
        sizes = json.loads(meta.get(_SIZES, b"[]"))
        rows = int(meta.get(_ROWS, b"-1"))
        if meta.get(_KEY) != _batch_key(keys).encode() or rows != table.num_rows:
            raise ValueError("key or row count does not match")
        if len(sizes) != len(keys) or sum(sizes) != table.num_rows or min(sizes, default=0) < 0:
            raise ValueError("document sizes do not match")
        table = table.replace_schema_metadata(None)
        if not table.schema.equals(_CACHE_SCHEMA):
            raise ValueError("unexpected columns or types")
        starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        out = {}
        for key, n_segs in wanted.items():
            if key not in keys:
                raise ValueError(f"document {key[:12]}… is not in this file")
            i = keys.index(key)
            part = table.slice(starts[i], sizes[i])
            seg_pos = part.column("seg_pos").to_numpy()
            if len(seg_pos) and (seg_pos.min() < 0 or seg_pos.max() >= n_segs):
                raise ValueError("segment positions out of range")
            out[key] = part
        return out
    except Exception as exc:  # corrupt, truncated or stale: rebuild, never trust
        return _discard(path, exc)


def _discard(path: Path, exc: Exception) -> None:
    """Log and delete a cache file that cannot be trusted (its documents are re-parsed)."""
    log.warning("discarding cache file %s (%s)", path, exc)
    _STATS["cache_rebuilt"] += 1
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _write_batch(folder: Path, keys: Sequence[str], table: pa.Table, sizes: Sequence[int]) -> None:
    """Write documents ``keys`` (``sizes[k]`` rows each) as one batch file."""
    folder.mkdir(parents=True, exist_ok=True)
    key = _batch_key(keys)
    meta = {
        _KEY: key.encode(),
        _ROWS: str(table.num_rows).encode(),
        _KEYS: json.dumps(list(keys)).encode(),
        _SIZES: json.dumps([int(n) for n in sizes]).encode(),
    }
    write_parquet_atomic(
        table.replace_schema_metadata(meta),
        folder / f"corpus-{key}.parquet",
        compression="none",
        write_statistics=False,  # a local cache:
        use_dictionary=list(_STORED),
        write_page_checksum=True,
    )  # speed first


def _find_documents(
    folder: Path, wanted: dict[str, int], skip: str
) -> tuple[dict[str, pa.Table], dict[Path, list[str]]]:
    """The documents of ``wanted`` (key -> segment count) held by batch files in ``folder``.

    Only the files' footers are read to find which file holds which document (newest file
    first); each file that holds some is then read once and verified (``_read_batch``).
    A file that cannot be read is discarded (deleted; its documents are parsed again), one
    that disappears meanwhile (replaced by another process) is passed over.
    Returns the verified tables by key and, for every file they came from, all its keys.
    """
    if not folder.is_dir():
        return {}, {}
    remaining = set(wanted)
    holders: dict[Path, dict[str, int]] = {}
    held_by: dict[Path, list[str]] = {}
    dated = []
    for path in folder.glob("corpus-*.parquet"):
        with contextlib.suppress(FileNotFoundError):  # replaced by another call meanwhile
            dated.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(dated, reverse=True):
        if not remaining:
            break
        if path.name == skip:
            continue
        try:
            listed = (pq.read_metadata(path).metadata or {}).get(_KEYS)
            if listed is None:  # an older cache layout: its keys cannot match
                continue
            file_keys = json.loads(listed)
        except FileNotFoundError:
            continue
        except Exception as exc:
            _discard(path, exc)
            continue
        held = remaining.intersection(file_keys)
        if held:
            holders[path] = {key: wanted[key] for key in held}
            held_by[path] = list(file_keys)
            remaining -= held
    found: dict[str, pa.Table] = {}
    for path, docs in holders.items():
        tables = _read_batch(path, docs)
        if tables is None:
            del held_by[path]
        else:
            found.update(tables)
    return found, held_by


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_parquet_atomic(table: pa.Table, path: Path, **options: Any) -> None:
    """``pq.write_table`` to a hidden temporary file beside ``path``, then ``os.replace``.

    Readers never see a half-written file; the temporary file is removed on failure.
    """
    sink = pa.BufferOutputStream()  # serialised in memory: one write to disk
    pq.write_table(table, sink, **options)
    _write_atomic(path, sink.getvalue().to_pybytes())


# --------------------------------------------------------------------------- public
def tokens(
    segments_or_letters: pd.DataFrame,
    *,
    pipeline: str | Language = "auto",
    progress: bool | None = None,
    cache: bool = True,
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
    cache : bool
        Read and write the on-disk cache (default). ``False`` always parses and writes
        nothing.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, sent_id, token_id, text, lower, lemma, upos, tag, is_stop,
        is_punct, is_alpha, ent_type, char_start`` and the metadata columns
        ``period, cabinet, minister, doc_type, role, speaker, date`` (those absent from
        the input are all-missing). String columns are categoricals with sorted
        categories. ``attrs["pipeline"] = {"name", "version"}``.

    Raises
    ------
    PipelineError
        When the pipeline fails; the message names the failing document(s).

    Examples
    --------
    >>> toks = tokens(segments(load_letters()), pipeline="frog")  # doctest: +SKIP
    >>> toks.loc[toks.lemma == "informeren", "upos"].unique()  # doctest: +SKIP

    References
    ----------
    Silge, J., & Robinson, D. (2016). tidytext: Text mining and analysis using tidy data
    principles in R. *Journal of Open Source Software*, 1(3), 37.
    """
    segs = _as_segments(segments_or_letters)
    if not isinstance(segs.index, pd.RangeIndex) or segs.index.start != 0 or segs.index.step != 1:
        segs = segs.reset_index(drop=True)
    nlp = pipeline if isinstance(pipeline, Language) else load_pipeline(pipeline)
    info = pipeline_info(nlp)
    doc_codes, doc_ids = pd.factorize(segs["doc_id"], sort=False)
    if (doc_codes < 0).any():
        bad = np.flatnonzero(doc_codes < 0)[:10].tolist()
        raise CorpusError(f"tokens(): column 'doc_id' is missing in row(s) {bad}")
    as_text = [str(d) for d in doc_ids]
    if len(set(as_text)) < len(as_text):
        clash = sorted({t for t in as_text if as_text.count(t) > 1})[:10]
        raise CorpusError(
            f"tokens(): column 'doc_id' has different values that read the same "
            f"as text: {clash} (e.g. 1 and '1'); make them one type"
        )
    missing_seg = np.flatnonzero(segs["seg_id"].isna().to_numpy())
    if len(missing_seg):
        raise CorpusError(
            f"tokens(): column 'seg_id' is missing in row(s) {missing_seg[:10].tolist()}"
        )
    seg_index = segs["seg_index"].to_numpy() if "seg_index" in segs else np.zeros(len(segs))
    order = np.lexsort((seg_index, doc_codes))  # documents in first-seen order, stable
    counts = np.bincount(doc_codes, minlength=len(doc_ids))
    rows_by_doc = np.split(order, np.cumsum(counts)[:-1]) if len(doc_ids) else []
    texts = [t if type(t) is str else "" if pd.isna(t) else str(t) for t in segs["text"].tolist()]

    seg_counts = [len(rows) for rows in rows_by_doc]
    keys = [_cache_key([texts[r] for r in rows], info) for rows in rows_by_doc]
    folder = _cache_folder(info)
    found: dict[str, pa.Table] = {}
    sources: dict[Path, list[str]] = {}
    whole = None
    if cache and keys:
        # one file holding exactly these documents (the usual repeated call), else any
        # files that hold some of them
        whole_name = f"corpus-{_batch_key(keys)}.parquet"
        whole = _read_batch(folder / whole_name, dict(zip(keys, seg_counts, strict=True)))
        if whole is not None:
            _STATS["snapshot_hits"] += 1
            found = whole
        else:
            found, sources = _find_documents(
                folder, dict(zip(keys, seg_counts, strict=True)), skip=whole_name
            )
    todo = [k for k, key in enumerate(keys) if key not in found]
    _STATS["cache_hits"] += len(keys) - len(todo)
    _STATS["cache_misses"] += len(todo)

    sizes = [found[key].num_rows if key in found else 0 for key in keys]
    parts, doc_order = [], [k for k, key in enumerate(keys) if key in found]
    if doc_order:
        body = pa.concat_tables([found[keys[k]] for k in doc_order])
        parts.append(_cached_columns(body, prune=whole is None))
        if cache and not todo and len(sources) > 1:
            # documents from several files: keep them as one file for the next call, and
            # drop the files it makes redundant (all their documents are in it)
            _write_batch(folder, keys, _cache_table(parts[0]), sizes)
            for path, file_keys in sources.items():
                if set(file_keys) <= set(keys):
                    with contextlib.suppress(OSError):  # e.g. open elsewhere on Windows
                        path.unlink(missing_ok=True)
    if todo:
        parse_rows = [int(r) for k in todo for r in rows_by_doc[k]]
        show = len(parse_rows) >= PROGRESS_MIN_SEGMENTS if progress is None else progress
        arrays = _parse(
            nlp,
            [texts[r] for r in parse_rows],
            [doc_ids[doc_codes[r]] for r in parse_rows],
            show=show,
            desc=f"parsing ({info['name']})",
        )
        _STATS["parsed_segments"] += len(parse_rows)
        fresh, fresh_sizes = _fresh_columns(
            arrays, [seg_counts[k] for k in todo], nlp.vocab.strings
        )
        parts.append(fresh)
        for k, n in zip(todo, fresh_sizes, strict=True):
            sizes[k] = n
        doc_order += todo
        if cache:
            _write_batch(folder, [keys[k] for k in todo], _cache_table(fresh), fresh_sizes)
    cols = _concat_columns(parts) if parts else _cached_columns(_CACHE_SCHEMA.empty_table())
    if doc_order != sorted(doc_order):  # cached and parsed documents interleave
        starts = np.concatenate([[0], np.cumsum([sizes[k] for k in doc_order])])
        at = dict(zip(doc_order, starts[:-1].tolist(), strict=True))
        take = np.concatenate([np.arange(at[k], at[k] + sizes[k]) for k in range(len(keys))])
        cols = {c: v[take] for c, v in cols.items()}
    return _assemble(segs, rows_by_doc, cols, sizes, info)


# ------------------------------------------------------------------------ assembly
def _dtype(categories: pd.Index, ordered: bool = False) -> pd.CategoricalDtype:
    """CategoricalDtype of categories known to be unique (skips pandas' uniqueness check)."""
    fast = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    return (
        fast(categories, ordered) if fast is not None else pd.CategoricalDtype(categories, ordered)
    )


def _sorted_dictionary(dictionary: pa.Array) -> tuple[np.ndarray, pd.Index]:
    """Rank of every entry of a duplicate-free string array, and the sorted strings.

    Arrow sorts UTF-8 bytes, which is code-point order, i.e. Python's ``str`` order.
    """
    order = pc.sort_indices(dictionary).to_numpy()
    rank = np.empty(len(order), np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    return rank, pd.Index(dictionary.take(pa.array(order)), dtype="str")


def _categorical(names: pa.Array, codes: np.ndarray) -> pd.Categorical:
    """``names[codes]`` as a categorical with sorted categories (``names`` has no duplicates)."""
    rank, categories = _sorted_dictionary(names)
    return pd.Categorical.from_codes(rank[codes], dtype=_dtype(categories), validate=False)


def _sorted_categorical(column: pa.ChunkedArray) -> pd.Categorical:
    """A categorical with sorted categories from a chunked dictionary array."""
    if column.num_chunks == 0:
        return pd.Categorical.from_codes(
            np.zeros(0, np.int32), dtype=_dtype(pd.Index([], dtype="str"))
        )
    first = column.chunk(0).dictionary
    if any(not c.dictionary.equals(first) for c in column.chunks[1:]):  # else: slices of
        column = column.unify_dictionaries()  # one file share one dictionary already
    rank, categories = _sorted_dictionary(column.chunk(0).dictionary)
    indices = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in column.chunks])
    if column.null_count:
        codes = np.append(rank, -1)[np.where(np.isnan(indices), -1, indices).astype(np.int64)]
    else:
        codes = rank[indices]
    return pd.Categorical.from_codes(codes, dtype=_dtype(categories), validate=False)


def _codes_categorical(values: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """``pd.Categorical(values.astype(str)[rows])`` (sorted categories), touching each
    distinct value once (values equal as strings, e.g. ``1`` and ``"1"``, are one)."""
    codes, uniq = pd.factorize(values, sort=False)
    names = [str(u) for u in uniq]
    distinct = sorted(set(names))
    position = {name: i for i, name in enumerate(distinct)}
    rank = np.array([position[name] for name in names] + [-1], np.int64)  # -1: missing
    dtype = _dtype(pd.Index(distinct, dtype="str"))
    return pd.Categorical.from_codes(rank[codes][rows], dtype=dtype, validate=False)


def _lower_of(text: pd.Categorical) -> pd.Categorical:
    """``text.str.lower()`` as a categorical, computed once per distinct form.

    ``str.lower`` is spaCy's ``LOWER`` lexical attribute, so this equals ``Token.lower_``.
    Arrow lower-cases the ASCII forms; Python's ``str.lower`` the others (Arrow's Unicode
    case mapping differs from Python's for a few characters, e.g. U+0130).
    """
    forms = _arrow_strings(text.categories)
    lowered = pc.utf8_lower(forms)
    other = np.flatnonzero(~pc.string_is_ascii(forms).to_numpy(zero_copy_only=False))
    if len(other):
        fixed = [s.lower() for s in forms.take(pa.array(other)).to_pylist()]
        lowered = pc.replace_with_mask(
            lowered, _mask(len(forms), other), pa.array(fixed, lowered.type)
        )
    encoded = lowered.dictionary_encode()
    rank, categories = _sorted_dictionary(encoded.dictionary)
    of_text = rank[encoded.indices.to_numpy()]
    codes = np.append(of_text, -1)[text.codes]
    return pd.Categorical.from_codes(codes, dtype=_dtype(categories), validate=False)


def _mask(n: int, positions: np.ndarray) -> pa.Array:
    mask = np.zeros(n, bool)
    mask[positions] = True
    return pa.array(mask)


def _assemble(
    segs: pd.DataFrame,
    rows_by_doc: Sequence[np.ndarray],
    cols: dict[str, Any],
    sizes: Sequence[int],
    info: dict[str, Any],
) -> pd.DataFrame:
    """The token table from the parsed columns of the documents (``sizes[k]`` rows each)."""
    seg_pos = cols["seg_pos"].astype(np.int64)
    doc_of_row = np.repeat(np.arange(len(sizes)), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    if len(sizes):
        seg_first = np.concatenate([[0], np.cumsum([len(r) for r in rows_by_doc])])
        flat_rows = np.concatenate(rows_by_doc)
        seg_row = flat_rows[seg_first[doc_of_row] + seg_pos]
    else:
        seg_row = np.zeros(0, np.int64)
    n = len(seg_row)
    data: dict[str, Any] = {
        "doc_id": _codes_categorical(segs["doc_id"], seg_row),
        "seg_id": _codes_categorical(segs["seg_id"], seg_row),
        "sent_id": cols["sent_id"],
        "token_id": (np.arange(n, dtype=np.int64) - starts[doc_of_row]).astype(np.int32),
        **{c: cols[c] for c in (*_STORED, *_FLAGS, "char_start")},
    }
    data["lower"] = _lower_of(data["text"])
    for name in META_COLUMNS:
        if name in segs.columns:
            data[name] = segs[name].array.take(seg_row)
        elif name == "date":
            data[name] = np.full(n, np.datetime64("NaT"), "datetime64[ns]")
        else:
            data[name] = pd.Categorical.from_codes(np.full(n, -1, np.int8), categories=[])
    out = pd.DataFrame({c: data[c] for c in COLUMNS}, copy=False)
    out.attrs["pipeline"] = dict(info)
    return out
