"""Line-level repairs of extracted letters and the joining of hard-wrapped lines.

Used by :func:`discourse.corpus.clean.clean_text` (steps 7-8 of its docstring): a lone
superscript ordinal suffix is attached to its number, and hard-wrapped lines are joined
into paragraphs (line-end hyphens: :mod:`discourse.corpus.hyphens`).
"""

from __future__ import annotations

import re

from discourse.corpus.actions import Action, record
from discourse.corpus.hyphens import Vocabulary, is_line_break_hyphen, vocabulary

__all__ = ["SENTENCE_OPENERS", "attach_ordinal_suffixes", "join_lines"]

#: Characters that end a sentence or clause at the end of a line.
_TERMINAL = tuple(".!?:;")
_MARKED_END = re.compile(r"[^\d\s][.!?]\d{1,2}$")
#: Words after a line-final hyphen that mark an elliptical compound ("lage- en midden…").
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "als", "dan", "and", "or"})
#: Words that open a Dutch sentence; a short block line without final punctuation
#: followed by a line starting with one of them is a heading (:func:`_is_heading`).
SENTENCE_OPENERS = frozenset(
    """De Het Een Dit Deze Dat Die Dergelijke In Op Om Voor Met Bij Naast Binnen Buiten Ook
    Er Wij We Ik U Daarnaast Daarom Daarbij Daarmee Daartoe Hierbij Hiermee Hierin Hiervoor
    Zo Als Hoe Wat Waar Wanneer Indien Omdat Hoewel Tot Uit Door Vanuit Sinds Na Nu Verder
    Tevens Ten Onder Over Tegen Zoals Mede Ondanks Gezien Vanwege Juist Alleen Allereerst
    Tenslotte Vervolgens Eerst Tegelijkertijd Ondertussen Inmiddels Momenteel""".split()
)
#: Words a heading does not end with (the line goes on: ``… het rapport van`` / ``De …``).
_CONTINUING = frozenset(
    "van de het een en of in op met voor aan door te dat die om bij naar over tot uit als "
    "zoals dan maar ook".split()
)
_ORDINAL_SUFFIX = re.compile(r"^\s*(e|ste)\s*$")


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


def _join_hyphen(prev: str, nxt: str, vocab: Vocabulary, log: list[Action] | None) -> str:
    """Join across a line-final hyphen (see :mod:`discourse.corpus.hyphens`).

    A line-break hyphen goes (``verantwoor-`` + ``delijk``); a real one stays, with its
    space before a conjunction (``lage- en middeninkomenslanden``).
    """
    word = _first_word(nxt).lower()
    if word in _CONJUNCTIONS:
        return f"{prev} {nxt}"
    broken, pair = is_line_break_hyphen(prev, nxt, vocab)
    if broken:
        record(log, "joined", "line_hyphen", pair)
        return prev[:-1] + nxt
    if pair and pair.islower():  # a name compound (``EU-landen``) is no candidate
        record(log, "kept", "line_hyphen", pair)
    return prev + nxt


def _is_heading(block: str, nxt: str, *, openers: bool = True) -> bool:
    """A line that reads as a heading before the sentence in ``nxt``.

    Short (at most 12 words; 6 with ``openers=False``), no final punctuation, not ending
    in a word that continues a sentence, and ``nxt`` opens a sentence: its first word is
    one of :data:`SENTENCE_OPENERS` or, with ``openers=False`` (a short line right after
    a finished sentence: ``… toegekend.`` / ``Vraag 3`` / ``Welke …``), any capitalised word.
    """
    words = block.split()
    first = _first_word(nxt)
    return (
        0 < len(words) <= (12 if openers else 6)
        and not block.endswith((*_TERMINAL, ",", "-"))
        and words[-1].lower() not in _CONTINUING
        and (first in SENTENCE_OPENERS if openers else first[:1].isupper())
    )


def _next_lines(lines: list[str]) -> list[str]:
    """For each line, the next line if it is not blank, else ``""``."""
    return [nxt.strip() for nxt in lines[1:]] + [""]


def _ends_sentence(line: str) -> bool:
    """Ends in sentence punctuation, possibly followed by a footnote marker (``?2``)."""
    return line.endswith(_TERMINAL) or bool(_MARKED_END.search(line))


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
    if _ends_sentence(prev):
        return room <= width
    return room <= 0.8 * width


def _bridges_break(prev: str, nxt: str) -> bool:
    """True when a blank-line (page) break falls inside a sentence."""
    return not prev.endswith(_TERMINAL) and _starts_lower(nxt)


def join_lines(
    lines: list[str], *, log: list[Action] | None = None, marked: bool = False
) -> list[str]:
    """Join hard-wrapped lines into paragraphs.

    Blank lines (empty or holding spaces) separate paragraphs, unless the break falls
    inside a sentence (the text before it does not end a sentence and the text after it
    starts in lower case), which is how page breaks look. Consecutive lines are joined
    unless the first one visibly ends a paragraph (see :func:`_wrap_breaks_paragraph`)
    or is a heading: the first line of a block, short, without final punctuation, followed
    by a line that opens a sentence (``Economische veiligheid incl. vermindering …`` /
    ``De Europese …``; see :func:`_is_heading`). A line-final hyphen is kept
    (``defensie-`` + ``industrie``), with a space before a conjunction (``lage-`` + ``en
    middeninkomenslanden``), unless the document shows it is a line-break hyphen
    (``verantwoor-`` + ``delijk``, :mod:`discourse.corpus.hyphens`).

    Parameters
    ----------
    lines
        Lines of one document, footnotes already removed.
    log
        A list to which joined and kept line-end hyphens and split headings are appended.
    marked
        The source marks its paragraphs (Word, official XML/HTML): a blank line always
        ends a paragraph, even inside a sentence (``Antwoord`` / ``a) Twaalf …``).

    Returns
    -------
    list[str]
        Paragraphs, each a single line.
    """
    width = _line_width(lines)
    vocab = vocabulary(lines)
    paragraphs: list[str] = []
    current = ""
    last_line = ""
    gap = False
    following = _next_lines(lines)
    for raw, nxt in zip(lines, following, strict=True):
        line = raw.strip()
        if not line:
            gap = bool(current) or gap
            continue
        if not current:
            current = line
        elif gap and (marked or not _bridges_break(current, line)):
            paragraphs.append(current)
            current = line
        elif current.endswith("-"):
            current = _join_hyphen(current, line, vocab, log)
        elif not gap and _wrap_breaks_paragraph(last_line, line, width=width):
            paragraphs.append(current)
            current = line
        elif _ends_sentence(last_line) and _is_heading(line, nxt, openers=False):
            paragraphs.append(current)
            current = line
        elif current == last_line and _is_heading(current, line):
            record(log, "split", "heading", current)
            paragraphs.append(current)
            current = line
        else:
            current = f"{current} {line}"
        last_line, gap = line, False
    if current:
        paragraphs.append(current)
    return paragraphs
