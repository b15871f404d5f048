"""Tests for discourse.corpus.metadata: ``letters.csv`` and the files it lists — every bad
row caught (short or long rows, empty periods, the same file twice, a semicolon file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.corpus.letters import load_letters
from discourse.errors import CorpusError

HEADER = "doc_id,file,title,doc_type,date,minister,cabinet,period"
#: Two letters of the Veldkamp period, as rows of ``letters.csv``.
ROWS = [
    "amerika,amerika.txt,Amerikastrategie,kamerbrief,2025-03-24,C.C.J. Veldkamp,Schoof,Veldkamp",
    "navo,navo.txt,NAVO-top,kamerbrief,2025-06-20,C.C.J. Veldkamp,Schoof,Veldkamp",
]
LETTERS = {
    "amerika.txt": "Hierbij ontvangt u de antwoorden op de vragen over de Amerikastrategie.\n",
    "navo.txt": "Het kabinet zet zich op de NAVO-top in voor een sterke trans-Atlantische band.\n",
}


def corpus(root: Path, lines: list[str], files: dict[str, str] | None = None) -> Path:
    """A corpus folder: ``letters.csv`` holding ``lines`` (header first) and the letters."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "letters.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for name, text in (LETTERS if files is None else files).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def raises(match: str):
    return pytest.raises(CorpusError, match=match)


# --- one file, one row -------------------------------------------------------------------


@pytest.mark.parametrize("second", ["amerika.txt", "./amerika.txt", "sub/../amerika.txt"])
def test_same_file_in_two_rows_is_refused(tmp_path: Path, second: str) -> None:
    rows = [ROWS[0], ROWS[1].replace("navo.txt", second)]
    (tmp_path / "sub").mkdir()
    root = corpus(tmp_path, [HEADER, *rows], {"amerika.txt": LETTERS["amerika.txt"]})
    with raises(r"row 2, field 'file'.*same file as row 1 \('amerika\.txt'\)"):
        load_letters(root)


def test_symlink_to_a_listed_file_in_another_row_is_refused(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1].replace("navo.txt", "kopie/navo.txt"), ROWS[1].replace("navo,", "n2,")]
    root = corpus(tmp_path, [HEADER, *rows])
    (root / "kopie").mkdir()
    (root / "kopie" / "navo.txt").symlink_to(root / "navo.txt")
    with raises(
        r"row 3, field 'file'.*'navo\.txt' is the same file as row 2 \('kopie/navo\.txt'\)"
    ):
        load_letters(root)


def test_hard_link_to_a_listed_file_is_refused(tmp_path: Path) -> None:
    rows = [ROWS[0], ROWS[1], ROWS[1].replace("navo", "kopie", 2)]
    root = corpus(tmp_path, [HEADER, *rows])
    (root / "kopie.txt").hardlink_to(root / "navo.txt")
    with raises(r"row 3, field 'file'.*'kopie\.txt' is the same file as row 2 \('navo\.txt'\)"):
        load_letters(root)


def test_three_rows_one_file_not_counted_three_times(tmp_path: Path) -> None:
    rows = [ROWS[0], *(ROWS[1].replace("navo", f"navo{i}", 1) for i in (1, 2, 3))]
    root = corpus(tmp_path, [HEADER, *rows])
    with raises(r"row 3, field 'file'.*same file as row 2"):
        load_letters(root)


# --- files outside the corpus folder -----------------------------------------------------


def test_unlisted_symlink_outside_the_folder_is_a_corpus_error(tmp_path: Path) -> None:
    outside = tmp_path / "elders.txt"
    outside.write_text("Een brief van elders.\n", encoding="utf-8")
    root = corpus(tmp_path / "corpus", [HEADER, *ROWS])
    (root / "link.txt").symlink_to(outside)
    with raises(r"link\.txt.*without a metadata row.*link\.txt.*outside the corpus folder"):
        load_letters(root)


