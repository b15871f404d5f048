"""Fixtures shared by the whole suite: the bundled corpus, read, segmented and parsed once.

The tables are session-scoped and shared: a test that changes one works on a ``.copy()``.
Token tables exist once per pipeline (``builtin_tokens`` always; ``frog_tokens`` skips when
Frog is not installed). Parsed tables come from the token cache when it holds them.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pytest

import discourse as dc


@pytest.fixture(scope="session")
def seed_letters() -> pd.DataFrame:
    """The bundled letters (``load_letters()``)."""
    return dc.load_letters()


@pytest.fixture(scope="session")
def seed_segments(seed_letters: pd.DataFrame) -> pd.DataFrame:
    """Speaker segments of the bundled letters."""
    return dc.segments(seed_letters)


def _parse(segs: pd.DataFrame, pipeline: str) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in pipeline's low-accuracy warning
        return dc.tokens(segs, pipeline=pipeline, progress=False)


@pytest.fixture(scope="session")
def builtin_tokens(seed_segments: pd.DataFrame) -> pd.DataFrame:
    """The bundled corpus parsed with the built-in pipeline (always available)."""
    return _parse(seed_segments, "builtin")


@pytest.fixture(scope="session")
def frog_tokens(seed_segments: pd.DataFrame) -> pd.DataFrame:
    """The bundled corpus parsed with Frog; skips when Frog is not installed."""
    if shutil.which("frog") is None:
        pytest.skip("Frog is not installed: sudo apt-get install frog frogdata")
    return _parse(seed_segments, "frog")
