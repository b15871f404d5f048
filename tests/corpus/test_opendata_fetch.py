"""``fetch_documents()`` against recorded-shape OData pages, replayed without network.

The pages (``tests/data/opendata/page1.json``, ``page2.json``) hold three ``Brief regering``
records of dossier 21501-02 in the shape of the service's answers: two with a ``.docx``
resource (made here with python-docx), one with an official XML publication, served by the
service as ``DocumentPublicatie(<Id>)/Resource``. ``responses`` replays them for the unit
tests; the acceptance test serves them from a local ``http.server`` to
``python -m discourse fetch``.
"""

from __future__ import annotations

import http.server
import io
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import responses
from docx import Document as WordDocument

import discourse as dc
from discourse.corpus.opendata import odata
from discourse.corpus.opendata.state import STATE_FILE

HERE = Path(__file__).resolve().parents[1] / "data" / "opendata"
API = "https://tk.test/OData/v4/2.0"
#: The "Xml" DocumentPublicatie of the second record (kst-21501-02-3010).
XML_ID = "9ab11c00-0002-4000-8000-000000000002"
PUB_URL = f"{API}/DocumentPublicatie({XML_ID})/Resource"
DOC1, DOC2, DOC3 = (
    "0d6f4c1e-3b7a-4f0e-9c51-2a8e6d1b9f01",
    "5b2a9e47-8c3d-4e61-b0a2-7f4d3c2e1a02",
    "c83e1f55-2d6b-4a90-8e17-3b5c9d0f4e03",
)
LETTERS = {
    DOC1: (
        "Met deze brief reageer ik op het verzoek van het lid Piri, gedaan tijdens de "
        "regeling van werkzaamheden van 12 november 2024, om een reactie op de uitslag van "
        "de Amerikaanse verkiezingen.",
        "De Verenigde Staten blijven onze belangrijkste bondgenoot. Het kabinet zal met de "
        "nieuwe regering samenwerken waar dat kan, en verschillen van inzicht benoemen waar "
        "dat nodig is.",
    ),
    DOC3: (
        "Op 20 oktober 2025 vond in Luxemburg de Raad Buitenlandse Zaken plaats. Hierbij "
        "ontvangt u het verslag van deze bijeenkomst.",
        "De Raad sprak over de Russische agressie tegen Oekraïne. Nederland pleitte voor "
        "een twintigste sanctiepakket en voor het benutten van bevroren Russische tegoeden.",
    ),
}
SIGNERS = {DOC1: "C.C.J. Veldkamp", DOC3: "D.M. van Weel"}
DATES = {DOC1: "18 november 2024", DOC3: "23 oktober 2025"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(key: str) -> bytes:
    """A Kamerbrief as the ministry saves it: address, date, body, signature."""
    doc = WordDocument()
    doc.add_paragraph("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal")
    doc.add_paragraph(f"Datum {DATES[key]}")
    for paragraph in LETTERS[key]:
        doc.add_paragraph(paragraph)
    doc.add_paragraph("De minister van Buitenlandse Zaken,")
    doc.add_paragraph(SIGNERS[key])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def page(name: str, api: str, **changes: dict) -> dict:
    data = json.loads((HERE / name).read_text(encoding="utf-8").replace("{api_url}", api))
    for record in data["value"]:
        record.update(changes.get(record["Id"], {}))
    return data


def _first_page(request) -> bool:
    return "$skiptoken" not in request.url


def register(rsps: responses.RequestsMock, *, resource_status: dict | None = None, **changes):
    """The two pages, the resources and the publication on ``API``/``PUB``."""
    status = resource_status or {}
    rsps.add_callback(
        responses.GET,
        re.compile(re.escape(f"{API}/Document") + r"(\?.*)?$"),
        callback=lambda req: (
            200,
            {},
            json.dumps(page("page1.json" if _first_page(req) else "page2.json", API, **changes)),
        ),
    )
    for key in (DOC1, DOC3):
        url = f"{API}/Document({key})/resource"
        if status.get(key):
            rsps.add(responses.GET, url, status=status[key])
        else:
            rsps.add(responses.GET, url, body=make_docx(key), content_type=DOCX_TYPE)
    xml = (HERE / "kst-21501-02-3010.xml").read_bytes()
    rsps.add(responses.GET, PUB_URL, body=xml, content_type="application/xml")


@pytest.fixture
def no_wait(monkeypatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(odata, "pause", waits.append)
    return waits


def fetch(out: Path, **kwargs):
    return dc.fetch_documents(out, dossier="21501-02", api_url=API, progress=False, **kwargs)


@responses.activate
def test_pages_are_followed_and_every_document_saved(tmp_path, no_wait) -> None:
    register(responses.mock)
    log = fetch(tmp_path)
    assert list(log["action"]) == ["downloaded"] * 3
    assert list(log["reason"]) == ["new"] * 3
    urls = [call.request.url for call in responses.calls]
    assert sum("$skiptoken=2" in u for u in urls) == 1  # page 2 through the nextLink
    first = requests.utils.unquote(urls[0])
    assert "Kamerstukdossier/any(d: d/Nummer eq 21501 and d/Toevoeging eq '02')" in first
    assert "Verwijderd eq false" in first and "Soort eq 'Brief regering'" in first
    files = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert files == [
        "2024-11-18_2024D45117_reactie_op_het_verzoek_van_het.docx",
        "2025-03-07_2025D10342_geannoteerde_agenda_van_de_raad_buitenlandse.xml",
        "2025-10-23_2025D44871_verslag_van_de_raad_buitenlandse_zaken.docx",
        "fetch_log.csv",
        "letters.csv",
    ]
    assert no_wait  # the polite delay between requests went through pause()


@responses.activate
def test_letters_csv_filled_from_the_records(tmp_path, no_wait) -> None:
    import pandas as pd

    register(responses.mock)
    fetch(tmp_path)
    rows = pd.read_csv(tmp_path / "letters.csv", dtype=str, keep_default_na=False)
    assert list(rows["minister"]) == ["C.C.J. Veldkamp", "C.C.J. Veldkamp", "D.M. van Weel"]
    assert list(rows["cabinet"]) == ["Schoof"] * 3
    assert list(rows["period"]) == ["Veldkamp", "Veldkamp", "Van Weel"]
    assert list(rows["kamerstuk"]) == [f"21501-02 nr. {n}" for n in (2976, 3010, 3162)]
    assert list(rows["document_number"]) == ["2024D45117", "2025D10342", "2025D44871"]
    assert list(rows["doc_type"]) == ["kamerbrief"] * 3
    assert rows["source_url"][1] == PUB_URL
    assert "official publication kst-21501-02-3010 (Xml)" in rows["note"][1]
    assert rows["source_url"][0] == f"{API}/Document({DOC1})/resource"
    assert rows["note"].str.contains("Fetched from the Tweede Kamer open data").all()


@responses.activate
def test_second_run_downloads_nothing(tmp_path, no_wait) -> None:
    register(responses.mock)
    fetch(tmp_path)
    before = (tmp_path / "letters.csv").read_bytes()
    n = len(responses.calls)
    log = fetch(tmp_path)
    assert list(log["action"]) == ["unchanged"] * 3
    assert len(responses.calls) - n == 2  # the two pages, no document
    assert (tmp_path / "letters.csv").read_bytes() == before


@responses.activate
def test_changed_or_missing_documents_are_fetched_again(tmp_path, no_wait) -> None:
    register(responses.mock)
    first = fetch(tmp_path)
    (tmp_path / first["file"][2]).unlink()
    responses.mock.reset()
    register(responses.mock, **{DOC1: {"GewijzigdOp": "2024-12-02T09:00:00+01:00"}})
    log = fetch(tmp_path)
    assert list(log["action"]) == ["downloaded", "unchanged", "downloaded"]
    assert log["reason"][0] == "changed (GewijzigdOp 2024-12-02T09:00:00+01:00)"
    assert log["reason"][2] == "file missing"
    assert list(log["doc_id"]) == list(first["doc_id"])  # ids are stable


@responses.activate
def test_429_is_retried_after_the_servers_wait(tmp_path, no_wait) -> None:
    url = f"{API}/Document({DOC1})/resource"
    responses.add(responses.GET, url, status=429, headers={"Retry-After": "3"})
    register(responses.mock)
    log = fetch(tmp_path)
    assert list(log["action"]) == ["downloaded"] * 3
    assert 3.0 in no_wait
    assert sum(c.request.url == url for c in responses.calls) == 2


@responses.activate
def test_404_resource_is_logged_not_fatal_and_nothing_half_written(tmp_path, no_wait) -> None:
    register(responses.mock, resource_status={DOC3: 404})
    log = fetch(tmp_path)
    assert list(log["action"]) == ["downloaded", "downloaded", "skipped"]
    assert "not found (HTTP 404)" in log["reason"][2] and "2025D44871" in log["reason"][2]
    assert not list(tmp_path.glob("2025-10-23*")) and not list(tmp_path.glob("*.part"))
    assert "2025D44871" not in (tmp_path / "letters.csv").read_text(encoding="utf-8")
    assert "skipped" in (tmp_path / "fetch_log.csv").read_text(encoding="utf-8")


@responses.activate
def test_server_errors_are_retried_then_reported(tmp_path, no_wait) -> None:
    responses.add(responses.GET, re.compile(re.escape(f"{API}/Document")), status=503)
    with pytest.raises(
        dc.CorpusError, match=r"Document query, page 1: could not fetch .* \(5 attempts\): HTTP 503"
    ):
        fetch(tmp_path)
    assert len(responses.calls) == odata.RETRIES + 1
    assert [w for w in no_wait if w >= 1] == [1.0, 2.0, 4.0, 8.0]  # exponential back-off


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (requests.ConnectTimeout("slow"), "no answer within 60 s \\(timeout\\)"),
        (requests.ConnectionError("refused"), "cannot connect \\(ConnectionError\\)"),
    ],
)
@responses.activate
def test_no_answer_is_a_corpus_error_sentence(tmp_path, no_wait, error, message) -> None:
    responses.add(responses.GET, re.compile(re.escape(f"{API}/Document")), body=error)
    with pytest.raises(
        dc.CorpusError,
        match=rf"page 1: could not fetch {API}/Document\?\S+ \(5 attempts\): {message}",
    ):
        fetch(tmp_path)


