"""Layer 5, interactive front-ends: thin ipywidgets layers over the analysis functions.

Each ``<analysis>_widget(tokens, ...)`` returns an :class:`AnalysisWidget`, a ``VBox`` of
controls above one output area. Its keyword arguments are the controls' first values, named
as in the analyses (``by``, ``role``, ``unit``, ``pos``, ``min_freq``, ``top``, ``measure``,
``window``, ``terms``, ``target``, ``reference``) and checked like every public function
(:mod:`discourse._validate`: a bad value or name is a :class:`~discourse.CorpusError`).
Every role control starts on the cabinet's own voice, ``"government"``; "all voices" is
``role=None``. Every control change calls
:meth:`AnalysisWidget.refresh`, which calls the widget's update function with the
controls' values (a dict); that function calls the *same* public functions a notebook
would call (:func:`~discourse.keyness`, :func:`~discourse.collocations`,
:func:`~discourse.kwic`, :func:`~discourse.sentiment` …) and returns the tables and plots
to show. Bad or empty selections are shown as a message inside the widget, never as a
traceback; concordances and sentences show their speaker and role. :func:`dashboard`
puts the keyness, collocations, sentiment and n-grams widgets in tabs (the Voilà app).

Modules: :mod:`~discourse.widgets.base` (:class:`AnalysisWidget`, the per-widget cache),
:mod:`~discourse.widgets.controls` (control factories, choices, argument checks),
:mod:`~discourse.widgets.render` (HTML tables and messages, SVG figures), one module per
analysis (:mod:`~discourse.widgets.keyness` with :mod:`~discourse.widgets.keyness_analysis`,
:mod:`~discourse.widgets.collocations`,
:mod:`~discourse.widgets.sentiment`, :mod:`~discourse.widgets.ngrams` with
:mod:`~discourse.widgets.ngrams_table`) with its update logic as module-level functions
(``keyness_view(state, values)`` …, callable without a browser), and
:mod:`~discourse.widgets.dashboard`.

Work that does not depend on a control (token subsets, lemma suggestions) is done once
per widget; results are kept in a small per-widget cache keyed on the controls they
depend on, so changing only the KWIC term, or going back to an earlier setting, costs
milliseconds. Figures are sent to the browser as SVG with real text (``svg.fonttype:
none``), 3-5 times faster than PNG, each text measured once across figures and
collections of more than 2,000 dots drawn as an image inside the SVG; ``refresh()`` is
also the in-process update path the benchmarks time (``last_seconds``,
``python -m bench.widget_bench``).

Under the output, "Download table (CSV/XLSX)", "Download figure (PNG/SVG)" and "Download
concordance" links (``data:`` URIs, :func:`~discourse.widgets.render.downloads_html`)
save what is shown with its provenance (:func:`discourse.export`; the figure's PNG link
follows the result by a few hundred ms). Concordances page, sort (L1–L5/R1–R5), sample
with a seed and highlight the collocate (:mod:`~discourse.widgets.concordance`). A control
change dims the output and says "computing…" at once; in a kernel the update runs in a
worker thread and the last change wins (:class:`~discourse.widgets.base.AnalysisWidget`).

DOM contract (the browser test relies on it): the root has the CSS classes
``discourse-widget`` and ``discourse-<analysis>``, the output area ``discourse-output``
(plus ``discourse-busy`` while an update computes), every control a visible lower-case
``description``, every result table ``<table class="discourse-table …">``, the links
``a.discourse-download`` inside ``.discourse-downloads``, and the status line reads
"computing…" during an update and "updated in N ms" after it.
"""

from discourse.widgets.base import AnalysisWidget
from discourse.widgets.collocations import collocations_widget
from discourse.widgets.dashboard import dashboard
from discourse.widgets.keyness import keyness_widget
from discourse.widgets.ngrams import ngrams_widget
from discourse.widgets.render import Tables, message_html
from discourse.widgets.sentiment import sentiment_widget

__all__ = [
    "AnalysisWidget",
    "Tables",
    "collocations_widget",
    "dashboard",
    "keyness_widget",
    "message_html",
    "ngrams_widget",
    "sentiment_widget",
]
