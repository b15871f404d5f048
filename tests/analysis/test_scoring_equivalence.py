"""Vectorised sentiment equals the loop it replaced, exactly (issue 21 point 1).

``reference_sentiment`` below is :func:`discourse.analysis.sentiment.sentiment` as it was
before the scoring became array operations (commit 4be3667): one Python loop per sentence
(:func:`discourse.analysis.scoring._reference_score`), the hits pooled per unit in a dict
and averaged with ``np.mean`` per unit. Every column must be equal -- floats exactly, not
approximately -- on the bundled corpus (both pipelines, every ``pos_filter``, ``negation``
and ``level``), on a 10^6-token bench corpus, and on 20,000 random sequences.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.codes import column_codes, string_codes
from discourse.analysis.dictionary import LEVEL_IDS
from discourse.analysis.lexicon import compiled_lexicon
from discourse.analysis.scoring import (
    CLAUSE_PUNCT,
    NEGATIONS,
    POS_FILTERS,
    _reference_score,
    score_tokens,
)
from discourse.analysis.sentiment import (
    DOC_META,
    SEG_META,
    _label,
    _sentence_texts,
    _strings,
    _term_sentences,
    sentiment,
)
from discourse.errors import CorpusError


def _in_lexicon(
    df: pd.DataFrame, name: str, scores: dict, rows: np.ndarray, extra: str | None = None
) -> np.ndarray:
    """Whether the (lower-cased) ``name`` string of each of ``rows`` is a key of ``scores``
    (or equals ``extra``); tested once per distinct value, as :func:`_strings` converts."""
    codes, values = string_codes(df, name, lower=True)
    values = np.append(values, "")
    found = np.fromiter((v in scores or v == extra for v in values), bool, len(values))
    return found[codes[rows]]


@dataclass
class _Sentences:
    """The kept sentences as Python lists: sentence ``i`` is ``lower[local[i]:local[i+1]]``.

    ``first`` holds each sentence's first row (of the role-filtered table), ``lemmas`` the
    lemmas when the lemma fallback applies, ``upos`` the tags when the POS filter applies,
    ``scored`` whether it has a lexicon word (else the scorer is skipped), ``n_words`` its
    non-punctuation tokens, ``texts``/``offsets`` its rebuilt text and token offsets.
    """

    first: np.ndarray
    local: np.ndarray
    lower: list[str]
    lemmas: list[str] | None
    shown: list[str]
    upos: list[str] | None
    texts: list[str]
    offsets: list[int]
    scored: np.ndarray
    n_words: np.ndarray


def _kept_sentences(df, src, bounds, keep, scores, *, lemma_fallback, pos_filter) -> _Sentences:
    """Only the kept sentences are converted to Python objects (``rows`` = their tokens)."""
    first = bounds[:-1][keep]
    lengths = bounds[1:][keep] - first
    local = np.zeros(len(first) + 1, dtype=np.int64)
    np.cumsum(lengths, out=local[1:])
    rows = np.repeat(first - local[:-1], lengths) + np.arange(local[-1])
    lower = _strings(src, "lower", lower=True, rows=rows)
    lem = _strings(src, "lemma", lower=True, rows=rows) if "lemma" in df else None
    shown = _strings(src, "text", rows=rows) if "text" in df else lower
    starts = df["char_start"].take(rows) if "char_start" in df else None
    upos = _strings(src, "upos", rows=rows) if pos_filter and "upos" in df else None
    punct = (
        df["is_punct"].take(rows).astype(bool)
        if "is_punct" in df
        else df["lower"].take(rows).isin(CLAUSE_PUNCT)
    ).to_numpy()
    texts, offsets = _sentence_texts(shown, starts, local)
    offsets = offsets.tolist()
    fallback = lemma_fallback and lem is not None
    # A sentence with no lexicon word (form, or lemma for the fallback) and no "(!)" has no
    # assessment, so _score is not called for it.
    lexical = _in_lexicon(src, "lower", scores, rows, extra="(!)")
    if fallback:
        lexical |= _in_lexicon(src, "lemma", scores, rows)
    scored, n_words = (
        (
            np.logical_or.reduceat(lexical, local[:-1]),
            np.add.reduceat((~punct).astype(np.int64), local[:-1]),
        )
        if len(first)
        else (local[:0].astype(bool), local[:0])
    )
    lemmas = lem if fallback else None
    return _Sentences(first, local, lower, lemmas, shown, upos, texts, offsets, scored, n_words)


def _units(sents: _Sentences, id_values: list, lex, negation, pos_filter) -> dict:
    """Score each kept sentence and pool its assessments into its unit (keyed by ids)."""
    units: dict[tuple, dict[str, Any]] = {}
    for i in range(len(sents.first)):
        lo, hi = sents.local[i], sents.local[i + 1]
        hits = []
        if sents.scored[i]:
            lemmas = sents.lemmas[lo:hi] if sents.lemmas is not None else None
            tags = sents.upos[lo:hi] if sents.upos is not None else None
            _, _, hits = _reference_score(
                sents.lower[lo:hi], lemmas, tags, lex, negation, pos_filter
            )
        text = sents.texts[i]
        uid = tuple(v[i] for v in id_values)
        u = units.setdefault(uid, {"row": sents.first[i], "text": "", "hits": [], "n_tokens": 0})
        shift = len(u["text"]) + (1 if u["text"] else 0)
        u["text"] = f"{u['text']} {text}" if u["text"] else text
        u["n_tokens"] += int(sents.n_words[i])
        shown, offs = sents.shown[lo:hi], sents.offsets[lo:hi]
        u["hits"].extend(_hit(h, shown, offs, shift) for h in hits)
    return units


def _hit(h: dict[str, Any], shown: list[str], offs: list[int], shift: int) -> dict[str, Any]:
    """One assessment of a unit, with its character spans in the unit's text."""
    kinds = [
        "negation" if shown[k].lower() in NEGATIONS and h["negated"] else "word"
        for k in h["positions"]
    ]
    spans = [
        [shift + offs[k], shift + offs[k] + len(shown[k]), kind]
        for k, kind in zip(h["positions"], kinds, strict=True)
    ]
    return {
        "words": h["words"],
        "polarity": h["polarity"],
        "subjectivity": h["subjectivity"],
        "negated": h["negated"],
        "n_words": len(h["matched"]),
        "spans": spans,
    }


