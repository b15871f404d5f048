"""Widgets under edits and hostile pages (issue 20.4 and 20.13).

* a token table edited in place after the widget was built is analysed afresh;
* a lexicon file edited between two updates is read again;
* a page that sends ``max=2_000_000`` and ``value=2_000_000`` for a slider (what a comm
  message can do; ``set_state`` is the kernel side of it) gets the declared range back,
  and the analysis runs with the clamped value.
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from discourse.widgets.collocations import collocations_widget
from discourse.widgets.controls import MAX_TEXT
from discourse.widgets.keyness import keyness_widget
from discourse.widgets.sentiment import sentiment_widget


@pytest.fixture()
def own(toks) -> pd.DataFrame:
    """A private copy of the seed tokens (these tests edit it in place)."""
    return toks.copy(deep=True)


def test_keyness_widget_follows_a_table_edited_in_place(own, shown):
    kw = keyness_widget(own, by="period", target="Van Weel", min_freq=1)
    before = shown.table(kw)
    letter = own.loc[own["period"] == "Veldkamp", "doc_id"].iloc[0]
    own.loc[own["doc_id"] == letter, "period"] = "Van Weel"  # in place
    kw.refresh()
    edited = shown.table(kw)
    fresh = own.copy(deep=True)
    expected = shown.table(keyness_widget(fresh, by="period", target="Van Weel", min_freq=1))
    pd.testing.assert_frame_equal(edited, expected)
    assert not edited.equals(before)


def test_collocations_widget_follows_a_table_edited_in_place(own, shown):
    cw = collocations_widget(own, "kabinet", by=None, min_freq=1)
    before = shown.table(cw)
    top = before["collocate"].iloc[0]
    own.loc[own["lemma"] == top, "role"] = "parliament"  # in place: no longer the cabinet's
    cw.refresh()
    after = shown.table(cw)
    assert top not in set(after["collocate"])
    fresh = shown.table(collocations_widget(own.copy(deep=True), "kabinet", by=None, min_freq=1))
    pd.testing.assert_frame_equal(after, fresh)


def test_sentiment_widget_reads_an_edited_lexicon_file(own, tmp_path, shown):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "form,polarity,subjectivity\nbelangrijk,0.5,0.5\nveilig,0.5,0.5\n", encoding="utf-8"
    )
    stat = path.stat()
    se = sentiment_widget(own, lexicon=str(path), by=None)
    assert shown.table(se)["mean_polarity"].iloc[0] == pytest.approx(0.5)
    path.write_text(
        "form,polarity,subjectivity\nbelangrijk,-0.5,0.5\nveilig,-0.5,0.5\n", encoding="utf-8"
    )
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with the same mtime
    se.refresh()
    assert shown.table(se)["mean_polarity"].iloc[0] == pytest.approx(-0.5)


def test_a_page_cannot_widen_the_collocation_window(toks, shown):
    cw = collocations_widget(toks, "kabinet", window=(2, 2), by=None)
    left = cw.controls["left"]
    left.set_state({"max": 2_000_000, "value": 2_000_000})  # a comm message's update
    assert (left.min, left.max) == (0, 10)
    assert left.value <= 10
    assert "window L10/R2" in shown.heading(cw)
    assert "window L2000000" not in shown.output(cw)


def test_values_beyond_the_declared_range_are_clamped_in_the_kernel(toks, shown):
    kw = keyness_widget(toks, by="period", target="Veldkamp")
    top = kw.controls["top"]
    with kw.holding():  # as if the page had changed the range without the kernel noticing
        top.unobserve_all("max")
        top.max = 2_000_000
        top.value = 2_000_000
    kw.refresh()
    assert top.value == 2_000_000  # the control says so, the analysis does not
    assert "top 50 per direction" in shown.heading(kw)
    table = shown.table(kw)
    assert (table["direction"].value_counts() <= 50).all()


def test_a_text_longer_than_allowed_is_refused(toks, shown):
    cw = collocations_widget(toks, "kabinet", by=None)
    cw.controls["terms"].value = ", ".join(["kabinet"] * (MAX_TEXT // 5))
    (message,) = shown.messages(cw)
    n = len(cw.controls["terms"].value)
    assert f"control 'terms': {n:,} characters; at most {MAX_TEXT:,} are allowed" in message
