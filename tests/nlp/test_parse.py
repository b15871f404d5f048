"""Tests of discourse.nlp.parse: spaCy string hashes decoded into sorted categoricals."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.strings import StringStore

from discourse.nlp import parse


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.text(max_size=6), max_size=40), min_size=1, max_size=4),
    st.sampled_from([8, 1_000_000]),
)
def test_hash_categorical_matches_the_strings(batches, memo_max) -> None:
    """Successive columns of hashes (the memo grows, or starts afresh when full)."""
    strings = StringStore()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse, "_VOCAB_MAX", memo_max)
        for words in batches:
            hashes = np.array([strings.add(w) for w in words], np.uint64)
            cat = parse.hash_categorical(hashes, strings)
            assert list(cat) == words
            assert list(cat.categories) == sorted(set(words))
