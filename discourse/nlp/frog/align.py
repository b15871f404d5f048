"""Frog's tokens aligned to the original text, verified, and built into spaCy Docs.

:func:`align` finds each Frog word in the original text and checks it (the word must be
the text at its span under the normalisation of :mod:`.text`, and Frog may leave out only
whitespace and ignored characters), :func:`frog_docs` runs Frog once over several texts,
splits its rows per text and aligns each text on its own, and :func:`build_doc` makes one
Doc per text: every character of the text is covered (whitespace and ignored characters
Frog left out become gap tokens), so ``token.idx`` indexes the original string. A text
whose alignment is lost is an error naming the character position and Frog's word, never
a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.vocab import Vocab

from discourse.errors import PipelineError
from discourse.nlp.frog.cgn import cgn_to_morph, sentence_upos
from discourse.nlp.frog.lemma import repair_lemma
from discourse.nlp.frog.run import frog_rows
from discourse.nlp.frog.text import Normalised, fold_word, join_documents, pretokenize

__all__ = ["align", "build_doc", "frog_docs", "pretokenize", "verified_docs"]

_SPACES = re.compile(" *")


def _context(text: str, at: int) -> str:
    return repr(text[at : at + 30] + ("…" if len(text) > at + 30 else ""))


def _lost(text: str, norm: Normalised, p: int, word: str) -> PipelineError:
    at = int(norm.owner[p]) if p < len(norm.text) else len(text)
    return PipelineError(
        f"Frog's token {word!r} does not match the text at character {at} "
        f"({_context(text, at)}): Frog's output changed or left out text there, so its "
        "tags cannot be placed (nothing was cached)"
    )


def _match_end(norm: Normalised, p: int, word: str) -> int | None:
    """End (in the normalised text) of normalised ``word`` starting at ``p``, or ``None``."""
    if norm.text.startswith(word, p):
        return p + len(word)
    if " " in word:  # Frog's word has whitespace: any whitespace in the text there
        pattern = " +".join(re.escape(piece) for piece in word.split(" "))
        found = re.compile(pattern).match(norm.text, p)
        return found.end() if found else None
    return None


def align(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Character span of each Frog word in ``text``, verified.

    Each word must equal the text at its span under the normalisation of :mod:`.text`
    (NFKC/NFKD compatibility forms, typographic quotes, ignored format characters such as
    soft hyphens), and between the words only whitespace and ignored characters may be
    left out. A word made only of ignored characters that is not in the text gets
    ``(-1, -1)`` (its characters stay gap tokens).

    Raises
    ------
    PipelineError
        When a word does not match the text where it should be, or text is left after
        the last word; the message names the character position and the word.

    Examples
    --------
    >>> align("De mid\u00addelen", ["De", "middelen"])
    [(0, 2), (3, 12)]
    """
    norm = Normalised(text)
    spans: list[tuple[int, int]] = []
    p, done = 0, 0  # position in the normalised text, end of the last span in ``text``
    for word in words:
        p = _SPACES.match(norm.text, p).end()
        folded = fold_word(word)
        if not folded:  # only ignored characters: kept where they are in the text
            limit = int(norm.owner[p]) if p < len(norm.text) else len(text)
            k = text.find(word, done, limit) if word else -1
            spans.append((k, k + len(word)) if k >= 0 else (-1, -1))
            done = k + len(word) if k >= 0 else done
            continue
        end = _match_end(norm, p, folded)
        first = int(norm.owner[p]) if end is not None else -1
        if end is None or norm.start[first] != p or first < done:
            raise _lost(text, norm, p, word)
        last = int(norm.owner[end - 1]) + 1
        if norm.start[last] != end:  # the word ends inside one character's expansion
            raise _lost(text, norm, p, word)
        spans.append((first, last))
        p, done = end, last
    p = _SPACES.match(norm.text, p).end()
    if p < len(norm.text):
        at = int(norm.owner[p])
        raise PipelineError(
            f"Frog's output ends before the text does: the text from character {at} "
            f"({_context(text, at)}) has no tokens (output cut short or rows left out; "
            "nothing was cached)"
        )
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


