"""Pattern's sentiment rules for one token sequence: :func:`score_tokens`.

:func:`score_tokens` re-implements Pattern's ``Sentiment.assessments`` for Dutch
(``pattern/text/nl/__init__.py``: negations ``geen gene ni niet nooit``; modifiers = words
with a JJ or RB entry; "modifier-like" = ending in ``-ig``, ``-isch``, ``-lijk``) and adds
documented improvements: clause-scoped negation (``negation="clause"``, the default), a
lemma fallback, and -- when UPOS tags are given -- a POS filter (prepositions such as
"naar" are not the adjective naar = nasty; adverbs only intensify). The lexicons are
read by :mod:`~discourse.analysis.lexicon`; :func:`discourse.analysis.sentiment.sentiment`
scores every sentence of a token table with these rules.

References
----------
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._validate import Instance, Options, validate_params
from discourse.analysis.lexicon import Compiled, Entry, Lexicon, compiled_lexicon

__all__ = ["NEGATIONS", "NEGATION_MODES", "POS_FILTERS", "score_tokens"]

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
#: ``pos_filter`` values (with UPOS tags): ``"lexicon"`` -- an entry matches only tokens of
#: the POS it is valid for (:data:`~discourse.analysis.lexicon.UPOS_OF_POS`), ``"closed"``
#: -- only closed-class tokens are skipped (the rule before POS-aware matching), ``False``
#: -- tags unused. ``True`` means ``"lexicon"``.
POS_FILTERS = {True: "lexicon", "lexicon": "lexicon", "closed": "closed", False: False}
#: ``negation="clause"`` with UPOS tags: an (unknown) verb or auxiliary ends the scope.
SCOPE_END_UPOS = frozenset({"VERB", "AUX"})


def _clamp(x: float) -> float:
    return max(-1.0, min(x, 1.0))


_WORDS = (list, tuple, np.ndarray, pd.Series)


@validate_params(
    words=Instance(*_WORDS, label="a sequence of lower-cased tokens"),
    lexicon=Lexicon(table=True),
    negation=Options(*NEGATION_MODES),
    lemmas=Instance(*_WORDS, none=True, label="one lemma per word"),
    upos=Instance(*_WORDS, none=True, label="one UPOS tag per word"),
    pos_filter=Options(*POS_FILTERS),
)
def score_tokens(
    words: Sequence[str],
    *,
    lexicon: str | Path | pd.DataFrame = "pattern-nl",
    negation: str = "clause",
    lemmas: Sequence[str] | None = None,
    upos: Sequence[str] | None = None,
    pos_filter: str | bool = "lexicon",
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
    9. POS filter (only when ``upos`` tags are given; not in Pattern's string mode).
       ``pos_filter="lexicon"`` (default): an entry matches only tokens of the part of
       speech it is valid for (:data:`~discourse.analysis.lexicon.UPOS_OF_POS`; Pattern's
       adjective entries, JJ: ADJ and ADV) with the mean of the entries valid for that tag,
       so ``"waarden"``/NOUN is not waard = worth (lemma waarde, +0.2), ``"wijze"``/NOUN
       in "op deze wijze" not wise (+0.7), ``"bekeken"``/VERB not popular (+0.8),
       ``"gemaakt"``/VERB not -0.6; entries without ``pos`` match every open class. Both
       modes: a token tagged ADP, DET, PRON, CCONJ, SCONJ, AUX, NUM, PART, PUNCT or SYM
       is never a word of an entry without ``pos`` (``"naar"``/ADP is not naar = nasty,
       -0.65; ``pos_filter="closed"`` applies only this rule); an ADV-tagged lexicon word
       only modifies: ``"zeer goed"`` stays 0.605, but ``"zeer veel"`` scores nothing
       instead of zeer's -0.5 and ``"waar"`` (where) is not "true". A negation spent on a
       modifier that modifies nothing is dropped with it. ``pos_filter=False`` ignores
       the tags (and rule 5's verb boundary).

    Parameters
    ----------
    words
        Lower-cased tokens.
    lexicon
        ``"pattern-nl"``, a file name/path or a lexicon table (:func:`load_lexicon`).
    negation
        ``"clause"`` (default), ``"pattern"`` (exactly Pattern) or ``"none"``.
    lemmas, upos
        One lemma / UPOS tag per word (rules 8, 9), or ``None``.
    pos_filter
        ``"lexicon"`` (default, ``True``), ``"closed"`` or ``False`` (rule 9).

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
    lex, _ = compiled_lexicon(lexicon)
    mode = POS_FILTERS[pos_filter]
    return _score(words, lemmas, upos if mode else None, lex, negation, mode)


def _score(words, lemmas, upos, lex: Compiled, negation, pos_filter="lexicon"):
    """:func:`score_tokens` on a compiled lexicon."""
    a: list[dict[str, Any]] = []  # assessments
    m: str | None = None  # active modifier (its lexicon key)
    n: tuple[str, int] | None = None  # active negation (word, position)
    for k, w in enumerate(words):
        found = _lookup(k, w, lemmas, upos, lex, pos_filter)
        if found is not None:
            key, entry = found
            _assess(a, k, w, entry, merge=m is not None, upos=upos)
            if n is not None:  # the negation attaches to this assessment
                a[-1]["words"].insert(0, n[0])
                a[-1]["positions"].insert(0, n[1])
                a[-1]["i"] = 1.0 / (a[-1]["i"] or 1.0)
                a[-1]["neg"] = True
            m = key if key in lex.modifiers else None
            n = (w, k) if negation != "none" and w in NEGATIONS else None
            continue
        n = _scope(n, k, w, negation, upos)
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
            a.append(_assessment([w], [k], [], 0.0, 1.0, 1.0))
    return _result(a)


def _lookup(k: int, w: str, lemmas, upos, lex: Compiled, pos_filter) -> tuple[str, Entry] | None:
    """The lexicon key and entry of token ``k``: its form, else its lemma (rule 8) -- with
    tags, only an entry valid for the token's UPOS (rule 9)."""
    tag = None if upos is None else upos[k]
    for key in (w, None if lemmas is None else lemmas[k]):
        if key is None or key not in lex.scores:
            continue
        if tag is None:
            return key, lex.scores[key]
        tagged = lex.by_pos.get(key) if pos_filter == "lexicon" else None
        if tagged is not None:  # the entry says which POS it is valid for
            if tag in tagged:
                return key, tagged[tag]
        elif tag not in CLOSED_UPOS:
            return key, lex.scores[key]
        if pos_filter != "lexicon":
            return None  # as before: a closed-class form is not looked up by its lemma
    return None


