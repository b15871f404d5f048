"""Every public function rejects every bad argument the same way (after scikit-learn's
``sklearn/tests/test_public_functions.py``).

For each name of ``discourse.__all__`` that is a function, the constraints it declares with
``discourse._validate.validate_params`` are read back (``constraints_of``); each constraint
yields values it must refuse (``Constraint.invalid_values``), and the function is called
with one bad value at a time, every other argument valid. The call must raise
:class:`discourse.CorpusError` naming the argument — before any work is done (the checks run
first, so no valid call is ever executed here). Further tests hold the vocabulary together:
the shared argument names are always checked, the old names are gone, and ``role`` defaults
to the cabinet's own voice.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import matplotlib
import pandas as pd
import pytest

import discourse as dc
from discourse._validate import constraints_of

matplotlib.use("Agg")

#: The shared vocabulary: wherever a public function has one of these arguments, it is checked.
VOCABULARY = {
    "by",
    "role",
    "unit",
    "pos",
    "min_freq",
    "top",
    "measure",
    "window",
    "terms",
    "target",
    "reference",
}
#: Names the vocabulary replaced (issue 13): they may not come back.
RETIRED = {"node", "query", "targets", "group"}
#: Public functions without arguments to check.
NO_ARGUMENTS = {"list_dictionaries", "list_lexicons", "cache_info"}


def _functions() -> list[str]:
    return sorted(
        n
        for n in dc.__all__
        if inspect.isfunction(getattr(dc, n)) or inspect.ismethod(getattr(dc, n))
    )


@pytest.fixture(scope="module")
def calls(builtin_tokens, seed_segments, seed_letters, tmp_path_factory) -> dict[str, Callable]:
    """Valid ``(args, kwargs)`` (from a callable) for every public function."""
    from discourse.nlp.dataset import write_partition
    from discourse.paths import data_dir

    toks = builtin_tokens
    kt = dc.keyness(toks, by="period", target="Van Weel")
    table = dc.keyness_table(toks, by="period")
    coll = dc.collocations(toks, "VS", by="period")
    sent = dc.sentiment(toks, level="sentence", by="period")
    summary = dc.summarise_sentiment(sent, by="period")
    lines = dc.kwic(toks, "VS")
    sheet = dc.validation_sample(sent, n=20)
    fig = matplotlib.figure.Figure()
    out = tmp_path_factory.mktemp("public")
    (out / "parsed").mkdir()
    write_partition(toks, out / "parsed" / "part-00000.parquet")
    matrix = [[1, 0, 2], [0, 3, 1]]
    return {
        "clean_text": lambda: (("tekst",), {}),
        "cleaning_report": lambda: ((seed_letters,), {}),
        "load_letters": lambda: ((), {}),
        "check_corpus": lambda: ((data_dir(),), {}),
        "fetch_documents": lambda: ((out / "fetched",), {}),
        "cabinet_on": lambda: (("2024-11-18",), {}),
        "segments": lambda: ((seed_letters,), {}),
        "text_reuse": lambda: ((seed_letters,), {}),
        "mark_reuse": lambda: ((seed_segments, dc.text_reuse(seed_segments)), {}),
        "tokens": lambda: ((seed_segments,), {}),
        "load_pipeline": lambda: (("builtin",), {}),
        "pipeline_info": lambda: ((dc.load_pipeline("builtin"),), {}),
        "parse_corpus": lambda: ((seed_segments, out / "new"), {}),
        "read_tokens": lambda: ((out / "parsed",), {}),
        "to_conllu": lambda: ((toks, out / "t.conllu"), {}),
        "read_conllu": lambda: ((dc.to_conllu(toks, out / "r.conllu"),), {}),
        "parquet_term_counts": lambda: ((out / "parsed",), {}),
        "keyness": lambda: ((toks,), {"by": "period", "target": "Van Weel"}),
        "keyness_table": lambda: ((toks,), {}),
        "term_counts": lambda: ((toks,), {}),
        "describe": lambda: ((seed_letters,), {}),
        "documents_per_group": lambda: ((toks,), {}),
        "dispersion": lambda: ((matrix,), {}),
        "collocations": lambda: ((toks, "VS"), {}),
        "kwic": lambda: ((toks, "VS"), {}),
        "kwic_html": lambda: ((lines,), {}),
        "ngrams": lambda: ((toks,), {"n": [2, 3], "by": "period"}),
        "plot_xray": lambda: ((toks, "VS"), {}),
        "plot_trend": lambda: ((toks, "VS"), {}),
        "export": lambda: ((kt, out / "k.csv"), {}),
        "read_result": lambda: ((dc.export(kt, out / "r.csv"),), {}),
        "sentiment": lambda: ((toks,), {}),
        "summarise_sentiment": lambda: ((sent,), {}),
        "sentiment_per_document": lambda: ((sent,), {}),
        "permutation_test": lambda: (
            (dc.sentiment_per_document(sent),),
            {"value": "mean_polarity", "target": "Van Weel"},
        ),
        "score_tokens": lambda: ((["goed"],), {}),
        "unit_tone": lambda: ((sent,), {}),
        "validation_sample": lambda: ((sent,), {}),
        "validate": lambda: ((sent, sheet.assign(label="neutral")), {}),
        "load_lexicon": lambda: ((), {}),
        "load_dictionary": lambda: ((), {}),
        "dictionary_counts": lambda: ((toks, "modality"), {}),
        "provenance": lambda: ((kt,), {}),
        "save_figure": lambda: ((fig, "probe"), {"folder": out / "figures"}),
        "plot_keyness": lambda: ((kt,), {}),
        "plot_keyness_heatmap": lambda: ((table,), {}),
        "plot_collocations": lambda: ((coll,), {}),
        "plot_collocation_network": lambda: ((coll,), {}),
        "plot_sentiment": lambda: ((summary,), {}),
        "plot_sentiment_timeline": lambda: ((dc.sentiment_per_document(sent),), {}),
        "sentiment_html": lambda: ((sent,), {}),
        "keyness_widget": lambda: ((toks,), {}),
        "collocations_widget": lambda: ((toks,), {}),
        "ngrams_widget": lambda: ((toks,), {}),
        "sentiment_widget": lambda: ((toks,), {}),
        "dashboard": lambda: ((toks,), {}),
        "coding_widget": lambda: ((sheet, out / "coding.csv"), {}),
    }


def _cases() -> list[tuple[str, str, int]]:
    out = []
    for name in _functions():
        for arg, constraint in constraints_of(getattr(dc, name)).items():
            out += [(name, arg, i) for i in range(len(constraint.invalid_values()))]
    return out


def test_every_public_function_declares_its_checks() -> None:
    unchecked = [
        n for n in _functions() if n not in NO_ARGUMENTS and not constraints_of(getattr(dc, n))
    ]
    assert not unchecked, f"public functions without validate_params: {unchecked}"


@pytest.mark.parametrize("name", _functions())
def test_vocabulary_arguments_are_checked(name: str) -> None:
    params = inspect.signature(getattr(dc, name)).parameters
    declared = constraints_of(getattr(dc, name))
    assert not (set(params) & RETIRED), f"{name} uses a retired argument name"
    unchecked = (set(params) & VOCABULARY) - set(declared)
    assert not unchecked, f"{name}: {sorted(unchecked)} not in its validate_params"
    if "role" in params:
        assert params["role"].default == "government", f"{name}: role must default to government"


@pytest.mark.parametrize(("name", "arg", "i"), _cases())
def test_bad_argument_raises_corpus_error(calls, name: str, arg: str, i: int) -> None:
    func = getattr(dc, name)
    bad = constraints_of(func)[arg].invalid_values()[i]
    args, kwargs = calls[name]()
    sig = inspect.signature(func)
    bound = sig.bind_partial(*args, **kwargs)
    bound.arguments[arg] = bad
    pos: list[Any] = []
    kw: dict[str, Any] = {}
    for p in sig.parameters.values():
        if p.name not in bound.arguments:
            continue
        if p.kind is p.VAR_KEYWORD:
            kw.update(bound.arguments[p.name])
        elif p.kind is p.VAR_POSITIONAL:
            pos.extend(bound.arguments[p.name])
        elif p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and not kw:
            pos.append(bound.arguments[p.name])
        else:
            kw[p.name] = bound.arguments[p.name]
    with pytest.raises(dc.CorpusError, match=rf"{name}\(\): {arg}="):
        func(*pos, **kw)


def test_cases_cover_every_function(calls) -> None:
    assert set(_functions()) - NO_ARGUMENTS <= set(calls), "add the new function to calls"


def test_messages_name_value_and_allowed(builtin_tokens: pd.DataFrame) -> None:
    with pytest.raises(dc.CorpusError) as err:
        dc.collocations(builtin_tokens, "VS", role="xx")
    text = str(err.value)
    assert "collocations(): role='xx' is not valid; allowed: one of" in text
    assert "'government'" in text and "None (all voices)" in text


@pytest.mark.parametrize(("old", "new"), [("node", "terms"), ("query", "terms")])
def test_an_old_argument_name_says_what_replaced_it(builtin_tokens, old: str, new: str) -> None:
    func = dc.collocations if old == "node" else dc.kwic
    with pytest.raises(dc.CorpusError, match=rf"{old}='VS' is not an argument \(now {new}=\)"):
        func(builtin_tokens, **{old: "VS"})
    with pytest.raises(dc.CorpusError, match="sentiment\\(\\): target='VS' .*now terms="):
        dc.sentiment(builtin_tokens, target="VS")
