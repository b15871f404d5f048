"""A Tweede Kamer ``Document`` record as a ``letters.csv`` row, and the table of cabinets."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

import discourse as dc
from discourse.corpus.layouts import LAYOUTS
from discourse.corpus.opendata import odata
from discourse.corpus.opendata.cabinets import cabinets_path, read_cabinets
from discourse.corpus.opendata.records import (
    SOORT_DOC_TYPES,
    doc_id,
    kamerstuk,
    letter_row,
    person_name,
    publication,
    record_date,
    source_of,
)
from discourse.paths import data_dir

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HERE = Path(__file__).resolve().parents[1] / "data" / "opendata"


def _record(**fields) -> dict:
    base = {
        "Id": "0d6f4c1e-3b7a-4f0e-9c51-2a8e6d1b9f01",
        "Soort": "Brief regering",
        "DocumentNummer": "2024D45117",
        "Titel": "Raad Buitenlandse Zaken",
        "Onderwerp": "Reactie op het verzoek van het lid Piri over de Amerikaanse verkiezingen",
        "Datum": "2024-11-18T00:00:00+01:00",
        "Volgnummer": 2976,
        "ContentType": DOCX,
        "GewijzigdOp": "2024-11-19T10:12:44+01:00",
        "DocumentActor": [
            {
                "ActorNaam": "C.C.J. Veldkamp",
                "Functie": "minister van Buitenlandse Zaken",
                "Relatie": "Eerste ondertekenaar",
            }
        ],
        "Kamerstukdossier": [{"Nummer": 21501, "Toevoeging": "02", "Titel": "RBZ"}],
    }
    return {**base, **fields}


@pytest.mark.parametrize(
    ("soort", "doc_type"),
    [
        ("Brief regering", "kamerbrief"),
        ("Antwoord schriftelijke vragen", "antwoorden_kamervragen"),
        ("Antwoord schriftelijke vragen (nader)", "antwoorden_kamervragen"),
        ("Verslag van een schriftelijk overleg", "verslag_schriftelijk_overleg"),
        ("Lijst van vragen en antwoorden", "lijst_van_vragen_en_antwoorden"),
        ("Bijlage", "bijlage"),
    ],
)
def test_soort_maps_to_a_segmented_doc_type(soort: str, doc_type: str) -> None:
    row = letter_row(_record(Soort=soort), file="x.docx", source_url="u")
    assert row["doc_type"] == doc_type
    assert doc_type in LAYOUTS


def test_every_mapped_doc_type_has_a_layout() -> None:
    assert {t for t, _ in SOORT_DOC_TYPES.values()} <= set(LAYOUTS)


def test_questions_only_say_so_in_the_note() -> None:
    row = letter_row(_record(Soort="Schriftelijke vragen"), file="x.docx", source_url="u")
    assert row["doc_type"] == "antwoorden_kamervragen"
    assert "questions only" in row["note"]


def test_row_from_record() -> None:
    row = letter_row(_record(), file="a.docx", source_url="http://x/resource")
    assert row["doc_id"] == "2024-11-18_2024D45117_reactie_op_het_verzoek_van_het"
    assert row["title"].startswith("Reactie op het verzoek van het lid Piri")
    assert (row["date"], row["date_precision"]) == ("2024-11-18", "day")
    assert (row["minister"], row["cabinet"], row["period"]) == (
        "C.C.J. Veldkamp",
        "Schoof",
        "Veldkamp",
    )
    assert row["kamerstuk"] == "21501-02 nr. 2976"
    assert row["document_number"] == "2024D45117"
    assert row["source_url"] == "http://x/resource"
    assert "signing actor (H" in row["note"] and "data/cabinets.csv (M)" in row["note"]


def test_doc_id_is_stable_and_ascii() -> None:
    record = _record(Onderwerp="Reactie op motie-Brekelmans: één Europese defensie-industrie")
    assert doc_id(record) == doc_id(dict(record))
    assert doc_id(record) == "2024-11-18_2024D45117_reactie_op_motie_brekelmans_een_europese"


def test_date_is_the_dutch_calendar_day() -> None:
    assert record_date({"Datum": "2024-11-17T23:00:00Z"}) == dt.date(2024, 11, 18)
    assert record_date({"Datum": "2025-10-23T00:00:00+02:00"}) == dt.date(2025, 10, 23)
    assert record_date({}) is None


def test_kamerstuk_forms() -> None:
    assert kamerstuk(_record()) == "21501-02 nr. 2976"
    assert kamerstuk(_record(Kamerstukdossier=[{"Nummer": 36715, "Toevoeging": None}])) == (
        "36715 nr. 2976"
    )
    assert kamerstuk(_record(Volgnummer=None)) == ""
    two = [{"Nummer": 36600, "Toevoeging": "V"}, {"Nummer": 21501, "Toevoeging": "02"}]
    assert kamerstuk(_record(Kamerstukdossier=two), (21501, "02")) == "21501-02 nr. 2976"


def test_signing_actor_preferred_and_name_order() -> None:
    actors = [
        {"ActorNaam": "R.P. Brekelmans", "Functie": "minister van Defensie",
         "Relatie": "Mede ondertekenaar"},
        {"ActorNaam": "D.M. van Weel", "Functie": "minister van Buitenlandse Zaken",
         "Relatie": "Eerste ondertekenaar"},
    ]  # fmt: skip
    row = letter_row(_record(DocumentActor=actors), file="a.docx", source_url="u")
    assert row["minister"] == "D.M. van Weel"
    assert "Relatie 'Eerste ondertekenaar'" in row["note"]
    co_only = [dict(actors[0]), {**actors[1], "Relatie": "Mede namens"}]
    row = letter_row(_record(DocumentActor=co_only), file="a.docx", source_url="u")
    assert row["minister"] == "R.P. Brekelmans"  # a co-signer signs; "Mede namens" does not
    gone = [{**actors[1], "Verwijderd": True}, {**actors[0], "Relatie": None}]
    row = letter_row(_record(DocumentActor=gone), file="a.docx", source_url="u")
    assert row["minister"] == "R.P. Brekelmans" and "without a signing relation (M" in row["note"]
    assert person_name("Weel, D.M. van") == "D.M. van Weel"  # the Toezegging spelling


def test_without_government_actor_minister_is_inferred_and_said() -> None:
    actors = [{"ActorNaam": "Piri", "Functie": "Tweede Kamerlid", "Relatie": "Indiener"}]
    row = letter_row(_record(DocumentActor=actors), file="a.docx", source_url="u")
    assert row["minister"] == "C.C.J. Veldkamp"
    assert "from data/cabinets.csv (L)" in row["note"]


def test_outside_the_table_the_period_is_the_year() -> None:
    row = letter_row(_record(Datum="2005-03-01T00:00:00+01:00"), file="a.docx", source_url="u")
    assert (row["cabinet"], row["period"]) == ("", "2005")


def _version(*kinds: str, number: int = 2, **extra) -> dict:
    """A ``DocumentVersie`` with one ``DocumentPublicatie`` per ``DocumentType``."""
    pubs = [
        {"Id": f"p-{kind}", "Identifier": "kst-21501-02-2976", "DocumentType": kind,
         "FileName": f"kst-21501-02-2976.{kind.lower()}", "Url": None, "Verwijderd": False}
        for kind in kinds
    ]  # fmt: skip
    return {"Versienummer": number, "DocumentPublicatie": pubs, **extra}


def test_text_source() -> None:
    current = _version("Pdf", "Odt", "Html", "Xml")
    assert source_of(_record(HuidigeDocumentVersie=current)) == (
        "publication",
        "DocumentPublicatie(p-Xml)/Resource",
    )
    html = _record(HuidigeDocumentVersie=_version("Pdf", "Html"))
    assert source_of(html) == ("publication", "DocumentPublicatie(p-Html)/Resource")
    assert source_of(_record(HuidigeDocumentVersie=_version("Pdf", "Odt")))[0] == "resource"
    older = [_version("Xml", number=1), _version("Pdf", "Html", number=2)]
    assert publication(_record(DocumentVersie=older))["Id"] == "p-Html"  # the latest version
    gone = _version("Xml")
    gone["DocumentPublicatie"][0]["Verwijderd"] = True
    assert publication(_record(HuidigeDocumentVersie=gone)) is None
    key = _record()["Id"]
    assert source_of(_record()) == ("resource", f"Document({key})/resource")
    assert source_of(_record(ContentType="application/pdf"))[0] == "resource"
    kind, why = source_of(_record(ContentType="application/msword"))
    assert kind == "" and "application/msword" in why


def test_a_record_in_the_shape_of_the_service() -> None:
    """A Brief regering in the exact shape of the service's answers (fictional values; see
    the data README): midnight with a +02:00 offset is that Dutch day, and the current version
    lists the publication in four formats with ``Url`` null."""
    record = json.loads((HERE / "record_shape.json").read_text(encoding="utf-8"))
    assert source_of(record) == (
        "publication",
        "DocumentPublicatie(8ab8bc13-62d9-431b-8e8d-84bd8849e691)/Resource",
    )
    row = letter_row(record, file="a.xml", source_url="u")
    assert (row["date"], row["doc_type"], row["document_number"]) == (
        "2099-06-12",
        "kamerbrief",
        "2099D24417",
    )
    assert row["doc_id"] == "2099-06-12_2099D24417_appreciatie_van_de_motie_van_het"
    assert "official publication kst-37999-9904 (Xml)" in row["note"]
    # a query of this shape expands neither DocumentActor nor Kamerstukdossier: said, not guessed
    assert row["kamerstuk"] == "" and "Kamerstuk unknown" in row["note"]
    assert "No member of government among the actors" in row["note"]


def test_cabinet_table_gives_the_bundled_labels() -> None:
    """The table produces the cabinet and period of every bundled letter from its date."""
    with open(data_dir() / "letters.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        office = dc.cabinet_on(row["date"])
        assert (office["cabinet"], office["period"]) == (row["cabinet"], row["period"]), row[
            "doc_id"
        ]
        assert office["minister"] == row["minister"], row["doc_id"]


def test_cabinet_table_is_consistent_and_sourced() -> None:
    rows = read_cabinets(cabinets_path())
    assert {"Rutte I", "Rutte II", "Rutte III", "Rutte IV", "Schoof"} <= {
        r["cabinet"] for r in rows
    }
    for r in rows:
        assert r["source"].startswith("https://"), r
        assert r["confidence"] in {"H", "M", "L"}
        assert r["cabinet_start"] <= r["minister_start"]
        for end in (r["cabinet_end"], r["minister_end"]):
            assert end is None or r["minister_start"] < end
    starts = sorted({(r["cabinet_start"], r["cabinet_end"]) for r in rows})
    for (_, end), (start, _) in zip(starts, starts[1:], strict=False):
        assert end == start  # cabinets follow each other without gap or overlap


def test_cabinet_on_accepts_a_date_and_refuses_other_things() -> None:
    assert dc.cabinet_on(dt.date(2013, 5, 1))["minister"] == "F.C.G.M. Timmermans"
    assert dc.cabinet_on(dt.datetime(2022, 3, 1, 12))["cabinet"] == "Rutte IV"
    with pytest.raises(dc.CorpusError, match="date=12 is not valid"):
        dc.cabinet_on(12)
    with pytest.raises(dc.CorpusError, match=r"cabinet_on\(\): date='18-07-2018' is not a date"):
        dc.cabinet_on("18-07-2018")


def test_query_shape() -> None:
    query = odata.document_query(
        soort=("Brief regering", "Bijlage"),
        dossier=(21501, "02"),
        since="2017-10-26",
        until="2018-01-01",
    )
    assert query["$filter"] == (
        "Verwijderd eq false and (Soort eq 'Brief regering' or Soort eq 'Bijlage') and "
        "Kamerstukdossier/any(d: d/Nummer eq 21501 and d/Toevoeging eq '02') and "
        "Datum ge 2017-10-26T00:00:00Z and Datum lt 2018-01-01T00:00:00Z"
    )
    assert query["$expand"] == (
        "DocumentActor,Kamerstukdossier,HuidigeDocumentVersie($expand=DocumentPublicatie)"
    )
    assert query["$orderby"] == "Datum"
    quoted = odata.document_query(soort=("Brief 'x'",))["$filter"]
    assert "Soort eq 'Brief ''x'''" in quoted


def test_retry_after(monkeypatch) -> None:
    class Answer:
        def __init__(self, value: str) -> None:
            self.headers = {"Retry-After": value} if value else {}

    assert odata._retry_after(Answer("7"), 0) == 7.0
    assert odata._retry_after(Answer(""), 3) == 8.0
    assert odata._retry_after(Answer("soon"), 1) == 2.0
    assert odata._retry_after(Answer("100000"), 0) == odata.MAX_WAIT
    monkeypatch.setattr(odata.time, "time", lambda: 1_700_000_000.0)
    assert odata._retry_after(Answer("Tue, 14 Nov 2023 22:13:40 GMT"), 0) == 20.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04T00:00:00+01:00", "2025-03-04T00:00:00+01:00"),
        ("2018-06-16T10:00:00.25+02:00", "2018-06-16T10:00:00.250000+02:00"),
        ("2025-09-05T08:12:03.1234567Z", "2025-09-05T08:12:03.123456+00:00"),
        ("2024-11-18T14:03:07.5+01:00", "2024-11-18T14:03:07.500000+01:00"),
    ],
)
def test_timestamps_with_any_number_of_decimals(value, expected):
    """The service writes 0-3 decimals in GewijzigdOp and 7 in ApiGewijzigdOp; Python 3.10's
    fromisoformat reads only 3 or 6, so a fetch on 3.10 failed on '…:00.25+02:00'."""
    from discourse.corpus.opendata.records import parse_timestamp

    assert parse_timestamp(value).isoformat() == expected
