"""Layer 3, analyses of a token table.

* shared machinery, written once: integer codes of columns (:mod:`.codes`), the one
  pattern matcher (:mod:`.patterns`), windows and runs (:mod:`.windows`), the 2 × 2
  association measures with the one G² (:mod:`.measures`);
* analyses: term counts (:mod:`.counts`, :mod:`.parquet_counts`), :mod:`.keyness`,
  :mod:`.dispersion`, :mod:`.collocations` (over :mod:`.prepared`), :mod:`.kwic` (token
  tables in :mod:`.kwic_tokens`, running text in :mod:`.kwic_text`), lexicons
  (:mod:`.lexicon`), sentiment (:mod:`.scoring` for one sequence, :mod:`.sentiment` for a
  table), :mod:`.dictionary` and :mod:`.summaries`.

Results are new tidy DataFrames carrying their provenance in ``attrs``. Imports
:mod:`discourse.nlp`, :mod:`discourse.corpus` and the base modules, never a layer above.
"""
