"""Parse a large corpus on a Dask cluster into a partitioned Parquet token table.

:func:`parse_corpus` splits the documents into partitions of about ``partition_size``
characters (a document is never split), parses every partition with
:func:`discourse.tokens` on a ``dask.distributed`` worker, and writes one Parquet file per
partition (``part-00000.parquet``, ...) with the schema of :func:`discourse.tokens`.
:func:`read_tokens` reads the dataset back as the ordinary token table (the same rows,
values and dtypes as ``tokens()`` on the same input, ``attrs["pipeline"]`` included), so
:func:`discourse.keyness`, :func:`discourse.collocations` and the rest run on it.
:func:`discourse.analysis.parquet_counts.parquet_term_counts` counts terms per group file
by file, for token tables larger than memory. The dataset format is :mod:`.dataset`.

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

import contextlib
import json
import numbers
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._validate import Boolean, Constraint, Context, Instance, Interval, validate_params
from discourse.errors import CorpusError, PipelineError
from discourse.nlp.dataset import write_partition
from discourse.nlp.pipeline import PipelineName, resolve_pipeline_name
from discourse.nlp.schema import META_COLUMNS
from discourse.nlp.tokens import as_segments, tokens

__all__ = ["PARTITION_SIZE", "ParsedCorpus", "parse_corpus"]

#: Default partition size (characters of segment text per partition).
PARTITION_SIZE = "2MB"


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


def _parse_partition(segs: pd.DataFrame, pipeline: str, path: str, index: int) -> dict[str, Any]:
    """Worker task: parse one partition (no cache) and write it as one Parquet file."""
    start, cpu = time.perf_counter(), time.process_time()
    toks = tokens(segs, pipeline=pipeline, progress=False, cache=False)
    write_partition(toks, Path(path))
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


def _corpus_segments(corpus: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    """The segments of ``corpus`` with only the columns :func:`tokens` reads."""
    if isinstance(corpus, pd.DataFrame):
        segs = as_segments(corpus).reset_index(drop=True)
    else:
        from discourse.corpus.letters import load_letters
        from discourse.corpus.segment import segments

        segs = segments(load_letters(corpus)).reset_index(drop=True)
    if segs["doc_id"].isna().any():
        raise CorpusError("parse_corpus(): column 'doc_id' has missing values")
    if not len(segs):
        raise CorpusError("parse_corpus(): the corpus has no documents")
    # ship only what tokens() reads
    return segs[[c for c in ("doc_id", "seg_id", "seg_index", "text", *META_COLUMNS) if c in segs]]


class _Size(Constraint):
    """Characters per partition: an integer ≥ 1 or a size string (``"2MB"``)."""

    def ok(self, value: Any, ctx: Context) -> bool:
        return _chars(value) is not None

    def allowed(self, ctx: Context) -> str:
        return "a positive number of characters (int) or a size string such as '2MB'"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), 0, "0MB", "two megabytes", True]


def _chars(size: Any) -> int | None:
    """``size`` in characters, or ``None`` when it is not a positive size."""
    if isinstance(size, str):
        from dask.utils import parse_bytes

        try:
            size = parse_bytes(size)
        except (ValueError, TypeError):
            return None
    elif not isinstance(size, numbers.Integral) or isinstance(size, (bool, np.bool_)):
        return None
    return int(size) if size >= 1 else None


@contextlib.contextmanager
def _cluster(client: Any, n_workers: int | None) -> Iterator[Any]:
    """``client``, or a client of a new ``LocalCluster`` closed afterwards."""
    if client is not None:
        yield client
        return
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=n_workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    try:
        with Client(cluster) as own:
            yield own
    finally:
        cluster.close()


# Longer than 80 lines only through its numpydoc docstring (the reference documentation);
# the body is 18 lines.
@validate_params(
    corpus=Instance(
        pd.DataFrame, str, os.PathLike, label="a segments or letters table or a corpus folder"
    ),
    out=Instance(str, os.PathLike, label="a folder path (str or path)"),
    pipeline=PipelineName(label="each worker loads its own pipeline"),
    partition_size=_Size(),
    n_workers=Interval(int, 1, none=True, none_label="one per core"),
    overwrite=Boolean(),
)
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
    CorpusError
        When an argument is not valid (e.g. a loaded ``Language`` as ``pipeline``), or
        the corpus has no documents or documents without an id.
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
    out = Path(out)
    if out.exists() and not overwrite:
        raise FileExistsError(f"{out} exists; pass overwrite=True to replace it")
    name = resolve_pipeline_name(pipeline)
    parts = _partition(_corpus_segments(corpus), _chars(partition_size))
    rows, seconds = _parse_into(out, parts, name, client=client, n_workers=n_workers)
    infos = {json.dumps(r.pop("pipeline"), sort_keys=True) for r in rows}
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


def _parse_into(
    out: Path, parts: list[pd.DataFrame], name: str, *, client: Any, n_workers: int | None
) -> tuple[list[dict[str, Any]], float]:
    """Parse the partitions into a temporary folder, renamed to ``out`` when all succeeded.

    Returns one row per partition (see :class:`ParsedCorpus`) and the wall-clock seconds.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        with _cluster(client, n_workers) as running:
            _check_workers(running, name)
            rows, seconds = _run(running, parts, name, tmp)
        infos = {json.dumps(r["pipeline"], sort_keys=True) for r in rows}
        if len(infos) > 1:
            raise PipelineError(f"workers used different pipeline versions: {sorted(infos)}")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return rows, seconds


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
