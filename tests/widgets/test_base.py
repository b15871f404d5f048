"""The base widget: errors are shown, not raised; the cache; the DOM contract of every widget."""

from __future__ import annotations

import re

import ipywidgets as w
import pandas as pd
import pytest

from discourse.widgets.base import LRU, AnalysisWidget, shown_items
from discourse.widgets.collocations import collocations_widget
from discourse.widgets.controls import ALL_VOICES
from discourse.widgets.keyness import keyness_widget
from discourse.widgets.render import Tables
from discourse.widgets.sentiment import sentiment_widget


@pytest.fixture(scope="module")
def widgets(toks) -> dict[str, AnalysisWidget]:
    return {
        "keyness": keyness_widget(toks, target="Veldkamp"),
        "collocations": collocations_widget(toks, "VS, Verenigde Staten", by="period"),
        "sentiment": sentiment_widget(toks),
    }


@pytest.mark.parametrize("kind", ["keyness", "collocations", "sentiment"])
def test_dom_contract(widgets, shown, kind):
    widget = widgets[kind]
    assert {"discourse-widget", f"discourse-{kind}"} <= set(widget._dom_classes)
    assert "discourse-output" in widget.out._dom_classes
    assert re.search(r"updated in \d+ ms", widget.status.value)
    for control in widget.controls.values():
        assert control.description and control.description == control.description.lower()
        assert control.description_allow_html is False
        assert control.style.description_width == "initial"
    html = shown.output(widget)
    assert re.search(r'<table class="discourse-table [^"]*"', html)
    assert all(
        re.match(r'<table class="discourse-table', t) for t in re.findall(r"<table[^>]*>", html)
    )
    assert any("image/svg+xml" in b["data"] for b in widget.out.outputs)
    shown.assert_ok(widget)


@pytest.mark.parametrize("kind", ["keyness", "collocations", "sentiment"])
def test_every_widget_starts_on_the_cabinets_voice(widgets, shown, kind):
    role = widgets[kind].controls["role"]
    assert role.value == "government" and role.options[:2] == ("government", ALL_VOICES)
    assert "role=government" in shown.output(widgets[kind])  # in the provenance lines


def test_descriptions_named_in_the_brief(widgets):
    names = {c.description for wd in widgets.values() for c in wd.controls.values()}
    assert {
        "group by",
        "target",
        "reference",
        "unit",
        "pos",
        "measure",
        "min freq",
        "alpha",
        "top",
        "terms",
        "left",
        "right",
        "level",
        "lexicon",
        "role",
        "term",
        "collocate",
    } <= names


def test_unexpected_errors_are_shown_not_raised():
    def compute(values):
        raise KeyError("boom")

    widget = AnalysisWidget({"x": w.IntSlider(description="x")}, compute, kind="test")
    assert "discourse-error" in widget.last_items[0] and "boom" in widget.last_items[0]
    widget.controls["x"].value = 3  # an observer call, no exception escapes
    assert widget.last_seconds is not None


def test_shown_items_turns_errors_into_messages():
    def compute(values):
        if values["x"] == 1:
            raise ValueError("nothing <here>")
        if values["x"] == 2:
            raise KeyError("boom")
        return ["<p>ok</p>"]

    assert shown_items(compute, {"x": 0}) == ["<p>ok</p>"]
    (warning,) = shown_items(compute, {"x": 1})
    assert "discourse-warning" in warning and "nothing &lt;here&gt;" in warning
    (error,) = shown_items(compute, {"x": 2})
    assert "discourse-error" in error and "KeyError" in error


def test_every_item_kind_is_shown_and_a_broken_one_is_an_error():
    frame = pd.DataFrame({"a": [1.5, None], "b": ["<x>", "y"]})
    items = ["<p>hi</p>", frame, Tables({"t": frame, "empty": frame.iloc[:0]}, caption="c")]
    widget = AnalysisWidget({"x": w.IntSlider(description="x")}, lambda v: items, title="T")
    html = [b["data"]["text/html"] for b in widget.out.outputs]
    assert html[0] == "<p>hi</p>" and "&lt;x&gt;" in html[1]
    assert "nothing passes the current settings" in html[2]

    class Broken:
        def __str__(self):
            raise RuntimeError("cannot draw")

    broken = AnalysisWidget({"x": w.IntSlider(description="x")}, lambda v: [Broken()])
    (bundle,) = broken.out.outputs
    assert "discourse-error" in bundle["data"]["text/html"] and "cannot draw" in str(bundle)


def test_holding_and_set_options_do_not_refresh():
    calls = []
    controls = {"x": w.IntSlider(description="x"), "d": w.Dropdown(description="d")}
    widget = AnalysisWidget(controls, lambda v: calls.append(v) or [])
    with widget.holding():
        controls["x"].value = 5
    widget.set_options("d", ["a", "b"], keep="b")
    assert len(calls) == 1 and controls["d"].value == "b"


def test_lru_keeps_the_most_recent():
    cache, made = LRU(2), []
    for key in ["a", "b", "a", "c", "b"]:
        cache.get(key, lambda key=key: made.append(key) or key.upper())
    assert made == ["a", "b", "c", "b"] and list(cache.data) == ["c", "b"]
