"""The collocations widget, driven through its controls, and its update functions called
directly with a dict of control values."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from discourse.widgets import collocations as C
from discourse.widgets.controls import pick

#: The collocations widget's controls (a plain dict), grouped by period.
VALUES = {
    "node": "VS, Verenigde Staten",
    "left": 5,
    "right": 5,
    "measure": "log_dice",
    "min_freq": 2,
    "pos": "content words",
    "by": "period",
    "top": 10,
    "role": "all",
    "collocate": None,
}


@pytest.fixture(scope="module")
def co(toks):
    return C.collocations_widget(toks, node="VS, Verenigde Staten", by="period")


# --- the update functions, without a widget ---------------------------------------------------


def test_view_shows_tables_per_group_network_and_kwic(toks, shown):
    offered = {}

    def offer(name, options, keep=None):
        offered[name] = list(options)
        return pick(name, options, keep)

    items = C.collocations_view(C.CollocationsState(toks), VALUES, offer)
    shown.assert_ok(items)
    frames = shown.tables(items)
    assert [t.split(" (node")[0] for t in frames] == list(toks["period"].cat.categories)
    every = set().union(*(df["collocate"] for df in frames.values()))
    assert set(offered["collocate"]) == every
    assert f"<i>{offered['collocate'][0]}</i>" in items[-1]


def test_view_kwic_positions_are_in_the_window(toks, shown):
    state = C.CollocationsState(toks)
    values = {**VALUES, "left": 1, "right": 1}
    items = C.collocations_view(state, values)
    assert "window L1/R1" in shown.heading(items)
    positions = re.findall(r">([LR]\d+(?:,[LR]\d+)*)<", items[-1])
    assert positions and set(",".join(positions).split(",")) <= {"L1", "R1"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"node": "qwertyuiop"}, "'qwertyuiop'"),
        ({"node": " , "}, "type a node"),
        ({"left": 0, "right": 0}, "window"),
        ({"min_freq": 10_000}, "min freq"),
    ],
)
def test_view_impossible_selections_raise(toks, changes, expected):
    with pytest.raises(ValueError, match=re.escape(expected)):
        C.collocations_view(C.CollocationsState(toks), {**VALUES, **changes})


def test_analysis_without_grouping(toks):
    head, tables, fig, colls = C.collocations_analysis(toks, {**VALUES, "by": "none"}, ["Europa"])
    assert head.startswith("Collocates of <b>Europa</b>")
    assert len(tables.frames) == 1 and next(iter(tables.frames)).startswith("all (node n=")
    assert colls == list(tables.frames[next(iter(tables.frames))]["collocate"])


def test_state_subset_by_role(toks):
    state = C.CollocationsState(toks)
    assert state.subset("all") is toks
    gov = state.subset("government")
    assert (gov["role"].astype(str) == "government").all() and len(gov) < len(toks)
    assert state.subset("government") is gov  # cached


# --- the widget --------------------------------------------------------------------------------


def test_widget_shows_tables_per_group_network_and_kwic(co, toks, shown):
    shown.assert_ok(co)
    frames = shown.tables(co)
    periods = [str(p) for p in toks["period"].cat.categories]
    assert [t.split(" (node")[0] for t in frames] == periods
    for df in frames.values():
        assert list(df.columns) == ["collocate", "o", "freq_collocate", "log_dice"]
        assert len(df) <= co.controls["top"].value
    assert shown.heading(co).startswith("Collocates of VS, Verenigde Staten,")
    coll = co.controls["collocate"].value
    assert coll in set().union(*(df["collocate"] for df in frames.values()))
    kwic = shown.html_items(co)[-1]
    assert f"<i>{coll}</i>" in kwic and "discourse-kwic" in kwic


def test_window_changes_counts(co, restore, shown):
    restore(co)
    before = pd.concat(shown.tables(co).values())
    co.controls["left"].value = 1
    co.controls["right"].value = 1
    after = pd.concat(shown.tables(co).values())
    assert "window L1/R1" in shown.heading(co)
    assert after["o"].sum() < before["o"].sum()
    positions = re.findall(r">([LR]\d+(?:,[LR]\d+)*)<", shown.html_items(co)[-1])
    assert positions and set(",".join(positions).split(",")) <= {"L1", "R1"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("node", "Europa"),
        ("right", 2),
        ("measure", "mi"),
        ("measure", "t_score"),
        ("min_freq", 3),
        ("pos", "all"),
        ("by", "none"),
        ("top", 3),
        ("role", "government"),
    ],
)
def test_each_control_changes_the_result(co, restore, shown, name, value):
    restore(co)
    before = shown.output(co)
    co.controls[name].value = value
    shown.assert_ok(co)
    assert shown.output(co) != before
    frames = shown.tables(co)
    if name == "by":
        assert len(frames) == 1 and next(iter(frames)).startswith("all (node n=")
    if name == "measure":
        assert all(value in df.columns for df in frames.values())
    if name == "min_freq":
        assert all((df["o"] >= value).all() for df in frames.values())
    if name == "node":
        assert shown.heading(co).startswith("Collocates of Europa,")


def test_collocate_selector_filters_kwic(co, restore, shown):
    restore(co)
    options = list(co.controls["collocate"].options)
    co.controls["collocate"].value = options[-1]
    kwic = shown.html_items(co)[-1]
    assert f"<i>{options[-1]}</i>" in kwic
    n_lines = int(re.search(r"\((\d+) lines?;", kwic).group(1))
    assert n_lines >= 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"node": "qwertyuiop"}, "'qwertyuiop'"),
        ({"node": " , "}, "type a node"),
        ({"left": 0, "right": 0}, "window"),
        ({"min_freq": 10_000}, "min freq"),
    ],
)
def test_impossible_selections_show_a_message(co, restore, shown, changes, expected):
    restore(co)
    for name, value in changes.items():
        co.controls[name].value = value
    assert len(shown.messages(co)) == 1 and expected in shown.messages(co)[0]
    assert "discourse-error" not in shown.output(co)


@pytest.mark.parametrize(
    ("defaults", "field"),
    [
        ({"by": "colour"}, "by"),
        ({"measure": "dice_plus"}, "measure"),
        ({"left": 11}, "left"),
        ({"pos": "PUNCTUATION"}, "pos"),
        ({"role": "press"}, "role"),
        ({"window": 3}, "window"),
        ({"node": 42}, "node"),
        ({"collocate": "zzz"}, "collocate"),
    ],
)
def test_unknown_defaults_raise(toks, defaults, field):
    with pytest.raises(ValueError, match=re.escape(field)):
        C.collocations_widget(toks, **defaults)


def test_node_as_a_list_and_an_absent_node(toks, shown):
    wd = C.collocations_widget(toks, node=["Europa", "EU"], by=None, left=2, right=2)
    assert wd.values["node"] == "Europa, EU"
    assert shown.heading(wd).startswith("Collocates of Europa, EU, window L2/R2")
    absent = C.collocations_widget(toks, node="qwertyuiop")  # a message, not an error
    assert "'qwertyuiop' does not occur" in shown.messages(absent)[0]


def test_collocate_default_is_applied(toks, shown):
    _, _, _, colls = C.collocations_analysis(toks, {**VALUES, "by": "none"}, ["VS"])
    wd = C.collocations_widget(toks, node="VS", by=None, collocate=colls[1])
    chosen = colls[1]
    assert wd.values["collocate"] == chosen and f"<i>{chosen}</i>" in shown.html_items(wd)[-1]


def test_node_suggestions_are_frequent_lemmas(co, toks):
    options = co.controls["node"].options
    assert len(options) > 50
    counts = toks.loc[~toks["is_punct"] & ~toks["is_stop"], "lemma"].value_counts()
    assert options[0] == counts.index[0]