def _table(df: pd.DataFrame, units: dict, level: str, ids: list, by_cols: list) -> pd.DataFrame:
    """One row per unit: ids, metadata and ``by`` columns of its first row, then scores."""
    meta = [c for c in DOC_META + (SEG_META if level != "document" else []) if c in df]
    carry = list(dict.fromkeys(ids + meta + by_cols))
    rows = [u["row"] for u in units.values()]
    if by_cols and level != "sentence" and rows:
        varying = df.groupby(ids, observed=True, sort=False)[by_cols].nunique(dropna=False)
        if (varying > 1).to_numpy().any():
            raise CorpusError(
                f"sentiment(): by={by_cols!r} varies within a {level}; carry it at a finer "
                "level or group the units afterwards"
            )
    out = df.loc[rows, carry].reset_index(drop=True)
    hits_col = [u["hits"] for u in units.values()]
    out["text"] = pd.Series([u["text"] for u in units.values()], dtype=object)
    out["polarity"] = [float(np.mean([h["polarity"] for h in x])) if x else 0.0 for x in hits_col]
    out["subjectivity"] = [
        float(np.mean([h["subjectivity"] for h in x])) if x else 0.0 for x in hits_col
    ]
    out["n_hits"] = np.array([sum(h["n_words"] for h in x) for x in hits_col], dtype="int64")
    out["n_tokens"] = np.array([u["n_tokens"] for u in units.values()], dtype="int64")
    out["coverage"] = np.where(out["n_tokens"] > 0, out["n_hits"] / out["n_tokens"].clip(1), 0.0)
    out["matched"] = pd.Series([" ".join(map(_label, x)) for x in hits_col], dtype=object)
    out["hits"] = pd.Series(hits_col, dtype=object)
    out = out.astype({"polarity": float, "subjectivity": float, "coverage": float})
    if "sent_id" in out:
        out["sent_id"] = out["sent_id"].astype("int32")
    return out


