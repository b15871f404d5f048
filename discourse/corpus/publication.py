"""Read the official publication of a Kamerstuk: the XML and HTML of officielebekendmakingen.nl.

KOOP publishes every Kamerstuk (``kst-…``) and every answer to written questions
(Aanhangsel van de Handelingen, ``ah-tk-…``) as XML in the officiële-publicaties
vocabulary (schema ``op-xsd``, technische-documentatie.oep.overheid.nl) and as its HTML
rendering on zoek.officielebekendmakingen.nl. Both are read by their markup:

XML (root ``officiele-publicatie``, or ``kamerstuk``/``kamervragen``/``handelingen`` …):

* paragraphs: ``al`` (and any element holding text but no block: nothing is dropped);
  headings: ``tussenkop``, ``kop`` (its ``label``, ``nr``, ``titel`` on one line), a
  section's ``titel``; list items ``li`` with their ``li.nr``; table cells ``entry`` in
  reading order; the signature ``ondertekening``, each of its lines a paragraph;
* questions and answers: ``vraag``/``antwoord`` open with their label ``nr`` (``Vraag 1``;
  a bare ``1`` becomes ``Vraag 1``/``Antwoord 1``; without a label ``Vraag``/``Antwoord``
  is written unless the first paragraph starts with it), the form
  :data:`~discourse.corpus.layouts.LAYOUTS` segments; ``kamervraagomschrijving``
  (``Vragen van het lid … aan …``) and ``kamervraagopmerking`` (``Mededeling``) are text;
* footnotes: each ``noot`` (inline in a paragraph, or standing alone) becomes
  ``"N text"`` with its ``noot.nr`` (its paragraphs ``noot.al`` joined) and leaves no
  marker in the text; a ``nootref`` marker is removed;
* wrappers: an element with a block anywhere inside is walked (the Handelingen'
  ``agendapunt``/``spreekbeurt``, a ``motie`` in a turn); one without is one paragraph
  (``spreker``: ``De heer Wörsdörfer (VVD):``). The indentation of KOOP's files that
  opens or closes an element's content is no text;
* furniture: the head ``kamerstukkop``/``kamervraagkop``, ``kamervraagnummer``,
  ``dossier`` (number and title), ``stuknr``, the document title ``stuk/titel`` and
  ``datumtekst``; ``metadata`` and images carry no text.

HTML: the publication's content (``div#broodtekst``, ``div.stuk``, ``div#main-column``,
``article`` or ``main``; else ``body`` without ``nav``/``header``/``footer``/scripts). Block
elements (``p``, ``h1``–``h6``, ``li``, ``td``, …) are paragraphs; ``div.vraag`` and
``div.antwoord`` open with their label (``h2``, or ``p.nummer`` with a bare number:
``Vraag N``); footnote bodies ``div.voet.noot`` (number in ``span.nootnum``, text in its
``p``) go to ``footnotes``; markers ``sup`` holding a ``nootnum`` or ``#`` link are
removed; ``h1.stuktitel``/``h1.dossiertitel``/``p.kamerstukdatum`` are furniture.

The element names follow the documented vocabulary (op-xsd 2014-05-15, as rendered by the
XSLT of berthub.eu/tkconv and read by OpenKamer) and were checked on real files (8,041
moties of 2023–2025 and a Handelingen item; the tests use files written in that structure,
tests/data/formats/kop_shaped); the HTML classes are those of the publication's rendering
as used by those projects. Whitespace is collapsed per paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from discourse.errors import CorpusError

__all__ = ["read_publication"]

#: Root elements of an official publication (``officiele-publicatie`` wraps the others).
ROOTS = ("officiele-publicatie", "kamerstuk", "kamervragen", "handelingen", "aanhangsel")
_FURNITURE = {"kamerstukkop", "kamervraagkop", "kamervraagnummer", "dossier", "stuknr",
              "datumtekst"}  # fmt: skip
_NO_TEXT = {"metadata", "meta", "plaatje", "illustratie", "colspec", "nootref", "noot.nr"}
_BLOCKS = {
    "al", "al-groep", "tussenkop", "kop", "titel", "lijst", "li", "table", "tgroup", "thead",
    "tbody", "row", "entry", "tekst", "vrije-tekst", "algemeen", "divisie", "vraag",
    "antwoord", "ondertekening", "kamervraagomschrijving", "kamervraagopmerking", "stuk",
    "kamerstuk", "kamervragen", "box", "bijlage", "definitielijst", "definitie-item",
    "tekst-sluiting", "toelicht", "officiele-publicatie", "aanhangsel", "handelingen",
}  # fmt: skip
_LABELS = {"vraag": "Vraag", "antwoord": "Antwoord"}
_LABEL_START = re.compile(r"^\s*(?:vraag|vragen|antwoord)\b", re.IGNORECASE)
_HTML_DROP = ("script", "style", "nav", "header", "footer", "form", "noscript", "button")
_HTML_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd",
                "blockquote", "pre", "caption", "figcaption"}  # fmt: skip
_HTML_FURNITURE = {"stuktitel", "dossiertitel", "kamerstukdatum", "kamervraagnummer"}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _name(element) -> str:
    """Local name of an element (namespaces ignored); ``""`` for comments and the like."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


