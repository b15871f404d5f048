"""Tests of the token table (discourse.nlp.tokens) and its cache (discourse.nlp.cache):
schema, cache files, and real-corpus values."""

from __future__ import annotations

import logging
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import spacy

from discourse.errors import CorpusError, PipelineError
from discourse.nlp.cache import cache_info
from discourse.nlp.pipeline import load_pipeline
from discourse.nlp.schema import META_COLUMNS
from discourse.nlp.tokens import tokens

COLUMNS = [
    "doc_id",
    "seg_id",
    "sent_id",
    "token_id",
    "text",
    "lower",
    "lemma",
    "upos",
    "tag",
    "is_stop",
    "is_punct",
    "is_alpha",
    "ent_type",
    "char_start",
    *META_COLUMNS,
]
needs_frog = pytest.mark.skipif(
    shutil.which("frog") is None, reason="Frog not installed (apt-get install frog frogdata)"
)


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _fake(version: str = "1") -> spacy.language.Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("sentencizer")
    nlp.meta["name"], nlp.meta["version"] = "fake", version
    return nlp


def _segments() -> pd.DataFrame:
    texts = [
        "De minister schrijft.  Dat is goed.",
        "Tweede  segment\n\nmet witruimte.",
        "Een andere brief.",
    ]
    return pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "seg_id": ["a:000", "a:001", "b:000"],
            "seg_index": [0, 1, 0],
            "role": pd.Categorical(["government", "other", "government"]),
            "speaker": pd.Categorical(["X", "", "Y"]),
            "seg_type": pd.Categorical(["body"] * 3),
            "text": pd.array(texts, dtype="string"),
            "date": pd.to_datetime(["2024-11-18", "2024-11-18", "2025-01-01"]),
            "minister": pd.Categorical(["X", "X", "Y"]),
            "cabinet": pd.Categorical(["S"] * 3),
            "period": pd.Categorical(["P1", "P1", "P2"], categories=["P1", "P2"], ordered=True),
            "doc_type": pd.Categorical(["kamerbrief"] * 3),
        }
    )


def _check_schema(toks: pd.DataFrame, segs: pd.DataFrame) -> None:
    assert list(toks.columns) == COLUMNS
    for col in (
        "doc_id",
        "seg_id",
        "text",
        "lower",
        "lemma",
        "upos",
        "tag",
        "ent_type",
        "role",
        "period",
    ):
        assert isinstance(toks[col].dtype, pd.CategoricalDtype), col
    for col in ("doc_id", "seg_id", "text", "lower", "lemma", "upos", "tag", "ent_type"):
        cats = toks[col].cat.categories
        assert cats.is_monotonic_increasing and cats.is_unique, col  # sorted, like strings
    for col in ("sent_id", "token_id", "char_start"):
        assert toks[col].dtype == "int32", col
    for col in ("is_stop", "is_punct", "is_alpha"):
        assert toks[col].dtype == bool, col
    assert str(toks["date"].dtype).startswith("datetime64")
    assert (toks["lower"] == toks["text"].str.lower()).all()
    seg_text = segs.set_index("seg_id")["text"].astype(str)
    triples = zip(toks["seg_id"], toks["char_start"], toks["text"], strict=True)
    assert all(seg_text[s][c : c + len(t)] == t for s, c, t in triples)
    for _, g in toks.groupby("doc_id", observed=True):
        assert list(g["token_id"]) == list(range(len(g)))
        assert g["sent_id"].iloc[0] == 0 and g["sent_id"].diff().fillna(0).isin([0, 1]).all()
    assert not toks["text"].str.isspace().any()


def test_schema_and_values_with_fake_pipeline() -> None:
    segs = _segments()
    toks = tokens(segs, pipeline=_fake())
    _check_schema(toks, segs)
    assert toks.attrs["pipeline"] == {"name": "fake", "version": "1"}
    a = toks[toks.doc_id == "a"]
    assert a["sent_id"].max() == 2  # two sentences in a:000, one in a:001
    assert a.loc[a.text == "Tweede", "token_id"].item() == 8  # contiguous across segments
    assert a.loc[a.text == "Tweede", "seg_id"].item() == "a:001"
    assert toks.loc[toks.text == "De", "is_stop"].item()
    assert (toks.loc[toks.doc_id == "b", "period"] == "P2").all()
    assert toks["period"].cat.ordered


