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
        Points joined in date order per term; the span from each cabinet's first to its
        last letter shaded and labelled (column ``cabinet``, else ``period``); the
        caption gives the provenance.
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
    _shade(ax, shown, by)
    colours = plt.get_cmap("tab10")
    for k, (term, g) in enumerate(shown.groupby("term", sort=False)):
        ax.plot(g[by], g["rate"], "-o", color=colours(k % 10), ms=5, lw=0.8, alpha=0.85, label=term)
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


def _shade(ax: Axes, shown: pd.DataFrame, by: str) -> None:
    """Shade each cabinet's (else period's) span of letter dates, labelled at the top."""
    column = next((c for c in ("cabinet", "period") if c in shown.columns), None)
    if column is None or shown.empty:
        return
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
