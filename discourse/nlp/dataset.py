"""Token tables as Parquet datasets: one file per partition, read back as one table.

:func:`write_partition` writes a token table (:func:`discourse.tokens`) as one Parquet
file with the pipeline in its metadata and returns the part's manifest entry;
:func:`write_manifest` writes the dataset's manifest :data:`MANIFEST` (pipeline, and per
part file its documents, rows, bytes and SHA-256), which also marks the folder as written
by :func:`discourse.parse_corpus`. :func:`read_tokens` reads a folder of such files back
as the ordinary token table: the same rows, values and dtypes as ``tokens()`` on the same
input, ``attrs["pipeline"]`` included, so :func:`discourse.keyness`,
:func:`discourse.collocations` and the rest run on it. It first checks the folder against
the manifest (:func:`dataset_files`): a missing, extra, duplicated or changed part file is
a :class:`~discourse.errors.CorpusError`, never fewer or doubled rows. Hashing costs about
a second per GB (SHA-256), less than reading the Parquet files. The output folder rules of
``parse_corpus`` (a new, empty or own folder only; replaced whole) are in :mod:`.outfolder`.
"""

from __future__ import annotations

import hashlib
import json
import os
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from discourse._validate import Instance, Options, validate_params
from discourse.errors import CorpusError
from discourse.nlp.atomic import write_atomic
from discourse.nlp.categoricals import sorted_categorical
from discourse.nlp.schema import COLUMNS, STRING_COLUMNS

__all__ = [
    "MANIFEST",
    "dataset_files",
    "dataset_pipeline",
    "read_manifest",
    "read_tokens",
    "write_manifest",
    "write_partition",
]

#: The manifest of a dataset folder; its presence marks a folder written by parse_corpus.
MANIFEST = "_discourse_dataset.json"
_FORMAT = "discourse token dataset"
_PIPELINE_KEY = b"discourse_pipeline"
_DTYPES_KEY = b"discourse_dtypes"  # pandas dtypes of plain (non-categorical) string columns
_PART_KEYS = {"file": str, "n_rows": int, "bytes": int, "sha256": str, "documents": list}
#: Columns whose categories :func:`read_tokens` sorts, as :func:`discourse.tokens` does.
_SORTED = ("doc_id", "seg_id", *STRING_COLUMNS)


def _is_string(dtype: Any) -> bool:
    return isinstance(dtype, pd.StringDtype) or pd.api.types.is_object_dtype(dtype)


def _arrow_schema(df: pd.DataFrame) -> pa.Schema:
    """Fixed Arrow types (int32 dictionary indices everywhere) so partitions agree."""
    fields = []
    for name in df.columns:
        dtype = df[name].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            typ: pa.DataType = pa.dictionary(pa.int32(), pa.string(), ordered=dtype.ordered)
        elif str(dtype).startswith("datetime64"):
            typ = pa.timestamp("ns")
        elif _is_string(dtype):  # pandas 3 "str", StringDtype, object (strings)
            typ = pa.string()
        else:
            typ = pa.from_numpy_dtype(dtype)
        fields.append(pa.field(name, typ))
    return pa.schema(fields)


def arrow_table(df: pd.DataFrame) -> pa.Table:
    """``df`` as an Arrow table of a dataset part; string dtypes are recorded to restore."""
    table = pa.Table.from_pandas(df, schema=_arrow_schema(df), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_DTYPES_KEY] = json.dumps(
        {c: str(t) for c, t in df.dtypes.items() if _is_string(t)}
    ).encode()
    return table.replace_schema_metadata(meta)


def write_partition(df: pd.DataFrame, path: Path) -> dict[str, Any]:
    """Write a token table as one Parquet file of a dataset; its manifest entry.

    The file is written to a hidden temporary file in ``path``'s folder (which must exist)
    and renamed. Returns ``{"file", "n_rows", "bytes", "sha256", "documents"}``.
    """
    table = arrow_table(df)
    meta = dict(table.schema.metadata)
    meta[_PIPELINE_KEY] = json.dumps(df.attrs["pipeline"]).encode()
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(meta), sink)
    data = sink.getvalue().to_pybytes()
    write_atomic(path, data)
    return {
        "file": path.name,
        "n_rows": len(df),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "documents": [str(d) for d in pd.unique(df["doc_id"].astype(str))],
    }


