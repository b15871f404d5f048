"""Tests for discourse.corpus.publication: the official XML and HTML of a Kamerbrief and of
answers to written questions (committed files in tests/data/formats/, written for the
tests in the publication's layout)."""

from __future__ import annotations

import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from discourse.corpus.files import read_letter
from discourse.corpus.letters import load_letters
from discourse.corpus.segment import segments
from discourse.errors import CorpusError, SegmentationWarning

FORMATS = Path(__file__).parent.parent / "data" / "formats"


def words(text: str) -> Counter:
    return Counter(re.findall(r"[\w'-]+", text))


def read_words(letter) -> Counter:
    """Every word the reader gave: running text, footnotes (numbers too), furniture."""
    return words(" ".join([letter.text, *letter.footnotes, *letter.furniture]))


def xml_words(name: str) -> Counter:
    parser = etree.XMLParser(remove_comments=True)
    root = etree.parse(str(FORMATS / name), parser).getroot()
    return words(" ".join(root.itertext()))


def html_words(name: str) -> Counter:
    """Words of the page without its chrome and without the footnote markers."""
    tree = lxml.html.parse(str(FORMATS / name)).getroot()
    markers = "//sup[a[contains(@class, 'nootnum')]]"
    for element in tree.xpath(f"//script|//header|//footer|//nav|//title|{markers}"):
        element.drop_tree()
    return words(" ".join(tree.itertext()))


# --- Kamerbrief ----------------------------------------------------------------------------

BRIEF_NOTES = ["1 Kamerstukken II 2024/25, 21 501-02, nr. 2976."]


@pytest.mark.parametrize("name", ["kst_kamerbrief.xml", "kst_kamerbrief.html"])
def test_kamerbrief_footnotes_out_of_the_text_with_numbers(name: str):
    letter = read_letter(FORMATS / name)
    assert letter.footnotes[0] == BRIEF_NOTES[0]
    assert letter.footnotes[1].startswith(
        "2 Zie het verslag van de Raad Buitenlandse Zaken van 27 januari 2025."
    )
    assert len(letter.footnotes) == 2
    assert "2976" not in letter.text and "Zie het verslag" not in letter.text
    assert "trans-Atlantische betrekkingen." in letter.text  # marker 1 gone
    assert "rol van de EU en naar de 250 afspraken" in letter.text  # marker 2 gone


@pytest.mark.parametrize("name", ["kst_kamerbrief.xml", "kst_kamerbrief.html"])
def test_kamerbrief_paragraphs_and_headings_in_order(name: str):
    paragraphs = read_letter(FORMATS / name).text.split("\n\n")
    order = [
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Den Haag, 3 februari 2025",
        "Samenwerking met de Verenigde Staten",
        "– versterking van de Europese defensie-industrie;",
        "– een open handelsagenda.",
        "Tot slot",
        "Ik zal uw Kamer over de uitkomsten informeren.",
    ]
    positions = [paragraphs.index(p) for p in order]
    assert positions == sorted(positions)
    assert paragraphs[0] == order[0]


def test_kamerbrief_xml_head_is_furniture_and_signature_its_own_lines():
    letter = read_letter(FORMATS / "kst_kamerbrief.xml")
    assert letter.furniture == [
        "Tweede Kamer der Staten-Generaal",
        "Vergaderjaar 2024–2025",
        "21 501-02 Raad Algemene Zaken en Raad Buitenlandse Zaken",
        "Nr. 9901",
        "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN",
    ]
    assert letter.text.endswith("De Minister van Buitenlandse Zaken,\n\nA.B. Jansen")


def test_xml_no_word_lost_or_added():
    assert read_words(read_letter(FORMATS / "kst_kamerbrief.xml")) == xml_words(
        "kst_kamerbrief.xml"
    )


def test_xml_answers_add_only_the_labels_of_bare_numbers():
    """``<nr>2</nr>`` in a vraag/antwoord is written ``Vraag 2``/``Antwoord 2``; nothing
    else is added or lost."""
    got = read_words(read_letter(FORMATS / "ah_antwoorden.xml"))
    source = xml_words("ah_antwoorden.xml")
    assert got - source == Counter({"Vraag": 1, "Antwoord": 1})
    assert source - got == Counter()


@pytest.mark.parametrize("name", ["kst_kamerbrief.html", "ah_antwoorden.html"])
def test_html_no_word_lost_outside_the_page_chrome(name: str):
    got = read_words(read_letter(FORMATS / name))
    source = html_words(name)
    extra = Counter({"Vraag": 1, "Antwoord": 1}) if name.startswith("ah") else Counter()
    assert got - source == extra
    assert source - got == Counter({"X": 2, "Noot": 2})  # the note pop-ups' close buttons


# --- answers to written questions: segmentation --------------------------------------------


