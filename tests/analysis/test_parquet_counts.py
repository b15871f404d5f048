"""Tests for discourse.analysis.parquet_counts: term counts of a Parquet dataset, one file at
a time, equal to term_counts() on the whole table (the dataset written here with
write_partition, no Dask; parse_corpus datasets are tested in tests/nlp/test_parallel.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.counts import term_counts
from discourse.analysis.parquet_counts import parquet_term_counts
from discourse.errors import CorpusError
from discourse.nlp.dataset import write_partition


@pytest.fixture(scope="module")
def dataset(builtin_tokens, tmp_path_factory):
    """The seed corpus in three partitions (documents never split)."""
    folder = tmp_path_factory.mktemp("parquet_counts")
    docs = builtin_tokens["doc_id"].cat.categories
    for i, part_docs in enumerate(np.array_split(np.asarray(docs), 3)):
        part = builtin_tokens[builtin_tokens["doc_id"].isin(part_docs)].reset_index(drop=True)
        part.attrs = dict(builtin_tokens.attrs)
        write_partition(part, folder / f"part-{i:05d}.parquet")
    return folder


def expected(tc, by: str) -> pd.DataFrame:
    groups = [str(g) for g in tc.groups]
    wide = pd.DataFrame(np.asarray(tc.group_counts), index=[str(t) for t in tc.terms])
    wide.columns = groups
    long = wide.stack().rename("n").reset_index()
    long.columns = ["term", by, "n"]
    return long[long["n"] > 0].sort_values([by, "term"], ignore_index=True)


@pytest.mark.parametrize(
    ("by", "unit", "pos", "role"),
    [
        ("period", "lemma", None, "government"),
        ("doc_type", "bigram", None, None),
        ("period", "trigram", None, "government"),
        ("doc_type", "5-gram", ["NOUN", "ADP", "DET", "ADJ"], None),
        ("period", "lower", ["NOUN", "PROPN"], ["parliament", "other"]),
    ],
)
def test_counts_equal_term_counts_group_column_named_after_by(
    builtin_tokens, dataset, by, unit, pos, role
):
    got = parquet_term_counts(dataset, by=by, unit=unit, pos=pos, role=role)
    assert list(got.columns) == ["term", by, "n"]
    tc = term_counts(builtin_tokens, by=by, unit=unit, pos=pos, role=role)
    pd.testing.assert_frame_equal(got, expected(tc, by), check_dtype=False)
    sizes = {str(g): int(n) for g, n in zip(tc.groups, tc.group_size, strict=True) if n}
    assert got.attrs["group_size"] == sizes
    assert got.attrs["params"] == {
        "by": by,
        "unit": unit,
        "pos": pos,
        "role": role,
    }
    assert got.attrs["pipeline"] == builtin_tokens.attrs["pipeline"]


def test_the_cabinets_voice_by_default(dataset):
    pd.testing.assert_frame_equal(
        parquet_term_counts(dataset), parquet_term_counts(dataset, role="government")
    )
    assert parquet_term_counts(dataset).attrs["params"]["role"] == "government"


def test_errors_name_the_argument_value_and_allowed_values(dataset):
    with pytest.raises(CorpusError, match="role='minister' is not valid; allowed: one of "):
        parquet_term_counts(dataset, role="minister")
    with pytest.raises(CorpusError, match="unit='6-gram' is not valid; allowed: one of"):
        parquet_term_counts(dataset, unit="6-gram")
    with pytest.raises(CorpusError, match="pos='NOUNS' is not valid; allowed: one of"):
        parquet_term_counts(dataset, pos="NOUNS")
    with pytest.raises(CorpusError, match="by='kabinet' is not valid; allowed: a column"):
        parquet_term_counts(dataset, by="kabinet")
    with pytest.raises(CorpusError, match="by='term' is not valid"):
        parquet_term_counts(dataset, by="term")


def test_a_dataset_without_roles_needs_role_none(builtin_tokens, tmp_path):
    part = builtin_tokens.drop(columns="role")
    part.attrs = dict(builtin_tokens.attrs)
    write_partition(part, tmp_path / "part-00000.parquet")
    with pytest.raises(CorpusError, match="role='government' is not valid; allowed: only None"):
        parquet_term_counts(tmp_path)
    assert len(parquet_term_counts(tmp_path, role=None)) > 0