@responses.activate
def test_an_interrupted_run_resumes(tmp_path, no_wait) -> None:
    register(responses.mock, resource_status={DOC3: 500})
    with pytest.raises(dc.CorpusError, match="document 2025D44871: could not fetch"):
        fetch(tmp_path)
    assert (tmp_path / STATE_FILE).is_file()
    assert (tmp_path / "letters.csv").read_text(encoding="utf-8").count("\n") == 3  # header + 2
    responses.mock.reset()
    register(responses.mock)
    log = fetch(tmp_path)
    assert list(log["action"]) == ["unchanged", "unchanged", "downloaded"]


@responses.activate
def test_limit_stops_before_the_next_page(tmp_path, no_wait) -> None:
    register(responses.mock)
    log = fetch(tmp_path, limit=2)
    assert len(log) == 2
    assert not any("$skiptoken" in c.request.url for c in responses.calls)


@responses.activate
def test_minister_filter_and_mirror_url(tmp_path, no_wait) -> None:
    mirror = "https://mirror.test/pub"
    register(responses.mock)
    xml = (HERE / "kst-21501-02-3010.xml").read_bytes()
    responses.add(responses.GET, f"{mirror}/kst-21501-02-3010.xml", body=xml)
    log = fetch(tmp_path, minister="veldkamp", pub_url=mirror)
    assert list(log["action"]) == ["downloaded", "downloaded", "skipped"]
    assert log["reason"][2] == "signed by 'D.M. van Weel', not minister='veldkamp'"
    assert log["url"][1] == f"{mirror}/kst-21501-02-3010.xml"