def test_listed_symlink_outside_names_its_target(tmp_path: Path) -> None:
    outside = tmp_path / "elders.txt"
    outside.write_text("Een brief van elders.\n", encoding="utf-8")
    root = corpus(tmp_path / "corpus", [HEADER, ROWS[0], ROWS[1].replace("navo.txt", "link.txt")])
    (root / "link.txt").symlink_to(outside)
    with raises(r"row 2, field 'file'.*'link\.txt' points outside.*elders\.txt.*copy"):
        load_letters(root)


# --- rows with too few or too many fields -------------------------------------------------


def test_short_row_is_refused(tmp_path: Path) -> None:
    short = "navo,navo.txt,NAVO-top,kamerbrief,2025-06-20"
    root = corpus(tmp_path, [HEADER, ROWS[0], short])
    with raises(r"row 2: 5 values for 8 columns \(no value for 'minister', 'cabinet', 'period'\)"):
        load_letters(root)


def test_long_row_is_refused(tmp_path: Path) -> None:
    root = corpus(tmp_path, [HEADER, ROWS[0], ROWS[1] + ",Schoof"])
    with raises(r"row 2: more values than columns \(9 values for 8 columns\)"):
        load_letters(root)


def test_quoted_commas_and_line_breaks_are_one_value(tmp_path: Path) -> None:
    title = '"Brief over Oekraïne, de NAVO en de VS; met bijlage\nen noot"'
    row = f"navo,navo.txt,{title},kamerbrief,2025-06-20,C.C.J. Veldkamp,Schoof,Veldkamp"
    df = load_letters(corpus(tmp_path, [HEADER, ROWS[0], row]))
    assert df.loc[1, "title"] == "Brief over Oekraïne, de NAVO en de VS; met bijlage\nen noot"


# --- semicolon- and tab-separated files ---------------------------------------------------


@pytest.mark.parametrize("sep", [";", "\t"], ids=["semicolon", "tab"])
def test_semicolon_or_tab_file_is_read_like_the_comma_file(tmp_path: Path, sep: str) -> None:
    comma = load_letters(corpus(tmp_path / "comma", [HEADER, *ROWS]))
    lines = [line.replace(",", sep) for line in [HEADER, *ROWS]]
    lines[1] = lines[1].replace("Amerikastrategie", '"Amerikastrategie, deel 1"')
    other = load_letters(corpus(tmp_path / "other", lines))
    assert other.loc[0, "title"] == "Amerikastrategie, deel 1"
    assert other.drop(columns="title").equals(comma.drop(columns="title"))


def test_semicolon_file_missing_a_column_says_so(tmp_path: Path) -> None:
    lines = [line.replace(",", ";").rsplit(";", 1)[0] for line in [HEADER, *ROWS]]
    with raises(r"looks semicolon-separated.*missing required column.*\['period'\]"):
        load_letters(corpus(tmp_path, lines))


def test_repeated_column_is_refused(tmp_path: Path) -> None:
    root = corpus(tmp_path, [HEADER + ",period", *(r + ",Schoof" for r in ROWS)])
    with raises(r"letters\.csv.*column 'period' appears twice"):
        load_letters(root)


# --- empty values -------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["doc_id", "file", "period"])
def test_empty_required_value(tmp_path: Path, field: str) -> None:
    values = dict(zip(HEADER.split(","), ROWS[1].split(","), strict=True))
    values[field] = "  "
    root = corpus(tmp_path, [HEADER, ROWS[0], ",".join(values.values())])
    with raises(rf"row 2, field '{field}': empty value"):
        load_letters(root)


def test_other_values_may_be_empty(tmp_path: Path) -> None:
    row = "navo,navo.txt,,,,,,Veldkamp"
    df = load_letters(corpus(tmp_path, [HEADER, ROWS[0], row]))
    assert df.loc[1, "title"] == "" and df["period"].tolist() == ["Veldkamp", "Veldkamp"]
