"""Lexicon sentiment following Pattern's rules, with clause-scoped negation.

The default lexicon is Pattern's Dutch adjective lexicon ``nl-sentiment.xml`` (De Smedt &
Daelemans 2012), loaded by :mod:`discourse.lexicon` (``load_lexicon`` is re-exported here).
:func:`score_tokens` re-implements Pattern's ``Sentiment.assessments`` for Dutch
(``pattern/text/nl/__init__.py``: negations ``geen gene ni niet nooit``; modifiers = words
with a JJ or RB entry; "modifier-like" = ending in ``-ig``, ``-isch``, ``-lijk``) and adds
documented improvements: clause-scoped negation (``negation="clause"``, the default), a
lemma fallback, and -- when the token table has UPOS tags -- a POS filter (prepositions
such as "naar" are not the adjective naar = nasty; adverbs only intensify).
``negation="pattern"`` without lemmas/tags reproduces Pattern's scores exactly (checked
against Pattern's own ``Sentiment`` code on 20,000 random Dutch word sequences; the only
lexicon difference is the correction of three out-of-range entries, see load_lexicon).

References
----------
De Smedt, T. & Daelemans, W. (2012). "Vreselijk mooi!" (terribly beautiful): A subjectivity
lexicon for Dutch adjectives. *Proceedings of LREC 2012*, 3568-3572.
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse.analysis.counts import column_codes, string_codes
from discourse.analysis.dictionary import LEVEL_IDS, glob_regex, pattern_starts, term_mask
from discourse.analysis.lexicon import compiled_lexicon, list_lexicons, load_lexicon
from discourse.provenance import with_provenance

# load_lexicon / list_lexicons live in discourse.lexicon; re-exported here.
__all__ = ["list_lexicons", "load_lexicon", "score_tokens", "sentiment", "summarise_sentiment"]

#: Pattern's Dutch negation words.
NEGATIONS = frozenset({"geen", "gene", "ni", "niet", "nooit"})
#: "Modifier-like" endings: such a modifier followed by a negation is itself negated.
MODIFIER_SUFFIXES = ("ig", "isch", "lijk")
#: ``negation="clause"``: tokens that end a negation's scope.
CLAUSE_PUNCT = frozenset(",;:.?!()[]{}\"'«»“”‘’–—…/")
CLAUSE_WORDS = frozenset(
    "maar doch want dus en of omdat doordat aangezien terwijl hoewel ofschoon wanneer indien"
    " zodat opdat nadat voordat totdat sinds zodra mits tenzij dat die wat welke".split()
)
#: ``negation="clause"``: "niet alleen / enkel / slechts / uitsluitend" (not only) is no negation.
FOCUS_WORDS = frozenset({"alleen", "enkel", "slechts", "uitsluitend"})
NEGATION_MODES = ("clause", "pattern", "none")
#: With UPOS tags (``upos=``): tokens of these closed classes are never lexicon words
#: ("naar" ADP is not the adjective naar = nasty) ...
CLOSED_UPOS = frozenset(
    {"ADP", "DET", "PRON", "CCONJ", "SCONJ", "AUX", "NUM", "PART", "PUNCT", "SYM"}
)
#: ... and adverbs only modify: "zeer goed" 0.605, but "zeer" alone (adjective sense
#: "pijnlijk", -0.5) and "waar" (where; adjective "true") are not assessed.
MODIFIER_ONLY_UPOS = frozenset({"ADV"})
#: ``negation="clause"`` with UPOS tags: an (unknown) verb or auxiliary ends the scope.
SCOPE_END_UPOS = frozenset({"VERB", "AUX"})


# --- scoring --------------------------------------------------------------------------------


def _clamp(x: float) -> float:
    return max(-1.0, min(x, 1.0))


def score_tokens(
    words: Sequence[str],
    *,
    lexicon: str | Path | pd.DataFrame = "pattern-nl",
    negation: str = "clause",
    lemmas: Sequence[str] | None = None,
    upos: Sequence[str] | None = None,
) -> tuple[float, float, list[dict[str, Any]]]:
    """Score one token sequence (lower-cased strings) with Pattern's rules.

    Rules (numbers from ``pattern-nl``; goed 0.55/0.9, slecht -0.7, zeer i=1.1, heel
    i=1.6, prettig 0.7 i=0.9; a ``Pattern`` marker means "as Pattern does"):

    1. Only lexicon words create assessments; unknown words do not count (Pattern).
       ``"het is goed"`` -> 0.55.
    2. A word with a JJ or RB entry is a *modifier*: the next lexicon word is merged into
       its assessment, ``p = clamp(p_word * i_modifier)`` (same for s), and the assessment
       takes the word's intensity. The modifier survives unknown words of <= 2 characters
       (Pattern). ``"zeer goed"`` -> 0.55 * 1.1 = 0.605; ``"heel slecht"`` -> -1.0
       (clamped). A modifier followed by an unknown longer word stays a standalone
       assessment with its own polarity (``"zeer veel"`` -> zeer -0.5!).
    3. A negation (geen, gene, ni, niet, nooit) attaches to the next assessment, inverts
       its intensity (``1/i``, so ``"niet zeer goed"`` is damped: 0.55/1.1) and flags it;
       at the end a flagged assessment's polarity is multiplied by -0.5 (Pattern).
       ``"niet goed"`` -> -0.275; ``"nooit slecht"`` -> +0.35.
    4. A modifier-like word (``-ig``, ``-isch``, ``-lijk``) followed by a negation is itself
       negated (Pattern): ``"werkelijk niet goed"`` -> 0.55 * 1.7 * -0.5 = -0.4675.
    5. Negation scope, ``negation="pattern"``: the negation is dropped by any unknown word
       longer than one character (Pattern): ``"niet zo goed"`` -> +0.55 (wrong).
       ``negation="clause"`` (default): it survives unknown words up to a clause boundary
       -- punctuation (``CLAUSE_PUNCT``) or a conjunction/subordinator/relative
       (``CLAUSE_WORDS``: maar, en, of, want, omdat, terwijl, dat, die, ...; not ``als``,
       which is mostly "as"): ``"niet zo goed"`` and ``"niet een goede"`` -> -0.275;
       ``"niet omdat het goed is"`` -> +0.55. ``"niet alleen/enkel/slechts/uitsluitend"``
       ("not only") is no negation: ``"niet alleen goed"`` -> +0.55. With ``upos`` tags,
       a verb or auxiliary also ends the scope (the negation was the verb's):
       ``"geen land is zo belangrijk"`` (is/AUX) -> +0.35, not -0.175.
       ``negation="none"`` ignores negation words.
    6. ``"!"`` multiplies the polarity of the latest assessment by 1.25, clamped, before
       the negation flip (Pattern): ``"goed !"`` -> 0.6875, ``"geen goed !"`` -> -0.34375.
       A token ``"(!)"`` adds an irony assessment (p 0, s 1). Emoticons are not handled.
    7. Polarity and subjectivity are the means over assessments; none -> (0.0, 0.0).
    8. Matching: the lower-cased form; if it is not in the lexicon and ``lemmas`` are
       given, the lemma (``"betere"`` with lemma ``"goed"`` -> 0.55). Pattern itself
       matches forms only (but adds attributive ``-e`` forms, see :func:`load_lexicon`).
    9. POS filter (only when ``upos`` tags are given; not in Pattern's string mode): a
       token tagged ADP, DET, PRON, CCONJ, SCONJ, AUX, NUM, PART, PUNCT or SYM is never a
       lexicon word (``"naar"``/ADP is not naar = nasty, -0.65); an ADV-tagged lexicon
       word only modifies: ``"zeer goed"`` stays 0.605, but ``"zeer veel"`` scores
       nothing instead of zeer's -0.5 and ``"waar"`` (where) is not "true". A negation
       spent on a modifier that modifies nothing is dropped with it.

    Returns
    -------
    (polarity, subjectivity, assessments)
        Each assessment is a dict: ``words`` (display, e.g. ``["niet", "zeer", "goed"]``),
        ``positions`` (indices into ``words`` of the lexicon/negation tokens),
        ``matched`` (lexicon words), ``polarity`` (final), ``subjectivity``, ``negated``.

    Examples
    --------
    >>> score_tokens(["niet", "zo", "goed"])[0]
    -0.275
    >>> score_tokens(["niet", "zo", "goed"], negation="pattern")[0]
    0.55
    """
    if negation not in NEGATION_MODES:
        raise ValueError(f"negation must be one of {NEGATION_MODES}, got {negation!r}")
    (scores, modifiers), _ = compiled_lexicon(lexicon)
    return _score(words, lemmas, upos, scores, modifiers, negation)


def _score(words, lemmas, upos, scores, modifiers, negation):
    a: list[dict[str, Any]] = []
    m: str | None = None  # active modifier (its lexicon key)
    n: tuple[str, int] | None = None  # active negation (word, position)
    for k, w in enumerate(words):
        key = w if w in scores else None
        if key is None and lemmas is not None and lemmas[k] in scores:
            key = lemmas[k]
        if key is not None and upos is not None and upos[k] in CLOSED_UPOS:
            key = None
        if key is not None:
            p, s, i = scores[key]
            if m is None:
                only = upos is not None and upos[k] in MODIFIER_ONLY_UPOS
                a.append(
                    {
                        "words": [w],
                        "positions": [k],
                        "matched": [w],
                        "p": p,
                        "s": s,
                        "i": i,
                        "neg": False,
                        "only": only,
                    }
                )
            else:
                cur = a[-1]
                cur["only"] = False
                cur["words"].append(w)
                cur["positions"].append(k)
                cur["matched"].append(w)
                cur["p"], cur["s"], cur["i"] = _clamp(p * cur["i"]), _clamp(s * cur["i"]), i
            if n is not None:
                a[-1]["words"].insert(0, n[0])
                a[-1]["positions"].insert(0, n[1])
                a[-1]["i"] = 1.0 / (a[-1]["i"] or 1.0)
                a[-1]["neg"] = True
            m = key if key in modifiers else None
            n = (w, k) if negation != "none" and w in NEGATIONS else None
            continue
        if negation != "none" and w in NEGATIONS:
            n = (w, k)
        elif n is not None:
            if negation == "pattern" and len(w.strip("'")) > 1:
                n = None
            elif negation == "clause" and (
                w in CLAUSE_PUNCT
                or w in CLAUSE_WORDS
                or (w in FOCUS_WORDS and n[1] == k - 1)
                or (upos is not None and upos[k] in SCOPE_END_UPOS)
            ):
                n = None
        if n is not None and m is not None and m.endswith(MODIFIER_SUFFIXES):
            a[-1]["words"].append(n[0])
            a[-1]["positions"].append(n[1])
            a[-1]["neg"] = True
            n = None
        elif m is not None and len(w) > 2:
            m = None
        if w == "!" and a:
            a[-1]["words"].append("!")
            a[-1]["p"] = _clamp(a[-1]["p"] * 1.25)
        if w == "(!)":
            a.append(
                {
                    "words": [w],
                    "positions": [k],
                    "matched": [],
                    "p": 0.0,
                    "s": 1.0,
                    "i": 1.0,
                    "neg": False,
                    "only": False,
                }
            )
    out = [
        {
            "words": x["words"],
            "positions": x["positions"],
            "matched": x["matched"],
            "polarity": x["p"] * -0.5 if x["neg"] else x["p"],
            "subjectivity": x["s"],
            "negated": x["neg"],
        }
        for x in a
        if not x["only"]
    ]
    if not out:
        return 0.0, 0.0, out
    return (
        float(np.mean([x["polarity"] for x in out])),
        float(np.mean([x["subjectivity"] for x in out])),
        out,
    )


# --- units ----------------------------------------------------------------------------------

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
    pieces = [" " + w if gap else w for w, gap in zip(words, space.tolist(), strict=True)]
    bounds = local.tolist()
    texts = ["".join(pieces[lo:hi]) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
    return texts, (ends - lengths - base).tolist()


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


def _in_lexicon(
    df: pd.DataFrame, name: str, scores: dict, rows: np.ndarray, extra: str | None = None
) -> np.ndarray:
    """Whether the (lower-cased) ``name`` string of each of ``rows`` is a key of ``scores``
    (or equals ``extra``); tested once per distinct value, as :func:`_strings` converts."""
    codes, values = string_codes(df, name, lower=True)
    values = np.append(values, "")
    found = np.fromiter((v in scores or v == extra for v in values), bool, len(values))
    return found[codes[rows]]


def _target_sentences(
    df: pd.DataFrame, patterns: Sequence[str], breaks: np.ndarray, bounds: np.ndarray
) -> np.ndarray:
    """Which sentences contain a match of one of ``patterns`` (one bool per sentence).

    The same matches as :func:`discourse.analysis.dictionary.term_mask` on the lower-cased ``lower``
    and ``lemma`` strings (a word matches if its form or its lemma matches; a multi-word
    pattern matches consecutive tokens of one sentence), computed on integer codes: each
    pattern word is tested once per distinct form and lemma, not per token. term_mask's
    longest-first consumption of tokens is left out: it only drops matches that overlap
    another match, which lies in the same sentence, so the sentences kept are the same.
    ``breaks[i]`` is True where token ``i`` starts a sentence, ``bounds`` the sentence
    starts followed by the number of tokens.
    """
    codes, values = string_codes(df, "lower", lower=True)
    values = np.append(values, "")  # code -1 (missing) -> "", as in _strings
    alt_codes, alt_values = codes, values
    if "lemma" in df:
        alt_codes, alt_values = string_codes(df, "lemma", lower=True)
        alt_values = np.append(alt_values, "")
    n = len(codes)
    found = np.zeros(n, dtype=bool)  # a match starts at token i
    cache: dict[str, np.ndarray] = {}

    def hits(vocab: np.ndarray, part: str) -> np.ndarray:
        literal = part.lower()
        if "*" not in literal and "?" not in literal:  # glob_regex(part) matches it alone
            return vocab == literal
        rx = glob_regex(part)
        return np.fromiter((rx.fullmatch(v) is not None for v in vocab), bool, len(vocab))

    def match(part: str) -> np.ndarray:
        if part not in cache:
            cache[part] = hits(values, part)[codes] | hits(alt_values, part)[alt_codes]
        return cache[part]

    for pattern in set(patterns):
        parts = pattern.split()
        k = len(parts)
        if k > n:
            continue
        found[: n - k + 1] |= pattern_starts(parts, match, n, breaks)
    return np.logical_or.reduceat(found, bounds[:-1]) if n else np.ones(0, dtype=bool)


def sentiment(
    tokens: pd.DataFrame,
    *,
    level: str = "sentence",
    by: str | Sequence[str] | None = None,
    target: str | Sequence[str] | None = None,
    lexicon: str | Path | pd.DataFrame = "pattern-nl",
    negation: str = "clause",
    role: str | Sequence[str] | None = None,
    lemma_fallback: bool = True,
    pos_filter: bool = True,
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
        grouping of :func:`summarise_sentiment` and :func:`discourse.viz.plots.plot_sentiment`.
        Metadata present in ``tokens`` is always carried: period, cabinet, minister,
        doc_type, date, title (+ role, speaker, seg_type below document level).
    target
        Term(s) for target-directed tone: keep only sentences mentioning one, matched on
        the lower-cased form or lemma, ``*``/``?`` wildcards, spaces for consecutive words
        (``["vs", "verenigde staten", "amerika*"]``). Units are built from these sentences.
        Terms are matched once per distinct form and lemma, and only the kept sentences
        are scored, so a new target on a large table costs about its matching sentences.
    lexicon
        ``"pattern-nl"``, a file name/path, a table from :func:`load_lexicon`, or a table
        of your own with the same columns (validated and averaged like a file).
    negation
        ``"clause"`` (default), ``"pattern"`` (exactly Pattern) or ``"none"``.
    role
        Keep only tokens of this role / these roles (``"government"``, ``"parliament"``).
    lemma_fallback
        Look a form up by its lemma when the form itself is not in the lexicon.
    pos_filter
        Use the ``upos`` column (if present) to skip closed-class tokens and let adverbs
        only modify (rule 9 of :func:`score_tokens`); ``False`` matches every token as
        Pattern does for plain strings.

    Returns
    -------
    DataFrame
        One row per unit: ids, metadata, ``text``, ``polarity`` [-1, 1], ``subjectivity``
        [0, 1] (both 0.0 without hits, as Pattern), ``n_hits`` (lexicon words),
        ``n_tokens`` (non-punctuation tokens), ``coverage`` = n_hits / n_tokens, ``matched``
        (e.g. ``"niet→goed(-0.28) zeer belangrijk(+0.39)"``) and ``hits`` (one dict per
        assessment: words, polarity, subjectivity, negated, n_words (lexicon words),
        spans = ``[start, end, kind]`` in ``text`` with kind ``"word"`` or
        ``"negation"``). Parameters in ``attrs``.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": "d", "seg_id": "d:000", "sent_id": [0, 0, 0, 0],
    ...     "token_id": [0, 1, 2, 3], "text": ["Niet", "zo", "goed", "."],
    ...     "lower": ["niet", "zo", "goed", "."], "lemma": ["niet", "zo", "goed", "."]})
    >>> sentiment(toks)[["text", "polarity", "matched"]].values.tolist()
    [['Niet zo goed .', -0.275, 'niet→goed(-0.28)']]
    """
    if level not in ("sentence", "segment", "document"):
        raise ValueError(f"level must be 'sentence', 'segment' or 'document', got {level!r}")
    if negation not in NEGATION_MODES:
        raise ValueError(f"negation must be one of {NEGATION_MODES}, got {negation!r}")
    by_cols = [by] if isinstance(by, str) else list(by or [])
    ids = LEVEL_IDS[level]
    needed = {"doc_id", "sent_id", "lower", *ids, *by_cols} | ({"role"} if role else set())
    missing = sorted(needed - set(tokens.columns))
    if missing:
        raise ValueError(f"token table lacks column(s) {missing}")
    (scores, modifiers), lex_name = compiled_lexicon(lexicon)
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
    if target is not None:
        terms = [target] if isinstance(target, str) else list(target)
        patterns = [" ".join(t.lower().split()) for t in terms]
        if "" in patterns:  # term_mask's own handling (it fails) of an empty term
            lem = _strings(src, "lemma", lower=True) if "lemma" in df else None
            term_mask(_strings(src, "lower", lower=True), lem, patterns, brk)
        keep = _target_sentences(src, patterns, brk, bounds)
    # Only the kept sentences are converted to Python objects and scored: rows = their
    # token positions, local[i]:local[i + 1] = sentence i of them within rows.
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
    fallback = lemma_fallback and lem is not None
    # A sentence with no lexicon word (form, or lemma for the fallback) and no "(!)" has no
    # assessment, so _score is not called for it.
    lexical = _in_lexicon(src, "lower", scores, rows, extra="(!)")
    if fallback:
        lexical |= _in_lexicon(src, "lemma", scores, rows)
    scored, words = (  # per kept sentence: any lexicon word, number of non-punctuation tokens
        (
            np.logical_or.reduceat(lexical, local[:-1]),
            np.add.reduceat((~punct).astype(np.int64), local[:-1]),
        )
        if len(first)
        else (local[:0].astype(bool), local[:0])
    )
    meta = [c for c in DOC_META + (SEG_META if level != "document" else []) if c in df]
    carry = list(dict.fromkeys(ids + meta + by_cols))
    units: dict[tuple, dict[str, Any]] = {}
    id_values = [df[c].take(first).to_numpy() for c in ids]  # unit ids of the kept sentences
    for i in range(len(first)):
        lo, hi = local[i], local[i + 1]
        hits = []
        if scored[i]:
            lemmas = lem[lo:hi] if fallback else None
            tags = upos[lo:hi] if upos is not None else None
            _, _, hits = _score(lower[lo:hi], lemmas, tags, scores, modifiers, negation)
        text, offs = texts[i], offsets[lo:hi]
        uid = tuple(v[i] for v in id_values)
        u = units.setdefault(uid, {"row": first[i], "text": "", "hits": [], "n_tokens": 0})
        shift = len(u["text"]) + (1 if u["text"] else 0)
        u["text"] = f"{u['text']} {text}" if u["text"] else text
        u["n_tokens"] += int(words[i])
        for h in hits:
            kinds = [
                "negation" if shown[lo + k].lower() in NEGATIONS and h["negated"] else "word"
                for k in h["positions"]
            ]
            spans = [
                [shift + offs[k], shift + offs[k] + len(shown[lo + k]), kind]
                for k, kind in zip(h["positions"], kinds, strict=True)
            ]
            u["hits"].append(
                {
                    "words": h["words"],
                    "polarity": h["polarity"],
                    "subjectivity": h["subjectivity"],
                    "negated": h["negated"],
                    "n_words": len(h["matched"]),
                    "spans": spans,
                }
            )
    rows = [u["row"] for u in units.values()]
    if by_cols and level != "sentence" and rows:
        varying = df.groupby(ids, observed=True, sort=False)[by_cols].nunique(dropna=False)
        if (varying > 1).to_numpy().any():
            raise ValueError(f"by column(s) {by_cols} vary within a {level}")
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
    params = {
        "level": level,
        "by": by_cols or None,
        "target": target,
        "lexicon": lex_name,
        "negation": negation,
        "role": role,
        "lemma_fallback": lemma_fallback,
        "pos_filter": pos_filter and upos is not None,
    }
    return with_provenance(out, tokens, **{k: v for k, v in params.items() if v is not None})


def summarise_sentiment(
    result: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    min_hits: int = 1,
) -> pd.DataFrame:
    """Mean polarity per group with a percentile-bootstrap confidence interval.

    Parameters
    ----------
    result
        Output of :func:`sentiment`.
    by
        Grouping column(s); default: the ``by`` given to :func:`sentiment`, else
        ``"period"`` if present, else one row for all units.
    n_boot, seed, ci
        Bootstrap resamples of the units (with replacement), seed, interval level. Each
        group draws from ``numpy.random.default_rng([seed, crc32(group label)])``, so a
        group's interval is reproducible and does not depend on the other groups.
    min_hits
        Units with fewer lexicon hits carry no evidence about tone and are left out of
        the polarity/subjectivity means and CI (default 1; 0 keeps all, as Pattern's 0.0).

    Returns
    -------
    DataFrame
        Per group: ``n_units`` (all), ``n_scored`` (with >= min_hits), ``mean_polarity``,
        ``ci_low``, ``ci_high`` (NaN when n_scored < 2), ``mean_subjectivity``,
        ``mean_coverage`` (over all units).

    Examples
    --------
    >>> res = pd.DataFrame({"period": ["a"] * 3, "polarity": [0.1, 0.3, 0.5],
    ...     "subjectivity": 0.5, "coverage": 0.1, "n_hits": 1})
    >>> summarise_sentiment(res)[["period", "n_scored", "mean_polarity"]].values.tolist()
    [['a', 3, 0.3]]

    References
    ----------
    Efron, B. & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*, ch. 13.
    """
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1, got {ci}")
    params = dict(result.attrs.get("params", {}))
    if by is None:
        by = params.get("by") or ("period" if "period" in result else None)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    missing = [
        c for c in by_cols + ["polarity", "subjectivity", "coverage", "n_hits"] if c not in result
    ]
    if missing:
        raise ValueError(f"result lacks column(s) {missing}; pass the output of sentiment()")
    alpha = (1 - ci) / 2
    groups = result.groupby(by_cols, observed=True, sort=True) if by_cols else [((), result)]
    rows = []
    for label, g in groups:
        label = label if isinstance(label, tuple) else (label,)
        scored = g[g["n_hits"] >= min_hits]
        x = scored["polarity"].to_numpy(float)
        lo = hi = np.nan
        if len(x) >= 2:
            rng = np.random.default_rng([seed, zlib.crc32(repr(label).encode())])
            chunk = max(1, 2_000_000 // len(x))
            means = np.concatenate(
                [
                    x[rng.integers(0, len(x), (min(chunk, n_boot - i), len(x)))].mean(axis=1)
                    for i in range(0, n_boot, chunk)
                ]
            )
            lo, hi = np.quantile(means, [alpha, 1 - alpha])
        rows.append(
            (
                *label,
                len(g),
                len(x),
                x.mean() if len(x) else np.nan,
                lo,
                hi,
                scored["subjectivity"].mean() if len(x) else np.nan,
                g["coverage"].mean(),
            )
        )
    cols = [
        *by_cols,
        "n_units",
        "n_scored",
        "mean_polarity",
        "ci_low",
        "ci_high",
        "mean_subjectivity",
        "mean_coverage",
    ]
    out = pd.DataFrame(rows, columns=cols)
    for c in by_cols:
        if isinstance(result[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(result[c].dtype)
    params.update(by=by_cols or None, n_boot=n_boot, seed=seed, ci=ci, min_hits=min_hits)
    return with_provenance(out, result, **params)
