"""``fetch_documents()``: a corpus folder from the Tweede Kamer open data, one command.

One OData query (:func:`.odata.document_query`) lists the records; for each, the text is
downloaded — the official publication (XML, else HTML) when the record has one, from the
service's ``DocumentPublicatie(<Id>)/Resource`` (or a mirror, ``pub_url``), else the
``Document(<Id>)/resource`` file (.docx or .pdf) — and saved as ``<doc_id>.<suffix>``,
and its ``letters.csv`` row is made from the record (:mod:`.records`). The folder's state
(:mod:`.state`) makes a re-run fetch only what is new or changed (``GewijzigdOp``, or a
text source that changed, e.g. a publication that appeared after the first run), and an
interrupted run resume where it stopped.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from discourse._constraints import Instance, Interval, Options, Pattern
from discourse._validate import validate_params
from discourse.corpus.opendata import odata, state
from discourse.corpus.opendata.cabinets import as_date
from discourse.corpus.opendata.records import (
    SOORT_DOC_TYPES,
    doc_id,
    letter_row,
    person_name,
    publication,
    signer,
    source_of,
)
from discourse.errors import CorpusError

__all__ = ["fetch_documents"]

#: The state (and ``letters.csv``) are saved after this many downloads, and at the end.
SAVE_EVERY = 10
_DATE = Pattern(
    r"\d{4}-\d{2}-\d{2}", "a date 'YYYY-MM-DD' or a datetime.date", none=True, types=(dt.date,)
)
_URL = Pattern(
    r"https?://\S+", "an http(s) URL", none=True, none_label="the environment or default"
)


def _dossier(value: str | None) -> tuple[int, str] | None:
    """``"21501-02"`` → ``(21501, "02")``; ``"36715"`` → ``(36715, "")``."""
    if value is None:
        return None
    number, _, addition = value.partition("-")
    return int(number), addition


def _mirror(record: dict[str, Any], base: str) -> str:
    """The record's publication on a mirror: ``<base>/<FileName>`` (e.g.
    ``kst-21501-02-2976.xml``), the name the service gives the file."""
    found = publication(record) or {}
    name = str(found.get("FileName") or f"{found.get('Identifier') or found.get('Id')}.xml")
    return f"{base.rstrip('/')}/{name}"


def _soft_404(response: Any) -> bool:
    """A publication site's error page sent with HTTP 200 for a missing document (a "soft
    404": redirected to ``…fout404…`` or ``…/Errors/404.htm``, or "404: Pagina niet
    gevonden"), as the maintained clients tkapi and tkconv check."""
    if any(mark in response.url.lower() for mark in ("fout404", "/errors/404")):
        return True
    head = response.content[:4096].lower()
    return b"<html" in head and b"pagina niet gevonden" in head


