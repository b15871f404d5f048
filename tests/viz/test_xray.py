"""Tests for the x-ray (dispersion) plot and term_occurrences (positions checked by hand)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from discourse.analysis.occurrences import term_occurrences
from discourse.errors import CorpusError
from discourse.viz.xray import plot_xray

TEXTS = {
    "kst-1": "De VS en Europa . De Verenigde Staten blijven een bondgenoot van Europa .",
    "kst-2": "Het kabinet spreekt met de VS .",
    "kst-3": "Geen enkele treffer in deze brief .",
}


def make_tokens() -> pd.DataFrame:
    rows = []
    for doc, text in TEXTS.items():
        for i, w in enumerate(text.split()):
            rows.append((doc, f"{doc}:000", i, w))
    df = pd.DataFrame(rows, columns=["doc_id", "seg_id", "token_id", "text"])
    df["lower"] = df["text"].str.lower()
    df["lemma"] = df["lower"].replace({"blijven": "blijven", "staten": "staat"})
    df["is_punct"] = df["text"] == "."
    df["role"] = "government"
    df["date"] = df["doc_id"].map({"kst-1": "2025-03-01", "kst-2": "2024-11-02", "kst-3": None})
    df["date"] = pd.to_datetime(df["date"])
    df.attrs["pipeline"] = {"name": "test", "version": "1"}
    return df


def test_positions_are_word_indices_over_document_words():
    occ = term_occurrences(make_tokens(), ["VS", "Verenigde Staten", "Europa"])
    got = occ[["doc_id", "term", "word", "n_words"]].values.tolist()
    # kst-1 words (no '.'): De VS en Europa De Verenigde Staten blijven een bondgenoot van Europa
    assert got == [
        ["kst-1", "VS", 1, 12],
        ["kst-1", "Europa", 3, 12],
        ["kst-1", "Verenigde Staten", 5, 12],
        ["kst-1", "Europa", 11, 12],
        ["kst-2", "VS", 5, 6],
    ]
    assert np.allclose(occ["position"], [1 / 12, 3 / 12, 5 / 12, 11 / 12, 5 / 6])
    assert occ.attrs["all_documents"] == {"kst-1": 12, "kst-2": 6, "kst-3": 6}


def test_plot_rows_ticks_and_caption():
    ax = plot_xray(make_tokens(), ["VS", "Europa"], by="date")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("2024-11-02 · kst-2  (1 / 6 words)")  # date order
    assert labels[-1].endswith("kst-3  (0 / 6 words)")  # undated, no match: an empty row
    ticks = sum(len(c.get_segments()) for c in ax.collections)
    assert ticks == 4
    caption = ax.figure.texts or [t for t in ax.texts]
    assert any("terms=VS,Europa" in t.get_text() for t in caption)
    ax.figure.savefig("/tmp/xray_test.png")
    plt.close("all")


def test_bad_arguments():
    with pytest.raises(CorpusError, match=r"plot_xray\(\): terms=' ' is not valid"):
        plot_xray(make_tokens(), " ")
    with pytest.raises(CorpusError, match=r"by='kabinet' is not valid"):
        plot_xray(make_tokens(), "VS", by="kabinet")


def test_dict_of_terms_one_colour_per_label():
    terms = {"US": ["VS", "Verenigde Staten"], "Europe": "Europa"}
    ax = plot_xray(make_tokens(), terms)
    by_label = {c.get_label(): c for c in ax.collections}
    assert set(by_label) == {"US (3)", "Europe (2)"}  # kst-1: VS, Verenigde Staten; kst-2: VS
    assert len(by_label["US (3)"].get_segments()) == 3
    assert ax.get_legend().get_title().get_text() == "label (matches)"
    plt.close("all")


def test_row_labels_fit_in_the_figure():
    df = make_tokens()
    df["doc_id"] = df["doc_id"].astype(str) + "_een_heel_lange_naam_van_een_kamerbrief_2025"
    ax = plot_xray(df, "VS", by="date")
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    left = min(t.get_window_extent(renderer).x0 for t in ax.get_yticklabels())
    assert left >= 0  # not cut at the figure's left edge
    assert fig.get_figwidth() > 10  # widened for the labels rather than cut
    plt.close("all")


def test_bad_dict_of_terms():
    with pytest.raises(
        CorpusError, match=r"plot_xray\(\): terms=\{'US': ' '\} \(the item ' '\) is not valid.*dict"
    ):
        plot_xray(make_tokens(), {"US": " "})
    with pytest.raises(CorpusError, match=r"terms=\{\} is not valid"):
        plot_xray(make_tokens(), {})


def test_a_word_matched_by_two_terms_of_a_label_is_one_tick():
    # "Staten" matches the lemma "staat" and the form "staten": two terms, one word
    terms = {"US": ["staat", "staten", "VS"]}
    ax = plot_xray(make_tokens(), terms)
    (ticks,) = ax.collections
    assert ticks.get_label() == "US (3)"  # kst-1: VS, Staten; kst-2: VS
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("kst-2  (1 / 6") and labels[1].startswith("kst-1  (2 / 12")
    plt.close("all")