def reference_sentiment(
    tokens: pd.DataFrame,
    *,
    level: str = "sentence",
    by: str | Sequence[str] | None = None,
    terms: str | Sequence[str] | None = None,
    lexicon: str | Path | pd.DataFrame = "pattern-nl",
    negation: str = "clause",
    role: str | Sequence[str] | None = "government",
    lemma_fallback: bool = True,
    pos_filter: str | bool = "lexicon",
) -> pd.DataFrame:
    by_cols = [by] if isinstance(by, str) else list(by or [])
    ids = LEVEL_IDS[level]
    lex, lex_name = compiled_lexicon(lexicon)
    mode = POS_FILTERS[pos_filter]
    df = tokens
    if role is not None:
        df = df[df["role"].isin([role] if isinstance(role, str) else list(role))]
    df = df.reset_index(drop=True)
    src = tokens if role is None else df  # same rows; codes/strings cached per table
    doc_codes = column_codes(src, "doc_id")[0]
    sent_ids = df["sent_id"].to_numpy()
    brk = np.ones(len(df), dtype=bool)
    brk[1:] = (doc_codes[1:] != doc_codes[:-1]) | (sent_ids[1:] != sent_ids[:-1])
    bounds = np.append(np.flatnonzero(brk), len(df))
    keep = np.ones(len(bounds) - 1, dtype=bool)
    if terms is not None:
        listed = [terms] if isinstance(terms, str) else list(terms)
        patterns = [" ".join(t.lower().split()) for t in listed]
        keep = _term_sentences(src, patterns, brk, bounds)
    sents = _kept_sentences(
        df, src, bounds, keep, lex.scores, lemma_fallback=lemma_fallback, pos_filter=mode
    )
    id_values = [df[c].take(sents.first).to_numpy() for c in ids]  # unit ids of the sentences
    units = _units(sents, id_values, lex, negation, mode)
    out = _table(df, units, level, ids, by_cols)
    params = {
        "level": level,
        "by": by_cols or None,
        "terms": terms,
        "lexicon": lex_name,
        "negation": negation,
        "role": role,
        "lemma_fallback": lemma_fallback,
        "pos_filter": mode if sents.upos is not None else False,
    }
    params = {k: v for k, v in params.items() if v is not None or k == "role"}
    return out


