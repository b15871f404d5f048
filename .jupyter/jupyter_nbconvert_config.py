"""nbconvert config of this repository: ``jupyter nbconvert --execute --to notebook
--inplace notebooks/NN_*.ipynb`` writes the notebook back without outputs
(``tools/clean_notebooks.py``); written anywhere else (``--output-dir build``) the outputs
are kept.

Loaded when this folder is on the Jupyter config path: ``make venv`` installs a loader
(``python tools/clean_notebooks.py --install``); on Binder it is ``~/.jupyter``.
"""

import importlib.util
from pathlib import Path

from nbconvert.preprocessors import Preprocessor

_path = Path(__file__).resolve().parent.parent / "tools" / "clean_notebooks.py"
_spec = importlib.util.spec_from_file_location("discourse_clean_notebooks", _path)
_tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool)


class CleanCommittedNotebook(Preprocessor):
    """Strip outputs after execution when the result is written into ``notebooks/``."""

    def preprocess(self, nb, resources):
        if _tool.writes_back(resources, self.config):
            _tool.clean(nb)
        return nb, resources


c = get_config()  # noqa: F821 - provided by traitlets when it loads this file
c.NotebookExporter.preprocessors = [CleanCommittedNotebook]
