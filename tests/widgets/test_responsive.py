"""Responsive widgets: busy at once, the last change wins, valid targets after a new grouping,
no stale choices after an error, downloads that carry the provenance, short sentiment units."""

from __future__ import annotations

import base64
import re
import threading
import time

import ipywidgets as w
import pytest

from discourse.analysis.export import read_result
from discourse.provenance import provenance
from discourse.widgets import keyness as K
from discourse.widgets import sentiment as S
from discourse.widgets.base import AnalysisWidget
from discourse.widgets.collocations import collocations_widget
from discourse.widgets.controls import ALL_VOICES

LINK = re.compile(r'download="([^"]+)" href="data:[^;]+(?:;charset=utf-8)?;base64,([^"]+)"')


def links(widget) -> dict[str, bytes]:
    return {name: base64.b64decode(data) for name, data in LINK.findall(widget.downloads.value)}


def slow_widget(seconds: float):
    """A widget whose update takes ``seconds`` and records what it computed."""
    computed, started = [], threading.Event()

    def compute(values):
        started.set()
        time.sleep(seconds)
        computed.append(values["n"])
        return [f"<p>n = {values['n']}</p>"]

    n = w.IntSlider(value=0, min=0, max=10, description="n")
    widget = AnalysisWidget({"n": n}, compute, background=True)
    computed.clear()
    return widget, computed, started


def test_busy_state_is_shown_at_once_and_cleared_after():
    widget, computed, started = slow_widget(0.3)
    widget.controls["n"].value = 1
    assert "discourse-busy" in widget.out._dom_classes  # before the update computed
    assert "computing…" in widget.status.value and widget.downloads.value == ""
    assert widget.wait(10)
    assert "discourse-busy" not in widget.out._dom_classes
    assert re.search(r"updated in \d+ ms", widget.status.value)
    assert computed == [1] and "n = 1" in widget.out.outputs[0]["data"]["text/html"]


def test_the_last_change_wins():
    widget, computed, started = slow_widget(0.2)
    widget.controls["n"].value = 1
    assert started.wait(5)  # 1 is computing; 2..5 come in meanwhile
    for n in (2, 3, 4, 5):
        widget.controls["n"].value = n
    assert widget.wait(10)
    time.sleep(0.3)  # a stale update would land now
    assert computed[-1] == 5 and 2 not in computed and 3 not in computed and 4 not in computed
    assert widget.last_items == ["<p>n = 5</p>"]
    assert "n = 5" in widget.out.outputs[0]["data"]["text/html"]


def test_a_slow_real_update_ends_on_the_last_values(toks):
    kw = K.keyness_widget(toks, target="Veldkamp")
    kw.background, kw.delay = True, 0.2
    kw.controls["top"].value = 5
    assert "discourse-busy" in kw.out._dom_classes
    kw.controls["target"].value = "Van Weel"
    kw.controls["top"].value = 7
    assert kw.wait(60)
    caption = next(i for i in kw.last_items if hasattr(i, "caption")).caption
    assert "target=Van Weel" in caption
    table = next(iter(next(i for i in kw.last_items if hasattr(i, "frames")).frames.values()))
    assert (table["direction"] == "target").sum() <= 7 and len(table) > 10
    assert "Download table:" in kw.downloads.value and "Download figure:" in kw.downloads.value
    assert "target=Van Weel" in base64.b64decode(LINK.findall(kw.downloads.value)[0][1]).decode()


