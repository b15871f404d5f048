"""plot_keyness and plot_keyness_heatmap draw exactly the rows and numbers of their input."""

from __future__ import annotations

import numpy as np
import pytest

import discourse as dc
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.viz.base import caption
from discourse.viz.keyness import PLOTTABLE, plot_keyness, plot_keyness_heatmap


@pytest.fixture(scope="module")
def result(builtin_tokens):
    return dc.keyness(builtin_tokens, by="period", target="Van Weel", role=None, min_freq=2)


@pytest.fixture(scope="module")
def table(builtin_tokens):
    return dc.keyness_table(builtin_tokens, by="period", role=None, min_freq=2)


def expected_rows(result, measure, top):
    """The rows the chart must show, chosen independently: significant first, then by
    ``measure`` (strongest first), per direction."""
    out = []
    for direction, sign in (("target", 1), ("reference", -1)):
        side = result[result["direction"] == direction]
        key = sign * side[measure]
        order = np.lexsort((-key.to_numpy(), ~side["significant"].to_numpy()))
        out.append(side.iloc[order[:top]])
    return out


def bars(ax):
    return sorted(ax.patches, key=lambda p: -p.get_y())  # top to bottom


def test_bars_are_the_top_terms_with_their_values(result):
    ax = plot_keyness(result, top=6, measure="log_ratio")
    tgt, ref = expected_rows(result, "log_ratio", 6)
    drawn = bars(ax)
    assert len(drawn) == len(tgt) + len(ref)
    widths = [p.get_width() for p in drawn]
    # targets from the strongest down, then references from the weakest to the strongest
    want = [*sorted(tgt["log_ratio"], reverse=True), *sorted(ref["log_ratio"], reverse=True)]
    assert widths == pytest.approx(want)
    shown = ax.texts
    terms = {t.get_text().removesuffix(" †") for t in shown}
    assert set(tgt["term"]) | set(ref["term"]) <= terms
    freqs = {f"{a} : {b}" for a, b in zip(tgt["freq_target"], tgt["freq_reference"], strict=True)}
    assert freqs <= terms
    # significant bars are solid, the others pale and hatched
    for p in drawn:
        assert (p.get_hatch() is None) == (p.get_alpha() == 1.0)
    n_sig = int(tgt["significant"].sum() + ref["significant"].sum())
    assert sum(p.get_hatch() is None for p in drawn) == n_sig


