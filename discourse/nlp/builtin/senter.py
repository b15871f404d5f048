"""Rule-based sentence boundaries of the built-in pipeline (component ``builtin_senter``).

``.``/``!``/``?``/``…`` (followed by closing quotes or brackets) end a sentence unless the
next word starts in lower case or the full stop closes a list number (``1.``); blank lines
and new lines opening a list item (``-``, ``•``, ``1.``, ``a)``) start one;
sentence-final abbreviations (``enz.``, ``etc.``) end one before a capital.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

__all__ = ["senter", "token_texts"]

SENT_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "”", "’", "»", ")", "]"})
FINAL_ABBREVIATIONS = frozenset({"enz.", "etc.", "e.d.", "e.a.", "e.v.", "e.o.", "c.s."})
BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "▪", "o"})


def _sent_starts(texts: list[str]) -> np.ndarray:
    """Sentence-start flags (1 = start, -1 = inside) for the tokens of a Doc.

    spaCy's tokenizer turns every newline into a whitespace token, so line and
    paragraph breaks are read from those tokens.
    """
    n = len(texts)
    starts = np.full(n, -1, dtype=np.int32)
    if n:
        starts[0] = 1
    line_start = True  # at the first token of a line
    for i, text in enumerate(texts):
        if not text.strip():  # whitespace token
            if "\n" in text:
                line_start = True
                if text.count("\n") >= 2 and i + 1 < n:  # blank line: new paragraph
                    starts[i + 1] = 1
            continue
        if line_start and i > 0 and _opens_item(texts, i):
            starts[i] = 1
        line_start = False
        acronym = len(text) > 2 and text[-1] == "." and text[:-1].isalpha() and text.isupper()
        if not (text in SENT_END or text in FINAL_ABBREVIATIONS or acronym):
            continue  # "VS." above: acronyms take no full stop, so it ends a sentence
        j = i + 1
        while j < n and (texts[j] in CLOSERS or not texts[j].strip()):
            j += 1
        if j >= n:
            continue
        nxt = texts[j]
        if (acronym or text in FINAL_ABBREVIATIONS) and not nxt[:1].isupper():
            continue
        if text == "." and (nxt[:1].islower() or _is_list_number(texts, i)):
            continue
        starts[j] = 1
    return starts


def _is_list_number(texts: list[str], i: int) -> bool:
    """``.`` closing a list number such as ``1.`` at the start of a line or text."""
    if i == 0 or not texts[i - 1].isdigit():
        return False
    return i == 1 or "\n" in texts[i - 2]


def _opens_item(texts: list[str], i: int) -> bool:
    """Token ``i`` starts a line with a bullet or a list number (``1.``, ``a)``)."""
    text = texts[i]
    if text in BULLETS:
        return True
    nxt = texts[i + 1] if i + 1 < len(texts) else ""
    return (text.isdigit() or len(text) == 1) and nxt in (".", ")")


def token_texts(doc: Doc) -> list[str]:
    """Token texts by slicing ``doc.text`` (faster than creating Token objects)."""
    text = doc.text
    return [text[i : i + n] for i, n in doc.to_array([IDX, LENGTH]).tolist()]


def senter(doc: Doc) -> Doc:
    """Set sentence boundaries by rule (see the module docstring)."""
    starts = _sent_starts(token_texts(doc))
    if len(doc):
        doc.from_array([SENT_START], starts.astype(np.int64).astype(np.uint64).reshape(-1, 1))
    return doc
