"""Rendering: tables, messages, and SVG figures whose captions wrap as matplotlib's do."""

from __future__ import annotations

import io
import re

import matplotlib
import pandas as pd

from discourse.widgets import render as R


def test_message_and_table_html_escape():
    assert "a &lt;b&gt;" in R.message_html("a <b>", kind="error")
    assert 'class="discourse-message discourse-error"' in R.message_html("x", kind="error")
    html = R.table_html(pd.DataFrame({"a": [1.5, None], "b": ["<x>", "y"]}), kind="k")
    assert html.startswith('<table class="discourse-table k-table"')
    assert "&lt;x&gt;" in html and "–" in html


def test_tag_tables_and_note():
    assert R.tag_tables("<table class='kwic'>", "kwic", "discourse-kwic") == (
        '<table class="discourse-table discourse-kwic">'
    )
    box = R.kwic_box("<table class='discourse-kwic'></table>")
    assert box.startswith('<div class="discourse-scroll" style="max-width:100%;overflow-x:auto">')
    assert '<table class="discourse-table discourse-kwic">' in box
    assert R.note_html(pd.DataFrame()).startswith('<div style="font-size:75%')


def _linear_last_fitting(n, fits):
    """Matplotlib's own rule (``Text._get_wrapped_text``): the first prefix too wide ends it."""
    return next((i - 1 for i in range(2, n + 1) if not fits(i)), n)


def test_last_fitting_equals_the_linear_scan_for_every_guess():
    for n in range(1, 30):
        for width in range(n + 2):  # fits(i) <=> i <= width
            calls = []

            def fits(i, width=width, calls=calls):
                calls.append(i)
                return i <= width

            expected = _linear_last_fitting(n, fits)
            for guess in range(-1, n + 3):
                calls.clear()
                assert R.last_fitting(n, fits, guess) == expected, (n, width, guess)
                assert all(1 <= i <= n for i in calls)


def test_figure_svg_wraps_captions_exactly_as_matplotlib(toks):
    """The fast caption wrapping and the text sizes kept across figures give the same SVG
    as a plain savefig, byte for byte (the second and third figure reuse sizes measured
    for the first)."""
    from discourse.analysis.collocations import collocations
    from discourse.analysis.keyness import keyness
    from discourse.viz.collocations import plot_collocations
    from discourse.viz.keyness import plot_keyness

    def plain(fig):
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "discourse"}):
            fig.savefig(buf, format="svg", metadata={"Date": None})
        return buf.getvalue()

    def undated(svg):
        return re.sub(r"<dc:date>[^<]*</dc:date>", "", svg)

    R._TEXT_SIZES.clear()

    result = keyness(toks, by="period", target="Veldkamp")
    makers = [lambda top=top: R.figure_of(plot_keyness(result, top=top)) for top in (3, 20)]
    co = collocations(toks, "kabinet", by="period")
    makers.append(lambda: R.figure_of(plot_collocations(co)))
    for make in makers:
        fig = make()
        assert any(t.get_wrap() for ax in fig.axes for t in [*ax.texts, *fig.texts])
        assert undated(R.figure_svg(fig)) == undated(plain(make()))
        assert R.figure_svg(fig) is R.figure_svg(fig)  # rendered once
    assert R._TEXT_SIZES  # sizes were kept
    assert "<dc:date>" not in R.figure_svg(fig)  # the same figure, the same bytes


def test_dense_collections_are_drawn_as_images_and_texts_stay_text():
    """A scatter of more than RASTER_OVER dots is one image in the SVG; its axes' texts
    stay text; a small scatter stays vector dots."""
    import matplotlib.pyplot as plt
    import numpy as np

    rng = np.random.default_rng(0)
    svgs = []
    for n in (R.RASTER_OVER + 1, 12):
        fig, ax = plt.subplots(figsize=(4, 3))
        plt.close(fig)
        ax.scatter(rng.random(n), rng.random(n), s=9)
        ax.set_title("zinnen per kabinet")
        svgs.append(R.figure_svg(fig))
    dense, sparse = svgs
    assert dense.count("<image") == 1 and "zinnen per kabinet" in dense
    assert "<image" not in sparse and "zinnen per kabinet" in sparse
    assert len(dense) < len(sparse) * 20  # not one element per dot
