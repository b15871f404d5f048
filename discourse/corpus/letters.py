"""Load a folder of letters as a tidy table, one row per letter.

A corpus folder holds a metadata file ``letters.csv`` (UTF-8, one row per letter) and
the letters themselves as ``.txt`` (UTF-8) or ``.pdf`` files, at paths given in the
``file`` column relative to the folder. The bundled corpus lives in
:func:`discourse.paths.data_dir`.

Every problem with a folder raises :class:`~discourse.errors.CorpusError` naming the
file, the metadata row (1-based data row, the header not counted) and the field;
nothing is dropped or guessed. Text files that are not valid UTF-8 are refused (no
fallback encoding is guessed): re-save them as UTF-8.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd

from discourse._validate import Instance, validate_params
from discourse.corpus.clean import clean_text
from discourse.errors import CorpusError
from discourse.paths import data_dir

__all__ = [
    "METADATA_FILE",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "TEXT_SUFFIXES",
    "load_letters",
    "read_text",
]

#: Name of the metadata file inside a corpus folder.
METADATA_FILE = "letters.csv"
#: Columns every metadata file must have (values may be empty except ``doc_id``/``file``).
REQUIRED_COLUMNS = ("doc_id", "file", "title", "doc_type", "date", "minister", "cabinet", "period")
#: Columns filled with ``""`` when the metadata file does not have them.
OPTIONAL_COLUMNS = ("kamerstuk", "document_number", "source_url", "note")
#: Label columns stored as (unordered) categoricals; ``period`` is ordered.
_CATEGORY_COLUMNS = ("doc_type", "minister", "cabinet")
#: File types that :func:`read_text` can read.
TEXT_SUFFIXES = (".txt", ".pdf")


def _where(file: str | Path, row: int | None = None, field: str | None = None) -> str:
    parts = [f"file {str(file)!r}"]
    if row is not None:
        parts.append(f"row {row}")
    if field is not None:
        parts.append(f"field {field!r}")
    return ", ".join(parts)


def _read_pdf(path: Path) -> str:
    """Text of a PDF, pages separated by blank lines (seen as page breaks by cleaning)."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a core dependency
        raise CorpusError(f"{_where(path)}: reading PDF needs pypdf (pip install pypdf)") from exc
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise CorpusError(f"{_where(path)}: the PDF is encrypted; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except Exception as exc:  # pypdf raises many exception types on broken files
        raise CorpusError(f"{_where(path)}: not a readable PDF ({exc})") from exc
    return "\n\n\n".join(pages)


def read_text(path: str | Path) -> str:
    """Read the raw text of one letter (``.txt`` as strict UTF-8, ``.pdf`` via pypdf).

    Parameters
    ----------
    path
        A ``.txt`` or ``.pdf`` file.

    Returns
    -------
    str
        The text exactly as stored (a UTF-8 byte-order mark is dropped).

    Raises
    ------
    CorpusError
        The file is missing, of another type, not valid UTF-8, or not a readable PDF.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{_where(path)}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _read_pdf(path)
    if suffix != ".txt":
        raise CorpusError(
            f"{_where(path)}: unsupported file type {suffix!r}; use one of {TEXT_SUFFIXES}"
        )
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{_where(path)}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from exc


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


def _period_order(periods: pd.Series, dates: pd.Series) -> list[str]:
    """Period labels by earliest date (periods without any date last, by appearance)."""
    first = dates.groupby(periods, sort=False).min()
    appearance = {p: i for i, p in enumerate(dict.fromkeys(periods))}
    return sorted(
        first.index,
        key=lambda p: (pd.isna(first[p]), first[p] if pd.notna(first[p]) else 0, appearance[p]),
    )


def _count_paragraphs(text: str) -> int:
    return len([p for p in text.split("\n\n") if p.strip()])


def _letter_record(row: dict[str, str], path: Path, meta: Path, i: int) -> dict[str, object]:
    raw = read_text(path)
    if not raw.strip():
        raise CorpusError(f"{_where(path)} (row {i}): the letter is empty or whitespace only")
    text, footnotes = clean_text(raw)
    if not text:
        raise CorpusError(f"{_where(path)} (row {i}): no running text left after cleaning")
    return {
        **row,
        "date": _parse_date(row["date"], meta, i),
        "text_raw": raw,
        "text": text,
        "footnotes": footnotes,
        "n_chars": len(text),
        "n_paragraphs": _count_paragraphs(text),
    }


def _to_frame(records: list[dict[str, object]], extra: list[str]) -> pd.DataFrame:
    """Assemble the table with the documented column order and dtypes."""
    columns = [
        *REQUIRED_COLUMNS,
        *OPTIONAL_COLUMNS,
        *extra,
        "text_raw",
        "text",
        "footnotes",
        "n_chars",
        "n_paragraphs",
    ]
    df = pd.DataFrame.from_records(records, columns=columns)
    for col in ("doc_id", "file", "title", *OPTIONAL_COLUMNS, *extra, "text_raw", "text"):
        df[col] = df[col].astype("string")
    for col in _CATEGORY_COLUMNS:
        df[col] = df[col].astype("category")
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    order = _period_order(df["period"], df["date"])
    df["period"] = pd.Categorical(df["period"], categories=order, ordered=True)
    df["footnotes"] = pd.Series([list(f) for f in df["footnotes"]], dtype=object, index=df.index)
    df[["n_chars", "n_paragraphs"]] = df[["n_chars", "n_paragraphs"]].astype("int64")
    return df


@validate_params(path=Instance(str, os.PathLike, none=True, none_label="the bundled corpus"))
def load_letters(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load a corpus folder as a table with one row per letter.

    Parameters
    ----------
    path : str or path-like, optional
        A corpus folder holding ``letters.csv`` (or the metadata file itself). Default:
        the bundled corpus (:func:`discourse.paths.data_dir`). ``letters.csv`` needs the
        columns ``doc_id, file, title, doc_type, date, minister, cabinet, period``; the
        columns ``kamerstuk, document_number, source_url, note`` are optional (empty when
        absent) and any further columns are kept as strings. ``file`` is a path relative
        to the folder (``.txt`` in UTF-8, or ``.pdf``); ``date`` is ``YYYY-MM-DD`` or
        empty (unknown, NaT).

    Returns
    -------
    pandas.DataFrame
        One row per letter, in metadata order: the metadata columns (``date``
        datetime64[ns]; ``doc_type``, ``minister``, ``cabinet`` categorical; ``period``
        an ordered categorical sorted by each period's earliest date), ``text_raw``,
        ``text`` (cleaned, see :func:`discourse.corpus.clean.clean_text`), ``footnotes``
        (list of str), ``n_chars`` and ``n_paragraphs`` (of ``text``).

    Raises
    ------
    CorpusError
        ``path`` is not a path; metadata file missing or lacking columns; a row with an
        empty, duplicate or unparseable value; a file that is absent, outside the folder,
        unreadable, not UTF-8 or empty; a text file in the folder without a metadata row.

    Examples
    --------
    >>> letters = load_letters()
    >>> letters[["doc_id", "period"]].shape
    (5, 2)
    >>> list(letters["period"].cat.categories)
    ['Rutte III (2018)', 'Veldkamp', 'Van Weel']
    """
    target = Path(path) if path is not None else data_dir()
    meta = target if target.is_file() else target / METADATA_FILE
    root = meta.parent.resolve()
    if not root.is_dir():
        raise CorpusError(f"{_where(target)}: corpus folder not found")
    rows = _read_metadata(meta)
    if not rows:
        raise CorpusError(f"{_where(meta)}: no letters listed")
    _check_rows(rows, meta)
    paths = [_resolve_file(root, row["file"], meta, i) for i, row in enumerate(rows, start=1)]
    orphans = _orphan_files(root, set(paths))
    if orphans:
        names = [str(p.relative_to(root)) for p in orphans]
        raise CorpusError(f"{_where(orphans[0])}: text file(s) without a metadata row: {names}")
    for i, row in enumerate(rows, start=1):
        _parse_date(row["date"], meta, i)
        for col in OPTIONAL_COLUMNS:
            row.setdefault(col, "")
    records = [
        _letter_record(r, p, meta, i) for i, (r, p) in enumerate(zip(rows, paths, strict=True), 1)
    ]
    known = {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}
    extra = [c for c in rows[0] if c not in known]
    return _to_frame(records, extra)
