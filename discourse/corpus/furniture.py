"""Page furniture of ministry letters: letterhead, side column, page headers and footers.

In a ministry letter printed to PDF every page repeats the letterhead and the side column
("Ministerie van Buitenlandse Zaken", "Ons kenmerk", "BZ/DIE-2026/12345", "Postbus 20061",
"2500 EB Den Haag", "Datum", "Betreft") and a page line ("Pagina 2 van 9"); a Handelingen
or Kamerstuk page carries a footer with its page number ("Aanhangsel Handelingen 2023-2024
3"), which pypdf may glue to the next heading ("… 2023-2024 1Antwoord 3"). These lines cut
sentences and surface as key terms. :func:`move_furniture` moves them out of the running
text into the letter's ``furniture`` list — data-driven, nothing deleted:

1. a line ``Pagina N van M`` (or ``Pagina N/M``) anywhere;
2. a line repeated on at least half of the pages (and on at least two) within the first
   or last :data:`ZONE` non-blank lines of each page (the letterhead and side column sit
   at the page edges in extracted text), at most 80 characters, not ending a sentence
   (``.``, ``?``, ``!``) or a label (``:``, as in ``Minister Van Weel:``) and not a
   heading of the document's structure (``Vraag``, ``Antwoord``, …:
   :data:`STRUCTURE_WORDS`);
3. a header/footer with a page number: the same text followed by a number that follows
   the page sequence (number − page index constant) on at least half of the pages; when
   a capitalised word is glued to the number (``1Antwoord 3``), that rest is split off
   and becomes a paragraph of its own;
4. on any page count, a structure heading glued to a number (``… 2023/24 1Antwoord 2``,
   one footer that rule 3 cannot prove) is split off as a paragraph of its own; the text
   before it stays in the text, on a line of its own (``split glued_heading`` in the
   report), since a single occurrence proves no furniture.

Pages are those of :func:`~discourse.corpus.pages.split_pages`. With fewer than two
pages only rule 1 applies. ``furniture`` lists each moved line once, in order of first
appearance; how often each was moved is in the cleaning report.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from discourse.corpus.actions import Action, record
from discourse.corpus.pages import split_pages

__all__ = ["STRUCTURE_WORDS", "ZONE", "move_furniture"]

#: Non-blank lines at the top and bottom of a page where furniture is looked for.
ZONE = 12
#: First words of lines that are the document's structure, never furniture.
STRUCTURE_WORDS = (
    "vraag", "vragen", "antwoord", "antwoorden", "reactie", "inbreng", "overig",
    "bijlage", "inleiding", "conclusie", "toelichting", "de voorzitter",
)  # fmt: skip
_PAGINA = re.compile(r"^\s*pagina\s+\d+\s*(?:van|/)\s*\d+\s*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(?P<key>.*?(?:[^\d\s]|\s))(?P<num>\d{1,3})(?P<rest>[A-Z][a-z].*)?$")
_STRUCTURE = re.compile(rf"^(?:{'|'.join(STRUCTURE_WORDS)})\b", re.IGNORECASE)
#: A structure heading glued to a number by PDF extraction (``… 2023/24 1Antwoord 2``).
_GLUED_HEADING = re.compile(
    r"^(?P<key>.*\d)(?P<rest>(?:Vraag|Vragen|Antwoord|Antwoorden)\b(?:[\s\d,:en-]|op|vraag)*)$"
)


def _norm(line: str) -> str:
    return " ".join(line.split())


def _zone(page: list[int]) -> list[int]:
    return sorted(set(page[:ZONE]) | set(page[-ZONE:]))


def _may_be_furniture(key: str) -> bool:
    ends = (".", "?", "!", ":")  # a sentence, or a label that opens a turn ("Minister X:")
    return 0 < len(key) <= 80 and not key.endswith(ends) and not _STRUCTURE.match(key)


def _repeated(lines: list[str], pages: list[list[int]], need: int) -> set[int]:
    """Line indices of rule 2: the same line at the page edges of ``need`` or more pages."""
    where: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for p, page in enumerate(pages):
        for i in _zone(page):
            key = _norm(lines[i])
            if _may_be_furniture(key):
                where[key][p].append(i)
    return {i for on in where.values() if len(on) >= need for ids in on.values() for i in ids}


def _numbered(lines: list[str], pages: list[list[int]], need: int) -> dict[int, re.Match]:
    """Rule 3: header/footer text + page number, following the page sequence."""
    seen: dict[tuple[str, int], dict[int, tuple[int, re.Match]]] = defaultdict(dict)
    for p, page in enumerate(pages):
        for i in _zone(page):
            m = _NUMBERED.match(_norm(lines[i]))
            key = m and m.group("key").strip()
            if m and len(key) >= 3 and _may_be_furniture(key):
                seen[key, int(m.group("num")) - p].setdefault(p, (i, m))
    return {i: m for on in seen.values() if len(on) >= need for i, m in on.values()}


def move_furniture(
    lines: list[str], *, log: list[Action] | None = None
) -> tuple[list[str], list[str]]:
    """Move letterhead, side-column and page header/footer lines out of the text.

    Parameters
    ----------
    lines
        Lines of one document (after character and whitespace normalisation).
    log
        A list to which every moved line (``moved furniture``) and every split-off glued
        heading (``split page_footer``) is appended.

    Returns
    -------
    tuple[list[str], list[str]]
        The lines with furniture blanked out (a glued rest on a line of its own, between
        blank lines), and the distinct furniture lines in order of first appearance.

    Examples
    --------
    >>> page = ["Ministerie van Financiën", "Ons kenmerk", "2026-0001", "", "Tekst."]
    >>> lines, furniture = move_furniture(page + ["", ""] + page)
    >>> furniture
    ['Ministerie van Financiën', 'Ons kenmerk', '2026-0001']
    """
    pages = split_pages(lines)
    need = max(2, math.ceil(len(pages) / 2))
    repeated = _repeated(lines, pages, need) if len(pages) >= 2 else set()
    numbered = _numbered(lines, pages, need) if len(pages) >= 2 else {}
    out: list[str] = []
    furniture: list[str] = []
    for i, line in enumerate(lines):
        key = _norm(line)
        if _PAGINA.match(line) or i in repeated:
            furniture.append(key)
            record(log, "moved", "furniture", key)
            out.append("")
        elif i in numbered:
            m = numbered[i]
            moved = (m.group("key") + m.group("num")).strip()
            furniture.append(moved)
            record(log, "moved", "furniture", moved)
            rest = m.group("rest")
            if rest:
                record(log, "split", "page_footer", key)
            out.extend(["", rest, ""] if rest else [""])
        elif m := _GLUED_HEADING.match(line.strip()):
            record(log, "split", "glued_heading", key)
            out.extend(["", m.group("key"), "", m.group("rest"), ""])
        else:
            out.append(line)
    return out, list(dict.fromkeys(furniture))
