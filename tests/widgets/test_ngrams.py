"""The n-grams widget (AntConc's Clusters/N-Grams): its controls drive ``dc.ngrams`` exactly.

Oracles: :func:`discourse.ngrams` called with the same arguments (the table shown is its
rows, ``top`` per group and ``n``), a Python filter of its n-grams for the search box
(``fnmatch`` on each word), and the concordance lines counted against the table's
frequency on a small table of own sentences with punctuation inside an n-gram.
"""

from __future__ import annotations

import base64
import re
from fnmatch import fnmatch

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.analysis.export import read_result
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.widgets import ngrams as N
from discourse.widgets.controls import ALL_VOICES, option_values
from discourse.widgets.dashboard import dashboard
from discourse.widgets.render import Tables

LINK = re.compile(r'download="([^"]+)" href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"')


@pytest.fixture(scope="module")
def nw(toks):
    return N.ngrams_widget(toks)


def shown_table(widget) -> pd.DataFrame:
    """The tables shown, as one tidy table (``table`` = the group; the download's table)."""
    tables = next(i for i in widget.last_items if isinstance(i, Tables))
    out = tables.table()
    if "table" not in out.columns:  # one group: no column names it
        out.insert(0, "table", next(iter(tables.frames)))
    return out


def expected(toks, values, **extra) -> pd.DataFrame:
    """``dc.ngrams`` with the widget's values, as the widget shows it (per_10k rounded)."""
    by = None if values["by"] == "none" else values["by"]
    out = dc.ngrams(
        toks,
        n=list(values["n"]),
        by=by,
        role=None if values["role"] == ALL_VOICES else values["role"],
        unit=values["unit"],
        min_freq=values["min_freq"],
        min_range=values["min_range"],
        **extra,
    )
    out = out.assign(table=out[by].astype(str) if by else "all", per_10k=out["per_10k"].round(2))
    return out[["table", "ngram", "n", "freq", "per_10k", "range"]].reset_index(drop=True)


def test_dom_contract_and_the_cabinets_voice(nw, shown):
    assert {"discourse-widget", "discourse-ngrams"} <= set(nw._dom_classes)
    assert re.search(r"updated in \d+ ms", nw.status.value)
    for control in nw.controls.values():
        assert control.description and control.description == control.description.lower()
        assert control.description_allow_html is False
    html = shown.output(nw)
    tables = re.findall(r"<table[^>]*>", html)
    assert len(tables) == 4  # three periods and the concordance
    assert all(re.match(r'<table class="discourse-table', t) for t in tables)
    assert nw.values["role"] == "government" and "role=government" in html


# --- the controls drive dc.ngrams -------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"n": (3,)},
        {"n": (2, 3, 4, 5), "min_freq": 3, "top": 10},
        {"unit": "lemma", "min_range": 2, "by": "cabinet"},
        {"by": "none", "role": ALL_VOICES, "top": 40},
        {"role": "parliament", "min_freq": 1, "n": (4,)},
    ],
)
def test_the_table_is_the_ngrams_result(toks, nw, restore, changes):
    restore(nw)
    for name, value in changes.items():
        nw.controls[name].value = value
    values = nw.values
    want = expected(toks, values, top=values["top"])
    got = shown_table(nw)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert shown_table(nw).attrs["params"]["n"] == list(values["n"])


def test_sort_by_range_ranks_within_each_group_and_n(toks, nw, restore):
    restore(nw)
    nw.controls["sort_by"].value = "range"
    nw.controls["by"].value = "none"
    got = shown_table(nw)
    full = expected(toks, nw.values)
    for n, part in got.groupby("n"):
        rows = full[full["n"] == n].sort_values(
            ["range", "freq", "ngram"], ascending=[False, False, True]
        )
        assert part["ngram"].tolist() == rows["ngram"].head(nw.values["top"]).tolist()
    assert (got.groupby("n")["range"].diff().dropna() <= 0).all()
    assert got.attrs["params"]["sort_by"] == "range"


