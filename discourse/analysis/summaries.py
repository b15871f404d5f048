"""Summaries of analysis results that plots draw: one row per document.

:func:`sentiment_per_document` turns the units of :func:`discourse.sentiment` into one row
per letter — the mean polarity of its scored units with a normal-approximation interval —
which :func:`discourse.viz.sentiment.plot_sentiment_timeline` draws against the date.
(The per-group summary with a bootstrap interval is
:func:`discourse.analysis.sentiment.summarise_sentiment`.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from discourse._validate import Interval, Table, validate_params
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = ["Z_95", "sentiment_per_document"]

#: The normal quantile of the 95% interval of :func:`sentiment_per_document`.
Z_95 = 1.96


def _by_columns(result: pd.DataFrame, by) -> list[str]:
    """``by`` as a list; ``None``: the analysis' ``by``, else ``period`` if present."""
    if by is None:
        by = result.attrs.get("params", {}).get("by") or ("period" if "period" in result else None)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    missing = [c for c in ["doc_id", "polarity", "n_hits", *by_cols] if c not in result]
    if missing:
        raise CorpusError(
            f"sentiment_per_document(): result lacks column(s) {', '.join(map(repr, missing))}; "
            "pass the output of sentiment() (and a by= column it carries)"
        )
    return by_cols


def _metadata(result: pd.DataFrame, scored: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The first non-missing value of each of ``columns`` per document, as seen by its scored
    units (else by all its units), indexed by ``doc_id`` in order of appearance."""

    def first(units: pd.DataFrame) -> pd.DataFrame:
        return units.groupby("doc_id", observed=True, sort=False)[columns].first()

    meta = first(scored)
    rest = result[~result["doc_id"].isin(meta.index)]
    meta = pd.concat([meta, first(rest)]) if len(rest) else meta
    out = meta.reindex(pd.unique(result["doc_id"]))
    for c in columns:  # keep categories (their order is the order of the groups)
        out[c] = out[c].astype(result[c].dtype)
    return out


@validate_params(result=Table(), min_hits=Interval(int, 0))
def sentiment_per_document(
    result: pd.DataFrame, *, by: str | Sequence[str] | None = None, min_hits: int = 1
) -> pd.DataFrame:
    """Mean polarity of each document's scored units, with a normal-approximation interval.

    A unit (sentence, segment) is *scored* when it has at least ``min_hits`` lexicon hits;
    units without hits carry no evidence about tone. For each document with ``n`` scored
    units of polarities ``x``: ``mean_polarity`` = mean(x), ``sd_polarity`` = the sample
    standard deviation (ddof 1) and the 95% interval mean ± 1.96 · sd / √n (Wald / normal
    approximation; none for a single unit). Documents without scored units are kept with
    ``n_scored = 0`` so that a plot can say how many it leaves out.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`discourse.sentiment` (any ``level`` below ``"document"``; at
        document level every document is its own single unit).
    by : str, list of str or None
        Column(s) carried per document (the value of its first scored unit); default: the
        ``by`` given to :func:`discourse.sentiment`, else ``"period"`` if present, else
        none. A ``date`` column is always carried when present.
    min_hits : int
        Lexicon hits a unit needs to count (default 1; 0 counts every unit).

    Returns
    -------
    pandas.DataFrame
        One row per document, in order of appearance: ``doc_id``, ``date`` (when present),
        the ``by`` column(s), ``n_units`` (all units), ``n_scored``, ``mean_polarity``,
        ``sd_polarity``, ``ci_low``, ``ci_high`` (NaN without scored units; the interval
        also NaN for a single one). ``attrs["params"]`` are those of ``result`` (so the
        provenance line names the analysis that scored the units) and
        ``attrs["per_document"]`` holds ``by`` and ``min_hits`` of this call.

    Examples
    --------
    >>> res = pd.DataFrame({"doc_id": ["a", "a", "a", "b"], "polarity": [0.1, 0.3, 0.0, 0.5],
    ...     "n_hits": [1, 2, 0, 1]})
    >>> sentiment_per_document(res)[["doc_id", "n_units", "n_scored", "mean_polarity"]]
      doc_id  n_units  n_scored  mean_polarity
    0      a        3         2            0.2
    1      b        1         1            0.5

    References
    ----------
    Altman, D. G. & Bland, J. M. (2005). Standard deviations and standard errors.
    *BMJ* 331(7521), 903.
    """
    by_cols = _by_columns(result, by)
    carried = list(dict.fromkeys(c for c in ["date", *by_cols] if c in result and c != "doc_id"))
    scored = result[result["n_hits"] >= min_hits]
    stats = scored.groupby("doc_id", observed=True, sort=False)["polarity"].agg(
        ["mean", "size", "std"]
    )
    out = _metadata(result, scored, carried)
    stats = stats.reindex(out.index)
    out["n_units"] = result.groupby("doc_id", observed=True, sort=False).size().reindex(out.index)
    out["n_scored"] = stats["size"].fillna(0).astype(int)
    half = Z_95 * stats["std"] / np.sqrt(stats["size"])
    out["mean_polarity"] = stats["mean"]
    out["sd_polarity"] = stats["std"]
    out["ci_low"] = stats["mean"] - half
    out["ci_high"] = stats["mean"] + half
    out = out.rename_axis("doc_id").reset_index()
    out["doc_id"] = out["doc_id"].astype(result["doc_id"].dtype)
    with_provenance(out, result, **result.attrs.get("params", {}))
    out.attrs["per_document"] = {"by": by_cols or None, "min_hits": min_hits}
    return out
