"""Column types and text cells of exported results (the codec of :mod:`~discourse.analysis.export`).

A table is written as text cells plus a header: ``attrs`` and, per column, its dtype and
how its cells are written (:func:`schema_of`); :func:`from_header` turns the cells read
back into the same columns (:func:`column_of`) and ``attrs``.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "cell_text",
    "from_header",
    "header_json",
    "kind_of",
    "missing",
    "plain",
    "text_cells",
    "text_frame",
]


def kind_of(col: pd.Series) -> str:
    """How the cells of ``col`` are written: number, bool, date, text, json or tuple."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "category"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_numeric_dtype(dtype):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "date"
    cells = [v for v in col.tolist() if not missing(v)]
    if all(isinstance(v, str) for v in cells):
        return "text"
    if cells and all(isinstance(v, tuple) for v in cells):
        return "tuple"
    return "json"


def missing(value: Any) -> bool:
    if value is None or isinstance(value, (list, tuple, dict, np.ndarray)):
        return value is None
    return bool(pd.isna(value))


def schema_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The type of every column, enough to restore it from text cells."""
    out = []
    for name in df.columns:
        col = df[name]
        entry: dict[str, Any] = {"name": str(name), "dtype": str(col.dtype), "kind": kind_of(col)}
        if entry["kind"] == "category":
            entry["categories"] = [plain(c) for c in col.cat.categories]
            entry["ordered"] = bool(col.cat.ordered)
        empty = [i for i, v in enumerate(col.tolist()) if isinstance(v, str) and v == ""]
        if empty:
            entry["empty"] = empty
        out.append(entry)
    return out


def plain(value: Any) -> Any:
    """A JSON value for a category or cell (numpy scalars as Python ones)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def cell_text(value: Any, kind: str) -> str | None:
    """One cell as text (``None`` for a missing value); floats exactly (``repr``)."""
    if missing(value):
        return None
    if kind in ("json", "tuple"):
        return json.dumps(value, ensure_ascii=False, default=plain)
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(plain(value))


def cell_value(text: str, kind: str, dtype: str) -> Any:
    """The value of one non-empty cell read as text."""
    if kind == "json":
        return json.loads(text)
    if kind == "tuple":
        return tuple(json.loads(text))
    if kind == "bool":
        return text in ("True", "true", "1")
    if kind == "number":
        return (
            float(text) if "float" in dtype.lower() else int(float(text) if "e" in text else text)
        )
    return text


def restore(df: pd.DataFrame, schema: list[dict[str, Any]]) -> pd.DataFrame:
    """``df`` read from a file, each column given back the type its ``schema`` entry says."""
    cols = {}
    for i, entry in enumerate(schema):
        raw = df.iloc[:, i].tolist()
        cols[entry["name"]] = column_of(raw, entry)
    out = pd.DataFrame(cols, index=pd.RangeIndex(len(df)))
    return out


def column_of(raw: list[Any], entry: dict[str, Any]) -> pd.Series:
    kind, dtype = entry["kind"], entry["dtype"]
    if kind == "category":
        by_text = {str(c): c for c in entry["categories"]}
        by_value = {c: c for c in entry["categories"]}  # 2018.0 finds 2018
        values = [
            None if missing(v) else by_text[v] if isinstance(v, str) else by_value[plain(v)]
            for v in raw
        ]
        cat = pd.CategoricalDtype(entry["categories"], ordered=entry["ordered"])
        return pd.Series(values, dtype=cat)
    values = [
        None if missing(v) else v if not isinstance(v, str) else cell_value(v, kind, dtype)
        for v in raw
    ]
    if kind == "tuple":
        values = [tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else v for v in values]
    if kind in ("json", "tuple"):
        values = [v.tolist() if isinstance(v, np.ndarray) else v for v in values]
    for i in entry.get("empty", []):
        values[i] = ""
    if kind == "date":
        return pd.Series(pd.to_datetime(values)).astype(dtype)
    if kind in ("json", "tuple"):
        series = pd.Series(np.empty(len(values), dtype=object))
        series[:] = values if values else []
        return series
    if dtype == "object":
        return pd.Series(values, dtype=object)
    return pd.Series(values).astype(dtype)


def header_of(df: pd.DataFrame) -> dict[str, Any]:
    return {"attrs": df.attrs, "columns": schema_of(df)}


def header_json(df: pd.DataFrame) -> str:
    return json.dumps(header_of(df), ensure_ascii=False, default=plain)


def text_cells(df: pd.DataFrame) -> list[list[str | None]]:
    """The table as text cells, row by row (``None``: missing)."""
    kinds = [kind_of(df[c]) for c in df.columns]
    columns = [
        [cell_text(v, k) for v in df[c].tolist()] for c, k in zip(df.columns, kinds, strict=True)
    ]
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def from_header(frame: pd.DataFrame, header: dict[str, Any]) -> pd.DataFrame:
    """The table of text cells ``frame`` read from a file, with the types and ``attrs`` of
    its ``header``."""
    out = restore(frame, header["columns"])
    out.attrs = header["attrs"]
    return out


def text_frame(rows: list[list[Any]], n_cols: int) -> pd.DataFrame:
    return (
        pd.DataFrame(rows, columns=range(n_cols), dtype=object)
        if rows
        else pd.DataFrame(np.empty((0, n_cols), dtype=object))
    )
