"""Jupyter server config of this repository: saving a notebook of ``notebooks/`` writes it
without outputs (``tools/clean_notebooks.py``). JupyterLab keeps the outputs on the page.

Loaded when this folder is on the Jupyter config path: ``make venv`` installs a loader
(``python tools/clean_notebooks.py --install``); on Binder it is ``~/.jupyter``.
"""

import importlib.util
from pathlib import Path

_path = Path(__file__).resolve().parent.parent / "tools" / "clean_notebooks.py"
_spec = importlib.util.spec_from_file_location("discourse_clean_notebooks", _path)
_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool)

c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
c.ContentsManager.pre_save_hook = _tool.pre_save_hook
