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
from discourse.analysis.assessments import assess
from discourse.analysis.lexicon import Lexicon, compiled_lexicon
from discourse.analysis.pattern_rules import (
    CLAUSE_PUNCT,
    CLAUSE_WORDS,
    CLOSED_UPOS,
    FOCUS_WORDS,
    MODIFIER_ONLY_UPOS,
    MODIFIER_SUFFIXES,
    NEGATION_MODES,
    NEGATIONS,
    POS_FILTERS,
    SCOPE_END_UPOS,
    _means,
    reference_score,
)

_reference_score = reference_score  # the loop (tests compare against it)

__all__ = [
    "CLAUSE_PUNCT",
    "CLAUSE_WORDS",
    "CLOSED_UPOS",
    "FOCUS_WORDS",
    "MODIFIER_ONLY_UPOS",
    "MODIFIER_SUFFIXES",
    "NEGATIONS",
    "NEGATION_MODES",
    "POS_FILTERS",
    "SCOPE_END_UPOS",
    "score_tokens",
]

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
    tags = upos if mode else None
    seqs = [
        None if x is None else pd.factorize(np.asarray(x, dtype=object), use_na_sentinel=False)
        for x in (words, lemmas, tags)
    ]
    got = assess(*seqs, np.array([0, len(words)]), lex, negation, mode)
    if got.matched is None:  # a negation word that is a lexicon word: scored by the loop
        return _reference_score(words, lemmas, tags, lex, negation, mode)
    values = list(words)
    out = []
    for a in range(len(got.sentence)):
        items = got.items[got.start[a] : got.start[a + 1]].tolist()
        matched = got.matched[got.start[a] : got.start[a + 1]].tolist()
        out.append(
            {
                "words": [values[k] if k >= 0 else "!" for k in items],
                "positions": [k for k in items if k >= 0],
                "matched": [values[k] for k, m in zip(items, matched, strict=True) if m],
                "polarity": float(got.polarity[a]),
                "subjectivity": float(got.subjectivity[a]),
                "negated": bool(got.negated[a]),
            }
        )
    return _means(out)
