"""Tests for discourse.corpus.files: a letter file's text, and every file that is not what
its extension says (a PDF renamed to ``.txt``, binary data, a scanned PDF without text)."""

from __future__ import annotations

import warnings
import zlib
from pathlib import Path

import pytest

from discourse.corpus.files import read_text
from discourse.corpus.letters import load_letters
from discourse.errors import CorpusError, CorpusWarning

#: A page of a Kamerbrief: the lines of its running text.
PAGE_1 = [
    "Hierbij bied ik u, mede namens de minister van Defensie, de",
    "kabinetsreactie aan op het advies over de trans-Atlantische betrekkingen.",
]
PAGE_3 = [
    "Het kabinet blijft zich inzetten voor een sterke NAVO en voor",
    "nauwe samenwerking met de Verenigde Staten.",
]


def _pdf_string(line: str) -> bytes:
    data = line.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text_stream(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
    ops += [_pdf_string(line) + b" Tj T*" for line in lines]
    return b"\n".join([*ops, b"ET"])


def make_pdf(pages: list[list[str] | None]) -> bytes:
    """A PDF with one page per item: the lines of text, or ``None`` for a scanned page (an
    image drawn over the page, no text operators)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(dictionary: bytes, data: bytes) -> bytes:
        return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)

    catalog, tree = add(b""), add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pixels = zlib.compress(bytes((x * y) % 256 for y in range(32) for x in range(32)))
    image = add(
        stream(
            b"/Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode",
            pixels,
        )
    )
    kids = []
    for lines in pages:
        content = b"q 451 0 0 698 72 72 cm /Im1 Do Q" if lines is None else _text_stream(lines)
        contents = add(stream(b"", content))
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
                % (tree, contents, font, image)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def one_letter_corpus(root: Path, name: str, data: bytes | str) -> Path:
    """A corpus folder listing one letter, ``name``."""
    root.mkdir(parents=True, exist_ok=True)
    write(
        root / "letters.csv",
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        f"brief,{name},Kabinetsreactie,kamerbrief,2025-03-24,C.C.J. Veldkamp,Schoof,Veldkamp\n",
    )
    write(root / name, data)
    return root


# --- text and PDF files that are what they say ------------------------------------------


def test_txt_is_read_as_utf8_without_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "\ufeffOekraïne en de VS.\n".encode())
    assert read_text(path) == "Oekraïne en de VS.\n"


def test_pdf_text_of_every_page_without_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "brief.pdf", make_pdf([PAGE_1, PAGE_3]))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorpusWarning)
        text = read_text(path)
    assert "trans-Atlantische betrekkingen" in text
    assert "nauwe samenwerking met de Verenigde Staten" in text
    assert text.index("kabinetsreactie") < text.index("sterke NAVO")


# --- PDFs without a text layer -----------------------------------------------------------


def test_image_only_pages_warn_with_their_numbers(tmp_path: Path) -> None:
    path = write(tmp_path / "brief.pdf", make_pdf([PAGE_1, None, PAGE_3, None]))
    with pytest.warns(CorpusWarning, match=r"brief\.pdf.*page\(s\) \[2, 4\] of 4.*no text"):
        text = read_text(path)
    assert "trans-Atlantische betrekkingen" in text and "sterke NAVO" in text


def test_image_only_pages_warn_through_load_letters(tmp_path: Path) -> None:
    root = one_letter_corpus(tmp_path, "brief.pdf", make_pdf([PAGE_1, None, PAGE_3]))
    with pytest.warns(CorpusWarning, match=r"brief\.pdf.*page\(s\) \[2\] of 3"):
        letters = load_letters(root)
    assert "Verenigde Staten" in letters.loc[0, "text"]


@pytest.mark.parametrize("n_pages", [1, 3])
def test_scanned_pdf_needs_ocr(tmp_path: Path, n_pages: int) -> None:
    root = one_letter_corpus(tmp_path, "scan.pdf", make_pdf([None] * n_pages))
    with pytest.raises(CorpusError, match=rf"scan\.pdf.*no text layer — needs OCR.*{n_pages}"):
        load_letters(root)


# --- content that does not match the extension -------------------------------------------


def test_pdf_renamed_to_txt_is_refused(tmp_path: Path) -> None:
    root = one_letter_corpus(tmp_path, "brief.txt", make_pdf([PAGE_1]))
    with pytest.raises(CorpusError, match=r"brief\.txt.*looks like a PDF.*\.pdf"):
        load_letters(root)


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        ("Kamerbrief over de NAVO.".encode("utf-16-le"), "NUL bytes"),
        (b"Kamerbrief\x00\x00\x01\x02 binair", "NUL bytes"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Word"),
        (b"{\\rtf1\\ansi Kamerbrief over de NAVO.}", "RTF"),
        (b"\n<!DOCTYPE html><html><body>Kamerbrief</body></html>", "HTML"),
    ],
    ids=["utf-16", "binary", "docx", "doc", "rtf", "html"],
)
def test_txt_that_is_not_text_is_refused(tmp_path: Path, data: bytes, looks_like: str) -> None:
    path = write(tmp_path / "brief.txt", data)
    with pytest.raises(CorpusError, match=rf"brief\.txt.*{looks_like}"):
        read_text(path)


def test_txt_mentioning_pdf_and_html_is_text(tmp_path: Path) -> None:
    body = "Zie de bijlage (%PDF-versie) en <html>-pagina op rijksoverheid.nl.\n"
    assert read_text(write(tmp_path / "a.txt", body)) == body


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [(b"Hierbij bied ik u de brief aan.\n", "text"), (b"PK\x03\x04\x14\x00", "ZIP")],
    ids=["text", "zip"],
)
def test_pdf_that_is_not_a_pdf_is_refused(tmp_path: Path, data: bytes, looks_like: str) -> None:
    path = write(tmp_path / "brief.pdf", data)
    with pytest.raises(CorpusError, match=rf"brief\.pdf.*not a PDF.*{looks_like}"):
        read_text(path)
