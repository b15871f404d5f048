"""Layer 2, Dutch NLP: the pipeline choice (:mod:`.pipeline`), the Frog adapter
(:mod:`.frog`), the built-in fallback (:mod:`.builtin`), the tidy token table
(:mod:`.tokens`: columns in :mod:`.schema`, parsing in :mod:`.parse`, categoricals in
:mod:`.categoricals`, the Parquet cache in :mod:`.cache`) and parsing on a Dask cluster
(:mod:`.parallel`) into Parquet datasets (:mod:`.dataset`).

Imports :mod:`discourse.corpus` and the base modules, never a layer above.
"""
