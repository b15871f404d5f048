"""Layer 4, drawing: one module per analysis, each ``plot_<analysis>`` taking exactly the
output of one analysis function (returns Axes, never shows, never writes), and
:func:`~discourse.viz.figures.save_figure`, the one deterministic writer of ``figures/``.
No statistics are computed here.

* :mod:`~discourse.viz.keyness` — ``plot_keyness`` (``keyness()``),
  ``plot_keyness_heatmap`` (``keyness_table()``)
* :mod:`~discourse.viz.collocations` — ``plot_collocations`` (``collocations()``)
* :mod:`~discourse.viz.network` — ``plot_collocation_network`` (``collocations()``)
* :mod:`~discourse.viz.sentiment` — ``plot_sentiment`` (``summarise_sentiment()``),
  ``plot_sentiment_timeline`` (``sentiment_per_document()``)
* :mod:`~discourse.viz.sentiment_table` — ``sentiment_html`` (``sentiment()``: the most
  positive and negative units, long ones as excerpts)
* :mod:`~discourse.viz.base` (axes, caption, input check), :mod:`~discourse.viz.labels`
  (label decluttering), :mod:`~discourse.viz.figures` (``save_figure``)
"""
