"""What a fetch folder remembers, written so that nothing is ever half-written.

* ``.fetch_state.json`` — per record ``Id``: its ``GewijzigdOp``, the ``doc_id``, the file
  and the file's SHA-256, and its ``letters.csv`` row. A re-run downloads a record again
  only when ``GewijzigdOp`` changed, or its file is missing or differs from the hash.
* ``letters.csv`` — every row of the state, by date and ``doc_id`` (rewritten at the end of
  a run and after every :data:`SAVE_EVERY` documents, so an interrupted run resumes).
* ``fetch_log.csv`` — the latest run, one row per record: ``id``, ``document_number``,
  ``doc_id``, ``action`` (``downloaded``, ``unchanged``, ``skipped``), ``reason``, ``file``,
  ``url``.

Every file is written to a temporary file in the same folder and renamed over the old one
(:func:`write_atomic`), so a crash leaves either the old or the new file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from discourse.corpus.opendata.records import LETTER_COLUMNS
from discourse.errors import CorpusError

__all__ = ["LOG_COLUMNS", "LOG_FILE", "STATE_FILE", "load_state", "sha256", "write_atomic"]

STATE_FILE = ".fetch_state.json"
LOG_FILE = "fetch_log.csv"
LOG_COLUMNS = ("id", "document_number", "doc_id", "action", "reason", "file", "url")
_STATE_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_state(folder: Path) -> dict[str, dict[str, Any]]:
    """The records fetched before (``{}`` for a new folder)."""
    path = folder / STATE_FILE
    if not path.is_file():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorpusError(
            f"file {str(path)!r}: the fetch state is not valid JSON; delete it to fetch every "
            "document again"
        ) from exc
    if not isinstance(state, dict) or state.get("version") != _STATE_VERSION:
        raise CorpusError(f"file {str(path)!r}: unknown fetch state version; delete it to refetch")
    return dict(state.get("documents", {}))


def save_state(folder: Path, documents: dict[str, dict[str, Any]]) -> None:
    payload = {"version": _STATE_VERSION, "documents": documents}
    text = json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(folder / STATE_FILE, text.encode("utf-8"))


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return out.getvalue().encode("utf-8")


def save_letters(folder: Path, documents: dict[str, dict[str, Any]]) -> int:
    """Rewrite ``letters.csv`` from the state; the number of rows."""
    rows = sorted((d["row"] for d in documents.values()), key=lambda r: (r["date"], r["doc_id"]))
    write_atomic(folder / "letters.csv", _csv(rows, LETTER_COLUMNS))
    return len(rows)


def save_log(folder: Path, log: list[dict[str, str]]) -> None:
    write_atomic(folder / LOG_FILE, _csv(log, LOG_COLUMNS))


def file_is_current(folder: Path, entry: dict[str, Any]) -> str:
    """``""`` when the entry's file is on disk as fetched, else why not."""
    path = folder / entry.get("file", "")
    if not entry.get("file") or not path.is_file():
        return "file missing"
    if sha256(path.read_bytes()) != entry.get("sha256"):
        return "file changed on disk"
    return ""