def _suffix(data: bytes, content_type: str, url: str) -> str:
    """The saved file's suffix, from the bytes first (a server's labels can be wrong)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    if head.startswith((b"<!doctype html", b"<html")) or "html" in content_type:
        return ".html"
    if head.startswith(b"<") or "xml" in content_type:
        return ".xml"
    return Path(urlsplit(url).path).suffix.lower()


class _Run:
    """One run over the records: downloads, the state, the log."""

    def __init__(self, folder: Path, client: odata.Client, *, wanted, minister, pub_url):
        self.folder, self.client, self.wanted = folder, client, wanted
        self.minister, self.pub_url = minister, pub_url
        self.documents = state.load_state(folder)
        self.log: list[dict[str, str]] = []
        self.unsaved = 0

    def note(self, record: dict[str, Any], action: str, reason: str, **extra: str) -> None:
        self.log.append(
            {
                "id": str(record.get("Id", "")),
                "document_number": str(record.get("DocumentNummer") or ""),
                "action": action,
                "reason": reason,
                **extra,
            }
        )

    def _unique_id(self, record: dict[str, Any]) -> str:
        taken = {d["doc_id"] for key, d in self.documents.items() if key != record["Id"]}
        name = doc_id(record)
        return name if name not in taken else f"{name}_{str(record['Id'])[:8]}"

    def handle(self, record: dict[str, Any]) -> None:
        key, changed = str(record.get("Id", "")), str(record.get("GewijzigdOp") or "")
        soort = str(record.get("Soort") or "")
        if soort not in SOORT_DOC_TYPES:
            return self.note(record, "skipped", f"Soort {soort!r} has no doc_type")
        if self.minister is not None:
            actor, _ = signer(record)
            name = person_name(actor["ActorNaam"]) if actor else ""
            if self.minister.lower() not in name.lower():
                why = f"signed by {name!r}" if name else "no signing minister"
                return self.note(record, "skipped", f"{why}, not minister={self.minister!r}")
        kind, url = self._source(record)
        if not kind:
            return self.note(record, "skipped", url)
        entry = self.documents.get(key)
        if entry is not None and entry["gewijzigd_op"] == changed:
            why = state.file_is_current(self.folder, entry)
            if not why and entry["url"] != url:
                why = f"text source changed (now {url})"
            if not why:
                entry["row"] = self._row(record, entry["file"], entry["url"], entry["doc_id"])
                return self.note(
                    record, "unchanged", "", doc_id=entry["doc_id"], file=entry["file"]
                )
        else:
            why = "new" if entry is None else f"changed (GewijzigdOp {changed})"
        self._download(record, entry, why, url)

    def _source(self, record: dict[str, Any]) -> tuple[str, str]:
        """``(kind, url)`` of the record's text, or ``("", reason)``."""
        kind, where = source_of(record)
        if kind == "publication" and self.pub_url:
            return kind, _mirror(record, self.pub_url)
        return (kind, f"{self.client.base}/{where}") if kind else (kind, where)

    def _row(self, record, file: str, url: str, identifier: str) -> dict[str, str]:
        return letter_row(
            record, file=file, source_url=url, wanted=self.wanted, identifier=identifier
        )

    def _download(self, record: dict[str, Any], entry: dict | None, why: str, url: str) -> None:
        key = str(record["Id"])
        number = record.get("DocumentNummer") or key
        try:
            response = self.client.get(url, what=f"document {number}")
        except odata.NotFound as exc:
            return self.note(record, "skipped", str(exc), url=url)
        if _soft_404(response):
            reason = f"document {number}: the site answered with its error page at {response.url}"
            return self.note(record, "skipped", reason, url=url)
        data = response.content
        suffix = _suffix(data, response.headers.get("Content-Type", "").lower(), url)
        if not data or suffix not in (".docx", ".pdf", ".xml", ".html"):
            reason = "empty file" if not data else f"unrecognised file type from {url}"
            return self.note(record, "skipped", reason, url=url)
        identifier = entry["doc_id"] if entry else self._unique_id(record)
        file = identifier + suffix
        state.write_atomic(self.folder / file, data)
        if entry and entry["file"] != file:
            (self.folder / entry["file"]).unlink(missing_ok=True)
        self.documents[key] = {
            "doc_id": identifier,
            "file": file,
            "url": url,
            "gewijzigd_op": str(record.get("GewijzigdOp") or ""),
            "sha256": state.sha256(data),
            "row": self._row(record, file, url, identifier),
        }
        self.note(record, "downloaded", why, doc_id=identifier, file=file, url=url)
        self.unsaved += 1
        if self.unsaved >= SAVE_EVERY:
            self.save()

    def save(self) -> None:
        state.save_state(self.folder, self.documents)
        if self.documents:
            state.save_letters(self.folder, self.documents)
        state.save_log(self.folder, self.log)
        self.unsaved = 0


