"""One argument check for the analysis layer: every public function declares its choices.

* every function a module of :mod:`discourse.analysis` lists in ``__all__`` (or the flat API
  re-exports) is decorated with :func:`discourse._validate.validate_params`, except the
  array machinery listed in :data:`MACHINERY` (internal, called with checked arguments);
* every bad value each declared constraint knows (``Constraint.invalid_values``) raises
  :class:`~discourse.errors.CorpusError` naming the function, the argument, the value and
  what is allowed — never another exception, never a silently empty result;
* ``role="government"`` is the default of every analysis with a ``role``: the default call
  equals the explicit one on the real corpus (both pipelines), and ``role=None`` differs.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import tempfile

import numpy as np
import pandas as pd
import pytest

import discourse as dc
import discourse.analysis
from discourse._validate import _short, constraints_of
from discourse.errors import CorpusError

#: Public names that are not argument-taking functions of a user, with the reason.
MACHINERY = {
    # integer codes of columns, computed once per table (codes.py)
    "column_codes": "array machinery",
    "string_codes": "array machinery",
    "sorted_codes": "array machinery",
    "isin": "array machinery",
    "flag": "array machinery",
    # windows and runs over positions (windows.py)
    "blocks": "array machinery",
    "in_order": "array machinery",
    "member": "array machinery",
    "row_order": "array machinery",
    "run_bounds": "array machinery",
    "sorted_unique": "array machinery",
    "window_bounds": "converts a window checked by Window()",
    "window_slots": "array machinery",
    "word_window": "array machinery",
    # the one matcher (patterns.py): callers pass checked terms; type_mask is decorated
    "find_terms": "array machinery (blank terms: CorpusError)",
    "glob_escape": "string helper",
    "glob_regex": "string helper",
    "glob_source": "string helper",
    # formulas on arrays (measures.py, dispersion.py): keyness_measures, adjust_p and the
    # dispersion measures are decorated
    "g_squared": "formula on arrays",
    "association_measures": "formula on arrays",
    "dp_from_cells": "workhorse of dp() on checked cells",
    "difference_pvalues": "formula on arrays (permutation_test is decorated)",
    "term_pvalues": "keyness() internals on its checked counts",
    # file readers called with checked paths (load_dictionary, load_lexicon, the widgets)
    "read_yaml": "the safe YAML reader of checked files (safe_yaml.py)",
    "lexicon_version": "cache key of a lexicon checked by Lexicon()",
    "dictionary_format": "load_dictionary() internals on a checked path and format",
    "read_liwc": "the LIWC reader of checked files (dictionary_formats.py)",
    "read_wordstat": "the WordStat reader of checked files (dictionary_formats.py)",
    # keyness(reference="nl-general") internals on its checked counts (reference.py)
    "general_counts": "wordfreq counts of the terms keyness() counted",
    "general_keyness": "keyness() internals on its checked counts",
    # one half of kwic(), called with kwic()'s checked arguments
    "token_hits": "kwic() internals",
    "text_hits": "kwic() internals",
    "text_collocate_filter": "kwic() internals",
    "text_glob": "string helper",
    "prepared": "collocations() internals (cached preparation)",
    "group_label": "string helper (describe.py)",
    # validate() internals on its checked label arrays (validation.py)
    "wilson_interval": "validate() internals: Wilson interval of checked counts",
    "cohen_kappa": "validate() internals on checked label arrays",
    "alpha_nominal": "validate() internals on a checked coder x unit matrix",
    "unit_ids": "validation_sample()/validate() internals (coding.py)",
    # sentiment() internals on its checked token table
    "assess": "sentiment()/score_tokens() internals (assessments.py)",
    "units_of": "sentiment() internals (sentiment_units.py)",
    "sort_lines": "kwic() internals on its checked lines",
    # export()/read_result() internals on a checked result
    "export_bytes": "export() for the widgets: the same checked result as bytes",
    "cell_text": "export() internals (export_cells.py)",
    "from_header": "read_result() internals (export_cells.py)",
    "header_json": "export() internals (export_cells.py)",
    "kind_of": "export() internals (export_cells.py)",
    "missing": "export() internals (export_cells.py)",
    "plain": "export() internals (export_cells.py)",
    "text_cells": "export() internals (export_cells.py)",
    "text_frame": "read_result() internals (export_cells.py)",
    "Description": "the result type of describe() (a NamedTuple)",
}


def _public_functions() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(discourse.analysis.__path__):
        module = importlib.import_module(f"discourse.analysis.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) or hasattr(obj, "__discourse_params__"):
                found.setdefault(name, obj)
    for name in dc.__all__:
        obj = getattr(dc, name)
        if getattr(obj, "__module__", "").startswith("discourse.analysis"):
            found.setdefault(name, obj)
    return found


PUBLIC = _public_functions()


def test_every_public_function_is_validated():
    undecorated = sorted(
        name
        for name, func in PUBLIC.items()
        if not hasattr(func, "__discourse_params__") and name not in MACHINERY
    )
    assert not undecorated
    assert not set(MACHINERY) - set(PUBLIC), "stale MACHINERY entries"


# --- a small token table and one valid call per function -------------------------------------

WORDS = "De VS en Nederland werken samen . Het kabinet is niet zo blij met de VS .".split()


def _tokens() -> pd.DataFrame:
    n = len(WORDS)
    half = n // 2
    df = pd.DataFrame(
        {
            "doc_id": pd.Categorical(["a"] * half + ["b"] * (n - half)),
            "seg_id": pd.Categorical(["a:0"] * half + ["b:0"] * (n - half)),
            "sent_id": np.array([0] * half + [0] * (n - half), dtype="int32"),
            "token_id": np.r_[np.arange(half), np.arange(n - half)].astype("int32"),
            "text": WORDS,
            "lower": [w.lower() for w in WORDS],
            "lemma": [w.lower() for w in WORDS],
            "upos": ["PUNCT" if w == "." else "NOUN" for w in WORDS],
            "is_punct": [w == "." for w in WORDS],
            "is_stop": [w.lower() in {"de", "het", "en"} for w in WORDS],
            "period": pd.Categorical(["P1"] * half + ["P2"] * (n - half)),
            "role": pd.Categorical(["government"] * (n - 3) + ["parliament"] * 3),
            "speaker": "minister",
            "date": pd.Timestamp("2024-01-01"),
        }
    )
    df.attrs["pipeline"] = {"name": "test", "version": "1"}
    return df


TOKENS = _tokens()


def _calls() -> dict[str, tuple[tuple, dict]]:
    from discourse.analysis.sentiment import sentiment
    from discourse.analysis.summaries import summarise_sentiment

    units = sentiment(TOKENS, role=None, by="period")
    return {
        "term_counts": ((TOKENS,), {}),
        "describe": ((TOKENS,), {}),
        "documents_per_group": ((TOKENS,), {}),
        "keyness": ((TOKENS,), {"target": "P1", "min_freq": 1}),
        "keyness_table": ((TOKENS,), {"min_freq": 1}),
        "keyness_measures": (([1], [2], 10, 20), {}),
        "adjust_p": ((np.array([0.01, 0.2]), "bh"), {}),
        "collocations": ((TOKENS, "vs"), {"min_freq": 1}),
        "kwic": ((TOKENS, "vs"), {}),
        "kwic_html": ((dc.kwic(TOKENS, "vs"),), {}),
        "sentiment": ((TOKENS,), {}),
        "summarise_sentiment": ((units,), {"n_boot": 10}),
        "sentiment_per_document": ((units,), {}),
        "permutation_test": (
            (dc.sentiment_per_document(units, min_hits=0),),
            {"value": "mean_polarity", "target": "P1"},
        ),
        "score_tokens": ((["niet", "goed"],), {}),
        "dictionary_counts": ((TOKENS, {"us": ["vs"]}), {}),
        "ngrams": ((TOKENS,), {"n": [2, 3], "by": "period"}),
        "term_occurrences": ((TOKENS, "vs"), {}),
        "term_rates": ((TOKENS, "vs"), {}),
        "load_dictionary": (({"us": ["vs"]},), {}),
        "list_dictionaries": ((), {}),
        "load_lexicon": ((), {}),
        "list_lexicons": ((), {}),
        "type_mask": ((np.array(["vs"], dtype=object), "vs"), {}),
        "dispersion": (([[1, 2], [0, 3]],), {}),
        "dp": (([[1, 2], [0, 3]],), {}),
        "dp_norm": (([[1, 2], [0, 3]],), {}),
        "juilland_d": (([[1, 2], [0, 3]],), {}),
        "part_range": (([[1, 2], [0, 3]],), {}),
        "summarise_sentiment_units": ((summarise_sentiment(units, n_boot=10),), {}),
        "read_result": ((_exported(units),), {}),
        "validate": ((units, _coded(units)), {"n_boot": 10}),
        "validation_sample": ((units,), {"n": 3}),
        "coded_labels": ((_coded(units),), {}),
        "unit_tone": ((units,), {}),
        "export": ((units, f"{tempfile.mkdtemp(prefix='discourse-test-')}/units.csv"), {}),
    }


def _exported(result: pd.DataFrame) -> str:
    """A result written by export() to a temporary CSV file (read back by read_result)."""
    folder = tempfile.mkdtemp(prefix="discourse-test-")
    path = f"{folder}/units.csv"
    dc.export(result, path)
    return path


def _coded(result: pd.DataFrame) -> pd.DataFrame:
    """A coding sheet of every unit, all labelled neutral."""
    return dc.validation_sample(result, n=len(result), seed=0).assign(label="neu")


CALLS = _calls()


def _bind(func, args, kwargs, name, value):
    bound = inspect.signature(func).bind_partial(*args, **kwargs)
    bound.arguments[name] = value
    return bound.args, bound.kwargs


def _cases():
    for fname, func in sorted(PUBLIC.items()):
        for arg, constraint in constraints_of(func).items():
            for i, bad in enumerate(constraint.invalid_values()):
                yield pytest.param(fname, arg, bad, id=f"{fname}-{arg}-{i}")


def test_every_decorated_function_has_a_valid_call(dataset):
    decorated = {n for n, f in PUBLIC.items() if hasattr(f, "__discourse_params__")}
    assert decorated - {"parquet_term_counts"} <= set(CALLS)
    for name in decorated - {"parquet_term_counts"}:
        args, kwargs = CALLS[name]
        PUBLIC[name](*args, **kwargs)  # no error
    assert len(dc.parquet_term_counts(dataset)) > 0


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """TOKENS as a Parquet dataset of two partitions (for parquet_term_counts)."""
    from discourse.nlp.dataset import write_partition

    folder = tmp_path_factory.mktemp("dataset")
    strings = ["text", "lower", "lemma", "upos", "speaker"]
    table = TOKENS.astype({c: "category" for c in strings})  # as tokens() writes them
    for i, doc in enumerate(["a", "b"]):
        part = table[table["doc_id"] == doc].reset_index(drop=True)
        part.attrs = dict(TOKENS.attrs)
        write_partition(part, folder / f"part-{i:05d}.parquet")
    return folder


@pytest.mark.parametrize(("fname", "arg", "bad"), list(_cases()))
def test_every_bad_choice_names_argument_value_and_allowed_values(dataset, fname, arg, bad):
    func = PUBLIC[fname]
    if fname == "parquet_term_counts":
        args, kwargs = (dataset,), {}
    else:
        args, kwargs = CALLS[fname]
    args, kwargs = _bind(func, args, kwargs, arg, bad)
    with pytest.raises(CorpusError) as err:
        func(*args, **kwargs)
    message = str(err.value)
    assert message.startswith(f"{func.__name__}(): {arg}=")
    assert _short(bad) in message and "is not valid; allowed: " in message


# --- the examples of issue 13, each named --------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: dc.collocations(TOKENS, "vs", role="xx"), "collocations(): role='xx'"),
        (lambda: dc.kwic(TOKENS, "vs", role="xx"), "kwic(): role='xx'"),
        (lambda: dc.sentiment(TOKENS, role="xx"), "sentiment(): role='xx'"),
        (lambda: dc.dictionary_counts(TOKENS, {"a": ["vs"]}, role="xx"), "role='xx'"),
        (lambda: dc.keyness(TOKENS, target="P1", role="xx"), "keyness(): role='xx'"),
        (lambda: dc.collocations(TOKENS, "vs", pos="XX"), "collocations(): pos='XX'"),
        (lambda: dc.collocations(TOKENS, "vs", measure="foo"), "collocations(): measure='foo'"),
        (lambda: dc.sentiment(TOKENS, terms=["VS", " "]), "sentiment(): terms=['VS', ' ']"),
        (lambda: dc.kwic(TOKENS, "(", regex=True), "kwic(): terms='('"),
        (lambda: dc.collocations(TOKENS, ["vs", "[a"], regex=True), "the item '[a'"),
        (lambda: dc.keyness(TOKENS, target="P9"), "keyness(): target='P9'"),
        (lambda: dc.keyness_table(TOKENS, by="term"), "keyness_table(): by='term'"),
        (lambda: dc.collocations(TOKENS.drop(columns="role"), "vs"), "only None (all voices)"),
    ],
)
def test_issue_examples(call, message):
    with pytest.raises(CorpusError, match="is not valid; allowed: ") as err:
        call()
    assert message in str(err.value)


# --- the cabinet's voice by default (issue 13, item 4) --------------------------------------


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
        assert a.attrs == b.attrs and a.attrs["params"]["role"] == "government"
    else:  # TermCounts
        for field in ("terms", "groups", "group_counts", "group_size", "cell_count"):
            np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
        assert a.settings == b.settings


ROLE_CALLS = {
    "collocations": lambda t, **kw: dc.collocations(t, "VS", **kw),
    "collocations_by": lambda t, **kw: dc.collocations(
        t, ["VS", "Verenigde Staten", "Amerika*"], by="period", **kw
    ),
    "keyness": lambda t, **kw: dc.keyness(t, target=t["period"].cat.categories[-1], **kw),
    "keyness_table": lambda t, **kw: dc.keyness_table(t, by="period", **kw),
    "term_counts": lambda t, **kw: dc.term_counts(t, by="period", **kw),
    "kwic": lambda t, **kw: dc.kwic(t, "VS", **kw),
    "sentiment": lambda t, **kw: dc.sentiment(t, **kw),
    "sentiment_terms": lambda t, **kw: dc.sentiment(t, terms=["vs", "verenigde staten"], **kw),
    "dictionary_counts": lambda t, **kw: dc.dictionary_counts(t, "modality", **kw),
}


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
@pytest.mark.parametrize("name", sorted(ROLE_CALLS))
def test_default_role_is_the_government(request, pipeline, name):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    call = ROLE_CALLS[name]
    default = call(toks)
    _same(default, call(toks, role="government"))
    everyone = call(toks, role=None)
    if isinstance(everyone, pd.DataFrame):
        assert everyone.attrs["params"]["role"] is None
        assert not everyone.equals(default)  # MPs' words are in the seed corpus
    else:
        assert everyone.group_size.sum() > default.group_size.sum()


def test_every_role_argument_defaults_to_the_government():
    with_role = {
        name: func
        for name, func in PUBLIC.items()
        if name not in MACHINERY and "role" in inspect.signature(func).parameters
    }
    assert {
        "collocations",
        "dictionary_counts",
        "keyness",
        "keyness_table",
        "kwic",
        "parquet_term_counts",
        "sentiment",
        "term_counts",
    } <= set(with_role)
    for func in with_role.values():
        assert inspect.signature(func).parameters["role"].default == "government"
