"""Token tables as Parquet datasets: one file per partition, read back as one table.

:func:`write_partition` writes a token table (:func:`discourse.tokens`) as one Parquet
file with the pipeline in its metadata; :func:`read_tokens` reads a folder of such files
(written by :func:`discourse.parse_corpus`) back as the ordinary token table: the same
rows, values and dtypes as ``tokens()`` on the same input, ``attrs["pipeline"]``
included, so :func:`discourse.keyness`, :func:`discourse.collocations` and the rest run
on it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from discourse._validate import Instance, Options, validate_params
from discourse.errors import CorpusError
from discourse.nlp.cache import write_parquet_atomic
from discourse.nlp.categoricals import sorted_categorical
from discourse.nlp.schema import COLUMNS, STRING_COLUMNS

__all__ = ["dataset_files", "dataset_pipeline", "read_tokens", "write_partition"]

_PIPELINE_KEY = b"discourse_pipeline"
#: Columns whose categories :func:`read_tokens` sorts, as :func:`discourse.tokens` does.
_SORTED = ("doc_id", "seg_id", *STRING_COLUMNS)


def _arrow_schema(df: pd.DataFrame) -> pa.Schema:
    """Fixed Arrow types (int32 dictionary indices everywhere) so partitions agree."""
    fields = []
    for name in df.columns:
        dtype = df[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            typ: pa.DataType = pa.dictionary(pa.int32(), pa.string(), ordered=dtype.ordered)
        elif str(dtype).startswith("datetime64"):
            typ = pa.timestamp("ns")
        else:
            typ = pa.from_numpy_dtype(dtype)
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def write_partition(df: pd.DataFrame, path: Path) -> None:
    """Write a token table as one Parquet file of a dataset (pipeline in the metadata)."""
    table = pa.Table.from_pandas(df, schema=_arrow_schema(df), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_PIPELINE_KEY] = json.dumps(df.attrs["pipeline"]).encode()
    write_parquet_atomic(table.replace_schema_metadata(meta), path)


def dataset_files(path: str | os.PathLike) -> list[Path]:
    """The Parquet files of a dataset folder written by :func:`parse_corpus` (or ``[path]``)."""
    path = Path(path)
    if path.is_file():
        return [path]
    files = sorted(p for p in path.glob("*.parquet") if not p.name.startswith("."))
    if not files:
        raise CorpusError(f"{path}: no Parquet files found")
    return files


def dataset_pipeline(files: Sequence[Path]) -> dict[str, str]:
    """The one pipeline recorded in the files' metadata (an error if none or several)."""
    seen = {}
    for f in files:
        meta = pq.read_schema(f).metadata or {}
        if _PIPELINE_KEY not in meta:
            raise CorpusError(f"{f}: not a discourse token table (no pipeline metadata)")
        seen[meta[_PIPELINE_KEY]] = f
    if len(seen) > 1:
        raise CorpusError(
            f"{files[0].parent}: files parsed with different pipelines: "
            f"{[json.loads(k) for k in seen]}"
        )
    return json.loads(next(iter(seen)))


@validate_params(
    path=Instance(str, os.PathLike, label="a dataset folder or Parquet file (str or path)"),
    columns=Options(*COLUMNS, many=True, none=True, none_label="all columns"),
)
def read_tokens(
    path: str | os.PathLike, *, columns: str | Sequence[str] | None = None
) -> pd.DataFrame:
    """Read a token table written by :func:`discourse.parse_corpus` (a folder or one file).

    Parameters
    ----------
    path : path or ParsedCorpus
        The dataset folder (or a single Parquet file of it).
    columns : str or list of str, optional
        Read only these columns of the token table (the rest is never loaded).

    Returns
    -------
    DataFrame
        The token table with the dtypes of :func:`discourse.tokens` (string columns as
        categoricals with sorted categories, metadata categoricals as written) and
        ``attrs["pipeline"]``; rows in partition order.

    Raises
    ------
    CorpusError
        When an argument is not valid, the folder holds no Parquet files, or a file is
        not a token table of one pipeline.
    """
    files = dataset_files(path)
    info = dataset_pipeline(files)
    cols = [columns] if isinstance(columns, str) else columns
    tables = [pq.ParquetFile(f).read(columns=None if cols is None else list(cols)) for f in files]
    table = pa.concat_tables(tables)
    data: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name)
        if name in _SORTED:
            data[name] = sorted_categorical(column)
        elif pa.types.is_dictionary(column.type):
            data[name] = _as_written(column)
        else:
            data[name] = column.to_pandas()
    out = pd.DataFrame(data, copy=False)
    out.attrs["pipeline"] = info
    return out


def _as_written(column: pa.ChunkedArray) -> pd.Categorical:
    """A dictionary column as a categorical with the categories (and order) as written."""
    ordered = column.type.ordered
    unified = column.unify_dictionaries()
    dictionary = unified.chunk(0).dictionary if unified.num_chunks else pa.array([], pa.string())
    indices = (
        np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in unified.chunks])
        if unified.num_chunks
        else np.zeros(0, np.int32)
    )
    codes = np.where(pd.isna(indices), -1, indices).astype(np.int32)
    return pd.Categorical.from_codes(
        codes, dtype=pd.CategoricalDtype(pd.Index(dictionary, dtype="str"), ordered)
    )
