"""Layer 4, drawing: one ``plot_<analysis>`` per analysis result (returns Axes, never
shows, never writes) and :func:`~discourse.viz.figures.save_figure`, the one deterministic
writer of ``figures/``. No statistics are computed here."""
