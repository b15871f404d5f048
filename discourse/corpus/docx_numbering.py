"""Word's automatic numbers as text: list numbering and the number formats of notes.

A numbered paragraph's number is no text in the package: Word computes it while it lays
out the document (ECMA-376 Part 1, §17.9). :class:`Numbering` does the same, paragraph by
paragraph in document order, so that ``1. Kent u het bericht …?`` or ``Vraag 1`` keeps the
number Word shows:

* **which list**: ``w:pPr/w:numPr`` (``w:numId``, ``w:ilvl``) on the paragraph, else the
  one of its paragraph style or the nearest style it is based on (``w:basedOn``; a
  paragraph without ``w:pStyle`` has the default paragraph style). A missing ``w:ilvl``
  is the level whose ``w:pStyle`` names the paragraph's style, else 0; ``w:numId`` 0 (or an
  unknown one) switches numbering off.
* **the level**: ``w:num`` points to a ``w:abstractNum`` (through ``w:numStyleLink`` and
  the numbering style's own ``w:numPr`` when the list is a list style); a
  ``w:lvlOverride/w:lvl`` of the ``w:num`` replaces the abstract level.
* **the counters** are kept per abstract definition (§17.9.6; MS-OI29500 2.1.279): all
  ``w:num`` over one ``w:abstractNum`` continue one sequence, across any paragraphs
  between them. A level starts at ``w:start`` (its ``w:lvlOverride/w:startOverride`` when
  the ``w:num`` has one); the first paragraph of a ``w:num`` that overrides the level
  (a ``w:startOverride``, *Restart at*, or a whole ``w:lvl``) starts it again. A
  paragraph at level *k* restarts the deeper levels, except a level whose
  ``w:lvlRestart`` is 0 (never) or names a level above *k* (§17.9.10).
* **the text**: ``w:lvlText`` with ``%1`` … ``%9`` replaced by the current number of that
  level in that level's ``w:numFmt`` (all decimal when the level is ``w:isLgl``; a level
  not used yet shows its start; a bullet or ``none`` level shows nothing), then the
  ``w:suff`` (a tab, read as a space like ``w:tab``; a space; or nothing).

A bullet level (``numFmt`` ``bullet``) is rendered ``"•"``, whatever glyph its
``w:lvlText`` holds: the glyph is a character of a symbol font (``U+F0B7`` in Symbol, ``o``
in Courier New, ``§`` in Wingdings) that means nothing outside it, while ``•`` is what a PDF
of the letter gives, and :func:`~discourse.corpus.normalize.normalize_characters` turns it
into ``-`` in both. Number formats other than the ones :func:`format_number` knows
(East-Asian counting systems, number words) are written in decimal.

References
----------
ECMA International (2021). *ECMA-376 Office Open XML File Formats, Part 1*, 5th ed.,
§17.9 Numbering, §17.11 Footnotes and Endnotes, §17.18.59 ST_NumberFormat.
Microsoft (2023). *[MS-OI29500] Office Implementation Information for ISO/IEC 29500*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Numbering", "format_number"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
_CHICAGO = "*†‡§"
_PLACEHOLDER = re.compile(r"%([1-9])")
_SUFFIX = {"tab": " ", "space": " ", "nothing": ""}
BULLET = "\u2022"


def format_number(n: int, fmt: str) -> str:
    """``n`` in a WordprocessingML number format (ST_NumberFormat, §17.18.59).

    ``decimal``, ``decimalZero`` (``01``), ``upperRoman``/``lowerRoman``,
    ``upperLetter``/``lowerLetter`` (Word repeats the letter after z: ``aa``, ``bb``),
    ``chicago`` (``*``, ``†``, ``‡``, ``§``, then doubled), ``bullet`` (``•``) and ``none``
    (nothing); any other format, and a number below 1 in a letter or roman format, in
    decimal.

    >>> [format_number(n, f) for n, f in [(4, "lowerRoman"), (28, "upperLetter"), (5, "chicago")]]
    ['iv', 'BB', '**']
    """
    if fmt == "none":
        return ""
    if fmt == "bullet":
        return BULLET
    if fmt == "decimalZero":
        return f"{n:02d}"
    if n < 1 or fmt not in ("upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "chicago"):
        return str(n)
    if fmt == "chicago":
        return _CHICAGO[(n - 1) % 4] * ((n - 1) // 4 + 1)
    if fmt.endswith("Letter"):
        text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    else:
        text = ""
        for value, letters in _ROMAN:
            while n >= value:
                text, n = text + letters, n - value
    return text.upper() if fmt.startswith("upper") else text


def _val(element, path: str, default: str | None = None) -> str | None:
    """``w:val`` of the child at ``path`` (``w:``-prefixed names joined by ``/``)."""
    found = element.find("/".join(f"{_W}{name}" for name in path.split("/")))
    return default if found is None else found.get(f"{_W}val", default)


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@dataclass(frozen=True)
class Level:
    """One ``w:lvl``: how a level counts and what it shows."""

    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = " "
    style: str | None = None

    @classmethod
    def read(cls, lvl) -> Level:
        text = lvl.find(f"{_W}lvlText")
        null = text is not None and text.get(f"{_W}null") in ("1", "true", "on")
        legal = lvl.find(f"{_W}isLgl")
        return cls(
            start=_int(_val(lvl, "start"), 0),
            fmt=_val(lvl, "numFmt", "decimal"),
            text="" if text is None or null else text.get(f"{_W}val", ""),
            restart=_int(_val(lvl, "lvlRestart")),
            legal=legal is not None and legal.get(f"{_W}val", "1") in ("1", "true", "on"),
            suffix=_SUFFIX.get(_val(lvl, "suff", "tab"), " "),
            style=_val(lvl, "pStyle"),
        )


@dataclass
class _Num:
    """One ``w:num``: its abstract definition, level overrides and start overrides."""

    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


class Numbering:
    """The numbering definitions and styles of one package, and the running counters.

    Parameters
    ----------
    numbering
        The root element of ``word/numbering.xml`` (``w:numbering``), or None.
    styles
        The root element of ``word/styles.xml`` (``w:styles``), or None.
    """

    def __init__(self, numbering=None, styles=None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> numbering style it links to
        self.nums: dict[str, _Num] = {}
        self.styles: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.default_style: str | None = None
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)
        self.restart()

    def _read_numbering(self, root) -> None:
        for abstract in root.iterchildren(f"{_W}abstractNum"):
            key = abstract.get(f"{_W}abstractNumId", "")
            self.abstracts[key] = {
                _int(lvl.get(f"{_W}ilvl"), 0): Level.read(lvl)
                for lvl in abstract.iterchildren(f"{_W}lvl")
            }
            link = _val(abstract, "numStyleLink")
            if link:
                self.links[key] = link
        for num in root.iterchildren(f"{_W}num"):
            entry = _Num(_val(num, "abstractNumId", ""))
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    entry.starts[ilvl] = start
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    entry.levels[ilvl] = Level.read(lvl)
            self.nums[num.get(f"{_W}numId", "")] = entry

    def _read_styles(self, root) -> None:
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId", "")
            self.styles[style_id] = (
                _val(style, "basedOn"),
                _val(style, "pPr/numPr/numId"),
                _val(style, "pPr/numPr/ilvl"),
            )
            default = style.get(f"{_W}default") in ("1", "true", "on")
            if default and style.get(f"{_W}type") == "paragraph":
                self.default_style = style_id

    def restart(self) -> Numbering:
        """Forget the counters (a new story: notes, headers); returns self."""
        self.counters: dict[str, dict[int, int]] = {}
        self.seen: set[tuple[str, int]] = set()
        return self

    def _abstract(self, num_id: str) -> tuple[str, dict[int, Level]] | None:
        """The abstract definition of a ``w:num``, following list-style links."""
        num = self.nums.get(num_id)
        for _ in range(4):  # numStyleLink -> style's numId -> num -> abstract (bounded)
            if num is None:
                return None
            key = num.abstract
            link = self.links.get(key)
            linked = self.styles.get(link, (None, None, None))[1] if link else None
            if not linked or self.nums.get(linked) is num:
                return key, self.abstracts.get(key, {})
            num = self.nums.get(linked)
        return None

    def _style_numbering(self, style: str | None) -> tuple[str | None, str | None]:
        """``(numId, ilvl)`` of a paragraph style or the nearest style it is based on."""
        for _ in range(32):  # basedOn chains are short; a cycle must not hang
            if style is None or style not in self.styles:
                return None, None
            based_on, num_id, ilvl = self.styles[style]
            if num_id is not None:
                return num_id, ilvl
            style = based_on
        return None, None

    def label(self, p) -> str:
        """The number Word shows before paragraph ``p`` with its suffix (``""`` if none);
        counts the paragraph."""
        direct_num = _val(p, "pPr/numPr/numId")
        direct_lvl = _val(p, "pPr/numPr/ilvl")
        style = _val(p, "pPr/pStyle", self.default_style)
        style_num, style_lvl = self._style_numbering(style)
        num_id = direct_num if direct_num is not None else style_num
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        found = self._abstract(num_id)
        if found is None:
            return ""
        key, abstract = found
        levels = {**abstract, **self.nums[num_id].levels}
        ilvl = _int(direct_lvl if direct_lvl is not None else style_lvl)
        if ilvl is None:
            ilvl = next((i for i, lv in sorted(levels.items()) if lv.style == style), 0)
        if ilvl not in levels:
            return ""
        self._count(num_id, key, ilvl, levels)
        return self._render(num_id, key, ilvl, levels)

    def _start(self, num_id: str, ilvl: int, levels: dict[int, Level]) -> int:
        return self.nums[num_id].starts.get(ilvl, levels[ilvl].start)

    def _count(self, num_id: str, key: str, ilvl: int, levels: dict[int, Level]) -> None:
        counters = self.counters.setdefault(key, {})
        num = self.nums[num_id]
        first = (num_id, ilvl) not in self.seen and (ilvl in num.starts or ilvl in num.levels)
        self.seen.add((num_id, ilvl))
        if first or ilvl not in counters:
            counters[ilvl] = self._start(num_id, ilvl, levels)
        else:
            counters[ilvl] += 1
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart > deeper or (restart > 0 and ilvl < restart):
                del counters[deeper]

    def _render(self, num_id: str, key: str, ilvl: int, levels: dict[int, Level]) -> str:
        level, counters = levels[ilvl], self.counters[key]
        if level.fmt == "bullet":
            return BULLET + level.suffix

        def number(m: re.Match) -> str:
            i = int(m.group(1)) - 1
            if i not in levels or levels[i].fmt in ("bullet", "none"):
                return ""
            n = counters.get(i, self._start(num_id, i, levels))
            return format_number(n, "decimal" if level.legal else levels[i].fmt)

        text = _PLACEHOLDER.sub(number, level.text)
        return text + level.suffix if text.strip() else ""
