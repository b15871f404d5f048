"""Results out with their provenance: CSV, Excel, LaTeX and Parquet, read back exactly.

:func:`export` writes a result table (any DataFrame an analysis returns) with its
``attrs`` (pipeline, parameters, documents per group: :mod:`discourse.provenance`), and
:func:`read_result` reads such a file back with the same values, dtypes and ``attrs``:

* ``.csv`` — UTF-8; ``#`` comment lines first: ``# provenance: <line>`` (for readers) and
  ``# discourse-result: <JSON>`` (``attrs`` and the column types). ``pandas.read_csv(path,
  comment="#")`` reads the table (as long as no text cell starts with ``#``);
* ``.xlsx`` — sheet "result" (the table) and sheet "provenance" (the line, ``attrs`` as
  JSON, the column types), via openpyxl;
* ``.tex`` — a booktabs ``table`` whose caption is the provenance line, the JSON in a
  ``%`` comment line above it;
* ``.parquet`` — the table (lists as Arrow lists, categories as dictionaries) with the
  JSON in the schema metadata (key ``discourse``).

Column types restored: numbers (``int64``, ``float64``, nullable ``Int64``/``Float64``),
booleans, text (``object`` and ``str``), categoricals (categories and order), dates, and
object columns of lists or tuples (JSON in the text formats). An empty cell is a missing
value; empty strings are recorded in the column types so they come back as ``""``. The
index is not written (results are tidy tables with a plain index).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._validate import Instance, Table, validate_params
from discourse.analysis.export_cells import (
    cell_text,
    from_header,
    header_json,
    kind_of,
    missing,
    plain,
    text_cells,
    text_frame,
)
from discourse.errors import CorpusError
from discourse.provenance import provenance

__all__ = ["FORMATS", "export", "export_bytes", "read_result"]

#: File suffixes :func:`export` writes and :func:`read_result` reads.
FORMATS = (".csv", ".xlsx", ".tex", ".parquet")
KEY = "discourse-result"  #: the name of the JSON header (CSV/LaTeX comment, Parquet key)
_CHUNK = 30_000  #: characters per Excel cell of the JSON header (the cell limit is 32,767)


# --- CSV -------------------------------------------------------------------------------------


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    buf.write(f"# provenance: {provenance(df)}\n# {KEY}: {header_json(df)}\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([str(c) for c in df.columns])
    writer.writerows(["" if v is None else v for v in row] for row in text_cells(df))
    return buf.getvalue().encode("utf-8")


def _read_csv(path: Path) -> pd.DataFrame:
    header, rows = None, []
    with path.open(encoding="utf-8", newline="") as handle:
        lines = iter(handle)
        for line in lines:
            if not line.startswith("#"):
                break
            if line.startswith(f"# {KEY}: "):
                header = json.loads(line[len(KEY) + 4 :])
        else:
            line = ""
        reader = csv.reader([line, *lines])
        next(reader, None)  # the column names
        rows = [[v if v != "" else None for v in row] for row in reader]
    return from_header(text_frame(rows, len(_needed(header, path)["columns"])), header)


def _needed(header: dict[str, Any] | None, path: Path) -> dict[str, Any]:
    if header is None:
        raise CorpusError(
            f"{path}: no '{KEY}' header; read_result reads files written by export() "
            "(for other files use pandas)"
        )
    return header


# --- Excel -----------------------------------------------------------------------------------


def _xlsx_bytes(df: pd.DataFrame) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "result"
    sheet.append([str(c) for c in df.columns])
    kinds = [kind_of(df[c]) for c in df.columns]
    for row in df.itertuples(index=False, name=None):
        sheet.append([_xlsx_value(v, k) for v, k in zip(row, kinds, strict=True)])
    info = book.create_sheet("provenance")
    info.append(["provenance", provenance(df)])
    text = header_json(df)
    for i in range(0, max(len(text), 1), _CHUNK):
        info.append([KEY, text[i : i + _CHUNK]])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _xlsx_value(value: Any, kind: str) -> Any:
    """A cell for Excel: numbers and booleans as such (infinities as text), the rest as text."""
    if missing(value):
        return None
    if kind in ("number", "bool") and not isinstance(value, str):
        value = plain(value)
        return value if not isinstance(value, float) or np.isfinite(value) else repr(value)
    return cell_text(value, kind)


def _read_xlsx(path: Path) -> pd.DataFrame:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    if "provenance" not in book.sheetnames or "result" not in book.sheetnames:
        book.close()
        raise CorpusError(f"{path}: no sheets 'result' and 'provenance'; not written by export()")
    parts = [r[1] or "" for r in book["provenance"].iter_rows(values_only=True) if r[0] == KEY]
    header = _needed(json.loads("".join(parts)) if parts else None, path)
    rows = [list(r) for r in book["result"].iter_rows(values_only=True)][1:]
    book.close()
    n_cols = len(header["columns"])
    rows = [(row + [None] * n_cols)[:n_cols] for row in rows]
    return from_header(text_frame(rows, n_cols), header)


# --- LaTeX -----------------------------------------------------------------------------------

_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "\n": r"\newline{}",
}
_UNLATEX = {v: k for k, v in _LATEX.items()}
_LATEX_RE = re.compile("|".join(map(re.escape, _LATEX)))
_UNLATEX_RE = re.compile("|".join(map(re.escape, sorted(_UNLATEX, key=len, reverse=True))))


def latex_escape(text: str) -> str:
    """``text`` with LaTeX's special characters escaped (read back by :func:`latex_unescape`)."""
    return _LATEX_RE.sub(lambda m: _LATEX[m.group(0)], text)


