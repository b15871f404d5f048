"""Lexical dispersion ("x-ray") plot: where in each document a term occurs.

Each document is a row, each occurrence a tick at its relative position (0 = the first
word, 1 = the last), as AntConc's *Plot* tool and quanteda's ``textplot_xray()`` draw it;
the data is :func:`~discourse.analysis.occurrences.term_occurrences`.

References
----------
Anthony, L. (2023). *AntConc* (4.2), Plot tool. Benoit, K. et al. (2018). quanteda.
*JOSS* 3(30), 774 (``textplot_xray``, in quanteda.textplots).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import OK, Column, Context, Instance, Table, Terms, Values, validate_params
from discourse.analysis.occurrences import term_occurrences
from discourse.viz.base import add_caption, new_axes

__all__ = ["plot_xray"]

LEGEND_INCHES = 2.1  # room right of the axes for the legend


@dataclass
class _TermsOrLabels(Terms):
    """``terms=``: search terms (as :class:`Terms`), or a non-empty dict ``{label: terms}``
    whose terms are drawn in one colour under their label."""

    def failure(self, value: Any, ctx: Context) -> Any:
        if not isinstance(value, Mapping):
            return super().failure(value, ctx)
        if not value:
            return value
        for label, terms in value.items():
            if not (isinstance(label, str) and label.strip()):
                return label
            if (bad := super().failure(terms, ctx)) is not OK:
                return bad
        return OK

    def describe(self, ctx: Context) -> str:
        return super().describe(ctx) + ", or a dict {label: terms} (one colour per label)"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), {}, {"US": " "}, {" ": ["VS"]}]


@validate_params(
    tokens=Table(),
    terms=_TermsOrLabels(),
    by=Column(),
    role=Values("role"),
    ax=Instance(Axes, none=True, label="a matplotlib Axes"),
)
def plot_xray(
    tokens: pd.DataFrame,
    terms: str | Sequence[str] | Mapping[str, str | Sequence[str]],
    *,
    by: str = "doc_id",
    role: str | Sequence[str] | None = "government",
    ax: Axes | None = None,
) -> Axes:
    """Dispersion ("x-ray") plot of ``terms``: one row per document, one tick per match.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens`.
    terms : str, list of str or dict
        Search terms (words, phrases, globs), matched on the lower-cased form or lemma;
        one colour per term. A dict ``{label: terms}`` (e.g. an actor and its word forms)
        draws all terms of a label in one colour, the legend giving the label.
    by : str
        The row label: ``"doc_id"`` (default) or a column constant within a document
        (``"date"``, ``"title"`` …), shown next to the document id; rows in date order
        when the table has ``date``.
    role : str, list of str or None
        Whose words: positions count the words of this role only.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Ticks coloured by term (or label); each row's label ends with its number of
        matched words (a word matched by several terms counted once) and its words; the
        caption gives the provenance.
    """
    names, label_of = _names(terms)
    occ = term_occurrences(
        tokens, list(label_of) if isinstance(terms, Mapping) else terms, role=role
    )
    docs = list(occ.attrs["all_documents"])
    labels = _labels(tokens, docs, by)
    if "date" in tokens.columns:
        dates = tokens.drop_duplicates("doc_id").set_index(
            tokens.drop_duplicates("doc_id")["doc_id"].astype(str)
        )["date"]
        docs = sorted(
            docs, key=lambda d: (pd.isna(dates.get(d)), dates.get(d) or pd.Timestamp(0), d)
        )
    ax = new_axes(ax, figsize=(10, 0.9 + 0.42 * len(docs)))
    colours = plt.get_cmap("tab10")
    row = {d: i for i, d in enumerate(docs)}
    # a word matched by two terms of one label (lemma "amerikaans", form "amerikaanse") is
    # one tick of that label; in a row's count, a word matched by any term counts once
    ticks = occ.assign(label=occ["term"].map(label_of)).drop_duplicates(["doc_id", "word", "label"])
    for k, name in enumerate(names):
        sel = ticks[ticks["label"] == name]
        y = np.array([row[d] for d in sel["doc_id"]], dtype=float)
        ax.vlines(
            sel["position"],
            y - 0.35,
            y + 0.35,
            color=colours(k % 10),
            lw=1.2,
            label=f"{name} ({len(sel)})",
        )
    counts = occ.drop_duplicates(["doc_id", "word"]).groupby("doc_id").size()
    ax.set_yticks(range(len(docs)))
    ax.set_yticklabels(
        [
            f"{labels[d]}  ({counts.get(d, 0)} / {occ.attrs['all_documents'][d]:,} words)"
            for d in docs
        ],
        fontsize=8,
    )
    ax.set_ylim(len(docs) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("relative position in the document (0 = first word, 1 = last)")
    ax.set_title(f"Where the terms occur in each document (x-ray){_role(role)}", fontsize=10)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=8,
        frameon=False,
        title="label (matches)" if isinstance(terms, Mapping) else "term (matches)",
        title_fontsize=8,
    )
    _margins(ax, len(docs))
    add_caption(ax, occ)
    return ax


def _names(terms) -> tuple[list[str], dict[str, str]]:
    """The legend entries in order, and each search term's entry (itself, or its label)."""
    if isinstance(terms, Mapping):
        label_of = {}
        for label, group in terms.items():
            for term in [group] if isinstance(group, str) else group:
                label_of.setdefault(term, label)
        return list(terms), label_of
    names = list(dict.fromkeys([terms] if isinstance(terms, str) else terms))
    return names, {t: t for t in names}


def _margins(ax: Axes, n_rows: int) -> None:
    """Room for the row labels (as wide as the widest, measured) and the legend: the
    figure is widened rather than the labels cut."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    label_in = (
        max((t.get_window_extent(renderer).width for t in ax.get_yticklabels()), default=0.0)
        / fig.dpi
        + 0.15
    )
    width = max(fig.get_figwidth(), label_in + LEGEND_INCHES + 6.0)
    fig.set_figwidth(width)
    fig.subplots_adjust(
        left=label_in / width,
        right=1 - LEGEND_INCHES / width,
        bottom=max(0.12, 0.9 / (1 + 0.42 * n_rows)),
    )


def _labels(tokens: pd.DataFrame, docs: list[str], by: str) -> dict[str, str]:
    if by == "doc_id":
        return {d: d for d in docs}
    first = tokens.drop_duplicates("doc_id")
    value = dict(zip(first["doc_id"].astype(str), first[by], strict=True))
    shown = {
        d: (pd.Timestamp(v).date().isoformat() if by == "date" and pd.notna(v) else str(v))
        for d, v in value.items()
    }
    return {d: f"{shown.get(d, '')} · {d}" for d in docs}


def _role(role) -> str:
    return "" if role is None else f" — {role if isinstance(role, str) else ', '.join(role)}"
