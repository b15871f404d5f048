"""plot_sentiment, plot_sentiment_timeline and sentiment_html draw what their input says."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection

import discourse as dc
from discourse.analysis.summaries import sentiment_per_document, summarise_sentiment
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.viz.base import caption
from discourse.viz.sentiment import plot_sentiment, plot_sentiment_timeline
from discourse.viz.sentiment_table import sentiment_html


@pytest.fixture(scope="module")
def units(builtin_tokens):
    return dc.sentiment(builtin_tokens, level="sentence", by="period", role=None)


@pytest.fixture(scope="module")
def summary(units):
    return summarise_sentiment(units, by="period", n_boot=200, seed=3)


def png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60, metadata={"Software": None})
    return buf.getvalue()


def test_means_intervals_and_numbers_are_the_summary(summary, units):
    ax = plot_sentiment(summary, units=units)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [str(p) for p in summary["period"]]
    assert list(ax.get_yticks()) == sorted(ax.get_yticks(), reverse=True)  # first on top
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert [d.get_xdata()[0] for d in diamonds] == pytest.approx(list(summary["mean_polarity"]))
    notes = [t.get_text() for t in ax.texts]
    for row in summary.itertuples():
        first = f"mean {row.mean_polarity:+.3f} [{row.ci_low:+.2f}, {row.ci_high:+.2f}]"
        second = f"{row.n_scored} of {row.n_units} scored, coverage {row.mean_coverage:.1%}"
        assert f"{first}\n{second}" in notes
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]  # CI error bars
    ends = sorted(tuple(np.round(s[:, 0], 12)) for c in bars for s in c.get_segments())
    want = sorted(tuple(np.round(r, 12)) for r in summary[["ci_low", "ci_high"]].to_numpy())
    assert ends == want
    assert caption(summary) in notes
    assert "95% bootstrap CI" in ax.get_title() and "per period" in ax.get_title()


def test_dots_are_the_scored_units(summary, units):
    ax = plot_sentiment(summary, units=units)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    scored = units[units["n_hits"] >= 1]
    assert [len(d.get_offsets()) for d in dots] == list(
        scored.groupby("period", observed=True).size()
    )
    for dot, (_, part) in zip(dots, scored.groupby("period", observed=True), strict=True):
        assert sorted(dot.get_offsets()[:, 0]) == pytest.approx(sorted(part["polarity"]))


def test_without_units_only_means_are_drawn(summary):
    ax = plot_sentiment(summary)
    assert not [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len([line for line in ax.lines if line.get_marker() == "D"]) == len(summary)


def test_the_jitter_seed_is_the_summarys(units):
    """Without ``seed=``, the dots use the summary's bootstrap seed (one seed, one figure)."""
    summary = summarise_sentiment(units, by="period", n_boot=100, seed=5)
    same = plot_sentiment(summary, units=units, seed=5).figure
    new = plot_sentiment(summary, units=units).figure
    assert png(same) == png(new)
    other = plot_sentiment(summary, units=units, seed=6).figure
    assert png(other) != png(new)


