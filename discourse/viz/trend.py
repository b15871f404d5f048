"""Term frequency over time: the rate of each term per letter against the letter's date,
with the cabinets (or periods) shaded — Voyant's *Trends* by document date; the data is
:func:`~discourse.analysis.occurrences.term_rates`.

References
----------
Sinclair, S. & Rockwell, G. (2016). *Voyant Tools* (Trends). https://voyant-tools.org
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Column, Instance, Interval, Table, Terms, Values, validate_params
from discourse.analysis.occurrences import term_rates
from discourse.errors import CorpusError
from discourse.viz.base import add_caption, new_axes

__all__ = ["plot_trend"]


@validate_params(
    tokens=Table(),
    terms=Terms(),
    by=Column(),
    role=Values("role"),
    per=Interval(int, 1),
    ax=Instance(Axes, none=True, label="a matplotlib Axes"),
)
def plot_trend(
    tokens: pd.DataFrame,
    terms: str | Sequence[str],
    *,
    by: str = "date",
    role: str | Sequence[str] | None = "government",
    per: int = 10_000,
    ax: Axes | None = None,
) -> Axes:
    """Rate of ``terms`` per letter over time, one point per (letter, term).

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` with a datetime column ``by``.
    terms : str or list of str
        Search terms (words, phrases, globs), matched on the lower-cased form or lemma;
        one line of points per term.
    by : str
        The date column (default ``"date"``); letters without a date are left out and
        counted in the title.
    role : str, list of str or None
        Whose words are counted (matches and words).
    per : int
        Rates per this many words (default 10,000, the ``per_10k`` of every analysis).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One point per letter and term; the span from each cabinet's first to its last
        letter shaded and labelled (column ``cabinet``, else ``period``). A line joins a
        term's points in date order only within one shaded span: between cabinets the
        points stand alone, so no line suggests a trend across the years between two
        cabinets' letters that the corpus does not have (the line breaks at a ``NaN``
        rate). The caption gives the provenance.
    """
    rates = term_rates(tokens, terms, by=by, role=role, per=per)
    if not pd.api.types.is_datetime64_any_dtype(rates[by]):
        raise CorpusError(
            f"plot_trend(): by={by!r} is not a date column (dtype {rates[by].dtype}); "
            "give the letters' date column, e.g. by='date'"
        )
    shown = rates.dropna(subset=[by]).sort_values([by, "doc_id"])
    undated = rates.loc[rates[by].isna(), "doc_id"].nunique()
    ax = new_axes(ax, figsize=(10, 4.8))
    column = _shade(ax, shown, by)
    colours = plt.get_cmap("tab10")
    for k, (term, g) in enumerate(shown.groupby("term", sort=False)):
        x, y = _broken(g, by, column)
        ax.plot(x, y, "-o", color=colours(k % 10), ms=5, lw=0.8, alpha=0.85, label=term)
    ax.set_ylabel(f"matches per {per:,} words of the letter")
    ax.set_xlabel("letter date")
    ax.set_ylim(bottom=0)
    ax.legend(fontsize=8, frameon=False, title="term", title_fontsize=8)
    note = f"; {undated} undated letter(s) left out" if undated else ""
    ax.set_title(
        f"Term rates per letter over time ({shown['doc_id'].nunique()} letters{note})", fontsize=10
    )
    ax.figure.subplots_adjust(bottom=0.2)
    add_caption(ax, rates)
    return ax


def _span_column(shown: pd.DataFrame) -> str | None:
    """The column whose groups are shaded: ``cabinet``, else ``period``, else none."""
    return next((c for c in ("cabinet", "period") if c in shown.columns), None)


def _broken(g: pd.DataFrame, by: str, column: str | None) -> tuple[pd.Series, pd.Series]:
    """Dates and rates of one term, a ``NaN`` rate between letters of different spans.

    ``g`` is in date order; where the span (``column``) changes from one letter to the
    next, a point with the next letter's date and rate ``NaN`` is put in between, which
    matplotlib draws as a gap in the line (the markers are unaffected).
    """
    if column is None or len(g) < 2:
        return g[by], g["rate"]
    span = g[column].astype(str).to_numpy()
    change = np.flatnonzero(span[1:] != span[:-1]) + 1
    x = np.insert(g[by].to_numpy(), change, g[by].to_numpy()[change])
    y = np.insert(g["rate"].to_numpy(dtype=float), change, np.nan)
    return pd.Series(x), pd.Series(y)


def _shade(ax: Axes, shown: pd.DataFrame, by: str) -> str | None:
    """Shade each cabinet's (else period's) span of letter dates, labelled at the top;
    returns the column shaded (None: none)."""
    column = _span_column(shown)
    if column is None or shown.empty:
        return column
    spans = shown.groupby(column, observed=True)[by].agg(["min", "max"]).sort_values("min")
    pad = pd.Timedelta(days=12)
    for i, (name, (lo, hi)) in enumerate(spans.iterrows()):
        ax.axvspan(lo - pad, hi + pad, color="0.85" if i % 2 == 0 else "0.93", zorder=0)
        ax.text(
            lo - pad,
            1.0,
            f" {name}",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            va="top",
            color="0.3",
        )
    return column