class _Out:
    """Paragraphs, footnotes and furniture of one document, in order."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.footnotes: list[str] = []
        self.furniture: list[str] = []

    def add(self, text: str) -> None:
        if text := _squash(text):
            self.paragraphs.append(text)

    def note(self, number: str, body: str) -> None:
        number = _squash(number) or str(len(self.footnotes) + 1)
        self.footnotes.append(f"{number} {_squash(body)}".strip())

    def extracted(self) -> tuple[str, list[str], list[str]]:
        furniture = list(dict.fromkeys(self.furniture))
        return "\n\n".join(self.paragraphs), self.footnotes, furniture


# --- XML ---------------------------------------------------------------------------------


def _layout(text: str | None) -> str:
    """``""`` for the indentation of pretty-printed XML (white space with a line break)."""
    return "" if text is None or (not text.strip() and "\n" in text) else text


def _xml_inline(element, out: _Out, *, own: bool = True) -> str:
    """Text of ``element`` with footnotes moved to ``out`` (their markers leave nothing).

    The indentation that opens or closes an element's content is no text (KOOP's files are
    indented: ``<naam>⏎ <achternaam>Keijzer</achternaam>⏎ </naam>:`` reads ``Keijzer:``);
    between two children it still separates words.
    """
    parts = [_layout(element.text)] if own else []
    children = list(element)
    for i, child in enumerate(children):
        name = _name(child)
        if name == "noot":
            _xml_note(child, out)
        elif name == "br":
            parts.append(" ")
        elif name and name not in _NO_TEXT:
            parts.append(_xml_inline(child, out))
        parts.append(_layout(child.tail) if i == len(children) - 1 else child.tail or "")
    return "".join(parts)


def _xml_note(noot, out: _Out) -> None:
    number = "".join(n.xpath("string()") for n in noot if _name(n) == "noot.nr")
    paras = [_xml_inline(al, out) for al in noot if _name(al) == "noot.al"]
    body = " ".join(paras) if paras else _xml_inline(noot, out)
    out.note(number, body)


def _xml_label(element, out: _Out) -> None:
    """The label of a ``vraag``/``antwoord``: ``Vraag 1`` in the form segmentation reads."""
    word = _LABELS[_name(element)]
    label = next((c for c in element if _name(c) in ("nr", "nummer")), None)
    if label is not None:
        text = _squash(_xml_inline(label, out))
        out.add(f"{word} {text}" if re.fullmatch(r"[\d\s,en&t/m-]+\.?", text) else text)
        return
    first = next((c for c in element if _name(c) not in _NO_TEXT and _name(c)), None)
    if first is None or not _LABEL_START.match(_squash(first.xpath("string()"))):
        out.add(word)


def _xml_block(element, out: _Out) -> None:
    name = _name(element)
    if not name or name in _NO_TEXT:
        return
    if name in _FURNITURE or (name == "titel" and _name(element.getparent()) == "stuk"):
        lines = [c for c in element if _name(c) == "tekstregel"] or [element]
        out.furniture.extend(_squash(_xml_inline(line, out)) for line in lines)
    elif name == "noot":
        _xml_note(element, out)
    elif name == "kop":
        out.add(" ".join(_xml_inline(c, out) for c in element if _name(c) not in _NO_TEXT))
    elif name == "li":
        _xml_list_item(element, out)
    elif name == "ondertekening" or name in _LABELS or _has_blocks(element):
        if name in _LABELS:
            _xml_label(element, out)
        out.add(element.text or "")
        for child in element:
            if name == "ondertekening":
                out.add(_xml_inline(child, out))
            elif not (name in _LABELS and _name(child) in ("nr", "nummer")):
                _xml_block(child, out)
            out.add(child.tail or "")
    else:
        out.add(_xml_inline(element, out))


def _has_blocks(element) -> bool:
    """Whether a block element lies anywhere inside ``element``: a wrapper the vocabulary
    adds around blocks (``agendapunt``/``spreekbeurt`` of the Handelingen, ``motie``,
    ``brief``) is walked, not read as one paragraph."""
    return any(_name(d) in _BLOCKS for d in element.iterdescendants())


def _xml_list_item(li, out: _Out) -> None:
    number = "".join(_squash(c.xpath("string()")) for c in li if _name(c) == "li.nr")
    rest = [c for c in li if _name(c) != "li.nr"]
    start = len(out.paragraphs)
    for child in rest:
        _xml_block(child, out)
    if number and len(out.paragraphs) > start:
        out.paragraphs[start] = f"{number} {out.paragraphs[start]}"
    elif number:
        out.add(number)


def _read_xml(path: Path) -> tuple[str, list[str], list[str]]:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise CorpusError(f"not well-formed XML ({exc})") from exc
    if _name(root) not in ROOTS:
        raise CorpusError(
            f"not an official publication (root element <{_name(root)}>; "
            f"expected one of {ROOTS}, the XML of zoek.officielebekendmakingen.nl)"
        )
    out = _Out()
    _xml_block(root, out)
    return out.extracted()


# --- HTML --------------------------------------------------------------------------------


def _html_content(tree):
    """The element holding the publication's text (see the module docstring)."""
    for query in (
        '//*[@id="broodtekst"]',
        '//div[contains(concat(" ", normalize-space(@class), " "), " stuk ")]',
        '//*[@id="main-column"]',
        "//article",
        "//main",
        "//body",
    ):
        found = tree.xpath(query)
        if found:
            return found[0]
    return tree


