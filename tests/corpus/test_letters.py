"""Tests for discourse.corpus.letters: the bundled corpus and every kind of bad input."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from discourse.corpus.letters import load_letters
from discourse.errors import CorpusError
from discourse.paths import data_dir

COLUMNS = [
    "doc_id",
    "file",
    "title",
    "doc_type",
    "date",
    "minister",
    "cabinet",
    "period",
    "kamerstuk",
    "document_number",
    "source_url",
    "note",
]
OUTPUT = [*COLUMNS, "text_raw", "text", "footnotes", "furniture", "n_chars", "n_paragraphs"]


@pytest.fixture
def letters(seed_letters: pd.DataFrame) -> pd.DataFrame:
    """The bundled letters (the shared session table: read only)."""
    return seed_letters


def make_corpus(
    root: Path,
    rows: list[dict[str, str]] | None = None,
    files: dict[str, bytes | str] | None = None,
    columns: list[str] | None = None,
) -> Path:
    """Write a corpus folder: ``letters.csv`` with ``rows`` and the given ``files``."""
    if rows is None:
        rows = [row("a", "a.txt", date="2024-01-02"), row("b", "b.txt", date="2020-05-06")]
    if files is None:
        files = {"a.txt": "Eerste brief.\n", "b.txt": "Tweede brief.\n"}
    root.mkdir(parents=True, exist_ok=True)
    columns = columns or COLUMNS
    with open(root / "letters.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return root


def row(doc_id: str, file: str, **values: str) -> dict[str, str]:
    base = dict.fromkeys(COLUMNS, "")
    base.update(doc_id=doc_id, file=file, doc_type="kamerbrief", period=f"P-{doc_id}")
    base.update(values)
    return base


def raises(match: str):
    return pytest.raises(CorpusError, match=match)


# --- the bundled corpus ------------------------------------------------------------------


def test_bundled_corpus_has_five_letters_with_documented_columns(letters: pd.DataFrame) -> None:
    assert len(letters) == 5
    assert list(letters.columns[: len(COLUMNS)]) == COLUMNS
    assert set(OUTPUT) <= set(letters.columns)
    assert list(letters.columns[-6:]) == OUTPUT[-6:]
    assert letters["doc_id"].is_unique


def test_bundled_corpus_dtypes(letters: pd.DataFrame) -> None:
    for col in (
        "doc_id",
        "file",
        "title",
        "kamerstuk",
        "document_number",
        "source_url",
        "note",
        "text_raw",
        "text",
    ):
        assert letters[col].dtype == "string", col
    for col in ("doc_type", "minister", "cabinet"):
        assert isinstance(letters[col].dtype, pd.CategoricalDtype), col
    assert letters["date"].dtype == "datetime64[ns]"
    assert letters["period"].cat.ordered
    assert list(letters["period"].cat.categories) == ["Rutte III (2018)", "Veldkamp", "Van Weel"]
    assert letters["footnotes"].dtype == object
    assert all(isinstance(f, list) for f in letters["footnotes"])
    assert letters["n_chars"].dtype == "int64" and letters["n_paragraphs"].dtype == "int64"


def test_bundled_metadata_values(letters: pd.DataFrame) -> None:
    by_id = letters.set_index("doc_id")
    assert set(letters["doc_type"]) == {
        "kamerbrief",
        "bijlage",
        "antwoorden_kamervragen",
        "verslag_schriftelijk_overleg",
    }
    assert by_id.loc["2026-01_van_weel_eu_geopolitieke_speler", "kamerstuk"] == "36715 nr. 32"
    assert by_id.loc["2025-04_veldkamp_verslag_wrr_wereldorde", "document_number"] == "2025D17949"
    assert by_id.loc["2025-03_veldkamp_antwoorden_amerikastrategie", "date"] == pd.Timestamp(
        "2025-03-24"
    )
    assert (letters["period"] == "Veldkamp").sum() == 3
    assert letters["source_url"].fillna("").map(lambda u: u == "" or u.startswith("https://")).all()
    # every inferred value is explained
    assert letters["note"].str.len().gt(0).all()


def test_bundled_text_columns(letters: pd.DataFrame) -> None:
    for rec in letters.itertuples():
        path = data_dir() / rec.file
        assert rec.text_raw == path.read_text(encoding="utf-8")
        assert rec.n_chars == len(rec.text)
        assert rec.n_paragraphs == len(rec.text.split("\n\n"))
    assert letters["footnotes"].map(len).tolist() == [0, 0, 2, 35, 10]


def test_path_may_name_the_metadata_file(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    assert len(load_letters(root / "letters.csv")) == 2


# --- a user's folder ---------------------------------------------------------------------


def test_user_folder_periods_ordered_by_earliest_date(tmp_path: Path) -> None:
    rows = [
        row("a", "a.txt", date="2024-01-02", period="Later"),
        row("b", "b.txt", date="2020-05-06", period="Earlier"),
        row("c", "c.txt", date="", period="Undated"),
    ]
    files = {"a.txt": "Een.", "b.txt": "Twee.", "c.txt": "Drie."}
    df = load_letters(make_corpus(tmp_path, rows, files))
    assert list(df["period"].cat.categories) == ["Earlier", "Later", "Undated"]
    assert df["period"].cat.ordered
    assert pd.isna(df.loc[2, "date"])
    assert list(df["doc_id"]) == ["a", "b", "c"]


def test_optional_columns_default_to_empty_and_extra_columns_are_kept(tmp_path: Path) -> None:
    columns = [*COLUMNS[:8], "language"]
    rows = [{**row("a", "sub/a.txt", date="2024-01-02"), "language": "nl"}]
    df = load_letters(make_corpus(tmp_path, rows, {"sub/a.txt": "Een."}, columns=columns))
    assert df.loc[0, "kamerstuk"] == "" and df.loc[0, "note"] == ""
    assert df.loc[0, "language"] == "nl"


def test_pdf_letter_loads(tmp_path: Path) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    tmp_path.mkdir(exist_ok=True)
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(tmp_path / "brief.pdf") as pdf:
        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.1, 0.9, "Het kabinet zet zich in voor goede betrekkingen met de VS.")
        pdf.savefig(fig)
        plt.close(fig)
    rows = [row("pdf", "brief.pdf", date="2025-01-01")]
    df = load_letters(make_corpus(tmp_path, rows, {}))
    assert "Het kabinet zet zich in voor goede betrekkingen met de VS." in df.loc[0, "text"]


# --- bad input ---------------------------------------------------------------------------


def test_metadata_file_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Een.", encoding="utf-8")
    with raises(r"letters\.csv.*metadata file missing"):
        load_letters(tmp_path)


def test_missing_required_columns(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, columns=["doc_id", "file", "title"])
    with raises(r"letters\.csv.*missing required column.*doc_type.*period"):
        load_letters(root)


def test_row_whose_file_is_absent(tmp_path: Path) -> None:
    root = make_corpus(tmp_path, files={"a.txt": "Een."})
    with raises(r"letters\.csv', row 2, field 'file'.*'b\.txt' not found"):
        load_letters(root)


def test_text_file_without_metadata_row(tmp_path: Path) -> None:
    files = {"a.txt": "Een.", "b.txt": "Twee.", "extra.txt": "Drie."}
    with raises(r"extra\.txt.*without a metadata row"):
        load_letters(make_corpus(tmp_path, files=files))


def test_pdf_without_metadata_row(tmp_path: Path) -> None:
    files = {"a.txt": "Een.", "b.txt": "Twee.", "scan.PDF": b"%PDF-1.4"}
    with raises(r"scan\.PDF.*without a metadata row"):
        load_letters(make_corpus(tmp_path, files=files))


def test_duplicate_doc_id(tmp_path: Path) -> None:
    rows = [row("a", "a.txt"), row("a", "b.txt")]
    with raises(r"row 2, field 'doc_id'.*duplicate doc_id 'a' \(first in row 1\)"):
        load_letters(make_corpus(tmp_path, rows))


@pytest.mark.parametrize("value", ["27-01-2026", "2026-13-01", "januari 2026", "2026/01/27"])
def test_unparseable_date(tmp_path: Path, value: str) -> None:
    rows = [row("a", "a.txt", date="2024-01-02"), row("b", "b.txt", date=value)]
    with raises(rf"row 2, field 'date'.*{re.escape(value)}"):
        load_letters(make_corpus(tmp_path, rows))


@pytest.mark.parametrize("content", ["", "   \n \n\t\n", "\u00a0\n"])
def test_empty_or_whitespace_text(tmp_path: Path, content: str) -> None:
    with raises(r"b\.txt.*row 2.*empty or whitespace only"):
        load_letters(make_corpus(tmp_path, files={"a.txt": "Een.", "b.txt": content}))


def test_text_not_utf8(tmp_path: Path) -> None:
    files = {"a.txt": "Een.", "b.txt": "Oekraïne".encode("latin-1")}
    with raises(r"b\.txt.*not valid UTF-8"):
        load_letters(make_corpus(tmp_path, files=files))


def test_metadata_not_utf8(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    (root / "letters.csv").write_bytes("doc_id,file\nOekraïne,a.txt\n".encode("latin-1"))
    with raises(r"letters\.csv.*not valid UTF-8"):
        load_letters(root)


@pytest.mark.parametrize("name", ["../outside.txt", "sub/../../outside.txt"])
def test_path_escaping_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "outside.txt").write_text("Buiten.", encoding="utf-8")
    rows = [row("a", "a.txt"), row("b", name)]
    root = make_corpus(tmp_path / "corpus", rows, files={"a.txt": "Een."})
    with raises(r"row 2, field 'file'.*outside the corpus folder"):
        load_letters(root)


def test_absolute_path_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Buiten.", encoding="utf-8")
    rows = [row("a", str(outside))]
    with raises(r"row 1, field 'file'.*absolute path"):
        load_letters(make_corpus(tmp_path / "corpus", rows, files={}))


def test_symlink_escaping_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Buiten.", encoding="utf-8")
    root = make_corpus(tmp_path / "corpus", [row("a", "link.txt")], files={})
    (root / "link.txt").symlink_to(outside)
    with raises(r"row 1, field 'file'.*outside the corpus folder"):
        load_letters(root)


@pytest.mark.parametrize("field", ["doc_id", "file"])
def test_empty_doc_id_or_file(tmp_path: Path, field: str) -> None:
    rows = [row("a", "a.txt"), {**row("b", "b.txt"), field: ""}]
    with raises(rf"row 2, field '{field}': empty value"):
        load_letters(make_corpus(tmp_path, rows))


def test_unsupported_file_type(tmp_path: Path) -> None:
    rows = [row("a", "a.odt")]
    with raises(r"a\.odt.*unsupported file type '\.odt'; use one of .*'\.docx', '\.xml'"):
        load_letters(make_corpus(tmp_path, rows, {"a.odt": b"PK"}))


def test_unreadable_pdf(tmp_path: Path) -> None:
    rows = [row("a", "a.pdf")]
    with raises(r"a\.pdf"):
        load_letters(make_corpus(tmp_path, rows, {"a.pdf": b"not a pdf at all"}))


def test_row_with_too_many_values(tmp_path: Path) -> None:
    root = make_corpus(tmp_path)
    with open(root / "letters.csv", "a", encoding="utf-8") as fh:
        fh.write("c,c.txt,,,,,,,,,,,surplus\n")
    with raises(r"row 3: more values than columns"):
        load_letters(root)


def test_no_letters_listed(tmp_path: Path) -> None:
    with raises(r"no letters listed"):
        load_letters(make_corpus(tmp_path, rows=[], files={}))


def test_default_path_follows_discourse_data(tmp_path: Path, monkeypatch) -> None:
    root = make_corpus(tmp_path / "mine")
    monkeypatch.setenv("DISCOURSE_DATA", str(root))
    assert list(load_letters()["doc_id"]) == ["a", "b"]


def test_corpus_folder_missing(tmp_path: Path) -> None:
    with raises(r"metadata file missing|corpus folder not found"):
        load_letters(tmp_path / "nowhere")


@pytest.mark.parametrize("path", [3, ["data"], b"data"])
def test_path_that_is_not_a_path_is_refused(path) -> None:
    with raises(r"load_letters\(\): path=.* is not valid; allowed: str or PathLike"):
        load_letters(path)


def test_corpus_modules_import_no_heavy_dependency() -> None:
    """``discourse.corpus`` needs neither spaCy, textacy, Dask nor matplotlib."""
    code = (
        "import sys, discourse.corpus.letters, discourse.corpus.segment, discourse.corpus.clean\n"
        "heavy = ('spacy', 'textacy', 'sklearn', 'dask', 'distributed', 'matplotlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
