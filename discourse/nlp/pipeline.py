"""Load the best available Dutch NLP pipeline as a spaCy ``Language``.

Resolution of ``name="auto"`` (the default; override with the ``DISCOURSE_PIPELINE``
environment variable), first that works:

1. an installed spaCy Dutch model, ``nl_core_news_lg`` -> ``nl_core_news_md`` ->
   ``nl_core_news_sm`` (install with ``python -m spacy download nl_core_news_md``);
2. Frog (van den Bosch et al. 2007), when the ``frog`` binary is on ``PATH``
   (``apt-get install frog frogdata``) or ``DISCOURSE_FROG`` names it (set but empty or
   pointing nowhere: Frog counts as not installed), via :mod:`discourse.frog`;
3. the built-in pure-pip fallback of :mod:`discourse.builtin` (low accuracy; warns).

Every pipeline carries ``nlp.meta["name"]`` and ``nlp.meta["version"]``, which
:func:`pipeline_info` returns and :func:`discourse.tokens` records on its output.

spaCy is imported when a pipeline is loaded or ``"auto"`` looks for installed models, not
when this module is imported. :class:`PipelineName` is the argument check of every
function that takes a pipeline (``pipeline=`` of :func:`discourse.tokens` and
:func:`discourse.parse_corpus`).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from discourse._validate import Constraint, Context, validate_params
from discourse.errors import PipelineError

if TYPE_CHECKING:
    from spacy.language import Language

#: spaCy models tried by ``"auto"``, best first.
SPACY_MODELS = ("nl_core_news_lg", "nl_core_news_md", "nl_core_news_sm")
#: Names accepted by :func:`load_pipeline` besides the spaCy model names.
BACKENDS = ("auto", "frog", "builtin")

__all__ = [
    "BACKENDS",
    "SPACY_MODELS",
    "PipelineName",
    "load_pipeline",
    "pipeline_info",
    "resolve_pipeline_name",
]


def _is_language(value: Any) -> bool:
    """A loaded spaCy ``Language`` (none can exist before spaCy is imported)."""
    module = sys.modules.get("spacy.language")
    return module is not None and isinstance(value, module.Language)


def _known_name(value: Any) -> bool:
    """A name :func:`resolve_pipeline_name` accepts."""
    return isinstance(value, str) and (
        value in BACKENDS or value in SPACY_MODELS or value.startswith("nl_")
    )


class PipelineName(Constraint):
    """A pipeline name (``"auto"``, ``"frog"``, ``"builtin"``, a spaCy model ``nl_…``);
    with ``language=True`` also a loaded spaCy ``Language``. ``None`` means ``"auto"``."""

    none = True
    none_label = "same as 'auto'"

    def __init__(self, *, language: bool = False, label: str = "") -> None:
        self.language, self.label = language, label

    def ok(self, value: Any, ctx: Context) -> bool:
        return _known_name(value) or (self.language and _is_language(value))

    def allowed(self, ctx: Context) -> str:
        names = ", ".join(repr(n) for n in (*BACKENDS, *SPACY_MODELS))
        text = f"one of {names} or another spaCy model name starting with 'nl_'"
        if self.language:
            text += ", or a loaded spaCy Language (load_pipeline())"
        return text + (f" ({self.label})" if self.label else "")

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "stanza", 3]


def _spacy_load(name: str) -> Language:
    """Load an installed spaCy package (separate so tests can monkeypatch it)."""
    import spacy

    return spacy.load(name)


def _load_spacy_model(name: str) -> Language:
    import spacy

    try:
        nlp = _spacy_load(name)
    except OSError as exc:
        raise PipelineError(
            f"spaCy model {name!r} is not installed; install it with "
            f"`python -m spacy download {name}`."
        ) from exc
    nlp.meta["name"] = name  # spaCy packages store "core_news_md"; record the package
    nlp.meta.setdefault("version", spacy.__version__)
    return nlp


def _frog_installed() -> bool:
    """Frog's binary is found (``DISCOURSE_FROG`` when set, else ``frog`` on ``PATH``)."""
    from discourse.nlp.frog.run import frog_installed

    return frog_installed()


def _load_frog() -> Language:
    from discourse.nlp.frog import make_frog_pipeline

    return make_frog_pipeline()


