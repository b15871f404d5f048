"""Term frequency over time: the rate of each term per letter against the letter's date,
with the cabinets (or periods) shaded — Voyant's *Trends* by document date; the data is
:func:`~discourse.analysis.occurrences.term_rates`.

References
----------
Sinclair, S. & Rockwell, G. (2016). *Voyant Tools* (Trends). https://voyant-tools.org
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Column, Instance, Interval, Table, Terms, Values, validate_params
from discourse.analysis.occurrences import term_rates
from discourse.errors import CorpusError
from discourse.viz.base import add_caption, new_axes

__all__ = ["plot_trend"]

PAD = pd.Timedelta(days=12)  # a shaded span reaches this far beyond its first/last letter
GAP_DAYS = 365  # a stretch longer than this without letters, between two spans, is cut


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
        rate). A stretch of more than a year without letters between two spans is cut
        from the date axis (marked, with its length), so that the spans with letters get
        the width; each span has its own date ticks. The caption gives the provenance.
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
    column, spans = _shade(ax, shown, by)
    colours = plt.get_cmap("tab10")
    for k, (term, g) in enumerate(shown.groupby("term", sort=False)):
        x, y = _broken(g, by, column)
        ax.plot(x, y, "-o", color=colours(k % 10), ms=5, lw=0.8, alpha=0.85, label=term)
    ax.set_ylabel(f"matches per {per:,} words of the letter")
    ax.set_xlabel("letter date")
    ax.set_ylim(bottom=0)
    if spans:
        _cut_gaps(ax, spans)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
        title="term",
        title_fontsize=8,
    )
    note = f"; {undated} undated letter(s) left out" if undated else ""
    ax.set_title(
        f"Term rates per letter over time ({shown['doc_id'].nunique()} letters{note})", fontsize=10
    )
    ax.figure.subplots_adjust(bottom=0.2, right=0.8)
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


def _shade(ax: Axes, shown: pd.DataFrame, by: str) -> tuple[str | None, list[tuple]]:
    """Shade each cabinet's (else period's) span of letter dates, labelled at the top;
    returns the column shaded (None: none) and the spans ``(start, end)`` in date order."""
    column = _span_column(shown)
    if column is None or shown.empty:
        return column, []
    spans = shown.groupby(column, observed=True)[by].agg(["min", "max"]).sort_values("min")
    for i, (name, (lo, hi)) in enumerate(spans.iterrows()):
        ax.axvspan(lo - PAD, hi + PAD, color="0.85" if i % 2 == 0 else "0.93", zorder=0)
        ax.text(
            lo - PAD,
            1.0,
            f" {name}",
            transform=ax.get_xaxis_transform(),
            fontsize=7,
            va="top",
            color="0.3",
        )
    return column, [(lo - PAD, hi + PAD) for lo, hi in spans.itertuples(index=False)]


def _cut_gaps(ax: Axes, spans: list[tuple]) -> None:
    """Cut the stretches without letters longer than :data:`GAP_DAYS` from the date axis.

    The axis scale is piecewise linear in the date: each span keeps its own length (at
    least 12% of the spans' total, so a span of one letter is not a sliver), a cut gap
    becomes 8% of it and is marked with ``//`` and its length; the ticks are month starts
    within each span (or its middle when it holds none).
    """
    bounds = _merged([(mdates.date2num(lo), mdates.date2num(hi)) for lo, hi in spans])
    total = sum(hi - lo for lo, hi in bounds)
    minimum = 0.12 * total
    cut_width = 0.08 * sum(max(hi - lo, minimum) for lo, hi in bounds)
    x, y, cuts = [bounds[0][0]], [0.0], []
    for i, (lo, hi) in enumerate(bounds):
        if i:
            gap = lo - x[-1]
            cut = gap > GAP_DAYS and gap > cut_width
            x.append(lo)
            y.append(y[-1] + (cut_width if cut else gap))
            if cut:
                cuts.append((x[-2], lo, (y[-2] + y[-1]) / 2))
        x.append(hi)
        y.append(y[-1] + max(hi - lo, minimum))
    if not cuts:
        ax.set_xlim(bounds[0][0], bounds[-1][1])
        return
    far = 1e5  # beyond the ends: slope 1, so the scale stays invertible everywhere
    xs, ys = np.array([x[0] - far, *x, x[-1] + far]), np.array([y[0] - far, *y, y[-1] + far])
    ax.set_xscale(
        "function",
        functions=(lambda v: np.interp(v, xs, ys), lambda v: np.interp(v, ys, xs)),
    )
    ax.set_xlim(bounds[0][0], bounds[-1][1])
    ticks = [t for lo, hi in bounds for t in _month_ticks(lo, hi)]
    ax.set_xticks(ticks, [mdates.num2date(t).strftime("%b %Y") for t in ticks], fontsize=8)
    for start, end, _ in cuts:
        middle = np.interp((np.interp(start, xs, ys) + np.interp(end, xs, ys)) / 2, ys, xs)
        ax.text(
            middle,
            0,
            "//",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="center",
            fontsize=9,
            color="0.2",
            clip_on=False,
        )
        ax.text(
            middle,
            0.5,
            f"{(end - start + 2 * PAD.days) / 365.25:.1f} years without letters (axis cut)",
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="center",
            va="center",
            fontsize=7,
            color="0.45",
        )


def _merged(bounds: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Date ranges in order with overlapping ones merged."""
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(bounds):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _month_ticks(lo: float, hi: float, most: int = 4) -> list[float]:
    """Month starts within ``[lo, hi]`` (date numbers), at most ``most`` evenly thinned;
    the middle of the range when it holds no month start."""
    months = pd.date_range(mdates.num2date(lo).date(), mdates.num2date(hi).date(), freq="MS")
    if len(months) == 0:
        return [(lo + hi) / 2]
    step = -(-len(months) // most)
    return [float(mdates.date2num(m)) for m in months[::step]]
