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

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from discourse._validate import Column, Instance, Table, Terms, Values, validate_params
from discourse.analysis.occurrences import term_occurrences
from discourse.viz.base import add_caption, new_axes

__all__ = ["plot_xray"]


@validate_params(
    tokens=Table(),
    terms=Terms(),
    by=Column(),
    role=Values("role"),
    ax=Instance(Axes, none=True, label="a matplotlib Axes"),
)
def plot_xray(
    tokens: pd.DataFrame,
    terms: str | Sequence[str],
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
    terms : str or list of str
        Search terms (words, phrases, globs), matched on the lower-cased form or lemma.
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
        Ticks coloured by term; each row's label ends with its number of matches and
        words; the caption gives the provenance.
    """
    occ = term_occurrences(tokens, terms, role=role)
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
    names = list(dict.fromkeys([terms] if isinstance(terms, str) else terms))
    row = {d: i for i, d in enumerate(docs)}
    for k, term in enumerate(names):
        sel = occ[occ["term"] == term]
        y = np.array([row[d] for d in sel["doc_id"]], dtype=float)
        ax.vlines(
            sel["position"],
            y - 0.35,
            y + 0.35,
            color=colours(k % 10),
            lw=1.2,
            label=f"{term} ({len(sel)})",
        )
    counts = occ.groupby("doc_id").size()
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
        title="term (matches)",
        title_fontsize=8,
    )
    ax.figure.subplots_adjust(left=0.38, right=0.8, bottom=max(0.12, 0.9 / (1 + 0.42 * len(docs))))
    add_caption(ax, occ)
    return ax


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
