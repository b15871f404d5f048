"""The built-in pure-pip Dutch pipeline (:mod:`.pipeline`): rule-based tagging
(:mod:`.rules`) and lemmatisation (:mod:`.lemma`) from PyPI resources."""
