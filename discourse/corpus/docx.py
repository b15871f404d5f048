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
  counted in order of first reference, as Word displays them (endnotes after them). N
  follows the note properties (``w:footnotePr``/``w:endnotePr`` of the section, else of
  ``word/settings.xml``): ``w:numFmt`` (footnotes ``decimal``, endnotes ``lowerRoman`` by
  default; ``upperLetter``, ``chicago`` ``*``, ``†``, …), ``w:numStart`` and
  ``w:numRestart`` ``eachSect`` (``eachPage`` needs the page layout and counts on). A
  reference with ``w:customMarkFollows`` takes no number: its mark, the text that
  follows it in its run or the next run (``*``), leaves the text and labels the note
  (``"* text"``; the copy of the mark that opens the note's own text is taken off). The
  separator notes (``w:type`` ``separator``/``continuationSeparator``, ids -1 and 0) are
  no notes. A note that the body never references is not shown by Word and is not read.
* page headers and footers (their own parts) and positioned text (text boxes,
  ``w:txbxContent``; framed paragraphs, ``w:framePr``: the letterhead's side column)
  go to ``furniture``, each line once.

The numbers of automatically numbered paragraphs (``w:numPr``: ``1.``, ``a)``,
``Vraag 3``) are rendered before the paragraph's text as Word shows them, bullets as
``•`` (:mod:`discourse.corpus.docx_numbering`; the body counts on through text boxes and
tables, each note and header part counts from the start). python-docx opens and checks
the package; lxml parses the parts python-docx does not expose.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from discourse.corpus.docx_numbering import Numbering, format_number
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
_REFS = {f"{_W}footnoteReference": "footnote", f"{_W}endnoteReference": "endnote"}
#: Word's note numbering when no ``w:footnotePr``/``w:endnotePr`` says otherwise.
_NOTE_DEFAULTS = {
    "footnote": ("decimal", 1, "continuous"),
    "endnote": ("lowerRoman", 1, "continuous"),
}


class _Ref(NamedTuple):
    """One note reference: its kind, ``w:id``, section (0, 1, …) and custom mark (or None)."""

    kind: str
    note_id: str
    section: int
    mark: str | None = None


class _Reader:
    """Walks one part; collects paragraphs, furniture and the note references in order."""

    def __init__(self, numbering: Numbering | None = None) -> None:
        self.paragraphs: list[str] = []
        self.furniture: list[str] = []
        self.refs: list[_Ref] = []
        self.numbering = numbering
        self.section = 0
        self._pending: list[int] | None = None  # [ref index, runs left] awaiting a mark

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
        parts = [self.numbering.label(p)] if self.numbering is not None else []
        self._pending = None
        self._inline(p, parts)
        self._pending = None
        if p.find(f"{_W}pPr/{_W}sectPr") is not None:  # the last paragraph of a section
            self.section += 1
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
                text = child.text or "" if _TEXT[tag] is None else _TEXT[tag]
                parts.append(self._mark(text) if tag == f"{_W}t" else text)
            elif tag in _REFS:
                custom = child.get(f"{_W}customMarkFollows") in ("1", "true", "on")
                ref = _Ref(_REFS[tag], child.get(f"{_W}id", ""), self.section)
                self.refs.append(ref._replace(mark="") if custom else ref)
                self._pending = [len(self.refs) - 1, 2] if custom else None
            elif tag == f"{_W}txbxContent":
                self.blocks(child, furniture=True)
            else:  # runs, hyperlinks, insertions, field results, smart tags, drawings, …
                self._inline(child, parts)
                if tag == f"{_W}r" and self._pending is not None:
                    self._pending[1] -= 1  # the mark is in the reference's run or the next
                    self._pending = self._pending if self._pending[1] else None

    def _mark(self, text: str) -> str:
        """A custom note mark awaited: take it (the first word) from ``text``; the rest."""
        if self._pending is None or not text.strip():
            return text
        mark, *rest = text.lstrip().split(maxsplit=1)
        self.refs[self._pending[0]] = self.refs[self._pending[0]]._replace(mark=mark)
        self._pending = None
        return " " + rest[0] if rest else ""


def _parse(blob: bytes, what: str):
    from lxml import etree

    try:
        return etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise CorpusError(f"the {what} part of the .docx is not well-formed XML ({exc})") from exc


def _root(part, what: str):
    """The XML root of a package part (python-docx's element when it has parsed it)."""
    element = getattr(part, "element", None)
    return element if element is not None else _parse(part.blob, what)


def _notes(root, kind: str, numbering: Numbering) -> dict[str, str]:
    """``{w:id: text}`` of the real notes (no separators) of a footnotes/endnotes part."""
    out: dict[str, str] = {}
    numbering.restart()
    for note in root.iterchildren(f"{_W}{kind}"):
        if note.get(f"{_W}type") not in (None, "normal"):
            continue
        reader = _Reader(numbering)
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


def _note_properties(settings, body) -> dict[str, list[tuple[str, int, str]]]:
    """Per kind, ``(numFmt, numStart, numRestart)`` of each section (settings, then the
    section's own ``w:footnotePr``/``w:endnotePr``, property by property)."""
    sections = [s for s in body.iter(f"{_W}sectPr") if s.getparent().tag in (f"{_W}pPr", body.tag)]
    out: dict[str, list[tuple[str, int, str]]] = {}
    for kind, (fmt, start, restart) in _NOTE_DEFAULTS.items():
        props = []
        for element in [settings, *sections]:
            pr = element.find(f"{_W}{kind}Pr") if element is not None else None
            if pr is not None:
                fmt = _child_val(pr, "numFmt") or fmt
                start = int(_child_val(pr, "numStart") or start)
                restart = _child_val(pr, "numRestart") or restart
            props.append((fmt, start, restart))
        out[kind] = props[1:] or props  # one entry per section (the settings' if none)
    return out


def _child_val(element, name: str) -> str | None:
    child = element.find(f"{_W}{name}")
    value = child.get(f"{_W}val") if child is not None else None
    return value if value is None or name != "numStart" or value.isdigit() else None


def _number(refs: list[_Ref], notes: dict[str, dict[str, str]], properties) -> list[str]:
    """The referenced notes as ``"N text"`` in order of first reference, footnotes first;
    N in the section's format and counting, or the reference's custom mark."""
    out: list[str] = []
    for kind in ("footnote", "endnote"):
        first: dict[str, _Ref] = {}
        for ref in refs:
            if ref.kind == kind and ref.note_id in notes[kind]:
                first.setdefault(ref.note_id, ref)
        n, section = None, None
        for ref in first.values():
            text = notes[kind][ref.note_id]
            if ref.mark is not None:  # a custom mark takes no number
                label, text = ref.mark, text.removeprefix(ref.mark).lstrip() if ref.mark else text
            else:
                fmt, start, restart = properties[kind][min(ref.section, len(properties[kind]) - 1)]
                fresh = n is None or (restart == "eachSect" and ref.section != section)
                n, section = start if fresh else n + 1, ref.section
                label = format_number(n, fmt)
            out.append(f"{label} {text}".strip())
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
    parts = {
        rel.reltype: rel.target_part for rel in document.part.rels.values() if not rel.is_external
    }
    numbering = Numbering(
        _root(parts[RT.NUMBERING], "numbering") if RT.NUMBERING in parts else None,
        _root(parts[RT.STYLES], "styles") if RT.STYLES in parts else None,
    )
    body = _Reader(numbering)
    body.blocks(document.element.body)
    notes: dict[str, dict[str, str]] = {"footnote": {}, "endnote": {}}
    furniture = _Reader(numbering)
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES):
            kind = "footnote" if rel.reltype == RT.FOOTNOTES else "endnote"
            notes[kind] = _notes(_root(rel.target_part, f"{kind}s"), kind, numbering)
        elif rel.reltype in (RT.HEADER, RT.FOOTER):
            numbering.restart()
            furniture.blocks(rel.target_part.element, furniture=True)
    settings = _root(parts[RT.SETTINGS], "settings") if RT.SETTINGS in parts else None
    return (
        "\n\n".join(body.paragraphs),
        _number(body.refs, notes, _note_properties(settings, document.element.body)),
        list(dict.fromkeys(body.furniture + furniture.furniture)),
    )
