"""Fault injection for the token cache (discourse.nlp.cache): flipped bits, truncated files, a
cache folder that cannot be written, and the bound on its size under many subset calls."""

from __future__ import annotations

import errno
import json
import os
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import spacy

from discourse.nlp import cache as cache_mod
from discourse.nlp import tokens as tokens_mod
from discourse.nlp.cache import CacheWarning, cache_info
from discourse.nlp.tokens import tokens


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _fake() -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"], nlp.meta["version"] = "fake", "1"
    return nlp


LETTERS = {
    "2024-11_bz_oekraine": "Hierbij informeer ik u over de steun aan Oekraïne. Het kabinet "
    "heeft besloten de steun voort te zetten.",
    "2024-12_def_motie": "In deze brief ga ik in op de motie van het lid Boswijk over de "
    "situatie in Nederland.",
    "2025-01_bz_raad": "Met deze brief stuur ik u het verslag van de Raad Buitenlandse Zaken "
    "van 18 november.",
    "2025-02_fin_begroting": "De Tweede Kamer heeft gevraagd om een toelichting op de "
    "begroting; die volgt voor de zomer.",
    "2025-03_jenv_asiel": "Ik informeer u over de voortgang van de asielwetgeving en de "
    "uitvoering door de IND.",
    "2025-04_ezk_energie": "De energieprijzen zijn gedaald, maar huishoudens met een laag "
    "inkomen blijven kwetsbaar.",
    "2025-05_ocw_onderwijs": "Het lerarentekort in het primair onderwijs is nog altijd groot, "
    "vooral in de grote steden.",
    "2025-06_vws_zorg": "Met deze brief informeer ik uw Kamer over de wachtlijsten in de "
    "geestelijke gezondheidszorg.",
}


def _letters(ids=None) -> pd.DataFrame:
    ids = list(LETTERS) if ids is None else list(ids)
    return pd.DataFrame({"doc_id": ids, "text": [LETTERS[i] for i in ids]})