@pytest.mark.parametrize("make", ["keyness", "collocations", "sentiment"])
def test_downloads_carry_the_provenance_shown(toks, tmp_path, make):
    widget = {
        "keyness": lambda: K.keyness_widget(toks, target="Veldkamp"),
        "collocations": lambda: collocations_widget(toks, "VS, Verenigde Staten"),
        "sentiment": lambda: S.sentiment_widget(toks),
    }[make]()
    assert widget.downloads.value == ""  # outside a kernel: made when asked
    widget.download_links()
    files = links(widget)
    assert {f"{make}.csv", f"{make}.xlsx", f"{make}-figure.png", f"{make}-figure.svg"} <= set(files)
    caption = next(i for i in widget.last_items if hasattr(i, "caption")).caption
    for name in (f"{make}.csv", f"{make}.xlsx"):
        (tmp_path / name).write_bytes(files[name])
        assert provenance(read_result(tmp_path / name)) == caption
    assert files[f"{make}-figure.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert files[f"{make}-figure.svg"].lstrip().startswith(b"<?xml")
    assert "Download table:" in widget.downloads.value
    assert "Download figure:" in widget.downloads.value
    if make != "sentiment":  # the concordance too, with its sort in the provenance
        (tmp_path / "k.csv").write_bytes(files[f"{make}-kwic.csv"])
        assert read_result(tmp_path / "k.csv").attrs["params"]["sort"] == "position"


def test_grouping_by_role_keeps_a_target_with_words(toks):
    kw = K.keyness_widget(toks)
    kw.controls["by"].value = "role"
    assert kw.controls["role"].value == ALL_VOICES  # a role grouping needs every voice
    target = kw.controls["target"].value
    assert target in kw.controls["target"].options
    assert not any("discourse-message" in i for i in kw.last_items if isinstance(i, str))
    kw.controls["by"].value = "speaker"
    state_groups = kw.controls["target"].options
    assert kw.controls["target"].value in state_groups
    assert not any("discourse-warning" in i for i in kw.last_items if isinstance(i, str))


def test_the_term_choices_follow_an_error(toks):
    kw = K.keyness_widget(toks, target="Veldkamp")
    assert kw.controls["term"].options
    kw.controls["min_freq"].value = 100_000
    assert kw.controls["term"].options == () and kw.controls["term"].value is None
    message = re.sub(r"<[^>]+>", "", kw.last_items[0])
    assert "lower min freq" in message and "{" not in message
    kw.controls["min_freq"].value = 3
    assert kw.controls["term"].options and kw.controls["term"].value is not None
    co = collocations_widget(toks, "VS")
    co.controls["terms"].value = "qqqzzz"
    assert co.controls["collocate"].options == ()


def test_document_units_are_excerpts_in_one_list_only(toks):
    widget = S.sentiment_widget(toks, level="document", top=5)
    units = widget.last_items[-1]
    positive, _, negative = units.partition("Most negative")
    ids = re.compile(r"<tr><td[^>]*>([^<]*)</td>")
    assert not set(ids.findall(positive)) & set(ids.findall(negative))
    texts = re.findall(r"<td[^>]*>((?:(?!</td>).)*)</td><td[^>]*><code>", units)
    assert texts and max(len(re.sub(r"<[^>]+>", "", t)) for t in texts) < 1_500
    assert any("…" in t for t in texts) and "<span" in texts[0]  # strongest words shaded
    assert len(units) < 40_000


def test_errors_read_as_sentences_naming_the_control(toks):
    kw = K.keyness_widget(toks, by="speaker")
    empty = [t for t in kw.controls["target"].options if t != kw.controls["target"].value]
    for target in empty:  # a speaker without government words, if the corpus has one
        kw.controls["target"].value = target
        message = re.sub(r"<[^>]+>", "", kw.last_items[0])
        if "discourse-message" not in kw.last_items[0]:
            continue
        assert "{" not in message and "target" in message and "choose" in message
        break
    kw.controls["role"].value = "parliament"
    kw.controls["by"].value = "minister"
    texts = [re.sub(r"<[^>]+>", "", i) for i in kw.last_items if isinstance(i, str)]
    problems = [t for t in texts if "choose" in t]
    assert problems and all("{" not in t and "keyness()" not in t for t in problems)
    assert "group by" in problems[0] or "target" in problems[0]


def test_unexpected_errors_say_what_to_do():
    from discourse.widgets.base import shown_items

    def compute(values):
        raise KeyError({"by": "role", "unit": "lemma"})

    (message,) = shown_items(compute, {})
    assert "change the last control back" in message and "&#x27;by&#x27;" not in message
