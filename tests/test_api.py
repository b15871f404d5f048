"""The flat public API: every name resolves, and ``import discourse`` stays light."""

from __future__ import annotations

import os
import subprocess
import sys

import discourse as dc

HEAVY = ("pandas", "numpy", "spacy", "matplotlib", "textacy", "sklearn", "dask", "ipywidgets")


def test_every_public_name_resolves() -> None:
    missing = [name for name in dc.__all__ if getattr(dc, name, None) is None]
    assert not missing
    assert dc.__version__
    assert set(dir(dc)) >= set(dc.__all__)


def test_import_loads_no_heavy_dependency() -> None:
    code = f"import sys, discourse; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_eager_import_loads_everything() -> None:
    """``EAGER_IMPORT=1`` imports every module of the stub at once (an import error shows)."""
    env = {**os.environ, "EAGER_IMPORT": "1"}
    code = "import sys, discourse; print('discourse.analysis.keyness' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "True"
