"""Universal POS tags of the built-in pipeline, following UD Dutch (LassySmall/Alpino).

:func:`wotan_to_upos` maps the Brill tagger's WOTAN tags; :func:`refine_upos` applies the
closed-class conventions of UD Dutch the WOTAN tags do not encode (possessives PRON,
``het``/``dit``/``die`` DET only before a noun phrase, ``ander``/``eigen`` ADJ, units
SYM); :func:`refine_aux` decides AUX/VERB by lemma and clause (perfect ``hebben`` and
passive ``worden`` with a participle, modals and ``zijn`` AUX, existential ``er is``
VERB).

References
----------
Bouma, G., & van Noord, G. (2017). Increasing return on annotation investment: the
automatic construction of a Universal Dependency treebank for Dutch. *NoDaLiDa 2017
Workshop on Universal Dependencies*, 19-26.
"""

from __future__ import annotations

from functools import lru_cache

from discourse.nlp.builtin.resources import lexicon, verb_forms
from discourse.nlp.builtin.rules import SYMBOL_CHARS

__all__ = ["refine_aux", "refine_upos", "wotan_to_upos"]

#: Lemmas that are AUX in UD Dutch whenever they are verbs (modals, future, copula).
AUX_ALWAYS = frozenset({"zijn", "zullen", "kunnen", "moeten", "mogen"})
#: Lemmas that are AUX only with a participle in the clause (perfect tense).
AUX_WITH_PARTICIPLE = frozenset({"hebben"})
ARTICLES = frozenset({"de", "het", "een", "'t", "'n", "der", "des", "den", "'s", "ene"})
#: Attributive "pronouns" of WOTAN that Alpino/UD Dutch treat as adjectives.
ADJECTIVAL_DETERMINERS = frozenset(
    "ander andere anderen eigen verschillende dergelijke dergelijk diverse talloze "
    "talrijke voldoende verscheidene bepaalde zekere".split()
)
#: Symbols and unit abbreviations (SYM in UD Dutch).
SYMBOLS = frozenset(SYMBOL_CHARS) | frozenset("km km² m² m³ cm mm kg mg ha °c kwh mw gw π".split())
#: Quantifiers: DET before a noun, ADV before an adjective/adverb, PRON alone.
DEGREE_WORDS = frozenset(
    "veel vele meer meest meeste minder minst minste weinig weinige zoveel evenveel "
    "enkel genoeg".split()
)
#: Words that are DET before a noun phrase and PRON otherwise.
DET_OR_PRON = frozenset({"het", "dit", "dat", "deze", "die", "wat", "welke", "welk"})
OPENING_QUOTES = frozenset({'"', "'", "`", "``", "«", "„", "“", "‘", "("})
NOMINAL = frozenset({"NOUN", "ADJ", "PROPN", "NUM", "X"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "en", "maar", "of", "dat", "die", "omdat"})


@lru_cache(maxsize=512)
def wotan_to_upos(tag: str) -> str:
    """Map a WOTAN tag to a Universal POS tag following UD Dutch (LassySmall) conventions.

    Adverbially used adjectives stay ADJ, ordinals are ADJ, separated verb particles and
    postpositions (``Adv(deel_v)``, ``Adv(deel_adv)``) are ADP, pronominal adverbs
    (``er``, ``daarvan``) are ADV, possessives are PRON, attributive demonstratives,
    indefinites and interrogatives are DET, ``te`` is ADP and auxiliaries
    (``V(hulp...)``) are AUX; :func:`refine_aux` refines AUX/VERB by lemma.
    """
    head, _, rest = tag.partition("(")
    feats = rest.rstrip(")").split(",")
    if head == "N":
        return "PROPN" if feats[0] == "eigen" else "NOUN"
    if head == "V":
        return "AUX" if feats[0].startswith("hulp") else "VERB"
    if head == "Adj":
        return "ADJ"
    if head == "Adv":
        return "ADP" if feats[0].startswith("deel") else "ADV"
    if head == "Art":
        return "DET"
    if head == "Prep":
        return "ADP"
    if head == "Conj":
        if feats[0] == "neven":
            return "CCONJ"
        return "ADP" if "met_inf" in feats else "SCONJ"  # "om (te)" is ADP in UD Dutch
    if head == "Num":
        if feats[0] == "rang":
            return "ADJ"
        if "bep" in feats:
            return "NUM"
        return "DET" if "attr" in feats else "PRON"  # veel, meer, weinig
    if head == "Pron":
        if "w_zelf" in feats:
            return "ADV"  # zelf
        if feats[0] == "bez":
            return "PRON"
        return "DET" if "attr" in feats else "PRON"
    if head == "Punc":
        return "PUNCT"
    if head == "Int":
        return "INTJ"
    if head == "Misc":
        return "X" if feats[0] == "vreemd" else "SYM"
    return "SYM" if head == "SYM" else "X"


