"""The shipped open-data sample (``data/opendata_sample``) served by ``replay_server()``:
``fetch_documents()`` and the command line build a corpus folder from it, offline."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
import requests

import discourse as dc
from discourse.corpus.opendata import odata
from discourse.corpus.opendata.replay import API_PATH, record_filter, replay_server, sample_dir
from discourse.corpus.publication import read_publication

ROOT = Path(__file__).resolve().parents[2]
KINDS = ["Brief regering", "Verslag van een schriftelijk overleg"]


@pytest.fixture
def no_wait(monkeypatch) -> None:
    monkeypatch.setattr(odata, "pause", lambda seconds: None)


@pytest.fixture(scope="module")
def maker():
    spec = importlib.util.spec_from_file_location(
        "make_opendata_sample", ROOT / "tools" / "make_opendata_sample.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_opendata_sample"] = module
    spec.loader.exec_module(module)
    return module


def fetch(out: Path, server, **kwargs) -> pd.DataFrame:
    kwargs = {"dossier": "21501-02", "soort": KINDS, **kwargs}
    return dc.fetch_documents(
        out, api_url=server.api_url, pub_url=server.pub_url, progress=False, **kwargs
    )


def test_the_fetched_sample_loads_with_every_record_column_filled(tmp_path, no_wait) -> None:
    with replay_server() as server:
        log = fetch(tmp_path, server, since="2017-10-26")
    assert list(log["action"]) == ["downloaded"] * 8
    letters = dc.load_letters(tmp_path)
    for column in ("minister", "cabinet", "period", "kamerstuk", "document_number"):
        assert (letters[column].astype(str) != "").all(), column
    assert list(letters["kamerstuk"]) == [f"21501-02 nr. {n}" for n in range(9901, 9909)]
    by_period = letters.groupby("period", observed=True, sort=False)["doc_id"].size()
    assert by_period.to_dict() == {
        "Rutte III (2018)": 2,
        "Rutte III (2019)": 1,
        "Veldkamp": 2,
        "Brekelmans (2025)": 1,
        "Van Weel": 2,
    }
    brekelmans = letters[letters["period"] == "Brekelmans (2025)"].iloc[0]
    assert (brekelmans["date"].date().isoformat(), brekelmans["minister"]) == (
        "2025-08-27",
        "R.P. Brekelmans",
    )
    assert set(letters["cabinet"]) == {"Rutte III", "Schoof"}
    assert sorted(Path(f).suffix for f in letters["file"]) == [".docx"] * 4 + [".xml"] * 4


def test_the_sample_segments_into_the_voices_of_its_layouts(tmp_path, no_wait) -> None:
    with replay_server() as server:
        fetch(tmp_path, server)
    letters = dc.load_letters(tmp_path)
    segs = dc.segments(letters)
    roles = segs.groupby(["doc_type", "role"], observed=True).size().unstack(fill_value=0)
    assert roles.loc["verslag_schriftelijk_overleg", "parliament"] == 2  # VVD, GroenLinks
    assert roles.loc["kamerbrief", "parliament"] == 0
    government = segs[segs["role"] == "government"]
    assert set(government["doc_id"]) == set(letters["doc_id"])
    # letterhead (page header) and footnotes are out of the running text
    assert not letters["text"].str.contains("Rijnstraat 8|Kamerstuk 21 501-02").any()
    notes = letters["footnotes"].map(len)
    assert notes.sum() == 3 and (notes[letters["file"].str.endswith(".docx")] == 0).all()


def test_a_second_fetch_downloads_nothing(tmp_path, no_wait) -> None:
    with replay_server() as server:
        fetch(tmp_path, server)
        before = (tmp_path / "letters.csv").read_bytes()
        asked = len(server.requests)
        log = fetch(tmp_path, server)
        again = server.requests[asked:]
    assert list(log["action"]) == ["unchanged"] * 8
    assert len(again) == 3 and all(p.startswith("/OData/v4/2.0/Document?") for p in again)
    assert (tmp_path / "letters.csv").read_bytes() == before


@pytest.mark.parametrize(
    ("kwargs", "numbers"),
    [
        ({"since": "2025-08-22", "until": "2025-09-04"}, [9906]),  # Brekelmans' interval
        ({"soort": "Verslag van een schriftelijk overleg"}, [9903]),
        ({"soort": "Brief regering", "until": "2018-12-31"}, [9901, 9902]),
        ({"dossier": "36715"}, []),
    ],
)
def test_the_replay_answers_the_query_not_the_whole_sample(
    tmp_path, no_wait, kwargs, numbers
) -> None:
    with replay_server() as server:
        log = fetch(tmp_path, server, **kwargs)
    assert [int(n[-4:]) for n in log["document_number"]] == numbers


def test_pages_follow_the_recorded_page_size_or_the_one_asked(tmp_path, no_wait) -> None:
    with replay_server(page_size=2) as server:
        fetch(tmp_path, server)
        pages = [p for p in server.requests if "/Document?" in p]
    assert len(pages) == 4  # 8 records, 2 per page
    assert ["$skiptoken" in p for p in pages] == [False, True, True, True]
    with replay_server() as server:
        first = requests.get(f"{server.api_url}/Document", timeout=10).json()
        last = requests.get(first["@odata.nextLink"], timeout=10).json()
        while "@odata.nextLink" in last:
            last = requests.get(last["@odata.nextLink"], timeout=10).json()
    assert len(first["value"]) == 3 and "{api_url}" not in json.dumps(first)
    assert last["value"][-1]["DocumentNummer"] == "2025D99908"  # the Motie (June) in between


def test_without_a_mirror_publications_come_from_the_service(tmp_path, no_wait) -> None:
    """As on the Gegevensmagazijn: ``DocumentPublicatie(<Id>)/Resource`` of the "Xml"
    publication of the record's current version."""
    with replay_server() as server:
        log = dc.fetch_documents(
            tmp_path, dossier="21501-02", soort=KINDS, api_url=server.api_url, progress=False
        )
        asked = [p for p in server.requests if p.startswith(f"{API_PATH}/DocumentPublicatie(")]
        missing = requests.get(f"{server.api_url}/DocumentPublicatie(nope)/Resource", timeout=10)
    assert list(log["action"]) == ["downloaded"] * 8
    assert len(asked) == 4 and all(p.endswith(")/Resource") for p in asked)
    xml = log[log["file"].str.endswith(".xml")]
    assert xml["url"].str.startswith(f"{server.api_url}/DocumentPublicatie(").all()
    assert missing.status_code == 404
    letters = dc.load_letters(tmp_path)
    assert letters["footnotes"].map(len).sum() == 3