def _split(sents: list[list[list[str]]], marker: str) -> list[list[list[list[str]]]]:
    """Frog's sentences split into one group per document at the marker sentences."""
    groups: list[list[list[list[str]]]] = [[]]
    for sent in sents:
        if any(cols[1] == marker for cols in sent):
            if len(sent) != 1:
                raise PipelineError(
                    "Frog's output joined a document boundary with text; the documents of "
                    "this batch cannot be told apart (nothing was cached)"
                )
            groups.append([])
        else:
            groups[-1].append(sent)
    return groups


def _document(vocab: Vocab, text: str, sents: list[list[list[str]]]) -> Doc:
    """The Doc of one text from its own Frog sentences (alignment verified)."""
    words = [cols[1] for sent in sents for cols in sent]
    starts = [k == 0 for sent in sents for k in range(len(sent))]
    cols_flat = [cols for sent in sents for cols in sent]
    rows = [
        (start, end, cols, first)
        for (start, end), cols, first in zip(align(text, words), cols_flat, starts, strict=True)
        if start >= 0
    ]
    return build_doc(vocab, text, rows)


def _failed(message: str, positions: Sequence[int]) -> PipelineError:
    """A :class:`PipelineError` that names the failing texts: ``failed_texts`` holds their
    positions in the input (read by :func:`discourse.nlp.parse.parse_texts`)."""
    exc = PipelineError(message)
    exc.failed_texts = list(positions)  # type: ignore[attr-defined]
    return exc


def verified_docs(
    vocab: Vocab, texts: Sequence[str], groups: Sequence[list[list[list[str]]] | str]
) -> list[Doc]:
    """One verified Doc per text from its own Frog sentences (``groups[i]``, or a message
    saying what was wrong with them).

    Raises
    ------
    PipelineError
        When a text has no rows, its rows were wrong or its alignment is lost; its
        ``failed_texts`` lists only the positions of those texts.
    """
    docs, errors = [], {}
    for i, text in enumerate(texts):
        if i >= len(groups):
            errors[i] = "Frog's output ends before this text (no rows; output cut short)"
            continue
        if isinstance(groups[i], str):
            errors[i] = groups[i]
            continue
        try:
            docs.append(_document(vocab, text, groups[i]))
        except PipelineError as exc:
            errors[i] = str(exc)
    if errors:
        raise _failed("; ".join(dict.fromkeys(errors.values())), sorted(errors))
    return docs


def frog_docs(
    vocab: Vocab, texts: Sequence[str], *, timeout: float, args: Sequence[str] = ("--skip=mpac",)
) -> list[Doc]:
    """Parse ``texts`` with one Frog process (``frog -t``, the one-shot mode); one verified
    Doc per text.

    The texts are separated by a marker paragraph (:func:`~.text.join_documents`), Frog's
    rows are split there and every text is aligned on its own (:func:`align`).

    Raises
    ------
    PipelineError
        When Frog fails, its output is malformed, or a text's alignment is lost; the
        exception's ``failed_texts`` lists the positions (in ``texts``) of the texts
        concerned: all of them when Frog itself failed, else only those whose rows are
        missing or do not match.
    """
    if not any(t.strip() for t in texts):
        return [build_doc(vocab, t, []) for t in texts]
    joined, marker = join_documents(texts)
    try:
        groups = _split(frog_rows(joined, args=list(args), timeout=timeout), marker)
    except PipelineError as exc:
        exc.failed_texts = list(range(len(texts)))  # type: ignore[attr-defined]
        raise
    if len(groups) > len(texts):
        raise _failed("Frog's output has more documents than it was given", range(len(texts)))
    return verified_docs(vocab, texts, groups)