def test_no_groups_min_hits_and_ci_level(units):
    summary = summarise_sentiment(units, by=[], n_boot=50, ci=0.9, min_hits=2)
    ax = plot_sentiment(summary, units=units)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["all units"]
    assert "90% bootstrap CI" in ax.get_title() and "per corpus" in ax.get_title()
    (dots,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(dots.get_offsets()) == int((units["n_hits"] >= 2).sum())


def test_wrong_tables_say_what_to_call(summary, units):
    with pytest.raises(CorpusError, match="summarise_sentiment\\(\\).*units=result"):
        plot_sentiment(units)
    with pytest.raises(CorpusError, match="lacks period"):
        plot_sentiment(summary, units=units.drop(columns="period"))
    with pytest.raises(CorpusError, match="seed=-1"):
        plot_sentiment(summary, seed=-1)
    with pytest.raises(CorpusError, match="sentiment_per_document\\(\\)"):
        plot_sentiment_timeline(units)
    with pytest.raises(CorpusError, match="'date'"):
        plot_sentiment_timeline(sentiment_per_document(units.drop(columns="date")))


def test_timeline_draws_one_dot_per_scored_dated_letter(units):
    docs = sentiment_per_document(units, by="period")
    ax = plot_sentiment_timeline(docs)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    shown = docs[docs["n_scored"] > 0]
    assert sum(len(d.get_offsets()) for d in dots) == len(shown)
    ys = sorted(y for d in dots for y in d.get_offsets()[:, 1])
    assert ys == pytest.approx(sorted(shown["mean_polarity"]))
    labels = sorted(t.get_text() for t in ax.texts if t.get_text().startswith("n="))
    assert labels == sorted(f"n={n}" for n in shown["n_scored"])
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    ends = sorted(tuple(np.round(s[:, 1], 12)) for c in bars for s in c.get_segments())
    many = shown[shown["n_scored"] > 1]
    want = sorted(tuple(np.round(r, 12)) for r in many[["ci_low", "ci_high"]].to_numpy())
    assert [e for e in ends if e[0] != e[1]] == want
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [str(p) for p in docs["period"].cat.categories if p in set(shown["period"])]
    assert "left out" not in ax.get_title()
    assert caption(units) in [t.get_text() for t in ax.texts]  # the analysis' provenance


def test_timeline_counts_what_it_leaves_out(units):
    res = units.copy()
    first = res["doc_id"].iloc[0]
    res["date"] = res["date"].where(res["doc_id"] != first)
    docs = sentiment_per_document(res, by="period", min_hits=4)
    ax = plot_sentiment_timeline(docs)
    undated = int(((docs["n_scored"] > 0) & docs["date"].isna()).sum())
    unscored = int((docs["n_scored"] == 0).sum())
    assert undated + unscored >= 1
    title = ax.get_title()
    assert (f"{undated} undated letter(s) left out" in title) == bool(undated)
    assert (f"{unscored} letter(s) without units with >= 4 hit(s)" in title) == bool(unscored)


def test_html_marks_words_and_escapes():
    tokens = pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": "d:000",
            "sent_id": 0,
            "token_id": range(7),
            "text": ["<b>goed</b>", "&", "niet", "goed", "en", "slecht", "."],
            "lower": ["<b>goed</b>", "&", "niet", "goed", "en", "slecht", "."],
            "lemma": ["<b>goed</b>", "&", "niet", "goed", "en", "slecht", "."],
        }
    )
    res = dc.sentiment(tokens, role=None)
    html = sentiment_html(res, top=3)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert "text-decoration:underline" in html  # the negation
    assert html.count("<table class='sentiment'>") == 2  # most positive, most negative
    assert "Most negative (0)" in html and escape_provenance(res) in html  # one list only
    assert sentiment_html(res, which="all").count("<table") == 1
    with pytest.raises(CorpusError, match="which='middle'"):
        sentiment_html(res, which="middle")


def escape_provenance(res):
    from html import escape

    return escape(provenance(res))


def test_html_top_rows(units):
    html = sentiment_html(units, top=4, which="positive")
    assert "Most positive (4)" in html and html.count("<tr>") == 1 + 4
    best = units[units["n_hits"] > 0].sort_values("polarity", ascending=False, kind="stable")
    assert f"<td>{best['polarity'].iloc[0]:+.3f}</td>" in html
    plt.close("all")


def test_html_says_whose_words(builtin_tokens):
    """Sentence rows show the speaker and the role; document rows have neither."""
    res = dc.sentiment(builtin_tokens, terms=["vs", "verenigde staten"], role=None)
    html = sentiment_html(res, top=50, which="all")
    assert "<th>speaker</th><th>role</th>" in html
    rows = res.head(50)
    for role in set(rows["role"].astype(str)):
        assert f"<td>{role}</td>" in html
    assert "role=all voices" in html and "terms=vs,verenigde staten" in html
    docs = dc.sentiment(builtin_tokens, level="document")
    assert "<th>speaker</th>" not in sentiment_html(docs, top=2)
    with pytest.raises(CorpusError, match="top=0 is not valid"):
        sentiment_html(res, top=0)


def test_titles_name_the_terms(builtin_tokens):
    us = dc.sentiment(builtin_tokens, by="period", terms=["vs", "verenigde staten"])
    ax = plot_sentiment(summarise_sentiment(us, n_boot=50), units=us)
    assert "terms: vs, verenigde staten" in ax.get_title()
    assert "role=government" in provenance(us)


# --- no interval from too few units (min_n) ------------------------------------------------


