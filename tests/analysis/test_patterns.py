"""Tests for discourse.analysis.patterns: globs against fnmatch, the matcher, find_terms."""

from __future__ import annotations

import ast
import doctest
import fnmatch
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse.analysis.patterns as patterns_module
from discourse.analysis.patterns import (
    TokenMatcher,
    find_terms,
    glob_escape,
    glob_regex,
    glob_source,
    type_mask,
)
from discourse.errors import CorpusError

PACKAGE = Path(__file__).resolve().parents[2] / "discourse"

# --- globs -----------------------------------------------------------------------------------

STRINGS = [
    "",
    "a",
    "b",
    "x",
    "ax",
    "bx",
    "dx",
    "]",
    "[",
    "!",
    "a[b",
    "x]y",
    "a.b+(c)",
    "^",
    "-",
    "&",
    "\\",
    "vs",
    "v",
    "kabinet",
    "ekabinetten",
    "amerika",
    "amerikaanse",
    "[a]",
    "a]",
    "[]",
    "]x",
]


@pytest.mark.parametrize(
    "pattern",
    [
        "amerika*",
        "v?",
        "[ek]abinet*",
        "[!a-c]x",
        "[]",
        "[!]",
        "[]x]",
        "[!]x]",
        "[]a]",
        "[!]a]",
        "a[b",
        "[[]",
        "x]y",
        "[z-a]",
        "[a-]",
        "[^x]",
        "a.b+(c)",
        "**",
        "*?*",
        "",
        "[a&&b]",
        "[\\]",
        "[]-a]",
        "[!",
        "[",
    ],
)
def test_glob_source_matches_like_fnmatch(pattern):
    """The token glob of collocations/kwic: fnmatch's semantics on token strings."""
    ours, ref = re.compile(glob_source(pattern)), re.compile(fnmatch.translate(pattern))
    for s in STRINGS:
        assert bool(ours.fullmatch(s)) == bool(ref.fullmatch(s)), (pattern, s)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="ab]![-^\\*?x.&~|", max_size=8),
    st.lists(st.text(alphabet="ab]![-^\\x.&", max_size=4), min_size=1, max_size=30),
)
def test_glob_source_equals_fnmatch_on_random_patterns(pattern, strings):
    try:
        ref = re.compile(fnmatch.translate(pattern))
    except re.error:  # pragma: no cover - fnmatch itself gave an invalid regex
        return
    ours = re.compile(glob_source(pattern))
    for s in strings:
        assert bool(ours.fullmatch(s)) == bool(ref.fullmatch(s)), (pattern, s)


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        ("[]", ["[", "]"]),  # no closing "]" after the member "]": both literal
        ("[!]", ["[", "!", "]"]),
        ("[]x]", ["[]x]"]),  # "]" right after "[" is a member
        ("[!]x]", ["[!]x]"]),
        ("a[b", ["a", "[", "b"]),  # no closing "]": the "[" is literal
        ("[[]", ["[[]"]),
        ("[a]]", ["[a]", "]"]),
        ("*[ab]?", ["*", "[ab]", "?"]),
    ],
)
def test_glob_pieces_delimit_sets_as_fnmatch(pattern, pieces):
    assert list(patterns_module.glob_pieces(pattern)) == pieces


def test_glob_escape_and_quanteda_globs():
    for term in ("c*?[x]", "[!]", "a[b", "]", "*"):
        assert re.fullmatch(glob_source(glob_escape(term)), term)
        assert not re.fullmatch(glob_source(glob_escape(term)), term + "x")
    assert glob_regex("veilig*").fullmatch("veiligheidsbeleid")
    assert not glob_regex("veilig*").fullmatch("onveilig")
    assert glob_regex("V?").fullmatch("vs") and not glob_regex("v?").fullmatch("v")
    assert glob_regex("a.b").fullmatch("a.b") and not glob_regex("a.b").fullmatch("axb")
    # quanteda globs have no character sets: "[" is literal
    assert glob_regex("[eu]").fullmatch("[eu]") and not glob_regex("[eu]").fullmatch("e")


def _regex_literals() -> list[tuple[str, str]]:
    """Every string literal the package passes to a function of :mod:`re`."""
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                out.append((f"{path.name}:{node.lineno}", node.args[0].value))
    return out


def test_regexes_use_no_syntax_newer_than_python_3_10():
    """Atomic groups and possessive quantifiers arrived in Python 3.11's re (the 3.10 import
    failed on one); every literal pattern of the package compiles without them."""
    literals = _regex_literals()
    assert len(literals) > 5
    possessive = re.compile(r"(?<!\\)(?:[*+?]|\})\+")
    for where, source in literals:
        re.compile(source)
        assert "(?>" not in source, where
        assert not possessive.search(source), where


# --- matching on distinct values ---------------------------------------------------------------


