"""Frog's tokens aligned to the original text and built into spaCy Docs.

:func:`pretokenize` prepares the text sent to Frog, :func:`align` finds each Frog word in
the original text, :func:`frog_docs` runs Frog once over several texts and
:func:`build_doc` makes one Doc per text: every character of the text is covered (text
Frog skipped becomes gap tokens), so ``token.idx`` indexes the original string.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.vocab import Vocab

from discourse.nlp.frog.cgn import cgn_to_morph, sentence_upos
from discourse.nlp.frog.lemma import repair_lemma
from discourse.nlp.frog.run import frog_rows

__all__ = ["align", "build_doc", "frog_docs", "pretokenize"]

_DOC_SEP = "\n\n\n"

#: ``VS.`` before whitespace: Frog reads it as the abbreviation *versus* and glues the
#: next sentence on (``… de VS. Daarna …``); in these letters it is *de VS* + full stop.
_VS_DOT = re.compile(r"\bVS\.(?=\s|$)")


def pretokenize(text: str) -> str:
    """Text as sent to Frog: ``VS.`` becomes ``VS .`` (adapter 2).

    Tokens are aligned back to the original text, so offsets are unchanged.

    Examples
    --------
    >>> pretokenize("steun van de VS. Daarna")
    'steun van de VS . Daarna'
    """
    return _VS_DOT.sub("VS .", text)


def align(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Character span of each Frog word in ``text`` (``(-1, -1)`` when not found)."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    for word in words:
        j = pos
        while j < n and text[j].isspace():
            j += 1
        if text.startswith(word, j):
            spans.append((j, j + len(word)))
            pos = j + len(word)
            continue
        k = text.find(word, j, j + len(word) + 200)
        if k >= 0:  # Frog skipped some characters; they become gap tokens
            spans.append((k, k + len(word)))
            pos = k + len(word)
            continue
        # Frog changed the characters: take the same number of non-space characters
        end, left = j, len(word.replace(" ", ""))
        while end < n and left > 0 and not text[end].isspace():
            end, left = end + 1, left - 1
        spans.append((j, end) if end > j else (-1, -1))
        pos = max(pos, end)
    return spans


_GAP_PIECE = re.compile(r"\s+|\S+")
#: One Frog row aligned to a text: ``(start, end, Frog's columns, starts a sentence)``.
Row = tuple[int, int, list[str], bool]
#: A token's attributes: ``(lemma, upos, tag, morph, IOB entity, starts a sentence)``;
#: ``upos`` is ``""`` for Frog's tokens until :func:`_upos` decides it.
_Attrs = tuple[str, str, str, str, str, bool | None]


def _tokens(text: str, rows: Sequence[Row]) -> tuple[list[str], list[bool], list[_Attrs]]:
    """Words, trailing-space flags and attributes of Frog's rows and of the gaps between
    them (whitespace tokens ``SPACE``, other skipped text ``X``)."""
    words: list[str] = []
    spaces: list[bool] = []
    attrs: list[_Attrs] = []

    def add_gap(gap: str) -> None:
        if gap.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            gap = gap[1:]
        for piece in _GAP_PIECE.findall(gap):
            words.append(piece)
            spaces.append(False)
            space = piece.isspace()
            attrs.append((piece, "SPACE" if space else "X", "_SP" if space else "X", "", "O", None))

    pos = 0
    for start, end, cols, sent_start in rows:
        if start < pos or start < 0:
            continue
        add_gap(text[pos:start])
        words.append(text[start:end])
        spaces.append(False)
        ner = cols[6] if len(cols) > 6 and cols[6] else "O"
        lemma = repair_lemma(text[start:end], cols[2] or text[start:end], cols[4])
        attrs.append((lemma, "", cols[4], cgn_to_morph(cols[4]), ner, sent_start))
        pos = end
    add_gap(text[pos:])
    return words, spaces, attrs


def _upos(words: list[str], attrs: list[_Attrs]) -> list[str]:
    """UPOS of every token, decided per Frog sentence (the AUX rule needs the clause)."""
    upos = [a[1] for a in attrs]
    idx = [i for i, u in enumerate(upos) if u == ""]
    bounds = [k for k, i in enumerate(idx) if attrs[i][5]] + [len(idx)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    for a, b in zip(bounds, bounds[1:], strict=False):
        sel = idx[a:b]
        found = sentence_upos(
            [words[i] for i in sel], [attrs[i][0] for i in sel], [attrs[i][2] for i in sel]
        )
        for i, u in zip(sel, found, strict=True):
            upos[i] = u
    return upos


def _entities(attrs: list[_Attrs]) -> list[str]:
    """IOB entity tags; an ``I-`` that does not continue its type starts an entity."""
    ents, prev = [], "O"
    for a in attrs:
        tag = a[4] if a[1] != "SPACE" else "O"
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        ents.append(tag if tag[:2] in ("B-", "I-") else "O")
        prev = ents[-1]
    return ents


def _sentence_starts(attrs: list[_Attrs]) -> list[bool]:
    """Frog's sentence starts; leading whitespace belongs to the first sentence."""
    starts = [bool(a[5]) if a[5] is not None else False for a in attrs]
    first_real = next((i for i, a in enumerate(attrs) if a[1] != "SPACE"), 0)
    starts[first_real] = False
    starts[0] = True
    return starts


def build_doc(vocab: Vocab, text: str, rows: Sequence[Row]) -> Doc:
    """Doc over ``text`` from Frog rows ``(start, end, cols, sent_start)``; gaps kept."""
    words, spaces, attrs = _tokens(text, rows)
    if not words:
        return Doc(vocab, words=[])
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=[a[0] for a in attrs],
        pos=_upos(words, attrs),
        tags=[a[2] for a in attrs],
        morphs=[a[3] for a in attrs],
        sent_starts=_sentence_starts(attrs),
        ents=_entities(attrs),
    )


def frog_docs(vocab: Vocab, texts: Sequence[str], *, timeout: float) -> list[Doc]:
    """Parse ``texts`` with one Frog process; one Doc per text."""
    offsets, parts, pos = [], [], 0
    for text in texts:
        offsets.append(pos)
        parts.append(text)
        pos += len(text) + len(_DOC_SEP)
    joined = _DOC_SEP.join(parts)
    sents = (
        frog_rows(pretokenize(joined), args=["--skip=mpac"], timeout=timeout)
        if joined.strip()
        else []
    )
    words = [cols[1] for sent in sents for cols in sent]
    starts = [k == 0 for sent in sents for k in range(len(sent))]
    cols_flat = [cols for sent in sents for cols in sent]
    spans = align(joined, words)
    per_doc: list[list[Row]] = [[] for _ in texts]
    d = 0
    for (start, end), cols, first in zip(spans, cols_flat, starts, strict=True):
        if start < 0:
            continue
        while d + 1 < len(texts) and start >= offsets[d + 1]:
            d += 1
        lo = offsets[d]
        end = min(end, lo + len(texts[d]))
        if end > start:
            per_doc[d].append((start - lo, end - lo, cols, first))
    return [build_doc(vocab, t, rows) for t, rows in zip(texts, per_doc, strict=True)]
