"""Tests for discourse.corpus.docx_numbering through read_docx: Word letters built with
python-docx at test time whose ``word/numbering.xml`` is replaced by one written here, as
Word writes it (abstract definitions, instances, overrides), numbers checked against what
Word shows."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn

from discourse.corpus.docx import read_docx
from discourse.corpus.docx_numbering import format_number
from discourse.corpus.letters import load_letters
from discourse.corpus.segment import segments
from discourse.errors import SegmentationWarning

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def level(ilvl: int, fmt: str = "decimal", text: str = "%1.", **options: str) -> str:
    """One ``w:lvl``: start 1 unless ``start=``; ``suff``, ``restart``, ``style``, ``legal``."""
    xml = f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{options.get("start", "1")}"/>'
    xml += f'<w:numFmt w:val="{fmt}"/>'
    if "restart" in options:
        xml += f'<w:lvlRestart w:val="{options["restart"]}"/>'
    if "style" in options:
        xml += f'<w:pStyle w:val="{options["style"]}"/>'
    if "legal" in options:
        xml += "<w:isLgl/>"
    if "suff" in options:
        xml += f'<w:suff w:val="{options["suff"]}"/>'
    return xml + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'


def abstract(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, starts: dict[int, int] | None = None, lvl: str = "") -> str:
    """A ``w:num`` with ``w:startOverride`` per level and optionally a replaced level."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
        for i, s in (starts or {}).items()
    )
    if lvl:
        ilvl = re.search(r'w:ilvl="(\d)"', lvl).group(1)
        overrides += f'<w:lvlOverride w:ilvl="{ilvl}">{lvl}</w:lvlOverride>'
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def set_numbering(document, *definitions: str) -> None:
    """Replace the package's numbering part by these ``w:abstractNum`` and ``w:num``."""
    xml = f'<w:numbering xmlns:w="{_W}">{"".join(definitions)}</w:numbering>'
    document.part.numbering_part._element = parse_xml(xml)


def num_pr(num_id: int | None, ilvl: int | None = None) -> OxmlElement:
    pr = OxmlElement("w:numPr")
    for name, value in (("w:ilvl", ilvl), ("w:numId", num_id)):
        if value is not None:
            child = OxmlElement(name)
            child.set(qn("w:val"), str(value))
            pr.append(child)
    return pr


def numbered(document, text: str, num_id: int | None, ilvl: int | None = 0, style=None):
    """A paragraph with ``w:numPr`` of its own (``num_id`` None: the style's numbering)."""
    paragraph = document.add_paragraph(text, style=style)
    if num_id is not None or ilvl is not None:
        paragraph._p.get_or_add_pPr().append(num_pr(num_id, ilvl))
    return paragraph


def list_style(document, name: str, num_id: int, *, based_on=None):
    """A paragraph style carrying ``w:numPr`` (numbering inherited by its paragraphs)."""
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if based_on is not None:
        style.base_style = based_on
    if num_id is not None:
        style.element.get_or_add_pPr().append(num_pr(num_id))
    return style


def read(document, tmp_path: Path) -> list[str]:
    document.save(tmp_path / "brief.docx")
    return read_docx(tmp_path / "brief.docx")[0].split("\n\n")


def words(text: str) -> Counter:
    return Counter(re.findall(r"[\w'-]+", text))


# --- Kamervragen answers with Word's numbering ----------------------------------------

ASKERS = (
    "Vragen van het lid Van der Berg (Partij voor de Test) aan de minister van Buitenlandse "
    "Zaken over de wapenexport naar Israël (ingezonden 12 februari 2025)."
)
QA = [
    ("Kent u het bericht ‘Onderdelen voor F-35 blijven via Nederland gaan’?",
     ["Ja."]),
    ("Hoeveel vergunningen zijn sinds oktober 2023 verleend?",
     ["Sinds oktober 2023 zijn 12 vergunningen verleend.", "Zie ook de bijlage."]),
    ("Bent u bereid deze vragen voor het commissiedebat te beantwoorden?",
     ["Ja, daartoe ben ik bereid."]),
]  # fmt: skip


def _corpus(tmp_path: Path) -> Path:
    (tmp_path / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        "a,brief.docx,Antwoorden,antwoorden_kamervragen,2025-03-04,A.B. Jansen,Schoof,Jansen\n",
        encoding="utf-8",
    )
    return tmp_path


def _turns(tmp_path: Path) -> list[tuple[str, int]]:
    letters = load_letters(_corpus(tmp_path))
    with warnings.catch_warnings():
        warnings.simplefilter("error", SegmentationWarning)
        segs = segments(letters)
    turns = segs[segs["role"] != "other"]
    return list(zip(turns["seg_type"], turns["number"], strict=True))


