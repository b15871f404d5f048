"""Page furniture and page numbers: moved to ``furniture``, never deleted, never real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.corpus.clean import clean_text
from discourse.corpus.furniture import move_furniture
from discourse.corpus.pages import move_page_numbers, split_pages

DATA = Path(__file__).resolve().parents[1] / "data" / "cleaning"
SIDE_COLUMN = [
    "Ministerie van Buitenlandse Zaken",
    "Postbus 20061",
    "2500 EB Den Haag",
    "Ons kenmerk",
    "BZ/DIE-2026/12345",
    "Datum",
    "12 januari 2026",
]


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def letter():
    return clean_text(read("ministerie_brief_pypdf.txt"))


def test_letterhead_and_side_column_move_to_furniture(letter) -> None:
    pages = [f"Pagina {n} van 3" for n in (1, 2, 3)]
    assert letter.furniture == [*SIDE_COLUMN, *pages, "2", "3"]
    for line in [*SIDE_COLUMN, "Ons kenmerk", "Pagina"]:
        assert line not in letter.text
    moved = [a for a in letter.actions if (a.action, a.what) == ("moved", "furniture")]
    assert len(moved) == 3 * len(SIDE_COLUMN) + 3  # each page's copy is counted


def test_one_off_address_lines_stay(letter) -> None:
    # not repeated on the other pages: no evidence that it is furniture
    assert letter.text.startswith("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")


def test_page_number_glued_to_the_next_sentence_is_split_off(letter) -> None:
    paragraphs = letter.text.split("\n\n")
    assert any(p.startswith("Het kabinet steunt daarom de voorstellen") for p in paragraphs)
    assert paragraphs[-2].startswith("De minister van Defensie en ik zullen uw Kamer")
    assert "2Het" not in letter.text and "3De" not in letter.text


def test_glued_footnote_bodies_and_bracket_markers_leave_the_text(letter) -> None:
    assert letter.footnotes == ["1 Kamerstuk 21501-02, nr. 2976", "2 Kamerstuk 21501-28, nr. 310"]
    assert "Kamerstuk" not in letter.text
    assert "zoals gemeld in de Kamerbrief van 5 december. Binnen" in letter.text
    assert "commissiedebat van 4 december. Het kabinet" in letter.text


def test_line_end_hyphens_in_the_pdf_letter(letter) -> None:
    assert "hun verantwoordelijkheid nemen" in letter.text  # verantwoor- / delijkheid
    assert "de gezamenlijke samenwerking van de krijgsmachten" in letter.text  # sa- / menwerking
    assert "met de defensie-industrie krijgt" in letter.text  # vowel clash: real hyphen
    assert "steun aan lage- en middeninkomenslanden" in letter.text
    assert "Binnen de Noord-Atlantische Verdragsorganisatie" in letter.text
    assert "een bedrag van 250 miljoen euro" in letter.text
    joined = [a.example for a in letter.actions if (a.action, a.what) == ("joined", "line_hyphen")]
    assert joined == ["verantwoor-delijkheid", "sa-menwerking"]


@pytest.mark.parametrize("footer", ["Aanhangsel Handelingen II 2023-2024 ", "Aanhangsel "])
def test_answer_heading_glued_to_page_footer(footer: str) -> None:
    raw = read("aanhangsel_pypdf.txt").replace("Aanhangsel Handelingen II 2023-2024 ", footer)
    result = clean_text(raw)
    paragraphs = result.text.split("\n\n")
    i = paragraphs.index("Antwoord 3")
    assert paragraphs[i - 1] == "Welke maatregelen neemt u om de wachttijden te verkorten?"
    assert paragraphs[i + 1].startswith("De ambassade heeft tijdelijk extra medewerkers ingezet.")
    assert result.furniture == [f"{footer}{n}" for n in (1, 2, 3)]
    assert ("split", "page_footer") in {(a.action, a.what) for a in result.actions}
    assert "Vraag 4 en 5" in paragraphs and "Antwoord 4 en 5" in paragraphs


@pytest.mark.parametrize(
    "page",
    [
        ["Antwoord", "Het kabinet deelt die zorg niet.", "Vraag", "Waarom niet?"],
        ["Minister Van Weel:", "Dank u wel, voorzitter.", "De voorzitter:", "Dank u."],
    ],
)
def test_structure_lines_repeated_on_every_page_are_not_furniture(page: list[str]) -> None:
    lines = [*page, "", "", *page, "", "", *page]
    out, furniture = move_furniture(lines)
    assert furniture == [] and out == lines


def test_pagina_line_moves_on_a_single_page() -> None:
    result = clean_text("Pagina 1 van 1\nHet kabinet informeert uw Kamer.\n")
    assert result.text == "Het kabinet informeert uw Kamer."
    assert result.furniture == ["Pagina 1 van 1"]


def test_lone_numbers_in_page_sequence_are_page_numbers() -> None:
    raw = (
        "Het kabinet zet in op een sterk Europa.\n\n3\n\n\n"
        "Daarbij werkt Nederland samen met Duitsland.\n\n4\n\n\n"
        "Tot slot blijft de NAVO de hoeksteen.\n\n5\n"
    )
    result = clean_text(raw)
    assert result.furniture == ["3", "4", "5"]
    assert result.text.split("\n\n") == [
        "Het kabinet zet in op een sterk Europa.",
        "Daarbij werkt Nederland samen met Duitsland.",
        "Tot slot blijft de NAVO de hoeksteen.",
    ]


def test_a_lone_amount_is_not_a_page_number() -> None:
    result = clean_text(read("genummerde_lijst.txt"))
    assert "250 miljoen euro over vier jaar" in result.text
    assert result.furniture == []
    assert ("kept", "page_number") in {(a.action, a.what) for a in result.actions}


def test_split_pages_and_unproven_single_number() -> None:
    lines = ["Tekst.", "", "", "12", "", "Meer tekst."]
    assert split_pages(lines) == [[0], [3, 5]]
    out, moved = move_page_numbers(lines)
    assert out == lines and moved == []


def test_structure_heading_glued_to_a_single_footer_is_split() -> None:
    # one page only: the footer cannot be proven furniture, so it stays as text
    raw = (
        "Vraag 2\nKunt u aangeven hoeveel munitie is geleverd?\n"
        "Aanhangsel Handelingen II 2023/24 1Antwoord 2\nRuim 250 miljoen euro.\n"
    )
    result = clean_text(raw)
    assert result.text.split("\n\n") == [
        "Vraag 2",
        "Kunt u aangeven hoeveel munitie is geleverd?",
        "Aanhangsel Handelingen II 2023/24 1",
        "Antwoord 2",
        "Ruim 250 miljoen euro.",
    ]
    assert [(a.action, a.what) for a in result.actions] == [("split", "glued_heading")]