@pytest.mark.parametrize(
    ("search", "position"),
    [
        ("europ*", "anywhere"),
        ("de", "first word"),
        ("kabinet, unie", "last word"),
        ("het kabinet", "anywhere"),
        ("V?", "anywhere"),
    ],
)
def test_search_keeps_ngrams_with_a_matching_word(toks, nw, restore, search, position):
    restore(nw)
    nw.controls["top"].value = 200
    nw.controls["search"].value = search
    nw.controls["position"].value = position
    full = expected(toks, nw.values)
    patterns = [p.strip().lower() for p in search.split(",")]

    def hit(ngram: str) -> bool:
        words = ngram.lower().split()
        spans = {
            "anywhere": range(len(words)),
            "first word": [0],
            "last word": [len(words) - 1],
        }[position]
        for p in patterns:
            k = len(p.split())
            for i in spans:
                start = i if position != "last word" else i - k + 1
                part = words[start : start + k] if start >= 0 else []
                if len(part) == k and all(map(fnmatch, part, p.split())):
                    return True
        return False

    want = full[full["ngram"].map(hit)]
    want = want.groupby(["table", "n"], sort=False).head(200).reset_index(drop=True)
    got = shown_table(nw)
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    params = got.attrs["params"]
    assert (params["search"], params["position"]) == (search, position)


# --- errors as sentences naming the control ---------------------------------------------------


def test_errors_name_the_control_and_the_fix(nw, restore, shown):
    restore(nw)
    nw.controls["search"].value = "zzzonbekend*"
    (message,) = shown.messages(nw)
    assert "'zzzonbekend*'" in message and "search box" in message
    assert nw.controls["ngram"].options == ()  # no stale n-grams under an error
    nw.controls["search"].value = ""
    nw.controls["min_freq"].value = 5000
    (message,) = shown.messages(nw)
    assert "at least 5000 times" in message and "lower min freq or min range" in message
    assert "{" not in message  # no internal dicts
    nw.controls["min_freq"].value = 2
    assert not shown.messages(nw) and nw.controls["ngram"].value is not None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"n": 6}, r"^ngrams_widget\(\): n=6 is not valid; allowed: one of 2, 3, 4, 5"),
        ({"n": range(1, 3)}, r"^ngrams_widget\(\): n=range\(1, 3\) \(the item 1\) is not"),
        ({"sort_by": "dispersion"}, r"sort_by='dispersion' is not valid; allowed: one of 'freq'"),
        ({"top": 0}, r"^ngrams_widget\(\): top=0 is not valid"),
        ({"ngram": "de zzz"}, r"^ngrams_widget\(\): ngram='de zzz' is not valid; allowed: one"),
    ],
)
def test_bad_arguments_raise_corpus_error(toks, arguments, message):
    with pytest.raises(CorpusError, match=message):
        N.ngrams_widget(toks, **arguments)


def test_n_choices_are_lengths_and_ranges(toks):
    widget = N.ngrams_widget(toks, n=range(2, 6), min_freq=3)
    labels = [label for label, _ in widget.controls["n"].options]
    assert labels[:4] == ["2", "3", "4", "5"] and "2–5" in labels
    assert widget.values["n"] == (2, 3, 4, 5)
    other = N.ngrams_widget(toks, n=[2, 4], min_freq=3)
    assert other.values["n"] == (2, 4) and other.controls["n"].label == "2, 4"
    assert set(shown_table(other)["n"]) == {2, 4}


def test_grouping_by_role_moves_to_all_voices(nw, restore):
    restore(nw)
    nw.controls["by"].value = "role"
    assert nw.values["role"] == ALL_VOICES
    assert {"government", "parliament"} <= set(shown_table(nw)["table"])


# --- downloads and the click-through ----------------------------------------------------------


def test_downloads_carry_the_provenance_shown(toks, tmp_path, shown):
    widget = N.ngrams_widget(toks, search="europ*")
    widget.download_links()
    files = {n: base64.b64decode(d) for n, d in LINK.findall(widget.downloads.value)}
    assert {"ngrams.csv", "ngrams.xlsx", "ngrams-kwic.csv", "ngrams-kwic.xlsx"} <= set(files)
    caption = shown.caption(widget)
    assert "documents per period: Rutte III (2018): 1 document" in caption
    assert "search=europ*" in caption and "top=25" in caption
    for name in ("ngrams.csv", "ngrams.xlsx"):
        (tmp_path / name).write_bytes(files[name])
        back = read_result(tmp_path / name)
        assert provenance(back) == caption
        assert back["ngram"].tolist() == shown_table(widget)["ngram"].tolist()
    (tmp_path / "k.csv").write_bytes(files["ngrams-kwic.csv"])
    lines = read_result(tmp_path / "k.csv")
    assert lines.attrs["params"]["role"] == "government"
    assert lines["match"].str.lower().eq(widget.values["ngram"]).all()


