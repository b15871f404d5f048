"""All filesystem locations used by :mod:`discourse`, defined in one place.

* ``DATA_DIR`` – the bundled corpus (``data/`` in a source checkout, ``discourse/_data``
  inside a built wheel). Override with the ``DISCOURSE_DATA`` environment variable.
* ``FIGURES_DIR`` – where :func:`discourse.save_figure` writes: ``build/figures/`` of the
  checkout (not committed), so running a notebook in JupyterLab or with nbconvert never
  changes the committed ``figures/``; only ``make figures`` (``tools/run_notebooks.py``)
  writes there, by setting ``DISCOURSE_FIGURES``, which overrides the default.
* ``CACHE_DIR`` – parsed token tables (``DISCOURSE_CACHE``; default ``.cache/discourse``
  in the checkout, else the user cache directory).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Root of a source checkout (``None`` when running from an installed wheel).
PROJECT_DIR: Path | None = (
    PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None
)


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else None


def data_dir() -> Path:
    """Folder holding ``letters.csv`` and ``letters/`` (and other bundled data)."""
    override = _env_path("DISCOURSE_DATA")
    if override is not None:
        return override
    if PROJECT_DIR is not None and (PROJECT_DIR / "data").is_dir():
        return PROJECT_DIR / "data"
    return PACKAGE_DIR / "_data"


def figures_dir() -> Path:
    """Folder that :func:`discourse.save_figure` writes to.

    ``$DISCOURSE_FIGURES`` if set; else ``build/figures/`` in a source checkout (the
    committed ``figures/`` is written only by ``make figures``, which sets the variable);
    else ``figures/`` under the current directory (an installed package).
    """
    override = _env_path("DISCOURSE_FIGURES")
    if override is not None:
        return override
    if PROJECT_DIR is not None:
        return PROJECT_DIR / "build" / "figures"
    return Path.cwd() / "figures"


def cache_dir() -> Path:
    """Folder for cached token tables (Parquet)."""
    override = _env_path("DISCOURSE_CACHE")
    if override is not None:
        return override
    if PROJECT_DIR is not None:
        return PROJECT_DIR / ".cache" / "discourse"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "discourse"
