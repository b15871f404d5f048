"""One argument check for the plots: every public function of :mod:`discourse.viz` declares
its choices with validate_params, and every bad value is a CorpusError that names the
function, the argument, the value and what is allowed."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import matplotlib.pyplot as plt
import pytest

import discourse as dc
import discourse.viz
from discourse._validate import _short, constraints_of
from discourse.errors import CorpusError

#: Shared drawing machinery (called with checked arguments), with the reason.
MACHINERY = {
    "discourse.viz.base.add_caption": "drawing helper",
    "discourse.viz.base.caption": "caption text of a checked result (drawing helper)",
    "discourse.viz.base.caption_lines": "layout helper",
    "discourse.viz.base.new_axes": "drawing helper",
    "discourse.viz.base.require_columns": "the input-table check itself",
    "discourse.viz.labels.declutter": "drawing helper",
    "discourse.viz.labels.fit_texts": "drawing helper",
}


def _public() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(discourse.viz.__path__):
        module = importlib.import_module(f"discourse.viz.{info.name}")
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if callable(obj):  # re-exports (plots.py) under their own module
                found[f"{obj.__module__}.{name}"] = obj
    for name in dc.__all__:
        obj = getattr(dc, name)
        if getattr(obj, "__module__", "").startswith("discourse.viz"):
            found.setdefault(f"{obj.__module__}.{name}", obj)
    return found


PUBLIC = _public()


def test_every_public_function_is_validated():
    missing = [
        k
        for k, f in PUBLIC.items()
        if not hasattr(f, "__discourse_params__") and k not in MACHINERY
    ]
    assert not missing
    assert "discourse.viz.figures.save_figure" in PUBLIC


@pytest.fixture(scope="module")
def inputs(builtin_tokens, tmp_path_factory):
    from discourse.analysis.summaries import sentiment_per_document, summarise_sentiment

    toks = builtin_tokens
    units = dc.sentiment(toks, by="period", terms=["vs", "verenigde staten"])
    coll = dc.collocations(toks, ["VS", "Verenigde Staten"], by="period", min_freq=2)
    fig = plt.figure()
    return {
        "keyness.plot_keyness": (
            (dc.keyness(toks, target="Van Weel", min_freq=2),),
            {},
        ),
        "keyness.plot_keyness_heatmap": ((dc.keyness_table(toks, min_freq=2),), {}),
        "collocations.plot_collocations": ((coll,), {}),
        "network.plot_collocation_network": ((coll,), {}),
        "sentiment.plot_sentiment": ((summarise_sentiment(units, n_boot=20),), {}),
        "sentiment.plot_sentiment_timeline": ((sentiment_per_document(units),), {}),
        "sentiment_table.sentiment_html": ((units,), {}),
        "plots.plot_sentiment": ((units,), {"n_boot": 20}),
        "plots.plot_sentiment_timeline": ((units,), {}),
        "figures.save_figure": ((fig, "x"), {"folder": tmp_path_factory.mktemp("figures")}),
        "xray.plot_xray": ((toks, ["VS", "Europa"]), {}),
        "trend.plot_trend": ((toks, ["VS", "Europa"]), {}),
    }


def _cases():
    for key, func in sorted(PUBLIC.items()):
        for arg, constraint in constraints_of(func).items():
            for i, bad in enumerate(constraint.invalid_values()):
                yield pytest.param(key, arg, bad, id=f"{key.split('.', 2)[-1]}-{arg}-{i}")


def test_every_function_has_a_valid_call(inputs):
    for key, func in PUBLIC.items():
        if key in MACHINERY:
            continue
        args, kwargs = inputs[key.removeprefix("discourse.viz.")]
        func(*args, **kwargs)  # no error
    plt.close("all")


@pytest.mark.parametrize(("key", "arg", "bad"), list(_cases()))
def test_every_bad_choice_names_argument_value_and_allowed_values(inputs, key, arg, bad):
    func = PUBLIC[key]
    args, kwargs = inputs[key.removeprefix("discourse.viz.")]
    bound = inspect.signature(func).bind_partial(*args, **kwargs)
    bound.arguments[arg] = bad
    with pytest.raises(CorpusError) as err:
        func(*bound.args, **bound.kwargs)
    message = str(err.value)
    assert message.startswith(f"{func.__name__}(): {arg}=")
    assert _short(bad) in message and "is not valid; allowed: " in message
    plt.close("all")
