"""Read and check a corpus folder's metadata file ``letters.csv`` and the files it lists.

``letters.csv`` is UTF-8 with one row per letter; its ``file`` column gives each letter's
path relative to the folder. Every problem raises :class:`~discourse.errors.CorpusError`
naming the file, the metadata row (1-based data row, the header not counted) and the
field; nothing is dropped or guessed.

Values are separated by commas. Dutch Excel saves "CSV" with semicolons (the list
separator of the Dutch locale), so the separator is taken from the header: the one of
``,``, ``;`` and tab that splits it into the most required column names (a comma on a
tie). This is unambiguous: no required name contains a separator, so only one split of a
header finds them all. Every row must then have exactly as many values as the header. A
header that lacks required columns either way says which separator it seemed to use.

One file is one letter: the same file listed twice (as ``a.txt`` and ``./a.txt``, or
through a symlink or hard link) is refused, as is a path leaving the folder.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from discourse.corpus.files import TEXT_SUFFIXES, _where
from discourse.errors import CorpusError

__all__ = ["METADATA_FILE", "OPTIONAL_COLUMNS", "REQUIRED_COLUMNS"]

#: Name of the metadata file inside a corpus folder.
METADATA_FILE = "letters.csv"
#: Columns every metadata file must have (values may be empty except ``doc_id``, ``file``
#: and ``period``: every comparison groups letters by period).
REQUIRED_COLUMNS = ("doc_id", "file", "title", "doc_type", "date", "minister", "cabinet", "period")
#: Columns filled with ``""`` when the metadata file does not have them.
OPTIONAL_COLUMNS = ("kamerstuk", "document_number", "source_url", "note")
#: Columns that may not hold an empty value.
_NON_EMPTY = ("doc_id", "file", "period")
#: Delimiters of ``letters.csv`` that are recognised from its header (see :func:`read_rows`).
_DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _delimiter(text: str) -> str:
    """The delimiter whose header holds the most required columns (a comma on a tie)."""

    def found(delimiter: str) -> int:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        return len(set(REQUIRED_COLUMNS) & {name.strip() for name in header})

    return max(_DELIMITERS, key=found)


def _read_header(reader: Iterator[list[str]], meta: Path, delimiter: str) -> list[str]:
    """Column names; all required ones present, none repeated."""
    header = [name.strip() for name in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    looks = f"the file looks {_DELIMITERS[delimiter]}-separated; " if delimiter != "," else ""
    if missing:
        raise CorpusError(f"{_where(meta)}: {looks}missing required column(s) {missing}")
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise CorpusError(f"{_where(meta)}: column {repeated[0]!r} appears twice in the header")
    return header


def _row_values(values: list[str], header: list[str], meta: Path, i: int) -> dict[str, str]:
    """One data row as ``{column: value}``, with as many values as the header has columns."""
    values = [v.strip() for v in values]
    if not any(values):
        raise CorpusError(f"{_where(meta, i)}: empty row")
    counts = f"{len(values)} values for {len(header)} columns"
    if len(values) > len(header):
        raise CorpusError(f"{_where(meta, i)}: more values than columns ({counts})")
    if len(values) < len(header):
        absent = ", ".join(repr(c) for c in header[len(values) :])
        raise CorpusError(
            f"{_where(meta, i)}: {counts} (no value for {absent}); an empty value still "
            "needs its separator"
        )
    unnamed = [v for name, v in zip(header, values, strict=True) if not name and v]
    if unnamed:
        raise CorpusError(f"{_where(meta, i)}: value {unnamed[0]!r} in a column without a name")
    return {name: v for name, v in zip(header, values, strict=True) if name}


def _read_metadata(meta: Path) -> list[dict[str, str]]:
    """Rows of the metadata file, checked for required columns and complete rows."""
    if not meta.is_file():
        raise CorpusError(f"{_where(meta)}: metadata file missing (expected {METADATA_FILE})")
    try:
        text = meta.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{_where(meta)}: not valid UTF-8 (byte {exc.start})") from exc
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = _read_header(reader, meta, delimiter)
    records = (values for values in reader if values)  # blank lines are skipped
    return [_row_values(values, header, meta, i) for i, values in enumerate(records, start=1)]


def _check_rows(rows: list[dict[str, str]], meta: Path) -> None:
    """Required values present and ``doc_id`` unique."""
    seen: dict[str, int] = {}
    for i, row in enumerate(rows, start=1):
        for field in _NON_EMPTY:
            if not row[field]:
                why = " (every comparison groups letters by period)" if field == "period" else ""
                raise CorpusError(f"{_where(meta, i, field)}: empty value{why}")
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
            f"{_where(meta, row, 'file')}: path {name!r} points outside the corpus folder "
            f"{str(root)!r} (to {str(resolved)!r}); refused, the folder must hold every "
            "letter it lists: copy the file into it"
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
    """Text files next to the listed ones (or in the corpus folder) without a row, as
    found (a symlink is not followed)."""
    folders = {root} | {p.parent for p in listed}
    return sorted(
        p
        for folder in folders
        for p in folder.iterdir()
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES
        and not p.name.startswith(".")
        and p.resolve() not in listed
    )


def _orphan_name(path: Path, root: Path) -> str:
    name = str(path.relative_to(root))
    target = path.resolve()
    if not target.is_relative_to(root):
        return f"{name} (a link to {str(target)!r}, outside the corpus folder)"
    return name


def _check_unique(paths: list[Path], rows: list[dict[str, str]], meta: Path) -> None:
    """No file listed in two rows: the same path spelled twice, a symlink or a hard link
    to it (compared by device and inode, so letter case on a case-insensitive disk too)."""
    first: dict[tuple[int, int], int] = {}
    for i, path in enumerate(paths, start=1):
        stat = path.stat()
        key = (stat.st_dev, stat.st_ino)
        if key in first:
            j = first[key]
            raise CorpusError(
                f"{_where(meta, i, 'file')}: {rows[i - 1]['file']!r} is the same file as row "
                f"{j} ({rows[j - 1]['file']!r}); list each letter once"
            )
        first[key] = i


def read_rows(meta: Path) -> list[dict[str, str]]:
    """The checked rows of ``meta`` (at least one; required values present, ids unique)."""
    rows = _read_metadata(meta)
    if not rows:
        raise CorpusError(f"{_where(meta)}: no letters listed")
    _check_rows(rows, meta)
    return rows


def letter_paths(rows: list[dict[str, str]], root: Path, meta: Path) -> list[Path]:
    """The resolved file of each row: inside ``root``, each file in one row only; every
    text file in the folders used must have a row."""
    paths = [_resolve_file(root, row["file"], meta, i) for i, row in enumerate(rows, start=1)]
    _check_unique(paths, rows, meta)
    orphans = _orphan_files(root, set(paths))
    if orphans:
        names = ", ".join(_orphan_name(p, root) for p in orphans)
        raise CorpusError(
            f"{_where(orphans[0])}: text file(s) without a metadata row: {names}; add a row "
            "for each, or move them out of the folder"
        )
    return paths


def check_values(rows: list[dict[str, str]], meta: Path) -> None:
    """Dates parse; the optional columns are filled with ``""`` where absent (in place)."""
    for i, row in enumerate(rows, start=1):
        _parse_date(row["date"], meta, i)
        for col in OPTIONAL_COLUMNS:
            row.setdefault(col, "")
