"""The shipped annotation: the Frog parse of the bundled letters, committed as CoNLL-U.

``data/annotation/<doc_id>.conllu`` (:func:`annotation_dir`) holds the token table the
figures are made from, one file per bundled letter, written by :func:`write_annotation`
(``make annotation``, ``tools/make_annotation.py``). Every document header names the
pipeline (``# pipeline = frog``, ``# pipeline_version = 0.20+adapter3``); every segment
(``# newpar``) carries the SHA-256 of its text (``# text_sha256``).

:func:`shipped_columns` serves :func:`discourse.tokens`: when every segment of a call has
its text in the annotation and the request allows it -- ``pipeline="auto"`` (whatever is
installed, unless ``DISCOURSE_PIPELINE`` names another pipeline) or the annotation's own
pipeline at the same version -- the tokens come from the annotation, so a machine without
Frog makes the same figures. ``attrs["pipeline"]`` is the annotation's pipeline plus
``"source": "shipped annotation"`` (provenance lines and captions print name and version
only, so they do not change). An explicit other pipeline, a loaded ``Language``,
``cache=False``, or any segment whose text differs, parses as usual.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from discourse import paths
from discourse.errors import PipelineError
from discourse.nlp.categoricals import used_categories
from discourse.nlp.conllu import conllu_files, read_rows
from discourse.nlp.conllu_format import open_text
from discourse.nlp.conllu_rows import Rows
from discourse.nlp.conllu_write import conllu_lines
from discourse.nlp.schema import FLAG_COLUMNS, STORED_COLUMNS

__all__ = [
    "HASH_KEY",
    "SOURCE",
    "annotation_dir",
    "shipped_annotation",
    "shipped_columns",
    "text_hash",
    "write_annotation",
]

#: ``attrs["pipeline"]["source"]`` of a token table served from the shipped annotation.
SOURCE = "shipped annotation"
#: The segment comment holding the SHA-256 of the segment's text.
HASH_KEY = "text_sha256"


def annotation_dir() -> Path:
    """``data/annotation`` of the bundled data (:func:`discourse.paths.data_dir`)."""
    return paths.data_dir() / "annotation"


def text_hash(text: str) -> str:
    """SHA-256 (hex) of a segment's text, UTF-8."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Shipped(NamedTuple):
    """The annotation read once: its pipeline, its columns, and per text hash the rows
    ``start:stop`` of that segment and its number of sentences."""

    info: dict[str, str]
    columns: dict[str, Any]  # STORED_COLUMNS, FLAG_COLUMNS, char_start, local_sent
    segments: dict[str, tuple[int, int, int]]


def shipped_annotation(folder: Path | None = None) -> Shipped | None:
    """The annotation in ``folder`` (default :func:`annotation_dir`), ``None`` if absent;
    read again when a file changes."""
    folder = annotation_dir() if folder is None else folder
    files = sorted(folder.glob("*.conllu")) if folder.is_dir() else []
    if not files:
        return None
    stamp = tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    return _read(folder, stamp)


@lru_cache(maxsize=2)
def _read(folder: Path, stamp: tuple[tuple[str, int, int], ...]) -> Shipped | None:
    rows = Rows()
    for file in conllu_files(folder):
        read_rows(file, rows)
    if set(rows.pipeline) != {"name", "version"}:
        return None
    table = rows.table(None)
    seg_of_row = rows.cols["seg"]
    sent = table["sent_id"].to_numpy(np.int64)
    starts: dict[str, int] = {}
    for i, seg in enumerate(seg_of_row):
        starts.setdefault(seg, i)
    segments: dict[str, tuple[int, int, int]] = {}
    local = np.zeros(len(table), np.int64)
    position = 0
    for seg in rows.segs:  # file order: every segment's rows follow the previous one's
        digest = rows.extra[seg].get(HASH_KEY)
        stop = position
        while stop < len(seg_of_row) and seg_of_row[stop] == seg:
            stop += 1
        if stop > position:
            local[position:stop] = sent[position:stop] - sent[position]
        n_sent = int(local[stop - 1]) + 1 if stop > position else 0
        if digest and digest not in segments:
            segments[digest] = (position, stop, n_sent)
        position = stop
    columns = {c: table[c].array for c in STORED_COLUMNS}
    columns.update({c: table[c].to_numpy() for c in (*FLAG_COLUMNS, "char_start")})
    columns["local_sent"] = local
    return Shipped(dict(rows.pipeline), columns, segments)


