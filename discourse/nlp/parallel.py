"""Parse a large corpus on a Dask cluster into a partitioned Parquet token table.

:func:`parse_corpus` splits the documents into partitions of about ``partition_size``
characters (a document is never split), parses every partition with
:func:`discourse.tokens` on a ``dask.distributed`` worker, and writes one Parquet file per
partition (``part-00000.parquet``, ...) with the schema of :func:`discourse.tokens`.
:func:`read_tokens` reads the dataset back as the ordinary token table (the same rows,
values and dtypes as ``tokens()`` on the same input, ``attrs["pipeline"]`` included), so
:func:`discourse.keyness`, :func:`discourse.collocations` and the rest run on it.
:func:`discourse.analysis.parquet_counts.parquet_term_counts` counts terms per group file
by file, for token tables larger than memory.

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

from discourse.errors import CorpusError, PipelineError
from discourse.nlp.pipeline import resolve_pipeline_name
from discourse.nlp.tokens import (
    COLUMNS,
    META_COLUMNS,
    STRING_COLUMNS,
    _as_segments,
    _sorted_categorical,
    tokens,
    write_parquet_atomic,
)

__all__ = ["ParsedCorpus", "dataset_files", "dataset_pipeline", "parse_corpus", "read_tokens"]

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


def _parse_partition(segs: pd.DataFrame, pipeline: str, path: str, index: int) -> dict[str, Any]:
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

    from discourse.nlp.pipeline import load_pipeline, pipeline_info

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
    from discourse.corpus.letters import load_letters
    from discourse.corpus.segment import segments

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

            cluster = LocalCluster(
                n_workers=n_workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
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
        path=out,
        pipeline=info,
        n_docs=int(table["n_docs"].sum()) if len(table) else 0,
        n_tokens=int(table["n_tokens"].sum()) if len(table) else 0,
        seconds=seconds,
        partitions=table,
    )


def _run(
    client: Any, parts: list[pd.DataFrame], name: str, folder: Path
) -> tuple[list[dict[str, Any]], float]:
    """Submit every partition, wait for all, raise one error naming all failed documents."""
    from distributed import wait

    start = time.perf_counter()
    futures = [
        client.submit(
            _parse_partition,
            part,
            name,
            str(folder / f"part-{i:05d}.parquet"),
            i,
            pure=False,
            key=f"discourse-parse-{uuid.uuid4().hex[:8]}-{i:05d}",
        )
        for i, part in enumerate(parts)
    ]
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
            str(exc)
            if isinstance(exc, PipelineError)
            else f"partition with documents [{docs}]: {type(exc).__name__}: {exc}"
            for exc, docs in errors
        )
        raise PipelineError(f"{len(errors)} of {len(parts)} partitions failed: {msgs}") from (
            errors[0][0]
        )
    return rows, wall


def dataset_files(path: str | os.PathLike) -> list[Path]:
    """The Parquet files of a dataset folder written by :func:`parse_corpus` (or ``[path]``)."""
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob("*.parquet") if not p.name.startswith("."))
    if not files:
        raise CorpusError(f"{path}: no Parquet files found")
    return files


def dataset_pipeline(files: Sequence[Path]) -> dict[str, str]:
    """The one pipeline recorded in the files' metadata (an error if none or several)."""
    seen = {}
    for f in files:
        meta = pq.read_schema(f).metadata or {}
        if _PIPELINE_KEY not in meta:
            raise CorpusError(f"{f}: not a discourse token table (no pipeline metadata)")
        seen[meta[_PIPELINE_KEY]] = f
    if len(seen) > 1:
        raise CorpusError(
            f"{files[0].parent}: files parsed with different pipelines: "
            f"{[json.loads(k) for k in seen]}"
        )
    return json.loads(next(iter(seen)))


def read_tokens(path: str | os.PathLike, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
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
    files = dataset_files(path)
    info = dataset_pipeline(files)
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
            dictionary = (
                unified.chunk(0).dictionary if unified.num_chunks else pa.array([], pa.string())
            )
            indices = (
                np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in unified.chunks])
                if unified.num_chunks
                else np.zeros(0, np.int32)
            )
            codes = np.where(pd.isna(indices), -1, indices).astype(np.int32)
            data[name] = pd.Categorical.from_codes(
                codes, dtype=pd.CategoricalDtype(pd.Index(dictionary, dtype="str"), ordered)
            )
        else:
            data[name] = column.to_pandas()
    out = pd.DataFrame(data, copy=False)
    out.attrs["pipeline"] = info
    return out
