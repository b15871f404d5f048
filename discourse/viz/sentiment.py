"""Sentiment plots (the drill-down table is :mod:`discourse.viz.sentiment_table`).

* :func:`plot_sentiment` draws a :func:`discourse.summarise_sentiment` result (mean and
  bootstrap CI per group), optionally over the units of :func:`discourse.sentiment`;
* :func:`plot_sentiment_timeline` draws a
  :func:`discourse.analysis.summaries.sentiment_per_document` result against the date.

Nothing is computed here: the statistics come with the table each function is given.
"""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Instance, Interval, Table, validate_params
from discourse.errors import CorpusError
from discourse.viz.base import add_caption, new_axes, require_columns

__all__ = ["plot_sentiment", "plot_sentiment_timeline"]

_SUMMARY = ("n_units", "n_scored", "mean_polarity", "ci_low", "ci_high", "mean_coverage")
_PER_DOC = ("doc_id", "n_units", "n_scored", "mean_polarity", "ci_low", "ci_high")
_AX = Instance(Axes, none=True, label="a matplotlib Axes")


def _group_columns(table: pd.DataFrame, skip: tuple[str, ...] = ()) -> list[str]:
    """The group columns of a summary: those before ``n_units`` (except ``skip``)."""
    columns = list(table.columns)
    return [c for c in columns[: columns.index("n_units")] if c not in skip]


def _title(result: pd.DataFrame, what: str) -> str:
    p = result.attrs.get("params", {})
    bits = [
        f"{p.get('level', 'unit')}s",
        f"lexicon {p.get('lexicon', '?')}",
        f"negation {p.get('negation', '?')}",
    ]
    if p.get("terms"):
        terms = p["terms"] if isinstance(p["terms"], str) else ", ".join(p["terms"])
        bits.append(f"terms: {terms}")
    return f"{what}\n({'; '.join(bits)})"


def _check_summary(summary: pd.DataFrame, units: pd.DataFrame | None, by_cols) -> None:
    hint = ""
    if "polarity" in summary and "mean_polarity" not in summary:
        hint = (
            "This looks like a sentiment() result: draw it with "
            "plot_sentiment(summarise_sentiment(result), units=result)"
        )
    require_columns(
        summary, _SUMMARY, plot="plot_sentiment", made_by="summarise_sentiment()", hint=hint
    )
    if units is not None:
        missing = [c for c in ["polarity", "n_hits", *by_cols] if c not in units]
        if missing:
            raise CorpusError(
                f"plot_sentiment(): units= must be the sentiment() result that was summarised "
                f"(with the group column(s) of the summary); it lacks {', '.join(missing)}"
            )


@validate_params(
    summary=Table(),
    units=Instance(pd.DataFrame, none=True, label="the output of sentiment()"),
    ax=_AX,
    seed=Interval(int, 0, none=True, none_label="the seed of the summary"),
)
def plot_sentiment(
    summary: pd.DataFrame,
    *,
    units: pd.DataFrame | None = None,
    ax: Axes | None = None,
    seed: int | None = None,
) -> Axes:
    """Polarity per group: the mean and its bootstrap CI, over every unit as a dot.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`discourse.analysis.sentiment.summarise_sentiment`: one row per
        group, drawn in table order (top to bottom).
    units : pandas.DataFrame, optional
        The :func:`discourse.analysis.sentiment.sentiment` result that was summarised:
        its scored units (those with at least the summary's ``min_hits`` hits) are drawn
        per group as jittered dots over a box plot. Without it only mean and CI are drawn.
    ax : matplotlib.axes.Axes, optional
    seed : int, optional
        Seed of the vertical jitter of the dots; default: the bootstrap seed recorded in
        ``summary`` (so one seed reproduces the whole figure), else 0.

    Returns
    -------
    matplotlib.axes.Axes
        Groups on the y axis, polarity on x; the label right of each group gives mean
        [CI] — or "(n = 2, no interval)" for a group below the summary's ``min_n`` scored
        units, drawn without error bar — the number of scored units and the mean coverage.

    Examples
    --------
    >>> from discourse import summarise_sentiment
    >>> res = pd.DataFrame({"period": ["a", "a", "b"], "polarity": [0.1, 0.3, -0.2],
    ...     "subjectivity": 0.5, "coverage": 0.1, "n_hits": 1})
    >>> summary = summarise_sentiment(res, by="period", n_boot=100, seed=0)
    >>> ax = plot_sentiment(summary, units=res)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a', 'b']
    """
    by_cols = _group_columns(summary) if "n_units" in summary else []
    _check_summary(summary, units, by_cols)
    params = summary.attrs.get("params", {})
    if seed is None:
        seed = params.get("seed", 0)
    labels = (
        summary[by_cols].astype(str).agg(" / ".join, axis=1).tolist() if by_cols else ["all units"]
    )
    ax = new_axes(ax, figsize=(10, 1.8 + 0.9 * len(labels)))
    ypos = np.arange(len(labels))[::-1]
    rng = np.random.default_rng(seed)
    for y, (_, row) in zip(ypos, summary.iterrows(), strict=True):
        if units is not None:
            mask = units["n_hits"] >= params.get("min_hits", 1)
            for col in by_cols:
                mask &= units[col].astype(str) == str(row[col])
            _units_at(ax, units.loc[mask, "polarity"].to_numpy(float), y, rng)
        _mean_at(ax, row, y)
    ax.axvline(0, color="0.5", linewidth=0.8, linestyle="--", zorder=1)
    ax.set_yticks(ypos, labels)
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("polarity (−1 negative … +1 positive)")
    pct = round(100 * params.get("ci", 0.95))
    what = f"Sentiment polarity per {' / '.join(by_cols) or 'corpus'}: units, mean and "
    ci_txt = f"{pct}% bootstrap CI over units{_min_n_note(summary)}"
    ax.set_title(_title(summary, f"{what}{ci_txt}"), fontsize=10)
    width = max(len(lab) for lab in labels)
    ax.figure.subplots_adjust(left=min(0.4, 0.05 + 0.0085 * width), right=0.77, bottom=0.24)
    add_caption(ax, summary)
    return ax


