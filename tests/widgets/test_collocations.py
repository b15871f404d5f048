"""The collocations widget, driven through its controls, and its update functions called
directly with a dict of control values."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from discourse.analysis.collocations import collocations
from discourse.errors import CorpusError
from discourse.widgets import collocations as C
from discourse.widgets.controls import ALL_VOICES, pick

#: The collocations widget's controls at their defaults on the seed corpus (a plain dict).
#: The concordance controls' first values (every line, 25 per page, document order).
KWIC_VALUES = {"sort": "position", "lines": "25 per page", "page": 1, "sample": 0, "seed": 1}
VALUES = {
    "terms": "VS, Verenigde Staten",
    "left": 5,
    "right": 5,
    "measure": "log_dice",
    "min_freq": 2,
    "pos": "content words",
    "by": "period",
    "top": 10,
    "role": "government",
    "collocate": None,
    **KWIC_VALUES,
}


def group_of(title: str) -> str:
    """The group of a table title: ``"Veldkamp (12 matches)"`` -> ``"Veldkamp"``."""
    return title.rsplit(" (", 1)[0]


@pytest.fixture(scope="module")
def co(toks):
    return C.collocations_widget(toks, "VS, Verenigde Staten", by="period")


# --- the update functions, without a widget ---------------------------------------------------


def test_view_shows_tables_per_group_network_and_kwic(toks, shown):
    offered = {}

    def offer(name, options, keep=None):
        offered[name] = list(options)
        return pick(name, options, keep)

    items = C.collocations_view(C.CollocationsState(toks), VALUES, offer)
    shown.assert_ok(items)
    frames = shown.tables(items)
    assert [group_of(t) for t in frames] == list(toks["period"].cat.categories)
    every = set().union(*(df["collocate"] for df in frames.values()))
    assert set(offered["collocate"]) == every
    assert f"<i>{offered['collocate'][0]}</i>" in shown.html_items(items)[-1]


def test_view_kwic_positions_are_in_the_window(toks, shown):
    state = C.CollocationsState(toks)
    values = {**VALUES, "left": 1, "right": 1}
    items = C.collocations_view(state, values)
    assert "window L1/R1" in shown.heading(items)
    positions = re.findall(r">([LR]\d+(?:,[LR]\d+)*)<", shown.html_items(items)[-1])
    assert positions and set(",".join(positions).split(",")) <= {"L1", "R1"}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"terms": "qwertyuiop"}, "'qwertyuiop'"),
        ({"terms": " , "}, "type terms"),
        ({"left": 0, "right": 0}, "window"),
        ({"min_freq": 10_000}, "min freq"),
    ],
)
def test_view_impossible_selections_raise(toks, changes, expected):
    with pytest.raises(CorpusError, match=re.escape(expected)):
        C.collocations_view(C.CollocationsState(toks), {**VALUES, **changes})


def test_analysis_without_grouping(toks):
    head, tables, fig, colls = C.collocations_analysis(toks, {**VALUES, "by": "none"}, ["Europa"])
    assert head.startswith("Collocates of <b>Europa</b>")
    assert len(tables.frames) == 1 and re.match(r"all \(\d+ matches\)", next(iter(tables.frames)))
    assert colls == list(tables.frames[next(iter(tables.frames))]["collocate"])


def test_state_subset_by_role(toks):
    state = C.CollocationsState(toks)
    assert state.subset(ALL_VOICES) is toks
    gov = state.subset("government")
    assert (gov["role"].astype(str) == "government").all() and len(gov) < len(toks)
    assert state.subset("government") is gov  # cached


# --- the widget --------------------------------------------------------------------------------


def test_widget_shows_tables_per_group_network_and_kwic(co, toks, shown):
    shown.assert_ok(co)
    frames = shown.tables(co)
    periods = [str(p) for p in toks["period"].cat.categories]
    assert [group_of(t) for t in frames] == periods
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
        ("terms", "Europa"),
        ("right", 2),
        ("measure", "mi"),
        ("measure", "t_score"),
        ("min_freq", 3),
        ("pos", "all"),
        ("by", "none"),
        ("top", 3),
        ("role", ALL_VOICES),
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
        assert len(frames) == 1 and next(iter(frames)).startswith("all (")
    if name == "measure":
        assert all(value in df.columns for df in frames.values())
    if name == "min_freq":
        assert all((df["o"] >= value).all() for df in frames.values())
    if name == "terms":
        assert shown.heading(co).startswith("Collocates of Europa,")
    if name == "role":
        assert f"role={value}" in shown.caption(co) and f"role {value}" in shown.heading(co)


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
        ({"terms": "qwertyuiop"}, "'qwertyuiop'"),
        ({"terms": " , "}, "type terms"),
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
    ("defaults", "field", "allowed"),
    [
        ({"by": "colour"}, "by", "or None (no grouping)"),
        ({"measure": "dice_plus"}, "measure", "'log_dice'"),
        ({"window": 11}, "window", "from 1 to 10"),
        ({"window": (0, 0)}, "window", "not both 0"),
        ({"pos": "PUNCTUATION"}, "pos", "'content words'"),
        ({"role": "press"}, "role", "None (all voices)"),
        ({"top": 31}, "top", "[3, 30]"),
        ({"min_freq": 0}, "min_freq", "[1, 100000]"),
        ({"terms": 42}, "terms", "a non-blank string"),
        ({"terms": ["VS", " "]}, "terms", "a non-blank string"),
        ({"node": "VS"}, "node", "(now terms=)"),
        ({"left": 3}, "left", "(now window=)"),
        ({"collocate": "zzz"}, "collocate", "'europa'"),
    ],
)
def test_bad_defaults_raise_corpus_error(toks, defaults, field, allowed):
    with pytest.raises(CorpusError, match=rf"^collocations_widget\(\): {field}=") as err:
        C.collocations_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_terms_as_a_list_and_absent_terms(toks, shown):
    wd = C.collocations_widget(toks, ["Europa", "EU"], by=None, window=2)
    assert wd.values["terms"] == "Europa, EU"
    assert (wd.values["left"], wd.values["right"]) == (2, 2)
    assert shown.heading(wd).startswith("Collocates of Europa, EU, window L2/R2")
    absent = C.collocations_widget(toks, terms="qwertyuiop")  # a message, not an error
    assert "'qwertyuiop' does not occur" in shown.messages(absent)[0]


def test_collocate_default_is_applied(toks, shown):
    _, _, _, colls = C.collocations_analysis(toks, {**VALUES, "by": "none"}, ["VS"])
    wd = C.collocations_widget(toks, "VS", by=None, collocate=colls[1])
    chosen = colls[1]
    assert wd.values["collocate"] == chosen and f"<i>{chosen}</i>" in shown.html_items(wd)[-1]


def test_terms_suggestions_are_frequent_lemmas(co, toks):
    options = co.controls["terms"].options
    assert len(options) > 50
    counts = toks.loc[~toks["is_punct"] & ~toks["is_stop"], "lemma"].value_counts()
    assert options[0] == counts.index[0]


def test_widget_starts_on_the_cabinets_voice(toks, shown):
    wd = C.collocations_widget(toks)
    assert {k: v for k, v in wd.values.items() if k != "collocate"} == {
        k: v for k, v in VALUES.items() if k != "collocate"
    }
    assert wd.controls["role"].options[:2] == ("government", ALL_VOICES)
    assert "role=government" in shown.caption(wd)
    default = collocations(
        toks, ["VS", "Verenigde Staten"], by="period", top=10, pos=("NOUN", "PROPN", "ADJ", "VERB")
    )
    for title, frame in shown.tables(wd).items():
        part = default[default["period"].astype(str) == group_of(title)]
        assert list(frame["collocate"]) == list(part["collocate"])


def test_kwic_lines_say_whose_words_they_are(co, shown):
    kwic = shown.html_items(co)[-1]
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", kwic)
    assert heads == ["left", "match", "right", "doc_id", "speaker", "role", "period", "at"]
    assert "overflow-x:auto" in kwic and "role=government" in kwic