def _quiet_tokens(letters: pd.DataFrame, nlp) -> tuple[pd.DataFrame, list[str]]:
    """``tokens()`` and the messages of the cache warnings it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        toks = tokens(letters, pipeline=nlp)
    return toks, [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]


def _page_headers(path: Path) -> list[int]:
    """Offsets of the file's page headers (not covered by the pages' checksums)."""
    meta = pq.read_metadata(path)
    out = []
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            chunk = meta.row_group(g).column(c)
            out += [o for o in (chunk.dictionary_page_offset, chunk.data_page_offset) if o]
    return out


def test_flipped_bits_are_discarded_with_a_warning_every_time(_cache: Path) -> None:
    nlp, letters = _fake(), _letters()[:3]
    good = tokens(letters, pipeline=nlp, cache=False)
    tokens(letters, pipeline=nlp)
    (batch,) = _cache.rglob("*.parquet")
    content = batch.read_bytes()
    headers = {at + k for at in _page_headers(batch) for k in range(24)}
    positions = sorted(headers | set(range(4, len(content) - 8, 23)))  # + data, footer
    discarded = 0
    for n, at in enumerate(positions):
        damaged = bytearray(content)
        damaged[at] ^= 0x08
        for f in batch.parent.glob("*.parquet"):
            f.unlink()
        batch.write_bytes(bytes(damaged))
        toks, warned = _quiet_tokens(letters, nlp)
        pd.testing.assert_frame_equal(toks, good)
        if warned:  # the damaged file was deleted, the letters parsed and written again
            discarded += 1
            assert batch.name in warned[0]
            assert batch.read_bytes() == content
        if n % 5 == 0:  # never a persistent error
            again, warned_again = _quiet_tokens(letters, nlp)
            pd.testing.assert_frame_equal(again, good)
            assert not warned_again
    assert discarded > len(positions) // 3


def test_truncated_cache_files_are_discarded(_cache: Path) -> None:
    nlp, letters = _fake(), _letters()[:3]
    good = tokens(letters, pipeline=nlp)
    (batch,) = _cache.rglob("*.parquet")
    content = batch.read_bytes()
    for length in [0, 1, 4, 8, *range(16, len(content), 97), len(content) - 1]:
        batch.write_bytes(content[:length])
        toks, warned = _quiet_tokens(letters, nlp)
        pd.testing.assert_frame_equal(toks, good)
        assert warned and batch.name in warned[0]
        assert batch.read_bytes() == content


def test_a_table_that_fails_after_its_checks_is_discarded(_cache: Path, monkeypatch) -> None:
    nlp, letters = _fake(), _letters()[:3]
    good = tokens(letters, pipeline=nlp)
    real = tokens_mod.cached_columns
    calls = []

    def broken_once(body, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise IndexError("index 10 is out of bounds for axis 0 with size 10")
        return real(body, **kwargs)

    monkeypatch.setattr(tokens_mod, "cached_columns", broken_once)
    before = cache_info()
    toks, warned = _quiet_tokens(letters, nlp)
    pd.testing.assert_frame_equal(toks, good)
    assert warned and "IndexError" in warned[0]
    assert cache_info()["parsed_segments"] - before["parsed_segments"] == 3
    toks, warned = _quiet_tokens(letters, nlp)  # the file written again is read
    pd.testing.assert_frame_equal(toks, good)
    assert not warned and cache_info()["parsed_segments"] - before["parsed_segments"] == 3


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(errno.EACCES, "Permission denied"),
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EROFS, "Read-only file system"),
    ],
)
def test_unwritable_cache_returns_the_tokens_with_a_warning(
    _cache: Path, monkeypatch, error: OSError
) -> None:
    nlp = _fake()
    good = tokens(_letters(), pipeline=nlp, cache=False)

    def refuse(path):
        raise error

    monkeypatch.setattr(cache_mod, "atomic_path", refuse)
    with pytest.warns(CacheWarning, match=rf"could not be written .*{error.strerror}"):
        toks = tokens(_letters(), pipeline=nlp)
    pd.testing.assert_frame_equal(toks, good)
    assert not list(_cache.rglob("*.parquet"))
    monkeypatch.undo()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_cache_folder_returns_the_tokens_with_a_warning(_cache: Path) -> None:
    nlp = _fake()
    good = tokens(_letters(), pipeline=nlp, cache=False)
    folder = _cache / "tokens" / "fake"
    folder.mkdir(parents=True)
    folder.chmod(0o555)
    try:
        with pytest.warns(CacheWarning, match="could not be written"):
            toks = tokens(_letters(), pipeline=nlp)
    finally:
        folder.chmod(0o755)
    pd.testing.assert_frame_equal(toks, good)


def _stored(cache: Path) -> dict[Path, list[str]]:
    return {
        path: json.loads(pq.read_metadata(path).metadata[b"discourse_documents"])
        for path in cache.rglob("corpus-*.parquet")
    }


def test_subset_calls_keep_one_copy_of_every_document(_cache: Path) -> None:
    nlp, rng = _fake(), np.random.default_rng(20)
    ids = list(LETTERS)
    everything = tokens(_letters(), pipeline=nlp, cache=False)
    for _ in range(40):
        subset = sorted(rng.choice(len(ids), size=3, replace=False))  # 3 letters of 8
        part = [ids[i] for i in subset]
        toks = tokens(_letters(part), pipeline=nlp)
        expected = everything[everything.doc_id.isin(part)]
        assert list(toks["text"].astype(str)) == list(expected["text"].astype(str))
        stored = _stored(_cache)
        keys = [k for file_keys in stored.values() for k in file_keys]
        assert len(keys) == len(set(keys))  # no document twice
        assert len(stored) <= len(ids)
    rows = sum(pq.read_metadata(path).num_rows for path in stored)
    assert rows <= len(everything)  # at most the parsed data, once (was 20 times)
