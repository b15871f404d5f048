"""Serve a recorded sample of the Tweede Kamer open data on ``127.0.0.1``, offline.

:func:`replay_server` answers what :func:`~discourse.corpus.opendata.fetch.fetch_documents`
asks the Gegevensmagazijn (or a mirror of the publications), from a folder (default: the
shipped sample ``data/opendata_sample``, see its README) laid out as::

    Document.1.json, Document.2.json, …   OData v4 pages of Document records, in order
                                          ({api_url} stands for the service root)
    resources/<Id>.docx|.pdf              the Document(<Id>)/resource files
    publications/<FileName>               the official publications (kst-….xml), by the
                                          FileName of their DocumentPublicatie

``GET <api_url>/Document?$filter=…`` returns the records that match the filter, ordered by
``Datum``, in pages of ``page_size`` records (default: the first recorded page's length),
each page but the last with an ``@odata.nextLink`` (``$skiptoken``), as the service does;
``GET <api_url>/DocumentPublicatie(<Id>)/Resource`` returns the publication that a record's
``HuidigeDocumentVersie`` (or ``DocumentVersie``) lists under that ``Id``, and
``GET <pub_url>/<FileName>`` the same file as a mirror would.
The filter may use the clauses that :func:`~discourse.corpus.opendata.odata.document_query`
writes, joined by ``and``: ``Verwijderd eq false``, ``Soort eq '…'`` (alone or ``or``-ed
in brackets), ``Kamerstukdossier/any(d: d/Nummer eq N and d/Toevoeging eq '…')`` and
``Datum ge|gt|le|lt <datetime>``; any other clause is answered with HTTP 400 naming it,
so a query the replay cannot evaluate is never answered wrongly. ``$top`` is honoured;
``$expand`` and ``$select`` are not evaluated (the records carry their expansion). A path
that is not in the folder gets HTTP 404.

Use it for notebooks and tests without network, or to serve a mirror of your own::

    with replay_server() as server:
        dc.fetch_documents("build/brieven", dossier="21501-02",
                           api_url=server.api_url, pub_url=server.pub_url)

References
----------
OASIS (2020), OData Version 4.01, Part 2: URL Conventions ($filter, $top, $skiptoken).
Tweede Kamer, Open Data Portaal (https://opendata.tweedekamer.nl).
"""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from discourse._constraints import Instance, Interval
from discourse._validate import validate_params
from discourse.corpus.opendata.records import parse_timestamp
from discourse.errors import CorpusError
from discourse.paths import data_dir

__all__ = ["Replay", "record_filter", "replay_server"]

#: The service root's path, as on gegevensmagazijn.tweedekamer.nl.
API_PATH = "/OData/v4/2.0"
#: Where the publications are served as a mirror (``pub_url`` of ``fetch_documents()``).
PUB_PATH = "/publications"
CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".xml": "application/xml",
    ".html": "text/html; charset=utf-8",
}
_SOORT = re.compile(r"Soort eq '((?:[^']|'')*)'")
_DOSSIER = re.compile(
    r"Kamerstukdossier/any\((\w+): \1/Nummer eq (\d+)(?: and \1/Toevoeging eq '((?:[^']|'')*)')?\)"
)
_DATE = re.compile(r"Datum (ge|gt|le|lt) (\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))")
_SAFE = "$(),'/:"  # kept unquoted in a nextLink, as odata.query_string does
_COMPARE = {"ge": "__ge__", "gt": "__gt__", "le": "__le__", "lt": "__lt__"}


def sample_dir() -> Path:
    """The shipped sample, ``data/opendata_sample``."""
    return data_dir() / "opendata_sample"


