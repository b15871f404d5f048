"""Captions of group comparisons: the documents per group on a line of their own, never
broken inside a group's entry, and clear of the axes' labels (issue 17)."""

from __future__ import annotations

import pytest
from matplotlib.text import Text

import discourse as dc
from discourse.provenance import provenance
from discourse.viz.base import caption
from discourse.viz.collocations import plot_collocations
from discourse.viz.keyness import plot_keyness, plot_keyness_heatmap
from discourse.viz.network import plot_collocation_network

DOCUMENTS = (
    "documents per period: Rutte III (2018): 1 document: group = document; "
    "Veldkamp: 3 documents; Van Weel: 1 document: group = document"
)
ENTRIES = DOCUMENTS.removeprefix("documents per period: ").split("; ")


@pytest.fixture(scope="module")
def results(builtin_tokens):
    return {
        "keyness": dc.keyness(builtin_tokens, target="Van Weel", min_freq=5),
        "keyness_table": dc.keyness_table(builtin_tokens, min_freq=5),
        "collocations": dc.collocations(builtin_tokens, ["VS", "Verenigde Staten"], by="period"),
    }


def _draw(name, result):
    if name == "keyness":
        ax = plot_keyness(result, top=10)
        return ax.figure, [ax.xaxis.label]
    if name == "keyness_table":
        ax = plot_keyness_heatmap(result, top=6)
        return ax.figure, [ax.xaxis.label, *ax.get_xticklabels()]
    if name == "network":
        ax = plot_collocation_network(result, top=6)
        return ax.figure, []
    axes = plot_collocations(result, top=8)
    return axes[0].figure, [t for a in axes for t in (a.xaxis.label, *a.get_xticklabels())]


def _caption_text(fig, result) -> Text:
    texts = [t for t in [*fig.texts, *(t for a in fig.axes for t in a.texts)]]
    return next(t for t in texts if t.get_text() == caption(result))


@pytest.mark.parametrize("name", ["keyness", "keyness_table", "collocations", "network"])
def test_caption_prints_documents_whole_and_clear_of_the_labels(results, name):
    result = results["collocations" if name == "network" else name]
    assert caption(result).replace("\xa0", " ") == provenance(result).replace(
        " · documents per", "\ndocuments per"
    )
    fig, labels = _draw(name, result)
    fig.canvas.draw()
    text = _caption_text(fig, result)
    lines = text._get_wrapped_text().replace("\xa0", " ").split("\n")
    documents = lines[next(i for i, line in enumerate(lines) if line.startswith("documents")) :]
    assert "; ".join(documents) == DOCUMENTS  # own line(s), broken only between groups
    box = text.get_window_extent()
    assert fig.bbox.contains(box.x0, box.y0) and box.x1 <= fig.bbox.x1 + 1  # not cut
    for label in labels:
        if label.get_text():
            assert box.y1 <= label.get_window_extent().y0  # under the labels, no overlap


def test_a_result_without_documents_keeps_its_one_line_caption(builtin_tokens):
    pooled = dc.collocations(builtin_tokens, ["VS", "Verenigde Staten"])
    assert caption(pooled) == provenance(pooled) and "\n" not in caption(pooled)