@responses.activate
def test_the_first_signer_is_the_minister_not_a_co_signer(tmp_path, no_wait) -> None:
    register(responses.mock)  # record 2 lists Brekelmans (Mede ondertekenaar) first
    fetch(tmp_path)
    text = (tmp_path / "letters.csv").read_text(encoding="utf-8")
    assert "Relatie 'Eerste ondertekenaar'" in text and "R.P. Brekelmans" not in text


@responses.activate
def test_a_publication_that_appears_later_replaces_the_file(tmp_path, no_wait) -> None:
    """The service adds the official publication to the current version after the letter;
    the Document's GewijzigdOp need not change (recorded: PublicatieDatum after it)."""
    register(responses.mock)
    first = fetch(tmp_path)
    assert first["file"][0].endswith(".docx")
    later = json.loads((HERE / "page1.json").read_text(encoding="utf-8"))["value"][1]
    version = later["HuidigeDocumentVersie"]
    xml = next(p for p in version["DocumentPublicatie"] if p["DocumentType"] == "Xml")
    xml = {**xml, "Id": "9ab11c00-0001-4000-8000-000000000001",
           "Identifier": "kst-21501-02-2976", "FileName": "kst-21501-02-2976.xml"}  # fmt: skip
    responses.mock.reset()
    register(
        responses.mock,
        **{DOC1: {"HuidigeDocumentVersie": {**version, "DocumentPublicatie": [xml]}}},
    )
    url = f"{API}/DocumentPublicatie({xml['Id']})/Resource"
    body = (HERE / "kst-21501-02-3010.xml").read_bytes()
    responses.add(responses.GET, url, body=body, content_type="application/xml")
    log = fetch(tmp_path)
    assert list(log["action"]) == ["downloaded", "unchanged", "unchanged"]
    assert log["reason"][0] == f"text source changed (now {url})"
    assert log["doc_id"][0] == first["doc_id"][0] and log["file"][0].endswith(".xml")
    assert not (tmp_path / first["file"][0]).exists()


