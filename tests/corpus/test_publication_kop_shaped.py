"""The publication reader on files in the exact structure of officielebekendmakingen.nl
publications (tests/data/formats/kop_shaped, written for these tests; see its README): three
moties (Kamerstukken) and an item of the Handelingen."""

from __future__ import annotations

import re
import shutil
import warnings
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from discourse.corpus.files import read_letter
from discourse.corpus.letters import load_letters
from discourse.corpus.segment import segments
from discourse.errors import SegmentationWarning

KOP = Path(__file__).parent.parent / "data" / "formats" / "kop_shaped"
MOTIES = ["kst-38999-XXIII-9901.xml", "kst-21501-20-9902.xml", "kst-37999-9903.xml"]
HANDELINGEN = "h-tk-20982099-99-10.xml"
FILES = [*MOTIES, HANDELINGEN]


def words(text: str) -> Counter:
    return Counter(re.findall(r"[\w'-]+", text))


def _root(name: str):
    return etree.parse(str(KOP / name), etree.XMLParser(remove_comments=True)).getroot()


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", FILES)
def test_no_word_lost_or_added(name: str):
    """Reader's words (text, notes, head) == the XML's text without its metadata; the text
    is joined as written, so ``21 501</dossiernr>-<raadnr>20`` and ``CO<inf>2</inf>``
    stay one word."""
    root = _root(name)
    for meta in root.iter("metadata"):
        meta.getparent().remove(meta)
    letter = read_letter(KOP / name)
    got = words(" ".join([letter.text, *letter.footnotes, *letter.furniture]))
    assert got == words("".join(root.itertext()))


@pytest.mark.parametrize("name", FILES)
def test_every_paragraph_in_order(name: str):
    """Each ``al`` outside the head is one paragraph of the text, in the file's order."""
    paragraphs = read_letter(KOP / name).text.split("\n\n")
    expected = [_squash(al.xpath("string()")) for al in _root(name).iter("al")]
    expected = [p for p in expected if p]
    start = 0
    for paragraph in expected:  # list items carry their mark: "– " + the al
        rest = range(start, len(paragraphs))
        found = next((i for i in rest if paragraphs[i].endswith(paragraph)), None)
        assert found is not None, f"missing or out of order: {paragraph!r}"
        start = found + 1


def test_motie_head_is_furniture_with_the_dossier_number_whole():
    letter = read_letter(KOP / "kst-21501-20-9902.xml")
    assert letter.furniture == [
        "Vergaderjaar 2098-2099",
        "Tweede Kamer der Staten-Generaal",
        "2",
        "Kamerstukken",
        "21 501-20 Europese Raad",
        "Nr. 9902",
        "MOTIE VAN HET LID OUDSHOORN C.S.",
        "Voorgesteld 18 maart 2099",
    ]
    assert letter.footnotes == []
    assert letter.text.startswith("De Kamer,\n\ngehoord de beraadslaging,\n\n")
    assert "\n\n– bij de komende Europese Raad te pleiten" in letter.text  # list mark kept
    assert letter.text.endswith("orde van de dag.\n\nOudshoorn\n\nVan der Sluijs\n\nKerkdijk")


def _corpus(tmp_path: Path, name: str, doc_type: str) -> Path:
    shutil.copy(KOP / name, tmp_path / name)
    (tmp_path / "letters.csv").write_text(
        "doc_id,file,title,doc_type,date,minister,cabinet,period\n"
        f"a,{name},Stuk,{doc_type},2099-03-18,A.B. Zandbergen,Kabinet-Fictief,Zandbergen\n",
        encoding="utf-8",
    )
    return tmp_path


def _segments(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("error", SegmentationWarning)
        return segments(load_letters(folder))


@pytest.mark.parametrize(
    ("name", "submitters"),
    [("kst-38999-XXIII-9901.xml", "Ververgaert, Koudijs-Lammers"),
     ("kst-21501-20-9902.xml", "Oudshoorn, Van der Sluijs, Kerkdijk"),
     # the last name ends with a full stop, as in 9 of 400 moties sampled (was no speaker)
     ("kst-37999-9903.xml", "Noëlle de Waard, Smeenk, Holtkamp")],
)  # fmt: skip
def test_motie_segments_into_the_submitters_body_and_signature(tmp_path, name, submitters):
    segs = _segments(_corpus(tmp_path, name, "motie"))
    assert list(zip(segs["role"], segs["seg_type"], strict=True)) == [
        ("parliament", "body"),
        ("other", "signature"),
    ]
    assert segs["speaker"].iloc[0] == submitters
    assert segs["text"].iloc[0].endswith("en gaat over tot de orde van de dag.")


def test_handelingen_speakers_are_paragraphs_without_the_indentation():
    """``<naam>⏎<achternaam>voorzitter</achternaam>⏎</naam>:`` is ``De voorzitter:`` (was
    ``De voorzitter :``), and the turns inside ``agendapunt``/``spreekbeurt`` are
    paragraphs (the whole item was one paragraph)."""
    paragraphs = read_letter(KOP / HANDELINGEN).text.split("\n\n")
    assert paragraphs[:4] == [
        "10",
        "Binnenvaart en Havens",
        "Aan de orde is het tweeminutendebat Binnenvaart en Havens (CD d.d. 14/03).",
        "De voorzitter:",
    ]
    for speaker in ("De heer Van Rösbergen (PSL):", "Staatssecretaris Zandbergen:", "Motie"):
        assert speaker in paragraphs


def test_handelingen_segment_into_speakers_turns(tmp_path: Path):
    segs = _segments(_corpus(tmp_path, HANDELINGEN, "handelingen"))
    turns = segs[segs["seg_type"] == "body"]
    assert list(zip(turns["role"], turns["speaker"], strict=True)) == [
        ("other", "voorzitter"),
        ("parliament", "Van Rösbergen (PSL)"),
        ("other", "voorzitter"),  # motie-info: the chair announces the motion's number
        ("parliament", "Koudijs-Lammers (CMP)"),
        ("other", "voorzitter"),
        ("other", "voorzitter"),
        ("government", "Zandbergen"),
        ("other", "voorzitter"),
    ]
    motion = turns["text"].iloc[1]
    assert "Ik dien daarom de volgende motie in.\n\nMotie\n\nDe Kamer," in motion
    assert turns["text"].iloc[6].startswith("Voorzitter, dank voor de korte pauze. Eerst de")
