"""Layer 1, the corpus: letters and their metadata (:mod:`.letters`), cleaning of the
extracted text (:mod:`.clean`) and speaker segmentation (:mod:`.segment`).

Imports only :mod:`discourse.errors`, :mod:`discourse.paths` and
:mod:`discourse.provenance`; the public functions are re-exported flat from
:mod:`discourse`.
"""
