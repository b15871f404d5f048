"""Read a Word ``.docx`` letter: running text, footnotes and furniture from the package.

A ``.docx`` is a ZIP package of WordprocessingML parts (ECMA-376 Part 1, §17). The body
(``word/document.xml``) is read in document order: each paragraph (``w:p``) becomes one
paragraph of the text, headings included; a table (``w:tbl``) is read row by row, cell
by cell, each cell's paragraphs in order (a merged cell's text once); content controls
(``w:sdt``) are read through. Inside a paragraph the text of its runs counts
(``w:t``; ``w:tab`` a space; ``w:br`` a line break; ``w:noBreakHyphen`` a hyphen), also
inside hyperlinks, inserted text and field results; field instructions (``w:instrText``,
e.g. ``PAGE``), deleted text (``w:del``) and the fallback copy of alternate content do
not.

What is no running text is moved, never dropped:

* footnotes (``word/footnotes.xml``, which python-docx does not expose) and endnotes
  (``word/endnotes.xml``): the reference ``w:footnoteReference w:id`` in the body is
  removed and the note's paragraphs become one entry ``"N text"`` of ``footnotes``, N
  numbered 1, 2, 3, … in order of first reference, as Word displays them (endnotes
  after them, numbered i, ii, iii, …, Word's default). The separator notes (``w:type``
  ``separator``/``continuationSeparator``, ids -1 and 0) are no notes. A note that the
  body never references is not shown by Word and is not read.
* page headers and footers (their own parts) and positioned text (text boxes,
  ``w:txbxContent``; framed paragraphs, ``w:framePr``: the letterhead's side column)
  go to ``furniture``, each line once.

Numbers of automatically numbered lists (``w:numPr``) are not text in the package and are
not rendered. python-docx opens and checks the package; lxml parses the note parts.
"""

from __future__ import annotations

from pathlib import Path

from discourse.errors import CorpusError

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
#: Elements whose content is no displayed text of the paragraph they stand in.
_SKIP = frozenset(
    f"{_W}{name}"
    for name in (
        "pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText", "fldChar",
        "footnoteRef", "endnoteRef", "separator", "continuationSeparator", "commentReference",
        "annotationRef", "sym", "lastRenderedPageBreak", "fldData",
    )
)  # fmt: skip
_TEXT = {f"{_W}t": None, f"{_W}tab": " ", f"{_W}ptab": " ", f"{_W}br": "\n", f"{_W}cr": "\n"}
_TEXT |= {f"{_W}noBreakHyphen": "-", f"{_W}softHyphen": "\u00ad"}
_ROMAN = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _roman(n: int) -> str:
    """Lower-case roman numeral (Word's default endnote numbers); ``_roman(14) == 'xiv'``."""
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


class _Reader:
    """Walks one part; collects paragraphs, furniture and the order of note references."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.furniture: list[str] = []
        self.refs: list[tuple[str, str]] = []  # ("footnote" | "endnote", w:id)

    def blocks(self, container, *, furniture: bool = False) -> None:
        for child in container:
            tag = child.tag
            if tag == f"{_W}p":
                self.paragraph(child, furniture=furniture)
            elif tag == f"{_W}tbl":
                for row in child.iterchildren(f"{_W}tr"):
                    for cell in row.iterchildren(f"{_W}tc"):
                        self.blocks(cell, furniture=furniture)
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                self.blocks(child, furniture=furniture)

    def paragraph(self, p, *, furniture: bool = False) -> None:
        framed = p.find(f"{_W}pPr/{_W}framePr") is not None
        parts: list[str] = []
        self._inline(p, parts)
        lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        if furniture or framed:
            self.furniture.extend(lines)
        else:
            self.paragraphs.append("\n".join(lines))

    def _inline(self, element, parts: list[str]) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP or tag == _MC_FALLBACK:
                continue
            if tag in _TEXT:
                parts.append(child.text or "" if _TEXT[tag] is None else _TEXT[tag])
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                kind = "footnote" if tag == f"{_W}footnoteReference" else "endnote"
                self.refs.append((kind, child.get(f"{_W}id", "")))
            elif tag == f"{_W}txbxContent":
                self.blocks(child, furniture=True)
            else:  # runs, hyperlinks, insertions, field results, smart tags, drawings, …
                self._inline(child, parts)


def _notes(blob: bytes, kind: str) -> dict[str, str]:
    """``{w:id: text}`` of the real notes (no separators) of a footnotes/endnotes part."""
    from lxml import etree

    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise CorpusError(f"the {kind}s part of the .docx is not well-formed XML ({exc})") from exc
    out: dict[str, str] = {}
    for note in root.iterchildren(f"{_W}{kind}"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue
        reader = _Reader()
        reader.blocks(note)
        out[note.get(f"{_W}id", "")] = " ".join(" ".join(reader.paragraphs).split())
    return out


def _open(path: Path):
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a core dependency
        raise CorpusError("reading .docx needs python-docx") from exc
    try:
        return docx.Document(str(path))
    except Exception as exc:  # zipfile, lxml and python-docx raise many types
        raise CorpusError(
            f"not a readable Word .docx ({type(exc).__name__}: {exc}); "
            "open it in Word and save it again as .docx"
        ) from exc


def _number(refs: list[tuple[str, str]], notes: dict[str, dict[str, str]]) -> list[str]:
    """The referenced notes as ``"N text"``: footnotes 1, 2, …, then endnotes i, ii, …."""
    out: list[str] = []
    for kind in ("footnote", "endnote"):
        seen = list(dict.fromkeys(i for k, i in refs if k == kind and i in notes[kind]))
        for n, note_id in enumerate(seen, start=1):
            label = str(n) if kind == "footnote" else _roman(n)
            out.append(f"{label} {notes[kind][note_id]}".strip())
    return out


def read_docx(path: str | Path) -> tuple[str, list[str], list[str]]:
    """Read a ``.docx`` letter (see the module docstring for what goes where).

    Parameters
    ----------
    path
        A Word ``.docx`` file.

    Returns
    -------
    tuple[str, list[str], list[str]]
        The fields of :class:`~discourse.corpus.files.Extracted`: ``text``: the body's
        paragraphs separated by blank lines, footnote references
        removed; ``footnotes``: ``"N text"`` per referenced note; ``furniture``: header,
        footer, text-box and frame lines, each once.

    Raises
    ------
    CorpusError
        The file is no Word package (a corrupt ZIP, another Office format) or a part of
        it is not well-formed XML (:func:`~discourse.corpus.files.read_letter` puts the
        file's name before the message).
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    path = Path(path)
    document = _open(path)
    body = _Reader()
    body.blocks(document.element.body)
    notes: dict[str, dict[str, str]] = {"footnote": {}, "endnote": {}}
    furniture = _Reader()
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            kind = "footnote" if rel.reltype == RT.FOOTNOTES else "endnote"
            notes[kind] = _notes(rel.target_part.blob, kind)
        elif rel.reltype in (RT.HEADER, RT.FOOTER):
            furniture.blocks(rel.target_part.element, furniture=True)
    return (
        "\n\n".join(body.paragraphs),
        _number(body.refs, notes),
        list(dict.fromkeys(body.furniture + furniture.furniture)),
    )
