"""Every numbered notebook executes headless, and a re-run reproduces figures/ exactly."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(spec)
sys.modules["run_notebooks"] = run_notebooks
spec.loader.exec_module(run_notebooks)


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "MANIFEST.csv").open(newline="", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def rerun(tmp_path_factory) -> Path:
    figures = tmp_path_factory.mktemp("figures")
    out = tmp_path_factory.mktemp("executed")
    run_notebooks.run(run_notebooks.notebooks(), figures=figures, out=out)
    return figures


def test_every_notebook_is_stored_without_outputs():
    import nbformat

    for path in run_notebooks.notebooks():
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].metadata.get("tags") == ["parameters"], path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name} has stored outputs"


@pytest.mark.slow
def test_rerun_reproduces_committed_figures(rerun):
    committed = _manifest(ROOT / "figures")
    fresh = _manifest(rerun)
    assert set(fresh) == set(committed), "figures made by the notebooks differ from figures/"
    for name, row in committed.items():
        assert fresh[name]["source"] == row["source"]
        if fresh[name]["pipeline"] != row["pipeline"]:
            pytest.skip(
                f"committed figures were made with {row['pipeline']}, "
                f"this machine uses {fresh[name]['pipeline']}"
            )
        assert fresh[name]["sha256"] == row["sha256"], f"{name} is not byte-identical"
