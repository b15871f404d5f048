"""Write ``data/opendata_sample/``: a synthetic, recorded-shape sample of the Tweede Kamer
open data (dossier 21501-02, Raad Algemene Zaken en Raad Buitenlandse Zaken) for notebook
05 and the tests.

Usage::

    python tools/make_opendata_sample.py [--out DIR]

Everything in the sample is made here: the ``Document`` records (OData v4 JSON pages with
``@odata.nextLink`` and the ``$expand`` data ``fetch_documents()`` asks for), the
``/resource`` files (Word ``.docx``, written with python-docx, a letterhead in the page
header) and the official publications (XML in the officielebekendmakingen.nl shape that
:mod:`discourse.corpus.publication` reads). The letters' texts are our own Dutch
sentences in the layouts of a Kamerbrief, a verslag of the Raad and a verslag van een
schriftelijk overleg; the numbers (``nr. 99xx``, ``20xxD999xx``, the ids) are fictional.
The dossier, the ministers, their functions and the dates of office are real, so
``data/cabinets.csv`` gives each letter its cabinet and period. Re-running this script
rewrites the same JSON and XML bytes, and ``.docx`` files with the same text (their ZIP
entries carry a fixed date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from discourse.corpus.opendata.records import parse_timestamp

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "opendata_sample"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXPAND = "DocumentActor(),Kamerstukdossier(),HuidigeDocumentVersie(DocumentPublicatie())"
PAGE_SIZE = 3
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
          "december").split()  # fmt: skip
FUNCTIE_BZ = "minister van Buitenlandse Zaken"
DOSSIER = {
    "Id": "d0551e00-0001-4000-8000-000000021501",
    "Titel": "Raad Algemene Zaken en Raad Buitenlandse Zaken",
    "Citeertitel": None,
    "Alias": None,
    "Nummer": 21501,
    "Toevoeging": "02",
    "HoogsteVolgnummer": 9909,
    "Afgesloten": False,
    "Kamer": "Tweede Kamer",
    "Verwijderd": False,
}

# Each letter: number (nr. 99xx), date, Soort, signer and function, subject, format, body.
# A body item is a paragraph, ("h", heading), ("q", fractie) or ("a", answer heading), and
# a paragraph may carry a footnote: ("n", text, note).
LETTERS = [
    {
        "nr": 9901,
        "date": "2018-06-15",
        "soort": "Brief regering",
        "signer": "S.A. Blok",
        "functie": FUNCTIE_BZ,
        "subject": "Geannoteerde agenda Raad Buitenlandse Zaken van 25 juni 2018",
        "format": "docx",
        "body": [
            "Hierbij bied ik u, mede namens de minister voor Buitenlandse Handel en "
            "Ontwikkelingssamenwerking, de geannoteerde agenda aan voor de Raad Buitenlandse "
            "Zaken van 25 juni 2018.",
            ("h", "Trans-Atlantische betrekkingen"),
            "De Raad spreekt over de betrekkingen met de Verenigde Staten. De Amerikaanse "
            "regering heeft importheffingen op staal en aluminium ingesteld en trekt zich "
            "terug uit het nucleaire akkoord met Iran. Het kabinet betreurt beide besluiten.",
            "Tegelijk blijven de Verenigde Staten de belangrijkste bondgenoot van Nederland. "
            "De samenwerking binnen de NAVO is de hoeksteen van onze veiligheid, en het "
            "kabinet zet zich in voor een constructieve dialoog met Washington, ook waar wij "
            "van mening verschillen.",
            ("h", "Rusland"),
            "De Raad bespreekt de verlenging van de sancties tegen Rusland. Nederland steunt "
            "verlenging zolang de akkoorden van Minsk niet zijn uitgevoerd. Het kabinet blijft "
            "zich inzetten voor waarheidsvinding en gerechtigheid voor de slachtoffers van "
            "vlucht MH17.",
            ("h", "Europese samenwerking"),
            "Een sterke en eensgezinde Europese Unie is in het belang van Nederland. Europa "
            "moet meer verantwoordelijkheid nemen voor de eigen veiligheid, in nauwe "
            "samenwerking met de NAVO.",
        ],
    },
    {
        "nr": 9902,
        "date": "2018-10-19",
        "soort": "Brief regering",
        "signer": "S.A. Blok",
        "functie": FUNCTIE_BZ,
        "subject": "Verslag van de Raad Buitenlandse Zaken van 15 oktober 2018",
        "format": "xml",
        "body": [
            "Hierbij ontvangt u het verslag van de Raad Buitenlandse Zaken van 15 oktober 2018 "
            "in Luxemburg.",
            ("h", "Rusland"),
            (
                "n",
                "De Raad sprak over de betrekkingen met Rusland. Nederland heeft de Raad "
                "geïnformeerd over de verstoorde cyberoperatie van de Russische "
                "militaire inlichtingendienst tegen de OPCW in Den Haag. Veel lidstaten "
                "spraken hun steun uit voor een Europees sanctieregime tegen cyberaanvallen.",
                "Kamerstuk 21 501-02, nr. 9901.",
            ),
            ("h", "Verenigde Staten"),
            "De ministers spraken over de handelspolitiek van de Verenigde Staten. De Unie "
            "zoekt de dialoog met de Amerikaanse regering om een verdere escalatie van het "
            "handelsconflict te voorkomen. Nederland benadrukte dat vrije en eerlijke handel "
            "in het belang is van beide kanten van de Atlantische Oceaan.",
            ("h", "Veiligheid"),
            "Het kabinet heeft het belang onderstreept van goede samenwerking tussen de "
            "Europese Unie en de NAVO. Europese defensiesamenwerking moet de NAVO versterken "
            "en niet verzwakken.",
        ],
    },
    {
        "nr": 9903,
        "date": "2019-03-08",
        "soort": "Verslag van een schriftelijk overleg",
        "signer": "S.A. Blok",
        "functie": FUNCTIE_BZ,
        "subject": "Verslag van een schriftelijk overleg over de Raad Buitenlandse Zaken van "
        "18 maart 2019",
        "format": "xml",
        "body": [
            "Binnen de vaste commissie voor Buitenlandse Zaken hebben de onderstaande "
            "fracties de behoefte vragen en opmerkingen voor te leggen aan de minister van "
            "Buitenlandse Zaken over de geannoteerde agenda van de Raad Buitenlandse Zaken "
            "van 18 maart 2019. De vragen en opmerkingen zijn met de antwoorden hieronder "
            "afgedrukt.",
            ("h", "I Vragen en opmerkingen vanuit de fracties en antwoord van de minister"),
            ("q", "VVD"),
            "De leden van de VVD-fractie lezen dat de Raad spreekt over de betrekkingen met "
            "Rusland. Deze leden vragen of de minister bereid is om in de Raad te pleiten "
            "voor nieuwe sancties tegen Rusland vanwege de gebeurtenissen in de Straat van "
            "Kertsj?",
            ("a", "Antwoord"),
            "Het kabinet heeft in de Raad gepleit voor gerichte maatregelen tegen de "
            "verantwoordelijken voor het incident in de Straat van Kertsj. Nederland blijft "
            "zich inzetten voor eenheid binnen de Europese Unie over het beleid ten aanzien "
            "van Rusland.",
            ("q", "GroenLinks"),
            "De leden van de GroenLinks-fractie vragen hoe de minister de toekomst van het "
            "INF-verdrag beoordeelt nu de Verenigde Staten en Rusland zich uit het verdrag "
            "terugtrekken. Is de minister bereid hierover in de NAVO het gesprek aan te gaan?",
            ("a", "Antwoord"),
            "Het kabinet betreurt dat het INF-verdrag dreigt te verdwijnen. Rusland heeft het "
            "verdrag geschonden; de Verenigde Staten hebben daarop besloten zich terug te "
            "trekken. Nederland zet zich er binnen de NAVO voor in dat de bondgenoten "
            "eensgezind reageren, en steunt iedere stap die wapenbeheersing in Europa "
            "dichterbij brengt.",
        ],
    },
    {
        "nr": 9904,
        "date": "2024-11-29",
        "soort": "Brief regering",
        "signer": "C.C.J. Veldkamp",
        "functie": FUNCTIE_BZ,
        "subject": "Geannoteerde agenda Raad Buitenlandse Zaken van 16 december 2024",
        "format": "docx",
        "body": [
            "Hierbij bied ik u de geannoteerde agenda aan voor de Raad Buitenlandse Zaken "
            "van 16 december 2024.",
            ("h", "Oekraïne"),
            "De Raad spreekt over de voortdurende Russische agressie tegen Oekraïne. Het "
            "kabinet blijft Oekraïne politiek, militair en financieel steunen, zolang als "
            "nodig. Nederland zet in op een vijftiende sanctiepakket tegen Rusland en op het "
            "tegengaan van de omzeiling van sancties.",
            ("h", "Trans-Atlantische betrekkingen"),
            "Na de Amerikaanse verkiezingen spreekt de Raad over de samenwerking met de "
            "nieuwe regering van de Verenigde Staten. Het kabinet wil met Washington "
            "samenwerken waar dat kan en verschillen benoemen waar dat nodig is. De NAVO "
            "blijft de basis van onze veiligheid, maar Europa moet meer doen voor de eigen "
            "defensie.",
            "Een weerbaar Europa is geen alternatief voor de trans-Atlantische band, maar een "
            "voorwaarde om die band sterk te houden.",
        ],
    },
    {
        "nr": 9905,
        "date": "2025-05-23",
        "soort": "Brief regering",
        "signer": "C.C.J. Veldkamp",
        "functie": FUNCTIE_BZ,
        "subject": "Verslag van de Raad Buitenlandse Zaken van 20 mei 2025",
        "format": "xml",
        "body": [
            "Hierbij ontvangt u het verslag van de Raad Buitenlandse Zaken van 20 mei 2025 in "
            "Brussel.",
            ("h", "Russische agressie tegen Oekraïne"),
            "De Raad nam een zeventiende sanctiepakket tegen Rusland aan. Nederland heeft "
            "gepleit voor maatregelen tegen de schaduwvloot waarmee Rusland de sancties op "
            "olie omzeilt. De ministers spraken ook over de veiligheidsgaranties die Europa "
            "aan Oekraïne kan bieden.",
            ("h", "Verenigde Staten"),
            (
                "n",
                "De ministers bespraken de Amerikaanse invoerheffingen en de gevolgen voor de "
                "Europese economie. Het kabinet steunt de inzet van de Commissie op "
                "onderhandelingen, en wil tegelijk voorbereid zijn op tegenmaatregelen als "
                "die onderhandelingen niets opleveren.",
                "Kamerstuk 21 501-02, nr. 9904.",
            ),
            "Nederland benadrukte dat de Verenigde Staten een onmisbare bondgenoot blijven, "
            "ook nu de Amerikaanse regering andere prioriteiten stelt. Het kabinet wil de "
            "NAVO-top in Den Haag benutten om de bondgenootschappelijke eenheid te tonen.",
        ],
    },
    {
        "nr": 9906,
        "date": "2025-08-27",
        "soort": "Brief regering",
        "signer": "R.P. Brekelmans",
        "functie": "minister van Defensie",
        "subject": "Geannoteerde agenda van de informele bijeenkomst van EU-ministers van "
        "Buitenlandse Zaken (Gymnich) van 29 en 30 augustus 2025",
        "format": "docx",
        "body": [
            "Hierbij bied ik u, belast met de tijdelijke behartiging van de zaken van "
            "Buitenlandse Zaken, de geannoteerde agenda aan van de informele bijeenkomst van "
            "de ministers van Buitenlandse Zaken van de Europese Unie van 29 en 30 augustus "
            "2025.",
            ("h", "Oekraïne en de Europese veiligheid"),
            "De ministers spreken over de steun aan Oekraïne en over de gesprekken tussen de "
            "Verenigde Staten en Rusland. Het kabinet vindt dat Oekraïne en Europa aan tafel "
            "moeten zitten bij ieder gesprek over de veiligheid van ons continent. Er kan "
            "geen vrede zijn zonder Oekraïne.",
            "Nederland blijft inzetten op druk op Rusland via sancties en op blijvende "
            "militaire steun, in nauwe afstemming met de bondgenoten in de NAVO.",
            ("h", "Trans-Atlantische samenwerking"),
            "De bijeenkomst biedt ook ruimte voor een gesprek over de handelsafspraken tussen "
            "de Europese Unie en de Verenigde Staten. Het kabinet hecht aan voorspelbare "
            "handelsrelaties en aan een Unie die haar eigen belangen krachtig verdedigt.",
        ],
    },
    {
        "nr": 9907,
        "date": "2025-10-10",
        "soort": "Brief regering",
        "signer": "D.M. van Weel",
        "functie": FUNCTIE_BZ,
        "subject": "Geannoteerde agenda Raad Buitenlandse Zaken van 20 oktober 2025",
        "format": "docx",
        "body": [
            "Hierbij bied ik u de geannoteerde agenda aan voor de Raad Buitenlandse Zaken "
            "van 20 oktober 2025.",
            ("h", "Russische agressie tegen Oekraïne"),
            "De Raad spreekt over de Russische oorlog tegen Oekraïne en over een "
            "negentiende sanctiepakket. Het kabinet wil de bevroren Russische tegoeden "
            "benutten voor de steun aan Oekraïne, binnen de kaders van het internationaal "
            "recht.",
            ("h", "Europese defensie en de NAVO"),
            "Na de NAVO-top in Den Haag hebben de bondgenoten afgesproken meer te investeren "
            "in defensie. De Raad bespreekt hoe de Europese Unie daaraan bijdraagt. Europa "
            "neemt meer verantwoordelijkheid voor de eigen veiligheid, en het kabinet blijft "
            "daarbij de samenwerking met de Verenigde Staten zoeken.",
            "Een Europa dat sterker staat, is ook een betere partner voor de Verenigde Staten.",
        ],
    },
    {
        "nr": 9908,
        "date": "2025-12-19",
        "soort": "Brief regering",
        "signer": "D.M. van Weel",
        "functie": FUNCTIE_BZ,
        "subject": "Verslag van de Raad Buitenlandse Zaken van 15 december 2025",
        "format": "xml",
        "body": [
            "Hierbij ontvangt u het verslag van de Raad Buitenlandse Zaken van 15 december "
            "2025 in Brussel.",
            ("h", "Oekraïne"),
            "De Raad sprak over de gesprekken over een staakt-het-vuren. Nederland heeft "
            "benadrukt dat een vredesakkoord de soevereiniteit van Oekraïne moet respecteren "
            "en dat Rusland niet beloond mag worden voor agressie. De druk op Rusland blijft "
            "nodig.",
            ("h", "Betrekkingen met de Verenigde Staten"),
            (
                "n",
                "De ministers spraken over de nieuwe Amerikaanse veiligheidsstrategie. Het "
                "kabinet deelt de zorg van andere lidstaten over de toon ten opzichte van "
                "Europa, en blijft tegelijk investeren in de relatie met de Verenigde Staten "
                "en in een sterke NAVO.",
                "Kamerstuk 21 501-02, nr. 9907.",
            ),
            "Europa moet zijn eigen koers bepalen en zijn belangen en waarden verdedigen, in "
            "samenwerking met partners waar dat kan.",
        ],
    },
]
#: One record of a kind ``fetch_documents()`` does not ask for (a motion in the dossier):
#: the replay's filter must leave it out. It has no file.
MOTIE = {
    "nr": 9909,
    "date": "2025-06-12",
    "soort": "Motie",
    "signer": "",
    "functie": "",
    "subject": "Motie over de inzet voor een twintigste sanctiepakket",
    "format": "",
    "body": [],
}


def _long_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def key(letter: dict) -> str:
    """The record's ``Id`` (a fictional GUID carrying the nr.)."""
    n = letter["nr"]
    return f"{n:04d}0000-5a3b-4c1e-8000-00000000{n:04d}"


