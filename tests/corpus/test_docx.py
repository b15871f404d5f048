"""Tests for discourse.corpus.docx: Word letters built with python-docx at test time, with
footnotes (and endnotes) injected into the package as Word writes them."""

from __future__ import annotations

import re
import warnings
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from discourse.corpus.files import read_letter, read_text
from discourse.corpus.letters import load_letters
from discourse.corpus.segment import segments
from discourse.errors import CorpusError, SegmentationWarning

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{}s+xml"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_reference(
    paragraph, note_id: int, kind: str = "footnote", *, mark: str = "", next_run: bool = False
) -> None:
    """A run holding ``w:footnoteReference w:id`` (or an endnote reference), as Word writes;
    with ``mark`` a custom mark (``w:customMarkFollows``) in that run or the next one."""
    run = paragraph.add_run()
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "FootnoteReference" if kind == "footnote" else "EndnoteReference")
    properties = OxmlElement("w:rPr")
    properties.append(style)
    run._r.append(properties)
    reference = OxmlElement(f"w:{kind}Reference")
    if mark:
        reference.set(qn("w:customMarkFollows"), "1")
    reference.set(qn("w:id"), str(note_id))
    run._r.append(reference)
    if mark:
        text = OxmlElement("w:t")
        text.text = mark
        (paragraph.add_run() if next_run else run)._r.append(text)


def add_notes(
    document,
    notes: dict[int, list[str]],
    kind: str = "footnote",
    marks: dict[int, str] | None = None,
) -> None:
    """Inject ``word/footnotes.xml`` (or endnotes) into the package: the separator notes
    (ids -1 and 0) and one note per id, its first paragraph opening with the mark (a
    custom mark of ``marks`` as literal text, as Word writes it)."""
    marks = marks or {}
    body = [
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:{kind}>",
    ]
    for note_id, paragraphs in notes.items():
        paras = "".join(
            "<w:p>"
            + (f"<w:r><w:{kind}Ref/></w:r>" if i == 0 and note_id not in marks else "")
            + (f"<w:r><w:t>{marks[note_id]}</w:t></w:r>" if i == 0 and note_id in marks else "")
            + f'<w:r><w:t xml:space="preserve"> {_esc(text)}</w:t></w:r></w:p>'
            for i, text in enumerate(paragraphs)
        )
        body.append(f'<w:{kind} w:id="{note_id}">{paras}</w:{kind}>')
    blob = f'<?xml version="1.0" encoding="UTF-8"?><w:{kind}s xmlns:w="{_W}">'
    blob += "".join(body) + f"</w:{kind}s>"
    part = Part(
        PackURI(f"/word/{kind}s.xml"),
        _CONTENT_TYPE.format(kind),
        blob.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES)


def add_field(paragraph, instruction: str, result: str) -> None:
    """A complex field (``PAGE``, ``HYPERLINK``): begin, instruction, separate, result, end."""

    def field_char(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    field_char("begin")
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    field_char("separate")
    paragraph.add_run(result)
    field_char("end")


def add_deleted(paragraph, text: str) -> None:
    """A tracked deletion: ``w:del`` around a run of ``w:delText``."""
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "90")
    deleted.set(qn("w:author"), "Redactie")
    run = OxmlElement("w:r")
    del_text = OxmlElement("w:delText")
    del_text.text = text
    run.append(del_text)
    deleted.append(run)
    paragraph._p.append(deleted)


def frame(paragraph) -> None:
    """Position the paragraph in a frame (``w:framePr``), as the letterhead's side column."""
    properties = paragraph._p.get_or_add_pPr()
    frame_pr = OxmlElement("w:framePr")
    frame_pr.set(qn("w:w"), "2000")
    frame_pr.set(qn("w:hAnchor"), "page")
    properties.append(frame_pr)


