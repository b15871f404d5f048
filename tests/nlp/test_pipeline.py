"""Tests of pipeline resolution (discourse.nlp.pipeline) with monkeypatched loaders."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import spacy

from discourse.errors import CorpusError, PipelineError
from discourse.nlp import pipeline as nlp_mod
from discourse.nlp.pipeline import load_pipeline, pipeline_info, resolve_pipeline_name


def _fake(name: str, version: str = "1.0") -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.meta["name"], nlp.meta["version"] = name, version
    return nlp


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    monkeypatch.delenv("DISCOURSE_PIPELINE", raising=False)
    monkeypatch.delenv("DISCOURSE_FROG", raising=False)
    nlp_mod._load.cache_clear()
    monkeypatch.setattr(nlp_mod, "_load_frog", lambda: _fake("frog", "0.20+adapter1"))
    monkeypatch.setattr(nlp_mod, "_load_builtin", lambda: _fake("builtin", "b1"))
    yield
    nlp_mod._load.cache_clear()


def _installed(monkeypatch, models: set[str], frog: bool) -> None:
    monkeypatch.setattr(nlp_mod, "_model_installed", lambda name: name in models)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/frog" if frog else None)


def test_auto_prefers_installed_spacy_model(monkeypatch) -> None:
    _installed(monkeypatch, {"nl_core_news_md", "nl_core_news_sm"}, frog=True)
    loaded = []
    monkeypatch.setattr(nlp_mod, "_spacy_load", lambda n: loaded.append(n) or _fake("core_news_md"))
    nlp = load_pipeline()
    assert loaded == ["nl_core_news_md"]
    assert pipeline_info(nlp)["name"] == "nl_core_news_md"


def test_auto_falls_back_to_frog_then_builtin(monkeypatch) -> None:
    _installed(monkeypatch, set(), frog=True)
    assert pipeline_info(load_pipeline())["name"] == "frog"
    nlp_mod._load.cache_clear()
    _installed(monkeypatch, set(), frog=False)
    assert pipeline_info(load_pipeline()) == {"name": "builtin", "version": "b1"}


def test_auto_skips_a_backend_that_fails(monkeypatch) -> None:
    _installed(monkeypatch, set(), frog=True)

    def broken():
        raise PipelineError("frog broken")

    monkeypatch.setattr(nlp_mod, "_load_frog", broken)
    assert pipeline_info(load_pipeline())["name"] == "builtin"


def test_explicit_names_and_env_var(monkeypatch) -> None:
    _installed(monkeypatch, set(), frog=True)
    assert pipeline_info(load_pipeline("builtin"))["name"] == "builtin"
    monkeypatch.setenv("DISCOURSE_PIPELINE", "builtin")
    assert resolve_pipeline_name("auto") == "builtin"
    assert pipeline_info(load_pipeline())["name"] == "builtin"
    assert resolve_pipeline_name("frog") == "frog"  # explicit beats the env var


def test_missing_spacy_model_is_pipeline_error(monkeypatch) -> None:
    def not_installed(name):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(nlp_mod, "_spacy_load", not_installed)
    with pytest.raises(PipelineError, match="spacy download nl_core_news_md"):
        load_pipeline("nl_core_news_md")


@pytest.mark.parametrize("name", ["stanza", "", 3, spacy.blank("nl")])
def test_unknown_name_is_corpus_error(name) -> None:
    with pytest.raises(CorpusError, match=r"load_pipeline\(\): name=.* allowed: one of 'auto'"):
        load_pipeline(name)


def test_unknown_name_in_the_environment_is_pipeline_error(monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_PIPELINE", "stanza")
    with pytest.raises(PipelineError, match="Unknown pipeline 'stanza'"):
        load_pipeline()


def test_pipeline_info_needs_a_loaded_pipeline() -> None:
    with pytest.raises(CorpusError, match=r"pipeline_info\(\): nlp='builtin' is not valid"):
        pipeline_info("builtin")


def test_importing_the_module_does_not_import_spacy() -> None:
    code = "import sys, discourse.nlp.pipeline; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pipeline_is_cached_per_name(monkeypatch) -> None:
    _installed(monkeypatch, set(), frog=False)
    assert load_pipeline("builtin") is load_pipeline("builtin")


def test_pipeline_info_of_spacy_package_meta() -> None:
    nlp = _fake("core_news_sm", "3.8.0")
    nlp.meta["lang"] = "nl"
    assert pipeline_info(nlp) == {"name": "nl_core_news_sm", "version": "3.8.0"}