def document_number(letter: dict) -> str:
    return f"{letter['date'][:4]}D99{letter['nr'] % 1000:03d}"


def publication_name(letter: dict) -> str:
    return f"kst-21501-02-{letter['nr']}.xml"


def _offset(day: dt.date) -> str:
    """The Dutch UTC offset on ``day`` (summer time from the last Sunday of March)."""
    from zoneinfo import ZoneInfo

    when = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("Europe/Amsterdam"))
    return when.strftime("%z")[:3] + ":00"


def _stamp(day: dt.date, clock: str) -> str:
    """A ``GewijzigdOp`` stamp as the service writes it: local time, milliseconds, offset."""
    return f"{day.isoformat()}T{clock}{_offset(day)}"


def _api_stamp(stamp: str) -> str:
    """``ApiGewijzigdOp``: when the change reached the service, in UTC with seven decimals
    (here 7 seconds after ``GewijzigdOp``)."""
    when = parse_timestamp(stamp).astimezone(dt.timezone.utc)
    return (when + dt.timedelta(seconds=7)).strftime("%Y-%m-%dT%H:%M:%S.%f") + "1Z"


def _guid(kind: str, letter: dict, n: int = 1) -> str:
    return f"{kind}-{letter['nr']:04d}-4000-8000-{n:012d}"


