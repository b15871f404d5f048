"""Tests of discourse.nlp.parallel: parsing on a Dask LocalCluster into a Parquet token table."""

from __future__ import annotations

import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from discourse.analysis.parquet_counts import parquet_term_counts
from discourse.errors import CorpusError, PipelineError
from discourse.nlp.dataset import read_tokens
from discourse.nlp.parallel import _partition, parse_corpus
from discourse.nlp.tokens import tokens
from discourse.paths import data_dir

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
    with cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def segs(seed_segments) -> pd.DataFrame:
    """The bundled corpus's segments (the shared session table: read only)."""
    return seed_segments


@pytest.fixture(scope="module")
def reference(builtin_tokens) -> pd.DataFrame:
    """``tokens(segs, pipeline="builtin")``, what every parse must give back."""
    return builtin_tokens


@pytest.fixture(scope="module")
def parsed(client, segs, tmp_path_factory):
    out = tmp_path_factory.mktemp("parsed") / "tokens"
    return parse_corpus(segs, out, pipeline="builtin", client=client, partition_size=40_000)


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["doc_id", "token_id"], kind="stable", ignore_index=True)


def test_parquet_table_equals_tokens(parsed, reference, segs) -> None:
    files = sorted(p.name for p in Path(parsed).glob("*.parquet"))
    assert len(files) == len(parsed.partitions) >= 2  # really partitioned
    assert parsed.n_docs == segs["doc_id"].nunique() and parsed.n_tokens == len(reference)
    assert parsed.pipeline == reference.attrs["pipeline"]
    assert parsed.partitions["worker"].nunique() >= 1 and parsed.tokens_per_second > 0
    got = read_tokens(parsed)
    assert got.attrs["pipeline"] == reference.attrs["pipeline"]
    assert dict(got.dtypes) == dict(reference.dtypes)
    pd.testing.assert_frame_equal(_sorted(got), _sorted(reference))
    pd.testing.assert_frame_equal(got, reference)  # partitions keep the document order


def test_read_only_some_columns(parsed, reference) -> None:
    got = read_tokens(parsed, columns=["lemma", "period"])
    assert list(got.columns) == ["lemma", "period"]
    pd.testing.assert_frame_equal(got, reference[["lemma", "period"]])
    pd.testing.assert_frame_equal(read_tokens(parsed, columns="lemma"), reference[["lemma"]])
    with pytest.raises(CorpusError, match=r"columns=\['lemmas'\] \(the item 'lemmas'\)"):
        read_tokens(parsed, columns=["lemmas"])
    with pytest.raises(CorpusError, match=r"read_tokens\(\): path=3 is not valid"):
        read_tokens(3)


def test_keyness_from_parquet_equals_in_memory(parsed, reference) -> None:
    from discourse.analysis.keyness import keyness, keyness_table

    got = read_tokens(parsed)
    pd.testing.assert_frame_equal(
        keyness(got, by="period", target="Van Weel"),
        keyness(reference, by="period", target="Van Weel"),
    )
    pd.testing.assert_frame_equal(
        keyness_table(got, by="period"), keyness_table(reference, by="period")
    )


def _expected_counts(tc) -> tuple[pd.DataFrame, dict[str, int]]:
    groups = [str(g) for g in tc.groups]
    expected = pd.DataFrame(
        np.asarray(tc.group_counts), index=[str(t) for t in tc.terms], columns=groups
    )
    expected = expected.stack().rename("n").reset_index()
    expected.columns = ["term", "period", "n"]
    expected = (
        expected[expected["n"] > 0]
        .sort_values(["period", "term"], ignore_index=True)
        .astype({"n": np.int64})
    )
    sizes = dict(zip(groups, np.asarray(tc.group_size).tolist(), strict=True))
    return expected, {g: s for g, s in sizes.items() if s}


