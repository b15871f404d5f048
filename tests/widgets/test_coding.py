"""The coding widget, driven headless through its buttons (no browser, no event loop)."""

from __future__ import annotations

import html

import pandas as pd
import pytest

import discourse as dc
from discourse.analysis.coding import coded_labels
from discourse.errors import CorpusError


@pytest.fixture
def sheet() -> pd.DataFrame:
    """A coding sheet of four own Kamerbrief sentences, one with markup-like text."""
    return pd.DataFrame(
        {
            "doc_id": ["kst-36600-1"] * 2 + ["kst-36600-2"] * 2,
            "seg_id": ["kst-36600-1:000"] * 2 + ["kst-36600-2:000"] * 2,
            "sent_id": [0, 3, 1, 2],
            "period": ["Veldkamp"] * 4,
            "text": [
                "Het kabinet is verheugd over de goede samenwerking met de partners .",
                "De dreiging van <script> cyberaanvallen neemt toe .",
                "Hierbij zend ik uw Kamer de antwoorden op de gestelde vragen .",
                "De gevolgen van de sancties zijn ernstig .",
            ],
            "label": "",
            "coder": "",
        }
    )


def test_buttons_label_save_and_advance(sheet, tmp_path):
    path = tmp_path / "coded.csv"
    widget = dc.coding_widget(sheet, path, coder="JB")
    assert widget.position == 0 and "unit 1 of 4" in widget.status.value
    assert html.escape(sheet["text"][0]) in widget.text.value
    widget.buttons["positive"].click()
    assert widget.position == 1 and path.exists()
    assert "&lt;script&gt;" in widget.text.value and "<script>" not in widget.text.value
    widget.buttons["negative"].click()
    widget.skip.click()  # unit 3 left uncoded
    widget.buttons["negative"].click()
    saved = pd.read_csv(path, keep_default_na=False)
    assert saved["label"].tolist() == ["positive", "negative", "", "negative"]
    assert saved["coder"].tolist() == ["JB", "JB", "", "JB"]
    assert widget.position == 2  # back to the first uncoded unit
    widget.back.click()
    widget.buttons["neutral"].click()  # recode unit 2
    saved = pd.read_csv(path, keep_default_na=False)
    assert saved["label"].tolist() == ["positive", "neutral", "", "negative"]
    assert coded_labels(path)["label"].tolist() == ["positive", "neutral", "negative"]


def test_reopening_resumes_and_another_sheet_is_refused(sheet, tmp_path):
    path = tmp_path / "coded.csv"
    first = dc.coding_widget(sheet, path)
    first.buttons["neutral"].click()
    again = dc.coding_widget(sheet, path)
    assert again.position == 1 and again.sheet["label"].tolist()[0] == "neutral"
    with pytest.raises(CorpusError, match="holds another sheet"):
        dc.coding_widget(sheet.iloc[:2], path)
    with pytest.raises(CorpusError, match="needs doc_id and text"):
        dc.coding_widget(sheet.drop(columns="text"), tmp_path / "x.csv")
    with pytest.raises(CorpusError, match="path=3 is not valid"):
        dc.coding_widget(sheet, 3)
