"""Running the partitions of :func:`discourse.parse_corpus` on a Dask cluster, never hanging.

:func:`local_cluster` starts a ``LocalCluster`` when no client is given;
:func:`check_workers` loads the pipeline on every worker up front; :func:`run_partitions`
submits one task per partition (parse, then write one Parquet part) and waits for all of
them under one overall deadline. What did not finish becomes one
:class:`~discourse.errors.PipelineError` naming the documents of exactly those partitions:
a pipeline error, a worker that died while running the partition on every retry
(``distributed``'s ``KilledWorker``, e.g. the out-of-memory killer; the scheduler retries
``distributed.scheduler.allowed-failures`` times), a partition still pending or running at
the deadline, or one left without any worker for :data:`NO_WORKERS_SECONDS`. Healthy
partitions are never named. On any failure or interruption the remaining tasks are
cancelled. With ``worker-saturation`` 1.0 (set for the local cluster) only running tasks
sit on a worker, so a dying worker takes no queued partition's name with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from discourse.errors import PipelineError
from discourse.nlp.dataset import write_partition
from discourse.nlp.tokens import tokens

__all__ = ["NO_WORKERS_SECONDS", "check_workers", "local_cluster", "run_partitions"]

#: A run fails when the cluster has had no worker this long (seconds) with work pending.
NO_WORKERS_SECONDS = 60.0
_POLL = 0.5  # seconds between checks of the deadline and the workers


def _parse_partition(segs: pd.DataFrame, pipeline: str, path: str, index: int) -> dict[str, Any]:
    """Worker task: parse one partition (no cache) and write it as one Parquet file."""
    start, cpu = time.perf_counter(), time.process_time()
    toks = tokens(segs, pipeline=pipeline, progress=False, cache=False)
    entry = write_partition(toks, Path(path))  # fails if the folder is gone (run given up)
    return {
        "manifest": entry,
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


def check_workers(client: Any, name: str) -> None:
    """Load the pipeline on every worker up front; fail early if one cannot or differs."""
    try:
        loaded = client.run(_load_on_worker, name)
    except Exception as exc:
        raise PipelineError(
            f"pipeline {name!r} could not be loaded on every worker: {exc}"
        ) from exc
    if len(set(loaded.values())) > 1:
        raise PipelineError(f"workers have different versions of pipeline {name!r}: {loaded}")


@contextlib.contextmanager
def local_cluster(client: Any, n_workers: int | None) -> Iterator[Any]:
    """``client``, or a client of a new ``LocalCluster`` closed afterwards."""
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    # only running tasks sit on a worker: a dying worker is blamed for its own task only
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
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


def run_partitions(
    client: Any,
    parts: list[pd.DataFrame],
    name: str,
    folder: Path,
    until: tuple[float | None, float | None],
) -> tuple[list[dict[str, Any]], float]:
    """Submit every partition, wait for all, raise one error naming all failed documents.

    On any exception (the error below, an interruption) the partitions still pending or
    running are cancelled, so no worker writes into ``folder`` once it is removed.
    """
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
    try:
        done, unfinished = _await(client, futures, *until)
        wall = time.perf_counter() - start
        return _results(parts, futures, done, unfinished), wall
    except BaseException:
        client.cancel(futures)
        raise


def _await(
    client: Any, futures: list[Any], deadline: float | None, timeout: float | None
) -> tuple[dict[str, Any], str]:
    """The results (by key) of the futures done, fetched as each one completes (a worker
    that dies later takes no finished result with it), and why the rest is unfinished
    (``""`` when none is)."""
    from distributed import as_completed

    done: dict[str, Any] = {}
    pending = as_completed(futures, with_results=True, raise_errors=False)
    no_workers = None
    while True:
        done.update((f.key, r) for f, r in pending.next_batch(block=False))
        if len(done) == len(futures):
            return done, ""
        if deadline is not None and time.monotonic() >= deadline:
            return done, f"not finished within the deadline (timeout={timeout:g} seconds)"
        if client.nthreads():
            no_workers = None
        elif no_workers is None:
            no_workers = time.monotonic()
        elif time.monotonic() - no_workers >= NO_WORKERS_SECONDS:
            return done, f"not run: the cluster has had no workers for {NO_WORKERS_SECONDS:g} s"
        time.sleep(_POLL)


def _results(
    parts: list[pd.DataFrame], futures: list[Any], done: dict[str, Any], unfinished: str
) -> list[dict]:
    """The finished partitions' rows; a :class:`PipelineError` naming every failed one."""
    from distributed.scheduler import KilledWorker

    rows, errors = [], []
    for part, fut in zip(parts, futures, strict=True):
        docs = ", ".join(map(str, pd.unique(part["doc_id"])))
        if fut.key not in done:
            errors.append((None, f"partition with documents [{docs}] {unfinished}"))
        elif fut.status != "error" and isinstance(done[fut.key], dict):
            rows.append(done[fut.key])
        elif isinstance(exc := fut.exception(), KilledWorker):
            why = "its worker died while running it, on every retry (killed, e.g. out of memory)"
            errors.append((exc, f"partition with documents [{docs}]: {why}"))
        elif isinstance(exc, PipelineError):
            errors.append((exc, str(exc)))
        else:
            errors.append((exc, f"partition with documents [{docs}]: {type(exc).__name__}: {exc}"))
    if errors:
        msgs = "; ".join(msg for _, msg in errors)
        cause = next((exc for exc, _ in errors if exc is not None), None)
        raise PipelineError(f"{len(errors)} of {len(parts)} partitions failed: {msgs}") from cause
    return rows
