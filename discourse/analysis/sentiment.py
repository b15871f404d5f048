"""Lexicon sentiment following Pattern's rules, with clause-scoped negation.

The default lexicon is Pattern's Dutch adjective lexicon ``nl-sentiment.xml`` (De Smedt &
Daelemans 2012), loaded by :mod:`~discourse.analysis.lexicon`. Every sentence is scored by
:func:`~discourse.analysis.scoring.score_tokens`, which re-implements
Pattern's ``Sentiment.assessments`` for Dutch and adds documented improvements:
clause-scoped negation (``negation="clause"``, the default), a lemma fallback, and --
when the token table has UPOS tags -- a POS filter. ``negation="pattern"`` without
lemmas/tags reproduces Pattern's scores exactly (checked against Pattern's own
``Sentiment`` code on 20,000 random Dutch word sequences; the only lexicon difference is
the correction of three out-of-range entries, see load_lexicon).

References
----------
De Smedt, T. & Daelemans, W. (2012). "Vreselijk mooi!" (terribly beautiful): A subjectivity
lexicon for Dutch adjectives. *Proceedings of LREC 2012*, 3568-3572.
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._docstrings import fill_doc
from discourse._validate import (
    Boolean,
    Column,
    Options,
    Table,
    Terms,
    Values,
    require_columns,
    validate_params,
)
from discourse.analysis.codes import column_codes, string_codes
from discourse.analysis.dictionary import LEVEL_IDS
from discourse.analysis.lexicon import Lexicon, compiled_lexicon
from discourse.analysis.patterns import TokenMatcher, find_terms
from discourse.analysis.scoring import (
    CLAUSE_PUNCT,
    NEGATION_MODES,
    NEGATIONS,
    POS_FILTERS,
)
from discourse.analysis.sentiment_units import Units, units_of
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = ["sentiment"]


DOC_META = ["period", "cabinet", "minister", "doc_type", "date", "title"]
SEG_META = ["role", "speaker", "seg_type"]


def _sentence_texts(
    words: list[str], starts: pd.Series | None, local: np.ndarray
) -> tuple[list[str], list[int]]:
    """Rebuild sentences from their tokens (one space where ``char_start`` shows a gap).

    ``words`` holds the tokens of consecutive sentences, sentence ``i`` being
    ``words[local[i]:local[i + 1]]``, and ``starts`` their ``char_start`` values (``None``:
    a space between any two tokens). Returns the text of each sentence and the offset of
    each token in its sentence's text.
    """
    n = len(words)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=n)
    space = np.ones(n, dtype=bool)  # a space before token k
    space[local[:-1]] = False  # never before a sentence's first token
    if starts is not None:
        if isinstance(starts.dtype, np.dtype) and starts.dtype.kind in "iu":
            at = starts.to_numpy(np.int64)
            space[1:] &= at[1:] > at[:-1] + lengths[:-1]
        else:  # floats, missing values, objects: Python's comparison on the values
            at, after = starts.tolist(), np.flatnonzero(space).tolist()
            space[after] = [bool(at[k] > at[k - 1] + len(words[k - 1])) for k in after]
    widths = lengths + space
    ends = np.cumsum(widths)  # end of each token, counted from the first sentence's start
    base = np.repeat(ends[local[:-1]] - widths[local[:-1]], np.diff(local))
    joined = _joined(words, space, lengths)
    cuts = (ends[local[:-1]] - widths[local[:-1]]).tolist() + ends[-1:].tolist()
    texts = [joined[lo:hi] for lo, hi in zip(cuts[:-1], cuts[1:], strict=True)]
    return texts, ends - lengths - base


def _joined(words: list[str], space: np.ndarray, lengths: np.ndarray) -> str:
    """The tokens concatenated with a space before token ``k`` where ``space[k]``: one
    ``" ".join`` with the other spaces cut out as UTF-32 code units (the space before
    token ``k`` is at ``k - 1`` + the lengths of the tokens before it)."""
    joined = " ".join(words)
    drop = np.flatnonzero(~space[1:]) + 1
    if not len(drop):
        return joined
    try:
        units = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # lone surrogates: token by token
        return "".join(" " + w if gap else w for w, gap in zip(words, space.tolist(), strict=True))
    keep = np.ones(len(units), dtype=bool)
    keep[(np.cumsum(lengths) - lengths)[drop] + drop - 1] = False
    return units[keep].tobytes().decode("utf-32-le")


@contextmanager
def _no_gc() -> Iterator[None]:
    """Cyclic garbage collection paused while the table's strings, lists and dicts are
    built: they form no cycles, and the collections their allocation triggers would
    rescan the whole heap (a third of the time at 10^7 tokens)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _label(hit: dict[str, Any]) -> str:
    words = list(hit["words"])
    head = f"{words.pop(0)}→" if hit["negated"] and words[0] in NEGATIONS else ""
    return f"{head}{' '.join(words)}({hit['polarity']:+.2f})"


