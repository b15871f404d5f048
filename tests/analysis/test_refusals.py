"""Arguments that used to give wrong numbers or confusing errors (issue 20.5 and the
"confusing errors" list): repeated groups, keyness on one group, invalid regexes."""

from __future__ import annotations

import re

import pytest

from discourse.analysis.collocations import collocations
from discourse.analysis.keyness import keyness
from discourse.analysis.kwic import kwic
from discourse.errors import CorpusError


@pytest.fixture()
def toks(letter_tokens):
    return letter_tokens()


@pytest.mark.parametrize(
    ("args", "name", "repeated"),
    [
        ({"target": ["Schoof", "Schoof"]}, "target", "Schoof"),
        ({"target": "Schoof", "reference": ["Rutte IV", "Rutte IV"]}, "reference", "Rutte IV"),
    ],
)
def test_a_repeated_group_is_refused_naming_it(toks, args, name, repeated):
    expected = f"{name}={args[name]!r} (the item {repeated!r}) is not valid; allowed: each "
    expected += f"group once ({repeated!r} is repeated), one of 'Rutte IV', 'Schoof'"
    with pytest.raises(CorpusError, match=re.escape(expected)):
        keyness(toks, by="period", min_freq=1, **args)


def test_a_group_repeated_as_number_and_text_is_refused(toks):
    toks["year"] = toks["period"].map({"Rutte IV": 2022, "Schoof": 2024}).astype(int)
    with pytest.raises(CorpusError, match=r"each group once \('2024' is repeated\)"):
        keyness(toks, by="year", target=[2024, "2024"], min_freq=1)
    assert keyness(toks, by="year", target=[2024], min_freq=1)["freq_target"].sum() > 0


def test_keyness_with_one_group_names_the_group_and_the_column(toks):
    one = toks[toks["period"] == "Schoof"]
    with pytest.raises(CorpusError) as info:
        keyness(one, by="period", target="Schoof")
    message = str(info.value)
    assert "for  after" not in message
    assert message.startswith(
        "keyness(): reference=None (every group of 'period' but the target) is empty: "
    )
    assert "only 'Schoof' of 'period' has words" in message
    assert "at least one other group of 'period'" in message


@pytest.mark.parametrize(
    ("call", "argument", "word"),
    [
        (lambda t: kwic(t, "(kabinet", regex=True), "terms='(kabinet'", "(kabinet"),
        (
            lambda t: collocations(t, ["het", "de (kabinet"], regex=True),
            "terms=['het', 'de (kabinet'] (the item 'de (kabinet')",
            "(kabinet",
        ),
        (lambda t: kwic(t, "kabinet", regex=True, collocate="[a-"), "collocate='[a-'", "[a-"),
    ],
)
def test_an_invalid_regex_names_the_pattern_and_the_error(toks, call, argument, word):
    with pytest.raises(re.error) as raw:
        re.compile(word)
    with pytest.raises(CorpusError) as info:
        call(toks)
    message = str(info.value)
    assert f"{argument} is not valid; allowed: " in message
    assert f"that compile ({word!r} does not: {raw.value})" in message