def _assessment(words, positions, matched, p, s, i, only=False) -> dict[str, Any]:
    return {
        "words": words,
        "positions": positions,
        "matched": matched,
        "p": p,
        "s": s,
        "i": i,
        "neg": False,
        "only": only,
    }


def _assess(a: list, k: int, w: str, entry: tuple, *, merge: bool, upos) -> None:
    """A lexicon word: a new assessment, or merged into the modifier's (rule 2)."""
    p, s, i = entry
    if not merge:
        only = upos is not None and upos[k] in MODIFIER_ONLY_UPOS
        a.append(_assessment([w], [k], [w], p, s, i, only))
        return
    cur = a[-1]
    cur["only"] = False
    cur["words"].append(w)
    cur["positions"].append(k)
    cur["matched"].append(w)
    cur["p"], cur["s"], cur["i"] = _clamp(p * cur["i"]), _clamp(s * cur["i"]), i


def _scope(n, k: int, w: str, negation: str, upos):
    """The active negation after the non-lexicon token ``w`` (rules 3 and 5)."""
    if negation != "none" and w in NEGATIONS:
        return (w, k)
    if n is None:
        return n
    if negation == "pattern" and len(w.strip("'")) > 1:
        return None
    if negation == "clause" and (
        w in CLAUSE_PUNCT
        or w in CLAUSE_WORDS
        or (w in FOCUS_WORDS and n[1] == k - 1)
        or (upos is not None and upos[k] in SCOPE_END_UPOS)
    ):
        return None
    return n


def _result(a: list[dict[str, Any]]) -> tuple[float, float, list[dict[str, Any]]]:
    """Polarity and subjectivity means over the assessments (rule 7), and the assessments."""
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
