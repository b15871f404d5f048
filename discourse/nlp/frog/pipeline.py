"""Frog as a spaCy ``Language`` (:func:`make_frog_pipeline`), and Frog on given tokens
(:func:`frog_tag_tokens`, for evaluation on gold tokenisation)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence

from spacy.lang.nl import Dutch
from spacy.tokens import Doc
from spacy.vocab import Vocab

from discourse.errors import PipelineError
from discourse.nlp.frog.align import frog_docs
from discourse.nlp.frog.cgn import cgn_to_morph, sentence_upos
from discourse.nlp.frog.lemma import repair_lemma
from discourse.nlp.frog.run import frog_rows, frog_version

__all__ = [
    "ADAPTER_VERSION",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_TIMEOUT",
    "FrogDutch",
    "FrogTokenizer",
    "frog_tag_tokens",
    "make_frog_pipeline",
]

#: Version of this adapter (part of every cache key).
ADAPTER_VERSION = "2"
#: Default time-out per Frog batch, in seconds (env ``DISCOURSE_FROG_TIMEOUT``).
DEFAULT_TIMEOUT = 900.0
#: Default batch size in characters per Frog process.
DEFAULT_MAX_CHARS = 20_000


class FrogTokenizer:
    """spaCy tokenizer that runs Frog; ``pipe`` sends each batch to one Frog process."""

    def __init__(self, vocab: Vocab, *, timeout: float, max_chars: int) -> None:
        self.vocab, self.timeout, self.max_chars = vocab, timeout, max_chars

    def __call__(self, text: str) -> Doc:
        return frog_docs(self.vocab, [text], timeout=self.timeout)[0]

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and size + len(text) > self.max_chars:
                yield from frog_docs(self.vocab, batch, timeout=self.timeout)
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from frog_docs(self.vocab, batch, timeout=self.timeout)


class FrogDutch(Dutch):
    """Dutch ``Language`` whose tokenizer is Frog; ``pipe`` batches texts per process."""

    def pipe(self, texts, *, as_tuples=False, **kwargs):  # type: ignore[override]
        if as_tuples:
            pairs = list(texts)
            docs = self.pipe([t for t, _ in pairs], **kwargs)
            return zip(docs, [c for _, c in pairs], strict=True)
        items = iter(texts)

        def docs() -> Iterator[Doc]:
            pending: list[str] = []
            for item in items:
                if isinstance(item, Doc):
                    yield from self.tokenizer.pipe(pending)
                    pending = []
                    yield item
                else:
                    pending.append(item)
                    if sum(map(len, pending)) > self.tokenizer.max_chars:
                        yield from self.tokenizer.pipe(pending)
                        pending = []
            yield from self.tokenizer.pipe(pending)

        return super().pipe(docs(), **kwargs)


def make_frog_pipeline(
    *, timeout: float | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> FrogDutch:
    """A spaCy ``Language`` backed by Frog.

    Parameters
    ----------
    timeout : float, optional
        Seconds allowed per Frog batch (default ``DISCOURSE_FROG_TIMEOUT`` or 900).
    max_chars : int
        Characters per Frog process in ``nlp.pipe``.

    Returns
    -------
    FrogDutch
        ``nlp.meta["name"] == "frog"``, ``nlp.meta["version"]`` = Frog's version plus
        the adapter version.

    Raises
    ------
    PipelineError
        When Frog is not installed, fails or times out.
    """
    version = frog_version()
    if timeout is None:
        timeout = float(os.environ.get("DISCOURSE_FROG_TIMEOUT", DEFAULT_TIMEOUT))
    nlp = FrogDutch()
    nlp.tokenizer = FrogTokenizer(nlp.vocab, timeout=timeout, max_chars=max_chars)
    nlp.meta["name"] = "frog"
    nlp.meta["version"] = f"{version}+adapter{ADAPTER_VERSION}"
    nlp.meta["description"] = "Frog (van den Bosch et al. 2007) via discourse.frog"
    return nlp


def frog_tag_tokens(
    sentences: Sequence[Sequence[str]], *, timeout: float | None = None
) -> list[Doc]:
    """Tag and lemmatise pre-tokenised sentences with Frog (for evaluation on gold tokens).

    One Frog process (``-n --skip=tmpacn``) for all sentences; returns one Doc per
    sentence with exactly the given words.
    """
    timeout = timeout or float(os.environ.get("DISCOURSE_FROG_TIMEOUT", DEFAULT_TIMEOUT))
    clean = [[w.replace(" ", "_") or "_" for w in sent] for sent in sentences]
    text = "".join(" ".join(s) + "\n" for s in clean if s)
    rows = frog_rows(text, args=["-n", "--skip=tmpacn"], timeout=timeout) if text else []
    vocab = Dutch().vocab
    out, it = [], iter(rows)
    for sent in clean:
        if not sent:
            out.append(Doc(vocab, words=[]))
            continue
        got = next(it, [])
        if [c[1] for c in got] != sent:
            raise PipelineError(f"Frog changed the given tokens of sentence {' '.join(sent)!r}")
        tags = [c[4] for c in got]
        lemmas = [repair_lemma(c[1], c[2], c[4]) for c in got]
        out.append(
            Doc(
                vocab,
                words=list(sent),
                lemmas=lemmas,
                tags=tags,
                pos=sentence_upos(sent, lemmas, tags),
                morphs=[cgn_to_morph(t) for t in tags],
            )
        )
    return out
