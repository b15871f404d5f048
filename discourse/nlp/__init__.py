"""Layer 2, Dutch NLP: the pipeline choice (:mod:`.pipeline`), the Frog adapter
(:mod:`.frog`), the built-in fallback (:mod:`.builtin`), the tidy token table and its
cache (:mod:`.tokens`) and parsing on a Dask cluster (:mod:`.parallel`).

Imports :mod:`discourse.corpus` and the base modules, never a layer above.
"""
