"""CGN tags (Van Eynde 2004) as Universal POS tags and UD features, following UD Dutch.

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

import unicodedata
from collections.abc import Sequence

__all__ = ["cgn_to_morph", "cgn_to_upos", "sentence_upos"]

_AUX_ALWAYS = frozenset({"zullen", "kunnen", "moeten", "mogen"})
_AUX_WITH_PARTICIPLE = frozenset({"hebben", "worden"})


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


def sentence_upos(words: Sequence[str], lemmas: Sequence[str], tags: Sequence[str]) -> list[str]:
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
