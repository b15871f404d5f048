"""The on-disk cache of parsed documents: one Parquet file per :func:`discourse.tokens` call.

Every document has a key, a SHA-256 of (schema version, pipeline name, pipeline version
-- which includes the adapter's own version --, the document's segment texts). The
documents parsed by one call are written as one Parquet file under
``paths.cache_dir() / "tokens" / <pipeline>``, ``corpus-<hash of their keys>.parquet``.
A call first looks for the file holding exactly its documents (so a repeated call reads
one file), else reads the footers of the other files to find its documents there
(:func:`lookup`), and parses only the documents it cannot find; when its documents came
from several files it writes all documents of those files as one file and deletes them
(:func:`consolidate`). So every document is stored in one file only: the cache holds at
most one copy of every parsed document (per text and pipeline version), in at most as many
files as documents, however the documents are requested (subset calls, letters added one
at a time). Texts edited since, and pipelines upgraded since, leave their old entries
until the folder is deleted.

String columns are stored dictionary-encoded with the sorted categories as dictionary
(no string objects are materialised per token); ``lower`` is not stored but derived from
``text`` per distinct form. Files are not compressed further (speed before size) and
their pages carry CRC checksums, verified on read, so flipped bytes are detected. A
file's document keys, their row counts, its total row count and a key over all of them
are stored in the Parquet metadata and verified on read, with the column types and
segment positions, and the table is validated in full (dictionary indices in range); a
file that cannot be read or does not match is deleted with a :class:`CacheWarning` and
its documents are re-parsed, never trusted -- every time, whatever the exception. Writes
are atomic (temporary file + ``os.replace``) and complete before :func:`discourse.tokens`
returns; a cache folder that cannot be written (read-only, disk full) gives a
:class:`CacheWarning`, not an error, and the parsed tokens are returned. Segment metadata is
joined after loading, so editing metadata never forces a re-parse.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from discourse import paths
from discourse.errors import CacheWarning
from discourse.nlp.atomic import atomic_path
from discourse.nlp.categoricals import arrow_strings, sorted_categorical, used_categories
from discourse.nlp.schema import FLAG_COLUMNS, STORED_COLUMNS

__all__ = [
    "CACHE_SCHEMA",
    "CacheWarning",
    "SCHEMA_VERSION",
    "STATS",
    "cache_folder",
    "cache_info",
    "cache_table",
    "cached_columns",
    "consolidate",
    "discard",
    "document_key",
    "lookup",
    "write_batch",
    "write_parquet_atomic",
]

#: Version of the cached table layout (part of every cache key).
SCHEMA_VERSION = "3"
#: Layout of one cached document (whitespace dropped; ``token_id`` is the row number).
CACHE_SCHEMA = pa.schema(
    [("seg_pos", pa.int32()), ("sent_id", pa.int32())]
    + [(c, pa.dictionary(pa.int32(), pa.string())) for c in STORED_COLUMNS]
    + [(c, pa.bool_()) for c in FLAG_COLUMNS]
    + [("char_start", pa.int32())]
)
_KEY, _ROWS, _SIZES = b"discourse_key", b"discourse_rows", b"discourse_sizes"
_KEYS = b"discourse_documents"
#: Counters since start-up, reported by :func:`cache_info`.
STATS: Counter[str] = Counter()
log = logging.getLogger(__name__)


def cache_info() -> dict[str, int]:
    """Counters since start-up: ``parsed_segments``, ``cache_hits``, ``cache_misses``,
    ``cache_rebuilt`` (corrupt or stale files replaced), ``snapshot_hits`` (calls served
    from one corpus snapshot file)."""
    return {
        k: STATS[k]
        for k in ("parsed_segments", "cache_hits", "cache_misses", "cache_rebuilt", "snapshot_hits")
    }


def document_key(texts: Sequence[str], info: dict[str, Any]) -> str:
    key = hashlib.sha256(json.dumps([SCHEMA_VERSION, info["name"], info["version"]]).encode())
    for text in texts:  # length-prefixed, so no two lists of texts give the same bytes
        data = text.encode("utf-8", "surrogatepass")
        key.update(len(data).to_bytes(8, "little"))
        key.update(data)
    return key.hexdigest()


def batch_key(keys: Sequence[str]) -> str:
    payload = json.dumps([SCHEMA_VERSION, "batch", list(keys)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def cache_folder(info: dict[str, Any]) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in info["name"])
    return paths.cache_dir() / "tokens" / safe


def lookup(
    folder: Path, keys: Sequence[str], seg_counts: Sequence[int]
) -> tuple[dict[str, pa.Table], dict[Path, dict[str, pa.Table]], bool]:
    """The cached tables of documents ``keys`` (``seg_counts[k]`` segments each).

    First the one file holding exactly these documents (the usual repeated call), else any
    files that hold some of them (:func:`find_documents`). Returns the verified tables by
    key, the files they came from with the tables of all their documents, and whether
    they came from that one file.
    """
    wanted = dict(zip(keys, seg_counts, strict=True))
    whole_path = folder / f"corpus-{batch_key(keys)}.parquet"
    whole = read_batch(whole_path, wanted)
    if whole is not None:
        STATS["snapshot_hits"] += 1
        return {k: whole[k] for k in keys}, {whole_path: whole}, True
    found, sources = find_documents(folder, wanted, skip=whole_path.name)
    return found, sources, False


def consolidate(
    folder: Path, keys: Sequence[str], sources: dict[Path, dict[str, pa.Table]]
) -> None:
    """Write all documents of ``sources`` (files read by one call) as one file and delete
    those files, so no document is stored twice. ``keys`` (the call's documents) come
    first, so the next identical call finds the file by name when they are all of it."""
    tables = {k: t for held in sources.values() for k, t in held.items()}
    order = [k for k in keys if k in tables] + [k for k in tables if k not in set(keys)]
    body = pa.concat_tables([tables[k] for k in order])
    write_batch(
        folder, order, cache_table(cached_columns(body)), [tables[k].num_rows for k in order]
    )
    for path in sources:
        if path.name != f"corpus-{batch_key(order)}.parquet":
            with contextlib.suppress(OSError):  # e.g. open elsewhere on Windows
                path.unlink(missing_ok=True)


def discard(paths_: Sequence[Path], exc: BaseException) -> None:
    """Delete cache files whose tables failed after reading (their documents are re-parsed)."""
    for path in paths_:
        _discard(path, exc)


def cache_table(cols: dict[str, Any]) -> pa.Table:
    """Parsed columns (:func:`~discourse.nlp.parse.fresh_columns`) as one cache table.

    String columns are stored with their sorted categories as the dictionary.
    """
    arrays: list[pa.Array] = [pa.array(cols["seg_pos"]), pa.array(cols["sent_id"])]
    for c in STORED_COLUMNS:
        cat = cols[c]
        arrays.append(
            pa.DictionaryArray.from_arrays(
                pa.array(cat.codes.astype(np.int32, copy=False)), arrow_strings(cat.categories)
            )
        )
    arrays += [pa.array(cols[c]) for c in (*FLAG_COLUMNS, "char_start")]
    return pa.Table.from_arrays(arrays, schema=CACHE_SCHEMA)


def cached_columns(body: pa.Table, *, prune: bool = True) -> dict[str, Any]:
    """Parsed columns (as :func:`~discourse.nlp.parse.fresh_columns`) from cache tables.

    A file may hold other documents too: with ``prune`` strings that only they use are
    dropped from the categories, so the result does not depend on what else the cache
    holds (``prune=False``: the tables are whole files of exactly these documents).
    """
    cols: dict[str, Any] = {}
    for c in STORED_COLUMNS:
        cat = sorted_categorical(body.column(c))
        cols[c] = used_categories(cat) if prune else cat
    for c in ("seg_pos", "sent_id", *FLAG_COLUMNS, "char_start"):
        cols[c] = body.column(c).to_numpy()
    return cols


def read_batch(path: Path, wanted: dict[str, int]) -> dict[str, pa.Table] | None:
    """The tables of all documents of one batch file, by key, verified; the documents
    ``wanted`` (key -> segment count) must all be there with plausible rows.

    ``None`` when the file is missing, unreadable, or fails a check (then its documents
    are re-parsed; never trusted).
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
        if meta.get(_KEY) != batch_key(keys).encode() or rows != table.num_rows:
            raise ValueError("key or row count does not match")
        if len(sizes) != len(keys) or sum(sizes) != table.num_rows or min(sizes, default=0) < 0:
            raise ValueError("document sizes do not match")
        table = table.replace_schema_metadata(None)
        if not table.schema.equals(CACHE_SCHEMA):
            raise ValueError("unexpected columns or types")
        table.validate(full=True)  # e.g. dictionary indices out of range
        starts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        if len(set(keys)) != len(keys):
            raise ValueError("a document is listed twice")
        out = {key: table.slice(starts[i], sizes[i]) for i, key in enumerate(keys)}
        for key, n_segs in wanted.items():
            if key not in out:
                raise ValueError(f"document {key[:12]}… is not in this file")
            seg_pos = out[key].column("seg_pos").to_numpy()
            if len(seg_pos) and (seg_pos.min() < 0 or seg_pos.max() >= n_segs):
                raise ValueError("segment positions out of range")
        return out
    except Exception as exc:  # corrupt, truncated or stale: rebuild, never trust
        return _discard(path, exc)


def _discard(path: Path, exc: BaseException) -> None:
    """Warn about and delete a cache file that cannot be trusted (its documents are
    re-parsed)."""
    message = f"discarding cache file {path} ({type(exc).__name__}: {exc}); parsing again"
    log.warning("%s", message)
    warnings.warn(message, CacheWarning, stacklevel=2)
    STATS["cache_rebuilt"] += 1
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def write_batch(folder: Path, keys: Sequence[str], table: pa.Table, sizes: Sequence[int]) -> None:
    """Write documents ``keys`` (``sizes[k]`` rows each) as one batch file."""
    folder.mkdir(parents=True, exist_ok=True)
    key = batch_key(keys)
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
        use_dictionary=list(STORED_COLUMNS),
        write_page_checksum=True,
    )  # speed first


