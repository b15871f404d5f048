"""Deterministic cleaning of the extraction artefacts in the letters.

:func:`clean_text` turns the raw text of a letter (as extracted from Word or PDF) into
running text: one paragraph per block, paragraphs separated by one blank line, single
spaces, and every footnote body moved out of the running text into a separate list.

Each artefact has its own small function, applied in this order:

0. :func:`normalize_characters` – Unicode NFC (PDF extraction can give decomposed
   ``e`` + combining diaeresis for ``ë``), typographic quotes to ASCII (``‘VS’`` →
   ``'VS'``, ``Oekraïne’s`` → ``Oekraïne's``) and bullet glyphs to ``-``, with
   textacy's ``preprocessing.normalize`` functions. (textacy's ``hyphenated_words`` is
   *not* used: it would join ``defensie-`` + ``industrie`` into ``defensieindustrie``;
   step 7 keeps Dutch hyphenation.)
1. :func:`normalize_whitespace` – no-break spaces (U+00A0 and friends) become spaces,
   ``\\r\\n`` becomes ``\\n``.
2. :func:`extract_word_footnotes` – Word-export markers ``[footnoteRef:N]`` are removed
   and inline bodies ``[N: …]`` (possibly spanning lines) move to the footnotes.
3. :func:`extract_footnote_blocks` – footnote bodies dropped in the text at page breaks
   (``1 Kamerstuk 36471, nr. 96.``) move to the footnotes. A body is recognised by its
   number: it must be the *next* footnote number (1, 2, 3, … per document) at the start of
   a line that follows a blank line or another footnote line; wrapped continuation lines
   and URLs split over lines are joined to it.
4. :func:`extract_url_lines` – lines holding nothing but a URL (repeated link targets)
   move to the footnotes, each URL once.
5. :func:`drop_page_numbers` – a line holding only a number between blank lines.
6. :func:`attach_ordinal_suffixes` – a lone superscript suffix line (``e``) is attached
   to the first number of the next line (``45 president`` → ``45e president``).
7. :func:`join_lines` – hard wraps are joined into paragraphs; page breaks inside a
   sentence are bridged; line-final hyphens are kept (``defensie-industrie``) and keep
   their space before a conjunction (``lage- en middeninkomenslanden``).
8. :func:`remove_footnote_markers` – footnote numbers glued to words (``Agenda1``,
   ``CPB5``, ``industrie.2``, ``juni 202413``) are removed, searched in footnote order.
9. :func:`collapse_spaces` – runs of spaces become one space.

Source typos (``bijalge``) are kept: they are the text.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from textacy.preprocessing import make_pipeline
from textacy.preprocessing import normalize as _tx_normalize

__all__ = [
    "CleanResult",
    "attach_ordinal_suffixes",
    "clean_text",
    "collapse_spaces",
    "drop_page_numbers",
    "extract_footnote_blocks",
    "extract_url_lines",
    "extract_word_footnotes",
    "join_lines",
    "normalize_characters",
    "normalize_whitespace",
    "remove_footnote_markers",
]

#: Characters that end a sentence or clause at the end of a line.
_TERMINAL = tuple(".!?:;")
#: Words after a line-final hyphen that mark an elliptical compound ("lage- en midden…").
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "als", "dan", "and", "or"})
_NBSP = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\ufeff": ""})
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ORDINAL_SUFFIX = re.compile(r"^\s*(e|ste)\s*$")
_WORD_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\d+\]")
_WORD_FOOTNOTE_BODY = re.compile(r"\[(\d+):\s*(.*?)\]", re.DOTALL)


class CleanResult(NamedTuple):
    """Cleaned running text and the footnote bodies taken out of it."""

    text: str
    footnotes: list[str]


def _is_blank(line: str) -> bool:
    return not line.strip()


_NORMALIZE_CHARACTERS = make_pipeline(
    lambda text: _tx_normalize.unicode(text, form="NFC"),
    _tx_normalize.quotation_marks,
    _tx_normalize.bullet_points,
)


def normalize_characters(raw: str) -> str:
    """NFC, ASCII quotation marks and ``-`` for bullet glyphs (textacy preprocessing).

    Examples
    --------
    >>> normalize_characters("de \u2018wereldorde\u2019 van Oekrai\u0308ne\u2019s")
    "de 'wereldorde' van Oekraïne's"
    >>> normalize_characters("\u2022 veiligheid")
    '- veiligheid'
    """
    return _NORMALIZE_CHARACTERS(raw)


def normalize_whitespace(raw: str) -> str:
    """Turn no-break and other special spaces into spaces and CRLF into LF.

    Examples
    --------
    >>> normalize_whitespace("Vraag 2\\u00a0\\r\\n")
    'Vraag 2 \\n'
    """
    return raw.replace("\r\n", "\n").replace("\r", "\n").translate(_NBSP)


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
    if _is_blank(line) or line.startswith(" "):
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
        prev_blank = not out or _is_blank(out[-1]) or current is not None
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


def drop_page_numbers(lines: list[str]) -> list[str]:
    """Blank out lines that hold only a page number between blank lines.

    Examples
    --------
    >>> drop_page_numbers(["", "14", ""])
    ['', '', '']
    """
    out = list(lines)
    for i, line in enumerate(lines):
        before = i == 0 or _is_blank(lines[i - 1])
        after = i == len(lines) - 1 or _is_blank(lines[i + 1])
        if _PAGE_NUMBER.match(line) and before and after:
            out[i] = ""
    return out


def attach_ordinal_suffixes(lines: list[str]) -> list[str]:
    """Attach a lone superscript ordinal suffix line to the number on the next line.

    PDF extraction puts a superscript ``e`` on its own line above ``… als 45 president``.
    The suffix line is removed and the suffix glued to the first number of the next line.

    Examples
    --------
    >>> attach_ordinal_suffixes(["e", "Met Donald Trump als 45 president van de VS"])
    ['Met Donald Trump als 45e president van de VS']
    """
    out: list[str] = []
    pending: str | None = None
    for line in lines:
        m = _ORDINAL_SUFFIX.match(line)
        if m and pending is None:
            pending = m.group(1)
            continue
        if pending is not None:
            fixed, n = re.subn(r"\b(\d{1,3}) (?=\w)", rf"\g<1>{pending} ", line, count=1)
            if n == 0:  # no number to attach to: keep the suffix line as text
                out.append(pending)
            line = fixed
            pending = None
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


def _line_width(lines: list[str]) -> int:
    """Typical width of a full (hard-wrapped) line: the 90th percentile of line lengths."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def _first_word(line: str) -> str:
    parts = line.split()
    return parts[0] if parts else ""