def _and_parts(text: str) -> list[str]:
    """``text`` split at the ``and`` outside brackets, each part without outer brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and text.startswith(" and ", i):
            parts.append(text[start:i])
            start = i + 5
    parts.append(text[start:])
    return [_unwrap(p.strip()) for p in parts if p.strip()]


def _unwrap(part: str) -> str:
    """``part`` without brackets around the whole of it: ``"(a or b)"`` → ``"a or b"``."""
    while part.startswith("(") and part.endswith(")"):
        depth = 0
        for i, char in enumerate(part):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0 and i < len(part) - 1:
                return part  # the first bracket closes before the end: "(a) and (b)"
        part = part[1:-1].strip()
    return part


def _clause(part: str) -> Callable[[dict[str, Any]], bool]:
    """One clause of the filter as a test of a record; ValueError for any other clause."""
    if part in ("Verwijderd eq false", "Verwijderd eq true"):
        wanted = part.endswith("true")
        return lambda r: bool(r.get("Verwijderd")) == wanted
    alternatives = [a.strip() for a in part.split(" or ")]
    if all(_SOORT.fullmatch(a) for a in alternatives):
        kinds = {_SOORT.fullmatch(a).group(1).replace("''", "'") for a in alternatives}
        return lambda r: r.get("Soort") in kinds
    if m := _DOSSIER.fullmatch(part):
        number, addition = int(m.group(2)), m.group(3)
        return lambda r: any(
            int(d.get("Nummer") or -1) == number
            and (addition is None or str(d.get("Toevoeging") or "") == addition.replace("''", "'"))
            for d in r.get("Kamerstukdossier") or []
        )
    if m := _DATE.fullmatch(part):
        bound, compare = parse_timestamp(m.group(2)), _COMPARE[m.group(1)]
        return lambda r: (
            bool(r.get("Datum")) and getattr(parse_timestamp(r["Datum"]), compare)(bound)
        )
    raise ValueError(f"filter clause not supported by the replay: {part!r}")


def record_filter(expression: str) -> Callable[[dict[str, Any]], bool]:
    """A ``$filter`` of the shape ``document_query()`` writes as a test of one record.

    >>> keep = record_filter("Verwijderd eq false and (Soort eq 'Brief regering' or "
    ...                      "Soort eq 'Motie') and Datum ge 2025-01-01T00:00:00Z")
    >>> keep({"Verwijderd": False, "Soort": "Motie", "Datum": "2025-06-12T00:00:00+02:00"})
    True
    >>> record_filter("Titel eq 'x'")
    Traceback (most recent call last):
    ValueError: filter clause not supported by the replay: "Titel eq 'x'"
    """
    tests = [_clause(part) for part in _and_parts(expression)]
    return lambda record: all(test(record) for test in tests)


@dataclass
class Replay:
    """A running replay: its address and every path asked for (``requests``, in order)."""

    url: str
    folder: Path
    requests: list[str] = field(default_factory=list)

    @property
    def api_url(self) -> str:
        """The service root to pass as ``api_url``."""
        return self.url + API_PATH

    @property
    def pub_url(self) -> str:
        """The publication mirror to pass as ``pub_url``."""
        return self.url + PUB_PATH


def _pages(folder: Path) -> list[Path]:
    found = [p for p in folder.glob("Document.*.json") if p.stem.split(".")[1].isdigit()]
    return sorted(found, key=lambda p: int(p.stem.split(".")[1]))


def _records(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """All recorded records, in order, and the first page's length."""
    pages = [json.loads(p.read_text(encoding="utf-8")) for p in _pages(folder)]
    return [r for page in pages for r in page["value"]], len(pages[0]["value"])


def _publication_files(records: list[dict[str, Any]]) -> dict[str, str]:
    """``DocumentPublicatie`` ``Id`` → ``FileName``, over every version of every record."""
    files = {}
    for record in records:
        current = record.get("HuidigeDocumentVersie")
        versions = [current] if isinstance(current, dict) else []
        for version in versions + list(record.get("DocumentVersie") or []):
            for publication in version.get("DocumentPublicatie") or []:
                if publication.get("Id") and publication.get("FileName"):
                    files[str(publication["Id"])] = str(publication["FileName"])
    return files


