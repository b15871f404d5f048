"""Frog adapter: run the Frog Dutch NLP suite and return spaCy ``Doc`` objects.

Frog (van den Bosch et al. 2007) tokenises, tags with the CGN tagset (Van Eynde 2004),
lemmatises and finds named entities. :func:`make_frog_pipeline` wraps it as a spaCy
``Language`` whose ``nlp(text)`` / ``nlp.pipe(texts)`` return Docs with exact character
alignment to the input (``token.idx`` indexes the original string), sentence boundaries,
``lemma_``, ``pos_`` (UPOS), ``tag_`` (full CGN tag), ``morph``, ``ents`` and ``is_stop``
(spaCy's Dutch stop list). Frog runs as one long-running process per pipeline, fed
through its standard input (:mod:`.session`): its models are loaded once, not per call;
``make_frog_pipeline(oneshot=True)`` keeps the one ``frog -t`` process per batch way.

Frog's dependency parser, chunker, morphological analyser and multi-word units are
skipped (``--skip=mpac``): the parser costs ~30x the tagging time; the named-entity
recogniser runs only with ``ner=True`` (``DISCOURSE_FROG_NER=1``). ``DISCOURSE_FROG``
names the binary (set but empty or pointing nowhere: Frog counts as not installed).

Modules: :mod:`.run` (the binary and its output, format checked), :mod:`.session` (the
long-running process), :mod:`.text` (the text
sent to Frog and the normalisation its words are compared under), :mod:`.cgn` (CGN tags
to UPOS and UD features), :mod:`.lemma` (the adapter's lemma repairs), :mod:`.align`
(Frog's tokens split per document, verified against the text and built into Docs),
:mod:`.pipeline` (the spaCy ``Language``, one deadline per call).

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

from discourse.nlp.frog.cgn import cgn_to_morph, cgn_to_upos
from discourse.nlp.frog.lemma import repair_adjective_lemma, repair_lemma
from discourse.nlp.frog.pipeline import (
    ADAPTER_VERSION,
    DEFAULT_MAX_CHARS,
    DEFAULT_SECONDS_PER_CHAR,
    DEFAULT_TIMEOUT,
    FrogDutch,
    FrogTokenizer,
    frog_tag_tokens,
    make_frog_pipeline,
)
from discourse.nlp.frog.run import frog_version
from discourse.nlp.frog.text import MAX_TOKEN_CHARS, pretokenize

__all__ = [
    "ADAPTER_VERSION",
    "DEFAULT_MAX_CHARS",
    "DEFAULT_SECONDS_PER_CHAR",
    "DEFAULT_TIMEOUT",
    "MAX_TOKEN_CHARS",
    "FrogDutch",
    "FrogTokenizer",
    "cgn_to_morph",
    "cgn_to_upos",
    "frog_tag_tokens",
    "frog_version",
    "make_frog_pipeline",
    "pretokenize",
    "repair_adjective_lemma",
    "repair_lemma",
]
