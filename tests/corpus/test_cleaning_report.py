"""The cleaning report, and the property it lets a researcher audit: no real number is lost."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus.actions import ACTIONS
from discourse.corpus.clean import clean_text
from discourse.corpus.normalize import normalize_whitespace
from discourse.corpus.report import REPORT_COLUMNS, cleaning_report
from discourse.errors import CorpusError
from discourse.paths import data_dir

DATA = Path(__file__).resolve().parents[1] / "data" / "cleaning"
TEXTS = sorted((data_dir() / "letters").glob("*.txt")) + sorted(DATA.glob("*.txt"))
_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")


def _accounted(raw: str) -> tuple[Counter, Counter, set[str], set[int]]:
    """Digit runs of the raw text and after cleaning, the runs of lines moved out (kept
    once each: furniture, URL footnotes) and the footnote numbers."""
    result = clean_text(raw)
    before = Counter(re.findall(r"\d+", normalize_whitespace(raw)))
    after = Counter(re.findall(r"\d+", "\n".join([result.text, *result.footnotes])))
    after += Counter(re.findall(r"\d+", "\n".join(result.furniture)))
    moved = set(re.findall(r"\d+", "\n".join([*result.furniture, *result.footnotes])))
    numbers = {int(note.split()[0]) for note in result.footnotes if note.split()[0].isdigit()}
    return before, after, moved, numbers


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_no_real_number_is_lost(path: Path) -> None:
    """Every digit run of the raw text is in the text, the footnotes or the furniture
    (a repeated furniture or link line is kept once), except footnote markers: numbers of
    footnotes that exist, at most one per footnote (alone, or glued to a year: ``202413``
    = ``2024`` + marker ``13``)."""
    before, after, moved, numbers = _accounted(path.read_text(encoding="utf-8"))
    lost = {run: n - after[run] for run, n in before.items() if n > after[run]}
    for run, n in lost.items():
        if run in moved and (len(run) > 2 or int(run) not in numbers):
            continue  # a repeated line moved out once
        if len(run) > 4 and _YEAR.match(run[:4]):
            assert int(run[4:]) in numbers, run  # year + marker
            continue
        assert int(run) in numbers and n == 1, (run, n)


def test_report_columns_and_dtypes(seed_letters: pd.DataFrame) -> None:
    report = dc.cleaning_report(seed_letters)
    assert tuple(report.columns) == REPORT_COLUMNS
    assert str(report["doc_id"].dtype) == "string" and str(report["what"].dtype) == "string"
    assert report["count"].dtype == "int64"
    assert list(report["action"].cat.categories) == list(ACTIONS)
    assert report["examples"].map(lambda e: isinstance(e, list) and 0 < len(e) <= 3).all()
    assert not report.duplicated(["doc_id", "action", "what"]).any()


def test_report_counts_match_the_cleaning(seed_letters: pd.DataFrame) -> None:
    report = cleaning_report(seed_letters).set_index(["doc_id", "action", "what"])["count"]
    wrr = "2025-04_veldkamp_verslag_wrr_wereldorde"
    assert report[wrr, "moved", "footnote_body"] == 35
    assert report[wrr, "removed", "footnote_marker"] == 34
    assert report[wrr, "kept", "footnote_marker"] == 1  # "Voortgangsbrief 20 is"
    assert report[wrr, "moved", "page_number"] == 1  # "14" below its footnotes
    assert report["2026-01_van_weel_eu_geopolitieke_speler", "split", "heading"] == 1
    assert report["2024-11_veldkamp_verkiezingen_vs", "kept", "footnote_marker"] == 1  # Agenda1
    letters = seed_letters.set_index("doc_id")
    assert letters.loc[wrr, "furniture"] == ["14"]
    for doc_id, row in letters.iterrows():
        n_notes = sum(note[0].isdigit() for note in row["footnotes"])
        assert report.get((doc_id, "moved", "footnote_body"), 0) == n_notes


def test_report_on_a_pdf_letter_lists_furniture_and_joins() -> None:
    raw = (DATA / "ministerie_brief_pypdf.txt").read_text(encoding="utf-8")
    letters = pd.DataFrame({"doc_id": ["brief"], "text_raw": [raw]})
    report = cleaning_report(letters).set_index(["action", "what"])
    assert report.loc[("moved", "furniture"), "count"] == 24
    assert report.loc[("joined", "line_hyphen"), "examples"] == [
        "verantwoor-delijkheid",
        "sa-menwerking",
    ]
    assert report.loc[("split", "page_number"), "count"] == 2


def test_soft_hyphens_are_counted() -> None:
    letters = pd.DataFrame(
        {"doc_id": ["word"], "text_raw": ["De ont\u00adwikkelings\u00adsamenwerking blijft."]}
    )
    report = cleaning_report(letters)
    assert report[["action", "what", "count"]].values.tolist() == [["removed", "soft_hyphen", 2]]


def test_report_refuses_tables_without_raw_text() -> None:
    with pytest.raises(
        CorpusError, match=r"cleaning_report\(\): the table has no column 'text_raw'"
    ):
        cleaning_report(pd.DataFrame({"doc_id": ["a"], "text": ["x"]}))
    with pytest.raises(CorpusError, match=r"row 0 \(doc_id 'a'\), column 'text_raw'"):
        cleaning_report(pd.DataFrame({"doc_id": ["a"], "text_raw": [None]}))
    with pytest.raises(CorpusError, match=r"letters=.* allowed: a pandas DataFrame"):
        cleaning_report(["tekst"])
