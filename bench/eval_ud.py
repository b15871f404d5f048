"""Measure UPOS and lemma accuracy of the Dutch pipelines on UD Dutch LassySmall.

Usage::

    python bench/eval_ud.py [--pipelines builtin frog nl_core_news_sm ...]
                            [--conllu PATH] [--out table.md|table.csv] [--details]
                            [--limit N]

Gold tokens are fed to every pipeline (a :class:`spacy.tokens.Doc` is built from the
CoNLL-U word lines, multiword-token ranges ``1-2`` are skipped in favour of their words),
so only tagging and lemmatisation are measured. Lemmas are compared lower-cased with the
UD compound separator ``_`` removed (Alpino writes ``Frans_talig``). The UD file is used
for measuring only: it is never committed, never trained on, and no word list is derived
from it.

References
----------
.. [1] Nivre, J. et al. (2020). Universal Dependencies v2: An evergrowing multilingual
   treebank collection. *LREC 2020*, 4034-4043.
.. [2] Bouma, G. & van Noord, G. (2017). Increasing return on annotation investment: the
   automatic construction of a Universal Dependency treebank for Dutch. *NoDaLiDa
   workshop on Universal Dependencies*, 19-26.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CONLLU = REPO.parent / "shared" / "eval" / "ud" / "nl_lassysmall-ud-test.conllu"
COLUMNS = ("pipeline", "version", "tokens", "upos_acc", "lemma_acc", "seconds")


@dataclass
class Sentence:
    """One gold CoNLL-U sentence: words, trailing spaces, UPOS tags and lemmas."""

    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    upos: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)


def read_conllu(source: str | Path) -> list[Sentence]:
    """Read gold sentences from a CoNLL-U file path or a CoNLL-U string.

    Parameters
    ----------
    source : str or pathlib.Path
        A path to a ``.conllu`` file, or the CoNLL-U text itself (any string that
        contains a newline is taken as text).

    Returns
    -------
    list of Sentence
        Word lines only: multiword-token ranges (``3-4``) and empty nodes (``5.1``)
        are skipped; ``SpaceAfter=No`` in MISC gives ``spaces[i] = False``.

    Examples
    --------
    >>> s = read_conllu("1\\tDe\\tde\\tDET\\t_\\t_\\t2\\tdet\\t_\\t_\\n"
    ...                 "2\\tkat\\tkat\\tNOUN\\t_\\t_\\t0\\troot\\t_\\tSpaceAfter=No\\n\\n")
    >>> s[0].words, s[0].spaces
    (['De', 'kat'], [True, False])
    """
    text = source if isinstance(source, str) and "\n" in source else None
    if text is None:
        text = Path(source).read_text(encoding="utf-8")
    sentences: list[Sentence] = []
    current = Sentence()
    for line in text.splitlines():
        if not line.strip():
            if current.words:
                sentences.append(current)
            current = Sentence()
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue  # multiword range "1-2" or empty node "1.1"
        current.words.append(cols[1])
        current.spaces.append("SpaceAfter=No" not in cols[9])
        current.upos.append(cols[3])
        current.lemmas.append(cols[2])
    if current.words:
        sentences.append(current)
    return sentences


def normalise_lemma(lemma: str) -> str:
    """Lower-case a lemma and drop UD/Alpino compound separators (``_``)."""
    lemma = lemma.lower()
    return lemma if lemma == "_" else lemma.replace("_", "")


def accuracy(
    gold_upos: Sequence[str],
    pred_upos: Sequence[str],
    gold_lemmas: Sequence[str],
    pred_lemmas: Sequence[str],
) -> tuple[float, float]:
    """UPOS accuracy and lemma accuracy of aligned predictions.

    Parameters
    ----------
    gold_upos, pred_upos : sequence of str
        Gold and predicted Universal POS tags, one per token.
    gold_lemmas, pred_lemmas : sequence of str
        Gold and predicted lemmas, compared after :func:`normalise_lemma`.

    Returns
    -------
    (float, float)
        ``(upos_acc, lemma_acc)``; ``nan`` for empty input.

    Examples
    --------
    >>> accuracy(["NOUN", "VERB"], ["NOUN", "AUX"], ["Frans_talig", "is"], ["franstalig", "is"])
    (0.5, 1.0)
    """
    n = len(gold_upos)
    if not (len(pred_upos) == len(gold_lemmas) == len(pred_lemmas) == n):
        raise ValueError("gold and predicted sequences differ in length")
    if n == 0:
        return float("nan"), float("nan")
    upos = sum(g == p for g, p in zip(gold_upos, pred_upos, strict=True))
    lemma = sum(
        normalise_lemma(g) == normalise_lemma(p)
        for g, p in zip(gold_lemmas, pred_lemmas, strict=True)
    )
    return upos / n, lemma / n


Tagger = Callable[[list[Sentence]], list[tuple[list[str], list[str]]]]


def spacy_tagger(nlp) -> Tagger:
    """Tag gold-tokenised sentences with the components of a spaCy pipeline.

    A ``Doc`` is built from the gold words and passed through ``nlp.pipeline`` (the
    tokenizer is bypassed). Raises ``RuntimeError`` if the components set no POS, i.e.
    the pipeline tags inside its tokenizer and needs a pre-tokenised entry point.
    """
    from spacy.tokens import Doc

    def tag(sentences: list[Sentence]) -> list[tuple[list[str], list[str]]]:
        out = []
        for sent in sentences:
            doc = Doc(nlp.vocab, words=sent.words, spaces=sent.spaces)
            for _name, proc in nlp.pipeline:
                doc = proc(doc)
            if not doc.has_annotation("POS"):
                raise RuntimeError("the pipeline's components set no POS on gold tokens")
            out.append(([t.pos_ for t in doc], [t.lemma_ for t in doc]))
        return out

    return tag


def _frog_tagger() -> tuple[Tagger, str]:
    """Tagger over :func:`discourse.nlp.frog.frog_tag_tokens` (Frog on the gold tokens)."""
    from discourse.nlp.frog import ADAPTER_VERSION, frog_tag_tokens, frog_version

    def tag(sentences: list[Sentence]) -> list[tuple[list[str], list[str]]]:
        docs = frog_tag_tokens([s.words for s in sentences])
        return [([t.pos_ for t in doc], [t.lemma_ for t in doc]) for doc in docs]

    return tag, f"{frog_version()}+adapter{ADAPTER_VERSION}"


def load_tagger(name: str) -> tuple[Tagger, str]:
    """Return ``(tagger, version)`` for a pipeline name, or raise ``RuntimeError``.

    Uses :func:`discourse.load_pipeline`; for ``"frog"`` a pre-tokenised entry point of
    ``discourse.frog`` (:func:`discourse.nlp.frog.frog_tag_tokens`) is used.
    """
    if name == "frog":
        try:
            return _frog_tagger()
        except Exception as err:  # noqa: BLE001 - report any back-end failure and go on
            raise RuntimeError(f"frog could not be run: {err}") from err
    from discourse.nlp.pipeline import load_pipeline

    try:
        nlp = load_pipeline(name)
    except Exception as err:  # noqa: BLE001 - report any back-end failure and go on
        raise RuntimeError(f"{name} could not be loaded: {err}") from err
    return spacy_tagger(nlp), str(nlp.meta.get("version", ""))


def evaluate(tagger: Tagger, sentences: list[Sentence], *, details: Counter | None = None) -> dict:
    """Run ``tagger`` on gold sentences and score it (see :func:`accuracy`).

    If ``details`` is a Counter, ``(gold_upos, pred_upos)`` pairs of every UPOS error
    are counted into it.
    """
    start = time.perf_counter()
    preds = tagger(sentences)
    seconds = time.perf_counter() - start
    gold_u, gold_l, pred_u, pred_l = [], [], [], []
    for sent, (upos, lemmas) in zip(sentences, preds, strict=True):
        if len(upos) != len(sent.words):
            raise RuntimeError("pipeline changed the gold tokenisation")
        gold_u += sent.upos
        gold_l += sent.lemmas
        pred_u += upos
        pred_l += lemmas
    if details is not None:
        details.update((g, p) for g, p in zip(gold_u, pred_u, strict=True) if g != p)
    upos_acc, lemma_acc = accuracy(gold_u, pred_u, gold_l, pred_l)
    return {"tokens": len(gold_u), "upos_acc": upos_acc, "lemma_acc": lemma_acc, "seconds": seconds}


def format_table(rows: Iterable[dict], *, markdown: bool = True) -> str:
    """Format result rows as a markdown (or CSV) table."""
    rows = list(rows)
    cell = {"upos_acc": "{:.4f}", "lemma_acc": "{:.4f}", "seconds": "{:.1f}"}
    lines = []
    for row in rows:
        lines.append([cell.get(c, "{}").format(row[c]) for c in COLUMNS])
    if not markdown:
        return "\n".join([",".join(COLUMNS)] + [",".join(r) for r in lines]) + "\n"
    head = "| " + " | ".join(COLUMNS) + " |"
    rule = "|" + "|".join("---" for _ in COLUMNS) + "|"
    return "\n".join([head, rule] + ["| " + " | ".join(r) + " |" for r in lines]) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pipelines",
        nargs="+",
        default=["builtin", "frog", "nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm"],
    )
    parser.add_argument("--conllu", type=Path, default=DEFAULT_CONLLU)
    parser.add_argument("--out", type=Path, help="write the table (.csv or .md)")
    parser.add_argument("--details", action="store_true", help="print UPOS confusions")
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    args = parser.parse_args(argv)
    if not args.conllu.is_file():
        print(f"UD file not found: {args.conllu} -- skipping the evaluation.")
        return 0
    sentences = read_conllu(args.conllu)[: args.limit]
    rows = []
    for name in args.pipelines:
        try:
            tagger, version = load_tagger(name)
        except (RuntimeError, ImportError) as err:
            print(f"skipping {name}: {err}", file=sys.stderr)
            continue
        confusions: Counter = Counter()
        try:
            result = evaluate(tagger, sentences, details=confusions)
        except RuntimeError as err:
            print(f"skipping {name}: {err}", file=sys.stderr)
            continue
        rows.append({"pipeline": name, "version": version, **result})
        if args.details:
            print(f"\n{name}: most frequent UPOS confusions (gold -> predicted)")
            for (gold, pred), n in confusions.most_common(25):
                print(f"  {gold:>6} -> {pred:<6} {n}")
    table = format_table(rows)
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(format_table(rows, markdown=args.out.suffix != ".csv"))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
