"""Layer 3, analyses of a token table: counting machinery (:mod:`.counts`), keyness,
dispersion, collocations, KWIC, lexicons, sentiment and dictionaries.

Results are new tidy DataFrames carrying their provenance in ``attrs``. Imports
:mod:`discourse.nlp`, :mod:`discourse.corpus` and the base modules, never a layer above.
"""
