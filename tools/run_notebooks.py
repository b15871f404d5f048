"""Execute every numbered notebook headless and regenerate ``figures/``.

Usage::

    python tools/run_notebooks.py [--figures DIR] [--out DIR] [-p NAME VALUE] [NOTEBOOK ...]

Notebooks ``notebooks/NN_*.ipynb`` are executed in order with papermill (their cell
tagged ``parameters`` can be overridden with ``-p name value``). Executed copies go to
``build/notebooks/`` (not committed: the committed notebooks carry no outputs, so diffs
stay reviewable).

Only the full run with the notebooks' own parameters (``make figures``: no NOTEBOOK, no
``-p``) writes the committed ``figures/``; it empties the folder first, so ``figures/``
and its ``MANIFEST.csv`` hold exactly what the notebooks make. Any other run writes to
``build/figures/`` unless ``--figures`` says otherwise.

At the end every figure made is compared with the committed ``figures/MANIFEST.csv`` (as
in git ``HEAD``, else as it was on disk before the run) and the result printed:
``23/23 figures identical to the committed ones``, or each figure that differs and why
(new, missing, made with another pipeline, checksum). Differences are not errors (a new
corpus or Frog version makes new figures): the exit status is non-zero only when a
notebook fails or a manifest cannot be read.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
SCRATCH_FIGURES = ROOT / "build" / "figures"
MANIFEST = "MANIFEST.csv"


def notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def run(
    paths: list[Path],
    *,
    figures: Path,
    out: Path,
    parameters: dict | None = None,
    clean: bool = True,
) -> None:
    import papermill  # the notebooks extra: imported here, so tests can read this module

    figures.mkdir(parents=True, exist_ok=True)
    if clean:
        for f in figures.iterdir():
            if f.is_file() and f.name != ".gitkeep":
                f.unlink()
    out.mkdir(parents=True, exist_ok=True)
    saved = {
        k: os.environ.get(k) for k in ("DISCOURSE_FIGURES", "DISCOURSE_NOTEBOOK", "MPLBACKEND")
    }
    os.environ["DISCOURSE_FIGURES"] = str(figures)
    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        for nb in paths:
            os.environ["DISCOURSE_NOTEBOOK"] = nb.name
            start = time.perf_counter()
            print(f"executing {nb.relative_to(ROOT)} ...", flush=True)
            papermill.execute_notebook(
                str(nb),
                str(out / nb.name),
                parameters=parameters or {},
                cwd=str(NOTEBOOKS),
                kernel_name="python3",
                language="python",
                progress_bar=False,
                log_output=False,
            )
            print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
    finally:  # the caller's environment as it was (tests run several runs in one process)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def parse_manifest(text: str, where: str) -> dict[str, dict[str, str]]:
    """Rows of a figure manifest (CSV text) by file name; ValueError naming ``where``."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"file", "pipeline", "sha256"} - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"{where}: no column {sorted(missing)} in {reader.fieldnames}")
    return {row["file"]: row for row in reader}


def committed_manifest() -> dict[str, dict[str, str]] | None:
    """``figures/MANIFEST.csv`` as committed (git ``HEAD``), else as on disk; None if absent.

    Read before a run, since a full run rewrites the file on disk.
    """
    rel = f"{FIGURES.relative_to(ROOT).as_posix()}/{MANIFEST}"
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"HEAD:{rel}"],
            capture_output=True,
            text=True,
            check=True,
        )
        return parse_manifest(done.stdout, f"git HEAD:{rel}")
    except (OSError, subprocess.CalledProcessError):
        path = FIGURES / MANIFEST
        if not path.exists():
            return None
        return parse_manifest(path.read_text(encoding="utf-8"), str(path))


def _why(new: dict[str, str], old: dict[str, str]) -> str | None:
    """Why figure ``new`` differs from the committed row ``old`` (None: identical)."""
    if new["sha256"] == old["sha256"]:
        return None
    if new["pipeline"] != old["pipeline"]:
        return (
            f"pipeline differs: committed {old['pipeline']!r}, this run {new['pipeline']!r} "
            "(another Frog/spaCy version or the built-in fallback)"
        )
    if old.get("source") and new.get("source") and new["source"] != old["source"]:
        return f"made by {new['source']}, committed from {old['source']}, checksum differs"
    import matplotlib

    return (
        f"checksum differs with the same pipeline {new['pipeline']!r}: the data, the code "
        f"or the plotting stack changed (matplotlib {matplotlib.__version__}, fonts)"
    )


def compare(
    fresh: dict[str, dict[str, str]],
    committed: dict[str, dict[str, str]],
    *,
    complete: bool,
) -> tuple[int, int, list[str]]:
    """Compare figure manifests: (identical, compared, one line per difference).

    ``complete``: ``fresh`` is a full run, so committed figures it lacks are missing;
    otherwise only the figures in ``fresh`` are compared.
    """
    names = sorted(set(fresh) | set(committed)) if complete else sorted(fresh)
    lines = []
    for name in names:
        if name not in committed:
            lines.append(f"{name}: new (not in the committed manifest)")
        elif name not in fresh:
            lines.append(f"{name}: missing (committed, not made by this run)")
        elif (why := _why(fresh[name], committed[name])) is not None:
            lines.append(f"{name}: {why}")
    return len(names) - len(lines), len(names), lines


def report(
    figures: Path,
    committed: dict[str, dict[str, str]] | None,
    *,
    sources: set[str] | None = None,
) -> str:
    """The end-of-run check: the figures in ``figures`` against the committed manifest.

    ``sources``: compare only the figures these notebooks made (a partial run into a
    folder that may hold others); None: ``figures`` is the result of a full run.
    """
    if committed is None:
        return "no committed figures/MANIFEST.csv to compare with"
    path = figures / MANIFEST
    fresh = parse_manifest(path.read_text(encoding="utf-8"), str(path)) if path.exists() else {}
    if sources is not None:
        fresh = {k: row for k, row in fresh.items() if row.get("source") in sources}
    same, total, lines = compare(fresh, committed, complete=sources is None)
    if not lines:
        return f"{same}/{total} figures identical to the committed ones"
    head = f"{same}/{total} figures identical to the committed ones; {len(lines)} differ:"
    return "\n".join([head, *(f"  {line}" for line in lines)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all numbered notebooks")
    parser.add_argument(
        "--figures",
        type=Path,
        default=None,
        help="default: figures/ for the full run with default parameters, else build/figures/",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "notebooks")
    parser.add_argument(
        "-p",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="override a parameter of the notebooks' parameters cell (value read as YAML, "
        "as papermill's -y does: 3 -> int, '[5, 5]' -> list, null -> None)",
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or notebooks()
    if not paths:
        print("no notebooks found in", NOTEBOOKS, file=sys.stderr)
        return 1
    default_run = not args.notebooks and not args.p
    figures = (args.figures or (FIGURES if default_run else SCRATCH_FIGURES)).resolve()
    try:
        committed = committed_manifest()
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    run(
        paths,
        figures=figures,
        out=args.out.resolve(),
        parameters={name: yaml.safe_load(value) for name, value in args.p},
        clean=not args.notebooks,
    )
    print(f"figures written to {figures}")
    try:
        print(report(figures, committed, sources=None if not args.notebooks else _names(paths)))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def _names(paths: list[Path]) -> set[str]:
    return {p.name for p in paths}


if __name__ == "__main__":
    sys.exit(main())