def test_choosing_an_ngram_opens_its_concordance(toks, nw, restore, shown):
    restore(nw)
    offered = option_values(nw.controls["ngram"].options)
    assert offered == list(dict.fromkeys(shown_table(nw)["ngram"]))
    for ngram in offered[:3] + offered[-2:]:
        nw.controls["ngram"].value = ngram
        lines = shown.lines(nw)
        assert len(lines) > 0 and lines["match"].str.lower().eq(ngram).all()
        rows = expected(toks, nw.values).query("ngram == @ngram")
        freq = rows["freq"].sum()  # in the groups where it passes min freq
        assert lines["period"].astype(str).isin(rows["table"]).sum() <= freq
        assert lines.attrs["params"]["role"] == "government"
        heading = re.sub(r"<[^>]+>", "", shown.html_items(nw)[-1])
        assert f"KWIC: {ngram}, role government ({len(lines)} line" in heading
        assert f"frequency {freq} in the table" in heading


#: Two letters (own sentences in a Kamerbrief layout): "nucleaire , ontwapening" has a
#: comma inside the bigram twice, which an n-gram skips and a phrase does not.
LETTERS = {
    "kst-36410-V-45": (
        "Schoof",
        "Het kabinet zet in op nucleaire ontwapening . Nederland steunt , met Duitsland en "
        "Frankrijk , nucleaire , ontwapening in de NAVO .",
    ),
    "kst-36600-V-12": (
        "Van Weel",
        "Nucleaire ontwapening blijft een doel van het kabinet . Wij bespreken nucleaire , "
        "ontwapening en wapenbeheersing met de Verenigde Staten .",
    ),
}


def letters_tokens() -> pd.DataFrame:
    rows = []
    for doc, (period, text) in LETTERS.items():
        for tid, word in enumerate(text.split()):
            sent = text.split()[:tid].count(".")
            rows.append((doc, f"{doc}:000", sent, tid, word, period))
    df = pd.DataFrame(rows, columns=["doc_id", "seg_id", "sent_id", "token_id", "text", "period"])
    df["lower"] = df["text"].str.lower()
    df["lemma"] = df["lower"]
    df["is_punct"] = df["text"].isin([",", "."])
    df["upos"] = np.where(df["is_punct"], "PUNCT", "X")
    df["role"], df["speaker"] = "government", "minister"
    df.attrs["pipeline"] = {"name": "test", "version": "1"}
    return df


def test_punctuation_inside_an_ngram_is_named_in_the_concordance(shown):
    widget = N.ngrams_widget(letters_tokens(), n=2, ngram="nucleaire ontwapening")
    table = shown_table(widget)
    assert table.query("ngram == 'nucleaire ontwapening'")["freq"].tolist() == [2, 2]
    lines = shown.lines(widget)
    assert lines["doc_id"].tolist() == ["kst-36410-V-45", "kst-36600-V-12"]
    heading = html_text = re.sub(r"<[^>]+>", "", shown.html_items(widget)[-1])
    assert "(2 lines; frequency 4 in the table)" in heading
    assert "2 of its 4 occurrences in the table have punctuation between the words" in html_text


# --- the dashboard ----------------------------------------------------------------------------


def test_the_dashboard_has_the_ngrams_tab(toks, shown):
    tab = dashboard(toks, ngrams={"n": 3, "min_freq": 3})
    assert tab.titles[-1] == "N-grams"
    widget = tab.children[-1]
    assert "discourse-ngrams" in widget._dom_classes
    assert widget.values["role"] == "government" and widget.values["n"] == (3,)
    assert set(shown_table(widget)["n"]) == {3}
    assert "role=government" in shown.caption(widget)
    with pytest.raises(CorpusError, match=r"^ngrams_widget\(\): n=7 is not valid"):
        dashboard(toks, ngrams={"n": 7})
