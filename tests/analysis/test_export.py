"""export() / read_result(): every format gives back the values, dtypes and attrs it was given."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from discourse.analysis.collocations import collocations
from discourse.analysis.export import FORMATS, export, export_bytes, read_result
from discourse.analysis.keyness import keyness
from discourse.analysis.kwic import kwic
from discourse.errors import CorpusError
from discourse.provenance import provenance


def _mixed() -> pd.DataFrame:
    """Every column type a result holds, with missing values, empty and special text."""
    df = pd.DataFrame(
        {
            "term": ["asiel", "kabinet & Kamer", "50% {VS}", "", "regel\nnieuw"],
            "period": pd.Categorical(
                ["Schoof", "Rutte IV", None, "Schoof", "Rutte IV"],
                categories=["Rutte IV", "Schoof", "Jetten"],
                ordered=True,
            ),
            "year": pd.Categorical([2018, 2024, 2024, None, 2018]),
            "freq": pd.array([3, None, 12, 0, 7], dtype="Int64"),
            "count": np.array([1, 2, 3, 4, 5], dtype="int64"),
            "log_ratio": [0.1 + 0.2, np.nan, -1.5e-12, 3.0, np.inf],
            "significant": [True, False, True, False, True],
            "offsets": [(-2, -1), (3,), (1, 4, 5), (-5,), (2,)],
            "speaker": ["minister Van Weel", None, "Kamerlid # Dassen", "x_y", "a\\b"],
            "date": pd.to_datetime(["2024-07-02", "2023-01-31", None, "2018-05-17", "2024-10-01"]),
        }
    )
    df.attrs = {
        "pipeline": {"name": "builtin", "version": "1.2"},
        "params": {"terms": ["VS", "Verenigde Staten"], "window": [5, 5], "role": None},
        "documents": {"Rutte IV": 2, "Schoof": 1},
    }
    return df


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_keeps_values_dtypes_and_attrs(tmp_path, suffix):
    df = _mixed()
    path = export(df, tmp_path / f"result{suffix}")
    back = read_result(path)
    pd.testing.assert_frame_equal(back, df)
    assert back.attrs == df.attrs
    assert back["offsets"].tolist() == df["offsets"].tolist()  # tuples, not lists


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip_of_real_results(tmp_path, letter_tokens, suffix):
    toks = letter_tokens()
    results = [
        keyness(toks, by="period", target="Schoof", role=None, min_freq=1),
        collocations(toks, "kabinet", window=3, by="period", role=None),
        kwic(toks, "kabinet", collocate="natuur", window=4, role=None),
    ]
    for i, result in enumerate(results):
        back = read_result(export(result, tmp_path / f"r{i}{suffix}"))
        pd.testing.assert_frame_equal(back, result.reset_index(drop=True))
        assert back.attrs == json.loads(json.dumps(result.attrs))
        assert provenance(back) == provenance(result)


def test_empty_table_round_trips(tmp_path):
    df = _mixed().iloc[:0]
    for suffix in FORMATS:
        back = read_result(export(df, tmp_path / f"empty{suffix}"))
        assert list(back.columns) == list(df.columns) and back.empty
        assert back.attrs == df.attrs


def test_csv_reads_as_plain_csv_with_comment_lines(tmp_path):
    df = _mixed()
    path = export(df, tmp_path / "k.csv")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# provenance: {provenance(df)}"
    plain = pd.read_csv(path, comment="#")
    assert list(plain.columns) == list(df.columns) and len(plain) == len(df)


def test_xlsx_has_a_provenance_sheet(tmp_path):
    df = _mixed()
    book = load_workbook(export(df, tmp_path / "k.xlsx"))
    assert book.sheetnames == ["result", "provenance"]
    assert book["provenance"]["A1"].value == "provenance"
    assert book["provenance"]["B1"].value == provenance(df)
    assert book["result"]["D2"].value == 3  # numbers stay numbers for Excel users


def test_latex_is_a_booktabs_table_captioned_with_the_provenance(tmp_path):
    df = _mixed()
    tex = export(df, tmp_path / "k.tex").read_text(encoding="utf-8")
    for part in (r"\toprule", r"\midrule", r"\bottomrule", r"\begin{tabular}{lllrrrllll}"):
        assert part in tex
    assert r"\caption{pipeline: builtin 1.2" in tex
    assert r"kabinet \& Kamer" in tex and r"50\% \{VS\}" in tex


def test_parquet_keeps_lists_as_arrow_lists(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(export(_mixed(), tmp_path / "k.parquet"))
    assert pa.types.is_list(table.schema.field("offsets").type)
    assert b"discourse-result" in table.schema.metadata


def test_export_bytes_is_the_file(tmp_path):
    df = _mixed()
    assert export_bytes(df, ".csv") == export(df, tmp_path / "a.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(export_bytes(df, ".csv").decode())))
    assert rows[2][0] == "term"


@pytest.mark.parametrize("name", ["result.xls", "result", "result.json"])
def test_a_bad_suffix_names_the_allowed_ones(tmp_path, name):
    with pytest.raises(CorpusError, match=r"allowed: \.csv, \.xlsx, \.tex, \.parquet"):
        export(_mixed(), tmp_path / name)
    with pytest.raises(CorpusError, match="allowed"):
        read_result(tmp_path / name)


def test_missing_folder_file_and_header_are_errors(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        export(_mixed(), tmp_path / "nope" / "k.csv")
    with pytest.raises(CorpusError, match="no file"):
        read_result(tmp_path / "k.csv")
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "other.csv", index=False)
    with pytest.raises(CorpusError, match="discourse-result"):
        read_result(tmp_path / "other.csv")