#: The running text of the letter, paragraph by paragraph (markers after the bracketed words).
BRIEF = [
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
    "Hierbij bied ik u, mede namens de minister van Defensie, de kabinetsreactie aan op het "
    "advies over de trans-Atlantische betrekkingen.",
    "Samenwerking met de Verenigde Staten",
    "Het kabinet blijft zich inzetten voor nauwe samenwerking met de Verenigde Staten, zowel "
    "bilateraal als in de NAVO. Sinds 2014 zijn 250 afspraken gemaakt.",
    "Daarbij kijkt het kabinet naar de rol van de EU en naar de Europese defensie-industrie.",
    "Ik zal uw Kamer over de uitkomsten informeren.",
    "De minister van Buitenlandse Zaken,",
    "A.B. Jansen",
]
#: Footnotes by Word id: deliberately not in reference order (Word renumbers by position).
NOTES = {
    5: ["Kamerstukken II 2024/25, 21 501-02, nr. 2976."],
    3: [
        "Zie het verslag van de Raad Buitenlandse Zaken van 27 januari 2025.",
        "Zie ook bijlage 2.",
    ],
    7: ["Dit voetnoot wordt nergens aangehaald."],
}
TABLE = [["Raad", "Datum"], ["Raad Buitenlandse Zaken", "27 januari 2025"]]


def make_brief(path: Path) -> Path:
    """A Kamerbrief .docx: letterhead in the header, a page field in the footer, a framed
    side column, a heading, footnotes (ids 5 and 3), a table and a tracked deletion."""
    document = Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Ministerie van Buitenlandse Zaken"
    footer = section.footer.paragraphs[0]
    footer.add_run("Pagina ")
    add_field(footer, "PAGE", "1")
    side = document.add_paragraph("Ons kenmerk BZ-2025/0042")
    frame(side)
    document.add_paragraph(BRIEF[0])
    intro = document.add_paragraph(BRIEF[1][:-1])
    add_reference(intro, 5)
    intro.add_run(".")
    document.add_heading(BRIEF[2], level=1)
    document.add_paragraph(BRIEF[3])
    eu = document.add_paragraph("Daarbij kijkt het kabinet naar de rol van de EU")
    add_reference(eu, 3)
    eu.add_run(" en naar de Europese ")
    add_deleted(eu, "wapen")
    eu.add_run("defensie-industrie.")
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for text in BRIEF[5:]:
        document.add_paragraph(text)
    add_notes(document, NOTES)
    document.save(path)
    return path


def words(text: str) -> Counter:
    return Counter(re.findall(r"[\w'-]+", text))


def note_words(notes: list[str]) -> Counter:
    return sum((words(note.split(" ", 1)[1]) for note in notes), Counter())


# --- the reader ---------------------------------------------------------------------------


def test_footnotes_numbered_by_reference_order_with_bodies_out_of_the_text(tmp_path: Path):
    letter = read_letter(make_brief(tmp_path / "brief.docx"))
    assert letter.footnotes == [
        "1 Kamerstukken II 2024/25, 21 501-02, nr. 2976.",
        "2 Zie het verslag van de Raad Buitenlandse Zaken van 27 januari 2025. Zie ook bijlage 2.",
    ]
    assert "2976" not in letter.text and "27 januari 2025." not in letter.text
    assert "nergens aangehaald" not in letter.text + " ".join(letter.footnotes)


def test_markers_gone_and_every_paragraph_present_in_order(tmp_path: Path):
    text = read_text(make_brief(tmp_path / "brief.docx"))
    paragraphs = text.split("\n\n")
    expected = [*BRIEF[:5], *[v for row in TABLE for v in row], *BRIEF[5:]]
    assert paragraphs == expected
    assert "betrekkingen." in text and "rol van de EU en naar" in text


def test_no_word_lost_or_added(tmp_path: Path):
    letter = read_letter(make_brief(tmp_path / "brief.docx"))
    source = words(" ".join(BRIEF + [v for row in TABLE for v in row]))
    source += sum((words(" ".join(NOTES[i])) for i in (5, 3)), Counter())
    assert words(letter.text) + note_words(letter.footnotes) == source


def test_headers_footers_frames_to_furniture_and_no_fields_or_deletions(tmp_path: Path):
    letter = read_letter(make_brief(tmp_path / "brief.docx"))
    assert letter.furniture == ["Ons kenmerk BZ-2025/0042", "Ministerie van Buitenlandse Zaken",
                                "Pagina 1"]  # fmt: skip
    for artefact in ("PAGE", "wapen", "Ministerie", "kenmerk", "Pagina"):
        assert artefact not in letter.text


