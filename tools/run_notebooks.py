"""Execute every numbered notebook headless and regenerate ``figures/``.

Usage::

    python tools/run_notebooks.py [--figures DIR] [--out DIR] [NOTEBOOK ...]

Notebooks ``notebooks/NN_*.ipynb`` are executed in order with papermill (their cell
tagged ``parameters`` can be overridden with ``-p name value``). Executed copies go to
``build/notebooks/`` (not committed: the committed notebooks carry no outputs, so diffs
stay reviewable). Before a full run the figures folder is emptied, so ``figures/`` and
its ``MANIFEST.csv`` hold exactly what the notebooks make.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


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
    os.environ["DISCOURSE_FIGURES"] = str(figures)
    os.environ.setdefault("MPLBACKEND", "Agg")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: all numbered notebooks")
    parser.add_argument("--figures", type=Path, default=ROOT / "figures")
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
    run(
        paths,
        figures=args.figures.resolve(),
        out=args.out.resolve(),
        parameters={name: yaml.safe_load(value) for name, value in args.p},
        clean=not args.notebooks,
    )
    print(f"figures written to {args.figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
