"""Parse a large corpus on a Dask cluster into a partitioned Parquet token table.

:func:`parse_corpus` splits the documents into partitions of about ``partition_size``
characters (a document is never split), parses every partition with
:func:`discourse.tokens` on a ``dask.distributed`` worker, and writes one Parquet file per
partition (``part-00000.parquet``, ...) with the schema of :func:`discourse.tokens`.
:func:`read_tokens` reads the dataset back as the ordinary token table (the same rows,
values and dtypes as ``tokens()`` on the same input, ``attrs["pipeline"]`` included), so
:func:`discourse.keyness`, :func:`discourse.collocations` and the rest run on it.
:func:`parquet_term_counts` counts terms per group file by file (the counting of
:func:`discourse.keyness`), for token tables larger than memory; feed its counts to
:func:`discourse.keyness.keyness_measures`.

Without a ``client`` a ``LocalCluster`` (one single-threaded worker process per core) is
started and closed afterwards. To use a real cluster, pass
``Client("tcp://scheduler:8786")``; every worker needs ``discourse`` and the pipeline
installed (Frog on the workers' ``PATH`` for ``pipeline="frog"``) and ``out`` must be a
folder all workers can write to (a shared file system). The texts are sent from the
client to the workers, partition by partition.

A document that makes the pipeline fail is never skipped: the partition fails, the other
partitions finish, and :class:`~discourse.errors.PipelineError` names every failing
document; no output folder is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .errors import CorpusError, PipelineError
from .nlp import resolve_pipeline_name
from .tokens import (
    COLUMNS,
    META_COLUMNS,
    STRING_COLUMNS,
    _as_segments,
    _sorted_categorical,
    tokens,
    write_parquet_atomic,
)

__all__ = ["ParsedCorpus", "parse_corpus", "parquet_term_counts", "read_tokens"]

#: Default partition size (characters of segment text per partition).
PARTITION_SIZE = "2MB"
_PIPELINE_KEY = b"discourse_pipeline"
#: Columns whose categories :func:`read_tokens` sorts, as :func:`discourse.tokens` does.
_SORTED = ("doc_id", "seg_id", *STRING_COLUMNS)


@dataclass(frozen=True)
class ParsedCorpus:
    """What :func:`parse_corpus` wrote; ``os.fspath(result)`` is the dataset folder.

    Attributes
    ----------
    path : Path
        The Parquet dataset folder (one ``part-NNNNN.parquet`` file per partition).
    pipeline : dict
        ``{"name", "version"}`` of the pipeline every worker used.
    n_docs, n_tokens : int
        Documents and tokens written.
    seconds : float
        Wall-clock time of the parse (cluster start-up and pipeline loading excluded).
    partitions : DataFrame
        One row per partition: ``partition, file, n_docs, n_chars, n_tokens, seconds,
        cpu_seconds, worker`` (seconds: parse + write on the worker).
    """

    path: Path
    pipeline: dict[str, str]
    n_docs: int
    n_tokens: int
    seconds: float
    partitions: pd.DataFrame = field(repr=False)

    def __fspath__(self) -> str:
        return str(self.path)

    @property
    def tokens_per_second(self) -> float:
        """Parse throughput over the whole run."""
        return self.n_tokens / self.seconds if self.seconds > 0 else float("nan")


def _partition(segs: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    """Consecutive groups of whole documents with about ``size`` characters each."""
    codes, _ = pd.factorize(segs["doc_id"], sort=False)
    chars = segs["text"].fillna("").astype(str).str.len().to_numpy()
    doc_chars = np.bincount(codes, weights=chars, minlength=codes.max() + 1 if len(codes) else 0)
    parts: list[list[int]] = [[]]
    filled = 0.0
    for doc, n in enumerate(doc_chars):
        if parts[-1] and filled + n > size:
            parts.append([])
            filled = 0.0
        parts[-1].append(doc)
        filled += n
    return [segs[np.isin(codes, docs)] for docs in parts if docs]


def _arrow_schema(df: pd.DataFrame) -> pa.Schema:
    """Fixed Arrow types (int32 dictionary indices everywhere) so partitions agree."""
    fields = []
    for name in df.columns:
        dtype = df[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            typ: pa.DataType = pa.dictionary(pa.int32(), pa.string(), ordered=dtype.ordered)
        elif str(dtype).startswith("datetime64"):
            typ = pa.timestamp("ns")
        else:
            typ = pa.from_numpy_dtype(dtype)
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(df, schema=_arrow_schema(df), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_PIPELINE_KEY] = json.dumps(df.attrs["pipeline"]).encode()
    write_parquet_atomic(table.replace_schema_metadata(meta), path)


def _parse_partition(segs: pd.DataFrame, pipeline: str, path: str, index: int
                     ) -> dict[str, Any]:  # fmt: skip
    """Worker task: parse one partition (no cache) and write it as one Parquet file."""
    start, cpu = time.perf_counter(), time.process_time()
    toks = tokens(segs, pipeline=pipeline, progress=False, cache=False)
    _write_parquet(toks, Path(path))
    return {
        "partition": index,
        "file": Path(path).name,
        "n_docs": int(segs["doc_id"].nunique()),
        "n_chars": int(segs["text"].fillna("").astype(str).str.len().sum()),
        "n_tokens": len(toks),
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "pipeline": toks.attrs["pipeline"],
    }


def _load_on_worker(pipeline: str) -> str:
    """Worker set-up: load the pipeline once (cached per process); its name and version."""
    import warnings

    from .nlp import load_pipeline, pipeline_info

    with warnings.catch_warnings():  # the built-in pipeline's warning would repeat per worker
        warnings.simplefilter("ignore")
        return json.dumps(pipeline_info(load_pipeline(pipeline)), sort_keys=True)


def _check_workers(client: Any, name: str) -> None:
    """Load the pipeline on every worker up front; fail early if one cannot or differs."""
    try:
        loaded = client.run(_load_on_worker, name)
    except Exception as exc:
        raise PipelineError(
            f"pipeline {name!r} could not be loaded on every worker: {exc}"
        ) from exc
    if len(set(loaded.values())) > 1:
        raise PipelineError(f"workers have different versions of pipeline {name!r}: {loaded}")


def _as_corpus(corpus: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    if isinstance(corpus, pd.DataFrame):
        return _as_segments(corpus).reset_index(drop=True)
    from .corpus import load_letters
    from .segment import segments

    return segments(load_letters(corpus)).reset_index(drop=True)


def parse_corpus(
    corpus: pd.DataFrame | str | os.PathLike,
    out: str | os.PathLike,
    *,
    pipeline: str = "auto",
    client: Any = None,
    partition_size: int | str = PARTITION_SIZE,
    n_workers: int | None = None,
    overwrite: bool = False,
) -> ParsedCorpus:
    """Parse a corpus on a Dask cluster into a partitioned Parquet token table.

    Parameters
    ----------
    corpus : DataFrame or path
        A segments table (:func:`discourse.segments`), a letters table (one segment per
        letter, as in :func:`discourse.tokens`), or a corpus folder, which is read with
        ``segments(load_letters(folder))``.
    out : path
        Folder to create; one ``part-NNNNN.parquet`` file per partition. It is written
        under a temporary name and renamed when every partition succeeded.
    pipeline : str
        Pipeline name (:func:`discourse.load_pipeline`); ``"auto"`` is resolved here, on
        the client, and every worker must load that same pipeline (name and version are
        checked). Loaded ``Language`` objects are not accepted: each worker loads its own.
    client : distributed.Client, optional
        Cluster to run on, e.g. ``Client("tcp://scheduler:8786")``. Default: a
        ``LocalCluster`` with ``n_workers`` single-threaded worker processes, closed when
        done.
    partition_size : int or str
        Characters of text per partition (``"2MB"`` style strings are accepted, parsed with
        ``dask.utils.parse_bytes``); documents are never split, so a partition holds at
        least one document.
    n_workers : int, optional
        Worker processes of the local cluster (default: the number of cores).
    overwrite : bool
        Replace ``out`` if it exists (otherwise that is an error).

    Returns
    -------
    ParsedCorpus
        The dataset path (``os.fspath(result)``), pipeline, counts, seconds and one row per
        partition. Read it with :func:`read_tokens`.

    Raises
    ------
    PipelineError
        When the pipeline fails on any document (every failing document id is named) or
        workers report different pipeline versions.
    FileExistsError
        When ``out`` exists and ``overwrite`` is false.

    Examples
    --------
    >>> from distributed import Client  # doctest: +SKIP
    >>> res = parse_corpus("brieven/", "brieven_tokens", pipeline="frog",
    ...                    client=Client("tcp://scheduler:8786"))  # doctest: +SKIP
    >>> toks = read_tokens(res)  # doctest: +SKIP
    """
    if not isinstance(pipeline, str):
        raise TypeError("parse_corpus() needs a pipeline *name*; every worker loads its own")
    from dask.utils import parse_bytes

    size = parse_bytes(partition_size) if isinstance(partition_size, str) else int(partition_size)
    if size < 1:
        raise ValueError(f"partition_size={partition_size!r} must be positive")
    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists; pass overwrite=True to replace it")
    name = resolve_pipeline_name(pipeline)
    segs = _as_corpus(corpus)
    if segs["doc_id"].isna().any():
        raise CorpusError("parse_corpus(): column 'doc_id' has missing values")
    if not len(segs):
        raise CorpusError("parse_corpus(): the corpus has no documents")
    # ship only what tokens() reads
    segs = segs[[c for c in ("doc_id", "seg_id", "seg_index", "text", *META_COLUMNS) if c in segs]]
    parts = _partition(segs, size)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    own = client is None
    cluster = None
    try:
        if own:
            from distributed import Client, LocalCluster

            cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1,
                                   threads_per_worker=1, processes=True,
                                   dashboard_address=None)  # fmt: skip
            client = Client(cluster)
        _check_workers(client, name)
        rows, seconds = _run(client, parts, name, tmp)
        infos = {json.dumps(r.pop("pipeline"), sort_keys=True) for r in rows}
        if len(infos) > 1:
            raise PipelineError(f"workers used different pipeline versions: {sorted(infos)}")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if own and client is not None:
            client.close()
            if cluster is not None:
                cluster.close()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    table = pd.DataFrame(rows).sort_values("partition", ignore_index=True)
    info = json.loads(next(iter(infos))) if infos else {"name": name, "version": "unknown"}
    return ParsedCorpus(
        path=out, pipeline=info, n_docs=int(table["n_docs"].sum()) if len(table) else 0,
        n_tokens=int(table["n_tokens"].sum()) if len(table) else 0,
        seconds=seconds, partitions=table,
    )  # fmt: skip


def _run(client: Any, parts: list[pd.DataFrame], name: str, folder: Path
         ) -> tuple[list[dict[str, Any]], float]:  # fmt: skip
    """Submit every partition, wait for all, raise one error naming all failed documents."""
    from distributed import wait

    start = time.perf_counter()
    futures = [
        client.submit(_parse_partition, part, name, str(folder / f"part-{i:05d}.parquet"), i,
                      pure=False, key=f"discourse-parse-{uuid.uuid4().hex[:8]}-{i:05d}")
        for i, part in enumerate(parts)
    ]  # fmt: skip
    wait(futures)
    wall = time.perf_counter() - start
    rows, errors = [], []
    for part, fut in zip(parts, futures, strict=True):
        if fut.status == "finished":
            rows.append(fut.result())
        else:
            exc = fut.exception()
            docs = ", ".join(map(str, pd.unique(part["doc_id"])))
            errors.append((exc, docs))
    if errors:
        msgs = "; ".join(
            str(exc) if isinstance(exc, PipelineError)
            else f"partition with documents [{docs}]: {type(exc).__name__}: {exc}"
            for exc, docs in errors
        )  # fmt: skip
        raise PipelineError(f"{len(errors)} of {len(parts)} partitions failed: {msgs}") from (
            errors[0][0]
        )
    return rows, wall


def _files(path: str | os.PathLike) -> list[Path]:
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob("*.parquet") if not p.name.startswith("."))
    if not files:
        raise CorpusError(f"{path}: no Parquet files found")
    return files


def _pipeline_of(files: Sequence[Path]) -> dict[str, str]:
    seen = {}
    for f in files:
        meta = pq.read_schema(f).metadata or {}
        if _PIPELINE_KEY not in meta:
            raise CorpusError(f"{f}: not a discourse token table (no pipeline metadata)")
        seen[meta[_PIPELINE_KEY]] = f
    if len(seen) > 1:
        raise CorpusError(f"{files[0].parent}: files parsed with different pipelines: "
                          f"{[json.loads(k) for k in seen]}")  # fmt: skip
    return json.loads(next(iter(seen)))


def read_tokens(path: str | os.PathLike, *, columns: Sequence[str] | None = None
                ) -> pd.DataFrame:  # fmt: skip
    """Read a token table written by :func:`parse_corpus` (a folder or one file).

    Parameters
    ----------
    path : path or ParsedCorpus
        The dataset folder (or a single Parquet file of it).
    columns : list of str, optional
        Read only these columns (the rest is never loaded).

    Returns
    -------
    DataFrame
        The token table with the dtypes of :func:`discourse.tokens` (string columns as
        categoricals with sorted categories, metadata categoricals as written) and
        ``attrs["pipeline"]``; rows in partition order.
    """
    files = _files(path)
    info = _pipeline_of(files)
    cols = list(columns) if columns is not None else None
    if cols is not None:
        unknown = [c for c in cols if c not in COLUMNS]
        if unknown:
            raise CorpusError(f"unknown token-table column(s) {unknown}; valid: {list(COLUMNS)}")
    tables = [pq.ParquetFile(f).read(columns=cols) for f in files]
    table = pa.concat_tables(tables)
    data: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name)
        if name in _SORTED:
            data[name] = _sorted_categorical(column)
        elif pa.types.is_dictionary(column.type):
            ordered = column.type.ordered
            unified = column.unify_dictionaries()
            dictionary = (unified.chunk(0).dictionary if unified.num_chunks
                          else pa.array([], pa.string()))  # fmt: skip
            indices = (np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in
                                       unified.chunks]) if unified.num_chunks
                       else np.zeros(0, np.int32))  # fmt: skip
            codes = np.where(pd.isna(indices), -1, indices).astype(np.int32)
            data[name] = pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(pd.Index(dictionary, dtype="str"), ordered)
            )
        else:
            data[name] = column.to_pandas()
    out = pd.DataFrame(data, copy=False)
    out.attrs["pipeline"] = info
    return out


def parquet_term_counts(
    path: str | os.PathLike,
    *,
    by: str = "period",
    unit: str = "lemma",
    pos: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = "government",
) -> pd.DataFrame:
    """Term frequencies per group from a Parquet token table, one file at a time.

    Memory stays at one partition plus the count table, so this works for token tables
    larger than memory. Each partition is counted by :func:`discourse.counts.term_counts`
    (``words_only=True``), so terms, ``pos`` and ``role`` mean exactly what they mean in
    :func:`discourse.keyness`, bigrams included (partitions never split a document, so no
    bigram is lost at a partition boundary).

    Parameters
    ----------
    path : path or ParsedCorpus
        The dataset folder written by :func:`parse_corpus` (or one file of it).
    by, unit, pos, role
        As in :func:`discourse.keyness.keyness` (``unit`` one of lemma, lower, text,
        bigram). A ``role`` value must occur in some partition.

    Returns
    -------
    DataFrame
        ``term, group, n`` (tidy, strings and int64 counts; sort order: group, term) with
        ``attrs["group_size"]`` (words per group; with ``pos`` still all words, as the
        keyness denominators) and ``attrs["pipeline"]``. For ``a, b, c, d`` of a
        target/reference comparison sum ``n`` and the sizes per side and call
        :func:`discourse.keyness.keyness_measures`.

    Raises
    ------
    CorpusError
        A ``role`` that occurs in no partition, an unknown ``unit`` or ``pos``.
    """
    from .counts import UNITS, term_counts

    if unit not in UNITS:
        raise CorpusError(f"unit={unit!r} is not one of {', '.join(UNITS)}")
    files = _files(path)
    info = _pipeline_of(files)
    roles = None if role is None else ([role] if isinstance(role, str) else list(role))
    column = "lower" if unit == "bigram" else unit
    needed = list(dict.fromkeys(["doc_id", by, column, "role", "is_punct", "upos", "sent_id",
                                 "token_id"]))  # fmt: skip
    counts: list[pd.DataFrame] = []
    sizes: list[pd.Series] = []
    seen_roles: set[str] = set()
    for f in files:
        part = read_tokens(f, columns=needed)
        present = {str(r) for r in part["role"].dropna().unique()}
        seen_roles |= present
        use = None if roles is None else [r for r in roles if r in present]
        if use == []:
            continue
        tc = term_counts(part, by=by, unit=unit, pos=pos, role=use)
        groups = [str(g) for g in tc.groups]
        term_idx, group_idx = np.nonzero(np.asarray(tc.group_counts))
        counts.append(pd.DataFrame({
            "term": np.asarray([str(t) for t in tc.terms], dtype=object)[term_idx],
            "group": np.asarray(groups, dtype=object)[group_idx],
            "n": np.asarray(tc.group_counts)[term_idx, group_idx],
        }))  # fmt: skip
        sizes.append(pd.Series(np.asarray(tc.group_size), index=groups))
    if roles is not None:
        missing = [r for r in roles if r not in seen_roles]
        if missing:
            raise CorpusError(f"role={missing[0]!r} does not occur in column 'role'; valid "
                              f"values: {', '.join(sorted(seen_roles)) or '(none)'}")  # fmt: skip
    if counts:
        total = (pd.concat(counts).groupby(["group", "term"], sort=True)["n"].sum()
                 .reset_index()[["term", "group", "n"]])  # fmt: skip
    else:
        total = pd.DataFrame({"term": pd.Series(dtype=object), "group": pd.Series(dtype=object),
                              "n": pd.Series(dtype=np.int64)})  # fmt: skip
    total["n"] = total["n"].astype(np.int64)
    size = pd.concat(sizes).groupby(level=0).sum() if sizes else pd.Series(dtype=np.int64)
    total.attrs["group_size"] = {str(g): int(n) for g, n in size.items() if n}
    total.attrs["pipeline"] = info
    return total
