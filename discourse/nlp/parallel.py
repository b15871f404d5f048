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
document; no output folder is left behind. The same holds for a partition whose worker
process dies while running it (killed, e.g. by the out-of-memory killer) on every retry,
and for partitions not finished within the call's one overall deadline (``timeout``) or
left without any worker for :data:`NO_WORKERS_SECONDS`: the error names exactly their
documents, and the run never hangs. The output folder rules are in :mod:`.outfolder`.
"""

from __future__ import annotations

import json
import numbers
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._validate import Boolean, Constraint, Context, Instance, Interval, validate_params
from discourse.errors import CorpusError, PipelineError
from discourse.nlp.cluster import NO_WORKERS_SECONDS, check_workers, local_cluster, run_partitions
from discourse.nlp.dataset import arrow_table, write_manifest
from discourse.nlp.outfolder import check_output, remove_stale, replace_folder, temporary_folder
from discourse.nlp.pipeline import PipelineName, resolve_pipeline_name
from discourse.nlp.schema import META_COLUMNS
from discourse.nlp.tokens import as_segments

__all__ = ["NO_WORKERS_SECONDS", "PARSE_TIMEOUT", "PARTITION_SIZE", "ParsedCorpus", "parse_corpus"]

#: Default partition size (characters of segment text per partition).
PARTITION_SIZE = "2MB"
#: Default overall deadline of one :func:`parse_corpus` call, in seconds (6 hours).
PARSE_TIMEOUT = 6 * 3600.0


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


def _corpus_folder(corpus: Any) -> Path | None:
    """The corpus folder when ``corpus`` is a path (the folder or its metadata file)."""
    if isinstance(corpus, pd.DataFrame):
        return None
    path = Path(corpus)
    return path if path.is_dir() or not path.exists() else path.parent


def _check_metadata(segs: pd.DataFrame) -> None:
    """Every metadata column can be stored in the Parquet parts (checked before parsing)."""
    for name in [c for c in META_COLUMNS if c in segs]:
        try:
            arrow_table(segs[[name]])
        except (TypeError, ValueError, ArithmeticError) as exc:  # pyarrow's errors among them
            raise CorpusError(
                f"parse_corpus(): metadata column {name!r} (dtype {segs[name].dtype}) cannot "
                f"be stored in Parquet ({type(exc).__name__}: {exc}); allowed: strings, "
                "categoricals, numbers, booleans or dates"
            ) from exc


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
    _check_metadata(segs)
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
    timeout=Interval(float, 0, closed="neither", none=True, none_label="no deadline"),
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
    timeout: float | None = PARSE_TIMEOUT,
) -> ParsedCorpus:
    """Parse a corpus on a Dask cluster into a partitioned Parquet token table.

    Parameters
    ----------
    corpus : DataFrame or path
        A segments table (:func:`discourse.segments`), a letters table (one segment per
        letter, as in :func:`discourse.tokens`), or a corpus folder, which is read with
        ``segments(load_letters(folder))``.
    out : path
        Folder to create; one ``part-NNNNN.parquet`` file per partition and the manifest
        ``_discourse_dataset.json`` (documents, rows and SHA-256 of every part, checked
        by :func:`read_tokens`). It is written under a temporary name beside ``out`` and
        renamed when every partition succeeded; on failure or interruption the temporary
        folder is removed and an existing ``out`` is left as it was. It must not be the
        corpus folder, nor inside it or around it.
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
        Replace ``out`` if it exists (otherwise that is an error); only an empty folder
        or a dataset written by ``parse_corpus`` is replaced, never a folder with other
        files.
    timeout : float, optional
        Overall deadline of the call in seconds, from the call to the last partition
        (default :data:`PARSE_TIMEOUT`, 6 hours; ``None``: none). Partitions not finished
        by then fail, named with their documents. Independently, a run whose cluster has
        had no worker for :data:`NO_WORKERS_SECONDS` fails the same way.

    Returns
    -------
    ParsedCorpus
        The dataset path (``os.fspath(result)``), pipeline, counts, seconds and one row per
        partition. Read it with :func:`read_tokens`.

    Raises
    ------
    CorpusError
        When an argument is not valid (e.g. a loaded ``Language`` as ``pipeline``), the
        corpus has no documents or documents without an id, a metadata column cannot be
        stored in Parquet, or ``out`` is (in, or around) the corpus folder or holds files
        ``parse_corpus`` did not write (the folder and a file are named), or ``out``
        exists and ``overwrite`` is false.
    PipelineError
        When the pipeline fails on any document, a worker dies while running a
        partition (on every retry), or partitions are not finished by the deadline or
        left without workers: every document of those partitions is named. Also when
        workers report different pipeline versions.

    Examples
    --------
    >>> from distributed import Client  # doctest: +SKIP
    >>> res = parse_corpus("brieven/", "brieven_tokens", pipeline="frog",
    ...                    client=Client("tcp://scheduler:8786"))  # doctest: +SKIP
    >>> toks = read_tokens(res)  # doctest: +SKIP
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    out, folder = Path(out), _corpus_folder(corpus)
    check_output(out, overwrite=overwrite, corpus_folder=folder)
    name = resolve_pipeline_name(pipeline)
    parts = _partition(_corpus_segments(corpus), _chars(partition_size))
    rows, seconds = _parse_into(
        out, parts, name, client=client, n_workers=n_workers, until=(deadline, timeout)
    )
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
    out: Path,
    parts: list[pd.DataFrame],
    name: str,
    *,
    client: Any,
    n_workers: int | None,
    until: tuple[float | None, float | None],
) -> tuple[list[dict[str, Any]], float]:
    """Parse the partitions into a temporary folder that replaces ``out`` when all succeeded.

    Returns one row per partition (see :class:`ParsedCorpus`) and the wall-clock seconds.
    """
    remove_stale(out)
    tmp = temporary_folder(out)
    try:
        with local_cluster(client, n_workers) as running:
            check_workers(running, name)
            rows, seconds = run_partitions(running, parts, name, tmp, until)
        infos = {json.dumps(r["pipeline"], sort_keys=True) for r in rows}
        if len(infos) > 1:
            raise PipelineError(f"workers used different pipeline versions: {sorted(infos)}")
        entries = [r.pop("manifest") for r in sorted(rows, key=lambda r: r["partition"])]
        write_manifest(tmp, entries, json.loads(next(iter(infos))) if infos else {})
        check_output(out, overwrite=True, corpus_folder=None)  # nothing foreign came in since
        replace_folder(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return rows, seconds