def latex_unescape(text: str) -> str:
    return _UNLATEX_RE.sub(lambda m: _UNLATEX[m.group(0)], text)


def _tex_bytes(df: pd.DataFrame) -> bytes:
    kinds = [kind_of(df[c]) for c in df.columns]
    align = "".join("r" if k == "number" else "l" for k in kinds)

    def row(cells: list[str | None]) -> str:
        return " & ".join("" if v is None else latex_escape(v) or "{}" for v in cells) + r" \\"

    lines = [
        f"% {KEY}: {header_json(df)}",
        r"% needs \usepackage{booktabs}",
        r"\begin{table}[htbp]",
        r"\centering",
        f"\\caption{{{latex_escape(provenance(df))}}}",
        f"\\begin{{tabular}}{{{align}}}",
        r"\toprule",
        row([str(c) for c in df.columns]),
        r"\midrule",
        *(row(cells) for cells in text_cells(df)),
        r"\bottomrule",
        r"\end{tabular}",
        r"\end{table}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _read_tex(path: Path) -> pd.DataFrame:
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [ln for ln in lines if ln.startswith(f"% {KEY}: ")]
    header = _needed(json.loads(found[0][len(KEY) + 4 :]) if found else None, path)
    body = lines[lines.index(r"\midrule") + 1 : lines.index(r"\bottomrule")]
    rows = []
    for line in body:
        cells = re.split(r"(?<!\\) & ", line.removesuffix(r" \\"))
        rows.append([None if c == "" else "" if c == "{}" else latex_unescape(c) for c in cells])
    return from_header(text_frame(rows, len(header["columns"])), header)


# --- Parquet ---------------------------------------------------------------------------------


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = df.copy()
    frame.attrs = {}
    for c in frame.columns:  # lists and tuples stay Arrow lists; mixed objects become JSON
        kind = kind_of(frame[c])
        if kind == "tuple":
            frame[c] = [None if missing(v) else list(v) for v in frame[c]]
        elif kind == "json":
            frame[c] = [cell_text(v, "json") for v in frame[c]]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[KEY.encode()] = header_json(df).encode("utf-8")
    buf = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), buf)
    return buf.getvalue()


def _read_parquet(path: Path) -> pd.DataFrame:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    raw = (table.schema.metadata or {}).get(KEY.encode())
    header = _needed(json.loads(raw) if raw else None, path)
    frame = table.to_pandas()
    return from_header(frame, header)


# --- public ----------------------------------------------------------------------------------

_WRITERS = {".csv": _csv_bytes, ".xlsx": _xlsx_bytes, ".tex": _tex_bytes}
_WRITERS[".parquet"] = _parquet_bytes
_READERS = {".csv": _read_csv, ".xlsx": _read_xlsx, ".tex": _read_tex, ".parquet": _read_parquet}


def _suffix(path: str | Path, func: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise CorpusError(
            f"{func}(): path {str(path)!r} has suffix {suffix or '(none)'!r}; "
            f"allowed: {', '.join(FORMATS)}"
        )
    return suffix


def export_bytes(result: pd.DataFrame, suffix: str) -> bytes:
    """The file :func:`export` writes for ``suffix`` (one of :data:`FORMATS`), as bytes."""
    return _WRITERS[_suffix(f"result{suffix}", "export")](result)


@validate_params(
    result=Table(),
    path=Instance(str, Path, label="a file path ending .csv, .xlsx, .tex or .parquet"),
)
def export(result: pd.DataFrame, path: str | Path) -> Path:
    """Write a result table with its provenance; the format follows the suffix of ``path``.

    Parameters
    ----------
    result : DataFrame
        Any result of the package (its ``attrs`` hold the pipeline, the parameters and the
        documents per group) or another table.
    path : str or Path
        Ends with ``.csv`` (``#`` comment lines: the provenance line and a JSON header),
        ``.xlsx`` (sheets "result" and "provenance"), ``.tex`` (a booktabs table whose
        caption is the provenance line; needs ``\\usepackage{booktabs}``) or ``.parquet``
        (the JSON in the schema metadata). The folder must exist.

    Returns
    -------
    Path
        The file written; :func:`read_result` reads it back with the same values, dtypes
        (numbers, nullable integers, booleans, text, categoricals, dates, lists) and
        ``attrs``.

    Raises
    ------
    CorpusError
        A suffix other than those allowed, or a folder that does not exist.

    Examples
    --------
    >>> export(dc.keyness(toks, by="period"), "keyness.xlsx")  # doctest: +SKIP
    """
    suffix = _suffix(path, "export")
    path = Path(path)
    if not path.parent.is_dir():
        raise CorpusError(f"export(): folder {str(path.parent)!r} does not exist; create it first")
    path.write_bytes(_WRITERS[suffix](result))
    return path


@validate_params(path=Instance(str, Path, label="a file written by export()"))
def read_result(path: str | Path) -> pd.DataFrame:
    """Read a table written by :func:`export`, with its dtypes and ``attrs`` restored.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.xlsx``, ``.tex`` or ``.parquet`` file written by :func:`export`.

    Returns
    -------
    DataFrame
        Equal to the exported table (values, dtypes, column order; a plain index), with
        ``attrs`` equal to the exported ``attrs`` (as JSON holds them: tuples become lists).

    Raises
    ------
    CorpusError
        A bad suffix, a missing file, or a file without the header :func:`export` writes.
    """
    suffix = _suffix(path, "read_result")
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"read_result(): no file {str(path)!r}")
    return _READERS[suffix](path)