def find_documents(
    folder: Path, wanted: dict[str, int], skip: str
) -> tuple[dict[str, pa.Table], dict[Path, dict[str, pa.Table]]]:
    """The documents of ``wanted`` (key -> segment count) held by batch files in ``folder``.

    Only the files' footers are read to find which file holds which document (newest file
    first); each file that holds some is then read once and verified (``read_batch``).
    A file that cannot be read is discarded (deleted; its documents are parsed again), one
    that disappears meanwhile (replaced by another process) is passed over.
    Returns the verified tables by key and, for every file they came from, the tables of
    all its documents.
    """
    if not folder.is_dir():
        return {}, {}
    remaining = set(wanted)
    holders: dict[Path, dict[str, int]] = {}
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
            remaining -= held
    found: dict[str, pa.Table] = {}
    held_by: dict[Path, dict[str, pa.Table]] = {}
    for path, docs in holders.items():
        tables = read_batch(path, docs)
        if tables is not None:
            found.update({key: tables[key] for key in docs})
            held_by[path] = tables
    return found, held_by


def write_parquet_atomic(table: pa.Table, path: Path, **options: Any) -> None:
    """``pq.write_table`` to a hidden temporary file beside ``path``, then ``os.replace``.

    Readers never see a half-written file; the temporary file is removed on failure.
    """
    with atomic_path(path) as tmp:  # streamed to disk: no copy of the file in memory
        pq.write_table(table, tmp, **options)