def test_letters_table_is_one_segment_per_letter() -> None:
    letters = pd.DataFrame(
        {
            "doc_id": ["x"],
            "text": ["Een brief. Twee zinnen."],
            "doc_type": pd.Categorical(["kamerbrief"]),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no deprecated NaT construction for the missing date
        toks = tokens(letters, pipeline=_fake())
    assert set(toks["seg_id"]) == {"x:000"}
    assert list(toks.columns) == COLUMNS and toks["role"].isna().all()
    assert toks["date"].dtype == "datetime64[ns]" and toks["date"].isna().all()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"segments_or_letters": [["a", "b"]]}, r"segments_or_letters=.* a segments or letters"),
        ({"pipeline": "stanza"}, r"pipeline='stanza' is not valid; allowed: one of 'auto'"),
        ({"pipeline": 3}, r"pipeline=3 is not valid.*or a loaded spaCy Language"),
        ({"progress": "yes"}, r"progress='yes' is not valid; allowed: one of True, False"),
        ({"cache": 1}, r"cache=1 is not valid; allowed: True or False"),
    ],
)
def test_bad_arguments_are_corpus_errors(arguments, message) -> None:
    kwargs = {"segments_or_letters": _segments(), "pipeline": _fake(), **arguments}
    with pytest.raises(CorpusError, match=r"tokens\(\): " + message):
        tokens(**kwargs)


def test_empty_input_keeps_schema() -> None:
    toks = tokens(_segments().iloc[:0], pipeline=_fake())
    assert list(toks.columns) == COLUMNS and len(toks) == 0


def test_cache_hit_and_invalidation() -> None:
    segs = _segments()
    before = cache_info()["parsed_segments"]
    first = tokens(segs, pipeline=_fake())
    assert cache_info()["parsed_segments"] - before == 3
    second = tokens(segs, pipeline=_fake())
    assert cache_info()["parsed_segments"] - before == 3  # loaded from the cache
    pd.testing.assert_frame_equal(first, second)
    changed = segs.copy()
    changed.loc[2, "text"] = "Een gewijzigde brief."
    tokens(changed, pipeline=_fake())
    assert cache_info()["parsed_segments"] - before == 4  # only document b re-parsed
    tokens(segs, pipeline=_fake(version="2"))
    assert cache_info()["parsed_segments"] - before == 7  # new pipeline version


def test_cached_and_parsed_documents_interleave() -> None:
    segs = _segments()
    extra = segs.iloc[[2]].assign(doc_id="c", seg_id="c:000", text="Nog een brief, over Zweden.")
    segs = pd.concat([segs, extra], ignore_index=True)
    tokens(segs[segs.doc_id == "b"], pipeline=_fake())  # only b in the cache
    before = cache_info()
    mixed = tokens(segs, pipeline=_fake())  # a and c parsed, b read: rows back in a, b, c order
    after = cache_info()
    assert after["parsed_segments"] - before["parsed_segments"] == 3
    assert after["cache_hits"] - before["cache_hits"] == 1
    assert list(mixed["doc_id"].drop_duplicates()) == ["a", "b", "c"]
    _check_schema(mixed, segs)
    pd.testing.assert_frame_equal(mixed, tokens(segs, pipeline=_fake(), cache=False))