def _vergaderjaar(day: dt.date) -> str:
    return f"{day.year}-{day.year + 1}" if day.month >= 9 else f"{day.year - 1}-{day.year}"


def _actor(letter: dict, changed: str) -> dict:
    """The signing minister as a ``DocumentActor`` (``Relatie`` "Eerste ondertekenaar")."""
    return {
        "Id": _guid("a1e5c0de", letter),
        "Document_Id": key(letter),
        "ActorNaam": letter["signer"],
        "ActorFractie": None,
        "Functie": letter["functie"],
        "Relatie": "Eerste ondertekenaar",
        "SidActor": None,
        "GewijzigdOp": changed,
        "ApiGewijzigdOp": _api_stamp(changed),
        "Verwijderd": False,
        "Persoon_Id": None,
        "Fractie_Id": None,
        "Commissie_Id": None,
    }


def _version(letter: dict, day: dt.date, changed: str) -> dict:
    """``HuidigeDocumentVersie`` with its ``DocumentPublicatie``: the "Xml" one of the
    official publication (the service also lists Html, Pdf and Odt; the sample keeps Xml)."""
    identifier = publication_name(letter).removesuffix(".xml")
    publications = []
    if letter["format"] == "xml":
        publications.append(
            {
                "Id": _guid("9ab11c00", letter),
                "Identifier": identifier,
                "DocumentType": "Xml",
                "FileName": publication_name(letter),
                "Source": "Koop",
                "ContentLength": len(make_xml(letter)),
                "ContentType": "application/xml",
                "Url": None,
                "PublicatieDatum": _stamp(day + dt.timedelta(days=1), "08:00:00.123"),
                "GewijzigdOp": changed,
                "ApiGewijzigdOp": _api_stamp(changed),
                "Verwijderd": False,
                "DocumentVersie_Id": _guid("7e751e00", letter),
            }
        )
    return {
        "Id": _guid("7e751e00", letter),
        "Status": "Vrijgegeven",
        "Versienummer": 1,
        "Extensie": ".docx",
        "Datum": changed,
        "GewijzigdOp": changed,
        "ApiGewijzigdOp": _api_stamp(changed),
        "Verwijderd": False,
        "Document_Id": key(letter),
        "ExterneIdentifier": identifier if publications else None,
        "DocumentPublicatie": publications,
    }