class _Handler(http.server.BaseHTTPRequestHandler):
    replay: Replay
    records: list[dict[str, Any]]
    publications: dict[str, str]
    page_size: int

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.replay.requests.append(self.path)
        path = unquote(urlsplit(self.path).path)
        if path == f"{API_PATH}/Document":
            return self._query()
        if m := re.fullmatch(rf"{re.escape(API_PATH)}/Document\(([\w-]+)\)/resource", path):
            return self._file(self.replay.folder / "resources", f"{m.group(1)}.*")
        if m := re.fullmatch(
            rf"{re.escape(API_PATH)}/DocumentPublicatie\(([\w-]+)\)/Resource", path
        ):
            name = self.publications.get(m.group(1), "")
            return self._file(self.replay.folder / "publications", name or f"{m.group(1)}.none")
        if path.startswith(f"{PUB_PATH}/") and "/" not in path[len(PUB_PATH) + 1 :]:
            return self._file(self.replay.folder / "publications", path[len(PUB_PATH) + 1 :])
        self.send_error(404, f"not in the replay folder: {path}")

    def _query(self) -> None:
        query = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
        try:
            keep = record_filter(query.get("$filter", ""))
            skip = int(query.get("$skiptoken", "0"))
            top = int(query["$top"]) if "$top" in query else None
        except ValueError as exc:
            return self.send_error(400, str(exc))
        found = sorted(
            (r for r in self.records if keep(r)), key=lambda r: parse_timestamp(r["Datum"])
        )
        found = found[:top] if top is not None else found
        page: dict[str, Any] = {
            "@odata.context": f"{self.replay.api_url}/$metadata#Document",
            "value": found[skip : skip + self.page_size],
        }
        if skip + self.page_size < len(found):
            rest = {k: v for k, v in query.items() if k != "$skiptoken"}
            rest["$skiptoken"] = str(skip + self.page_size)
            page["@odata.nextLink"] = f"{self.replay.api_url}/Document?" + "&".join(
                f"{k}={quote(v, safe=_SAFE)}" for k, v in rest.items()
            )
        text = json.dumps(page, ensure_ascii=False).replace("{api_url}", self.replay.api_url)
        self._send(text.encode("utf-8"), "application/json; charset=utf-8")

    def _file(self, folder: Path, name: str) -> None:
        found = sorted(folder.glob(name)) if "*" in name else [folder / name]
        found = [p for p in found if p.is_file() and p.suffix in CONTENT_TYPES]
        if not found:
            return self.send_error(404, f"not in the replay folder: {folder.name}/{name}")
        self._send(found[0].read_bytes(), CONTENT_TYPES[found[0].suffix])

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # quiet: the caller reads ``requests``
        pass


@validate_params(
    folder=Instance(str, os.PathLike, none=True, none_label="the shipped sample"),
    page_size=Interval(int, 1, none=True, none_label="the first recorded page's length"),
)
@contextmanager
def replay_server(
    folder: str | os.PathLike | None = None, *, page_size: int | None = None
) -> Iterator[Replay]:
    """Serve a recorded open-data folder on ``127.0.0.1`` (a free port) while in the block.

    Parameters
    ----------
    folder : str or path, optional
        The recorded folder (see the module docstring); default ``data/opendata_sample``.
    page_size : int, optional
        Records per page; default the length of the first recorded page.

    Yields
    ------
    Replay
        ``api_url`` and ``pub_url`` to pass to ``fetch_documents()`` (or ``--api-url`` and
        ``--pub-url`` of ``python -m discourse fetch``), and ``requests``: every path asked.

    Raises
    ------
    CorpusError
        The folder does not exist or holds no readable ``Document.1.json`` page.
    """
    where = Path(folder) if folder is not None else sample_dir()
    try:
        records, first = _records(where)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise CorpusError(
            f"replay_server(): folder={str(where)!r} holds no readable OData pages "
            f"Document.1.json, Document.2.json, … ({type(exc).__name__}: {exc})"
        ) from exc
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    replay = Replay(url=f"http://127.0.0.1:{httpd.server_port}", folder=where)
    attrs = {
        "replay": replay,
        "records": records,
        "publications": _publication_files(records),
        "page_size": page_size or first,
    }
    httpd.RequestHandlerClass = type("ReplayHandler", (_Handler,), attrs)
    thread = threading.Thread(target=httpd.serve_forever, name="opendata-replay", daemon=True)
    thread.start()
    try:
        yield replay
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