def test_one_file_per_call_found_by_other_calls(_cache: Path) -> None:
    segs = _segments()
    before = cache_info()
    first = tokens(segs, pipeline=_fake())  # parses a and b: one file
    (batch,) = _cache.rglob("*.parquet")
    second = tokens(segs, pipeline=_fake())  # the file holding exactly a and b
    assert cache_info()["snapshot_hits"] - before["snapshot_hits"] == 1
    pd.testing.assert_frame_equal(first, second)
    only_b = tokens(segs[segs.doc_id == "b"], pipeline=_fake())  # found in a's and b's file
    assert cache_info()["parsed_segments"] - before["parsed_segments"] == 3
    assert list(only_b["text"].astype(str)) == list(first.loc[first.doc_id == "b", "text"])

    extra = segs.iloc[[2]].assign(doc_id="c", seg_id="c:000", text="Nog een brief.")
    more = pd.concat([segs, extra], ignore_index=True)
    grown = tokens(more, pipeline=_fake())  # only c parsed, into a file of its own
    assert cache_info()["parsed_segments"] - before["parsed_segments"] == 4
    assert len(list(_cache.rglob("corpus-*.parquet"))) == 2
    again = tokens(more, pipeline=_fake())  # from two files: writes them as one, drops both
    (snapshot,) = _cache.rglob("corpus-*.parquet")
    assert snapshot != batch
    mid = cache_info()
    third = tokens(more, pipeline=_fake())  # served from that one file
    assert cache_info()["snapshot_hits"] - mid["snapshot_hits"] == 1
    assert cache_info()["parsed_segments"] == mid["parsed_segments"]
    for table in (again, third):
        pd.testing.assert_frame_equal(grown, table)
    subset = tokens(segs, pipeline=_fake())  # a and b: found in that file, no new file
    assert cache_info()["parsed_segments"] == mid["parsed_segments"]
    assert list(subset["text"].astype(str)) == list(grown.loc[grown.doc_id != "c", "text"])
    assert len(list(_cache.rglob("corpus-*.parquet"))) == 1
    snapshot.write_bytes(snapshot.read_bytes()[:100])  # corrupt: parsed again
    fourth = tokens(more, pipeline=_fake())
    assert cache_info()["cache_rebuilt"] - mid["cache_rebuilt"] == 1
    assert cache_info()["parsed_segments"] - mid["parsed_segments"] == 4
    pd.testing.assert_frame_equal(grown, fourth)
    # metadata is joined after loading: editing it needs no new parse
    edited = segs.assign(speaker=pd.Categorical(["Z", "Z", "Z"]))
    assert (tokens(edited, pipeline=_fake())["speaker"] == "Z").all()
    assert cache_info()["parsed_segments"] - mid["parsed_segments"] == 4


def test_cache_false_parses_and_writes_nothing(_cache: Path) -> None:
    before = cache_info()["parsed_segments"]
    toks = tokens(_segments(), pipeline=_fake(), cache=False)
    tokens(_segments(), pipeline=_fake(), cache=False)
    assert cache_info()["parsed_segments"] - before == 6
    assert not _cache.exists() or not list(_cache.rglob("*.parquet"))
    _check_schema(toks, _segments())


def test_pipeline_failure_names_the_document() -> None:
    nlp = _fake()

    @spacy.language.Language.component("explode_on_boom")
    def _explode(doc):
        if "BOEM" in doc.text:
            raise RuntimeError("kapot")
        return doc

    nlp.add_pipe("explode_on_boom")
    segs = _segments()
    segs.loc[2, "text"] = "Een BOEM brief."
    with pytest.raises(PipelineError, match=r"failed on document\(s\) \['b'\].*kapot"):
        tokens(segs, pipeline=nlp)


