"""Concordances in the widgets: paging, sorting, a seeded sample, the collocate highlighted,
a chosen term or collocate opening its lines, and the measures explained."""

from __future__ import annotations

import re

import pytest

from discourse.analysis.kwic import kwic, sort_lines
from discourse.widgets import collocations as C
from discourse.widgets import keyness as K
from discourse.widgets.concordance import MEASURE_NOTES, PAGE_SIZES, concordance

KWIC = {"sort": "position", "lines": "25 per page", "page": 1, "sample": 0, "seed": 1}
KEYNESS = {
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
    **KWIC,
}
COLLOCATIONS = {
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
    **KWIC,
}


def note(markup: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"discourse-kwic-note[^>]*>(.*?)</p>", markup).group(1))


@pytest.fixture(scope="module")
def state(toks):
    return C.CollocationsState(toks)


def test_pages_cover_every_line_once(toks):
    found = kwic(toks, ["VS", "Verenigde Staten", "Amerika"], role=None)
    assert len(found) > 25, "the seed corpus gives more than one page of these lines"
    seen, pages = [], -(-len(found) // 25)
    for page in range(1, pages + 2):  # one past the last: the last again
        shown = concordance(found, {**KWIC, "page": page}, "<h4>t</h4>", ["doc_id"])
        rows = len(re.findall(r"<tr title=", shown.markup))
        first = (min(page, pages) - 1) * 25 + 1
        assert note(shown.markup).startswith(f"lines {first}–{first + rows - 1} of {len(found)}")
        if page <= pages:
            seen.append(rows)
    assert sum(seen) == len(found) and f"page {pages} of {pages}" in note(shown.markup)
    every = concordance(found, {**KWIC, "lines": "all"}, "", ["doc_id"])
    assert len(re.findall(r"<tr title=", every.markup)) == len(found)
    assert "page" not in note(every.markup) and len(every.table) == len(found)
    assert list(PAGE_SIZES) == ["25 per page", "100 per page", "all"]


@pytest.mark.parametrize("sort", ["L1", "R3", "match", "left"])
def test_lines_are_sorted_as_chosen(state, shown, sort):
    items = C.collocations_view(state, {**COLLOCATIONS, "sort": sort, "lines": "all"})
    lines = shown.lines(items)
    again = sort_lines(lines, sort)  # a stable sort leaves sorted lines as they are
    assert lines["right"].tolist() == again["right"].tolist()
    position = sort_lines(lines, "position")
    assert sorted(map(tuple, position[["left", "right"]].values.tolist())) == sorted(
        map(tuple, lines[["left", "right"]].values.tolist())
    )
    assert lines.attrs["params"]["sort"] == sort and f"sorted by {sort}" in note(
        shown.html_items(items)[-1]
    )


def test_random_sample_is_seeded_and_recorded(toks):
    every = kwic(toks, ["VS", "Verenigde Staten", "Amerika"], role=None)
    values = {**KWIC, "lines": "all"}

    def sample(n, seed):
        return concordance(every, {**values, "sample": n, "seed": seed}, "", []).table

    a, b, c = sample(5, 7), sample(5, 7), sample(5, 8)
    key = ["doc_id", "char_start"]
    assert len(a) == 5 and a[key].equals(b[key]) and not a[key].equals(c[key])
    pairs = set(map(tuple, every[key].astype(str).values.tolist()))
    assert set(map(tuple, a[key].astype(str).values.tolist())) <= pairs
    assert a.attrs["params"]["sample"] == 5 and a.attrs["params"]["seed"] == 7
    assert "sample" not in every.attrs["params"]  # the kwic result is not changed
    big = sample(10_000, 1)
    assert len(big) == len(every) and "sample" not in big.attrs["params"]
    assert "random sample (seed 7)" in note(
        concordance(every, {**values, "sample": 5, "seed": 7}, "", []).markup
    )


def test_collocate_is_highlighted_at_its_position_whatever_the_window(state, shown):
    values = {**COLLOCATIONS, "left": 0, "right": 5, "lines": "all"}
    items = C.collocations_view(state, values)
    markup = shown.html_items(items)[-1]
    lines = shown.lines(items)
    marks = re.findall(r'class="discourse-collocate"[^>]*>[^<]*<sup[^>]*>(R\d)</sup>', markup)
    assert len(marks) >= len(lines)  # every line shows its collocate, R4/R5 included
    expected = {f"R{o}" for offs in lines["collocate_offsets"] for o in offs}
    assert set(marks) == expected


def test_choosing_a_collocate_or_a_term_opens_its_concordance(toks, shown):
    co = C.collocations_widget(toks, "VS, Verenigde Staten")
    collocates = list(co.controls["collocate"].options)
    co.controls["collocate"].value = collocates[2]
    assert f"with <i>{collocates[2]}</i>" in shown.html_items(co)[-1]
    kw = K.keyness_widget(toks, target="Veldkamp")
    terms = list(kw.controls["term"].options)
    kw.controls["term"].value = terms[3]
    assert f"KWIC: <i>{terms[3]}</i>" in shown.html_items(kw)[-1]
    assert kw.controls["page"].value == 1


def test_page_goes_back_to_one_when_the_lines_change(toks):
    co = C.collocations_widget(toks, "VS, Verenigde Staten", min_freq=1)
    co.controls["page"].value = 2
    assert co.controls["page"].value == 2
    co.controls["sort"].value = "R1"
    assert co.controls["page"].value == 1


def test_every_measure_has_a_one_line_note_with_a_citation(state, shown):
    from discourse.analysis.collocations import COLLOCATION_MEASURES
    from discourse.analysis.measures import MEASURES

    for name in (*COLLOCATION_MEASURES, *MEASURES):
        assert re.search(r"\(.*\d{4}", MEASURE_NOTES[name]), name
    items = C.collocations_view(state, {**COLLOCATIONS, "measure": "delta_p_node_given_collocate"})
    assert "ΔP(node | collocate)" in items[0] and "Gries 2013" in items[0]
    kitems = K.keyness_view(K.KeynessState(state.tokens), {**KEYNESS, "measure": "bic"})
    assert "Wilson 2013" in kitems[0] and "discourse-legend" in kitems[0]
