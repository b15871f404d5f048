"""Pattern's sentiment rules as constants and as Pattern's own loop, token by token.

:func:`reference_score` is the loop of :func:`discourse.analysis.scoring.score_tokens`
(rules documented there): the reference that :mod:`~discourse.analysis.assessments`
reproduces with array operations, and the scorer of the rare sentences whose negation
word is itself a lexicon word.

References
----------
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from discourse.analysis.lexicon import Compiled, Entry

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


def reference_score(words, lemmas, upos, lex: Compiled, negation, pos_filter="lexicon"):
    """:func:`score_tokens` on a compiled lexicon as Pattern's loop, token by token: the
    reference of :func:`discourse.analysis.assessments.assess` (which uses it only for
    sentences whose negation word is itself a lexicon word)."""
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
    return _means(out)


def _means(out: list[dict[str, Any]]) -> tuple[float, float, list[dict[str, Any]]]:
    if not out:
        return 0.0, 0.0, out
    return (
        float(np.mean([x["polarity"] for x in out])),
        float(np.mean([x["subjectivity"] for x in out])),
        out,
    )