def test_corrupt_or_stale_cache_is_rebuilt(_cache: Path, caplog) -> None:
    segs = _segments()
    good = tokens(segs, pipeline=_fake())
    (batch,) = _cache.rglob("*.parquet")
    assert not list(_cache.rglob("*.tmp*"))
    content = batch.read_bytes()
    for damage in (b"PAR1 this is not parquet", content[: len(content) // 2]):  # truncated
        batch.unlink()
        batch.write_bytes(damage)
        before = cache_info()
        again = tokens(segs, pipeline=_fake())
        after = cache_info()
        assert after["cache_rebuilt"] - before["cache_rebuilt"] == 1
        assert after["parsed_segments"] - before["parsed_segments"] == 3
        pd.testing.assert_frame_equal(good, again)
        tokens(segs, pipeline=_fake())
        assert cache_info()["cache_rebuilt"] == after["cache_rebuilt"]  # rewritten correctly
    old_layout = batch.with_name("corpus-" + "0" * 64 + ".parquet")  # no document list
    pq.write_table(pa.table({"x": [1]}), old_layout)
    batch.write_bytes(b"PAR1 not parquet either")  # a subset call passes over it
    before = cache_info()["parsed_segments"]
    with caplog.at_level(logging.WARNING, logger="discourse.nlp.cache"):
        only_a = tokens(segs[segs.doc_id == "a"], pipeline=_fake())
    assert cache_info()["parsed_segments"] - before == 2
    warned = [r.getMessage() for r in caplog.records]
    assert any(batch.name in m for m in warned) and not any(old_layout.name in m for m in warned)
    assert list(only_a["text"].astype(str)) == list(good.loc[good.doc_id == "a", "text"])


def test_cache_entry_with_wrong_key_is_not_trusted(_cache: Path) -> None:
    segs = _segments()
    tokens(segs, pipeline=_fake())
    (batch,) = _cache.rglob("*.parquet")
    other = segs.iloc[[2]].assign(doc_id="c", seg_id="c:000", text="Een derde brief.")
    tokens(other, pipeline=_fake())
    (c_file,) = set(_cache.rglob("*.parquet")) - {batch}
    batch.write_bytes(c_file.read_bytes())  # valid Parquet, but other documents' entry
    before = cache_info()
    toks = tokens(segs, pipeline=_fake())
    assert cache_info()["cache_rebuilt"] - before["cache_rebuilt"] == 1
    assert cache_info()["parsed_segments"] - before["parsed_segments"] == 3
    _check_schema(toks, segs)


# ------------------------------------------------------------------ the real corpus
def _check_real(toks: pd.DataFrame, segs: pd.DataFrame, name: str) -> None:
    _check_schema(toks, segs)
    assert toks.attrs["pipeline"]["name"] == name
    assert set(toks["doc_id"]) == set(segs["doc_id"])
    # seed 000: "Hierbij bied ik u een reactie aan ... Op 5 november jl. vonden verkiezingen
    # plaats in de Verenigde Staten"
    vs = toks[toks.doc_id == "2024-11_veldkamp_verkiezingen_vs"]
    assert vs.loc[vs.text == "bied", "lemma"].iloc[0] in {"bieden", "aanbieden"}  # separable
    assert vs.loc[vs.text == "vonden", "lemma"].iloc[0] == "vinden"
    assert vs.loc[vs.text == "verkiezingen", "lemma"].iloc[0] == "verkiezing"
    assert set(vs.loc[vs.text == "verkiezingen", "upos"]) == {"NOUN"}
    assert vs.loc[vs.lower == "de", "upos"].eq("DET").mean() > 0.95
    assert vs.loc[vs.text == "Nederland", "upos"].iloc[0] == "PROPN"
    assert toks.loc[toks.text == "heeft", "lemma"].eq("hebben").all()
    n_sents = toks.groupby("doc_id", observed=True)["sent_id"].max() + 1
    n_tokens = toks.groupby("doc_id", observed=True).size()
    assert ((n_tokens / n_sents).between(8, 40)).all()  # plausible sentence lengths


def _from_the_session_cache(monkeypatch) -> None:
    """Undo this module's temporary cache: the session fixtures parsed into the usual one."""
    monkeypatch.undo()


@pytest.mark.frog
@needs_frog
def test_real_corpus_frog(frog_tokens, seed_segments, monkeypatch) -> None:
    _check_real(frog_tokens, seed_segments, "frog")
    # adapter 4 runs Frog without NER unless asked (tests/nlp/test_frog.py tests ner=True)
    assert set(frog_tokens["ent_type"]) == {""}
    _from_the_session_cache(monkeypatch)
    before = cache_info()["parsed_segments"]
    again = tokens(seed_segments, pipeline="frog", progress=False)
    assert cache_info()["parsed_segments"] == before  # second call: all from the cache
    pd.testing.assert_frame_equal(again, frog_tokens)


def test_real_corpus_builtin(builtin_tokens, seed_segments, monkeypatch) -> None:
    _check_real(builtin_tokens, seed_segments, "builtin")
    _from_the_session_cache(monkeypatch)
    before = cache_info()["parsed_segments"]
    with warnings.catch_warnings():  # the fallback warns once per process (tested elsewhere)
        warnings.simplefilter("ignore")
        again = tokens(seed_segments, pipeline="builtin", progress=False)
    assert cache_info()["parsed_segments"] == before
    pd.testing.assert_frame_equal(again, builtin_tokens)


def test_mixed_call_with_an_empty_document_and_disjoint_vocabularies() -> None:
    segs = _segments()
    tokens(segs[segs.doc_id == "a"], pipeline=_fake())  # a cached
    empty = segs.iloc[[2]].assign(doc_id="e", seg_id="e:000", text="   ")
    zzz = segs.iloc[[2]].assign(doc_id="z", seg_id="z:000", text="Zzz zzz.")
    for extra in (empty, zzz):  # new documents: no tokens / strings sorting after a's
        both = pd.concat([segs[segs.doc_id == "a"], extra], ignore_index=True)
        pd.testing.assert_frame_equal(
            tokens(both, pipeline=_fake()), tokens(both, pipeline=_fake(), cache=False)
        )


def test_documents_read_from_a_bigger_file_carry_only_their_strings() -> None:
    segs = _segments()
    tokens(segs, pipeline=_fake())  # one file with a and b
    only_b = segs[segs.doc_id == "b"]
    pd.testing.assert_frame_equal(
        tokens(only_b, pipeline=_fake()), tokens(only_b, pipeline=_fake(), cache=False)
    )


def test_bad_ids_are_named() -> None:
    segs = _segments()
    clash = segs.astype({"doc_id": object})
    clash.loc[2, "doc_id"], clash.loc[[0, 1], "doc_id"] = 1, "1"
    with pytest.raises(CorpusError, match=r"'doc_id' has different values .*\['1'\]"):
        tokens(clash, pipeline=_fake())
    with pytest.raises(CorpusError, match=r"'seg_id' is missing in row\(s\) \[1\]"):
        tokens(segs.assign(seg_id=["a:000", None, "b:000"]), pipeline=_fake())


def test_flipped_bytes_never_give_a_wrong_table(_cache: Path) -> None:
    segs = _segments()
    good = tokens(segs, pipeline=_fake())
    (batch,) = _cache.rglob("*.parquet")
    content = batch.read_bytes()
    for at in range(4, len(content) - 8, max(1, len(content) // 60)):  # data, footer, ...
        damaged = bytearray(content)
        damaged[at] ^= 0x20
        batch.write_bytes(bytes(damaged))
        pd.testing.assert_frame_equal(tokens(segs, pipeline=_fake()), good)  # re-parsed if need be
        batch.write_bytes(content)


def test_chunked_parse_gives_the_one_pass_table(seed_segments, monkeypatch) -> None:
    """Issue 21.2: documents parsed in chunks (categories unified at the end) give the
    table of one pass over all documents, and the cache written from it reads back equal."""
    import discourse.nlp.parse as parse_mod
    import discourse.nlp.tokens as tokens_mod

    segs = seed_segments[seed_segments.doc_id.isin(seed_segments.doc_id.unique()[:12])]
    with warnings.catch_warnings():  # the built-in fallback warns once per process
        warnings.simplefilter("ignore")
        nlp = load_pipeline("builtin")
    monkeypatch.setattr(tokens_mod, "PARSE_CHUNK_CHARS", 10**12)
    whole = tokens(segs, pipeline=nlp, cache=False, progress=False)
    chunks = []
    fresh = parse_mod.fresh_columns

    def counting(arrays, seg_counts, strings):
        chunks.append(len(seg_counts))
        return fresh(arrays, seg_counts, strings)

    monkeypatch.setattr(tokens_mod, "fresh_columns", counting)
    monkeypatch.setattr(tokens_mod, "PARSE_CHUNK_CHARS", 3000)
    chunked = tokens(segs, pipeline=nlp, progress=False)
    assert len(chunks) > 3 and sum(chunks) == segs.doc_id.nunique()
    pd.testing.assert_frame_equal(chunked, whole)
    pd.testing.assert_frame_equal(tokens(segs, pipeline=nlp, progress=False), whole)  # cache
    small = _segments()  # a chunk per document; strings of one document only
    monkeypatch.setattr(tokens_mod, "PARSE_CHUNK_CHARS", 10**12)
    one_pass = tokens(small, pipeline=nlp, cache=False, progress=False)
    monkeypatch.setattr(tokens_mod, "PARSE_CHUNK_CHARS", 1)
    chunks.clear()
    pd.testing.assert_frame_equal(tokens(small, pipeline=nlp, cache=False), one_pass)
    assert chunks == [1, 1]
