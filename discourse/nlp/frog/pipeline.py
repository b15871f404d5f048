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
from discourse.nlp.frog.align import frog_docs, verified_docs
from discourse.nlp.frog.cgn import cgn_to_morph, sentence_upos
from discourse.nlp.frog.lemma import repair_lemma
from discourse.nlp.frog.run import frog_rows, frog_version
from discourse.nlp.frog.session import FrogSession

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
#: 4 = one Frog process per session fed through its standard input, named-entity
#: recognition only with ``ner=True`` (``ent_type`` is empty otherwise; the version then
#: ends in ``+ner``); 3 = Frog's rows split per document and every token verified against
#: the text under the normalisation of :mod:`.text`; 2 = lemma repairs and ``VS.``
#: (results of older adapters are not served from the cache).
ADAPTER_VERSION = "4"
#: Default deadline of one call (``nlp(text)``, ``nlp.pipe(texts)``, so one
#: :func:`discourse.tokens` call), in seconds, plus :data:`DEFAULT_SECONDS_PER_CHAR` per
#: character of the call's texts; ``timeout=`` (or env ``DISCOURSE_FROG_TIMEOUT``) sets a
#: fixed deadline instead.
DEFAULT_TIMEOUT = 900.0
#: Extra seconds of the default deadline per character (100 characters a second, far
#: below Frog's speed, so only a hanging Frog reaches the deadline).
DEFAULT_SECONDS_PER_CHAR = 0.01
#: Default batch size in characters per Frog process of the one-shot mode.
DEFAULT_MAX_CHARS = 20_000


def _late(budget: float, pending: Sequence[int], n: int, cause: Exception) -> PipelineError:
    late = PipelineError(
        f"Frog did not finish within this call's deadline of {budget:g} s; {len(pending)} "
        f"of {n} texts were not parsed (raise `timeout=` of make_frog_pipeline or "
        "DISCOURSE_FROG_TIMEOUT if Frog is only slow)"
    )
    late.failed_texts = list(pending)  # type: ignore[attr-defined]
    late.__cause__ = cause
    return late


class FrogTokenizer:
    """spaCy tokenizer that runs Frog: through ``session`` (one long-running process), or
    when that is ``None`` one ``frog -t`` process per batch of ``max_chars`` characters.

    One call (``__call__`` or ``pipe``) has one deadline for all its texts: ``timeout``
    seconds, or when ``None`` :data:`DEFAULT_TIMEOUT` plus
    :data:`DEFAULT_SECONDS_PER_CHAR` per character. A :class:`PipelineError` raised by a
    call carries ``failed_texts``: the positions of the texts it concerns (on a time-out,
    the texts not parsed yet).
    """

    def __init__(
        self,
        vocab: Vocab,
        *,
        timeout: float | None,
        max_chars: int,
        args: Sequence[str] = ("--skip=mpac",),
        session: FrogSession | None = None,
    ) -> None:
        self.vocab, self.timeout, self.max_chars = vocab, timeout, max_chars
        self.args, self.session = list(args), session

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
        if self.session is None:
            yield from self._oneshot(texts, budget)
            return
        if not any(t.strip() for t in texts):
            yield from verified_docs(self.vocab, texts, [[] for _ in texts])
            return
        try:
            outcomes = self.session.parse(texts, timeout=budget)
        except PipelineError as exc:
            if getattr(exc, "timed_out", False):
                raise _late(budget, exc.failed_texts, len(texts), exc) from exc
            raise
        try:
            docs = verified_docs(self.vocab, texts, outcomes)
        except PipelineError:
            self.session.stop()  # output that does not match the text: a fresh process next
            raise
        yield from docs

    def _oneshot(self, texts: list[str], budget: float) -> Iterator[Doc]:
        deadline = time.monotonic() + budget
        for lo, hi in self._batches(texts):
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise PipelineError("no time left")
                docs = frog_docs(self.vocab, texts[lo:hi], timeout=left, args=self.args)
            except PipelineError as exc:
                if left <= 0 or isinstance(exc.__cause__, subprocess.TimeoutExpired):
                    raise _late(budget, range(lo, len(texts)), len(texts), exc) from exc
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


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def make_frog_pipeline(
    *,
    timeout: float | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    ner: bool | None = None,
    threads: int | None = None,
    oneshot: bool = False,
) -> FrogDutch:
    """A spaCy ``Language`` backed by Frog.

    Frog runs as one long-running process (:class:`~.session.FrogSession`), started at
    the first call and reused by later calls; it is restarted after a failure and
    stopped when the pipeline is garbage-collected or the interpreter exits.

    Parameters
    ----------
    timeout : float, optional
        Deadline of one call (``nlp(text)``, ``nlp.pipe(texts)``, one
        :func:`discourse.tokens` call) in seconds. Default: ``DISCOURSE_FROG_TIMEOUT``
        when set, else :data:`DEFAULT_TIMEOUT` (900 s) plus
        :data:`DEFAULT_SECONDS_PER_CHAR` (0.01 s) per character of the call's texts.
    max_chars : int
        Characters per Frog process in the one-shot mode.
    ner : bool, optional
        Run Frog's named-entity recogniser (``ent_type``, ``doc.ents``); about twice the
        tagging time. Default: ``DISCOURSE_FROG_NER`` set to ``1``, else off (tokens,
        tags, lemmas and sentences do not depend on it; ``ent_type`` is empty).
    threads : int, optional
        Frog's ``--threads``. Default: ``DISCOURSE_FROG_THREADS``, else 1 (more threads
        compete for the cores instead of speeding Frog up).
    oneshot : bool
        Start one ``frog -t`` process per batch of ``max_chars`` characters instead (the
        adapter-3 way, each paying Frog's model load; kept for comparison).

    Returns
    -------
    FrogDutch
        ``nlp.meta["name"] == "frog"``, ``nlp.meta["version"]`` = Frog's version plus
        the adapter version (and ``+ner`` with entities); ``nlp.tokenizer.session`` is the
        Frog process (``None`` in the one-shot mode).

    Raises
    ------
    PipelineError
        When Frog is not installed (``DISCOURSE_FROG`` empty or pointing nowhere, or no
        ``frog`` on ``PATH``). A call raises it when Frog fails, misses the deadline,
        writes malformed output or output that does not match the text (never a guessed
        alignment); its ``failed_texts`` names the texts concerned.
    """
    version = frog_version()
    if timeout is None and os.environ.get("DISCOURSE_FROG_TIMEOUT"):
        timeout = float(os.environ["DISCOURSE_FROG_TIMEOUT"])
    ner = _env_flag("DISCOURSE_FROG_NER") if ner is None else ner
    if threads is None:
        threads = int(os.environ.get("DISCOURSE_FROG_THREADS") or 1)
    args = ["--skip=mpac" if ner else "--skip=mpacn", f"--threads={threads}"]
    nlp = FrogDutch()
    nlp.tokenizer = FrogTokenizer(
        nlp.vocab,
        timeout=timeout,
        max_chars=max_chars,
        args=args,
        session=None if oneshot else FrogSession(args),
    )
    nlp.meta["name"] = "frog"
    nlp.meta["version"] = f"{version}+adapter{ADAPTER_VERSION}" + ("+ner" if ner else "")
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