def write_manifest(folder: Path, parts: Sequence[dict[str, Any]], pipeline: dict) -> None:
    """Write the manifest :data:`MANIFEST` of the dataset ``folder`` (parts in order)."""
    manifest = {
        "format": _FORMAT,
        "version": 1,
        "pipeline": pipeline,
        "n_docs": sum(len(p["documents"]) for p in parts),
        "n_rows": sum(p["n_rows"] for p in parts),
        "parts": list(parts),
    }
    write_atomic(folder / MANIFEST, json.dumps(manifest, indent=1).encode())


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder`` (``None`` when there is none); a bad one is an error."""
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        ok = manifest.get("format") == _FORMAT and all(
            isinstance(p.get(k), t) for p in manifest["parts"] for k, t in _PART_KEYS.items()
        )
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise CorpusError(
            f"{path}: not a valid manifest of a discourse token dataset; re-run parse_corpus"
        )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_part(path: Path, entry: dict[str, Any]) -> None:
    """``path`` is the part file of the manifest ``entry``, unchanged since written."""
    size = path.stat().st_size
    if size != entry["bytes"]:
        why = f"{size} bytes, written as {entry['bytes']}"
    elif _sha256(path) != entry["sha256"]:
        why = "its SHA-256 checksum differs"
    else:
        return
    raise CorpusError(
        f"{path.parent}: {path.name} has changed since parse_corpus wrote it ({why}); "
        "re-run parse_corpus"
    )


def _verified(folder: Path, manifest: dict[str, Any], files: list[Path]) -> list[Path]:
    """The part files of ``folder`` in manifest order, checked against the manifest."""
    listed = {p["file"]: p for p in manifest["parts"]}
    for name, entry in listed.items():
        if not (folder / name).is_file():
            raise CorpusError(
                f"{folder}: {name} is missing (documents {entry['documents']}, "
                f"{entry['n_rows']} rows); the dataset is incomplete: re-run parse_corpus"
            )
    for extra in [f for f in files if f.name not in listed]:
        digest = _sha256(extra)
        copy = [n for n, p in listed.items() if p["sha256"] == digest]
        raise CorpusError(
            f"{folder}: {extra.name!r} is not a part of the dataset"
            + (f" (a copy of {copy[0]})" if copy else "")
            + f"; the manifest {MANIFEST} lists {len(listed)} parts and reading it would add "
            "or double rows: move it out of the folder"
        )
    seen: dict[str, str] = {}
    for name, entry in listed.items():
        for doc in entry["documents"]:
            if seen.setdefault(doc, name) != name:
                raise CorpusError(
                    f"{folder / MANIFEST}: document {doc!r} is in {seen[doc]} and {name}"
                )
        _check_part(folder / name, entry)
    return [folder / name for name in listed]


def dataset_files(path: str | os.PathLike) -> list[Path]:
    """The Parquet files of a dataset folder written by :func:`parse_corpus` (or ``[path]``).

    They are checked against the folder's manifest (for one file: that file's entry).
    A folder without a manifest (written before manifests existed) is read with a
    ``UserWarning`` that nothing could be checked.
    """
    path = Path(path)
    if path.is_file():
        manifest = read_manifest(path.parent)
        if manifest is not None:
            entry = {p["file"]: p for p in manifest["parts"]}.get(path.name)
            if entry is None:
                raise CorpusError(f"{path}: not a part of the dataset ({MANIFEST})")
            _check_part(path, entry)
        return [path]
    files = sorted(p for p in path.glob("*.parquet") if not p.name.startswith("."))
    manifest = read_manifest(path) if path.is_dir() else None
    if manifest is not None:
        return _verified(path, manifest, files)
    if not files:
        raise CorpusError(f"{path}: no Parquet files found")
    warnings.warn(
        f"{path}: no manifest ({MANIFEST}), so read_tokens cannot check that no part file "
        "is missing, duplicated or changed; re-run parse_corpus to write a dataset with one",
        UserWarning,
        stacklevel=4,
    )
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
        When an argument is not valid, the folder holds no Parquet files, a file is not a
        token table of one pipeline, or the folder does not match its manifest: a part
        file missing, changed (size or SHA-256), or not listed (an extra or duplicated
        part); the message names the file and what is wrong.

    Warns
    -----
    UserWarning
        When the folder has no manifest (written before manifests existed): it is read,
        but nothing can be checked.
    """
    files = dataset_files(path)
    info = dataset_pipeline(files)
    cols = [columns] if isinstance(columns, str) else columns
    tables = [pq.ParquetFile(f).read(columns=None if cols is None else list(cols)) for f in files]
    table = pa.concat_tables(tables)
    dtypes = json.loads((tables[0].schema.metadata or {}).get(_DTYPES_KEY, b"{}"))
    data: dict[str, Any] = {}
    for name in table.column_names:
        column = table.column(name)
        if name in _SORTED:
            data[name] = sorted_categorical(column)
        elif pa.types.is_dictionary(column.type):
            data[name] = _as_written(column)
        elif name in dtypes:
            data[name] = column.to_pandas().astype(dtypes[name])
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
    # no categories: as tokens() makes an absent metadata column (an object-dtype index)
    categories = pd.Index(dictionary, dtype="str") if len(dictionary) else pd.Index([])
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories, ordered))