@pytest.mark.parametrize(
    ("unit", "pos", "role"),
    [
        ("bigram", None, "government"),
        ("lower", ["NOUN", "PROPN"], None),
        ("bigram", "ADJ", "parliament"),
    ],
)
def test_parquet_term_counts_bigrams_pos_roles(parsed, reference, unit, pos, role) -> None:
    from discourse.analysis.counts import term_counts

    counts = parquet_term_counts(parsed, by="period", unit=unit, pos=pos, role=role)
    expected, sizes = _expected_counts(
        term_counts(reference, by="period", unit=unit, pos=pos, role=role)
    )
    assert len(counts) > 0
    pd.testing.assert_frame_equal(counts, expected, check_dtype=False)
    assert counts.attrs["group_size"] == sizes


def test_parquet_term_counts_errors(parsed) -> None:
    with pytest.raises(CorpusError, match="role='minister' is not valid"):
        parquet_term_counts(parsed, role="minister")
    with pytest.raises(CorpusError, match="unit="):
        parquet_term_counts(parsed, unit="6-gram")
    with pytest.raises(CorpusError, match="pos="):
        parquet_term_counts(parsed, pos="NOUNS")


def test_parquet_term_counts_match_term_counts(parsed, reference) -> None:
    from discourse.analysis.counts import term_counts
    from discourse.analysis.keyness import keyness
    from discourse.analysis.measures import keyness_measures

    counts = parquet_term_counts(parsed, by="period", unit="lemma")
    expected, sizes = _expected_counts(
        term_counts(reference, by="period", unit="lemma", role="government")
    )
    pd.testing.assert_frame_equal(counts, expected, check_dtype=False)
    assert counts.attrs["group_size"] == sizes
    # keyness statistics from the aggregated counts equal the in-memory keyness
    wide = counts.pivot_table(index="term", columns="period", values="n", fill_value=0)
    a = wide["Van Weel"].to_numpy()
    b = wide.drop(columns="Van Weel").sum(axis=1).to_numpy()
    c = sizes["Van Weel"]
    d = sum(s for g, s in sizes.items() if g != "Van Weel")
    keep = (a + b) >= 3
    stats = keyness_measures(a[keep], b[keep], c, d).set_index(wide.index[keep])
    mem = keyness(reference, by="period", target="Van Weel").set_index("term")
    np.testing.assert_allclose(stats.loc[mem.index, "log_likelihood"], mem["log_likelihood"])


def test_failed_document_is_named(client, segs, tmp_path) -> None:
    # a text longer than spaCy's nlp.max_length makes the pipeline raise in the worker
    bad = pd.DataFrame(
        {
            "doc_id": ["kapotte_brief"],
            "seg_id": ["kapotte_brief:000"],
            "seg_index": [0],
            "text": ["woord " * 200_000],
        }
    )
    corpus = pd.concat([segs[segs["doc_id"] == segs["doc_id"].iloc[0]], bad], ignore_index=True)
    out = tmp_path / "tokens"
    with pytest.raises(PipelineError, match=r"1 of 2 partitions failed.*kapotte_brief"):
        parse_corpus(corpus, out, pipeline="builtin", client=client, partition_size=1)
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing half-written


def test_existing_output_is_not_overwritten(parsed) -> None:
    with pytest.raises(CorpusError, match="exists; pass overwrite=True"):
        parse_corpus(pd.DataFrame({"doc_id": ["x"], "text": ["Een zin."]}), parsed.path)
    with pytest.raises(CorpusError, match="each worker loads its own pipeline"):
        parse_corpus(
            pd.DataFrame({"doc_id": ["x"], "text": ["Een zin."]}),
            Path(parsed.path).parent / "new",
            pipeline=object(),
        )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"corpus": 3}, r"corpus=3 is not valid"),
        ({"out": None}, r"out=None is not valid"),
        ({"partition_size": 0}, r"partition_size=0 is not valid; allowed: a positive number"),
        ({"partition_size": "two MB"}, r"partition_size='two MB' is not valid"),
        ({"partition_size": True}, r"partition_size=True is not valid"),
        ({"n_workers": 0}, r"n_workers=0 is not valid; allowed: an integer in \[1, inf\]"),
        ({"overwrite": "yes"}, r"overwrite='yes' is not valid"),
    ],
)
def test_bad_arguments_are_corpus_errors(tmp_path, arguments, message) -> None:
    kwargs = {"corpus": pd.DataFrame({"doc_id": ["x"], "text": ["Een zin."]}), "out": tmp_path}
    with pytest.raises(CorpusError, match=r"parse_corpus\(\): " + message):
        parse_corpus(**{**kwargs, **arguments})
    assert not list(tmp_path.iterdir())  # checked before anything is written