def test_endnotes_after_footnotes_in_roman_numbers(tmp_path: Path):
    document = Document()
    paragraph = document.add_paragraph("Het kabinet verwijst naar het advies")
    add_reference(paragraph, 1, "endnote")
    paragraph.add_run(" en naar de brief")
    add_reference(paragraph, 2)
    paragraph.add_run(".")
    add_notes(document, {1: ["Advies van de AIV, 2024."]}, "endnote")
    add_notes(document, {2: ["Kamerstuk 36 715, nr. 1."]})
    document.save(tmp_path / "a.docx")
    letter = read_letter(tmp_path / "a.docx")
    assert letter.text == "Het kabinet verwijst naar het advies en naar de brief."
    assert letter.footnotes == ["1 Kamerstuk 36 715, nr. 1.", "i Advies van de AIV, 2024."]


def test_custom_mark_notes_take_no_number_and_their_mark_leaves_the_text(tmp_path: Path):
    document = Document()
    paragraph = document.add_paragraph("Het kabinet volgt het advies")
    add_reference(paragraph, 4, mark="*")  # the mark in the reference's own run
    paragraph.add_run(" van de Raad van State")
    add_reference(paragraph, 2)
    paragraph.add_run(". Zie ook de nota")
    add_reference(paragraph, 6, mark="†", next_run=True)  # the mark in the next run
    paragraph.add_run(" over de uitvoering.")
    notes = {4: ["Advies W02.24.0001/II."], 2: ["Kamerstuk 36 410, nr. 3."],
             6: ["Nota van 3 maart 2025."]}  # fmt: skip
    add_notes(document, notes, marks={4: "*", 6: "†"})
    document.save(tmp_path / "a.docx")
    letter = read_letter(tmp_path / "a.docx")
    assert letter.text == (
        "Het kabinet volgt het advies van de Raad van State. Zie ook de nota over de uitvoering."
    )
    assert letter.footnotes == [
        "* Advies W02.24.0001/II.", "1 Kamerstuk 36 410, nr. 3.", "† Nota van 3 maart 2025."
    ]  # fmt: skip


def _note_pr(kind: str, **values: str) -> OxmlElement:
    pr = OxmlElement(f"w:{kind}Pr")
    for name, value in values.items():
        child = OxmlElement(f"w:{name}")
        child.set(qn("w:val"), value)
        pr.append(child)
    return pr


def test_note_number_format_start_and_restart_from_settings_and_sections(tmp_path: Path):
    document = Document()
    settings = document.settings.element
    settings.append(_note_pr("footnote", numFmt="lowerLetter", numStart="3"))
    settings.append(_note_pr("endnote", numFmt="decimal"))
    first = document.add_paragraph("Het eerste deel")
    add_reference(first, 1)
    first.add_run(" en nog een verwijzing")
    add_reference(first, 2)
    first.add_run(".")
    document.add_section()
    second = document.add_paragraph("Het tweede deel")
    add_reference(second, 3)
    add_reference(second, 5, "endnote")
    second.add_run(" en het slot")
    add_reference(second, 4)
    second.add_run(".")
    # the last section numbers its footnotes *, †, … from 1, again in each section
    document.sections[-1]._sectPr.insert(
        0, _note_pr("footnote", numFmt="chicago", numStart="1", numRestart="eachSect")
    )
    add_notes(document, {i: [f"Bron {i}."] for i in (1, 2, 3, 4)})
    add_notes(document, {5: ["Toelichting."]}, "endnote")
    document.save(tmp_path / "a.docx")
    letter = read_letter(tmp_path / "a.docx")
    assert letter.footnotes == ["c Bron 1.", "d Bron 2.", "* Bron 3.", "† Bron 4.",
                                "1 Toelichting."]  # fmt: skip
    assert letter.text == "Het eerste deel en nog een verwijzing.\n\nHet tweede deel en het slot."


# --- through load_letters and segments -----------------------------------------------------

ANTWOORDEN = [
    ("Vragen van het lid De Vries (Partij voor de Test) aan de minister van Buitenlandse "
     "Zaken over een strategie voor de Verenigde Staten (ingezonden 3 maart 2025)."),
    "Vraag 1",
    "Herinnert u zich dat in 2018 een strategie tegenover China werd opgesteld?",
    "Antwoord 1",
    "Ja.",
    "Vraag 2",
    "Bent u bereid een Amerikastrategie op te stellen? Zo nee, waarom niet?",
    "Antwoord 2",
    "Het kabinet is niet voornemens een aparte strategie te schrijven.",
]  # fmt: skip


