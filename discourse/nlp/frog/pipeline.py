"""Frog as a spaCy ``Language`` (:func:`make_frog_pipeline`), and Frog on given tokens
(:func:`frog_tag_tokens`, for evaluation on gold tokenisation)."""

from __future__ import annotations

import os
import subprocess
import time
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
    "DEFAULT_SECONDS_PER_CHAR",
    "DEFAULT_TIMEOUT",
    "FrogDutch",
    "FrogTokenizer",
    "frog_tag_tokens",
    "make_frog_pipeline",
]

#: Version of this adapter (part of every cache key, through ``nlp.meta["version"]``):
#: 3 = Frog's rows split per document and every token verified against the text under
#: the normalisation of :mod:`.text`; 2 = lemma repairs and ``VS.`` (results of adapter 2
#: and older are not served from the cache).
ADAPTER_VERSION = "3"
#: Default deadline of one call (``nlp(text)``, ``nlp.pipe(texts)``, so one
#: :func:`discourse.tokens` call), in seconds, plus :data:`DEFAULT_SECONDS_PER_CHAR` per
#: character of the call's texts; ``timeout=`` (or env ``DISCOURSE_FROG_TIMEOUT``) sets a
#: fixed deadline instead.
DEFAULT_TIMEOUT = 900.0
#: Extra seconds of the default deadline per character (100 characters a second, far
#: below Frog's speed, so only a hanging Frog reaches the deadline).
DEFAULT_SECONDS_PER_CHAR = 0.01
#: Default batch size in characters per Frog process.
DEFAULT_MAX_CHARS = 20_000


class FrogTokenizer:
    """spaCy tokenizer that runs Frog; ``pipe`` sends each batch to one Frog process.

    One call (``__call__`` or ``pipe``) has one deadline for all its batches: ``timeout``
    seconds, or when ``None`` :data:`DEFAULT_TIMEOUT` plus
    :data:`DEFAULT_SECONDS_PER_CHAR` per character. A :class:`PipelineError` raised by a
    call carries ``failed_texts``: the positions of the texts it concerns (on a time-out,
    the texts not parsed yet).
    """

    def __init__(self, vocab: Vocab, *, timeout: float | None, max_chars: int) -> None:
        self.vocab, self.timeout, self.max_chars = vocab, timeout, max_chars

    def __call__(self, text: str) -> Doc:
        return next(iter(self.pipe([text])))

    def _batches(self, texts: Sequence[str]) -> Iterator[tuple[int, int]]:
        lo, size = 0, 0
        for i, text in enumerate(texts):
            if i > lo and size + len(text) > self.max_chars:
                yield lo, i
                lo, size = i, 0
            size += len(text)
        if lo < len(texts):
            yield lo, len(texts)

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
        texts = list(texts)
        budget = self.timeout
        if budget is None:
            budget = DEFAULT_TIMEOUT + DEFAULT_SECONDS_PER_CHAR * sum(map(len, texts))
        deadline = time.monotonic() + budget
        for lo, hi in self._batches(texts):
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise PipelineError("no time left")
                docs = frog_docs(self.vocab, texts[lo:hi], timeout=left)
            except PipelineError as exc:
                if left <= 0 or isinstance(exc.__cause__, subprocess.TimeoutExpired):
                    late = PipelineError(
                        f"Frog did not finish within this call's deadline of {budget:g} s; "
                        f"{len(texts) - lo} of {len(texts)} texts were not parsed (raise "
                        "`timeout=` of make_frog_pipeline or DISCOURSE_FROG_TIMEOUT if Frog "
                        "is only slow)"
                    )
                    late.failed_texts = list(range(lo, len(texts)))  # type: ignore[attr-defined]
                    raise late from exc
                failed = getattr(exc, "failed_texts", range(hi - lo))
                exc.failed_texts = [lo + i for i in failed]  # type: ignore[attr-defined]
                raise
            yield from docs


class FrogDutch(Dutch):
    """Dutch ``Language`` whose tokenizer is Frog; ``pipe`` batches texts per process."""

    def pipe(self, texts, *, as_tuples=False, **kwargs):  # type: ignore[override]
        if as_tuples:
            pairs = list(texts)
            docs = self.pipe([t for t, _ in pairs], **kwargs)
            return zip(docs, [c for _, c in pairs], strict=True)
        items = list(texts)
        at = [i for i, item in enumerate(items) if not isinstance(item, Doc)]

        def docs() -> Iterator[Doc]:
            parsed = self.tokenizer.pipe([items[i] for i in at])  # one call, one deadline
            try:
                for item in items:
                    yield item if isinstance(item, Doc) else next(parsed)
            except PipelineError as exc:  # positions among the strings -> among the items
                failed = getattr(exc, "failed_texts", range(len(at)))
                exc.failed_texts = [at[i] for i in failed]  # type: ignore[attr-defined]
                raise

        return super().pipe(docs(), **kwargs)


def make_frog_pipeline(
    *, timeout: float | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> FrogDutch:
    """A spaCy ``Language`` backed by Frog.

    Parameters
    ----------
    timeout : float, optional
        Deadline of one call (``nlp(text)``, ``nlp.pipe(texts)``, one
        :func:`discourse.tokens` call) in seconds, over all its Frog batches. Default:
        ``DISCOURSE_FROG_TIMEOUT`` when set, else :data:`DEFAULT_TIMEOUT` (900 s) plus
        :data:`DEFAULT_SECONDS_PER_CHAR` (0.01 s) per character of the call's texts.
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
        When Frog is not installed. A call raises it when Frog fails, misses the deadline,
        writes malformed output or output that does not match the text (never a guessed
        alignment); its ``failed_texts`` names the texts concerned.
    """
    version = frog_version()
    if timeout is None and os.environ.get("DISCOURSE_FROG_TIMEOUT"):
        timeout = float(os.environ["DISCOURSE_FROG_TIMEOUT"])
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