def test_parallel_imports_dask_only_when_parsing() -> None:
    code = (
        "import sys, discourse.nlp.parallel; "
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_read_tokens_rejects_foreign_parquet(tmp_path) -> None:
    pd.DataFrame({"a": [1]}).to_parquet(tmp_path / "x.parquet")
    with (
        pytest.raises(CorpusError, match="not a discourse token table"),
        pytest.warns(UserWarning, match="no manifest"),
    ):
        read_tokens(tmp_path)
    with pytest.raises(CorpusError, match="no Parquet files"):
        read_tokens(tmp_path / "empty_dir_that_does_not_exist")


def test_partitions_keep_documents_whole_and_in_order() -> None:
    segs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c", "c", "d"],
            "text": ["x" * 5, "x" * 5, "x" * 30, "x" * 4, "x" * 4, "x"],
        }
    )
    parts = _partition(segs, 12)
    assert [list(p["doc_id"].unique()) for p in parts] == [["a"], ["b"], ["c", "d"]]
    assert sum(len(p) for p in parts) == len(segs)
    assert [list(p["doc_id"].unique()) for p in _partition(segs, 10**6)] == [["a", "b", "c", "d"]]


def test_pipeline_missing_on_workers_fails_early(client, tmp_path) -> None:
    corpus = pd.DataFrame({"doc_id": ["x"], "text": ["Een zin."]})
    with pytest.raises(PipelineError, match="could not be loaded on every worker"):
        parse_corpus(corpus, tmp_path / "t", pipeline="nl_core_news_sm", client=client)
    assert not list(tmp_path.iterdir())


# --- the output folder: never destroys inputs --------------------------------------------

LETTER = pd.DataFrame(
    {
        "doc_id": ["kst-36410-12"],
        "text": ["Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de woningbouw."],
    }
)


def test_overwrite_refuses_a_folder_with_user_files(client, tmp_path) -> None:
    """ACCEPTANCE: parse_corpus(overwrite=True) into a folder holding a user file."""
    out = tmp_path / "mijn_map"
    out.mkdir()
    (out / "notities.txt").write_text("Mijn eigen aantekeningen.", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"mijn_map.*'notities\.txt'"):
        parse_corpus(LETTER, out, pipeline="builtin", client=client, overwrite=True)
    assert (out / "notities.txt").read_text(encoding="utf-8") == "Mijn eigen aantekeningen."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mijn_map"]  # no temporary left