def _folder(out: str | os.PathLike) -> Path:
    folder = Path(out).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise CorpusError(f"fetch_documents(): out={str(out)!r} is a file, not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / "letters.csv").exists() and not (folder / state.STATE_FILE).exists():
        raise CorpusError(
            f"fetch_documents(): out={str(out)!r} holds a letters.csv that fetch_documents() did "
            f"not write (no {state.STATE_FILE}); fetch into a new folder"
        )
    return folder


def _progress(total: int | None, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="fetch", unit="doc", disable=not enabled or None, leave=False)


@validate_params(
    out=Instance(str, os.PathLike),
    dossier=Pattern(
        r"\d{1,6}(?:-[A-Za-z0-9]{1,6})?",
        "a dossier number such as '21501-02' or '36715'",
        none=True,
        none_label="every dossier",
    ),
    soort=Options(*SOORT_DOC_TYPES, many=True),
    since=_DATE,
    until=_DATE,
    minister=Instance(str, none=True, none_label="every signer"),
    limit=Interval(int, 1, none=True, none_label="no limit"),
    api_url=_URL,
    pub_url=_URL,
    progress=Instance(bool),
)
def fetch_documents(
    out: str | os.PathLike,
    *,
    dossier: str | None = None,
    soort: str | list[str] = "Brief regering",
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    minister: str | None = None,
    limit: int | None = None,
    api_url: str | None = None,
    pub_url: str | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Fetch Kamerstukken from the Tweede Kamer open data into a corpus folder.

    Parameters
    ----------
    out : str or path
        The corpus folder (created if needed). It gets one file per document
        (``<doc_id>.xml``/``.html`` from the official publication, else ``.docx``/``.pdf``),
        ``letters.csv`` (every column filled from the record; see the README), the state
        ``.fetch_state.json`` and the log ``fetch_log.csv``. A folder with a ``letters.csv``
        that this function did not write is refused.
    dossier : str, optional
        Kamerstukdossier, number and addition: ``"21501-02"``, ``"36715"``.
    soort : str or list of str
        Kinds of document (``Soort``) to fetch, each one of the kinds with a ``doc_type``:
        ``"Brief regering"``, ``"Antwoord schriftelijke vragen"``, ….
    since, until : str or datetime.date, optional
        First and last date (``"YYYY-MM-DD"``, both inclusive).
    minister : str, optional
        Keep only documents whose signing minister's name contains this (case-insensitive).
    limit : int, optional
        Stop after this many records of the query.
    api_url : str, optional
        The OData service root; default ``$DISCOURSE_TK_API`` or
        ``https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0``.
    pub_url : str, optional
        A mirror of the official publications: a record's publication is fetched from
        ``<pub_url>/<FileName>`` (e.g. ``kst-21501-02-2976.xml``); default
        ``$DISCOURSE_PUB_URL`` (unset: from the service, ``DocumentPublicatie(<Id>)/Resource``).
    progress : bool
        Show a progress bar.

    Returns
    -------
    pandas.DataFrame
        The log of this run, one row per record (as ``fetch_log.csv``): ``id``,
        ``document_number``, ``doc_id``, ``action`` (``downloaded``, ``unchanged`` or
        ``skipped``), ``reason``, ``file``, ``url`` (strings).

    Raises
    ------
    CorpusError
        For a bad argument, a folder that is not a fetch folder, or a service that cannot
        be reached or answers with errors after the retries (what was fetched until then is
        saved; run again to resume). A document whose file is missing (HTTP 404) is logged
        and skipped.

    References
    ----------
    Tweede Kamer, Open Data Portaal, https://opendata.tweedekamer.nl (OData v4, CC0); the
    query follows the maintained client tkapi (https://github.com/openkamer/tkapi).
    """
    folder = _folder(out)
    kinds = tuple([soort] if isinstance(soort, str) else soort)
    first = as_date(since, "fetch_documents(): since") if since is not None else None
    last = as_date(until, "fetch_documents(): until") if until is not None else None
    if first and last and first > last:
        raise CorpusError(f"fetch_documents(): since={since!r} is after until={until!r}")
    query = odata.document_query(
        soort=kinds,
        dossier=_dossier(dossier),
        since=first and first.isoformat(),
        until=last and (last + dt.timedelta(days=1)).isoformat(),
    )
    client = odata.Client(api_url)
    run = _Run(
        folder,
        client,
        wanted=_dossier(dossier),
        minister=minister,
        pub_url=pub_url or os.environ.get("DISCOURSE_PUB_URL"),
    )
    bar = _progress(limit, progress)
    try:
        for i, record in enumerate(client.records("Document", query), start=1):
            run.handle(record)
            bar.update(1)
            if limit is not None and i >= limit:
                break
    finally:
        bar.close()
        run.save()
    rows = [{c: row.get(c, "") for c in state.LOG_COLUMNS} for row in run.log]
    log = pd.DataFrame(rows, columns=list(state.LOG_COLUMNS), dtype="string")
    log.attrs["folder"] = str(folder)
    log.attrs["requests"] = client.requests
    return log