def _same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Every column equal; floats exactly (``check_exact``), hits dict by dict."""
    assert list(new.columns) == list(old.columns) and len(new) == len(old)
    pd.testing.assert_frame_equal(
        new.drop(columns="hits"), old.drop(columns="hits"), check_exact=True
    )
    assert new["hits"].tolist() == old["hits"].tolist()


SETTINGS = [
    (negation, pos_filter, level)
    for negation in ("clause", "pattern", "none")
    for pos_filter in ("lexicon", "closed", False)
    for level in ("sentence", "document")
]


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
@pytest.mark.parametrize(("negation", "pos_filter", "level"), SETTINGS)
def test_bundled_corpus_equals_reference(request, pipeline, negation, pos_filter, level):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    kw = {"negation": negation, "pos_filter": pos_filter, "level": level}
    new = sentiment(toks, **kw)
    assert new["n_hits"].sum() > 100
    _same(new, reference_sentiment(toks, **kw))


def test_bundled_corpus_other_settings_equal_reference(builtin_tokens):
    """Segments, every voice, terms, no lemma fallback, a composed lexicon."""
    for kw in (
        {"level": "segment", "role": None},
        {"terms": ["kabinet", "nederland*"], "level": "document"},
        {"lemma_fallback": False, "lexicon": "pattern-nl+policy-nl"},
    ):
        _same(sentiment(builtin_tokens, **kw), reference_sentiment(builtin_tokens, **kw))


def test_bench_corpus_of_a_million_tokens_equals_reference(builtin_tokens):
    corpus = pytest.importorskip("bench.corpus")
    toks = corpus.make_corpus(builtin_tokens, 10**6)
    new = sentiment(toks)
    assert len(new) > 10_000
    _same(new, reference_sentiment(toks))
    _same(sentiment(toks, level="document"), reference_sentiment(toks, level="document"))


def _sequence(rng: random.Random, known: list[str], other: list[str]) -> list[str]:
    return [
        rng.choice(known) if rng.random() < 0.5 else rng.choice(other)
        for _ in range(rng.randint(0, 14))
    ]


def test_random_sequences_equal_the_loop_assessment_by_assessment():
    """20,000 random sequences of lexicon words, negations, modifier(-like) words, "!",
    "(!)", clause boundaries, focus words and short words, with random lemmas, tags,
    negation and POS-filter modes: the same assessments (words, positions, matched,
    floats) as the loop."""
    lex, _ = compiled_lexicon("pattern-nl")
    known = sorted(lex.scores)
    other = (
        "niet geen nooit gene ni ! (!) , . ; de is een zo en maar omdat dat werkelijk zeer"
        " heel a x alleen slechts 'x' ' gaat"
    ).split()
    tags = "ADJ ADV NOUN VERB AUX ADP DET PRON X".split()
    rng = random.Random(21)
    for _ in range(20_000):
        words = _sequence(rng, known, other)
        lemmas = [rng.choice(known) if rng.random() < 0.2 else w for w in words]
        upos = [rng.choice(tags) for _ in words]
        negation = rng.choice(["clause", "pattern", "none"])
        pos_filter = rng.choice(["lexicon", "closed", False])
        use = (lemmas if rng.random() < 0.5 else None, upos if rng.random() < 0.5 else None)
        got = score_tokens(
            words, lemmas=use[0], upos=use[1], negation=negation, pos_filter=pos_filter
        )
        tags_used = use[1] if pos_filter else None
        assert got == _reference_score(words, use[0], tags_used, lex, negation, pos_filter)


def test_negation_words_in_the_lexicon_are_scored_by_the_loop(tmp_path):
    """A user lexicon with "niet" and "nooit" as entries (the vectorised rules assume a
    negation word is no lexicon word): those sentences take the loop, the others not, and
    the table equals the reference."""
    lex = pd.DataFrame(
        {
            "form": ["niet", "nooit", "goed", "werkelijk", "zeer"],
            "pos": ["RB", "", "JJ", "RB", "RB"],
            "polarity": [-0.1, -0.2, 0.6, 0.1, 0.0],
            "subjectivity": [0.3, 0.4, 0.9, 0.5, 0.2],
            "intensity": [1.0, 1.0, 1.0, 1.7, 1.3],
        }
    )
    rng = random.Random(7)
    vocab = ["niet", "nooit", "geen", "goed", "werkelijk", "zeer", "het", "is", ",", "!", "x"]
    compiled, _ = compiled_lexicon(lex)
    sentences = [[rng.choice(vocab) for _ in range(rng.randint(1, 9))] for _ in range(600)]
    for words in sentences[:200]:
        for negation in ("clause", "pattern", "none"):
            assert score_tokens(words, lexicon=compiled_table(lex), negation=negation) == (
                _reference_score(words, None, None, compiled, negation)
            )
    rows = [
        (f"kst-{i // 20}", i, k, w.capitalize() if k == 0 else w, w)
        for i, words in enumerate(sentences)
        for k, w in enumerate(words)
    ]
    toks = pd.DataFrame(rows, columns=["doc_id", "sent_id", "token_id", "text", "lower"])
    toks = toks.assign(seg_id=toks["doc_id"] + ":000", lemma=toks["lower"], role="government")
    for negation in ("clause", "pattern", "none"):
        for level in ("sentence", "document"):
            kw = {"lexicon": lex, "negation": negation, "level": level}
            _same(sentiment(toks, **kw), reference_sentiment(toks, **kw))


def compiled_table(lex: pd.DataFrame) -> pd.DataFrame:
    """The user table as load_lexicon returns one (validated, averaged: compiled once)."""
    from discourse.analysis.lexicon import _average, _validate

    out = _average(_validate(lex, "test"), attributive=False)
    out.attrs["lexicon"] = "test"
    return out


@pytest.mark.parametrize("odd", ["é", "😀", "", "\ud800", "a b"])
def test_sentence_texts_equal_token_by_token_joining(odd):
    """Texts cut from one joined string (UTF-32 code units) equal the pieces joined per
    sentence, with accents, emoji (two UTF-16 units), empty tokens and a lone surrogate."""
    rng = random.Random(len(odd))
    words = [rng.choice(["Niet", "goed", ".", ",", odd, "kabinet"]) for _ in range(300)]
    local = np.array([0, 1, 40, 41, 180, 300])
    starts = pd.Series(np.cumsum([len(w) + rng.choice([0, 1, 2]) for w in words]))
    texts, offsets = _sentence_texts(words, starts, local)
    at = starts.tolist()
    for i, (lo, hi) in enumerate(zip(local[:-1], local[1:], strict=True)):
        text = ""
        for k in range(lo, hi):
            if k > lo and at[k] > at[k - 1] + len(words[k - 1]):
                text += " "
            assert offsets[k] == len(text)
            text += words[k]
        assert texts[i] == text