@pytest.fixture()
def few_units() -> pd.DataFrame:
    """Sentences of three letters: 12 scored in one, 2 in another, 4 in the third."""
    rng = np.random.default_rng(8)
    docs = ["kst-30821-42"] * 12 + ["kst-36700-3"] * 2 + ["kst-36410-2"] * 4
    return pd.DataFrame(
        {
            "doc_id": docs,
            "period": pd.Categorical(
                ["Rutte III"] * 12 + ["Van Weel"] * 2 + ["Veldkamp"] * 4,
                categories=["Rutte III", "Veldkamp", "Van Weel"],
                ordered=True,
            ),
            "date": pd.to_datetime(["2018-07-02"] * 12 + ["2026-01-15"] * 2 + ["2025-03-10"] * 4),
            "polarity": np.r_[rng.uniform(-0.4, 0.7, 12), 0.17, 0.40, 0.1, -0.2, 0.3, 0.05],
            "subjectivity": 0.5,
            "coverage": 0.1,
            "n_hits": 1,
        }
    )


def test_groups_below_min_n_get_a_point_and_no_interval(few_units):
    summary = summarise_sentiment(few_units, by="period", n_boot=200)
    assert summary["ci_low"].isna().tolist() == [False, True, True]
    ax = plot_sentiment(summary, units=few_units)
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    ends = [tuple(np.round(s[:, 0], 12)) for c in bars for s in c.get_segments()]
    assert ends == [tuple(np.round(summary.loc[0, ["ci_low", "ci_high"]].to_numpy(float), 12))]
    notes = [t.get_text() for t in ax.texts]
    assert any(n.startswith("mean +0.285 (n = 2, no interval)\n2 of 2 scored") for n in notes)
    assert any(n.startswith("mean +0.062 (n = 4, no interval)") for n in notes)
    assert len([line for line in ax.lines if line.get_marker() == "D"]) == 3  # every point
    assert "none below n = 10" in ax.get_title()


def test_timeline_draws_no_error_bar_without_an_interval(few_units):
    docs = sentiment_per_document(few_units, by="period")
    ax = plot_sentiment_timeline(docs)
    labels = sorted(t.get_text() for t in ax.texts if t.get_text().startswith("n="))
    assert labels == ["n=12", "n=2, no interval", "n=4, no interval"]
    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    ends = [tuple(np.round(s[:, 1], 12)) for c in bars for s in c.get_segments()]
    assert ends == [tuple(np.round(docs.loc[0, ["ci_low", "ci_high"]].to_numpy(float), 12))]
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(d.get_offsets()) for d in dots) == 3
    assert "none below n = 10" in ax.get_title()
    low = plot_sentiment_timeline(sentiment_per_document(few_units, by="period", min_n=2))
    assert not [t for t in low.texts if "no interval" in t.get_text()]


# --- the drill-down table: one list per direction, excerpts of long units (issue 19) --------


def test_html_lists_a_unit_in_one_direction_only():
    """With fewer positive units than ``top``, the positive list is shorter: no negative
    unit fills it up (letters used to appear in both lists)."""
    tokens = pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": "d:000",
            "sent_id": [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3],
            "token_id": range(12),
            "text": ["Dat", "is", "goed"] + ["Dat", "is", "slecht"] * 3,
        }
    )
    tokens["lower"] = tokens["lemma"] = tokens["text"].str.lower()
    res = dc.sentiment(tokens, role=None)
    assert (res["polarity"] > 0).sum() == 1 and (res["polarity"] < 0).sum() == 3
    html = sentiment_html(res, top=3)
    assert "Most positive (1)" in html and "Most negative (3)" in html
    positive, _, negative = html.partition("Most negative")
    assert "slecht" not in positive and "goed" not in negative


def test_html_shows_long_units_as_excerpts(builtin_tokens):
    """Document-level rows are excerpts around their strongest words (at most ~600
    characters plus three windows), shaded; excerpt=None shows the whole letters."""
    import re

    docs = dc.sentiment(builtin_tokens, level="document", role=None)
    assert docs["text"].str.len().max() > 5_000
    html = sentiment_html(docs, top=5)
    texts = re.findall(r"<td>((?:(?!</td>).)*)</td><td><code>", html)
    plain = [re.sub(r"<[^>]+>", "", t) for t in texts]
    assert texts and max(map(len, plain)) < 1_500 and any("…" in t for t in plain)
    assert all("<span" in t for t in texts)  # the strongest words are in the excerpt
    positive, _, negative = html.partition("Most negative")
    ids = re.compile(r"<tr><td>([^<]*)</td>")
    assert not set(ids.findall(positive)) & set(ids.findall(negative))
    whole = sentiment_html(docs, top=5, excerpt=None)
    assert len(whole) > 3 * len(html)