def refine_upos(words: list[str], tags: list[str], upos: list[str]) -> None:
    """UD Dutch conventions the WOTAN tags do not encode (closed word classes)."""
    n = len(words)
    for i, word in enumerate(words):
        lower, up = word.lower(), upos[i]
        if lower in SYMBOLS:
            upos[i] = "SYM"
        elif up in ("PROPN", "NOUN", "VERB") and _first_tag(lower).startswith("Prep"):
            upos[i] = "ADP"  # "van" in "Jan van Eyck": ADP in UD Dutch
        elif lower in DEGREE_WORDS and up in ("DET", "PRON", "ADV", "NUM"):
            nxt = upos[i + 1] if i + 1 < n else "PUNCT"
            upos[i] = (
                "DET"
                if nxt in NOMINAL and nxt != "ADJ"
                else ("ADV" if nxt in ("ADJ", "ADV") or lower in ("enkel", "genoeg") else "PRON")
            )
        elif lower == "zijn" and up in ("PRON", "AUX", "VERB"):
            upos[i] = (
                "PRON"
                if _np_follows(words, tags, upos, i)
                and (
                    up == "PRON"
                    or upos[i + 1] in ("NOUN", "PROPN")
                    or (i > 0 and upos[i - 1] == "ADP")
                )
                else "AUX"
            )
        elif up == "DET" and tags[i].startswith("Art") and lower not in ARTICLES:
            upos[i] = "PRON"  # "men", "iets", "alles" mis-tagged as articles
        elif up == "DET" and lower in ADJECTIVAL_DETERMINERS:
            upos[i] = "ADJ"
        elif lower in DET_OR_PRON and up in ("DET", "PRON"):
            np_follows = _np_follows(words, tags, upos, i)
            if (
                lower in ("die", "dat")
                and up == "PRON"
                and i > 0
                and upos[i - 1] in ("NOUN", "PROPN", "PUNCT", "PRON")
            ):
                continue  # relative pronoun: "de partij die ..."
            upos[i] = "DET" if np_follows else "PRON"
        elif up == "ADJ" and lower.endswith(("ende", "end")) and _is_present_participle(lower):
            upos[i] = "VERB"


def _np_follows(words: list[str], tags: list[str], upos: list[str], i: int) -> bool:
    """A noun phrase (possibly after quotes or an adverb) follows position ``i``."""
    n = len(words)
    j = i + 1
    while j < n and words[j] in OPENING_QUOTES:
        j += 1
    if j >= n:
        return False
    if upos[j] == "ADV" and j + 1 < n:
        j += 1
    return upos[j] in NOMINAL or (upos[j] == "VERB" and ("inf" in tags[j] or "_dw" in tags[j]))


def _first_tag(lower: str) -> str:
    return lexicon().get(lower, "")


def _is_present_participle(lower: str) -> bool:
    stem = lower[:-1] if lower.endswith("e") else lower
    hit = verb_forms().get(stem[:-1])  # volgend -> volgen
    return hit is not None and hit[0] == stem[:-1]


def refine_aux(words: list[str], tags: list[str], upos: list[str], lemmas: list[str]) -> None:
    """UD Dutch AUX vs VERB: decide by lemma and by a participle in the same clause."""
    for i, lemma in enumerate(lemmas):
        if upos[i] not in ("AUX", "VERB"):
            continue
        if lemma == "zijn" and "er" in (w.lower() for w in words[max(0, i - 2) : i + 3]):
            # existential "er is/zijn": VERB unless a participle makes it a perfect
            upos[i] = "AUX" if _participle_in_clause(words, tags, i) else "VERB"
        elif lemma in AUX_ALWAYS:
            upos[i] = "AUX"
        elif lemma == "worden":  # passive anywhere in the sentence, else copula (VERB)
            upos[i] = (
                "AUX"
                if any(_is_participle(w, t) for w, t in zip(words, tags, strict=True))
                else "VERB"
            )
        elif lemma in AUX_WITH_PARTICIPLE:
            upos[i] = "AUX" if _participle_in_clause(words, tags, i) else "VERB"
        elif upos[i] == "AUX":
            upos[i] = "VERB"


def _is_participle(word: str, tag: str) -> bool:
    """Past participle by tag or by the verb table (``geboren`` tagged as adjective)."""
    return "verl_dw" in tag or "verl_dw" in verb_forms().get(word.lower(), ("", ""))[1]


def _participle_in_clause(words: list[str], tags: list[str], i: int) -> bool:
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(words) and words[j].lower() not in CLAUSE_BREAKS:
            if _is_participle(words[j], tags[j]):
                return True
            j += step
    return False