@responses.activate
def test_a_soft_404_from_a_publication_mirror_is_skipped(tmp_path, no_wait) -> None:
    mirror = "https://mirror.test/pub"
    register(responses.mock)
    page = "<html><body><h1>404: Pagina niet gevonden</h1></body></html>"
    responses.add(responses.GET, f"{mirror}/kst-21501-02-3010.xml", body=page, status=200,
                  content_type="text/html")  # fmt: skip
    log = fetch(tmp_path, pub_url=mirror)
    assert list(log["action"]) == ["downloaded", "skipped", "downloaded"]
    assert "answered with its error page" in log["reason"][1]
    assert not list(tmp_path.glob("2025-03-07*"))


def test_a_foreign_letters_csv_is_not_overwritten(tmp_path) -> None:
    (tmp_path / "letters.csv").write_text("doc_id,file\n", encoding="utf-8")
    with pytest.raises(dc.CorpusError, match="holds a letters.csv that fetch_documents"):
        fetch(tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dossier": "RBZ"}, "dossier='RBZ' is not valid; allowed: a dossier number"),
        ({"soort": "Brief"}, "soort='Brief' is not valid; allowed: one of 'Brief regering'"),
        ({"since": "26-10-2017"}, "since='26-10-2017' is not valid; allowed: a date"),
        ({"api_url": "tk.test"}, "api_url='tk.test' is not valid; allowed: an http"),
        ({"until": "2024-02-30"}, "until='2024-02-30' is not a date; use YYYY-MM-DD"),
        (
            {"since": "2025-01-01", "until": "2024-12-31"},
            "since='2025-01-01' is after until='2024-12-31'",
        ),
    ],
)
def test_bad_arguments(tmp_path, kwargs, message) -> None:
    with pytest.raises(dc.CorpusError, match=re.escape(f"fetch_documents(): {message}")):
        dc.fetch_documents(tmp_path, **kwargs)
    assert not list(tmp_path.iterdir())


@responses.activate
def test_the_folder_loads_and_segments(tmp_path, no_wait) -> None:
    register(responses.mock)
    fetch(tmp_path)
    letters = dc.load_letters(tmp_path)
    assert list(letters["period"].cat.categories) == ["Veldkamp", "Van Weel"]
    assert letters["text"].str.contains("Verenigde Staten|Oekraïne").all()
    segs = dc.segments(letters)
    government = segs[segs["role"] == "government"]
    assert set(government["doc_id"]) == set(letters["doc_id"])
    assert "D.M. van Weel" in set(government["speaker"])
    publication = letters.set_index("doc_id").loc[
        "2025-03-07_2025D10342_geannoteerde_agenda_van_de_raad_buitenlandse"
    ]
    assert publication["footnotes"] == ["1 Kamerstuk 21 501-02, nr. 2976."]
    assert "Kamerstuk 21 501-02" not in publication["text"]


