"""Footnote markers in the running text: which numbers are markers, and only those go.

A number is removed as a footnote marker only when (1) a footnote body with that number
exists, (2) its position is typographically a marker and (3) it comes in sequence (after
marker ``n - 1``, before marker ``n + 1``). Everything else stays in the text; a number
that might be a marker but fails (2) or (1) is reported as ``kept``.

Typographically a marker (:func:`find_marker`) is a number

- glued to a word of two or more letters (``aangeboden1``, ``CPB5``), unless the word
  with the number is a name (it occurs more than once in the document, is followed by a
  hyphen — ``BIJ1-fractie`` — or is one of :data:`NAMES_WITH_NUMBERS`, like ``G20``);
- glued to punctuation after a non-digit (``industrie.2``, ``Veldkamp,7``, ``Azië'32``),
  unless the word before is one that takes a number (``nr.2``, ``art.3``: :data:`NUMBER_WORDS`);
- glued to a year after a month (``juni 202413``) or to a year and a full stop or comma
  (``2023.11``); a year is 1950-2049, so ``Postbus 20901`` is not ``2090`` + marker 1;
- in square brackets (``[1 ]``, ``[12]``),

and never followed by a letter, digit, hyphen, ``%`` or ``/``. A number standing alone
between spaces (``ingezonden 2 oktober``, ``Vraag 4 en 5``, ``Voortgangsbrief 20 is``) is
never removed: it is a real number or, at best, a marker the evidence cannot prove.
"""

from __future__ import annotations

import re

from discourse.corpus.actions import Action, record

__all__ = ["NAMES_WITH_NUMBERS", "NUMBER_WORDS", "find_marker", "remove_footnote_markers"]