def test_type_mask_syntaxes():
    values = np.array(["vs", "verenigde", "[eu]", "e", "VS", 3, None], dtype=object)
    glob = type_mask(values, "v*", syntax="glob", case_insensitive=True)
    assert glob.tolist() == [True, True, False, False, True, False, False]  # re.I
    assert type_mask(values, "VS", syntax="glob", case_insensitive=False).tolist() == [
        False,
        False,
        False,
        False,
        True,
        False,
        False,
    ]
    assert type_mask(values, "[eu]", syntax="glob").tolist()[3] is True  # a set
    quanteda = type_mask(values, "[EU]", syntax="quanteda")  # lower-cased, "[" literal
    assert quanteda.tolist() == [False, False, True, False, False, False, False]
    assert type_mask(values, "v.*", syntax="regex").tolist()[:2] == [True, True]
    assert not type_mask(values, "v", syntax="regex").any()  # full match
    with pytest.raises(CorpusError, match="syntax='sql' is not valid; allowed: one of 'glob'"):
        type_mask(values, "v", syntax="sql")


def test_matcher_ors_columns_maps_positions_and_caches():
    forms = pd.factorize(np.array(["De", "VS", "steunt", None, "Amerika"], dtype=object))
    lemmas = pd.factorize(np.array(["de", "vs", "steunen", "x", "amerika"], dtype=object))
    m = TokenMatcher([forms, lemmas], syntax="glob", case_insensitive=False)
    assert m("steunen").tolist() == [2]  # on the lemma only
    assert m("De").tolist() == [0]
    assert m("*").tolist() == [0, 1, 2, 3, 4]  # missing form, but a lemma
    assert m("*") is m("*")
    shifted = TokenMatcher([forms], positions=lambda mask: np.flatnonzero(mask) + 10)
    assert shifted("steunt").tolist() == [12]
    assert shifted("vs").tolist() == []  # case_insensitive needs lower-cased values
    missing = TokenMatcher([forms], syntax="quanteda", missing="")
    assert missing("*").tolist() == [0, 1, 2, 3, 4]  # the missing value stands for ""
    assert TokenMatcher([forms], syntax="quanteda")("*").tolist() == [0, 1, 2, 4]


# --- find_terms --------------------------------------------------------------------------------


def _find(words, terms, block=None, repeats="all"):
    codes = pd.factorize(np.array(words, dtype=object))
    block = np.zeros(len(words), dtype=int) if block is None else np.asarray(block)
    first, length, cover = find_terms(terms, TokenMatcher([codes]), block, repeats=repeats)
    return first.tolist(), length.tolist(), cover.tolist()


def test_longest_term_first_and_no_overlap():
    words = "de verenigde staten en de staten".split()
    assert _find(words, ["staten", "verenigde staten"]) == ([1, 5], [2, 1], [1, 2, 5])
    assert _find(words, ["de *"], block=[0, 0, 0, 0, 1, 1])[0] == [0, 4]
    assert _find(words, ["en de"], block=[0, 0, 0, 0, 1, 1])[0] == []  # crosses a block


def test_repeats_of_one_phrase():
    words = "de de de x".split()
    assert _find(words, ["de de"]) == ([0, 1], [2, 2], [0, 1, 2])
    assert _find(words, ["de de"], repeats="leftmost") == ([0], [2], [0, 1])


def reference(words, block, terms, repeats):
    """find_terms the slow way, token by token."""
    covered, found = set(), []
    for t in sorted((t.split() for t in terms), key=len, reverse=True):
        k, hits = len(t), []
        for i in range(len(words) - k + 1):
            span = range(i, i + k)
            if (
                all(fnmatch.fnmatchcase(words[i + j], t[j]) for j in range(k))
                and all(block[p] == block[i] for p in span)
                and not covered.intersection(span)
            ):
                hits.append(i)
        if repeats == "leftmost":
            kept = []
            for i in hits:
                if not kept or i >= kept[-1] + k:
                    kept.append(i)
            hits = kept
        found += [(i, k) for i in hits]
        covered.update(p for i in hits for p in range(i, i + k))
    return sorted(found), sorted(covered)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.sampled_from(["a", "b", "c"]), max_size=30),
    cuts=st.lists(st.booleans(), max_size=30),
    terms=st.lists(
        st.lists(st.sampled_from(["a", "b", "c", "?", "[ab]", "*"]), min_size=1, max_size=3).map(
            " ".join
        ),
        min_size=1,
        max_size=4,
    ),
    repeats=st.sampled_from(["all", "leftmost"]),
)
def test_find_terms_equals_a_token_by_token_reference(words, cuts, terms, repeats):
    block = np.cumsum([False] + (cuts + [False] * len(words))[: max(len(words) - 1, 0)])
    first, length, cover = _find(words, terms, block, repeats)
    expected, covered = reference(words, block, terms, repeats)
    assert list(zip(first, length, strict=True)) == expected
    assert cover == covered


@pytest.mark.parametrize("terms", [[""], ["a", " "], ["\t"]])
def test_a_blank_term_is_refused(terms):
    with pytest.raises(CorpusError, match="blank search term"):
        _find(["a", "b"], terms)


def test_terms_of_equal_length_are_matched_in_the_order_given():
    """Longer terms first, then the given order (never a set's hash order); duplicates once."""
    words = "a b c d".split()
    assert _find(words, ["b c", "a b", "c d"])[0] == [1]
    assert _find(words, ["a b", "c d", "b c"])[0] == [0, 2]
    assert _find(words, ["c", "a b", "b c", "a b"])[0] == [0, 2]  # "a b" first, then "c"


def test_docstring_examples():
    assert doctest.testmod(patterns_module).failed == 0
