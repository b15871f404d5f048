"""Footnotes in extracted letters: Word-export markers, bodies dropped at page breaks and
link lines (the markers in the running text: :mod:`discourse.corpus.markers`).

Used by :func:`discourse.corpus.clean.clean_text` (steps 3-5 of its docstring).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from discourse.corpus.actions import Action, record
from discourse.corpus.markers import find_marker

__all__ = [
    "extract_footnote_blocks",
    "extract_url_lines",
    "extract_word_footnotes",
]

_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_WORD_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\d+\]")
_WORD_FOOTNOTE_BODY = re.compile(r"\[(\d+):\s*(.*?)\]", re.DOTALL)


def extract_word_footnotes(text: str, *, log: list[Action] | None = None) -> tuple[str, list[str]]:
    """Remove Word-export footnote markers and move inline bodies to the footnotes.

    ``[footnoteRef:1]`` is deleted; ``[1: Kamerstuk 33 694, nr. 16 …]`` (possibly over
    several lines) is deleted from the text and returned as ``"1 Kamerstuk …"``.

    Examples
    --------
    >>> extract_word_footnotes("ontbreken[footnoteRef:1]?\\n [1: Kamerstuk\\n 33 694]")
    ('ontbreken?\\n ', ['1 Kamerstuk 33 694'])
    """
    notes = [
        f"{m.group(1)} {' '.join(m.group(2).split())}".strip()
        for m in _WORD_FOOTNOTE_BODY.finditer(text)
    ]
    for m in _WORD_FOOTNOTE_REF.finditer(text):
        record(log, "removed", "footnote_marker", m.group())
    for note in notes:
        record(log, "moved", "footnote_body", note)
    text = _WORD_FOOTNOTE_REF.sub("", text)
    return _WORD_FOOTNOTE_BODY.sub("", text), notes


def _footnote_start(line: str, number: int, *, prev_blank: bool) -> str | None:
    """Body of footnote ``number`` if ``line`` starts it, else ``None``.

    ``1 Kamerstuk …`` after a blank line or another footnote; ``1Kamerstuk …`` (number
    glued to a capital, as pypdf gives footnotes) also right after running text.
    """
    stripped = line.strip()
    m = re.match(rf"^{number}\s+(\S.*)$", stripped) if prev_blank else None
    m = m or re.match(rf"^{number}([A-Z(].*)$", stripped)
    return m.group(1).strip() if m else None


def _ends_open_url(body: str) -> bool:
    """True when ``body`` ends in a URL cut after a hyphen (it continues on the next line)."""
    last = body.split()[-1] if body.split() else ""
    return "://" in last and last.endswith(("-", "_", "="))


def _ends_closed_url(body: str) -> bool:
    last = body.split()[-1] if body.split() else ""
    return "://" in last and not _ends_open_url(body)


def _continue_footnote(body: str, line: str) -> str | None:
    """``body`` extended by continuation ``line``, or ``None`` if ``line`` is not one."""
    if not line.strip() or line.startswith(" "):
        return None
    piece = line.strip()
    if _ends_open_url(body) and " " not in piece and not piece[0].isupper():
        return body + piece
    if _ends_closed_url(body):
        return None
    return f"{body} {piece}"


class _Block(NamedTuple):
    """Consecutive footnote lines: first line index, one past the last, and the bodies."""

    start: int
    end: int
    notes: list[str]


def _has_marker(lines: list[str], since: int, block: _Block) -> bool:
    """Does a typographic marker of one of the block's numbers precede it (since ``since``)?"""
    text = "\n".join(lines[since : block.start])
    return any(find_marker(text, int(note.split()[0])) for note in block.notes)


def _scan_blocks(lines: list[str]) -> tuple[list[_Block], list[_Block]]:
    """Footnote blocks (numbered lines in sequence 1, 2, 3, … with a marker) and the rejected."""
    blocks: list[_Block] = []
    rejected: list[_Block] = []
    expected, since = 1, 0
    i = 0
    while i < len(lines):
        prev_blank = i == 0 or not lines[i - 1].strip()
        body = _footnote_start(lines[i], expected, prev_blank=prev_blank)
        if body is None:
            i += 1
            continue
        start, notes = i, [f"{expected} {body}"]
        i += 1
        while i < len(lines):
            nxt = _footnote_start(lines[i], expected + len(notes), prev_blank=True)
            if nxt is not None:
                notes.append(f"{expected + len(notes)} {nxt}")
            elif (extended := _continue_footnote(notes[-1], lines[i])) is not None:
                notes[-1] = extended
            else:
                break
            i += 1
        block = _Block(start, i, notes)
        if _has_marker(lines, since, block):
            blocks.append(block)
            expected, since = expected + len(notes), i
        else:
            rejected.append(block)
    return blocks, rejected


def extract_footnote_blocks(
    lines: list[str], *, log: list[Action] | None = None
) -> tuple[list[str], list[str]]:
    """Move footnote bodies dropped at page breaks out of the running text.

    A footnote body starts a line with the next expected footnote number (numbering runs
    1, 2, 3, … through the document), right after a blank line or another footnote, or
    glued to its text (``1Kamerstuk …``, pypdf). Its continuation lines (no leading
    space, not blank, not the next footnote) are joined; a URL split at a hyphen or slash
    is joined without a space. Consecutive bodies form a block, and a block is taken as
    footnotes only when the running text before it (since the previous block) holds a
    typographic marker (:func:`~discourse.corpus.markers.find_marker`) of one of its
    numbers; otherwise it is text — a numbered list without dots (``1 Het kabinet …``)
    stays in the text and is reported as ``kept``. Removed lines become blank lines, so
    the page break stays visible to :func:`~discourse.corpus.lines.join_lines`.

    Parameters
    ----------
    lines
        Lines of one document.
    log
        A list to which the moved bodies (and kept numbered lines) are appended.

    Returns
    -------
    tuple[list[str], list[str]]
        The lines without footnote bodies, and the bodies as ``"N text"``.
    """
    out = list(lines)
    notes: list[str] = []
    blocks, rejected = _scan_blocks(lines)
    for block in blocks:
        out[block.start : block.end] = [""] * (block.end - block.start)
        notes.extend(block.notes)
        for note in block.notes:
            record(log, "moved", "footnote_body", note)
    for block in rejected:
        record(log, "kept", "numbered_list", lines[block.start])
    return out, notes


def extract_url_lines(
    lines: list[str], *, log: list[Action] | None = None
) -> tuple[list[str], list[str]]:
    """Move lines holding only a URL out of the text; each URL is kept once.

    Examples
    --------
    >>> extract_url_lines(["a", "https://x.nl/a", "https://x.nl/a", " b"])
    (['a', '', '', ' b'], ['https://x.nl/a'])
    """
    out: list[str] = []
    urls: list[str] = []
    for line in lines:
        m = _URL_LINE.match(line)
        if m:
            record(log, "moved", "url_line", m.group(1))
            if m.group(1) not in urls:
                urls.append(m.group(1))
            out.append("")
        else:
            out.append(line)
    return out, urls
