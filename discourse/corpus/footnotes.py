"""Footnotes in extracted letters: Word-export markers, bodies dropped at page breaks,
link lines, and the footnote numbers glued to words in the running text.

Used by :func:`discourse.corpus.clean.clean_text` (steps 2-4 and 8 of its docstring).
"""

from __future__ import annotations

import re

__all__ = [
    "extract_footnote_blocks",
    "extract_url_lines",
    "extract_word_footnotes",
    "remove_footnote_markers",
]

_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_WORD_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\d+\]")
_WORD_FOOTNOTE_BODY = re.compile(r"\[(\d+):\s*(.*?)\]", re.DOTALL)


def extract_word_footnotes(text: str) -> tuple[str, list[str]]:
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
    text = _WORD_FOOTNOTE_REF.sub("", text)
    return _WORD_FOOTNOTE_BODY.sub("", text), notes


def _footnote_start(line: str, number: int) -> str | None:
    """Body of footnote ``number`` if ``line`` starts it, else ``None``."""
    m = re.match(rf"^{number}\s+(\S.*)$", line.strip())
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


def extract_footnote_blocks(lines: list[str]) -> tuple[list[str], list[str]]:
    """Move footnote bodies dropped at page breaks out of the running text.

    A footnote body starts a line with the next expected footnote number (numbering runs
    1, 2, 3, … through the document), right after a blank line or another footnote. Its
    continuation lines (no leading space, not blank, not the next footnote) are joined;
    a URL split at a hyphen or slash is joined without a space. Removed lines become
    blank lines, so the page break stays visible to :func:`join_lines`.

    Parameters
    ----------
    lines
        Lines of one document.

    Returns
    -------
    tuple[list[str], list[str]]
        The lines without footnote bodies, and the bodies as ``"N text"``.
    """
    out: list[str] = []
    notes: list[str] = []
    expected = 1
    current: str | None = None
    for line in lines:
        prev_blank = not out or not out[-1].strip() or current is not None
        body = _footnote_start(line, expected) if prev_blank else None
        if body is not None:
            if current is not None:
                notes.append(current)
            current = f"{expected} {body}"
            expected += 1
            out.append("")
            continue
        if current is not None:
            extended = _continue_footnote(current, line)
            if extended is not None:
                current = extended
                out.append("")
                continue
            notes.append(current)
            current = None
        out.append(line)
    if current is not None:
        notes.append(current)
    return out, notes


def extract_url_lines(lines: list[str]) -> tuple[list[str], list[str]]:
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
            if m.group(1) not in urls:
                urls.append(m.group(1))
            out.append("")
        else:
            out.append(line)
    return out, urls


#: What may precede a glued footnote marker: a letter (``Agenda1``), punctuation after a
#: non-digit (``industrie.2``, ``Veldkamp,7``) or a year (``juni 202413``, ``2023.11``).
_GLUED_BEFORE = re.compile(r"(?:[^\W\d_]|[^\d\s][.,;:!?’'”\")\]]|(?:^|\D)(?:19|20)\d\d[.,]?)$")
_Span = tuple[int, int]


def _find_marker(text: str, number: int, start: int) -> _Span | None:
    """First occurrence of ``number`` after ``start`` glued to the preceding text."""
    n = str(number)
    i = text.find(n, start)
    while i != -1:
        end = i + len(n)
        free_end = end == len(text) or not text[end].isdigit()
        if free_end and _GLUED_BEFORE.search(text[max(0, i - 6) : i]):
            return i, end
        i = text.find(n, i + 1)
    return None


def _find_spaced_marker(text: str, number: int, start: int, end: int) -> _Span | None:
    """A marker separated by a space (``Voortgangsbrief 20 is``) between two markers."""
    m = re.compile(rf"(?<=[^\W\d_]) {number}(?= [^\W\d_])").search(text, start, end)
    return m.span() if m else None


def _next_marker(text: str, number: int, start: int, n_footnotes: int) -> _Span | None:
    """Marker ``number`` after ``start``: glued if it comes before marker ``number + 1``.

    Otherwise (no glued marker in order) a spaced marker before the next glued marker is
    accepted, but only for a number that has a footnote body.
    """
    glued = _find_marker(text, number, start)
    following = _find_marker(text, number + 1, start)
    if glued and (following is None or glued[0] < following[0]):
        return glued
    if number > n_footnotes:
        return None
    end = following[0] if following else len(text)
    return _find_spaced_marker(text, number, start, end)


def remove_footnote_markers(text: str, *, n_footnotes: int = 0) -> str:
    """Remove footnote numbers glued to words, searching them in footnote order.

    Marker 1 is searched first, then marker 2 after it, and so on, until a marker is not
    found and all ``n_footnotes`` bodies have been accounted for. A marker is a footnote
    number glued to a letter (``Agenda1``), to punctuation (``industrie.2``) or to a year
    (``juni 202413``), and it must come before the next marker. A marker separated by a
    space (``Voortgangsbrief 20 is``) is accepted only where no glued marker fits.

    Examples
    --------
    >>> remove_footnote_markers("de Rabobank4, het CPB5 en DNB6 dat", n_footnotes=6)
    'de Rabobank, het CPB en DNB dat'
    >>> remove_footnote_markers("de Geannoteerde Agenda1 en het Kamerdebat")
    'de Geannoteerde Agenda en het Kamerdebat'
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    number = 1
    while True:
        hit = _next_marker(text, number, pos, n_footnotes)
        if hit is None and number >= n_footnotes:
            break
        if hit is not None:  # else: a body without a visible marker, try the next one
            spans.append(hit)
            pos = hit[1]
        number += 1
    for start, end in reversed(spans):
        text = text[:start] + text[end:]
    return text
