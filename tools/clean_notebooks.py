"""Keep the committed notebooks output-free, however they are run or saved.

The notebooks in ``notebooks/`` are committed without outputs, execution counts or
run-specific metadata, so diffs stay reviewable and ``git status`` stays clean after a run.
This module is the one definition of that clean form (:func:`clean`) and applies it

* when JupyterLab (or any Jupyter server) saves a notebook of ``notebooks/``: the server
  config ``.jupyter/jupyter_server_config.py`` installs :func:`pre_save_hook`
  (``ContentsManager.pre_save_hook``), so autosave and Ctrl-S write the clean form while
  the open page keeps its outputs;
* when ``jupyter nbconvert --execute --to notebook --inplace`` writes back into
  ``notebooks/``: ``.jupyter/jupyter_nbconvert_config.py`` adds a preprocessor running
  :func:`clean` after execution (written elsewhere, e.g. ``--output-dir build``, the
  outputs are kept);
* from the command line: ``python tools/clean_notebooks.py [--check] [NOTEBOOK ...]``
  (default: every notebook in ``notebooks/``), or as a filter (``--stdin``).

The ``.jupyter`` folder is read by Jupyter when it is on the config path:
``python tools/clean_notebooks.py --install`` (run by ``make venv``) writes two one-line
loaders into ``<sys.prefix>/etc/jupyter``; on Binder the repository is the home folder,
so ``~/.jupyter`` is the repository's own.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONFIG = ROOT / ".jupyter"
CONFIG_FILES = ("jupyter_server_config.py", "jupyter_nbconvert_config.py")
#: Cell metadata kept in the committed form (``parameters`` tags drive papermill).
CELL_METADATA = ("tags",)
#: Notebook metadata of the committed form (what JupyterLab and nbconvert would rewrite,
#: e.g. the kernel's full ``language_info`` or widget state, is dropped).
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}
LOADER = "# written by tools/clean_notebooks.py --install\nload_subconfig({path!r})\n"


def clean(nb: Any) -> Any:
    """Strip ``nb`` (a notebook dict or ``NotebookNode``) in place to the committed form.

    Outputs and execution counts are emptied, cell metadata keeps only ``tags``, and the
    notebook metadata becomes :data:`NOTEBOOK_METADATA`. Returns ``nb``.
    """
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        meta = cell.get("metadata", {})
        cell["metadata"] = type(meta)({k: meta[k] for k in CELL_METADATA if k in meta})
    meta = nb.get("metadata", {})
    nb["metadata"] = type(meta)(json.loads(json.dumps(NOTEBOOK_METADATA)))
    return nb


def is_committed_notebook(path: str | Path) -> bool:
    """True for an ``.ipynb`` directly in ``notebooks/`` of this checkout."""
    path = Path(path).resolve()
    return path.suffix == ".ipynb" and path.parent == NOTEBOOKS


def pre_save_hook(model: dict, path: str, contents_manager: Any, **_kwargs: Any) -> None:
    """Jupyter server ``ContentsManager.pre_save_hook``: clean notebooks of ``notebooks/``."""
    if model.get("type") != "notebook" or not model.get("content"):
        return
    get_os_path = getattr(contents_manager, "_get_os_path", None)
    os_path = get_os_path(path) if get_os_path else Path(contents_manager.root_dir) / path
    if is_committed_notebook(os_path):
        clean(model["content"])


def writes_back(resources: dict, config: Any) -> bool:
    """True when nbconvert will write this notebook into ``notebooks/``.

    ``resources["metadata"]["path"]`` is the input's folder; the output goes to
    ``FilesWriter.build_directory`` or, when that is empty (``--inplace``), to the input's
    folder; other writers (``--stdout``) write no file.
    """
    writer = str(config.get("NbConvertApp", {}).get("writer_class", "FilesWriter"))
    if writer.rsplit(".", 1)[-1].lower() != "fileswriter":
        return False
    folder = resources.get("metadata", {}).get("path") or "."
    out = config.get("FilesWriter", {}).get("build_directory", "") or folder
    return Path(out).resolve() == NOTEBOOKS


def _text(nb: dict) -> str:
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def clean_file(path: Path, *, check: bool = False) -> bool:
    """Clean one notebook file; True if it was (``check``: would be) changed."""
    before = path.read_text(encoding="utf-8")
    after = _text(clean(json.loads(before)))
    if after != before and not check:
        path.write_text(after, encoding="utf-8")
    return after != before


def install(prefix: Path) -> list[Path]:
    """Write loaders of ``.jupyter/*.py`` into ``<prefix>/etc/jupyter``; returns them.

    An existing config file there that is not such a loader is left alone: ``SystemExit``
    names it and the line to add to it.
    """
    folder = prefix / "etc" / "jupyter"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in CONFIG_FILES:
        target = folder / name
        text = LOADER.format(path=str(CONFIG / name))
        if target.exists() and not target.read_text(encoding="utf-8").startswith(LOADER[:40]):
            raise SystemExit(f"{target} exists and is not ours: add {text.splitlines()[1]}")
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--check", action="store_true", help="only report; exit 1 if unclean")
    parser.add_argument("--stdin", action="store_true", help="filter stdin to stdout")
    parser.add_argument(
        "--install", action="store_true", help="load .jupyter/ from <sys.prefix>/etc/jupyter"
    )
    args = parser.parse_args(argv)
    if args.install:
        for path in install(Path(sys.prefix)):
            print(f"wrote {path}")
        return 0
    if args.stdin:
        sys.stdout.write(_text(clean(json.load(sys.stdin))))
        return 0
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    changed = [p for p in paths if clean_file(p, check=args.check)]
    for path in changed:
        print(f"{'not clean' if args.check else 'cleaned'}: {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