def _corpus(tmp_path: Path, name: str, doc_type: str) -> Path:
    (tmp_path / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        f"a,{name},Antwoorden,{doc_type},2025-03-24,A.B. Jansen,Schoof,Jansen\n",
        encoding="utf-8",
    )
    return tmp_path


def test_docx_answers_load_and_segment_into_turns(tmp_path: Path):
    document = Document()
    for text in ANTWOORDEN:
        paragraph = document.add_paragraph(
            text.removesuffix("?") if text.endswith("opgesteld?") else text
        )
        if text.endswith("opgesteld?"):
            add_reference(paragraph, 1)
            paragraph.add_run("?")
    add_notes(document, {1: ["Kamerstuk 35 207, nr. 1."]})
    document.save(tmp_path / "antwoorden.docx")
    letters = load_letters(_corpus(tmp_path, "antwoorden.docx", "antwoorden_kamervragen"))
    assert letters.loc[0, "footnotes"] == ["1 Kamerstuk 35 207, nr. 1."]
    assert letters.loc[0, "text"] == "\n\n".join(ANTWOORDEN)
    with warnings.catch_warnings():
        warnings.simplefilter("error", SegmentationWarning)
        segs = segments(letters)
    turns = segs[segs["role"] != "other"]
    assert list(zip(turns["seg_type"], turns["number"], strict=True)) == [
        ("question", 1), ("answer", 1), ("question", 2), ("answer", 2)
    ]  # fmt: skip
    assert set(turns.loc[turns["seg_type"] == "question", "speaker"]) == {
        "De Vries (Partij voor de Test)"
    }


def test_kamerbrief_docx_loads_with_signature_and_address(tmp_path: Path):
    make_brief(tmp_path / "brief.docx")
    letters = load_letters(_corpus(tmp_path, "brief.docx", "kamerbrief"))
    assert letters.loc[0, "furniture"][:2] == ["Ons kenmerk BZ-2025/0042",
                                               "Ministerie van Buitenlandse Zaken"]  # fmt: skip
    assert letters.loc[0, "footnotes"][0].startswith("1 Kamerstukken II")
    segs = segments(letters)
    assert segs["seg_type"].iloc[0] == "address"
    assert segs[segs["seg_type"] == "signature"]["text"].str.contains("A.B. Jansen").any()


# --- errors -------------------------------------------------------------------------------


def test_corrupt_docx_is_refused(tmp_path: Path):
    data = make_brief(tmp_path / "ok.docx").read_bytes()
    (tmp_path / "kapot.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(CorpusError, match=r"kapot\.docx.*not a readable Word \.docx"):
        read_letter(tmp_path / "kapot.docx")


def test_zip_that_is_no_word_document_is_refused(tmp_path: Path):
    with zipfile.ZipFile(tmp_path / "tabel.docx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(CorpusError, match=r"tabel\.docx.*not a readable Word \.docx"):
        read_letter(tmp_path / "tabel.docx")


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [(b"Kamerbrief over de NAVO.\n", "text"), (b"%PDF-1.4\n", "a PDF"), (b"", "an empty file")],
    ids=["text", "pdf", "empty"],
)
def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path, data: bytes, looks_like: str):
    (tmp_path / "brief.docx").write_bytes(data)
    with pytest.raises(CorpusError, match=rf"brief\.docx.*not a Word \.docx.*{looks_like}"):
        read_letter(tmp_path / "brief.docx")


def test_docx_saved_as_txt_says_rename_it(tmp_path: Path):
    (tmp_path / "brief.txt").write_bytes(make_brief(tmp_path / "b.docx").read_bytes())
    with pytest.raises(CorpusError, match=r"brief\.txt.*Word \.docx \(rename it to \.docx\)"):
        read_letter(tmp_path / "brief.txt")


def test_docx_in_the_folder_without_a_row_is_refused(tmp_path: Path):
    make_brief(tmp_path / "brief.docx")
    make_brief(tmp_path / "vergeten.docx")
    with pytest.raises(CorpusError, match=r"without a metadata row: vergeten\.docx"):
        load_letters(_corpus(tmp_path, "brief.docx", "kamerbrief"))