def test_vraag_and_antwoord_labels_numbered_by_their_styles_segment_into_turns(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(10, level(0, text="Vraag %1", style="Vraag")),
        abstract(11, level(0, text="Antwoord %1", style="Antwoord")),
        num(1, 10),
        num(2, 11),
    )
    vraag, antwoord = list_style(document, "Vraag", 1), list_style(document, "Antwoord", 2)
    document.add_paragraph(ASKERS)
    for question, answer in QA:
        document.add_paragraph(style=vraag)  # the label is Word's number alone
        document.add_paragraph(question)
        document.add_paragraph(style=antwoord)
        for text in answer:
            document.add_paragraph(text)
    paragraphs = read(document, tmp_path)
    expected = [ASKERS]
    for n, (question, answer) in enumerate(QA, start=1):
        expected += [f"Vraag {n}", question, f"Antwoord {n}", *answer]
    assert paragraphs == expected
    source = words(" ".join([ASKERS] + [q + " " + " ".join(a) for q, a in QA]))
    labels = words(" ".join(f"Vraag {n} Antwoord {n}" for n in (1, 2, 3)))
    assert words("\n\n".join(paragraphs)) == source + labels
    assert _turns(tmp_path) == [(kind, n) for n in (1, 2, 3) for kind in ("question", "answer")]


def test_numbered_questions_continue_after_answers_and_nested_points_restart(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(20, level(0, text="%1."), level(1, "lowerLetter", "%2)", suff="space")),
        num(3, 20),
    )
    document.add_paragraph(ASKERS)
    numbered(document, QA[0][0], 3)
    document.add_paragraph("Antwoord")
    document.add_paragraph("Ja. Het bericht beschrijft twee routes:")
    numbered(document, "via de Verenigde Staten;", 3, 1)
    numbered(document, "via andere Europese landen.", 3, 1)
    numbered(document, QA[1][0], 3)
    document.add_paragraph("Antwoord")
    document.add_paragraph("Er zijn twaalf vergunningen verleend:")
    numbered(document, "acht voor onderdelen;", 3, 1)
    numbered(document, "vier voor reparaties.", 3, 1)
    numbered(document, QA[2][0], 3)
    document.add_paragraph("Antwoord")
    document.add_paragraph(QA[2][1][0])
    assert read(document, tmp_path) == [
        ASKERS,
        f"1. {QA[0][0]}", "Antwoord", "Ja. Het bericht beschrijft twee routes:",
        "a) via de Verenigde Staten;", "b) via andere Europese landen.",
        f"2. {QA[1][0]}", "Antwoord", "Er zijn twaalf vergunningen verleend:",
        "a) acht voor onderdelen;", "b) vier voor reparaties.",
        f"3. {QA[2][0]}", "Antwoord", QA[2][1][0],
    ]  # fmt: skip
    assert _turns(tmp_path) == [(kind, n) for n in (1, 2, 3) for kind in ("question", "answer")]


# --- counters ---------------------------------------------------------------------------


def test_instances_of_one_definition_share_its_counter_and_a_start_override_restarts(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(30, level(0, text="%1.")),
        abstract(31, level(0, "upperLetter", "%1.", start="4")),
        num(4, 30),
        num(5, 30, starts={0: 1}),  # 'Restart at 1'
        num(6, 30),  # another instance, no override: continues
        num(7, 31),
        num(8, 31, lvl=level(0, "upperRoman", "(%1)", start="2")),
    )
    for text, num_id in [("Eerste punt.", 4), ("Tweede punt.", 4), ("Tussentekst.", None),
                         ("Derde punt.", 4), ("Nieuwe lijst.", 5), ("Vervolg.", 5),
                         ("Weer de eerste lijst.", 4), ("Andere instantie.", 6),
                         ("Letter.", 7), ("Letter.", 7), ("Romeins.", 8)]:  # fmt: skip
        numbered(document, text, num_id, None if num_id is None else 0)
    assert read(document, tmp_path) == [
        "1. Eerste punt.", "2. Tweede punt.", "Tussentekst.", "3. Derde punt.",
        "1. Nieuwe lijst.", "2. Vervolg.", "3. Weer de eerste lijst.", "4. Andere instantie.",
        "D. Letter.", "E. Letter.", "(II) Romeins.",
    ]  # fmt: skip


def test_multilevel_text_restart_rules_legal_numbers_and_bullets(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(
            40,
            level(0, "upperRoman", "%1."),
            level(1, "decimal", "%1.%2", legal="1"),
            level(2, "lowerLetter", "%3.", restart="0"),  # never restarts
            level(3, "bullet", "\uf0b7"),
            level(4, "decimal", "%4%5.", suff="nothing"),  # %4 is a bullet level: nothing
        ),
        abstract(41, level(0, text="%1."), level(1, text="%1.%2.")),
        num(9, 40),
        num(10, 41),
    )
    for text, ilvl in [("Inleiding", 0), ("Achtergrond", 1), ("punt", 2), ("punt", 2),
                       ("Beleid", 0), ("Doelen", 1), ("punt", 2), ("opsomming", 3),
                       ("onderdeel", 4)]:  # fmt: skip
        numbered(document, text, 9, ilvl)
    numbered(document, "Subpunt zonder hoofdpunt", 10, 1)
    assert read(document, tmp_path) == [
        "I. Inleiding", "1.1 Achtergrond", "a. punt", "b. punt",
        "II. Beleid", "2.1 Doelen", "c. punt", "• opsomming", "1.onderdeel",
        "1.1. Subpunt zonder hoofdpunt",
    ]  # fmt: skip