def _no_interval(n: int) -> str:
    """The note beside a point without an interval (fewer than ``min_n`` units)."""
    return f" (n = {n}, no interval)"


def _min_n_note(table: pd.DataFrame) -> str:
    """``"; none below n = 10"`` from the ``min_n`` the table was made with."""
    min_n = table.attrs.get("params", {}).get("min_n")
    min_n = table.attrs.get("per_document", {}).get("min_n", min_n)
    return f"; none below n = {min_n}" if min_n else ""


def _units_at(ax: Axes, x: np.ndarray, y: float, rng: np.random.Generator) -> None:
    """A grey box plot of one group's unit polarities and the units as jittered dots."""
    old_mpl = tuple(int(v) for v in matplotlib.__version__.split(".")[:2]) < (3, 10)
    horizontal = {"vert": False} if old_mpl else {"orientation": "horizontal"}
    ax.boxplot(
        x,
        positions=[y],
        widths=0.5,
        showfliers=False,
        **horizontal,
        patch_artist=True,
        boxprops={"facecolor": "0.93", "edgecolor": "0.6"},
        medianprops={"color": "0.6"},
        whiskerprops={"color": "0.6"},
        capprops={"color": "0.6"},
    )
    ax.scatter(
        x,
        y + rng.uniform(-0.22, 0.22, len(x)),
        s=9,
        alpha=0.35,
        color="tab:blue",
        linewidths=0,
        zorder=2,
    )


def _mean_at(ax: Axes, row: pd.Series, y: float) -> None:
    """The group mean as a diamond with its CI, and the numbers right of the axes."""
    m, lo, hi = row["mean_polarity"], row["ci_low"], row["ci_high"]
    if np.isfinite(lo):
        ax.errorbar(
            m,
            y,
            xerr=[[m - lo], [hi - m]],
            fmt="none",
            ecolor="black",
            elinewidth=2,
            capsize=5,
            zorder=4,
        )
    ax.plot(m, y, marker="D", color="black", markersize=7, zorder=5)
    ci_txt = f" [{lo:+.2f}, {hi:+.2f}]" if np.isfinite(lo) else _no_interval(row["n_scored"])
    mean_txt = f"mean {m:+.3f}{ci_txt}" if np.isfinite(m) else "no scored units"
    ax.annotate(
        f"{mean_txt}\n{row['n_scored']} of {row['n_units']} scored, "
        f"coverage {row['mean_coverage']:.1%}",
        xy=(1.01, y),
        xycoords=("axes fraction", "data"),
        va="center",
        fontsize=8,
    )