def _html_notes(tree, out: _Out) -> None:
    """Move footnote bodies (``div.voet.noot``) to ``out`` and remove the markers."""
    for box in tree.xpath('.//*[contains(@class, "noot")]'):
        if not {"voet", "noot"} <= _classes(box):
            continue
        number = "".join(n.text_content() for n in box.xpath('.//*[@class="nootnum"]'))
        for mark in box.xpath('.//*[@class="nootnum"] | .//*[contains(@class, "note-close")]'):
            mark.drop_tree()
        paras = box.xpath(".//p")
        out.note(number, " ".join(p.text_content() for p in paras) or box.text_content())
        box.drop_tree()
    for sup in tree.xpath(".//sup"):
        if sup.xpath('.//*[contains(@class, "nootnum")] | .//a[starts-with(@href, "#")]'):
            sup.drop_tree()
    for mark in tree.xpath('.//a[contains(@class, "nootnum")]'):
        mark.drop_tree()


def _html_label(element, text: str) -> str:
    """``Vraag 3`` for a bare number ``3`` in ``p.nummer`` inside ``div.vraag``."""
    if "nummer" not in _classes(element) or not re.fullmatch(r"[\d\s,en-]+\.?", text):
        return text
    for ancestor in element.iterancestors():
        word = next((_LABELS[c] for c in _classes(ancestor) if c in _LABELS), None)
        if word:
            return f"{word} {text}"
    return text


def _html_block(element, out: _Out) -> None:
    if not isinstance(element.tag, str):
        return
    classes = _classes(element)
    if classes & _HTML_FURNITURE:
        out.furniture.append(_squash(element.text_content()))
    elif element.tag in _HTML_BLOCKS and not _html_has_blocks(element):
        out.add(_html_label(element, _squash(element.text_content())))
    else:
        word = next((_LABELS[c] for c in classes if c in _LABELS), None)
        numbered = element.xpath('.//*[contains(concat(" ", @class, " "), " nummer ")]')
        if word and not numbered and not _LABEL_START.match(_squash(element.text_content())):
            out.add(word)
        out.add(element.text or "")
        for child in element:
            _html_block(child, out)
            out.add(child.tail or "")


def _html_has_blocks(element) -> bool:
    return any(
        isinstance(e.tag, str) and (e.tag in _HTML_BLOCKS or e.tag in ("div", "table", "ul"))
        for e in element.iterdescendants()
    )


def _read_html(path: Path) -> tuple[str, list[str], list[str]]:
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.parse(str(path)).getroot()
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise CorpusError(f"not a readable HTML page ({exc})") from exc
    if tree is None:
        raise CorpusError("not a readable HTML page (no elements)")
    for element in tree.xpath("|".join(f"//{t}" for t in _HTML_DROP)):
        element.drop_tree()
    for br in tree.iter("br"):  # a line break separates words
        br.tail = "\n" + (br.tail or "")
    out = _Out()
    _html_notes(tree, out)  # the notes may stand after the content element
    _html_block(_html_content(tree), out)
    return out.extracted()


def read_publication(path: str | Path) -> tuple[str, list[str], list[str]]:
    """Read an official publication's ``.xml`` or ``.html`` (see the module docstring).

    Parameters
    ----------
    path
        An ``.xml`` file in the officiële-publicaties vocabulary, or an ``.html``/``.htm``
        page of its rendering.

    Returns
    -------
    tuple[str, list[str], list[str]]
        The fields of :class:`~discourse.corpus.files.Extracted`: ``text``: one
        paragraph per block, separated by blank lines, footnote markers
        removed; ``footnotes``: ``"N text"`` per note; ``furniture``: the publication's head.

    Raises
    ------
    CorpusError
        XML that is not well-formed (the parser's line and column) or whose root is not
        an official publication's; an HTML page that cannot be parsed
        (:func:`~discourse.corpus.files.read_letter` puts the file's name first).
    """
    path = Path(path)
    return _read_xml(path) if path.suffix.lower() == ".xml" else _read_html(path)