def record(letter: dict) -> dict:
    """The ``Document`` record with ``DocumentActor``, ``Kamerstukdossier`` and
    ``HuidigeDocumentVersie`` (``DocumentPublicatie``), in the fields and value formats of
    the service's answers (see tests/data/opendata/README.md)."""
    day = dt.date.fromisoformat(letter["date"])
    changed = _stamp(day + dt.timedelta(days=1), "10:00:00.25")
    version = _version(letter, day, changed)
    return {
        "Id": key(letter),
        "Soort": letter["soort"],
        "DocumentNummer": document_number(letter),
        "Titel": DOSSIER["Titel"],
        "Onderwerp": letter["subject"],
        "Datum": f"{letter['date']}T00:00:00{_offset(day)}",
        "Vergaderjaar": _vergaderjaar(day),
        "Kamer": 2,
        "Volgnummer": letter["nr"],
        "Citeertitel": None,
        "Alias": None,
        "DatumRegistratie": f"{letter['date']}T00:00:00{_offset(day)}",
        "DatumOntvangst": f"{letter['date']}T00:00:00{_offset(day)}",
        "Aanhangselnummer": None,
        "KenmerkAfzender": None,
        "Organisatie": "Tweede Kamer",
        "ContentType": DOCX_TYPE,
        "ContentLength": None,
        "GewijzigdOp": changed,
        "ApiGewijzigdOp": _api_stamp(changed),
        "Verwijderd": False,
        "HuidigeDocumentVersie_Id": version["Id"],
        "DocumentActor": [_actor(letter, changed)] if letter["signer"] else [],
        "Kamerstukdossier": [dict(DOSSIER)],
        "HuidigeDocumentVersie": version,
    }


