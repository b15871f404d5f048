"""Layer 1, the corpus: letters and their metadata (:mod:`.letters`), cleaning of the
extracted text (:mod:`.clean`: character normalisation in :mod:`.normalize`, footnotes in
:mod:`.footnotes`, line repairs and paragraph joining in :mod:`.lines`) and speaker
segmentation (:mod:`.segment`).

Imports only the base modules (:mod:`discourse.errors`, :mod:`discourse.paths`,
:mod:`discourse._validate`); the public functions are re-exported flat from
:mod:`discourse`.
"""
