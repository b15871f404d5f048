"""Tests for keyness against general Dutch (discourse.analysis.reference).

The frequency list is monkeypatched with a small hand-made one, so every expected count
is known; one test reads wordfreq's own Dutch list from the installed wheel (no network).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from discourse.analysis import reference
from discourse.analysis.keyness import COLUMNS, keyness
from discourse.errors import CorpusError
from discourse.provenance import provenance

#: Relative frequencies of a tiny "general Dutch" list (word forms, lower-cased).
SMALL = {
    "het": 0.03,
    "de": 0.05,
    "een": 0.2,
    "kabinet": 2e-5,
    "asiel": 1e-6,
    "natuur": 8e-5,
    "uw": 4e-4,
}


@pytest.fixture
def small_list(monkeypatch):
    monkeypatch.setattr(reference, "_frequencies", lambda: SMALL)


def test_counts_are_frequencies_times_the_stated_size(small_list):
    got = reference.general_counts(np.array(["kabinet", "de", "asielinstroom"], dtype=object))
    assert got.tolist() == [20_000, 50_000_000, 0]
    assert reference.GENERAL_SIZE == 10**9


def test_keyness_against_general_dutch_by_hand(small_list, letter_tokens):
    toks = letter_tokens()
    out = keyness(toks, target="Schoof", reference="nl-general", unit="lower", min_freq=1)
    assert list(out.columns) == COLUMNS
    schoof = toks[(toks["period"] == "Schoof") & ~toks["is_punct"]]
    c = len(schoof)
    row = out.set_index("term").loc["kabinet"]
    a = int((schoof["lower"] == "kabinet").sum())
    assert (row["freq_target"], row["freq_reference"]) == (a, 20_000)
    assert (row["size_target"], row["size_reference"]) == (c, 10**9)
    assert row["per_10k_reference"] == pytest.approx(2e-5 * 1e4)
    assert row["log_ratio"] == pytest.approx(math.log2((a / c) / (20_000 / 1e9)))
    g2 = chi2_contingency(
        [[a, 20_000], [c - a, 10**9 - 20_000]], lambda_="log-likelihood", correction=False
    )[0]
    assert row["log_likelihood"] == pytest.approx(g2)
    assert row["range_target"] == 2 and row["n_docs_target"] == 2
    assert row["range_reference"] is pd.NA and np.isnan(row["p_doc"])
    absent = out.set_index("term").loc["asielinstroom"]
    assert absent["freq_reference"] == 0 and absent["perc_diff"] == np.inf
    assert set(out["term"]) == set(schoof["lower"])  # only target words are tested
    assert out["direction"].iloc[0] == "target"
    assert out.set_index("term").loc["een", "direction"] == "reference"  # 2 in ~40 < 20 %


def test_provenance_and_documents(small_list, letter_tokens):
    out = keyness(letter_tokens(), target="Schoof", reference="nl-general", unit="lower")
    assert out.attrs["params"]["reference"] == "nl-general"
    assert out.attrs["documents"] == {"Schoof": 2}
    assert "reference=nl-general" in provenance(out)


@pytest.mark.parametrize("unit", ["lemma", "text", "bigram", "4-gram"])
def test_units_other_than_lower_are_refused(small_list, letter_tokens, unit):
    with pytest.raises(CorpusError, match=rf"needs unit='lower'; got unit='{unit}'"):
        keyness(letter_tokens(), target="Schoof", reference="nl-general", unit=unit)


def test_a_bad_reference_names_nl_general_among_the_allowed(letter_tokens):
    with pytest.raises(CorpusError, match=r"reference='nl-algemeen' is not valid.*'nl-general'"):
        keyness(letter_tokens(), target="Schoof", reference="nl-algemeen", unit="lower")


def test_group_references_are_unchanged(small_list, letter_tokens):
    toks = letter_tokens()
    rest = keyness(toks, target="Schoof", unit="lower", min_freq=1)
    named = keyness(toks, target="Schoof", reference="Rutte IV", unit="lower", min_freq=1)
    assert rest.equals(named) and rest["size_reference"].iloc[0] < 100


def test_wordfreq_dutch_list_is_read_from_the_wheel():
    counts = reference.general_counts(["de", "kabinet", "minister", "xqzwv"])
    assert counts[0] > 10**7 and counts[1] > counts[3] == 0 and counts[2] > 10**4
