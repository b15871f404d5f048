"""Read the text of one letter file: ``.txt`` as strict UTF-8, ``.pdf`` via pypdf.

Every problem raises :class:`~discourse.errors.CorpusError` naming the file (and the
metadata row and field where the caller knows them, see :func:`_where`). Nothing is
guessed: a text file that is not valid UTF-8 is refused, not decoded with a fallback.
"""

from __future__ import annotations

from pathlib import Path

from discourse.errors import CorpusError

__all__ = ["TEXT_SUFFIXES", "read_text"]

#: File types that :func:`read_text` can read.
TEXT_SUFFIXES = (".txt", ".pdf")


def _where(file: str | Path, row: int | None = None, field: str | None = None) -> str:
    """``file 'x', row 2, field 'y'``: the location every corpus error starts with."""
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