def test_title_legend_and_caption(result):
    ax = plot_keyness(result, top=3)
    assert ax.get_title().startswith("Key terms: Van Weel vs Rutte III (2018), Veldkamp")
    assert "measure: log_ratio" in ax.get_title() and "role: all" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "more in Van Weel" and "adjusted p > 0.05" in legend[2]
    assert caption(result) in [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("measure", PLOTTABLE)
def test_every_plottable_measure(result, measure):
    ax = plot_keyness(result, top=4, measure=measure)
    assert measure in ax.get_title()
    assert len(ax.patches) == sum(len(r) for r in expected_rows(result, measure, 4))


def test_infinite_percent_difference_is_drawn_at_the_edge(result):
    assert np.isinf(result["perc_diff"]).any()  # terms absent from the reference
    ax = plot_keyness(result, top=10, measure="perc_diff")
    assert "∞" in [t.get_text() for t in ax.texts]
    widths = np.array([p.get_width() for p in ax.patches])
    assert np.isfinite(widths).all() and np.abs(widths).max() <= ax.get_xlim()[1]


def test_empty_result_says_so(result):
    ax = plot_keyness(result.iloc[:0])
    assert "no terms to show" in [t.get_text() for t in ax.texts]
    assert not ax.patches


def test_given_axes_is_used(result):
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    assert plot_keyness(result, top=2, ax=ax) is ax


def test_bad_arguments_and_wrong_table(result, table):
    with pytest.raises(CorpusError, match="measure='bic'.*'log_ratio'"):
        plot_keyness(result, measure="bic")
    for top in (-1, 0):
        with pytest.raises(CorpusError, match=f"top={top} is not valid; allowed: an integer in"):
            plot_keyness(result, top=top)
    with pytest.raises(CorpusError, match="keyness\\(\\)"):
        plot_keyness(result.drop(columns="direction"))
    with pytest.raises(CorpusError, match="keyness_table\\(\\).*lacks column.*'period'"):
        plot_keyness_heatmap(result)  # a keyness() result: no group column
    bare = table.copy()
    bare.attrs = {}
    with pytest.raises(CorpusError, match="does not record its by="):
        plot_keyness_heatmap(bare)
    with pytest.raises(CorpusError, match="DataFrame"):
        plot_keyness_heatmap("keyness.csv")


def test_heatmap_shows_the_chosen_terms_in_every_group(table):
    ax = plot_keyness_heatmap(table, top=3)
    groups = list(table["period"].cat.categories)
    assert [t.get_text() for t in ax.get_xticklabels()] == groups
    chosen = []
    for g in groups:
        part = table[(table["period"] == g) & (table["direction"] == "target")]
        part = part.sort_values(["significant", "log_ratio"], ascending=False, kind="stable")
        chosen += [t for t in part["term"].head(3) if t not in chosen]
    assert [t.get_text() for t in ax.get_yticklabels()] == chosen
    # every cell value is written, one decimal
    cells = [t.get_text() for t in ax.texts if t.get_position()[0] % 1 == 0.5]
    want = []
    for term in chosen:
        for g in groups:
            v = table.loc[(table["term"] == term) & (table["period"] == g), "log_ratio"]
            row = table[(table["term"] == term) & (table["period"] == g)]
            dagger = (
                "†"
                if len(v) and row["significant"].iloc[0] and row["p_doc"].iloc[0] >= 0.05
                else ""
            )
            want += (
                [(f"{v.iloc[0]:.1f}" if round(v.iloc[0], 1) != 0 else "0.0") + dagger]
                if len(v)
                else []
            )
    assert cells == want
    assert "Top 3 key terms per period" in ax.get_title()
    assert "role: all voices" in ax.get_title()
    assert caption(table) in [t.get_text() for t in ax.texts]
    assert "role=all voices" in provenance(table)


def test_heatmap_reads_the_group_column_named_by_by(builtin_tokens):
    table = dc.keyness_table(builtin_tokens, by="doc_type", min_freq=2)
    assert "doc_type" in table.columns and "group" not in table.columns
    ax = plot_keyness_heatmap(table, top=2)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(table["doc_type"].cat.categories)
    assert "per doc_type" in ax.get_title() and "role: government" in ax.get_title()


def test_heatmap_of_nothing(table):
    ax = plot_keyness_heatmap(table.iloc[:0], top=3)
    assert "no terms to show" in [t.get_text() for t in ax.texts]


# --- token level vs document level ----------------------------------------------------------


def test_terms_key_over_tokens_but_not_documents_are_marked(result):
    """Van Weel is one letter against four: no term can reach p_doc < 0.20 (†, by design)."""
    ax = plot_keyness(result, top=8)
    tgt, ref = expected_rows(result, "log_ratio", 8)
    rows = [*tgt.itertuples(), *ref.itertuples()]
    labels = {t.get_text() for t in ax.texts}
    marked = {r.term for r in rows if r.significant and r.p_doc >= 0.05}
    assert marked, "the bundled corpus has token-level key terms of Van Weel"
    assert {f"{t} †" for t in marked} <= labels
    assert not {f"{r.term} †" for r in rows if r.term not in marked} & labels
    assert (result["p_doc"] >= 0.2 - 1e-12).all()
    xlabel = ax.get_xlabel()
    assert "† key over tokens, not over documents (p_doc ≥ 0.05" in xlabel
    assert "by design, 1 vs 4 documents give p_doc ≥ 0.20" in xlabel


def test_without_document_columns_nothing_is_marked(result):
    ax = plot_keyness(_without_doc_columns(result), top=8)
    assert not [t for t in ax.texts if t.get_text().endswith("†")]
    assert "†" not in ax.get_xlabel()


def _without_doc_columns(table):
    out = table.drop(columns=["p_doc", "p_doc_min", "n_docs_target", "n_docs_reference"])
    out.attrs = table.attrs
    return out


def test_heatmap_note_names_the_designs(table):
    ax = plot_keyness_heatmap(table, top=3)
    note = " ".join(ax.get_xlabel().split())
    assert note.startswith("† key over tokens, not over documents (p_doc ≥ 0.05")
    for g in table["period"].cat.categories:
        row = table[table["period"] == g].iloc[0]
        design = f"{g}: {row.n_docs_target} vs {row.n_docs_reference} documents give p_doc ≥ "
        assert (f"{design}{row.p_doc_min:.2f}" in note) == (row.p_doc_min >= 0.05)
    assert "Van Weel: 1 vs 4 documents give p_doc ≥ 0.20" in note
    plain = plot_keyness_heatmap(_without_doc_columns(table), top=3)
    assert ax.get_xlabel() and not plain.get_xlabel()
    assert not [t for t in plain.texts if t.get_text().endswith("†")]