#: Names that end in a number; the number is never a footnote marker.
NAMES_WITH_NUMBERS = frozenset(
    {"bij1", "co2", "no2", "mh17", "g7", "g20", "f16", "f35", "un80", "covid19", "h5n1", "d66"}
)
#: Words whose number follows them (``nr.2``): a number after them is not a marker.
NUMBER_WORDS = frozenset(
    {"nr", "nrs", "art", "artikel", "blz", "p", "pp", "pag", "par", "hfd", "lid", "sub",
     "vraag", "vragen", "antwoord", "punt", "bijlage", "versie", "nummer", "stap", "fase"}
)  # fmt: skip
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_AFTER_YEAR = re.compile(rf"(?:(?:{_MONTHS}) {_YEAR}[.,]?|(?<!\d){_YEAR}[.,])$", re.IGNORECASE)
_PUNCT = ".,;:!?'\")]"
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[.,;:!?'\")\]]*$")
_Span = tuple[int, int]


def _free_after(text: str, end: int) -> bool:
    return end == len(text) or not (text[end].isalnum() or text[end] in "-%/")


def _is_name(text: str, stem: str, number: str) -> bool:
    """True when ``stem`` + ``number`` reads as a name (see the module docstring)."""
    token = stem + number
    if len(stem) < 2 or token.lower() in NAMES_WITH_NUMBERS:
        return True
    pattern = rf"(?<![^\W\d_]){re.escape(token)}(?!\d)"
    return len(re.findall(pattern, text)) > 1


def _typographic(text: str, i: int, number: str) -> bool:
    """Is ``number`` at ``text[i:]`` in a marker position (glued, not a name)?"""
    before = text[max(0, i - 40) : i]
    if not before or before[-1].isspace():
        return False
    if before[-1].isalpha():
        stem = re.search(r"[^\W\d_]+$", before).group()
        return not _is_name(text, stem, number)
    if _AFTER_YEAR.search(before):
        return True
    if before[-1] in _PUNCT and len(before) > 1 and not before[-2].isdigit():
        word = _WORD_BEFORE.search(before)
        return not (word and word.group(1).lower() in NUMBER_WORDS)
    return False


def find_marker(text: str, number: int, start: int = 0, end: int | None = None) -> _Span | None:
    """Span of the first typographic marker ``number`` in ``text[start:end]``, else ``None``.

    Examples
    --------
    >>> find_marker("op 1 januari aangeboden1 aan", 1)
    (23, 24)
    >>> find_marker("Postbus 20901, BIJ1-fractie", 1) is None
    True
    """
    n = str(number)
    end = len(text) if end is None else end
    bracket = re.compile(rf"\[\s*{n}\s*\]").search(text, start, end)
    i = text.find(n, start, end)
    while i != -1:
        after = i + len(n)
        if (i == 0 or not text[i - 1].isdigit()) or _AFTER_YEAR.search(text[max(0, i - 40) : i]):
            if _free_after(text, after) and _typographic(text, i, n):
                if bracket is None or i < bracket.start():
                    return i, after
                break
        i = text.find(n, i + 1, end)
    return bracket.span() if bracket else None


def _spaced(text: str, number: int, start: int, end: int) -> re.Match[str] | None:
    """A number between two words (``Voortgangsbrief 20 is``): possible marker, never removed."""
    return re.compile(rf"(?<=[^\W\d_]) {number}(?= [^\W\d_])").search(text, start, end)


def _context(text: str, span: _Span) -> str:
    return text[max(0, span[0] - 25) : span[1] + 15]


def _kept_without_body(text: str, first: int, pos: int, log: list[Action] | None) -> None:
    """Report glued numbers in marker sequence ``first, first + 1, …`` that have no body."""
    number = first
    while log is not None and (hit := find_marker(text, number, pos)) is not None:
        record(log, "kept", "footnote_marker", f"{_context(text, hit)} (no footnote {number})")
        pos, number = hit[1], number + 1


def remove_footnote_markers(
    text: str, *, n_footnotes: int = 0, log: list[Action] | None = None
) -> str:
    """Remove the markers of footnotes ``1 … n_footnotes`` from ``text``, in order.

    Marker ``n`` is the first typographic marker (:func:`find_marker`) after marker
    ``n - 1`` that comes before the first typographic marker ``n + 1``. A footnote whose
    marker is not found leaves the text as it is; a number between spaces in its place
    (``Voortgangsbrief 20 is``) is reported as ``kept``, as are glued numbers continuing
    the sequence beyond the last body (a marker whose body is missing, ``Agenda1``).

    Parameters
    ----------
    text
        Running text (paragraphs joined).
    n_footnotes
        Number of footnote bodies found (numbered ``1 … n_footnotes``).
    log
        A list to which the removed and kept markers are appended as
        :class:`~discourse.corpus.actions.Action`.

    Returns
    -------
    str
        ``text`` without the proven markers.

    Examples
    --------
    >>> remove_footnote_markers("de Rabobank4, het CPB5 en DNB6 dat", n_footnotes=6)
    'de Rabobank, het CPB en DNB dat'
    >>> remove_footnote_markers("per 1 januari aangeboden1 aan de BIJ1-fractie", n_footnotes=1)
    'per 1 januari aangeboden aan de BIJ1-fractie'
    """
    spans: list[_Span] = []
    pos = 0
    for number in range(1, n_footnotes + 1):
        hit = find_marker(text, number, pos)
        following = find_marker(text, number + 1, pos)
        if hit and (following is None or hit[0] < following[0]):
            spans.append(hit)
            record(log, "removed", "footnote_marker", _context(text, hit))
            pos = hit[1]
            continue
        spaced = _spaced(text, number, pos, following[0] if following else len(text))
        if spaced:
            record(log, "kept", "footnote_marker", f"{_context(text, spaced.span())} (spaced)")
    _kept_without_body(text, n_footnotes + 1, pos, log)
    for start, end in reversed(spans):
        if text[start] == "[":  # "december [2 ]." -> "december."
            start = len(text[:start].rstrip(" "))
        text = text[:start] + text[end:]
    return text