def _strings(
    df: pd.DataFrame, name: str, *, lower: bool = False, rows: np.ndarray | None = None
) -> list[str]:
    """Column ``name`` as a list of ``str`` (lower-cased if asked); missing values are ``""``.

    Converted per distinct value (:func:`discourse.analysis.counts.string_codes`), not per row;
    ``rows`` (positions) converts only those rows, in that order.
    """
    codes, values = string_codes(df, name, lower=lower)
    if rows is not None:
        codes = codes[rows]
    return np.append(values, "")[codes].tolist()  # code -1 (missing) -> ""


def _codes(
    df: pd.DataFrame, name: str, rows: np.ndarray, *, lower: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Column ``name`` at ``rows`` as ``(codes, strings)``, as :func:`_strings` converts
    (missing values are ``""``, the last string)."""
    codes, values = string_codes(df, name, lower=lower)
    codes = codes[rows]
    return np.where(codes < 0, len(values), codes), np.append(values, "")


def _term_sentences(
    df: pd.DataFrame, patterns: Sequence[str], breaks: np.ndarray, bounds: np.ndarray
) -> np.ndarray:
    """Which sentences contain a match of one of ``patterns`` (one bool per sentence).

    The matches of :func:`discourse.analysis.dictionary.term_mask` (quanteda globs on the
    lower-cased ``lower`` and ``lemma`` strings, a word matching if its form or its lemma
    matches, a multi-word pattern matching consecutive tokens of one sentence), found by
    :func:`~discourse.analysis.patterns.find_terms` on integer codes: each pattern word is
    tested once per distinct form and lemma, not per token. (A match dropped for
    overlapping another lies in that match's sentence, so the sentences kept do not depend
    on the overlap rule.) ``breaks[i]`` is True where token ``i`` starts a sentence,
    ``bounds`` the sentence starts followed by the number of tokens. Patterns are
    non-blank (:func:`sentiment` checks them).
    """
    columns = [string_codes(df, "lower", lower=True)]
    if "lemma" in df:
        columns.append(string_codes(df, "lemma", lower=True))
    matcher = TokenMatcher(columns, syntax="quanteda", missing="")  # missing as in _strings
    n = len(columns[0][0])
    first = find_terms(list(patterns), matcher, np.cumsum(breaks), repeats="leftmost")[0]
    found = np.zeros(n, dtype=bool)  # a match starts at token i
    found[first] = True
    return np.logical_or.reduceat(found, bounds[:-1]) if n else np.ones(0, dtype=bool)


@dataclass
class _Sentences:
    """The kept sentences: sentence ``i`` is tokens ``local[i]:local[i+1]``.

    ``first`` holds each sentence's first row (of the role-filtered table); ``form``,
    ``lemmas`` (when the lemma fallback applies) and ``upos`` (when the POS filter applies)
    are ``(codes, strings)`` per token; ``shown`` the tokens as strings (``text``),
    ``n_words`` each sentence's non-punctuation tokens, ``texts``/``offsets`` its rebuilt
    text and token offsets.
    """

    first: np.ndarray
    local: np.ndarray
    form: tuple[np.ndarray, np.ndarray]
    lemmas: tuple[np.ndarray, np.ndarray] | None
    upos: tuple[np.ndarray, np.ndarray] | None
    shown: list[str]
    texts: list[str]
    offsets: np.ndarray
    n_words: np.ndarray


def _kept_sentences(df, src, bounds, keep, *, lemma_fallback, pos_filter) -> _Sentences:
    """Only the kept sentences are converted to Python objects (``rows`` = their tokens)."""
    first = bounds[:-1][keep]
    lengths = bounds[1:][keep] - first
    local = np.zeros(len(first) + 1, dtype=np.int64)
    np.cumsum(lengths, out=local[1:])
    rows = np.repeat(first - local[:-1], lengths) + np.arange(local[-1])
    form = _codes(src, "lower", rows, lower=True)
    lem = _codes(src, "lemma", rows, lower=True) if lemma_fallback and "lemma" in df else None
    shown = _strings(src, "text", rows=rows) if "text" in df else form[1][form[0]].tolist()
    starts = df["char_start"].take(rows) if "char_start" in df else None
    upos = _codes(src, "upos", rows) if pos_filter and "upos" in df else None
    punct = (
        df["is_punct"].take(rows).astype(bool)
        if "is_punct" in df
        else df["lower"].take(rows).isin(CLAUSE_PUNCT)
    ).to_numpy()
    texts, offsets = _sentence_texts(shown, starts, local)
    n_words = np.add.reduceat((~punct).astype(np.int64), local[:-1]) if len(first) else local[:0]
    return _Sentences(first, local, form, lem, upos, shown, texts, offsets, n_words)


# The numpydoc docstring documents the table and its options (~60 lines); the body is ~45.
@validate_params(
    tokens=Table(),
    level=Options("sentence", "segment", "document"),
    by=Column(many=True, none=True, empty=True, none_label="only the metadata"),
    terms=Terms(none=True, none_label="every sentence"),
    lexicon=Lexicon(table=True),
    negation=Options(*NEGATION_MODES),
    role=Values("role"),
    lemma_fallback=Boolean(),
    pos_filter=Options(*POS_FILTERS),
)
@fill_doc
def sentiment(
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
    """Lexicon sentiment per sentence, segment or document, with the matched words.

    Each sentence is scored with :func:`score_tokens` (Pattern's rules, see there) on the
    ``lower`` column, falling back to ``lemma`` for forms missing from the lexicon.
    Assessments never cross a sentence; a segment or document pools the assessments of
    its sentences (polarity = their mean, as Pattern over a whole text).

    Parameters
    ----------
    tokens
        Token table (``docs/design.md``): ``doc_id``, ``seg_id``, ``sent_id``, ``token_id``,
        ``text``, ``lower``, ``lemma``; optional ``is_punct``, ``char_start`` and metadata.
    level
        Unit: ``"sentence"`` (ids doc_id, seg_id, sent_id), ``"segment"`` or ``"document"``.
    by
        Extra column(s) to carry into each unit (constant within it); also the default
        grouping of :func:`summarise_sentiment` and :func:`discourse.viz.sentiment.plot_sentiment`.
        Metadata present in ``tokens`` is always carried: period, cabinet, minister,
        doc_type, date, title (+ role, speaker, seg_type below document level, so every
        sentence says whose words it holds).
    %(terms)s
        Target-directed tone: keep only the sentences that mention one, matched on the
        lower-cased form or lemma, ``*``/``?`` wildcards, spaces for consecutive words
        (``["vs", "verenigde staten", "amerika*"]``). Units are built from these sentences.
        Terms are matched once per distinct form and lemma, and only the kept sentences
        are scored, so new terms on a large table cost about their matching sentences.
    lexicon
        ``"pattern-nl"``, a file name/path, a table from :func:`load_lexicon`, or a table
        of your own with the same columns (validated and averaged like a file).
    negation
        ``"clause"`` (default), ``"pattern"`` (exactly Pattern) or ``"none"``.
    %(role)s
    lemma_fallback
        Look a form up by its lemma when the form itself is not in the lexicon.
    pos_filter
        How the ``upos`` column (if present) is used (rule 9 of :func:`score_tokens`):
        ``"lexicon"`` (default; ``True``) -- an entry matches only tokens of the POS it is
        valid for (Pattern's adjectives: ADJ, and ADV as modifiers), closed classes are
        skipped and adverbs only modify; ``"closed"`` -- only the closed-class and adverb
        rules; ``False`` -- every token is matched, as Pattern does for plain strings.

    Returns
    -------
    DataFrame
        One row per unit: ids, metadata, ``text``, ``polarity`` [-1, 1], ``subjectivity``
        [0, 1] (both 0.0 without hits, as Pattern), ``n_hits`` (lexicon words),
        ``n_tokens`` (non-punctuation tokens), ``coverage`` = n_hits / n_tokens, ``matched``
        (e.g. ``"niet→goed(-0.28) zeer belangrijk(+0.39)"``) and ``hits`` (one dict per
        assessment: words, polarity, subjectivity, negated, n_words (lexicon words),
        spans = ``[start, end, kind]`` in ``text`` with kind ``"word"`` or
        ``"negation"``). Parameters in ``attrs`` (``role`` always, ``terms`` when given).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": "d", "seg_id": "d:000", "sent_id": [0, 0, 0, 0],
    ...     "token_id": [0, 1, 2, 3], "text": ["Niet", "zo", "goed", "."],
    ...     "lower": ["niet", "zo", "goed", "."], "lemma": ["niet", "zo", "goed", "."]})
    >>> sentiment(toks, role=None)[["text", "polarity", "matched"]].values.tolist()
    [['Niet zo goed .', -0.275, 'niet→goed(-0.28)']]
    """
    by_cols = [by] if isinstance(by, str) else list(by or [])
    ids = LEVEL_IDS[level]
    require_columns("sentiment", tokens, ["doc_id", "sent_id", "lower", *ids, *by_cols])
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
    with _no_gc():
        sents = _kept_sentences(
            df, src, bounds, keep, lemma_fallback=lemma_fallback, pos_filter=mode
        )
        id_values = [df[c].take(sents.first).to_numpy() for c in ids]  # unit ids of the sentences
        units = units_of(sents, id_values, lex, negation, mode)
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
    return with_provenance(out, tokens, **params)


def _table(df: pd.DataFrame, units: Units, level: str, ids: list, by_cols: list) -> pd.DataFrame:
    """One row per unit: ids, metadata and ``by`` columns of its first row, then scores."""
    meta = [c for c in DOC_META + (SEG_META if level != "document" else []) if c in df]
    carry = list(dict.fromkeys(ids + meta + by_cols))
    if by_cols and level != "sentence" and len(units.rows):
        varying = df.groupby(ids, observed=True, sort=False)[by_cols].nunique(dropna=False)
        if (varying > 1).to_numpy().any():
            raise CorpusError(
                f"sentiment(): by={by_cols!r} varies within a {level}; carry it at a finer "
                "level or group the units afterwards"
            )
    out = df.loc[units.rows, carry].reset_index(drop=True)
    out["text"] = pd.Series(units.texts, dtype=object)
    out["polarity"] = units.polarity
    out["subjectivity"] = units.subjectivity
    out["n_hits"] = units.n_hits
    out["n_tokens"] = units.n_tokens
    out["coverage"] = np.where(out["n_tokens"] > 0, out["n_hits"] / out["n_tokens"].clip(1), 0.0)
    out["matched"] = pd.Series([" ".join(map(_label, x)) for x in units.hits], dtype=object)
    out["hits"] = pd.Series(units.hits, dtype=object)
    out = out.astype({"polarity": float, "subjectivity": float, "coverage": float})
    if "sent_id" in out:
        out["sent_id"] = out["sent_id"].astype("int32")
    return out
