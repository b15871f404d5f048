"""discourse: comparative discourse analysis of Dutch government letters."""

from .errors import CorpusError, PipelineError
from .figures import save_figure
from .provenance import provenance

__version__ = "0.1.0"

__all__ = ["CorpusError", "PipelineError", "provenance", "save_figure", "__version__"]
