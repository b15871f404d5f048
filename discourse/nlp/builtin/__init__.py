"""The built-in pure-pip Dutch pipeline (:mod:`.pipeline`): rule-based sentence boundaries
(:mod:`.senter`), the Brill tagger (:mod:`.rules`), UD Dutch POS conventions (:mod:`.upos`)
and lemmatisation (:mod:`.lemma`), over PyPI data files (:mod:`.resources`).

Imports run one way: resources <- lemma <- rules <- upos <- pipeline (senter beside).
"""