def _corpus(tmp_path: Path, name: str, doc_type: str) -> Path:
    shutil.copy(FORMATS / name, tmp_path / name)
    (tmp_path / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        f"a,{name},Antwoorden,{doc_type},2025-03-24,A.B. Jansen,Schoof,Jansen\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("name", ["ah_antwoorden.xml", "ah_antwoorden.html"])
def test_answers_segment_into_question_and_answer_turns(tmp_path: Path, name: str):
    letters = load_letters(_corpus(tmp_path, name, "antwoorden_kamervragen"))
    assert letters.loc[0, "footnotes"] == ["1 Kamerstuk 35 207, nr. 1.",
                                           "2 Kamerstuk 21 501-02, nr. 2976."]  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("error", SegmentationWarning)
        segs = segments(letters)
    turns = segs[segs["seg_type"].isin(["question", "answer"])]
    expected = [("question", 1), ("answer", 1), ("question", 2), ("answer", 2)]
    if name.endswith(".xml"):
        expected += [("question", 3), ("answer", 3)]
    assert list(zip(turns["seg_type"], turns["number"], strict=True)) == expected
    assert set(turns.loc[turns["seg_type"] == "question", "speaker"]) == {
        "De Vries (Partij voor de Test)"
    }
    assert set(turns.loc[turns["seg_type"] == "answer", "speaker"]) == {"A.B. Jansen"}
    assert "opgesteld?" in turns["text"].iloc[0]


def test_html_mededeling_is_government_body(tmp_path: Path):
    letters = load_letters(_corpus(tmp_path, "ah_antwoorden.html", "antwoorden_kamervragen"))
    segs = segments(letters)
    last = segs.iloc[-1]
    assert (last["role"], last["seg_type"]) == ("government", "body")
    assert "worden later beantwoord" in last["text"]


@pytest.mark.parametrize("name", ["kst_kamerbrief.xml", "kst_kamerbrief.html"])
def test_kamerbrief_segments_address_body_signature(tmp_path: Path, name: str):
    segs = segments(load_letters(_corpus(tmp_path, name, "kamerbrief")))
    assert segs["seg_type"].iloc[0] == "address"
    assert segs["seg_type"].iloc[-1] == "signature"
    assert "A.B. Jansen" in segs["text"].iloc[-1]
    assert (segs["role"] == "government").any()


# --- errors -------------------------------------------------------------------------------


def test_malformed_xml_is_refused_with_its_position(tmp_path: Path):
    broken = (FORMATS / "kst_kamerbrief.xml").read_text(encoding="utf-8")
    broken = broken.replace("</tussenkop>", "", 1)
    (tmp_path / "kst.xml").write_text(broken, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"kst\.xml.*not well-formed XML.*line \d+"):
        read_letter(tmp_path / "kst.xml")


def test_xml_of_another_kind_is_refused(tmp_path: Path):
    (tmp_path / "feed.xml").write_text('<?xml version="1.0"?><rss><channel/></rss>')
    with pytest.raises(CorpusError, match=r"feed\.xml.*not an official publication.*<rss>"):
        read_letter(tmp_path / "feed.xml")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xml", b"%PDF-1.4\n", r"not an XML file; it looks like a PDF"),
        ("a.html", b"PK\x03\x04\x14\x00", r"not an HTML file; it looks like a ZIP"),
        ("a.xml", b"  \n", r"the XML file is empty"),
    ],
    ids=["pdf-as-xml", "docx-as-html", "empty"],
)
def test_markup_file_holding_another_format(tmp_path: Path, name: str, data: bytes, message):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(CorpusError, match=rf"{re.escape(name)}.*{message}"):
        read_letter(tmp_path / name)


def test_xml_entities_are_not_resolved(tmp_path: Path):
    secret = tmp_path / "geheim.txt"
    secret.write_text("VERTROUWELIJK")
    (tmp_path / "kst.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<officiele-publicatie><kamerstuk><stuk><algemeen><vrije-tekst><tekst>"
        "<al>Tekst &e; hier.</al></tekst></vrije-tekst></algemeen></stuk></kamerstuk>"
        "</officiele-publicatie>"
    )
    assert "VERTROUWELIJK" not in read_letter(tmp_path / "kst.xml").text


# --- smaller structures -------------------------------------------------------------------


def _xml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "stuk.xml"
    path.write_text(f"<officiele-publicatie>{body}</officiele-publicatie>", encoding="utf-8")
    return path


def test_a_note_in_the_title_goes_to_the_footnotes_not_the_furniture(tmp_path: Path):
    letter = read_letter(
        _xml(
            tmp_path,
            "<kamerstuk><stuk><titel>ADVIES<noot type='voet'><noot.nr>1</noot.nr>"
            "<noot.al>Advies van de Raad van State.</noot.al></noot></titel><algemeen>"
            "<vrije-tekst><tekst><al>De Afdeling adviseert positief.</al></tekst>"
            "</vrije-tekst></algemeen></stuk></kamerstuk>",
        )
    )
    assert letter == ("De Afdeling adviseert positief.", ["1 Advies van de Raad van State."],
                      ["ADVIES"])  # fmt: skip


@pytest.mark.parametrize(
    ("vraag", "first"),
    [
        ("<vraag><al>Kent u het bericht?</al></vraag>", "Vraag"),
        ("<vraag><al>Vraag 1</al><al>Kent u het bericht?</al></vraag>", "Vraag 1"),
        ("<vraag><nr>1</nr><al>Kent u het bericht?</al></vraag>", "Vraag 1"),
    ],
    ids=["no-label", "label-in-text", "bare-number"],
)
def test_question_label_written_once(tmp_path: Path, vraag: str, first: str):
    text = read_letter(_xml(tmp_path, f"<kamervragen>{vraag}</kamervragen>")).text
    assert text == f"{first}\n\nKent u het bericht?"


def test_html_line_break_separates_words_and_page_chrome_is_dropped(tmp_path: Path):
    (tmp_path / "a.html").write_text(
        "<html><body><nav>Menu Zoeken</nav><article><p>De minister van Buitenlandse Zaken,"
        "<br>A.B. Jansen</p></article><footer>Colofon</footer></body></html>",
        encoding="utf-8",
    )
    assert read_letter(tmp_path / "a.html").text == (
        "De minister van Buitenlandse Zaken, A.B. Jansen"
    )
