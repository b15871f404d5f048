"""Load a folder of letters as a tidy table, one row per letter.

A corpus folder holds a metadata file ``letters.csv`` (UTF-8, one row per letter) and
the letters themselves as ``.txt`` (UTF-8), ``.pdf``, Word ``.docx`` or official
publication ``.xml``/``.html`` files, at paths given in the ``file`` column relative to
the folder. The bundled corpus lives in
:func:`discourse.paths.data_dir`.

Every problem with a folder raises :class:`~discourse.errors.CorpusError` naming the
file, the metadata row (1-based data row, the header not counted) and the field;
nothing is dropped or guessed. Text files that are not valid UTF-8 are refused (no
fallback encoding is guessed): re-save them as UTF-8.

The metadata file is read and checked in :mod:`discourse.corpus.metadata`, the letter
files in :mod:`discourse.corpus.files`; this module assembles the table. The names
defined there (``METADATA_FILE``, ``REQUIRED_COLUMNS``, ``read_text``, …) are importable
from here too.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from discourse._validate import Instance, validate_params
from discourse.corpus.clean import clean_text
from discourse.corpus.files import PARAGRAPH_SUFFIXES, TEXT_SUFFIXES, _where, read_letter, read_text
from discourse.corpus.metadata import (
    METADATA_FILE,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    _parse_date,
    check_values,
    letter_paths,
    read_rows,
)
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

#: Label columns stored as (unordered) categoricals; ``period`` is ordered.
_CATEGORY_COLUMNS = ("doc_type", "minister", "cabinet")


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
    raw, marked_notes, marked_furniture = read_letter(path)
    if not raw.strip():
        raise CorpusError(f"{_where(path)} (row {i}): the letter is empty or whitespace only")
    text, footnotes, furniture, _ = clean_text(
        raw, paragraphs=path.suffix.lower() in PARAGRAPH_SUFFIXES
    )
    # notes and furniture the format marks (docx, XML, HTML) come first; cleaning adds
    # what it finds in the text (link lines); the reader's bodies never enter ``raw``
    footnotes = marked_notes + footnotes
    furniture = list(dict.fromkeys(marked_furniture + furniture))
    if not text:
        raise CorpusError(f"{_where(path)} (row {i}): no running text left after cleaning")
    return {
        **row,
        "date": _parse_date(row["date"], meta, i),
        "text_raw": raw,
        "text": text,
        "footnotes": footnotes,
        "furniture": furniture,
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
        "furniture",
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
    for col in ("footnotes", "furniture"):
        df[col] = pd.Series([list(f) for f in df[col]], dtype=object, index=df.index)
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
        absent) and any further columns are kept as strings. Commas separate the values;
        a file separated by semicolons (Dutch Excel's default) or tabs is read as such
        when its header names the required columns that way. ``doc_id``, ``file`` and
        ``period`` may not be empty. ``file`` is a path relative to the folder (``.txt``
        in UTF-8, ``.pdf`` with a text layer, Word ``.docx``, or the official
        publication's ``.xml`` or ``.html``: :func:`discourse.corpus.files.read_letter`),
        each file in one row only; ``date`` is ``YYYY-MM-DD`` or empty (unknown, NaT).

    Returns
    -------
    pandas.DataFrame
        One row per letter, in metadata order: the metadata columns (``date``
        datetime64[ns]; ``doc_type``, ``minister``, ``cabinet`` categorical; ``period``
        an ordered categorical sorted by each period's earliest date), ``text_raw``
        (the file's text; for ``.docx``/``.xml``/``.html`` the running text the reader
        extracted, without footnotes and furniture), ``text`` (cleaned, see
        :func:`discourse.corpus.clean.clean_text`), ``footnotes`` (list of str: the
        bodies the file marks as footnotes, then those cleaning finds), ``furniture``
        (list of str: letterhead, side-column, page header/footer lines and page
        numbers moved out of the text, each once),
        ``n_chars`` and ``n_paragraphs`` (of ``text``).

    Raises
    ------
    CorpusError
        ``path`` is not a path; metadata file missing, lacking or repeating columns; a
        row with too few or too many values, or an empty, duplicate or unparseable value;
        a file that is absent, outside the folder (also through a symlink), listed in
        two rows, unreadable, not UTF-8, empty, not what its extension says (a PDF saved
        as ``.txt``, a ``.docx`` saved as ``.txt``, binary data), of an unsupported type
        (the message lists the supported ones), a corrupt ``.docx``, XML that is not
        well-formed or not an official publication, or a PDF without a text layer (a
        scan: needs OCR); a letter file in the folder without a metadata row.

    Warns
    -----
    CorpusWarning
        A PDF with some pages without a text layer (scanned or image-only), naming the
        file and the page numbers: their text is missing from the letter.

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
    rows = read_rows(meta)
    paths = letter_paths(rows, root, meta)
    check_values(rows, meta)
    records = [
        _letter_record(r, p, meta, i) for i, (r, p) in enumerate(zip(rows, paths, strict=True), 1)
    ]
    known = {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}
    extra = [c for c in rows[0] if c not in known]
    return _to_frame(records, extra)
