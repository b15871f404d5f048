"""The text sent to Frog, and the normalisation under which Frog's words must equal it.

Frog (0.20) does not return every character it was given: it drops soft hyphens
(U+00AD), writes some ligatures as letters (``ﬀ`` → ``ff``), composes accents (NFC) and
writes some typographic quotes as ASCII ones. The adapter therefore compares Frog's words
with the text under one documented normalisation (:func:`normalised`, adapter 3):

* Unicode compatibility decomposition (NFKD) per character, so ``ﬁ`` = ``fi``,
  ``é`` = ``e`` + combining accent, ``²`` = ``2``;
* typographic quotes as ASCII quotes (``’`` = ``'``, ``“`` = ``"``);
* control, format and private-use characters (Unicode categories ``C*``: soft hyphen,
  zero-width space, byte-order mark, direction marks) ignored;
* every whitespace character as one space (a token never spans whitespace unless Frog's
  word has whitespace at that place).

Frog skips the rest of a line after a token of more than 2,500 characters;
:func:`pretokenize` therefore sends such a run in pieces of :data:`MAX_TOKEN_CHARS`.
Documents of one Frog run are separated by a marker paragraph (:func:`join_documents`), so
Frog's rows are split per document before they are aligned: one document's problem cannot
shift another's tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

__all__ = [
    "MAX_TOKEN_CHARS",
    "Normalised",
    "document_marker",
    "join_documents",
    "normalised",
    "pretokenize",
]

#: Longest run of non-space characters sent to Frog in one piece (Frog skips the rest of
#: the line after a token of more than 2,500 characters).
MAX_TOKEN_CHARS = 2000
_QUOTES = {c: "'" for c in "‘’‚‛′`´"} | {c: '"' for c in "“”„‟″«»"}
#: ``VS.`` before whitespace: Frog reads it as the abbreviation *versus* and glues the
#: next sentence on (``… de VS. Daarna …``); in these letters it is *de VS* + full stop.
_VS_DOT = re.compile(r"\bVS\.(?=\s|$)")
_LONG = re.compile(rf"\S{{{MAX_TOKEN_CHARS + 1},}}")
_MARKER = "DISCOURSEDOCUMENTBREAK"


def fold(char: str) -> str:
    """One character under the normalisation ("" when ignored, " " for whitespace)."""
    if char.isspace():
        return " "
    if unicodedata.category(char)[0] == "C":
        return ""
    if char in _QUOTES:
        return _QUOTES[char]
    return "".join(c for c in unicodedata.normalize("NFKD", char) if c not in "\u00ad")


def fold_word(word: str) -> str:
    """A word under the normalisation, whitespace runs as one space, no edge spaces."""
    return re.sub(" +", " ", "".join(fold(c) for c in word)).strip()


class Normalised:
    """A text under the normalisation, with the way back to the original characters.

    ``text`` is the normalised string; ``start[i]`` is where original character ``i``
    begins in it (``start[len(original)] == len(text)``); ``owner[k]`` is the original
    character of normalised character ``k``.
    """

    def __init__(self, original: str) -> None:
        special = {c: f for c in set(original) if (f := fold(c)) != c}
        if not special:
            self.text = original
            self.start = np.arange(len(original) + 1)
            self.owner = self.start[:-1]
            return
        self.text = original.translate({ord(c): f for c, f in special.items()})
        lens = np.ones(len(original), np.int64)
        codes = np.frombuffer(original.encode("utf-32-le"), np.uint32)
        for c, f in special.items():
            if len(f) != 1:
                lens[codes == ord(c)] = len(f)
        self.start = np.concatenate([[0], np.cumsum(lens)])
        self.owner = np.repeat(np.arange(len(original)), lens)


def normalised(text: str) -> Normalised:
    """``text`` under the adapter's normalisation (see the module docstring)."""
    return Normalised(text)


def pretokenize(text: str) -> str:
    """Text as sent to Frog: ``VS.`` becomes ``VS .``; a run of more than
    :data:`MAX_TOKEN_CHARS` non-space characters is sent in pieces of that length.

    Tokens are aligned back to the original text, so offsets are unchanged.

    Examples
    --------
    >>> pretokenize("steun van de VS. Daarna")
    'steun van de VS . Daarna'
    """
    text = _VS_DOT.sub("VS .", text)
    return _LONG.sub(
        lambda m: " ".join(
            m.group()[i : i + MAX_TOKEN_CHARS] for i in range(0, len(m.group()), MAX_TOKEN_CHARS)
        ),
        text,
    )


def document_marker(texts: Sequence[str]) -> str:
    """A word none of ``texts`` contains, sent as a paragraph between documents; Frog
    returns it as a sentence of its own, which is where one document's rows end."""
    marker, n = _MARKER, 0
    while any(marker in t for t in texts):
        n += 1
        marker = f"{_MARKER}{n}"
    return marker


def join_documents(texts: Sequence[str]) -> tuple[str, str]:
    """The texts as one Frog input, separated by a marker paragraph; and the marker
    (:func:`document_marker`)."""
    marker = document_marker(texts)
    return f"\n\n{marker}\n\n".join(pretokenize(t) for t in texts), marker
