"""The adapter's documented repairs of Frog's lemmas (adapter version 2).

Frog leaves some inflected adjectives unlemmatised and lemmatises a few plural nouns as
another word; :func:`repair_lemma` fixes both, following Dutch spelling (ANS §3.2).

References
----------
Haeseryn, W., Romijn, K., Geerts, G., de Rooij, J., & van den Toorn, M. C. (1997).
*Algemene Nederlandse Spraakkunst* (2nd ed.), §3.2. Martinus Nijhoff.
"""

from __future__ import annotations

__all__ = ["repair_adjective_lemma", "repair_lemma"]

_DIGRAPHS = ("aa", "ee", "oo", "uu", "ie", "ei", "ij", "oe", "eu", "ou", "au", "ui")
_VOWELS = frozenset("aeiouy")


#: Plural nouns Frog lemmatises as another word (adapter 2): ``waarden`` (values) is the
#: plural of ``waarde``, not of the adjective ``waard``.
_PLURAL_NOUN_LEMMAS = {"waarden": "waarde"}


def repair_lemma(word: str, lemma: str, tag: str) -> str:
    """Frog's lemma with the adapter's documented repairs applied.

    :func:`repair_adjective_lemma`, and plural nouns in ``_PLURAL_NOUN_LEMMAS``.

    Examples
    --------
    >>> repair_lemma("waarden", "waard", "N(soort,mv,basis)")
    'waarde'
    >>> repair_lemma("waard", "waard", "ADJ(vrij,basis,zonder)")
    'waard'
    """
    if tag.startswith("N(soort,mv") and word.lower() in _PLURAL_NOUN_LEMMAS:
        return _PLURAL_NOUN_LEMMAS[word.lower()]
    return repair_adjective_lemma(word, lemma, tag)


def repair_adjective_lemma(word: str, lemma: str, tag: str) -> str:
    """Base form of an inflected adjective Frog left unlemmatised (adapter version 2).

    Frog returns unknown inflected adjectives unchanged as their own lemma (seen for
    proper adjectives: ``Amerikaanse``, ``Europese``, ``Russische``). When the CGN tag is
    ``ADJ(…met-e…)`` and the lemma equals the word ending in ``-e``, the ending is removed
    following Dutch spelling (ANS §3.2): an open-syllable vowel is doubled in the closed
    base (``europese`` → ``europees``), ``-ve``/``-ze`` become ``-f``/``-s``, and a
    doubled consonant is single (``grote`` → ``groot`` but ``dikke`` → ``dik``); ``-e-``
    before ``l``/``r``/``n``/``m`` is taken as a schwa and not doubled (``andere`` →
    ``ander``; the price is ``gele`` → ``gel``). Other tokens are returned unchanged.

    Examples
    --------
    >>> repair_adjective_lemma("Amerikaanse", "Amerikaanse", "ADJ(prenom,basis,met-e,stan)")
    'Amerikaans'
    >>> repair_adjective_lemma("Europese", "Europese", "ADJ(prenom,basis,met-e,stan)")
    'Europees'
    >>> repair_adjective_lemma("effectieve", "effectieve", "ADJ(prenom,basis,met-e,stan)")
    'effectief'
    >>> repair_adjective_lemma("dikke", "dikke", "ADJ(prenom,basis,met-e,stan)")
    'dik'
    >>> repair_adjective_lemma("Indiase", "Indiase", "ADJ(prenom,basis,met-e,stan)")
    'Indiaas'
    >>> repair_adjective_lemma("bijzondere", "bijzondere", "ADJ(prenom,basis,met-e,stan)")
    'bijzonder'
    >>> repair_adjective_lemma("nieuwe", "nieuwe", "ADJ(prenom,basis,met-e,stan)")
    'nieuw'
    >>> repair_adjective_lemma("goede", "goed", "ADJ(prenom,basis,met-e,stan)")
    'goed'
    >>> repair_adjective_lemma("solide", "solide", "ADJ(prenom,basis,zonder)")
    'solide'
    """
    if (
        not tag.startswith("ADJ(")
        or "met-e" not in tag
        or lemma.lower() != word.lower()
        or len(word) < 4
        or not word.lower().endswith("e")
        or not word[:-1].replace("-", "").isalpha()
    ):
        return lemma
    stem = lemma[:-1]
    low = stem.lower()
    if low.endswith("v"):
        return stem[:-1] + ("F" if stem[-1].isupper() else "f")
    if low.endswith("z"):
        return stem[:-1] + ("S" if stem[-1].isupper() else "s")
    if len(low) >= 2 and low[-1] == low[-2] and low[-1] not in _VOWELS:
        return stem[:-1]  # dikke -> dik
    if (
        len(low) >= 3
        and low[-1] not in _VOWELS
        and low[-2] in "aeou"
        and low[-3:-1] not in _DIGRAPHS
        and not (low[-2] == "e" and low[-1] in "lrnm")  # schwa: andere -> ander
    ):
        return stem[:-1] + stem[-2] + stem[-1]  # open syllable: europese -> europees
    return stem
