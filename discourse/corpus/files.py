"""Read one letter file: ``.txt`` as strict UTF-8, ``.pdf`` via pypdf, Word ``.docx``
(:mod:`discourse.corpus.docx`) and the official XML or HTML publication
(:mod:`discourse.corpus.publication`).

:func:`read_letter` gives the text together with what a structured format marks as no
running text: footnote bodies (``"N text"``, markers already out of the text) and page
furniture (headers, footers, the publication's head). Plain text and PDF carry no such
structure; for them cleaning (:func:`~discourse.corpus.clean.clean_text`) finds both.

Every problem raises :class:`~discourse.errors.CorpusError` naming the file (and the
metadata row and field where the caller knows them, see :func:`_where`). Nothing is
guessed: a text file that is not valid UTF-8 is refused, not decoded with a fallback.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import NamedTuple

from discourse.errors import CorpusError, CorpusWarning

__all__ = ["PARAGRAPH_SUFFIXES", "TEXT_SUFFIXES", "Extracted", "read_letter", "read_text"]

#: File types that :func:`read_letter` can read.
TEXT_SUFFIXES = (".txt", ".pdf", ".docx", ".xml", ".html", ".htm")
#: File types that mark their paragraphs: a blank line of their text is a paragraph break
#: (:func:`discourse.corpus.clean.clean_text` ``paragraphs=True``).
PARAGRAPH_SUFFIXES = (".docx", ".xml", ".html", ".htm")


class Extracted(NamedTuple):
    """What a reader takes from one letter file.

    ``text``: the running text (paragraphs separated by blank lines for the structured
    formats); ``footnotes``: footnote bodies as ``"N text"`` with the document's numbers,
    in order; ``furniture``: lines that are no part of the letter's text (page headers
    and footers, the publication's head), each once.
    """

    text: str
    footnotes: list[str]
    furniture: list[str]


def _where(file: str | Path, row: int | None = None, field: str | None = None) -> str:
    """``file 'x', row 2, field 'y'``: the location every corpus error starts with."""
    parts = [f"file {str(file)!r}"]
    if row is not None:
        parts.append(f"row {row}")
    if field is not None:
        parts.append(f"field {field!r}")
    return ", ".join(parts)


#: Leading bytes of file formats that are sometimes saved as ``.txt`` or ``.pdf`` by mistake.
_MAGIC = (
    (b"%PDF-", "a PDF (rename it to .pdf)"),
    (b"PK\x03\x04", "a ZIP archive, e.g. a Word .docx (rename it to .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc file (save it as .docx in Word)"),
    (b"{\\rtf", "an RTF document (save it as .docx in Word, or as plain text .txt)"),
)
#: How far into a file the ``%PDF-`` header may start (the PDF reference allows 1024 bytes).
_PDF_HEADER_WITHIN = 1024


def _looks_like(data: bytes) -> str | None:
    """What a file's bytes look like when they are not plain text, or ``None``."""
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return label
    if b"\x00" in data:
        return "binary data: it holds NUL bytes (UTF-16 text? save it as UTF-8)"
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "an HTML page (rename it to .html)"
    if head.startswith(b"<?xml"):
        return "an XML document (rename it to .xml)"
    return None


def _pages_text(path: Path) -> list[str]:
    """The text layer of each page of a PDF (``""`` for a page without text)."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - pypdf is a core dependency
        raise CorpusError(f"{_where(path)}: reading PDF needs pypdf (pip install pypdf)") from exc
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise CorpusError(f"{_where(path)}: the PDF is encrypted; decrypt it first")
        return [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except Exception as exc:  # pypdf raises many exception types on broken files
        raise CorpusError(f"{_where(path)}: not a readable PDF ({exc})") from exc


def _read_pdf(path: Path) -> str:
    """Text of a PDF, pages separated by blank lines (seen as page breaks by cleaning).

    Pages without a text layer (scanned or image-only pages, or blank ones) give a
    :class:`~discourse.errors.CorpusWarning` naming them; a PDF without text on any page
    is refused: it needs OCR first.
    """
    with open(path, "rb") as fh:
        head = fh.read(_PDF_HEADER_WITHIN)
    if b"%PDF-" not in head:
        seen = (_looks_like(head) or "text") if head.strip() else "an empty file"
        raise CorpusError(f"{_where(path)}: not a PDF (no %PDF- header; it looks like {seen})")
    pages = _pages_text(path)
    empty = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    if pages and len(empty) == len(pages):
        raise CorpusError(
            f"{_where(path)}: no text layer — needs OCR (none of its {len(pages)} page(s) holds "
            "text: a scanned PDF); run OCR first, e.g. ocrmypdf, and list the result"
        )
    if empty:
        warnings.warn(
            f"{_where(path)}: page(s) {empty} of {len(pages)} have no text layer (scanned, "
            "image-only or blank); their text is missing from the letter. Run OCR (e.g. "
            "ocrmypdf) to include it",
            CorpusWarning,
            stacklevel=3,  # the caller of read_text
        )
    return "\n\n\n".join(pages)


def _read_txt(path: Path) -> str:
    data = path.read_bytes()
    seen = _looks_like(data)
    if seen:
        raise CorpusError(f"{_where(path)}: not a text file; it looks like {seen}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{_where(path)}: not valid UTF-8 (byte {exc.start}); re-save the file as UTF-8"
        ) from exc


def _check_markup(path: Path, kind: str) -> None:
    """An ``.xml``/``.html`` file must not hold another format's bytes (a PDF, a ZIP, …)."""
    with open(path, "rb") as fh:
        head = fh.read(_PDF_HEADER_WITHIN)
    seen = _looks_like(head) if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") else None
    if seen:
        raise CorpusError(f"{_where(path)}: not an {kind} file; it looks like {seen}")
    if not head.strip():
        raise CorpusError(f"{_where(path)}: the {kind} file is empty")