@responses.activate
def test_service_addresses_from_the_environment(tmp_path, no_wait, monkeypatch) -> None:
    mirror = "https://mirror.test/pub"
    monkeypatch.setenv("DISCOURSE_TK_API", API)
    monkeypatch.setenv("DISCOURSE_PUB_URL", mirror)
    register(responses.mock)
    xml = (HERE / "kst-21501-02-3010.xml").read_bytes()
    responses.add(responses.GET, f"{mirror}/kst-21501-02-3010.xml", body=xml)
    log = dc.fetch_documents(tmp_path, dossier="21501-02", progress=False)
    assert list(log["action"]) == ["downloaded"] * 3
    assert log["url"][1] == f"{mirror}/kst-21501-02-3010.xml"


# --- acceptance: the command line against a local HTTP server -------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    root = ""
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        type(self).hits.append(self.path)
        path = self.path.split("?")[0]
        if path == "/OData/v4/2.0/Document":
            name = "page2.json" if "skiptoken" in self.path else "page1.json"
            self._send(json.dumps(page(name, self.root)).encode(), "application/json")
        elif m := re.fullmatch(r"/OData/v4/2\.0/Document\(([0-9a-f-]+)\)/resource", path):
            self._send(make_docx(m.group(1)), DOCX_TYPE)
        elif path in (
            "/pub/kst-21501-02-3010.xml",
            f"/OData/v4/2.0/DocumentPublicatie({XML_ID})/Resource",
        ):
            self._send((HERE / "kst-21501-02-3010.xml").read_bytes(), "text/xml")
        else:
            self.send_error(404)

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    base = f"http://127.0.0.1:{httpd.server_port}"
    _Handler.root, _Handler.hits = f"{base}/OData/v4/2.0", []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base, _Handler.hits
    httpd.shutdown()
    httpd.server_close()


def test_cli_fetch_against_a_local_server(tmp_path, server) -> None:
    base, hits = server
    out = tmp_path / "brieven"
    command = [
        sys.executable, "-m", "discourse", "fetch", "--api-url", f"{base}/OData/v4/2.0",
        "--pub-url", f"{base}/pub", "--dossier", "21501-02", "--out", str(out), "--no-progress",
    ]  # fmt: skip
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "3 downloaded, 0 unchanged, 0 skipped" in first.stdout
    letters = dc.load_letters(out)
    for column in ("minister", "cabinet", "period", "kamerstuk", "document_number"):
        assert (letters[column].astype(str) != "").all(), column
    n = len(hits)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "0 downloaded, 3 unchanged, 0 skipped" in second.stdout
    assert all("/Document?" in h or h.endswith("/Document") for h in hits[n:])


def test_cli_reports_an_unreachable_service(tmp_path, no_wait, capsys) -> None:
    import socket

    from discourse.__main__ import main

    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    api = f"http://127.0.0.1:{port}/OData/v4/2.0"
    code = main(["fetch", "--api-url", api, "--out", str(tmp_path / "x"), "--no-progress"])
    assert code == 2
    assert "cannot connect (ConnectionError)" in capsys.readouterr().err


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path, monkeypatch) -> None:
    from discourse.corpus.opendata import state

    path = tmp_path / "letters.csv"
    path.write_bytes(b"old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(state.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        state.write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["letters.csv"]


@responses.activate
def test_dates_are_inclusive_and_kinds_combined(tmp_path, no_wait) -> None:
    register(responses.mock)
    fetch(tmp_path, since="2017-10-26", until="2025-11-30", soort=["Brief regering", "Bijlage"])
    first = requests.utils.unquote(responses.calls[0].request.url)
    assert "(Soort eq 'Brief regering' or Soort eq 'Bijlage')" in first
    assert "Datum ge 2017-10-26T00:00:00Z and Datum lt 2025-12-01T00:00:00Z" in first
    assert " " not in responses.calls[0].request.url and "+" not in responses.calls[0].request.url