def pages(records: list[dict]) -> list[dict]:
    """The records in pages of :data:`PAGE_SIZE`, each but the last with a nextLink;
    ``{api_url}`` stands for the service root."""
    out = []
    for start in range(0, len(records), PAGE_SIZE):
        page = {
            "@odata.context": f"{{api_url}}/$metadata#Document({EXPAND})",
            "value": records[start : start + PAGE_SIZE],
        }
        if start + PAGE_SIZE < len(records):
            page["@odata.nextLink"] = (
                "{api_url}/Document?$filter=Verwijderd%20eq%20false&$orderby=Datum"
                f"&$skiptoken={start // PAGE_SIZE + 2}"
            )
        out.append(page)
    return out


def _signature(letter: dict) -> tuple[str, str]:
    functie = letter["functie"]
    return f"De {functie[0].upper()}{functie[1:]},", letter["signer"]


def make_docx(letter: dict) -> bytes:
    """A Kamerbrief as the ministry saves it: letterhead in the header, address, date,
    subject, body with headings, signature; a fixed date on every ZIP entry."""
    from docx import Document

    day = dt.date.fromisoformat(letter["date"])
    doc = Document()
    props = doc.core_properties
    props.author, props.title = "Ministerie van Buitenlandse Zaken", letter["subject"]
    props.created = props.modified = dt.datetime(day.year, day.month, day.day, 9, 0)
    props.last_modified_by, props.revision = "", 1
    header = doc.sections[0].header
    header.paragraphs[0].text = "Ministerie van Buitenlandse Zaken"
    header.add_paragraph("Rijnstraat 8, 2515 XP Den Haag")
    address = ("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", "Binnenhof 4",
               "Den Haag", f"Datum {_long_date(day)}", f"Betreft {letter['subject']}")  # fmt: skip
    for line in address:
        doc.add_paragraph(line)
    for item in letter["body"]:
        if isinstance(item, tuple) and item[0] == "h":
            doc.add_heading(item[1], level=2)
        else:
            doc.add_paragraph(item if isinstance(item, str) else item[1])
    for line in _signature(letter):
        doc.add_paragraph(line)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue(), (day.year, day.month, day.day, 9, 0, 0))