def _join_hyphen(prev: str, nxt: str) -> str:
    """Join across a line-final hyphen: keep it; keep the space before a conjunction."""
    word = _first_word(nxt).lower()
    return f"{prev} {nxt}" if word in _CONJUNCTIONS else prev + nxt


def _starts_lower(line: str) -> bool:
    return bool(line) and line[0].islower()


def _wrap_breaks_paragraph(prev: str, nxt: str, *, width: int) -> bool:
    """Decide whether consecutive lines ``prev``/``nxt`` belong to different paragraphs.

    Only a line followed by a capitalised line can end a paragraph: a line ending a
    sentence when the next word would still have fitted on it (the line is not full),
    or a heading, i.e. a line without final punctuation well short of the line width.
    """
    if not (nxt[:1].isupper() or nxt[:1].isdigit()):
        return False
    if prev.endswith(","):
        return False
    room = len(prev) + 1 + len(_first_word(nxt))
    if prev.endswith(_TERMINAL):
        return room <= width
    return room <= 0.8 * width


def _bridges_break(prev: str, nxt: str) -> bool:
    """True when a blank-line (page) break falls inside a sentence."""
    return not prev.endswith(_TERMINAL) and _starts_lower(nxt)


def join_lines(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines into paragraphs.

    Blank lines (empty or holding spaces) separate paragraphs, unless the break falls
    inside a sentence (the text before it does not end a sentence and the text after it
    starts in lower case), which is how page breaks look. Consecutive lines are joined
    unless the first one visibly ends a paragraph (see :func:`_wrap_breaks_paragraph`).
    A line-final hyphen is kept (``defensie-`` + ``industrie``), with a space before a
    conjunction (``lage-`` + ``en middeninkomenslanden``).

    Parameters
    ----------
    lines
        Lines of one document, footnotes already removed.

    Returns
    -------
    list[str]
        Paragraphs, each a single line.
    """
    width = _line_width(lines)
    paragraphs: list[str] = []
    current = ""
    last_line = ""
    gap = False
    for raw in lines:
        line = raw.strip()
        if not line:
            gap = bool(current) or gap
            continue
        if not current:
            current = line
        elif gap and not _bridges_break(current, line):
            paragraphs.append(current)
            current = line
        elif current.endswith("-"):
            current = _join_hyphen(current, line)
        elif not gap and _wrap_breaks_paragraph(last_line, line, width=width):
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}"
        last_line, gap = line, False
    if current:
        paragraphs.append(current)
    return paragraphs


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


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces/tabs into one space and strip paragraph edges.

    Examples
    --------
    >>> collapse_spaces("als  multilateraal verband ")
    'als multilateraal verband'
    """
    paragraphs = (re.sub(r"[ \t]+", " ", p).strip() for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def clean_text(raw: str) -> CleanResult:
    """Clean the raw text of one letter.

    Parameters
    ----------
    raw
        Text as extracted from the ``.txt`` or ``.pdf`` file.

    Returns
    -------
    CleanResult
        ``text``: paragraphs separated by ``"\\n\\n"``, single spaces, no footnote
        markers or bodies; ``footnotes``: the footnote bodies (``"N text"``, in order of
        appearance) followed by link lines that stood on their own.

    Examples
    --------
    >>> clean_text("Een rol in de defensie-\\nindustrie.1 Zo.\\n\\n1 Kamerstuk 21 501-07\\n")
    CleanResult(text='Een rol in de defensie-industrie. Zo.', footnotes=['1 Kamerstuk 21 501-07'])
    """
    text, notes = extract_word_footnotes(normalize_whitespace(normalize_characters(raw)))
    lines = text.split("\n")
    lines, page_notes = extract_footnote_blocks(lines)
    lines, urls = extract_url_lines(lines)
    lines = attach_ordinal_suffixes(drop_page_numbers(lines))
    running = "\n\n".join(join_lines(lines))
    running = remove_footnote_markers(running, n_footnotes=len(page_notes))
    running = collapse_spaces(running)
    return CleanResult(running, notes + page_notes + urls)
