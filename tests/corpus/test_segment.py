"""Tests for discourse.corpus.segment on the bundled letters."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from discourse.corpus.segment import ROLES, SEG_TYPES, segments, split_letter
from discourse.errors import CorpusError, SegmentationWarning

D000 = "2024-11_veldkamp_verkiezingen_vs"
D001 = "2018-07_blok_bondgenoten_in_onzekere_tijden"
D002 = "2025-03_veldkamp_antwoorden_amerikastrategie"
D003 = "2025-04_veldkamp_verslag_wrr_wereldorde"
D004 = "2026-01_van_weel_eu_geopolitieke_speler"
FRACTIES = ["GroenLinks-PvdA", "VVD", "NSC", "D66", "BBB", "CDA", "SGP", "ChristenUnie"]


@pytest.fixture
def letters(seed_letters: pd.DataFrame) -> pd.DataFrame:
    """The bundled letters (the shared session table: read only)."""
    return seed_letters


@pytest.fixture
def segs(seed_segments: pd.DataFrame) -> pd.DataFrame:
    """Their segments (the shared session table: read only)."""
    return seed_segments


def doc(segs: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    return segs[segs["doc_id"] == doc_id]


def test_columns_and_dtypes(segs: pd.DataFrame, letters: pd.DataFrame) -> None:
    head = ["doc_id", "seg_id", "seg_index", "role", "speaker", "seg_type", "number", "text"]
    assert list(segs.columns[:8]) == head
    for col in ("title", "doc_type", "date", "minister", "cabinet", "period"):
        assert col in segs.columns
        assert segs[col].dtype == letters[col].dtype, col
    assert not {"text_raw", "footnotes", "n_chars", "n_paragraphs"} & set(segs.columns)
    assert list(segs["role"].cat.categories) == list(ROLES)
    assert list(segs["seg_type"].cat.categories) == list(SEG_TYPES)
    assert isinstance(segs["speaker"].dtype, pd.CategoricalDtype)
    assert segs["number"].dtype == "Int64"
    assert segs["seg_index"].dtype == "int64"
    assert segs["start"].dtype == "int64" and segs["end"].dtype == "int64"
    assert segs["numbers"].dtype == "string"
    assert segs["seg_id"].is_unique
    first = segs.iloc[0]
    assert first["seg_id"] == f"{first['doc_id']}:000"


def test_segments_cover_the_whole_cleaned_letter(segs: pd.DataFrame, letters: pd.DataFrame) -> None:
    for letter in letters.itertuples():
        parts = doc(segs, letter.doc_id).sort_values("seg_index")
        assert list(parts["seg_index"]) == list(range(len(parts)))
        assert "\n\n".join(parts["text"]) == letter.text
        for part in parts.itertuples():
            assert letter.text[part.start : part.end] == part.text
        gaps = zip(parts["end"].iloc[:-1], parts["start"].iloc[1:], strict=True)
        assert all(letter.text[a:b] == "\n\n" for a, b in gaps)
        assert parts["start"].iloc[0] == 0 and parts["end"].iloc[-1] == len(letter.text)


def test_no_footnote_leaks_into_segments(segs: pd.DataFrame, letters: pd.DataFrame) -> None:
    for letter in letters.itertuples():
        text = " ".join(doc(segs, letter.doc_id)["text"])
        for note in letter.footnotes:
            assert note not in text
    assert not segs["text"].str.contains(r"\[footnoteRef|\[\d+:", regex=True).any()


def test_letters_are_government_body_between_headings(segs: pd.DataFrame) -> None:
    for doc_id, minister in [
        (D000, "C.C.J. Veldkamp"),
        (D001, "S.A. Blok"),
        (D004, "D.M. van Weel"),
    ]:
        d = doc(segs, doc_id)
        body = d.query("role == 'government'")
        assert set(body["seg_type"]) == {"body"} and set(body["speaker"]) == {minister}
        headings = d.query("seg_type == 'heading'")
        assert set(headings["role"]) == {"other"}
        assert not body["text"].str.contains("\n\n" + headings["text"].iloc[0], regex=False).any()
    assert doc(segs, D000)["text"].iloc[0].startswith("Hierbij bied ik u een reactie aan")


def test_section_headings_leave_the_government_voice(segs: pd.DataFrame) -> None:
    headings = doc(segs, D004).query("seg_type == 'heading'")["text"].tolist()
    assert headings == [
        "Veranderende geopolitieke context van het EU buitenlandbeleid, incl. appreciatie "
        "nieuwe Amerikaanse Nationale Veiligheidsstrategie (NSS)",
        "Versterking Europese defensiecapaciteiten en vergroting weerbaarheid",
        "Versterking (politiek-)economische basis",
        "Economische veiligheid incl. vermindering risicovolle strategische afhankelijkheden",
        "Handel",
        "Partnerschappen",
        "Sterke relaties met landen rond de EU",
        "Versterking van de diplomatieke inzet, met meer coherent buitenlandbeleid dat meer "
        "is gebaseerd op wederzijds eigenbelang",
    ]
    assert doc(segs, D001).query("seg_type == 'heading'")["text"].tolist() == [
        "Bondgenoten in onzekere tijden",
        "Gedeelde belangen",
        "De dialoog, juist bij meningsverschillen",
    ]
    gov = " ".join(doc(segs, D004).query("role == 'government'")["text"])
    assert "Versterking (politiek-)economische basis" not in gov


def test_overig_heading_does_not_open_answer_36(segs: pd.DataFrame) -> None:
    d = doc(segs, D003)
    overig = d[d["text"] == "Overig"]
    assert overig[["role", "seg_type"]].values.tolist() == [["other", "heading"]]
    answer = d.query("seg_type == 'answer' and number == 36")["text"]
    assert answer.tolist()[0].startswith("De inzet van het kabinet op het buitenlandbeleid")
    recommendation = d[d["text"] == "Aanbeveling 1"]
    assert recommendation["seg_type"].tolist() == ["heading"]


def test_signatures_are_separated(segs: pd.DataFrame) -> None:
    sig = doc(segs, D000).query("seg_type == 'signature'")
    assert sig["text"].tolist() == ["De minister van Buitenlandse Zaken, C.C.J. Veldkamp"]
    assert sig["role"].iloc[0] == "other"
    sig = doc(segs, D004).query("seg_type == 'signature'")
    assert sig["text"].tolist() == ["De minister van Buitenlandse Zaken,\n\nD.M. van Weel"]
    assert "signature" not in set(doc(segs, D001)["seg_type"])  # no signature in the annex
    body = doc(segs, D004).query("seg_type == 'body'")["text"].iloc[0]
    assert "De minister van Buitenlandse Zaken," not in body
    assert body.startswith("De wereldorde waarin de EU")  # "Deze brief ... namens" stays body


def test_address_lines_are_separated() -> None:
    text = "Geachte voorzitter,\n\nHierbij bied ik u de brief aan.\n\nDe minister van X,\n\nA. B"
    parts = split_letter(text, doc_type="kamerbrief", minister="A. B")
    assert [(label.role, label.seg_type) for label, _ in parts] == [
        ("other", "address"),
        ("government", "body"),
        ("other", "signature"),
    ]


def test_questions_and_answers_002(segs: pd.DataFrame) -> None:
    d = doc(segs, D002)
    questions = d.query("seg_type == 'question'")
    answers = d.query("seg_type == 'answer'")
    assert questions["number"].tolist() == list(range(1, 8))
    assert answers["number"].tolist() == list(range(1, 8))
    assert set(questions["role"]) == {"parliament"}
    assert set(answers["role"]) == {"government"}
    assert set(answers["speaker"]) == {"C.C.J. Veldkamp"}
    assert set(questions["speaker"]) == {""}  # the MPs are not named in the text
    assert answers.query("number == 1")["text"].iloc[0] == "Ja."
    assert questions.query("number == 1")["text"].iloc[0].endswith("niet kan ontbreken?")
    assert d.query("seg_type == 'heading'")["text"].str.match(r"^(Vraag \d|Antwoord)").sum() == 14


def test_mp_named_in_questions_becomes_speaker() -> None:
    text = (
        "Vragen van het lid Dassen (Volt) aan de minister van Buitenlandse Zaken\n\n"
        "Vraag 1\n\nKent u het bericht?\n\nAntwoord\n\nJa."
    )
    parts = split_letter(text, doc_type="antwoorden_kamervragen", minister="X")
    speakers = {label.seg_type: label.speaker for label, _ in parts}
    assert speakers["question"] == "Dassen (Volt)"
    assert speakers["answer"] == "X"


def test_41_numbered_cabinet_answers_003(segs: pd.DataFrame) -> None:
    d = doc(segs, D003)
    answers = d.query("seg_type == 'answer'")
    assert answers["number"].tolist() == list(range(1, 42))
    assert set(answers["role"]) == {"government"}
    assert set(answers["speaker"]) == {"C.C.J. Veldkamp"}
    headings = d.query("seg_type == 'heading'")["text"]
    assert headings.str.match(r"^\d+\. Antwoord van het kabinet$").sum() == 41
    assert answers.query("number == 24")["text"].iloc[0] == "Zie de beantwoording bij vraag 19."


def test_fractie_question_blocks_003(segs: pd.DataFrame) -> None:
    questions = doc(segs, D003).query("seg_type == 'question'")
    assert set(questions["role"]) == {"parliament"}
    counts = questions.groupby("speaker", observed=True).size().to_dict()
    assert counts == {
        "GroenLinks-PvdA": 4,
        "VVD": 4,
        "NSC": 6,
        "D66": 5,
        "BBB": 2,
        "CDA": 5,  # the heading "Aanbeveling 1" splits question 21
        "SGP": 9,
        "ChristenUnie": 8,
    }
    numbered = questions.dropna(subset=["number"]).drop_duplicates("number")
    assert numbered["number"].tolist() == list(range(1, 42))
    # the BBB's closing remarks got no answer
    unanswered = questions[questions["number"].isna()]
    assert unanswered["speaker"].tolist() == ["BBB"]
    assert unanswered["text"].iloc[0].startswith("De leden van BBB-fractie wijzen op")
    first_by_fractie = questions.drop_duplicates("speaker")["speaker"].tolist()
    assert first_by_fractie == FRACTIES


def test_questions_switch_back_after_answers_003(segs: pd.DataFrame) -> None:
    q = doc(segs, D003).query("seg_type == 'question'").set_index("number")["text"]
    assert q[11].startswith("Aanbeveling II.: Herijk de Nederlandse inzet")
    assert q[26].startswith("De voornoemde leden vragen voorts")
    assert q[37].startswith("En hoe kijkt hij aan tegen de suggestie")
    a = doc(segs, D003).query("seg_type == 'answer'").set_index("number")["text"]
    assert "Aanbeveling" not in a[10] and "voornoemde leden" not in a[25]


def test_preamble_and_closing_are_other_003(segs: pd.DataFrame) -> None:
    d = doc(segs, D003)
    assert d["seg_type"].iloc[0] == "preamble" and d["role"].iloc[0] == "other"
    assert "De voorzitter van de commissie, Klaver" in d["text"].iloc[0]
    assert d["text"].iloc[-1].startswith("- Brief van de minister")
    assert d["seg_type"].iloc[-1] == "closing"


def test_government_role_selects_only_cabinet_text(segs: pd.DataFrame) -> None:
    gov = segs.query("role == 'government'")
    assert set(gov["seg_type"]) == {"body", "answer"}
    text = " ".join(gov["text"])
    for marker in (
        "leden van de",
        "Deze leden",
        "Vraag 1",
        "Antwoord van het kabinet",
        "De minister van Buitenlandse Zaken,",
        "De voorzitter van de commissie",
    ):
        assert marker not in text, marker
    assert segs.query("role == 'parliament'")["doc_id"].nunique() == 2


def test_segments_requires_text_column(letters: pd.DataFrame) -> None:
    with pytest.raises(CorpusError, match="text"):
        segments(letters.drop(columns="text"))
    with pytest.raises(CorpusError, match=r"segments\(\): letters=.* allowed: a pandas DataFrame"):
        segments(letters.to_dict("records"))


def test_segments_of_an_empty_table(letters: pd.DataFrame) -> None:
    empty = segments(letters.iloc[0:0])
    assert len(empty) == 0 and "role" in empty.columns


def test_unknown_doc_type_is_unknown_and_warns() -> None:
    text = "Vraag 1\n\nKlopt dit?\n\nAntwoord\n\nJa."
    with pytest.warns(
        SegmentationWarning, match=r"'nota'.*'brief_x'.*Known types: \[.*'kamerbrief'"
    ):
        parts = split_letter(text, doc_type="brief_x", minister="X", doc_id="nota")
    assert {label.role for label, _ in parts} == {"unknown"}


def test_unknown_doc_type_in_segments_is_never_government(letters: pd.DataFrame) -> None:
    other = letters.iloc[[0]].assign(doc_type="memo")
    with pytest.warns(SegmentationWarning, match=letters["doc_id"].iloc[0]):
        segs = segments(other)
    assert set(segs["role"]) == {"unknown"}
    assert segs["text"].str.cat(sep="\n\n") == letters["text"].iloc[0]


def test_known_type_without_its_markers_warns() -> None:
    with pytest.warns(SegmentationWarning, match=r"'q7'.*antwoorden_kamervragen.*question"):
        parts = split_letter(
            "Een brief zonder vragen.", doc_type="antwoorden_kamervragen", doc_id="q7"
        )
    assert [label.role for label, _ in parts] == ["other"]


def test_bundled_corpus_segments_without_warnings(letters: pd.DataFrame) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", SegmentationWarning)
        segments(letters)