def test_level_restart_after_a_named_level_only(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(
            50,
            level(0, text="Hoofdstuk %1"),
            level(1, text="%1.%2"),
            level(2, text="(%3)", restart="1"),  # restarts after level 1 (ilvl 0) only
        ),
        num(11, 50),
    )
    for text, ilvl in [("Doel", 0), ("Eerste", 1), ("a", 2), ("b", 2), ("Tweede", 1),
                       ("c", 2), ("Inhoud", 0), ("d", 2)]:  # fmt: skip
        numbered(document, text, 11, ilvl)
    assert read(document, tmp_path) == [
        "Hoofdstuk 1 Doel", "1.1 Eerste", "(1) a", "(2) b", "1.2 Tweede", "(3) c",
        "Hoofdstuk 2 Inhoud", "(1) d",
    ]  # fmt: skip


# --- where a paragraph's numbering comes from -------------------------------------------


def test_numbering_from_based_on_style_level_style_and_switched_off(tmp_path):
    document = Document()
    set_numbering(
        document,
        abstract(60, level(0, text="%1."), level(1, "lowerRoman", "%2.", style="Subvraag")),
        num(12, 60),
    )
    parent = list_style(document, "Vraag", 12)
    child = list_style(document, "Vraag vervolg", None, based_on=parent)
    sub = list_style(document, "Subvraag", 12)
    document.add_paragraph("Waarom niet?", style=child)  # inherited through basedOn
    document.add_paragraph("Welke landen?", style=sub)  # ilvl from the level's w:pStyle
    document.add_paragraph("Welke termijn?", style=sub)
    numbered(document, "Geen nummer.", 0, None, style=parent)  # numId 0: off
    document.add_paragraph("Wanneer?", style=parent)
    assert read(document, tmp_path) == [
        "1. Waarom niet?", "i. Welke landen?", "ii. Welke termijn?", "Geen nummer.",
        "2. Wanneer?",
    ]  # fmt: skip


def test_python_docx_default_list_styles_as_word_shows_them(tmp_path):
    document = Document()
    document.add_paragraph("De kabinetsinzet:")
    for text in ("steun aan Oekraïne;", "een sterke NAVO."):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("veiligheid", style="List Bullet")
    assert read(document, tmp_path) == [
        "De kabinetsinzet:", "1. steun aan Oekraïne;", "2. een sterke NAVO.", "• veiligheid",
    ]  # fmt: skip


def test_bullet_opening_a_line_is_normalised_like_a_pdf_bullet(tmp_path):
    document = Document()
    document.add_paragraph("Geachte voorzitter,")
    document.add_paragraph("veiligheid", style="List Bullet")
    document.save(tmp_path / "brief.docx")
    (tmp_path / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        "a,brief.docx,Brief,kamerbrief,2025-03-04,A.B. Jansen,Schoof,Jansen\n",
        encoding="utf-8",
    )
    assert load_letters(tmp_path).loc[0, "text"].split("\n\n")[-1] == "- veiligheid"


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [(7, "decimal", "7"), (7, "decimalZero", "07"), (14, "lowerRoman", "xiv"),
     (1994, "upperRoman", "MCMXCIV"), (1, "lowerLetter", "a"), (27, "lowerLetter", "aa"),
     (53, "upperLetter", "AAA"), (6, "chicago", "††"), (3, "none", ""), (2, "bullet", "•"),
     (0, "lowerRoman", "0"), (5, "cardinalText", "5")],
)  # fmt: skip
def test_format_number(n: int, fmt: str, expected: str):
    assert format_number(n, fmt) == expected


def test_a_word_paragraph_is_never_joined_to_the_next(tmp_path):
    """Word marks its paragraphs: ``Antwoord`` followed by an auto-numbered ``a) twaalf …``
    stays two paragraphs (a PDF's blank line inside a sentence is a page break and is
    bridged; a .docx paragraph break is real), so the answer turn is found."""
    document = Document()
    set_numbering(document, abstract(40, level(0, "lowerLetter", "%1)", suff="space")), num(9, 40))
    document.add_paragraph(ASKERS)
    document.add_paragraph(f"Vraag 1\n{QA[1][0]}")
    document.add_paragraph("Antwoord 1")
    numbered(document, "twaalf voor onderdelen;", 9, 0)
    numbered(document, "vier voor reparaties.", 9, 0)
    document.save(tmp_path / "brief.docx")
    text = load_letters(_corpus(tmp_path))["text"].iloc[0]
    assert "Antwoord 1\n\na) twaalf voor onderdelen;\n\nb) vier voor reparaties." in text
    assert _turns(tmp_path) == [("question", 1), ("answer", 1)]