def _load_builtin() -> Language:
    from discourse.nlp.builtin.pipeline import make_pipeline

    return make_pipeline()


def resolve_pipeline_name(name: str | None = "auto") -> str:
    """The concrete pipeline ``name`` refers to (``"auto"`` resolved, env var applied).

    Raises
    ------
    PipelineError
        When ``name`` is unknown.
    """
    if name is None or name == "auto":
        name = os.environ.get("DISCOURSE_PIPELINE") or "auto"
    if name in SPACY_MODELS or name in ("frog", "builtin") or name.startswith("nl_"):
        return name
    if name != "auto":
        raise PipelineError(
            f"Unknown pipeline {name!r}; use 'auto', 'frog', 'builtin' or an installed "
            f"spaCy model such as {', '.join(SPACY_MODELS)}."
        )
    for model in SPACY_MODELS:
        if _model_installed(model):
            return model
    if _frog_installed():
        return "frog"
    return "builtin"


def _model_installed(name: str) -> bool:
    import spacy

    try:
        return bool(spacy.util.is_package(name))
    except Exception:  # pragma: no cover - defensive
        return False


@lru_cache(maxsize=8)
def _load(name: str) -> Language:
    if name == "frog":
        return _load_frog()
    if name == "builtin":
        return _load_builtin()
    return _load_spacy_model(name)


@validate_params(name=PipelineName())
def load_pipeline(name: str = "auto") -> Language:
    """Load (once per process) a Dutch pipeline as a spaCy ``Language``.

    Parameters
    ----------
    name : str
        ``"auto"`` (default: spaCy model > Frog > built-in, see module docstring),
        ``"frog"``, ``"builtin"`` or a spaCy model name such as ``"nl_core_news_md"``.
        The ``DISCOURSE_PIPELINE`` environment variable replaces ``"auto"``.

    Returns
    -------
    spacy.language.Language
        With ``meta["name"]`` and ``meta["version"]`` set. Cached per name.

    Raises
    ------
    CorpusError
        When ``name`` is not a pipeline name.
    PipelineError
        When the named pipeline cannot be loaded (or ``DISCOURSE_PIPELINE`` names an
        unknown one).

    Examples
    --------
    >>> nlp = load_pipeline("builtin")  # doctest: +SKIP
    >>> pipeline_info(nlp)["name"]  # doctest: +SKIP
    'builtin'

    References
    ----------
    van den Bosch, A., Busser, B., Canisius, S., & Daelemans, W. (2007). An efficient
    memory-based morphosyntactic tagger and parser for Dutch. *CLIN 17*, 99-114.
    """
    if name == "auto":
        auto = resolve_pipeline_name("auto")
        explicit = os.environ.get("DISCOURSE_PIPELINE") not in (None, "", "auto")
        if explicit:
            return _load(auto)
        for candidate in _auto_candidates(auto):
            try:
                return _load(candidate)
            except PipelineError:
                continue
        raise PipelineError("No Dutch pipeline could be loaded.")  # pragma: no cover
    return _load(resolve_pipeline_name(name))


def _auto_candidates(first: str) -> list[str]:
    order = [m for m in SPACY_MODELS if _model_installed(m)]
    if _frog_installed():
        order.append("frog")
    order.append("builtin")
    return [first] + [c for c in order if c != first]


class _Loaded(Constraint):
    def ok(self, value: Any, ctx: Context) -> bool:
        return _is_language(value)

    def allowed(self, ctx: Context) -> str:
        return "a loaded spaCy Language (load_pipeline())"


@validate_params(nlp=_Loaded())
def pipeline_info(nlp: Language) -> dict[str, Any]:
    """``{"name": ..., "version": ...}`` of a loaded pipeline (from ``nlp.meta``).

    Raises
    ------
    CorpusError
        When ``nlp`` is not a loaded spaCy ``Language``.
    """
    meta = nlp.meta
    name = meta.get("name") or "unknown"
    lang = meta.get("lang")
    if lang and name.startswith("core_"):
        name = f"{lang}_{name}"  # spaCy packages store "core_news_md" with lang "nl"
    return {"name": str(name), "version": str(meta.get("version", "unknown"))}
