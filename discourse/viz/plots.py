"""Transitional: the names of the old ``plots`` module, now one module per analysis.

The plots live in :mod:`discourse.viz.keyness`, :mod:`~discourse.viz.collocations`,
:mod:`~discourse.viz.network` and :mod:`~discourse.viz.sentiment`; import them from there.
This module goes once every caller has moved. Its two sentiment functions keep the old
signatures (a :func:`~discourse.analysis.sentiment.sentiment` result in, the summary
computed on the way) so that old calls draw exactly what they drew; the new functions take
the summary instead.
"""

from __future__ import annotations

from matplotlib.axes import Axes

from discourse._validate import Column, Instance, Interval, Table, validate_params
from discourse.analysis.summaries import sentiment_per_document, summarise_sentiment
from discourse.viz import sentiment as _sentiment
from discourse.viz.collocations import plot_collocations
from discourse.viz.keyness import plot_keyness, plot_keyness_heatmap
from discourse.viz.network import plot_collocation_network
from discourse.viz.sentiment import sentiment_html

__all__ = [
    "plot_collocation_network",
    "plot_collocations",
    "plot_keyness",
    "plot_keyness_heatmap",
    "plot_sentiment",
    "plot_sentiment_timeline",
    "sentiment_html",
]


_BY = Column(
    many=True, none=True, empty=True, none_label="the by of sentiment(), else period if present"
)
_AX = Instance(Axes, none=True, label="a matplotlib Axes")


@validate_params(
    result=Table(),
    by=_BY,
    ax=_AX,
    n_boot=Interval(int, 1),
    seed=Interval(int, 0),
    ci=Interval(float, 0, 1, closed="neither"),
    min_hits=Interval(int, 0),
)
def plot_sentiment(
    result, *, by=None, ax=None, n_boot: int = 2000, seed: int = 0, ci=0.95, min_hits: int = 1
):
    """Old signature of :func:`discourse.viz.sentiment.plot_sentiment`: same as
    ``plot_sentiment(summarise_sentiment(result, by=by, n_boot=n_boot, seed=seed, ci=ci,
    min_hits=min_hits), units=result, ax=ax)``; a summary is drawn as it is."""
    if "mean_polarity" in result:
        return _sentiment.plot_sentiment(result, ax=ax, seed=seed)
    summary = summarise_sentiment(result, by=by, n_boot=n_boot, seed=seed, ci=ci, min_hits=min_hits)
    return _sentiment.plot_sentiment(summary, units=result, ax=ax, seed=seed)


@validate_params(result=Table(), by=_BY, ax=_AX, min_hits=Interval(int, 0))
def plot_sentiment_timeline(result, *, by=None, ax=None, min_hits: int = 1):
    """Old signature of :func:`discourse.viz.sentiment.plot_sentiment_timeline`: same as
    ``plot_sentiment_timeline(sentiment_per_document(result, by=by, min_hits=min_hits),
    ax=ax)``."""
    docs = sentiment_per_document(result, by=by, min_hits=min_hits)
    return _sentiment.plot_sentiment_timeline(docs, ax=ax)
