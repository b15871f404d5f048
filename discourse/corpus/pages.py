"""Pages of an extracted letter and the page numbers on them.

A page break is a form feed (turned into two blank lines by
:func:`~discourse.corpus.normalize.normalize_whitespace`) or a run of two or more blank
lines: :func:`~discourse.corpus.files.read_text` joins the pages of a PDF with two blank
lines, and Word's text export leaves blank lines where a page ended. Paragraphs inside a
page are separated by one blank line.

A number on a line of its own (``14``, ``250``) or glued to the first word of a page
(``2Het kabinet``) is a page number only when that is proven (:func:`move_page_numbers`);
otherwise it stays in the text and is reported as ``kept``.
"""

from __future__ import annotations

import re
from collections import Counter

from discourse.corpus.actions import Action, record

__all__ = ["move_page_numbers", "page_of", "split_glued_page_numbers", "split_pages"]

_LONE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_GLUED_START = re.compile(r"^\s*(\d{1,3})(?=[A-Z][a-z])")


def split_pages(lines: list[str]) -> list[list[int]]:
    """Indices of the non-blank lines of each page (page breaks: two or more blank lines).

    Examples
    --------
    >>> split_pages(["a", "", "b", "", "", "c"])
    [[0, 2], [5]]
    """
    pages: list[list[int]] = [[]]
    blanks = 0
    for i, line in enumerate(lines):
        if not line.strip():
            blanks += 1
            continue
        if blanks >= 2 and pages[-1]:
            pages.append([])
        blanks = 0
        pages[-1].append(i)
    return [page for page in pages if page]


def page_of(pages: list[list[int]]) -> dict[int, int]:
    """Page index (0-based) of every non-blank line index."""
    return {i: p for p, page in enumerate(pages) for i in page}


def _candidates(lines: list[str], pages: list[list[int]]) -> list[tuple[int, int, int]]:
    """(line index, page index, number) of lone numbers and glued numbers at page edges."""
    found = []
    for p, page in enumerate(pages):
        for i in {page[0], page[-1]}:
            lone = _LONE_NUMBER.match(lines[i])
            if lone and _between_blanks(lines, i):
                found.append((i, p, int(lone.group(1))))
        glued = _GLUED_START.match(lines[page[0]])
        if glued and p > 0:
            found.append((page[0], p, int(glued.group(1))))
    return found


def _between_blanks(lines: list[str], i: int) -> bool:
    return (i == 0 or not lines[i - 1].strip()) and (
        i == len(lines) - 1 or not lines[i + 1].strip()
    )


def _after_footnotes(before: list[str], after: list[str], i: int) -> bool:
    """The nearest non-blank line above ``i`` was a footnote body (removed since)."""
    j = i - 1
    while j >= 0 and not before[j].strip():
        j -= 1
    return j >= 0 and not after[j].strip()


def _proven(cands: list[tuple[int, int, int]], before, after, pages) -> set[int]:
    """Line indices of candidates proven to be page numbers.

    Proof: two or more candidates fit one page sequence (number − page index is the same),
    or a lone number ends a page right below its footnotes.
    """
    offsets = Counter(n - p for _, p, n in cands)
    proven = {i for i, p, n in cands if offsets[n - p] >= 2}
    for i, p, _ in cands:
        lone = _LONE_NUMBER.match(before[i])
        if lone and i == pages[p][-1] and _after_footnotes(before, after, i):
            proven.add(i)
    return proven


def split_glued_page_numbers(
    lines: list[str], *, log: list[Action] | None = None
) -> tuple[list[str], list[str]]:
    """Split proven page numbers off the first word of a page (``2Het kabinet``).

    Run before the footnotes are looked for, so that ``2Het`` is not read as a glued
    footnote body. Proof as in :func:`move_page_numbers` (the page sequence); unproven
    ones are left for :func:`move_page_numbers` to report.

    Examples
    --------
    >>> split_glued_page_numbers(["Tekst.", "", "", "2Het kabinet", "", "", "3De minister"])
    (['Tekst.', '', '', 'Het kabinet', '', '', 'De minister'], ['2', '3'])
    """
    pages = split_pages(lines)
    cands = _candidates(lines, pages)
    proven = _proven(cands, lines, lines, pages)
    out, moved = list(lines), []
    for i, _, n in cands:
        if i in proven and _GLUED_START.match(lines[i]):
            moved.append(str(n))
            out[i] = lines[i].strip()[len(str(n)) :]
            record(log, "split", "page_number", lines[i])
    return out, moved


def move_page_numbers(
    lines: list[str], *, before: list[str] | None = None, log: list[Action] | None = None
) -> tuple[list[str], list[str]]:
    """Take proven page numbers out of the text; keep (and report) every other lone number.

    Candidates are a line holding only a number (between blank lines) that begins or ends
    a page, and a number glued to the first word of a page (``2Het kabinet``). A
    candidate is proven to be a page number when at least two candidates follow the page
    sequence (their number minus their page index is the same), or when a lone number
    ends a page directly below footnote bodies. A lone number that is not proven (a table
    cell, an amount: ``250``) stays in the text and is reported as ``kept``.

    Parameters
    ----------
    lines
        Lines of one document, footnote bodies already blanked out.
    before
        The same lines before the footnote bodies were blanked (default: ``lines``); the
        pages are read from them.
    log
        A list to which the moved and kept numbers are appended.

    Returns
    -------
    tuple[list[str], list[str]]
        The lines without the page numbers (a glued one is split off its sentence), and
        the page numbers moved out, in order.

    Examples
    --------
    >>> move_page_numbers(["Tekst.", "", "", "2Het kabinet", "", "", "3De minister"])[1]
    ['2', '3']
    >>> move_page_numbers(["Bedrag:", "", "250", "", "Tekst."])[0]
    ['Bedrag:', '', '250', '', 'Tekst.']
    """
    before = lines if before is None else before
    pages = split_pages(before)
    cands = _candidates(before, pages)
    proven = _proven(cands, before, lines, pages)
    out, moved = list(lines), []
    for i, _, n in cands:
        if not lines[i].strip():  # taken out already (a footnote body)
            continue
        if i not in proven:
            record(log, "kept", "page_number", before[i])
            continue
        moved.append(str(n))
        out[i] = lines[i].strip()[len(str(n)) :]
        action = "split" if out[i] else "moved"
        record(log, action, "page_number", before[i])
    for i, line in enumerate(lines):
        if (
            _LONE_NUMBER.match(line)
            and i not in {c[0] for c in cands}
            and _between_blanks(lines, i)
        ):
            record(log, "kept", "page_number", line)
    return out, moved