def _check_docx(path: Path) -> None:
    """A ``.docx`` is a ZIP package: refuse anything else, saying what it looks like."""
    with open(path, "rb") as fh:
        head = fh.read(_PDF_HEADER_WITHIN)
    if not head.startswith(b"PK\x03\x04"):
        seen = (_looks_like(head) or "text") if head.strip() else "an empty file"
        seen = seen.replace(" (rename it to .docx)", "")
        raise CorpusError(f"{_where(path)}: not a Word .docx (no ZIP header; it looks like {seen})")


def _read_structured(path: Path, suffix: str) -> Extracted:
    """A ``.docx`` or publication file, its reader's errors prefixed with the file."""
    from discourse.corpus.docx import read_docx
    from discourse.corpus.publication import read_publication

    if suffix == ".docx":
        _check_docx(path)
    else:
        _check_markup(path, "XML" if suffix == ".xml" else "HTML")
    try:
        return Extracted(*(read_docx if suffix == ".docx" else read_publication)(path))
    except CorpusError as exc:
        raise CorpusError(f"{_where(path)}: {exc}") from exc


def read_letter(path: str | Path) -> Extracted:
    """Read one letter file of any supported type (:data:`TEXT_SUFFIXES`).

    Parameters
    ----------
    path
        A ``.txt`` (UTF-8), ``.pdf`` (with a text layer), ``.docx`` (Word), ``.xml``
        (official publication XML of officielebekendmakingen.nl) or ``.html``/``.htm``
        (its HTML rendering) file.

    Returns
    -------
    Extracted
        The running text, the footnote bodies the format marks as such and the furniture
        it marks as such (both empty for ``.txt`` and ``.pdf``: cleaning finds them).

    Raises
    ------
    CorpusError
        As :func:`read_text`; and a ``.docx`` that is no Word package, an ``.xml`` that is
        not well-formed or not an official publication, an ``.html`` without text.
    """
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"{_where(path)}: no such file")
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return Extracted(_read_pdf(path), [], [])
    if suffix == ".txt":
        return Extracted(_read_txt(path), [], [])
    if suffix in (".docx", ".xml", ".html", ".htm"):
        return _read_structured(path, suffix)
    raise CorpusError(
        f"{_where(path)}: unsupported file type {suffix!r}; use one of {TEXT_SUFFIXES}"
    )


def read_text(path: str | Path) -> str:
    """Read the raw text of one letter: the ``text`` of :func:`read_letter`.

    Parameters
    ----------
    path
        A file of one of the :data:`TEXT_SUFFIXES` (``.txt`` as strict UTF-8, ``.pdf``
        via pypdf, ``.docx``, ``.xml``, ``.html``).

    Returns
    -------
    str
        The text exactly as stored (a UTF-8 byte-order mark is dropped); for ``.docx``,
        ``.xml`` and ``.html`` the running text without footnotes and furniture.

    Raises
    ------
    CorpusError
        The file is missing, of another type, not valid UTF-8, or not a readable PDF; a
        ``.txt`` whose bytes are another format (a PDF, a Word file, RTF, HTML, XML,
        binary data or UTF-16: NUL bytes) or a ``.pdf`` without a ``%PDF-`` header; a PDF
        without a text layer on any page (a scan: it needs OCR); see :func:`read_letter`.

    Warns
    -----
    CorpusWarning
        A PDF with some pages without a text layer, naming the page numbers: their text
        is missing.
    """
    return read_letter(path).text
