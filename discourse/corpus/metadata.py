"""Read and check a corpus folder's metadata file ``letters.csv`` and the files it lists.

``letters.csv`` is UTF-8 with one row per letter; its ``file`` column gives each letter's
path relative to the folder. Every problem raises :class:`~discourse.errors.CorpusError`
naming the file, the metadata row (1-based data row, the header not counted) and the
field; nothing is dropped or guessed.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from discourse.corpus.files import TEXT_SUFFIXES, _where
from discourse.errors import CorpusError

__all__ = ["METADATA_FILE", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS"]

#: Name of the metadata file inside a corpus folder.
METADATA_FILE = "letters.csv"
#: Columns every metadata file must have (values may be empty except ``doc_id``/``file``).
REQUIRED_COLUMNS = ("doc_id", "file", "title", "doc_type", "date", "minister", "cabinet", "period")
#: Columns filled with ``""`` when the metadata file does not have them.
OPTIONAL_COLUMNS = ("kamerstuk", "document_number", "source_url", "note")


def _read_metadata(meta: Path) -> list[dict[str, str]]:
    """Rows of the metadata file, checked for required columns."""
    if not meta.is_file():
        raise CorpusError(f"{_where(meta)}: metadata file missing (expected {METADATA_FILE})")
    try:
        text = meta.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{_where(meta)}: not valid UTF-8 (byte {exc.start})") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise CorpusError(f"{_where(meta)}: missing required column(s) {missing}")
    rows = []
    for i, row in enumerate(reader, start=1):
        if None in row:
            raise CorpusError(f"{_where(meta, i)}: more values than columns")
        clean = {k.strip(): (v or "").strip() for k, v in row.items()}
        if not any(clean.values()):
            raise CorpusError(f"{_where(meta, i)}: empty row")
        rows.append(clean)
    return rows


def _check_rows(rows: list[dict[str, str]], meta: Path) -> None:
    """Required values present and ``doc_id`` unique."""
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        for field in ("doc_id", "file"):
            if not row[field]:
                raise CorpusError(f"{_where(meta, i, field)}: empty value")
        if row["doc_id"] in seen:
            raise CorpusError(
                f"{_where(meta, i, 'doc_id')}: duplicate doc_id {row['doc_id']!r} "
                f"(first in row {seen[row['doc_id']]})"
            )
        seen[row["doc_id"]] = i


def _resolve_file(root: Path, name: str, meta: Path, row: int) -> Path:
    """Absolute path of a letter file; refuses paths that leave the corpus folder."""
    candidate = Path(name)
    if candidate.is_absolute() or name.startswith(("/", "\\")):
        raise CorpusError(f"{_where(meta, row, 'file')}: absolute path {name!r} refused")
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise CorpusError(
            f"{_where(meta, row, 'file')}: path {name!r} points outside the corpus folder"
        )
    if not resolved.is_file():
        raise CorpusError(f"{_where(meta, row, 'file')}: letter file {name!r} not found")
    return resolved


def _parse_date(value: str, meta: Path, row: int) -> pd.Timestamp:
    if not value:
        return pd.NaT
    try:
        return pd.to_datetime(value, format="%Y-%m-%d")
    except (ValueError, TypeError) as exc:
        raise CorpusError(
            f"{_where(meta, row, 'date')}: cannot parse {value!r}; use YYYY-MM-DD or leave empty"
        ) from exc


def _orphan_files(root: Path, listed: set[Path]) -> list[Path]:
    """Text files next to the listed ones (or in the corpus folder) without a row."""
    folders = {root} | {p.parent for p in listed}
    found = {
        p.resolve()
        for folder in folders
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES and not p.name.startswith(".")
    }
    return sorted(found - listed)


def read_rows(meta: Path) -> list[dict[str, str]]:
    """The checked rows of ``meta`` (at least one; required values present, ids unique)."""
    rows = _read_metadata(meta)
    if not rows:
        raise CorpusError(f"{_where(meta)}: no letters listed")
    _check_rows(rows, meta)
    return rows


def letter_paths(rows: list[dict[str, str]], root: Path, meta: Path) -> list[Path]:
    """The resolved file of each row, inside ``root``; every text file in the folders used
    must have a row."""
    paths = [_resolve_file(root, row["file"], meta, i) for i, row in enumerate(rows, start=1)]
    orphans = _orphan_files(root, set(paths))
    if orphans:
        names = [str(p.relative_to(root)) for p in orphans]
        raise CorpusError(f"{_where(orphans[0])}: text file(s) without a metadata row: {names}")
    return paths


def check_values(rows: list[dict[str, str]], meta: Path) -> None:
    """Dates parse; the optional columns are filled with ``""`` where absent (in place)."""
    for i, row in enumerate(rows, start=1):
        _parse_date(row["date"], meta, i)
        for col in OPTIONAL_COLUMNS:
            row.setdefault(col, "")
