"""The one place that writes figures: :func:`save_figure`.

Figures are written deterministically, so a re-run with the same inputs and pipeline gives
byte-identical files: no software/date metadata in PNG/PDF, a fixed SVG hash salt, and a
fixed DPI. ``MANIFEST.csv`` in the figure folder records each file, the notebook (or
caller) that made it, the pipeline and a SHA-256 checksum; rows of other files, and any
extra columns, are kept as they are.

The default folder is :func:`discourse.paths.figures_dir` (``build/figures/`` of a
checkout): only ``make figures`` writes the committed ``figures/``.
"""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from discourse._validate import Instance, Interval, Options, validate_params
from discourse.errors import CorpusError
from discourse.paths import figures_dir
from discourse.provenance import pipeline_label

MANIFEST = "MANIFEST.csv"
_FIELDS = ["file", "source", "pipeline", "sha256"]
_METADATA = {
    "png": {"Software": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
    "svg": {"Creator": None, "Date": None},
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@validate_params(
    fig=Instance(Figure, label="a matplotlib Figure"),
    name=Instance(str, label="a file stem"),
    source=Instance(str, none=True, none_label="$DISCOURSE_NOTEBOOK"),
    pipeline=Instance(str, pd.DataFrame, label="a pipeline label or a table carrying one"),
    formats=Options("png", "svg", "pdf", many=True),
    dpi=Interval(int, 1),
    folder=Instance(str, os.PathLike, none=True, none_label="figures/"),
)
def save_figure(
    fig: Figure,
    name: str,
    *,
    source: str | None = None,
    pipeline: str | pd.DataFrame = "",
    formats: tuple[str, ...] = ("png",),
    dpi: int = 150,
    folder: str | os.PathLike | None = None,
) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.<fmt>`` for each format and update the manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem, e.g. ``"keyness_veldkamp"``.
    source : str, optional
        What made the figure (the notebook name). If unset: ``$DISCOURSE_NOTEBOOK`` (set by
        ``tools/run_notebooks.py``), else the notebook JupyterLab runs the kernel for
        (``$JPY_SESSION_NAME``), else the source already in the manifest for this file.
    pipeline : str or pandas.DataFrame
        Pipeline label, e.g. ``"frog 0.20+adapter1"``, or any table carrying
        ``attrs["pipeline"]`` (a token table or an analysis result), whose
        :func:`discourse.provenance.pipeline_label` is used.
    formats : str or tuple of str
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    dpi : int
    folder : path, optional
        Defaults to :func:`discourse.paths.figures_dir` (``$DISCOURSE_FIGURES``, else
        ``build/figures/`` of the checkout).

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    formats = (formats,) if isinstance(formats, str) else tuple(formats)
    out_dir = Path(folder) if folder is not None else figures_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    source = source or _running_notebook()
    if isinstance(pipeline, pd.DataFrame):
        pipeline = pipeline_label(pipeline)
    written = []
    with mpl.rc_context({"svg.hashsalt": "discourse", "svg.fonttype": "path"}):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            tmp = path.with_suffix(f".tmp.{fmt}")
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_METADATA.get(fmt), bbox_inches="tight")
            os.replace(tmp, path)
            written.append(path)
    _update_manifest(out_dir, written, source=source, pipeline=pipeline)
    return written


def _running_notebook() -> str:
    """The notebook's file name from the environment (``""`` when unknown)."""
    name = os.environ.get("DISCOURSE_NOTEBOOK") or os.environ.get("JPY_SESSION_NAME", "")
    return Path(name).name if name else ""


def _read_manifest(manifest: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Columns and rows (by file) of an existing manifest; a CorpusError if unreadable."""
    if not manifest.exists():
        return list(_FIELDS), {}
    with manifest.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        if "file" not in columns:
            raise CorpusError(
                f"{manifest}: header {columns} has no 'file' column; a figure manifest has "
                f"the columns {_FIELDS} (delete the file to start a new one)"
            )
        rows = {}
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise CorpusError(
                    f"{manifest}, line {line}: {len(columns) + len(row[None])} fields, "
                    f"the header has {len(columns)} ({columns})"
                )
            rows[row["file"]] = row
    return [*_FIELDS, *(c for c in columns if c not in _FIELDS)], rows


def _update_manifest(out_dir: Path, paths: list[Path], *, source: str, pipeline: str) -> None:
    manifest = out_dir / MANIFEST
    columns, rows = _read_manifest(manifest)
    for path in paths:
        old = rows.get(path.name, {})
        rows[path.name] = {
            **old,
            "file": path.name,
            "source": source or old.get("source") or "",
            "pipeline": pipeline,
            "sha256": _sha256(path),
        }
    tmp = manifest.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns, restval="", lineterminator="\n")
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow(rows[key])
    os.replace(tmp, manifest)
