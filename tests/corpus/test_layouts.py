"""Conformance suite: one realistic document per Kamerstuk layout, with its expected segments.

The documents in ``tests/data/layouts/`` (a corpus folder: ``letters.csv`` + ``.txt``) are
written for the purpose in the real layouts (own sentences). ``expected.csv`` lists, per
document, every segment's role, speaker, seg_type, number, numbers and word count (and the
first words of its text, to read it by).
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.__main__ import main
from discourse.corpus.check import check_corpus
from discourse.corpus.layouts import LAYOUTS
from discourse.corpus.segment import split_letter
from discourse.errors import CorpusError, SegmentationWarning

LAYOUT_DIR = Path(__file__).parents[1] / "data" / "layouts"
COLUMNS = ["doc_id", "seg_index", "role", "speaker", "seg_type", "number", "numbers", "words"]


@pytest.fixture(scope="module")
def letters() -> pd.DataFrame:
    return dc.load_letters(LAYOUT_DIR)


@pytest.fixture(scope="module")
def segs(letters: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SegmentationWarning)
        return dc.segments(letters)


def _as_text(table: pd.DataFrame) -> pd.DataFrame:
    return table[COLUMNS].astype(object).where(table[COLUMNS].notna(), "").astype(str)


EXPECTED = pd.read_csv(LAYOUT_DIR / "expected.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("doc_id", list(dict.fromkeys(EXPECTED["doc_id"])))
def test_layout_segments_as_expected(doc_id: str, segs: pd.DataFrame) -> None:
    got = segs[segs["doc_id"] == doc_id].assign(words=lambda d: d["text"].str.split().str.len())
    want = EXPECTED[EXPECTED["doc_id"] == doc_id]
    assert _as_text(got).values.tolist() == want[COLUMNS].values.tolist()
    begins = got["text"].str.replace(r"\s+", " ", regex=True).str.slice(0, 40)
    assert begins.tolist() == want["begins"].tolist()


def test_every_supported_type_has_a_document(letters: pd.DataFrame) -> None:
    assert set(LAYOUTS) <= set(letters["doc_type"].astype(str))


def test_spans_give_back_each_segment(segs: pd.DataFrame, letters: pd.DataFrame) -> None:
    for letter in letters.itertuples():
        parts = segs[segs["doc_id"] == letter.doc_id]
        for part in parts.itertuples():
            assert letter.text[part.start : part.end] == part.text
        gaps = zip(parts["end"].iloc[:-1], parts["start"].iloc[1:], strict=True)
        assert all(a < b and not letter.text[a:b].strip() for a, b in gaps)
        assert parts["start"].iloc[0] == 0 and parts["end"].iloc[-1] == len(letter.text)


def test_inline_labels_are_cut_from_their_text(segs: pd.DataFrame) -> None:
    d = segs[segs["doc_id"] == "kv_inline"]
    assert d.query("seg_type == 'heading'")["text"].tolist()[2:4] == ["Vraag 1:", "Antwoord 1:"]
    assert d.query("seg_type == 'answer'")["text"].iloc[0].startswith("Ja, ik zal de top")
    handelingen = segs[segs["doc_id"] == "handelingen"]
    assert handelingen.query("role == 'government'")["speaker"].tolist() == ["Veldkamp", "Tuinman"]


def test_no_government_words_in_a_motie_or_unknown_type(segs: pd.DataFrame) -> None:
    for doc_id in ("motie", "nota"):
        assert not (segs[segs["doc_id"] == doc_id]["role"] == "government").any()
    assert set(segs.query("doc_id == 'nota'")["role"]) == {"unknown"}


def test_unknown_type_warns_naming_document_and_known_types(letters: pd.DataFrame) -> None:
    with pytest.warns(SegmentationWarning) as record:
        dc.segments(letters)
    messages = [str(w.message) for w in record]
    assert len(messages) == 1
    assert "'nota'" in messages[0] and "'verslag_schriftelijk_overleg'" in messages[0]


@pytest.mark.parametrize(
    ("heading", "fractie"),
    [
        ("Vragen en opmerkingen van de leden van de GroenLinks-PvdA-fractie", "GroenLinks-PvdA"),
        ("van de fractie van de ChristenUnie", "ChristenUnie"),
        ("van het lid van de BIJ1-fractie", "BIJ1"),
        ("Inbreng van de leden van de Partij voor de Dieren-fractie", "Partij voor de Dieren"),
        ("Vragen en opmerkingen van de leden van de JA21-fractie", "JA21"),
    ],
)
def test_fractie_headings_in_all_forms(heading: str, fractie: str) -> None:
    text = (
        f"I Vragen en opmerkingen vanuit de fracties\n\n{heading}\n\n"
        "Deze leden vragen of de minister de Kamer wil informeren.\n\n1. Antwoord van het kabinet"
        "\n\nJa."
    )
    parts = split_letter(text, doc_type="verslag_schriftelijk_overleg", minister="X")
    questions = [label for label, _ in parts if label.seg_type == "question"]
    assert [(q.role, q.speaker, q.number) for q in questions] == [("parliament", fractie, 1)]


def test_questions_without_markers_warn() -> None:
    with pytest.warns(SegmentationWarning, match=r"'v9'.*question/answer"):
        split_letter("Ik heb geen vragen.", doc_type="lijst_van_vragen_en_antwoorden", doc_id="v9")
    with pytest.warns(SegmentationWarning, match=r"'h1'.*handelingen"):
        split_letter("Aan de orde is het debat.", doc_type="handelingen", doc_id="h1")


def test_check_corpus_reports_roles_and_warnings(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(LAYOUT_DIR, folder, ignore=shutil.ignore_patterns("expected.csv"))
    check = check_corpus(folder)
    summary = check.summary
    assert list(summary.columns) == ["doc_id", "doc_type", "role", "segments", "words"]
    assert summary["doc_id"].drop_duplicates().tolist() == list(dict.fromkeys(EXPECTED["doc_id"]))
    kv = summary[summary["doc_id"] == "kv_ranged"].set_index("role")
    want = EXPECTED[EXPECTED["doc_id"] == "kv_ranged"].astype({"words": int})
    kv.index = kv.index.astype(str)
    assert kv.loc["government", "words"] == want.query("role == 'government'")["words"].sum()
    assert kv.loc["parliament", "segments"] == 5
    assert check.warnings["doc_id"].tolist() == ["nota"]
    assert check.warnings["category"].tolist() == ["SegmentationWarning"]


def test_check_corpus_reports_the_cleaning(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Geachte voorzitter,\n\nHet kabinet stuurt u de brief1 over de NAVO.\n\n"
        "1 Kamerstuk 28676, nr. 470.\n",
        encoding="utf-8",
    )
    (folder / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        "a,a.txt,NAVO,kamerbrief,2025-01-01,X,Schoof,Veldkamp\n",
        encoding="utf-8",
    )
    cleaning = check_corpus(folder).cleaning
    moved = cleaning.query("action == 'moved' and what == 'footnote_body'")
    assert moved["count"].tolist() == [1]
    assert cleaning.query("action == 'removed' and what == 'footnote_marker'")[
        "count"
    ].tolist() == [1]
    assert main(["check", str(folder)]) == 0
    assert "  cleaning: moved 1 footnote_body (e.g. '1 Kamerstuk 28676, nr. 470.')" in (
        capsys.readouterr().out
    )


def test_check_command_prints_per_document(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "corpus"
    shutil.copytree(LAYOUT_DIR, folder, ignore=shutil.ignore_patterns("expected.csv"))
    assert main(["check", str(folder)]) == 1  # one document warns
    out = capsys.readouterr().out
    assert "kv_blocks (antwoorden_kamervragen)" in out
    assert "  WARNING: document 'nota'" in out
    (folder / "nota.txt").unlink()
    assert main(["check", str(folder)]) == 2
    assert "nota.txt" in capsys.readouterr().err


def test_check_corpus_refuses_a_bad_path() -> None:
    with pytest.raises(CorpusError, match="path"):
        check_corpus(3)
