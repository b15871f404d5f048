"""One ``Document`` record of the Tweede Kamer open data as one row of ``letters.csv``.

The record's fields (``Id``, ``Soort``, ``DocumentNummer``, ``Onderwerp``, ``Titel``,
``Datum``, ``Volgnummer``, ``ContentType``, ``GewijzigdOp``) and expanded navigation
(``DocumentActor``: ``ActorNaam``, ``Functie``, ``Relatie``; ``Kamerstukdossier``:
``Nummer``, ``Toevoeging``; ``HuidigeDocumentVersie`` → ``DocumentPublicatie``:
``Id``, ``Identifier``, ``DocumentType``, ``FileName``) give every column: ``doc_type``
from :data:`SOORT_DOC_TYPES`, ``minister`` from the signing actor (``Relatie`` "Eerste
ondertekenaar"), ``kamerstuk`` ``"21501-02 nr. 2976"``, ``cabinet`` and ``period`` from the
table of cabinets by date (:mod:`.cabinets`). Whatever is inferred rather than read from
the record is said in ``note``, with the confidence marks of the bundled metadata (H
stated, M strong, L weak).

The text comes from the official publication when the record has one: the
``DocumentPublicatie`` of ``DocumentType`` "Xml" (else "Html") of the current version,
served by the open-data service itself at ``DocumentPublicatie(<Id>)/Resource`` (its ``Url``
is mostly ``null``); else from the record's own file, ``Document(<Id>)/resource``. The
shapes follow recorded answers of the service; see ``tests/data/opendata/README.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any
from zoneinfo import ZoneInfo

from discourse.corpus.metadata import OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from discourse.corpus.opendata.cabinets import lookup

__all__ = [
    "LETTER_COLUMNS",
    "SOORT_DOC_TYPES",
    "doc_id",
    "letter_row",
    "publication",
    "source_of",
]

#: ``Soort`` of the open data → ``doc_type`` of :mod:`discourse.corpus.layouts`, and why.
SOORT_DOC_TYPES: dict[str, tuple[str, str]] = {
    "Brief regering": ("kamerbrief", ""),
    "Antwoord schriftelijke vragen": ("antwoorden_kamervragen", ""),
    "Antwoord schriftelijke vragen (nader)": ("antwoorden_kamervragen", ""),
    "Schriftelijke vragen": (
        "antwoorden_kamervragen",
        "questions only (Soort 'Schriftelijke vragen'): the Kamervragen layout finds the "
        "questions; no answers are expected",
    ),
    "Verslag van een schriftelijk overleg": ("verslag_schriftelijk_overleg", ""),
    "Lijst van vragen en antwoorden": ("lijst_van_vragen_en_antwoorden", ""),
    "Bijlage": ("bijlage", ""),
}
#: Columns of the ``letters.csv`` that the fetch writes, in order.
#: Columns of the written ``letters.csv``: those :mod:`discourse.corpus.metadata` reads, with
#: ``date_precision`` (as in the bundled ``data/letters.csv``) after ``date``.
LETTER_COLUMNS = (
    *REQUIRED_COLUMNS[: REQUIRED_COLUMNS.index("date") + 1],
    "date_precision",
    *REQUIRED_COLUMNS[REQUIRED_COLUMNS.index("date") + 1 :],
    *OPTIONAL_COLUMNS,
)
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_GOVERNMENT = re.compile(r"^\s*(?:minister|staatssecretaris|minister-president)\b", re.I)
#: ``Relatie`` of a signing actor, most telling first ("Eerste ondertekenaar", then "Mede
#: ondertekenaar" and older spellings); "Mede namens" is not a signature.
_SIGNING = (
    re.compile(r"^\s*eerste\s+ondertekenaar", re.I),
    re.compile(r"ondertek|indien|afzender", re.I),
)
#: ``DocumentType`` of a ``DocumentPublicatie`` that the corpus reads, preferred first.
PUBLICATION_TYPES = ("Xml", "Html")
#: ``ContentType`` of the ``/resource`` file → file suffix.
RESOURCE_SUFFIXES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/pdf": ".pdf",
}


_FRACTION = re.compile(r"\.(\d+)")


def parse_timestamp(value: str) -> dt.datetime:
    """An OData timestamp (``2025-03-04T00:00:00+01:00``, ``…T10:00:00.25+02:00``,
    ``…T08:12:03.1234567Z``) as a datetime: any number of decimals and ``Z`` are read
    alike on every supported Python (3.10's ``fromisoformat`` takes 3 or 6 decimals only).

    >>> parse_timestamp("2018-06-16T10:00:00.25+02:00").isoformat()
    '2018-06-16T10:00:00.250000+02:00'
    """
    text = _FRACTION.sub(
        lambda m: "." + (m.group(1) + "000000")[:6], value.replace("Z", "+00:00"), 1
    )
    return dt.datetime.fromisoformat(text)


def record_date(record: dict[str, Any]) -> dt.date | None:
    """The record's ``Datum`` as a Dutch calendar date (``None`` when absent)."""
    value = str(record.get("Datum") or "")
    if not value:
        return None
    when = parse_timestamp(value)
    return when.astimezone(_AMSTERDAM).date() if when.tzinfo else when.date()


def _slug(text: str, words: int = 6, chars: int = 48) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", plain)[:words]
    return "_".join(parts)[:chars].rstrip("_") or "document"


def doc_id(record: dict[str, Any]) -> str:
    """``<date>_<DocumentNummer>_<slug of the subject>``, readable and unique.

    >>> doc_id({"Datum": "2024-11-18T00:00:00+01:00", "DocumentNummer": "2024D46192",
    ...         "Onderwerp": "Reactie op het verzoek van het lid Piri"})
    '2024-11-18_2024D46192_reactie_op_het_verzoek_van_het'
    """
    day = record_date(record)
    number = str(record.get("DocumentNummer") or str(record.get("Id", ""))[:8])
    title = str(record.get("Onderwerp") or record.get("Titel") or "")
    return f"{day.isoformat() if day else 'undated'}_{number}_{_slug(title)}"


def person_name(name: str) -> str:
    """``"Weel, D.M. van"`` → ``"D.M. van Weel"``; other spellings as given."""
    name = " ".join(str(name).split())
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        return f"{first} {last}".strip()
    return name


def signer(record: dict[str, Any]) -> tuple[dict[str, Any] | None, str]:
    """The signing actor and how it was chosen (``None`` when no member of government).

    The first signer (``Relatie`` "Eerste ondertekenaar") before a co-signer, a signer
    before a member of government with another relation ("Mede namens", none).
    """
    actors = [
        a
        for a in record.get("DocumentActor") or []
        if a.get("ActorNaam") and not a.get("Verwijderd")
    ]
    government = [a for a in actors if _GOVERNMENT.match(str(a.get("Functie") or ""))]
    for pattern in _SIGNING:
        signing = [a for a in government if pattern.search(str(a.get("Relatie") or ""))]
        if signing:
            return signing[0], "H"
    if government:
        return government[0], "M"
    return None, ""


def _minister(record: dict[str, Any], foreign_affairs: str) -> tuple[str, str]:
    """The signing minister and a note saying where the name comes from."""
    actor, how = signer(record)
    if actor is None:
        if not foreign_affairs:
            return "", "Minister unknown."
        return foreign_affairs, (
            "No member of government among the actors: minister is the minister of Foreign "
            "Affairs on that date from data/cabinets.csv (L)."
        )
    which = "the signing actor" if how == "H" else "an actor without a signing relation"
    functie, relatie = actor.get("Functie") or "", actor.get("Relatie") or ""
    return person_name(actor["ActorNaam"]), (
        f"Minister from {which} ({how}; Functie {functie!r}, Relatie {relatie!r})."
    )


def _dossier(record: dict[str, Any], wanted: tuple[int, str] | None) -> dict[str, Any] | None:
    dossiers = list(record.get("Kamerstukdossier") or [])
    if wanted is not None:
        match = [
            d
            for d in dossiers
            if str(d.get("Nummer")) == str(wanted[0])
            and str(d.get("Toevoeging") or "") == wanted[1]
        ]
        dossiers = match + [d for d in dossiers if d not in match]
    return dossiers[0] if dossiers else None


def kamerstuk(record: dict[str, Any], wanted: tuple[int, str] | None = None) -> str:
    """``"21501-02 nr. 2976"`` (``""`` without dossier or number).

    >>> kamerstuk({"Volgnummer": 32, "Kamerstukdossier": [{"Nummer": 36715}]})
    '36715 nr. 32'
    """
    dossier = _dossier(record, wanted)
    number = record.get("Volgnummer")
    if dossier is None or number in (None, "", 0, -1):
        return ""
    addition = str(dossier.get("Toevoeging") or "").strip()
    name = f"{dossier.get('Nummer')}" + (f"-{addition}" if addition and "(" not in addition else "")
    return f"{name} nr. {number}"


def _versions(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The current version (``HuidigeDocumentVersie``), else every ``DocumentVersie``,
    latest first."""
    current = record.get("HuidigeDocumentVersie")
    if isinstance(current, dict):
        return [current]
    versions = [v for v in record.get("DocumentVersie") or [] if isinstance(v, dict)]
    return sorted(versions, key=lambda v: v.get("Versienummer") or 0, reverse=True)


def publication(record: dict[str, Any]) -> dict[str, Any] | None:
    """The official publication to read: the ``DocumentPublicatie`` of the latest version
    whose ``DocumentType`` is "Xml", else "Html" (``None`` if there is neither)."""
    for version in _versions(record):
        found = {
            str(p.get("DocumentType") or ""): p
            for p in version.get("DocumentPublicatie") or []
            if p.get("Id") and not p.get("Verwijderd")
        }
        for kind in PUBLICATION_TYPES:
            if kind in found:
                return found[kind]
    return None


def source_of(record: dict[str, Any]) -> tuple[str, str]:
    """Where the text comes from, as a path under the service root:
    ``("publication", "DocumentPublicatie(<Id>)/Resource")``,
    ``("resource", "Document(<Id>)/resource")``, or ``("", reason)`` when neither is usable.
    """
    found = publication(record)
    if found is not None:
        return "publication", f"DocumentPublicatie({found['Id']})/Resource"
    content = str(record.get("ContentType") or "").split(";")[0].strip().lower()
    if content in RESOURCE_SUFFIXES:
        return "resource", f"Document({record.get('Id')})/resource"
    return (
        "",
        f"no publication and the file's ContentType {content or '(none)'!r} is not .docx/.pdf",
    )


def letter_row(
    record: dict[str, Any],
    *,
    file: str,
    source_url: str,
    wanted: tuple[int, str] | None = None,
    identifier: str | None = None,
) -> dict[str, str]:
    """The ``letters.csv`` row of ``record``, its text saved at ``file`` from ``source_url``."""
    soort = str(record.get("Soort") or "")
    doc_type, why = SOORT_DOC_TYPES.get(soort, ("", ""))
    day = record_date(record)
    office = lookup(day) if day else dict.fromkeys(("cabinet", "minister", "period", "note"), "")
    notes = [
        f"Fetched from the Tweede Kamer open data: Document {record.get('Id')}, Soort {soort!r}."
    ]
    notes += [f"doc_type: {why}."] if why else []
    found = publication(record)
    if found is not None:
        notes.append(
            f"Text from the official publication {found.get('Identifier') or found['Id']} "
            f"({found.get('DocumentType')})."
        )
    title = str(record.get("Onderwerp") or "")
    if not title:
        title = str(record.get("Titel") or "")
        notes.append("No Onderwerp: title is the dossier title (Titel).")
    minister, how = _minister(record, office["minister"])
    notes.append(how)
    period = office["period"] or (str(day.year) if day else "undated")
    notes.append(
        "Cabinet and period from the date with data/cabinets.csv (M)"
        + (f"; {office['note']}." if office["note"] else ".")
        if office["cabinet"]
        else f"Date outside data/cabinets.csv: no cabinet; period is {period!r} (L)."
    )
    code = kamerstuk(record, wanted)
    if not code:
        notes.append("Kamerstuk unknown (no dossier or Volgnummer in the record).")
    return {
        "doc_id": identifier or doc_id(record),
        "file": file,
        "title": title,
        "doc_type": doc_type,
        "date": day.isoformat() if day else "",
        "date_precision": "day" if day else "",
        "minister": minister,
        "cabinet": office["cabinet"],
        "period": period,
        "kamerstuk": code,
        "document_number": str(record.get("DocumentNummer") or ""),
        "source_url": source_url,
        "note": " ".join(notes),
    }