def test_a_query_the_replay_cannot_evaluate_is_refused(tmp_path) -> None:
    with replay_server() as server:
        bad = requests.get(f"{server.api_url}/Document?$filter=Titel eq 'x'", timeout=10)
        missing = requests.get(f"{server.api_url}/Document(nope)/resource", timeout=10)
        elsewhere = requests.get(f"{server.url}/etc/passwd", timeout=10)
    assert bad.status_code == 400 and "Titel eq" in bad.reason
    assert missing.status_code == 404 and elsewhere.status_code == 404


def test_record_filter_clauses() -> None:
    record = {
        "Verwijderd": False,
        "Soort": "Brief regering",
        "Datum": "2025-08-27T00:00:00+02:00",
        "Kamerstukdossier": [{"Nummer": 21501, "Toevoeging": "02"}],
    }
    dossier = "Kamerstukdossier/any(d: d/Nummer eq 21501 and d/Toevoeging eq '02')"
    assert record_filter(f"Verwijderd eq false and {dossier}")(record)
    assert not record_filter(dossier.replace("'02'", "'07'"))(record)
    assert record_filter("Kamerstukdossier/any(d: d/Nummer eq 21501)")(record)
    assert record_filter("Datum ge 2025-08-26T22:00:00Z")(record)
    assert not record_filter("Datum lt 2025-08-26T22:00:00Z")(record)
    assert not record_filter("(Soort eq 'Motie' or Soort eq 'Bijlage')")(record)
    with pytest.raises(ValueError, match="not supported by the replay: .Soort ne 'Motie'"):
        record_filter("Soort ne 'Motie'")


def test_a_folder_without_pages_is_a_corpus_error(tmp_path) -> None:
    with pytest.raises(dc.CorpusError, match=r"replay_server\(\): folder=.* holds no readable"):
        with replay_server(tmp_path):
            pass
    with pytest.raises(dc.CorpusError, match="page_size=0 is not valid"):
        replay_server(page_size=0)


def test_the_command_line_fetches_from_the_replay(tmp_path, no_wait, capsys) -> None:
    from discourse.__main__ import main

    out = tmp_path / "brieven"
    with replay_server() as server:
        args = ["fetch", "--api-url", server.api_url, "--pub-url", server.pub_url,
                "--dossier", "21501-02", "--since", "2024-07-02", "--out", str(out),
                "--no-progress"]  # fmt: skip
        assert main(args) == 0
        assert "5 downloaded, 0 unchanged, 0 skipped" in capsys.readouterr().out
        assert main(args) == 0
        assert "0 downloaded, 5 unchanged, 0 skipped" in capsys.readouterr().out


def test_the_sample_is_what_the_script_writes(tmp_path, maker) -> None:
    """Pages and publications byte for byte; each .docx with the same text."""
    written = maker.write(tmp_path)
    shipped = sample_dir()
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    on_disk = sorted(
        str(p.relative_to(shipped)) for p in shipped.rglob("*") if p.is_file() and p.suffix != ".md"
    )
    assert names == on_disk
    for path in written:
        name = path.relative_to(tmp_path)
        if path.suffix == ".docx":
            from discourse.corpus.docx import read_docx

            assert read_docx(path) == read_docx(shipped / name), name
        else:
            assert path.read_bytes() == (shipped / name).read_bytes(), name


def test_the_publications_read_as_official_xml() -> None:
    vso = sample_dir() / "publications" / "kst-21501-02-9903.xml"
    text, footnotes, furniture = read_publication(vso)
    assert text.startswith("Binnen de vaste commissie voor Buitenlandse Zaken")
    assert "Vragen en opmerkingen van de leden van de VVD-fractie" in text.split("\n\n")
    assert footnotes == [] and "Nr. 9903" in furniture
