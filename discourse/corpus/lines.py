"""Line-level repairs of extracted letters and the joining of hard-wrapped lines.

Used by :func:`discourse.corpus.clean.clean_text` (steps 5-7 of its docstring): page
numbers between blank lines are dropped, a lone superscript ordinal suffix is attached to
its number, and hard-wrapped lines are joined into paragraphs.
"""

from __future__ import annotations

import re

__all__ = ["attach_ordinal_suffixes", "drop_page_numbers", "join_lines"]

#: Characters that end a sentence or clause at the end of a line.
_TERMINAL = tuple(".!?:;")
#: Words after a line-final hyphen that mark an elliptical compound ("lage- en midden…").
_CONJUNCTIONS = frozenset({"en", "of", "tot", "noch", "als", "dan", "and", "or"})
_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_ORDINAL_SUFFIX = re.compile(r"^\s*(e|ste)\s*$")


def _is_blank(line: str) -> bool:
    return not line.strip()


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
