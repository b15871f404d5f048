"""Tests for the trend plot and term_rates (rates per letter checked by hand)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from discourse.analysis.occurrences import term_rates
from discourse.errors import CorpusError
from discourse.viz.trend import plot_trend
from tests.viz.test_xray import make_tokens


def tokens():
    df = make_tokens()
    df["cabinet"] = df["doc_id"].map({"kst-1": "Schoof", "kst-2": "Schoof", "kst-3": "Rutte IV"})
    return df


def test_rates_per_letter_with_zero_counts():
    r = term_rates(tokens(), ["VS", "Europa"], per=100)
    got = r[["doc_id", "term", "n_hits", "n_words", "cabinet"]].values.tolist()
    assert got == [
        ["kst-1", "VS", 1, 12, "Schoof"],
        ["kst-1", "Europa", 2, 12, "Schoof"],
        ["kst-2", "VS", 1, 6, "Schoof"],
        ["kst-2", "Europa", 0, 6, "Schoof"],
        ["kst-3", "VS", 0, 6, "Rutte IV"],
        ["kst-3", "Europa", 0, 6, "Rutte IV"],
    ]
    assert r["rate"].round(4).tolist() == [8.3333, 16.6667, 16.6667, 0.0, 0.0, 0.0]
    assert r.attrs["params"]["per"] == 100


def test_plot_points_shading_and_undated_letters():
    ax = plot_trend(tokens(), ["VS", "Europa"])
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"VS", "Europa"}
    assert lines["VS"].get_ydata().tolist() == pytest.approx([1e4 / 6, 1e4 / 12])  # date order
    assert "1 undated letter(s) left out" in ax.get_title()
    assert [t.get_text().strip() for t in ax.texts if t.get_text().strip() == "Schoof"]
    assert len(ax.patches) == 1  # one shaded cabinet (Rutte IV's letter is undated)
    assert "per=10000" in ax.texts[-1].get_text()
    plt.close("all")


def joined(line) -> list[tuple]:
    """The pairs of consecutive points a line draws a segment between (both finite)."""
    x, y = list(line.get_xdata()), np.asarray(line.get_ydata(), dtype=float)
    return [(x[i], x[i + 1]) for i in range(len(y) - 1) if np.isfinite(y[[i, i + 1]]).all()]


def test_no_line_between_cabinets():
    # a Rutte IV letter five years before the two Schoof letters: no segment may join them
    df = tokens()
    df.loc[df["doc_id"] == "kst-3", "date"] = pd.Timestamp("2019-05-01")
    ax = plot_trend(df, ["VS", "Europa"])
    first, second, third = (pd.Timestamp(d) for d in ("2019-05-01", "2024-11-02", "2025-03-01"))
    for line in ax.get_lines():
        y = np.asarray(line.get_ydata(), dtype=float)
        assert np.isfinite(y).sum() == 3  # one marker per letter, none lost
        assert [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in joined(line)] == [(second, third)]
    assert len(ax.patches) == 2  # Rutte IV and Schoof shaded
    plt.close("all")


def test_no_line_between_periods_without_cabinet():
    # without a cabinet column the periods are the spans; one letter per period: markers only
    df = tokens().drop(columns="cabinet")
    df["period"] = df["doc_id"].map({"kst-1": "B", "kst-2": "A", "kst-3": "C"})
    ax = plot_trend(df, "Europa")
    (line,) = ax.get_lines()
    assert joined(line) == []
    assert np.isfinite(np.asarray(line.get_ydata(), dtype=float)).sum() == 2
    plt.close("all")


def test_bad_arguments():
    with pytest.raises(CorpusError, match=r"plot_trend\(\): by='kst' is not valid"):
        plot_trend(tokens(), "VS", by="kst")
    with pytest.raises(CorpusError, match=r"by='cabinet' is not a date column"):
        plot_trend(tokens(), "VS", by="cabinet")
    with pytest.raises(CorpusError, match=r"per=0 is not valid"):
        plot_trend(tokens(), "VS", per=0)


def test_years_without_letters_are_cut_from_the_axis():
    df = tokens()
    df.loc[df["doc_id"] == "kst-3", "date"] = pd.Timestamp("2019-05-01")
    ax = plot_trend(df, "VS")
    assert ax.get_xscale() == "function"
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert not any(str(year) in label for label in labels for year in range(2020, 2024))
    assert any("5.5 years without letters" in t.get_text() for t in ax.texts)
    # the cut gap is narrower on screen than the Schoof span with its two letters
    to_px = ax.transData.transform
    rutte_end, schoof_start, schoof_end = (
        to_px([[mdates.date2num(pd.Timestamp(d)), 0]])[0, 0]
        for d in ("2019-05-13", "2024-10-21", "2025-03-13")
    )
    assert schoof_start - rutte_end < schoof_end - schoof_start
    plt.close("all")


def test_no_cut_when_letters_are_close():
    ax = plot_trend(tokens(), "VS")  # two dated Schoof letters, four months apart
    assert ax.get_xscale() == "linear"
    plt.close("all")


def test_caption_counts_the_letters_per_cabinet():
    """A trend by date still says how many letters each cabinet contributes (principle:
    every figure reports the documents per group), not one 'group' per date."""
    from discourse.analysis.occurrences import term_occurrences
    from discourse.provenance import provenance

    r = term_rates(tokens(), ["VS"])
    assert r.attrs["documents"] == {"Rutte IV": 1, "Schoof": 2}
    assert provenance(r).endswith(
        "documents per cabinet: Rutte IV: 1 document: group = document; Schoof: 2 documents"
    )
    assert term_occurrences(tokens(), ["VS"]).attrs["documents_by"] == "cabinet"
    ax = plot_trend(tokens(), ["VS"])
    texts = ax.figure.texts + ax.texts
    assert "documents per cabinet" in " ".join(t.get_text() for t in texts)
    plt.close(ax.figure)