def _requested(pipeline: Any) -> str | None:
    """The pipeline name a ``tokens(pipeline=…)`` request stands for (``"auto"`` unless
    ``DISCOURSE_PIPELINE`` names one); ``None`` for a loaded ``Language``."""
    if not isinstance(pipeline, str | None):
        return None
    name = pipeline or "auto"
    return os.environ.get("DISCOURSE_PIPELINE") or "auto" if name == "auto" else name


def _allowed(name: str, info: dict[str, str]) -> bool:
    """Whether a request for pipeline ``name`` may be served by an annotation of ``info``:
    ``"auto"``, or the annotation's pipeline installed at the same version."""
    if name == "auto":
        return True
    if name != info["name"]:
        return False
    from discourse.nlp.pipeline import load_pipeline, pipeline_info

    try:
        return pipeline_info(load_pipeline(name))["version"] == info["version"]
    except PipelineError:
        return False  # not installed: the explicit request fails as before


def shipped_columns(
    pipeline: Any, rows_by_doc: Sequence[np.ndarray], texts: Sequence[str]
) -> tuple[dict[str, Any], list[int], dict[str, str]] | None:
    """The parsed columns of every document from the shipped annotation, each document's
    row count and the pipeline info; ``None`` unless every segment's text is annotated
    and ``pipeline`` allows it (module docstring)."""
    name = _requested(pipeline)
    if name is None or not rows_by_doc:
        return None  # a loaded Language: parse as asked
    shipped = shipped_annotation()
    if shipped is None or name not in ("auto", shipped.info["name"]):
        return None  # another named pipeline: parse as asked
    hashes = [text_hash(t) for t in texts]
    if any(hashes[int(r)] not in shipped.segments for rows in rows_by_doc for r in rows):
        return None
    if not _allowed(name, shipped.info):
        return None
    take, seg_pos, sent_id, sizes = [], [], [], []
    for rows in rows_by_doc:
        size = sentences = 0
        for pos, r in enumerate(rows):
            start, stop, n_sent = shipped.segments[hashes[int(r)]]
            take.append(np.arange(start, stop))
            seg_pos.append(np.full(stop - start, pos, np.int32))
            sent_id.append(shipped.columns["local_sent"][start:stop] + sentences)
            size, sentences = size + stop - start, sentences + n_sent
        sizes.append(size)
    at = np.concatenate(take)
    cols: dict[str, Any] = {
        "seg_pos": np.concatenate(seg_pos),
        "sent_id": np.concatenate(sent_id).astype(np.int32),
    }
    for c in STORED_COLUMNS:
        whole = shipped.columns[c]
        cols[c] = used_categories(
            pd.Categorical.from_codes(whole.codes[at], dtype=whole.dtype, validate=False)
        )
    for c in (*FLAG_COLUMNS, "char_start"):
        cols[c] = shipped.columns[c][at]
    return cols, sizes, {**shipped.info, "source": SOURCE}


def write_annotation(
    segments: pd.DataFrame, tokens: pd.DataFrame, folder: Path | None = None
) -> list[Path]:
    """Write ``tokens`` (parsed from ``segments``) as the shipped annotation, one
    ``<doc_id>.conllu`` per document, each segment with its text hash; other ``*.conllu``
    files in ``folder`` are removed. Returns the files written."""
    folder = annotation_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    digests = {
        str(s): [(HASH_KEY, text_hash(t if isinstance(t, str) else ""))]
        for s, t in zip(segments["seg_id"], segments["text"], strict=True)
    }
    written = []
    for doc_id, part in tokens.groupby("doc_id", observed=True, sort=False):
        path = folder / f"{doc_id}.conllu"
        tmp = path.with_name(path.name + ".tmp")
        with open_text(tmp, "w", gz=False) as fh:
            for line in conllu_lines(part, digests):
                fh.write(line + "\n")
        os.replace(tmp, path)
        written.append(path)
    for stale in set(folder.glob("*.conllu")) - set(written):
        stale.unlink()
    _read.cache_clear()
    return written