@validate_params(docs=Table(), ax=_AX)
def plot_sentiment_timeline(docs: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Mean polarity of each letter against its date, coloured by group.

    Each dot is one document with its interval as error bar (none below the ``min_n``
    scored units of :func:`~discourse.analysis.summaries.sentiment_per_document`, labelled
    "n=3, no interval"); dot area grows with, and a label gives, the number of scored
    units (``n=``).
    Letters without a date or without scored units are left out and counted in the title.

    Parameters
    ----------
    docs : pandas.DataFrame
        Output of :func:`discourse.analysis.summaries.sentiment_per_document`, with a
        ``date`` column; its group column(s) colour the dots.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from discourse.analysis.summaries import sentiment_per_document
    >>> res = pd.DataFrame({"doc_id": ["d1", "d1", "d2"], "polarity": [0.1, 0.3, -0.2],
    ...     "n_hits": 1, "period": "a",
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-05", "2025-03-01"])})
    >>> ax = plot_sentiment_timeline(sentiment_per_document(res, by="period"))
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().startswith("n="))
    ['n=1, no interval', 'n=2, no interval']
    """
    require_columns(
        docs, _PER_DOC, plot="plot_sentiment_timeline", made_by="sentiment_per_document()"
    )
    if "date" not in docs:
        raise CorpusError(
            "plot_sentiment_timeline() needs a 'date' column: sentiment() carries the "
            "letters' dates when the token table has them"
        )
    by_cols = _group_columns(docs, skip=("doc_id", "date"))
    scored = docs[docs["n_scored"] > 0]
    undated = int(scored["date"].isna().sum())
    unscored = int((docs["n_scored"] == 0).sum())
    shown = scored.dropna(subset=["date"]).sort_values("date")
    ax = new_axes(ax, figsize=(10, 4.8))
    groups = (
        shown[by_cols].astype(str).agg(" / ".join, axis=1)
        if by_cols
        else shown["doc_id"].map(lambda _: "all")
    )
    order = ["all"]
    if by_cols:
        keys = docs.groupby(by_cols, observed=True, sort=True).size().index
        order = [" / ".join(map(str, k if isinstance(k, tuple) else (k,))) for k in keys]
    colours = plt.get_cmap("tab10")
    for k, g in enumerate(order):
        sel = groups == g
        if sel.any():
            _letters(ax, shown[sel], colours(k % 10), g)
    ax.axhline(0, color="0.5", linewidth=0.8, linestyle="--")
    ax.set_ylabel("mean polarity of the letter's units")
    ax.set_xlabel("letter date")
    if by_cols:
        ax.legend(title=" / ".join(by_cols), fontsize=8, title_fontsize=8, frameon=False)
    min_hits = docs.attrs.get("per_document", {}).get("min_hits", 1)
    extra = f"; {undated} undated letter(s) left out" if undated else ""
    extra += (
        f"; {unscored} letter(s) without units with >= {min_hits} hit(s) left out"
        if unscored
        else ""
    )
    what = f"Sentiment polarity per letter over time (mean ± 1.96 SE{_min_n_note(docs)}){extra}"
    ax.set_title(_title(docs, what), fontsize=10)
    ax.figure.subplots_adjust(bottom=0.2)
    add_caption(ax, docs)
    return ax


def _letters(ax: Axes, rows: pd.DataFrame, colour, label: str) -> None:
    """One group's letters: error bars, dots sized by ``n_scored`` and ``n=`` labels."""
    ci = rows[rows["ci_low"].notna()]  # no error bar where there is no interval
    ax.errorbar(
        ci["date"],
        ci["mean_polarity"],
        yerr=[ci["mean_polarity"] - ci["ci_low"], ci["ci_high"] - ci["mean_polarity"]],
        fmt="none",
        ecolor=colour,
        alpha=0.6,
        capsize=3,
        zorder=2,
    )
    ax.scatter(
        rows["date"],
        rows["mean_polarity"],
        s=20 + 6 * np.sqrt(rows["n_scored"]),
        color=colour,
        alpha=0.8,
        edgecolor="white",
        label=label,
        zorder=3,
    )
    for _, d in rows.iterrows():
        ax.annotate(
            f"n={d['n_scored']}" + (", no interval" if pd.isna(d["ci_low"]) else ""),
            (d["date"], d["mean_polarity"]),
            xytext=(6, -3),
            textcoords="offset points",
            fontsize=7,
            color="0.3",
            zorder=6,
            bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none", "alpha": 0.8},
        )
