"""The CoNLL-U format itself: reading a file into checked sentences, and the MISC field.

CoNLL-U (Universal Dependencies, https://universaldependencies.org/format.html) has one
word per line in 10 tab-separated columns ``ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL
DEPS MISC``, comment lines starting with ``#`` before a sentence, and a blank line after
every sentence. :func:`read_sentences` checks the rules that matter for reading (10
non-empty columns, word ids ``1, 2, 3 …`` in sequence, multiword ranges ``1-2`` that
start at the next word and do not overlap, empty nodes ``3.1, 3.2`` after word ``3``,
``HEAD`` an integer, a blank line after each sentence) and raises
:class:`~discourse.errors.CorpusError` naming the file and line of the first violation.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from discourse.errors import CorpusError

__all__ = [
    "FIELDS",
    "Sentence",
    "derived_flags",
    "open_text",
    "read_sentences",
    "split_misc",
]

#: The 10 columns of a CoNLL-U word line.
FIELDS = ("ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC")
_WORD = re.compile(r"[1-9][0-9]*")
_RANGE = re.compile(r"([1-9][0-9]*)-([1-9][0-9]*)")
_EMPTY = re.compile(r"(0|[1-9][0-9]*)\.([1-9][0-9]*)")
_NEW = re.compile(r"#\s*(newdoc|newpar)(?:\s+id\s*=\s*(.*?))?\s*")
_COMMENT = re.compile(r"#\s*([^\s=]+)\s*(?:=\s?(.*))?")


@dataclass
class Sentence:
    """One sentence: its comments (``(key, value)``, value ``None`` for a bare
    ``# newpar``), its word lines (10 fields each), and per word position the raw
    multiword-range line that starts there and the raw empty-node lines after it
    (empty nodes ``0.k`` belong to position ``-1``)."""

    line: int  # line number of the first word line
    comments: list[tuple[str, str | None]]
    words: list[list[str]] = field(default_factory=list)
    ranges: dict[int, str] = field(default_factory=dict)
    empty: dict[int, list[str]] = field(default_factory=dict)
    range_lines: dict[int, int] = field(default_factory=dict)  # position -> line number


def open_text(path: Path, mode: str = "r", *, gz: bool | None = None):  # noqa: ANN201
    """``path`` opened as UTF-8 text, gzip when ``gz`` (default: the name ends in ``.gz``;
    written with a fixed header time so the bytes depend on the content only)."""
    if path.suffix == ".gz" if gz is None else gz:
        if "w" in mode:
            raw = gzip.GzipFile(path, "wb", mtime=0)
            return _TextGzip(raw)
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return path.open(mode, encoding="utf-8", newline="")


class _TextGzip:
    def __init__(self, raw: gzip.GzipFile) -> None:
        self.raw = raw

    def write(self, text: str) -> None:
        self.raw.write(text.encode("utf-8"))

    def __enter__(self) -> _TextGzip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


def _fail(path: Path, lineno: int, message: str) -> CorpusError:
    return CorpusError(f"{path}, line {lineno}: {message} (CoNLL-U format)")


def read_sentences(path: Path) -> Iterator[Sentence | list[tuple[str, str | None]]]:
    """The sentences of a CoNLL-U file, checked; comments left at the end of the file
    (paragraphs without sentences) come last as a plain list of comments."""
    comments: list[tuple[str, str | None]] = []
    sent: Sentence | None = None
    lineno = 0
    try:
        with open_text(path) as fh:
            for lineno, raw in enumerate(fh, 1):
                line = raw.rstrip("\n").removesuffix("\r")
                if not line:
                    if sent is None:
                        if comments:
                            raise _fail(path, lineno, "comment lines without a sentence")
                        continue  # tolerated: an extra blank line between sentences
                    _close(path, sent)
                    yield sent
                    sent, comments = None, []
                elif line.startswith("#"):
                    if sent is not None:
                        raise _fail(
                            path,
                            lineno,
                            "a comment inside a sentence; a blank line must end "
                            "the sentence before it",
                        )
                    match = _NEW.fullmatch(line) or _COMMENT.fullmatch(line)
                    comments.append(
                        (match.group(1), match.group(2)) if match else ("#", line[1:].strip())
                    )
                else:
                    if sent is None:
                        sent = Sentence(lineno, comments)
                    _add_line(path, lineno, line, sent)
    except UnicodeDecodeError as exc:
        raise _fail(path, lineno + 1, f"not UTF-8 text ({exc.reason})") from exc
    if sent is not None:
        raise _fail(path, lineno, "the last sentence is not followed by a blank line")
    if comments:
        yield comments


def _add_line(path: Path, lineno: int, line: str, sent: Sentence) -> None:
    fields = line.split("\t")
    if len(fields) != len(FIELDS):
        raise _fail(
            path,
            lineno,
            f"{len(fields)} tab-separated column(s), a word line has 10 "
            f"({' '.join(FIELDS)}): {line[:80]!r}",
        )
    for name, value in zip(FIELDS, fields, strict=True):
        if not value or value != value.strip(" "):
            raise _fail(
                path,
                lineno,
                f"column {name} is {value!r}; write '_' for no value, without spaces around it",
            )
    ident, n = fields[0], len(sent.words)
    if _WORD.fullmatch(ident):
        if int(ident) != n + 1:
            raise _fail(path, lineno, f"word id {ident} out of sequence; expected {n + 1}")
        head = fields[6]
        if head != "_" and not (head.isdigit() and head.isascii()):
            raise _fail(path, lineno, f"HEAD {head!r} is not an integer or '_'")
        sent.words.append(fields)
    elif match := _RANGE.fullmatch(ident):
        lo, hi = int(match.group(1)), int(match.group(2))
        if lo != n + 1 or hi <= lo:
            raise _fail(
                path,
                lineno,
                f"multiword range {ident} must start at the next word ({n + 1}) and end after it",
            )
        sent.ranges[n], sent.range_lines[n] = line, lineno
    elif match := _EMPTY.fullmatch(ident):
        before = sent.empty.setdefault(n - 1, [])
        if int(match.group(1)) != n or int(match.group(2)) != len(before) + 1:
            raise _fail(
                path, lineno, f"empty node {ident} out of sequence; expected {n}.{len(before) + 1}"
            )
        before.append(line)
    else:
        raise _fail(
            path,
            lineno,
            f"ID {ident!r} is not a word id (1), a multiword range (1-2) or an empty node (1.1)",
        )


def _close(path: Path, sent: Sentence) -> None:
    if not sent.words:
        raise _fail(path, sent.line, "a sentence without words")
    end = 0  # last word of the previous range
    for at in sorted(sent.ranges):
        ident = sent.ranges[at].split("\t", 1)[0]
        lo, hi = (int(x) for x in ident.split("-"))
        if hi > len(sent.words) or lo <= end:
            raise _fail(
                path,
                sent.range_lines[at],
                f"multiword range {ident} overlaps another range or runs past the "
                f"sentence's last word ({len(sent.words)})",
            )
        end = hi


def split_misc(misc: str) -> list[tuple[str, str]]:
    """MISC entries as ``(key, value)`` (``"_"`` is none; an entry without ``=`` keeps
    its text as key and ``""`` as value)."""
    if misc == "_":
        return []
    return [tuple(e.split("=", 1)) if "=" in e else (e, "") for e in misc.split("|")]  # type: ignore[misc]


@lru_cache(maxsize=1)
def _dutch_vocab():  # noqa: ANN202 - a spaCy Vocab
    import spacy

    return spacy.blank("nl").vocab


def derived_flags(form: str) -> tuple[bool, bool, bool]:
    """``(is_stop, is_punct, is_alpha)`` of a form as spaCy's Dutch lexical attributes
    give them (the values a pipeline's tokens carry unless it sets them otherwise)."""
    lex = _dutch_vocab()[form]
    return bool(lex.is_stop), bool(lex.is_punct), bool(lex.is_alpha)
