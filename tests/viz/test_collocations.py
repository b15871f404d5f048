"""plot_collocations: one panel per group with that group's top collocates and their scores."""

from __future__ import annotations

from collections import Counter

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

import discourse as dc
from discourse.errors import CorpusError
from discourse.viz.base import caption
from discourse.viz.collocations import plot_collocations

NODE = ["VS", "Verenigde Staten", "Amerika*"]


@pytest.fixture(scope="module")
def result(builtin_tokens):
    return dc.collocations(builtin_tokens, NODE, by="period", role=None, window=5, min_freq=1)


def top_by_group(result, measure, top):
    return {
        str(g): part.sort_values(measure, ascending=False, kind="stable").head(top)
        for g, part in result.groupby("period", observed=True)
    }


def test_one_panel_per_group_with_its_top_collocates(result):
    axes = plot_collocations(result, measure="log_dice", top=5)
    groups = list(result.attrs["freq_node"])
    assert len(axes) == len(groups)
    want = top_by_group(result, "log_dice", 5)
    for panel, group in zip(axes, groups, strict=True):
        rows = want.get(group)
        n = 0 if rows is None else len(rows)
        assert len(panel.patches) == n
        f_node = result.attrs["freq_node"][group]
        assert panel.get_title() == f"{group}  (node n={f_node})"
        if n:
            # top to bottom: strongest first, bar length = the score
            drawn = sorted(panel.patches, key=lambda p: -p.get_y())
            assert [p.get_width() for p in drawn] == pytest.approx(list(rows["log_dice"]))
            labels = [t.get_text() for t in panel.get_yticklabels()][::-1]
            assert labels == list(rows["collocate"])
            values = [t.get_text() for t in panel.texts]
            assert values[::-1] == [
                f" {v:.1f} (o={o})" for v, o in zip(rows["log_dice"], rows["o"], strict=True)
            ]
    fig = axes[0].figure
    assert fig.texts[0].get_text().startswith("Collocates of “VS | Verenigde Staten | Amerika*”")
    assert caption(result) in [t.get_text() for t in fig.texts]


def test_shared_collocates_have_one_colour_everywhere(result):
    axes = plot_collocations(result, top=8)
    colour_of: dict[str, set] = {}
    for panel in axes:  # tick labels and bars both bottom to top
        names = [t.get_text() for t in panel.get_yticklabels()]
        for name, bar in zip(names, sorted(panel.patches, key=lambda p: p.get_y()), strict=True):
            colour_of.setdefault(name, set()).add(bar.get_facecolor())
    n_panels = Counter(t.get_text() for panel in axes for t in panel.get_yticklabels())
    assert max(n_panels.values()) > 1, "the fixture should have collocates shared by periods"
    grey = to_rgba("0.72")
    for name, colours in colour_of.items():
        assert len(colours) == 1
        assert (colours.pop() != grey) == (n_panels[name] > 1)


def test_without_groups_one_panel(builtin_tokens):
    pooled = dc.collocations(builtin_tokens, NODE, role=None, window=5, min_freq=2)
    axes = plot_collocations(pooled, measure="mi", top=4)
    assert len(axes) == 1 and len(axes[0].patches) == min(4, len(pooled))
    assert axes[0].get_xlabel() == "mi"


def test_given_axes_and_too_few(result):
    fig, axes = plt.subplots(1, 3)
    assert list(plot_collocations(result, top=3, ax=axes)) == list(axes)
    with pytest.raises(CorpusError, match="need 3 Axes"):
        plot_collocations(result, top=3, ax=axes[:1])


def test_empty_and_bad_arguments(result):
    axes = plot_collocations(result.iloc[:0], top=5)
    assert "no collocates" in [t.get_text() for t in axes[0].texts]
    with pytest.raises(CorpusError, match="measure='llr'"):
        plot_collocations(result, measure="llr")
    with pytest.raises(CorpusError, match="collocations\\(\\)"):
        plot_collocations(result.drop(columns="o"))
    assert np.isfinite(result["log_dice"]).all()


def test_title_names_the_terms_and_the_caption_the_role(builtin_tokens, result):
    axes = plot_collocations(result, top=3)
    title = axes[0].figure._suptitle.get_text()
    assert title.startswith("Collocates of “VS | Verenigde Staten | Amerika*” · window L5/R5")
    assert any("role=all voices" in t.get_text() for t in axes[0].figure.texts)
    gov = dc.collocations(builtin_tokens, NODE, window=5, min_freq=2)  # the default voice
    axes = plot_collocations(gov, top=3)
    assert any("role=government" in t.get_text() for t in axes[0].figure.texts)
    with pytest.raises(CorpusError, match="top=0 is not valid; allowed: an integer in"):
        plot_collocations(result, top=0)
