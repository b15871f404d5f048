"""A small, polite client for the Tweede Kamer Gegevensmagazijn (OData v4, JSON).

One :class:`Client` holds a ``requests`` session, waits at least :data:`DELAY` seconds
between requests (the service is free and keyless: do not hammer it), retries a request
that got HTTP 429 or 5xx or no answer (a timeout, a dropped connection) up to
:data:`RETRIES` times with exponential back-off, honouring a ``Retry-After`` header, and
follows ``@odata.nextLink`` from page to page. What cannot be fetched after the retries
raises :class:`~discourse.errors.CorpusError` in one sentence naming the URL and the cause;
HTTP 404 raises :class:`NotFound` (a subclass) so a caller can log it and go on.

The service address is a parameter (``api_url``), else the environment variable
``DISCOURSE_TK_API``, else :data:`API_URL`, so tests and mirrors can point elsewhere.

References
----------
Tweede Kamer, Open Data Portaal: OData API (https://opendata.tweedekamer.nl); entities
``Document``, ``DocumentActor``, ``DocumentVersie``, ``DocumentPublicatie``,
``Kamerstukdossier`` (https://opendata.tweedekamer.nl/documentatie/informatiemodel-20).
OASIS (2020), OData Version 4.01, Part 2: URL Conventions ($filter, $expand, nextLink).
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, urlencode

import requests

from discourse.errors import CorpusError

__all__ = ["API_URL", "Client", "NotFound", "api_url", "document_query"]

#: The public service (CC0, no key; documents from 1 Sep 2008).
API_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
#: Minimum seconds between two requests of one client.
DELAY = 0.25
#: Retries after the first attempt (HTTP 429/5xx, timeouts, dropped connections).
RETRIES = 4
#: Seconds to connect and to read an answer.
TIMEOUT = (10, 60)
#: Longest wait between retries, whatever ``Retry-After`` says.
MAX_WAIT = 120.0
_RETRY_STATUS = {429, 500, 502, 503, 504}
#: The navigation read with each record: the actors, the dossier and the current version's
#: publications (nested ``$expand`` as recorded answers of the service show it).
_EXPAND = "DocumentActor,Kamerstukdossier,HuidigeDocumentVersie($expand=DocumentPublicatie)"
_AGENT = "discourse-corpus-fetch (https://github.com; research use)"


def pause(seconds: float) -> None:
    """Wait (the one place the client sleeps; tests replace it)."""
    time.sleep(seconds)


class NotFound(CorpusError):
    """HTTP 404: the resource does not exist (logged by the caller, not fatal)."""


def api_url(value: str | None = None) -> str:
    """The service root without a trailing slash: ``value``, ``$DISCOURSE_TK_API`` or
    :data:`API_URL`."""
    return (value or os.environ.get("DISCOURSE_TK_API") or API_URL).rstrip("/")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def document_query(
    *,
    soort: tuple[str, ...],
    dossier: tuple[int, str] | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, str]:
    """Query options for ``Document``: never deleted records, the kinds ``soort``, one
    dossier (number and addition), a date range (``until`` exclusive), by date.

    >>> document_query(soort=("Brief regering",), dossier=(21501, "02"))["$filter"]
    "Verwijderd eq false and (Soort eq 'Brief regering') and Kamerstukdossier/any(d: \
d/Nummer eq 21501 and d/Toevoeging eq '02')"
    """
    parts = ["Verwijderd eq false", "(" + " or ".join(f"Soort eq {_quote(s)}" for s in soort) + ")"]
    if dossier is not None:
        number, addition = dossier
        cond = f"d/Nummer eq {number}" + (
            f" and d/Toevoeging eq {_quote(addition)}" if addition else ""
        )
        parts.append(f"Kamerstukdossier/any(d: {cond})")
    if since:
        parts.append(f"Datum ge {since}T00:00:00Z")
    if until:
        parts.append(f"Datum lt {until}T00:00:00Z")
    return {"$filter": " and ".join(parts), "$expand": _EXPAND, "$orderby": "Datum"}


def query_string(params: dict[str, str]) -> str:
    """Query options percent-encoded, spaces as ``%20`` (not ``+``, which OData servers
    need not read as a space).

    >>> query_string({"$filter": "Nummer eq 21501", "$orderby": "Datum"})
    '$filter=Nummer%20eq%2021501&$orderby=Datum'
    """
    return urlencode(params, quote_via=quote, safe="$(),'/:")


def _retry_after(response: requests.Response | None, attempt: int) -> float:
    """Seconds to wait: the ``Retry-After`` header (seconds or an HTTP date), else
    1, 2, 4, 8 … seconds; at most :data:`MAX_WAIT`."""
    header = response.headers.get("Retry-After", "") if response is not None else ""
    wait = float(2**attempt)
    if header.strip().isdigit():
        wait = float(header.strip())
    elif header:
        try:
            when = email.utils.parsedate_to_datetime(header)
            wait = max(0.0, when.timestamp() - time.time())
        except (TypeError, ValueError):  # not a date: keep the back-off
            pass
    return min(wait, MAX_WAIT)


class Client:
    """Session, rate limit and retries for one run (``sleep``: default :func:`pause`)."""

    def __init__(
        self,
        base: str | None = None,
        *,
        delay: float = DELAY,
        retries: int = RETRIES,
        timeout: tuple[float, float] = TIMEOUT,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.base = api_url(base)
        self.delay, self.retries, self.timeout, self.sleep = delay, retries, timeout, sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = _AGENT
        self.requests = 0
        self._last = 0.0

    def _pause(self, seconds: float) -> None:
        (self.sleep or pause)(seconds)

    def _wait_turn(self) -> None:
        gap = self.delay - (time.monotonic() - self._last)
        if gap > 0:
            self._pause(gap)
        self._last = time.monotonic()

    def get(
        self, url: str, params: dict[str, str] | None = None, *, what: str
    ) -> requests.Response:
        """GET with retries; a 2xx response, else :class:`CorpusError` (:class:`NotFound`
        for 404). ``what`` names the thing fetched in the message."""
        for attempt in range(self.retries + 1):
            self._wait_turn()
            self.requests += 1
            response, cause = None, ""
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout:
                cause = f"no answer within {self.timeout[1]:g} s (timeout)"
            except requests.ConnectionError as exc:
                cause = f"cannot connect ({type(exc).__name__}); check the address and the network"
            if response is not None:
                if response.ok:
                    return response
                if response.status_code == 404:
                    raise NotFound(f"{what}: not found (HTTP 404) at {response.url}")
                cause = f"HTTP {response.status_code} {response.reason or ''}".strip()
                if response.status_code not in _RETRY_STATUS:
                    break
            if attempt < self.retries:
                self._pause(_retry_after(response, attempt))
        shown = response.url if response is not None else url
        tries = f"{attempt + 1} attempt{'s' if attempt else ''}"
        raise CorpusError(f"{what}: could not fetch {shown} ({tries}): {cause}")

    def json(self, url: str, params: dict[str, str] | None = None, *, what: str) -> dict:
        response = self.get(url, params, what=what)
        try:
            page = response.json()
        except ValueError as exc:
            raise CorpusError(f"{what}: the answer from {response.url} is not JSON") from exc
        if not isinstance(page, dict) or not isinstance(page.get("value"), list):
            raise CorpusError(
                f"{what}: the answer from {response.url} has no 'value' list; the API may have "
                "changed (please report it with this URL)"
            )
        return page

    def records(self, entity: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every record of a query, page after page (``@odata.nextLink``)."""
        url: str | None = f"{self.base}/{entity}?{query_string(params)}"
        page = 0
        while url:
            page += 1
            data = self.json(url, what=f"{entity} query, page {page}")
            yield from data["value"]
            url = data.get("@odata.nextLink")