def _fixed_zip(data: bytes, when: tuple[int, ...]) -> bytes:
    """The ZIP package with every entry dated ``when`` (python-docx stamps the time of saving)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _al(text: str, note: tuple[str, str] | None = None) -> str:
    if note is None:
        return f"<al>{escape(text)}</al>"
    number, body = note
    return (
        f'<al>{escape(text)}<noot id="ID-{number}" type="voet"><noot.nr>{number.split("-")[-1]}'
        f"</noot.nr><noot.al>{escape(body)}</noot.al></noot></al>"
    )


def make_xml(letter: dict) -> bytes:
    """The official publication: metadata, kamerstukkop, dossier, stuk with the body."""
    day = dt.date.fromisoformat(letter["date"])
    vso = letter["soort"] == "Verslag van een schriftelijk overleg"
    title = (
        "VERSLAG VAN EEN SCHRIFTELIJK OVERLEG"
        if vso
        else "BRIEF VAN DE MINISTER VAN BUITENLANDSE ZAKEN"
    )
    lines, notes = [], 0
    for item in letter["body"]:
        if isinstance(item, str):
            lines.append(_al(item))
        elif item[0] == "h":
            lines.append(f"<tussenkop>{escape(item[1])}</tussenkop>")
        elif item[0] == "q":
            lines.append(
                f"<tussenkop>Vragen en opmerkingen van de leden van de {escape(item[1])}-fractie"
                "</tussenkop>"
            )
        elif item[0] == "a":
            lines.append(f"<tussenkop>{escape(item[1])}</tussenkop>")
        else:
            notes += 1
            lines.append(_al(item[1], (f"{letter['nr']}-{notes}", item[2])))
    signature = "".join(f"<al>{escape(line)}</al>" for line in _signature(letter))
    if vso:  # the committee's chair and clerk sign the introduction (fictional names)
        body = (
            f"<algemeen>{lines[0]}<ondertekening><al>De voorzitter van de commissie,</al>"
            "<al>Jansen</al><al>De griffier van de commissie,</al><al>De Vries</al>"
            "</ondertekening>" + "".join(lines[1:]) + "</algemeen>"
        )
    else:
        body = (
            "<brief><aanhef><al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al>"
            f"</aanhef><al>Den Haag, {_long_date(day)}</al>"
            + "".join(lines)
            + f"<ondertekening>{signature}</ondertekening></brief>"
        )
    year = f"{day.year}–{day.year + 1}" if day.month >= 9 else f"{day.year - 1}–{day.year}"
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<officiele-publicatie>"
        "<metadata>"
        '<meta name="DC.type" scheme="OVERHEIDop.Parlementair" content="Kamerstuk"/>'
        f'<meta name="DC.title" content="{DOSSIER["Titel"]}; {escape(letter["soort"])}; '
        f'{escape(letter["subject"])}"/>'
        '<meta name="OVERHEIDop.dossiernummer" content="21501-02"/>'
        f'<meta name="OVERHEIDop.ondernummer" content="{letter["nr"]}"/>'
        "</metadata>"
        f'<kamerstuk><kamerstukkop><kamer nummer="2"/><vergaderjaar>Vergaderjaar {year}'
        "</vergaderjaar></kamerstukkop>"
        "<dossier><dossiernummer><dossiernr>21 501-02</dossiernr></dossiernummer>"
        f"<titel>{DOSSIER['Titel']}</titel></dossier>"
        f"<stuk><stuknr><ondernummer>Nr. {letter['nr']}</ondernummer></stuknr>"
        f"<titel>{title}</titel>{body}</stuk></kamerstuk>"
        "</officiele-publicatie>\n"
    )  # fmt: skip
    return xml.replace("><", ">\n<").encode("utf-8")


def write(out: Path) -> list[Path]:
    """Write the sample into ``out`` (pages, resources, publications); the files written."""
    (out / "resources").mkdir(parents=True, exist_ok=True)
    (out / "publications").mkdir(parents=True, exist_ok=True)
    everything = sorted([*LETTERS, MOTIE], key=lambda letter: letter["date"])
    written = []
    for i, page in enumerate(pages([record(letter) for letter in everything]), start=1):
        path = out / f"Document.{i}.json"
        path.write_text(json.dumps(page, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    for letter in LETTERS:
        if letter["format"] == "docx":
            path = out / "resources" / f"{key(letter)}.docx"
            path.write_bytes(make_docx(letter))
        else:
            path = out / "publications" / publication_name(letter)
            path.write_bytes(make_xml(letter))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    for path in write(args.out):
        print(path.relative_to(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