def test_overwrite_refuses_a_foreign_file_beside_a_dataset(client, parsed, tmp_path) -> None:
    out = tmp_path / "tokens"
    shutil.copytree(parsed.path, out)
    (out / "analyse.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"tokens.*'analyse\.ipynb'"):
        parse_corpus(LETTER, out, pipeline="builtin", client=client, overwrite=True)
    assert (out / "analyse.ipynb").exists() and len(read_tokens(out)) == parsed.n_tokens


def test_the_corpus_folder_is_refused(client, tmp_path) -> None:
    corpus = tmp_path / "brieven"
    shutil.copytree(data_dir(), corpus)
    before = sorted((p.relative_to(tmp_path), p.stat().st_size) for p in corpus.rglob("*"))
    for out in (corpus, corpus / "tokens", tmp_path):
        with pytest.raises(CorpusError, match=r"out=.* (is|contains|is inside) the corpus folder"):
            parse_corpus(corpus, out, pipeline="builtin", client=client, overwrite=True)
    with pytest.raises(CorpusError, match=r"is the corpus folder"):
        parse_corpus(corpus / "letters.csv", corpus, pipeline="builtin", client=client)
    assert sorted((p.relative_to(tmp_path), p.stat().st_size) for p in corpus.rglob("*")) == before


def test_overwrite_replaces_its_own_dataset(client, tmp_path) -> None:
    out = tmp_path / "tokens"
    parse_corpus(LETTER, out, pipeline="builtin", client=client)
    two = pd.concat([LETTER, LETTER.assign(doc_id="kst-36410-13")], ignore_index=True)
    res = parse_corpus(two, out, pipeline="builtin", client=client, overwrite=True)
    assert res.n_docs == 2 and list(read_tokens(out)["doc_id"].unique()) == list(two["doc_id"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens"]
    empty = tmp_path / "leeg"
    empty.mkdir()  # an empty folder is as good as a new one
    assert parse_corpus(LETTER, empty, pipeline="builtin", client=client, overwrite=True).n_docs


@pytest.mark.parametrize("fault", [RuntimeError("schijf vol"), KeyboardInterrupt()])
@pytest.mark.parametrize("where", ["run_partitions", "write_manifest"])
def test_a_failed_run_keeps_the_old_dataset(client, tmp_path, monkeypatch, fault, where) -> None:
    import discourse.nlp.parallel as parallel

    out = tmp_path / "tokens"
    parse_corpus(LETTER, out, pipeline="builtin", client=client)
    old = read_tokens(out)
    original = getattr(parallel, where)

    def failing(*args, **kwargs):
        original(*args, **kwargs)  # the partitions are written, then the run fails
        raise fault

    monkeypatch.setattr(parallel, where, failing)
    two = pd.concat([LETTER, LETTER.assign(doc_id="kst-36410-13")], ignore_index=True)
    with pytest.raises(type(fault)):
        parse_corpus(two, out, pipeline="builtin", client=client, overwrite=True)
    pd.testing.assert_frame_equal(read_tokens(out), old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens"]


def test_a_killed_run_leaves_no_temporary_folder_for_long(client, tmp_path) -> None:
    """A run killed outright (kernel restart) cannot clean up; the next run into ``out`` does."""
    out = tmp_path / "tokens"
    code = (
        "import os, sys; from pathlib import Path; from discourse.nlp import outfolder; "
        "tmp = outfolder.temporary_folder(Path(sys.argv[1])); "
        "(tmp / 'part-00000.parquet').write_bytes(b'half'); os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", code, str(out)], check=False)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # left behind
    parse_corpus(LETTER, out, pipeline="builtin", client=client)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tokens"]


def test_pandas_string_metadata_columns(client, tmp_path) -> None:
    """pandas 3's ``str`` dtype and ``pd.StringDtype`` metadata come back as they went in."""
    letters = pd.DataFrame(
        {
            "doc_id": ["kst-36410-12", "kst-36410-13"],
            "text": [
                "Geachte voorzitter,\n\nHet kabinet bouwt meer sociale huurwoningen.",
                "Geachte voorzitter,\n\nDe gemeenten krijgen meer ruimte voor de huurgrens.",
            ],
            "period": pd.array(["De Jonge", "Keijzer"], dtype="str"),
            "minister": pd.array(["De Jonge", None], dtype=pd.StringDtype()),
        }
    )
    out = tmp_path / "tokens"
    res = parse_corpus(letters, out, pipeline="builtin", client=client, partition_size=1)
    assert len(res.partitions) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = tokens(letters, pipeline="builtin", cache=False, progress=False)
    got = read_tokens(out)
    str_dtype = pd.Series(["x"], dtype="str").dtype  # pandas 3 "str"; object on pandas 2.3
    assert got["period"].dtype == str_dtype and got["minister"].dtype == pd.StringDtype()
    pd.testing.assert_frame_equal(got, expected)
