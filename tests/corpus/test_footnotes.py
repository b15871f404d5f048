"""Footnote markers and bodies: only proven markers go, every real number stays (issue 16).

The hazard is that footnote bodies numbered 1, 2, 20 … exist, so every 1, 2 or 20 in the
text looks like a marker. Each case below is a sentence from a realistic letter with its
footnote bodies present; the marker that is there is glued (``aangeboden2``), the one that
is not (lost in extraction) must not be "found" in a real number.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.corpus.clean import clean_text
from discourse.corpus.footnotes import extract_footnote_blocks
from discourse.corpus.markers import find_marker, remove_footnote_markers

DATA = Path(__file__).resolve().parents[1] / "data" / "cleaning"


def _bodies(n: int) -> str:
    return "\n".join(f"{i} Kamerstuk 36 180, nr. {40 + i}" for i in range(1, n + 1))


def _letter(sentence: str, marker: int = 2, n_bodies: int = 2) -> str:
    return (
        f"{sentence}\nDe antwoorden zijn op 14 november aangeboden{marker} aan uw Kamer.\n\n"
        f"{_bodies(n_bodies)}\n"
    )


@pytest.mark.parametrize(
    ("sentence", "n_bodies"),
    [
        ("Post kan worden gestuurd naar Postbus 20901, 2500 EX Den Haag.", 2),
        ("De vragen zijn ingezonden 2 oktober 2023 door het lid Kops.", 2),
        ("Vraag 4 en 5 van het lid Kops beantwoord ik in samenhang.", 5),
        ("Het aantal aanvragen per 1 januari 2024 is gestegen.", 2),
        ("Zie daarvoor het antwoord op vraag 1 hierboven.", 2),
        ("De leden van de BIJ1-fractie vragen naar de wachttijden.", 2),
        ("In de Voortgangsbrief 20 december is dit toegelicht.", 20),
    ],
)
def test_real_numbers_survive_with_footnote_bodies_present(sentence: str, n_bodies: int) -> None:
    result = clean_text(_letter(sentence, n_bodies=n_bodies))
    assert (
        result.text.replace("\n\n", " ")
        == f"{sentence} De antwoorden zijn op 14 november aangeboden aan uw Kamer."
    )
    assert len(result.footnotes) == n_bodies


def test_real_marker_is_removed_and_its_body_moved() -> None:
    result = clean_text(_letter("Dit is de inleiding.", marker=1, n_bodies=1))
    assert "aangeboden aan uw Kamer" in result.text and "aangeboden1" not in result.text
    assert result.footnotes == ["1 Kamerstuk 36 180, nr. 41"]


def test_answers_to_kamervragen_keep_every_number() -> None:
    result = clean_text((DATA / "antwoorden_postbus.txt").read_text(encoding="utf-8"))
    for real in (
        "Postbus 20901",
        "ingezonden 2 oktober",
        "Vraag 4 en 5",
        "per 1 januari",
        "antwoord op vraag 1",
        "BIJ1-fractie",
        "in totaal 250 aanvragen",
    ):
        assert real in result.text, real
    assert "beantwoording is per brief aangeboden aan uw Kamer." in result.text
    assert "Deelt u de zorgen van de BIJ1-fractie over de wachttijden?" in result.text.split("\n\n")
    assert result.footnotes == [
        "1 Kamerstuk 36 180, nr. 45",
        "2 Aanhangsel Handelingen II 2023/24, nr. 115",
    ]


@pytest.mark.parametrize(
    ("text", "number", "marker"),
    [
        ("aangeboden1 aan", 1, True),
        ("de Europese defensie-industrie.2 Versterken", 2, True),
        ("uit juni 202413 en", 13, True),
        ("van 2023.11 Daarnaast", 11, True),
        ("Azië'32 en", 32, True),
        ("gemeld in de brief [3 ]. Binnen", 3, True),
        ("Postbus 20901 te", 1, False),
        ("Kamerstuk 36 180, nr.2 en", 2, False),
        ("de BIJ1-fractie", 1, False),
        ("de G20 en", 20, False),
        ("ingezonden 2 oktober", 2, False),
        ("het 5%-criterium", 5, False),
        ("de UN80 agenda en de UN80 hervorming", 80, False),
    ],
)
def test_typographic_marker_positions(text: str, number: int, marker: bool) -> None:
    assert (find_marker(text, number) is not None) is marker


def test_markers_are_taken_in_sequence() -> None:
    # "DNB2" comes after marker 3: out of sequence, so it stays
    text = "de Rabobank1 en het CPB3 en de DNB2 rapport"
    assert (
        remove_footnote_markers(text, n_footnotes=3) == "de Rabobank en het CPB en de DNB2 rapport"
    )


def test_spaced_number_is_kept_and_reported() -> None:
    log: list = []
    text = "de daaropvolgende Voortgangsbrief 20 is uw Kamer"
    assert remove_footnote_markers(text, n_footnotes=20, log=log) == text
    assert [(a.action, a.what) for a in log] == [("kept", "footnote_marker")]
    assert "Voortgangsbrief 20 is" in log[0].example


def test_numbered_list_without_dots_is_not_moved_to_the_footnotes() -> None:
    raw = (DATA / "genummerde_lijst.txt").read_text(encoding="utf-8")
    result = clean_text(raw)
    assert result.footnotes == []
    paragraphs = result.text.split("\n\n")
    assert paragraphs[1:4] == [
        "1 Het kabinet wil dat de Unie haar steun aan Oekraïne voortzet.",
        "2 Het kabinet pleit voor snellere besluitvorming over sancties.",
        "3 Het kabinet vraagt aandacht voor de weerbaarheid van vitale infrastructuur.",
    ]
    assert ("kept", "numbered_list") in {(a.action, a.what) for a in result.actions}


def test_numbered_list_then_real_footnotes() -> None:
    lines = [
        "Het kabinet zet in op twee punten.",
        "",
        "1 Het kabinet steunt de voorstellen.",
        "2 Het kabinet vraagt om snelheid.",
        "",
        "Dit is eerder gemeld aan uw Kamer.1",
        "",
        "1 Kamerstuk 21 501-20, nr. 2100",
    ]
    out, notes = extract_footnote_blocks(lines)
    assert notes == ["1 Kamerstuk 21 501-20, nr. 2100"]
    assert out[2:4] == lines[2:4] and out[7] == ""


def test_glued_footnote_body_from_pypdf_is_moved() -> None:
    raw = "Het kabinet is hierover eerder geïnformeerd.1\n1Kamerstuk 21501-02, nr. 2976\n"
    result = clean_text(raw)
    assert result.text == "Het kabinet is hierover eerder geïnformeerd."
    assert result.footnotes == ["1 Kamerstuk 21501-02, nr. 2976"]
