"""Frog adapter: run the Frog Dutch NLP suite and return spaCy ``Doc`` objects.

Frog (van den Bosch et al. 2007) tokenises, tags with the CGN tagset (Van Eynde 2004),
lemmatises and finds named entities. :func:`make_frog_pipeline` wraps it as a spaCy
``Language`` whose ``nlp(text)`` / ``nlp.pipe(texts)`` return Docs with exact character
alignment to the input (``token.idx`` indexes the original string), sentence boundaries,
``lemma_``, ``pos_`` (UPOS), ``tag_`` (full CGN tag), ``morph``, ``ents`` and ``is_stop``
(spaCy's Dutch stop list). Texts are sent in batches: one Frog process per batch of at
most ``max_chars`` characters (Frog's run time grows faster than linearly with the size
of one input file, so very large batches are slower, not faster).

Frog's dependency parser, chunker, morphological analyser and multi-word units are
skipped (``--skip=mpac``): the parser costs ~30x the tagging time.

CGN -> UPOS, following UD Dutch (LassySmall/Alpino conversion, Bouma & van Noord 2017)

==================================  ===========================================
CGN                                 UPOS
==================================  ===========================================
N(soort,...)                        NOUN
N(eigen,...), SPEC(deeleigen)       PROPN
ADJ(...)                            ADJ
WW(...)                             VERB, or AUX (see below)
VNW(...,adv-pron,...)               ADV  (er, daar, waar, hier)
VNW(...,prenom,...) (det/grad)      DET  (deze, die, geen, elk, veel ...)
VNW(bez,...)                        PRON (UD Dutch: possessives are PRON)
VNW(other)                          PRON
LID(...)                            DET
VZ(...)                             ADP
VG(neven) / VG(onder)               CCONJ / SCONJ
BW()                                ADV
TW(hoofd,...) / TW(rang,...)        NUM / ADJ
TSW()                               INTJ
LET()                               PUNCT; SYM when the token is a symbol (%, €, +)
SPEC(symb)                          SYM
SPEC(enof)                          CCONJ
SPEC(afk) on an all-caps acronym    PROPN (``VS``, ``EU``, ``NAVO``, as in UD Dutch)
SPEC(afk, vreemd, afgebr, meta...)  X
==================================  ===========================================

AUX (UD Dutch): ``zullen``, ``kunnen``, ``moeten``, ``mogen`` are AUX; ``hebben`` and
``worden`` are AUX when their clause (the stretch between punctuation marks) contains a
past participle, else VERB; ``zijn`` is AUX (auxiliary or copula). ``willen``, ``gaan``,
``blijven`` etc. stay VERB as in UD Dutch.

References
----------
van den Bosch, A., Busser, B., Canisius, S., & Daelemans, W. (2007). An efficient
memory-based morphosyntactic tagger and parser for Dutch. In *Computational Linguistics
in the Netherlands: Selected Papers from the Seventeenth CLIN Meeting*, 99-114.

Bouma, G., & van Noord, G. (2017). Increasing return on annotation investment: the
automatic construction of a Universal Dependency treebank for Dutch. *Proceedings of the
NoDaLiDa 2017 Workshop on Universal Dependencies*, 19-26.
Van Eynde, F. (2004). *Part of speech tagging en lemmatisering van het Corpus Gesproken
Nederlands*. KU Leuven (the CGN tagset).
UD Dutch guidelines: https://universaldependencies.org/nl/
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.lang.nl import Dutch
from spacy.tokens import Doc
from spacy.vocab import Vocab

from discourse.errors import PipelineError

#: Version of this adapter (part of every cache key).
ADAPTER_VERSION = "2"
#: Default time-out per Frog batch, in seconds (env ``DISCOURSE_FROG_TIMEOUT``).
DEFAULT_TIMEOUT = 900.0
#: Default batch size in characters per Frog process.
DEFAULT_MAX_CHARS = 20_000
_DOC_SEP = "\n\n\n"

_AUX_ALWAYS = frozenset({"zullen", "kunnen", "moeten", "mogen"})
_AUX_WITH_PARTICIPLE = frozenset({"hebben", "worden"})

__all__ = [
    "ADAPTER_VERSION",
    "cgn_to_morph",
    "cgn_to_upos",
    "frog_tag_tokens",
    "frog_version",
    "make_frog_pipeline",
]


def _frog_binary() -> str:
    path = shutil.which("frog")
    if path is None:
        raise PipelineError(
            "Frog is not installed: `frog` is not on PATH. Install it with "
            "`sudo apt-get install frog frogdata` (Debian/Ubuntu) or see "
            "https://languagemachines.github.io/frog/; or use pipeline='builtin'."
        )
    return path


@lru_cache(maxsize=1)
def frog_version() -> str:
    """Version of the installed Frog binary, e.g. ``"0.20"``."""
    out = _run([_frog_binary(), "--version"], timeout=120)
    match = re.search(r"frog\s+v?(\d[\w.]*)", out, re.IGNORECASE)
    return match.group(1) if match else "unknown"


def _run(cmd: list[str], *, timeout: float, cwd: str | None = None) -> str:
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PipelineError(
            f"Frog timed out after {timeout:g} s ({' '.join(cmd)}); raise `timeout=` "
            "or DISCOURSE_FROG_TIMEOUT, or send smaller batches (`max_chars=`)."
        ) from exc
    except OSError as exc:
        raise PipelineError(f"Frog could not be started: {exc}") from exc
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise PipelineError(f"Frog failed with exit code {proc.returncode}:\n{tail}")
    return proc.stdout + proc.stderr


def _frog_rows(text: str, *, args: Sequence[str], timeout: float) -> list[list[list[str]]]:
    """Run Frog once on ``text``; return sentences as lists of column lists."""
    with tempfile.TemporaryDirectory(prefix="discourse-frog-") as tmp:
        inp, out = Path(tmp, "in.txt"), Path(tmp, "out.tsv")
        inp.write_text(text, encoding="utf-8")
        # cwd=tmp: Frog writes frog.*.debug files into its working directory.
        _run([_frog_binary(), *args, "-t", str(inp), "-o", str(out)], timeout=timeout, cwd=tmp)
        if not out.exists():
            raise PipelineError("Frog finished but wrote no output file.")
        lines = out.read_text(encoding="utf-8").splitlines()
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    for line in lines:
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        if len(cols) < 5:
            raise PipelineError(f"Unexpected Frog output line: {line!r}")
        cur.append(cols)
    if cur:
        sents.append(cur)
    return sents


# --------------------------------------------------------------------------- CGN tags
def _split_tag(tag: str) -> tuple[str, list[str]]:
    head, _, rest = tag.partition("(")
    return head, [f for f in rest.rstrip(")").split(",") if f]


def cgn_to_upos(tag: str, text: str = "") -> str:
    """Map a CGN tag (``"VNW(aanw,det,stan,prenom,zonder,agr)"``) to a Universal POS.

    Verbs map to ``VERB``; the AUX decision needs context (see module docstring).

    Examples
    --------
    >>> cgn_to_upos("N(eigen,ev,basis,zijd,stan)"), cgn_to_upos("VG(onder)")
    ('PROPN', 'SCONJ')
    """
    head, feats = _split_tag(tag)
    if head == "N":
        return "PROPN" if "eigen" in feats else "NOUN"
    if head == "VNW":
        if "adv-pron" in feats:
            return "ADV"
        if "bez" not in feats and "prenom" in feats:
            return "DET"
        return "PRON"
    if head == "TW":
        return "ADJ" if "rang" in feats else "NUM"
    if head == "VG":
        return "SCONJ" if "onder" in feats else "CCONJ"
    if head == "LET":
        symbol = text and all(unicodedata.category(c)[0] == "S" or c in "%‰#&@§" for c in text)
        return "SYM" if symbol else "PUNCT"
    if head == "SPEC":
        if "deeleigen" in feats:
            return "PROPN"
        if "symb" in feats:
            return "SYM"
        if "afk" in feats and len(text) >= 2 and text.isalpha() and text.isupper():
            return "PROPN"  # acronyms (VS, EU, NAVO) are proper nouns in UD Dutch
        return "CCONJ" if "enof" in feats else "X"
    return {"ADJ": "ADJ", "WW": "VERB", "LID": "DET", "VZ": "ADP", "BW": "ADV", "TSW": "INTJ"}.get(
        head, "X"
    )


_FEATS = {
    "ev": "Number=Sing",
    "mv": "Number=Plur",
    "met-t": "Number=Sing",
    "tgw": "Tense=Pres",
    "verl": "Tense=Past",
    "pv": "VerbForm=Fin",
    "inf": "VerbForm=Inf",
    "vd": "VerbForm=Part",
    "od": "VerbForm=Part",
    "basis": "Degree=Pos",
    "comp": "Degree=Cmp",
    "sup": "Degree=Sup",
    "bep": "Definite=Def",
    "onbep": "Definite=Ind",
    "hoofd": "NumType=Card",
    "rang": "NumType=Ord",
    "nomin": "Case=Nom",
    "obl": "Case=Acc",
    "1": "Person=1",
    "2": "Person=2",
    "2v": "Person=2",
    "2b": "Person=2",
    "3": "Person=3",
}
_PRONTYPE = {
    "pers": "Prs",
    "refl": "Prs",
    "bez": "Prs",
    "aanw": "Dem",
    "betr": "Rel",
    "vb": "Int",
    "onbep": "Ind",
    "recip": "Rcp",
    "pr": "Prs",
}


def cgn_to_morph(tag: str) -> str:
    """UD morphological features derivable from a CGN tag, as ``"Feat=Val|..."``.

    Examples
    --------
    >>> cgn_to_morph("WW(pv,tgw,met-t)")
    'Number=Sing|Tense=Pres|VerbForm=Fin'
    """
    head, feats = _split_tag(tag)
    out: dict[str, str] = {}
    if head == "VNW":
        kind = feats[0] if feats else ""
        if kind in _PRONTYPE:
            out["PronType"] = _PRONTYPE[kind]
        if kind == "bez":
            out["Poss"] = "Yes"
        if kind == "refl":
            out["Reflex"] = "Yes"
    for feat in feats:
        val = _FEATS.get(feat)
        if val is None or (feat == "onbep" and head != "LID"):
            continue
        if head not in ("ADJ", "VNW") and val.startswith("Degree"):
            continue
        if head == "N" and not val.startswith("Number"):
            continue
        key, _, value = val.partition("=")
        out.setdefault(key, value)
    if head == "WW" and "od" in feats:
        out["Tense"] = "Pres"
    return "|".join(f"{k}={v}" for k, v in sorted(out.items()))


def _sentence_upos(words: Sequence[str], lemmas: Sequence[str], tags: Sequence[str]) -> list[str]:
    """UPOS for one sentence, with the UD Dutch AUX/VERB decision in clause context."""
    upos = [cgn_to_upos(t, w) for t, w in zip(tags, words, strict=True)]
    clause = 0
    clause_ids, participle = [], set()
    for tag in tags:
        if tag.startswith(("LET", "VG")):
            clause += 1
        clause_ids.append(clause)
        if tag.startswith("WW(vd"):
            participle.add(clause)
    for i, (lemma, tag) in enumerate(zip(lemmas, tags, strict=True)):
        if not tag.startswith("WW") or tag.startswith(("WW(vd", "WW(od")):
            continue
        lem = lemma.lower()
        if lem in _AUX_ALWAYS or lem == "zijn":
            upos[i] = "AUX"
        elif lem in _AUX_WITH_PARTICIPLE and clause_ids[i] in participle:
            upos[i] = "AUX"
    return upos


# ------------------------------------------------------------------------ alignment
def _align(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
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


_DIGRAPHS = ("aa", "ee", "oo", "uu", "ie", "ei", "ij", "oe", "eu", "ou", "au", "ui")
_VOWELS = frozenset("aeiouy")


#: Plural nouns Frog lemmatises as another word (adapter 2): ``waarden`` (values) is the
#: plural of ``waarde``, not of the adjective ``waard``.
_PLURAL_NOUN_LEMMAS = {"waarden": "waarde"}


def repair_lemma(word: str, lemma: str, tag: str) -> str:
    """Frog's lemma with the adapter's documented repairs applied.

    :func:`repair_adjective_lemma`, and plural nouns in ``_PLURAL_NOUN_LEMMAS``.

    Examples
    --------
    >>> repair_lemma("waarden", "waard", "N(soort,mv,basis)")
    'waarde'
    >>> repair_lemma("waard", "waard", "ADJ(vrij,basis,zonder)")
    'waard'
    """
    if tag.startswith("N(soort,mv") and word.lower() in _PLURAL_NOUN_LEMMAS:
        return _PLURAL_NOUN_LEMMAS[word.lower()]
    return repair_adjective_lemma(word, lemma, tag)


def repair_adjective_lemma(word: str, lemma: str, tag: str) -> str:
    """Base form of an inflected adjective Frog left unlemmatised (adapter version 2).

    Frog returns unknown inflected adjectives unchanged as their own lemma (seen for
    proper adjectives: ``Amerikaanse``, ``Europese``, ``Russische``). When the CGN tag is
    ``ADJ(…met-e…)`` and the lemma equals the word ending in ``-e``, the ending is removed
    following Dutch spelling (ANS §3.2): an open-syllable vowel is doubled in the closed
    base (``europese`` → ``europees``), ``-ve``/``-ze`` become ``-f``/``-s``, and a
    doubled consonant is single (``grote`` → ``groot`` but ``dikke`` → ``dik``); ``-e-``
    before ``l``/``r``/``n``/``m`` is taken as a schwa and not doubled (``andere`` →
    ``ander``; the price is ``gele`` → ``gel``). Other tokens are returned unchanged.

    Examples
    --------
    >>> repair_adjective_lemma("Amerikaanse", "Amerikaanse", "ADJ(prenom,basis,met-e,stan)")
    'Amerikaans'
    >>> repair_adjective_lemma("Europese", "Europese", "ADJ(prenom,basis,met-e,stan)")
    'Europees'
    >>> repair_adjective_lemma("effectieve", "effectieve", "ADJ(prenom,basis,met-e,stan)")
    'effectief'
    >>> repair_adjective_lemma("dikke", "dikke", "ADJ(prenom,basis,met-e,stan)")
    'dik'
    >>> repair_adjective_lemma("Indiase", "Indiase", "ADJ(prenom,basis,met-e,stan)")
    'Indiaas'
    >>> repair_adjective_lemma("bijzondere", "bijzondere", "ADJ(prenom,basis,met-e,stan)")
    'bijzonder'
    >>> repair_adjective_lemma("nieuwe", "nieuwe", "ADJ(prenom,basis,met-e,stan)")
    'nieuw'
    >>> repair_adjective_lemma("goede", "goed", "ADJ(prenom,basis,met-e,stan)")
    'goed'
    >>> repair_adjective_lemma("solide", "solide", "ADJ(prenom,basis,zonder)")
    'solide'
    """
    if (
        not tag.startswith("ADJ(")
        or "met-e" not in tag
        or lemma.lower() != word.lower()
        or len(word) < 4
        or not word.lower().endswith("e")
        or not word[:-1].replace("-", "").isalpha()
    ):
        return lemma
    stem = lemma[:-1]
    low = stem.lower()
    if low.endswith("v"):
        return stem[:-1] + ("F" if stem[-1].isupper() else "f")
    if low.endswith("z"):
        return stem[:-1] + ("S" if stem[-1].isupper() else "s")
    if len(low) >= 2 and low[-1] == low[-2] and low[-1] not in _VOWELS:
        return stem[:-1]  # dikke -> dik
    if (
        len(low) >= 3
        and low[-1] not in _VOWELS
        and low[-2] in "aeou"
        and low[-3:-1] not in _DIGRAPHS
        and not (low[-2] == "e" and low[-1] in "lrnm")  # schwa: andere -> ander
    ):
        return stem[:-1] + stem[-2] + stem[-1]  # open syllable: europese -> europees
    return stem


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


def _build_doc(vocab: Vocab, text: str, rows: list[tuple[int, int, list[str], bool]]) -> Doc:
    """Doc over ``text`` from Frog rows ``(start, end, cols, sent_start)``; gaps kept."""
    words: list[str] = []
    spaces: list[bool] = []
    attrs: list[tuple[str, str, str, str, str, bool | None]] = []
    gap_piece = re.compile(r"\s+|\S+")

    def add_gap(gap: str) -> None:
        if gap.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            gap = gap[1:]
        for piece in gap_piece.findall(gap):
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
    if not words:
        return Doc(vocab, words=[])
    lemmas = [a[0] for a in attrs]
    tags = [a[2] for a in attrs]
    upos = [a[1] for a in attrs]
    sent_starts: list[bool | None] = [a[5] for a in attrs]
    # UPOS per Frog sentence (needs clause context)
    idx = [i for i, u in enumerate(upos) if u == ""]
    bounds = [k for k, i in enumerate(idx) if sent_starts[i]] + [len(idx)]
    if not bounds or bounds[0] != 0:
        bounds.insert(0, 0)
    for a, b in zip(bounds, bounds[1:], strict=False):
        sel = idx[a:b]
        for i, u in zip(
            sel,
            _sentence_upos(
                [words[i] for i in sel], [lemmas[i] for i in sel], [tags[i] for i in sel]
            ),
            strict=True,
        ):
            upos[i] = u
    ents, prev = [], "O"
    for a in attrs:
        tag = a[4] if a[1] != "SPACE" else "O"
        if tag.startswith("I-") and prev[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        ents.append(tag if tag[:2] in ("B-", "I-") else "O")
        prev = ents[-1]
    sent_starts = [bool(s) if s is not None else False for s in sent_starts]
    first_real = next((i for i, a in enumerate(attrs) if a[1] != "SPACE"), 0)
    sent_starts[first_real] = False  # leading whitespace belongs to the first sentence
    sent_starts[0] = True
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        lemmas=lemmas,
        pos=upos,
        tags=tags,
        morphs=[a[3] for a in attrs],
        sent_starts=sent_starts,
        ents=ents,
    )


def _frog_docs(vocab: Vocab, texts: Sequence[str], *, timeout: float) -> list[Doc]:
    """Parse ``texts`` with one Frog process; one Doc per text."""
    offsets, parts, pos = [], [], 0
    for text in texts:
        offsets.append(pos)
        parts.append(text)
        pos += len(text) + len(_DOC_SEP)
    joined = _DOC_SEP.join(parts)
    sents = (
        _frog_rows(pretokenize(joined), args=["--skip=mpac"], timeout=timeout)
        if joined.strip()
        else []
    )
    words = [cols[1] for sent in sents for cols in sent]
    starts = [k == 0 for sent in sents for k in range(len(sent))]
    cols_flat = [cols for sent in sents for cols in sent]
    spans = _align(joined, words)
    per_doc: list[list[tuple[int, int, list[str], bool]]] = [[] for _ in texts]
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
    return [_build_doc(vocab, t, rows) for t, rows in zip(texts, per_doc, strict=True)]


class FrogTokenizer:
    """spaCy tokenizer that runs Frog; ``pipe`` sends each batch to one Frog process."""

    def __init__(self, vocab: Vocab, *, timeout: float, max_chars: int) -> None:
        self.vocab, self.timeout, self.max_chars = vocab, timeout, max_chars

    def __call__(self, text: str) -> Doc:
        return _frog_docs(self.vocab, [text], timeout=self.timeout)[0]

    def pipe(self, texts: Iterable[str], batch_size: int | None = None) -> Iterator[Doc]:
        batch: list[str] = []
        size = 0
        for text in texts:
            if batch and size + len(text) > self.max_chars:
                yield from _frog_docs(self.vocab, batch, timeout=self.timeout)
                batch, size = [], 0
            batch.append(text)
            size += len(text)
        if batch:
            yield from _frog_docs(self.vocab, batch, timeout=self.timeout)


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
    rows = _frog_rows(text, args=["-n", "--skip=tmpacn"], timeout=timeout) if text else []
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
                pos=_sentence_upos(sent, lemmas, tags),
                morphs=[cgn_to_morph(t) for t in tags],
            )
        )
    return out
