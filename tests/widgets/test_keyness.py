"""The keyness widget, driven through its controls, and its update functions called directly.

Controls are changed through ``control.value``, i.e. through the same observer path a
browser uses. Timings are not asserted (they are measured in ``bench/``).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from discourse.analysis.measures import MEASURES
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.widgets import keyness as K
from discourse.widgets.base import shown_items
from discourse.widgets.controls import ALL_VOICES
from discourse.widgets.render import bundle

#: The keyness widget's controls at their defaults on the seed corpus (a plain dict).
#: The concordance controls' first values (every line, 25 per page, document order).
KWIC_VALUES = {"sort": "position", "lines": "25 per page", "page": 1, "sample": 0, "seed": 1}
VALUES = {
    "by": "period",
    "target": "Veldkamp",
    "reference": K.REST,
    "unit": "lemma",
    "pos": "content words",
    "measure": "log_likelihood",
    "min_freq": 3,
    "alpha": 0.05,
    "correction": "bh",
    "top": 10,
    "role": "government",
    "term": None,
    **KWIC_VALUES,
}


@pytest.fixture(scope="module")
def kw(toks):
    return K.keyness_widget(toks, target="Veldkamp")


class Offers:
    """An ``offer`` that records the options offered per control (and picks as a widget)."""

    def __init__(self) -> None:
        self.options: dict[str, list] = {}

    def __call__(self, name, options, keep=None):
        self.options[name] = list(options)
        return K.pick(name, options, keep)


# --- the update functions, without a widget ---------------------------------------------------


def test_view_shows_heading_table_plot_and_kwic(toks, shown):
    offers = Offers()
    items = K.keyness_view(K.KeynessState(toks), VALUES, offers)
    shown.assert_ok(items)
    table = shown.table(items)
    assert list(table.columns) == K.keyness_columns("log_likelihood")
    assert shown.heading(items).startswith("Veldkamp vs the other groups")
    assert offers.options["term"] == list(table["term"])
    assert (
        f"<i>{table['term'][0]}</i>" in shown.html_items(items)[-1]
    )  # no term chosen: the first one's lines


def test_view_is_what_the_widget_shows(kw, toks, restore):
    restore(kw)
    kw.controls["unit"].value = "lower"
    items = K.keyness_view(K.KeynessState(toks), kw.values)

    def undated(data):
        return {k: re.sub(r"<dc:date>[^<]*</dc:date>", "", v) for k, v in data.items()}

    assert [undated(bundle(i)["data"]) for i in items] == [
        undated(b["data"]) for b in kw.out.outputs
    ]


def test_view_kwic_of_a_chosen_term(toks, shown):
    state = K.KeynessState(toks)
    terms = list(shown.table(K.keyness_view(state, VALUES))["term"])
    items = K.keyness_view(state, {**VALUES, "term": terms[2]})
    assert (
        f"<i>{terms[2]}</i>" in shown.html_items(items)[-1]
        and "<mark>" in shown.html_items(items)[-1]
    )
    unknown = K.keyness_view(state, {**VALUES, "term": "qqq"})  # not offered: the first term
    assert f"<i>{terms[0]}</i>" in shown.html_items(unknown)[-1]


def test_view_of_a_reference_term_reads_the_reference(toks, shown):
    state = K.KeynessState(toks)
    table = shown.table(K.keyness_view(state, {**VALUES, "reference": "Van Weel"}))
    only_ref = table.loc[table["freq_target"] == 0, "term"]
    assert not only_ref.empty
    items = K.keyness_view(state, {**VALUES, "reference": "Van Weel", "term": only_ref.iloc[0]})
    assert "in Van Weel, role government" in shown.html_items(items)[-1]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reference": "Veldkamp"}, "both"),
        ({"min_freq": 100_000}, "min freq"),
        ({"role": "parliament", "target": "Rutte III (2018)"}, "no words"),
    ],
)
def test_view_impossible_selections_raise_and_show_a_message(toks, changes, expected):
    state = K.KeynessState(toks)
    with pytest.raises(CorpusError, match=expected):
        K.keyness_view(state, {**VALUES, **changes})
    items = shown_items(lambda v: K.keyness_view(state, v), {**VALUES, **changes})
    assert len(items) == 1 and "discourse-warning" in items[0] and expected in items[0]


def test_regroup_offers_the_groups_of_the_new_grouping(toks):
    state = K.KeynessState(toks)
    offers = Offers()
    K.keyness_regroup(state, {**VALUES, "by": "cabinet"}, offers)
    cabinets = sorted(map(str, toks["cabinet"].dropna().unique()))
    assert sorted(offers.options["target"]) == cabinets
    assert offers.options["reference"] == [K.REST, *offers.options["target"]]
    kept = Offers()
    K.keyness_regroup(state, {**VALUES, "reference": "Van Weel"}, kept)
    assert "Veldkamp" in kept.options["target"]


def test_analysis_is_the_public_keyness(toks):
    from discourse.analysis.keyness import keyness

    head, tables, fig, terms = K.keyness_analysis(toks, VALUES)
    pos = ("NOUN", "PROPN", "ADJ", "VERB")
    result = keyness(toks, by="period", target="Veldkamp", pos=pos)  # role: the default
    top = result[result["direction"] == "target"].head(10)["term"]
    assert terms[: len(top)] == list(top)
    assert tables.caption and fig.axes


def test_top_change_reuses_the_analysis(toks, monkeypatch):
    """``top`` only chooses the rows shown: the keyness() result is kept (issue 21.4), the
    table and plot follow the new top, and other controls still recompute."""
    from discourse.widgets import keyness_analysis

    calls = []
    real = keyness_analysis.keyness
    monkeypatch.setattr(
        keyness_analysis, "keyness", lambda *a, **kw: calls.append(kw) or real(*a, **kw)
    )
    state = K.KeynessState(toks)
    first = K.keyness_view(state, VALUES)
    fewer = K.keyness_view(state, {**VALUES, "top": 4})
    assert len(calls) == 1
    sizes = [len(next(iter(items[1].frames.values()))) for items in (first, fewer)]
    assert sizes[0] > sizes[1] and sizes[1] <= 8
    K.keyness_view(state, {**VALUES, "top": 4, "min_freq": 4})
    assert len(calls) == 2 and calls[-1]["min_freq"] == 4


@pytest.mark.parametrize("col", ["period", "role", "doc_id", "speaker", "doc_type"])
def test_rows_in_matches_astype_str(toks, col):
    state = K.KeynessState(toks)
    as_str = toks[col].astype(str)
    present = sorted(set(toks[col].dropna().astype(str)))
    for values in (present[:1], present[-2:], ["qqq"]):
        assert (state.rows_in(col, values) == as_str.isin(values).to_numpy()).all(), values
    codes = pd.Series(pd.Categorical(["a", None, "b", "a"]))
    probe = K.KeynessState(pd.DataFrame({"x": codes}))
    assert list(probe.rows_in("x", ["a"])) == [True, False, False, True]


# --- the widget --------------------------------------------------------------------------------


def test_widget_shows_table_plot_and_kwic(kw, shown):
    shown.assert_ok(kw)
    tab = shown.table(kw)
    assert list(tab.columns) == K.keyness_columns(kw.controls["measure"].value)
    assert (tab["direction"].isin(["target", "reference"])).all()
    assert tab["direction"].value_counts().max() <= kw.controls["top"].value
    assert shown.heading(kw).startswith("Veldkamp vs")
    assert list(kw.controls["term"].options) == list(tab["term"])
    term = kw.controls["term"].value
    assert "KWIC" in shown.html_items(kw)[-1] and term in shown.html_items(kw)[-1]


def test_target_change_changes_terms(kw, restore, shown):
    restore(kw)
    before = shown.table(kw)
    kw.controls["target"].value = "Van Weel"
    after = shown.table(kw)
    assert shown.heading(kw).startswith("Van Weel vs")
    assert set(before["term"]) != set(after["term"])
    assert "key terms of Van Weel" in next(iter(shown.tables(kw)))


def test_grouping_updates_target_and_reference(kw, toks, restore, shown):
    restore(kw)
    kw.controls["by"].value = "cabinet"
    cabinets = sorted(map(str, toks["cabinet"].dropna().unique()))
    assert sorted(kw.controls["target"].options) == cabinets
    assert list(kw.controls["reference"].options) == [K.REST, *kw.controls["target"].options]
    assert shown.heading(kw).split(" vs")[0] in cabinets
    shown.assert_ok(kw)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("reference", "Van Weel"),
        ("unit", "lower"),
        ("unit", "bigram"),
        ("pos", "nouns"),
        ("pos", "all"),
        ("measure", "log_ratio"),
        ("min_freq", 8),
        ("alpha", 0.001),
        ("correction", "none"),
        ("top", 5),
        ("role", ALL_VOICES),
    ],
)
def test_each_control_changes_the_result(kw, restore, shown, name, value):
    restore(kw)
    before, table_before = shown.output(kw), shown.table(kw)
    kw.controls[name].value = value
    shown.assert_ok(kw)
    assert shown.output(kw) != before
    after = shown.table(kw)
    if name == "min_freq":
        assert ((after["freq_target"] + after["freq_reference"]) >= value).all()
    if name == "top":
        assert after["direction"].value_counts().max() <= value < len(table_before)
    if name == "unit" and value == "bigram":
        assert after["term"].str.contains(" ").all()
    if name == "measure":
        target = after[after["direction"] == "target"]
        assert target["log_ratio"].is_monotonic_decreasing
    if name in ("alpha", "correction"):
        assert shown.heading(kw) != re.sub(r"<[^>]+>", "", before.split("</p>")[0])


def test_every_measure_works(kw, restore, shown):
    restore(kw)
    for measure in MEASURES:
        kw.controls["measure"].value = measure
        shown.assert_ok(kw)
        assert measure in shown.table(kw).columns  # the ranking measure is shown
        assert len(shown.table(kw).columns) <= len(K.KEYNESS_COLUMNS) + 1


def test_term_selector_shows_kwic_of_that_term(kw, restore, shown):
    restore(kw)
    terms = list(kw.controls["term"].options)
    kw.controls["term"].value = terms[1]
    kwic = shown.html_items(kw)[-1]
    assert f"<i>{terms[1]}</i>" in kwic
    assert 'class="discourse-table discourse-kwic"' in kwic or "no occurrence" in kwic
    assert "<mark>" in kwic


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reference": "Veldkamp"}, "both"),
        ({"min_freq": 100_000}, "min freq"),
        ({"role": "parliament", "target": "Rutte III (2018)"}, "no words"),
    ],
)
def test_impossible_selections_show_a_message(kw, restore, shown, changes, expected):
    restore(kw)
    for name, value in changes.items():
        kw.controls[name].value = value
    assert len(shown.messages(kw)) == 1
    assert expected in shown.messages(kw)[0]
    assert "Traceback" not in shown.output(kw) and "discourse-error" not in shown.output(kw)


@pytest.mark.parametrize(
    ("defaults", "field", "allowed"),
    [
        ({"by": "colour"}, "by", "'period', 'cabinet'"),
        ({"by": None}, "by", "'period', 'cabinet'"),
        ({"target": "Balkenende"}, "target", "'Rutte III (2018)', 'Veldkamp', 'Van Weel'"),
        ({"by": "cabinet", "target": "Veldkamp"}, "target", "'Rutte III', 'Schoof'"),
        ({"reference": "Balkenende"}, "reference", "'Van Weel'"),
        ({"unit": "stem"}, "unit", "'lemma', 'lower', 'text', 'bigram'"),
        ({"pos": ["NOUN", "XYZ"]}, "pos", "'content words'"),
        ({"pos": "PUNCTUATION"}, "pos", "'nouns'"),
        ({"measure": "chi2"}, "measure", "'log_ratio'"),
        ({"correction": "holm"}, "correction", "'bh', 'bonferroni', 'none'"),
        ({"role": "press"}, "role", "'government'"),
        ({"role": "all"}, "role", "None (all voices)"),
        ({"top": 0}, "top", "[3, 50]"),
        ({"min_freq": "3"}, "min_freq", "[1, 100000]"),
        ({"alpha": 2}, "alpha", "(0, 1)"),
        ({"term": "qqq"}, "term", "'EU'"),
        ({"colour": "red"}, "colour", "by, target, reference"),
    ],
)
def test_bad_defaults_raise_corpus_error(toks, defaults, field, allowed):
    """One message form (discourse._validate): the widget, the argument, the value and
    what is allowed."""
    with pytest.raises(CorpusError, match=rf"^keyness_widget\(\): {field}=") as err:
        K.keyness_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_defaults_are_applied(toks, shown):
    wd = K.keyness_widget(
        toks,
        by="cabinet",
        target="Rutte III",
        reference=None,
        pos=["NOUN", "PROPN"],
        role=None,
        alpha=0.2,
        top=4,
    )
    assert wd.values["reference"] == K.REST and wd.values["pos"] == "nouns"
    assert wd.values["role"] == ALL_VOICES and wd.values["alpha"] == 0.2
    assert "role=all voices" in shown.caption(wd)
    assert shown.heading(wd).startswith("Rutte III vs")
    assert shown.table(wd)["direction"].value_counts().max() <= 4
    term = K.keyness_widget(toks, target="Veldkamp", term="Europa")
    assert term.values["term"] == "Europa"
    assert "<i>Europa</i>" in shown.html_items(term)[-1]


def test_kwic_lines_follow_the_role_control(toks):
    """KWIC lines come from the role chosen in the widget ("all": every voice), whatever
    the default role of kwic() is."""
    state = K.KeynessState(toks)

    def n_lines(role):
        title, lines = K.keyness_kwic(state, {**VALUES, "role": role}, "Verenigde Staten", 1)
        assert f"role={role}" in provenance(lines)  # the lines' provenance names the role
        assert int(re.search(r"\((\d+) lines?\)", title).group(1)) == len(lines)
        return len(lines)

    n_all, n_gov, n_parl = n_lines(ALL_VOICES), n_lines("government"), n_lines("parliament")
    assert n_gov > 0 and n_parl > 0 and n_all >= n_gov + n_parl


def test_widget_starts_on_the_cabinets_voice(toks, shown):
    wd = K.keyness_widget(toks)
    assert {k: v for k, v in wd.values.items() if k != "term"} == {
        **{k: v for k, v in VALUES.items() if k != "term"},
        "target": "Van Weel",  # the last period
    }
    assert list(wd.controls["role"].options) == ["government", ALL_VOICES, "parliament", "other"]
    assert "role=government" in shown.caption(wd)
    assert "role government" in shown.heading(wd)


def test_kwic_lines_say_whose_words_they_are(kw, shown):
    """The KWIC table ends with document, speaker and role (kwic_html's default), scrolls
    sideways inside the output area, and its provenance line names the role."""
    kwic = shown.html_items(kw)[-1]
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", kwic)
    assert heads[-3:] == ["doc_id", "speaker", "role"]
    assert kwic.count("<td") == 6 * kwic.count("<tr title=")  # 3 info + left, match, right
    roles = re.findall(r"<td[^>]*>([^<]*)</td></tr>", kwic)
    assert roles and set(roles) == {"government"}
    assert 'class="discourse-scroll" style="max-width:100%;overflow-x:auto"' in kwic
    assert "role=government" in kwic
