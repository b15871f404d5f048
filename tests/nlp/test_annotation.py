"""The shipped annotation of the bundled letters (``data/annotation/``): served by
``tokens()`` when every segment's text matches and the request allows it, so the figures
are the same on a machine without Frog; kept current with Frog (``make annotation``)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.nlp import annotation
from discourse.nlp.annotation import SOURCE, annotation_dir, shipped_annotation, write_annotation
from discourse.nlp.frog.pipeline import ADAPTER_VERSION
from discourse.nlp.tokens import as_segments

_which = shutil.which
#: The pipeline of the shipped annotation: Frog 0.20 with the current adapter (no NER).
SHIPPED = f"0.20+adapter{ADAPTER_VERSION}"


@pytest.fixture
def no_frog(monkeypatch: pytest.MonkeyPatch) -> None:
    """Frog hidden (not on PATH as far as the package can tell), no pipeline forced."""
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "frog" else _which(name, *a, **k)
    )
    monkeypatch.setenv("DISCOURSE_FROG", "/nonexistent")
    monkeypatch.delenv("DISCOURSE_PIPELINE", raising=False)


def _tokens(segs: pd.DataFrame, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in pipeline's low-accuracy warning
        return dc.tokens(segs, progress=False, **kwargs)


def test_annotation_files_are_committed_for_every_letter(seed_letters):
    shipped = shipped_annotation()
    assert shipped is not None, "data/annotation/ is missing; run `make annotation`"
    names = sorted(p.name for p in annotation_dir().glob("*.conllu"))
    assert names == sorted(f"{d}.conllu" for d in seed_letters["doc_id"])
    assert shipped.info == {"name": "frog", "version": SHIPPED}
    assert (annotation_dir() / "README.md").exists()


def test_without_frog_tokens_come_from_the_annotation(no_frog, seed_segments):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no built-in pipeline (and its warning) involved
        toks = dc.tokens(seed_segments)
    assert toks.attrs["pipeline"] == {"name": "frog", "version": SHIPPED, "source": SOURCE}
    assert dc.provenance(toks) == f"pipeline: frog {SHIPPED}"  # captions unchanged
    # the same table as reading the committed files with the segments' metadata
    read = dc.read_conllu(annotation_dir(), metadata=seed_segments)
    order = read["doc_id"].map({d: k for k, d in enumerate(seed_segments["doc_id"].unique())})
    read = read.iloc[order.astype(int).argsort(kind="stable")].reset_index(drop=True)
    pd.testing.assert_frame_equal(toks, read)


def test_shipped_annotation_round_trips_through_conllu(no_frog, seed_segments, tmp_path):
    toks = dc.tokens(seed_segments)
    back = dc.read_conllu(dc.to_conllu(toks, tmp_path / "frog.conllu"), metadata=seed_segments)
    pd.testing.assert_frame_equal(back, toks)


def test_a_subset_of_segments_is_served_with_its_own_numbering(no_frog, seed_segments):
    whole = dc.tokens(seed_segments)
    some = seed_segments[seed_segments["seg_index"] % 2 == 1]
    part = dc.tokens(some)
    assert part.attrs["pipeline"]["source"] == SOURCE
    assert set(part["seg_id"].unique()) == set(some["seg_id"])
    for _doc, rows in part.groupby("doc_id", observed=True):
        assert rows["token_id"].tolist() == list(range(len(rows)))
        assert rows["sent_id"].iloc[0] == 0 and rows["sent_id"].diff().fillna(0).isin([0, 1]).all()
    same = whole[whole["seg_id"].isin(some["seg_id"])]
    cols = ["seg_id", "text", "lemma", "upos", "tag", "char_start", "is_stop", "ent_type"]
    pd.testing.assert_frame_equal(
        part[cols].reset_index(drop=True),
        same[cols].reset_index(drop=True),
        check_categorical=False,
    )


@pytest.mark.parametrize(
    ("how", "env"),
    [({"pipeline": "builtin"}, None), ({}, "builtin"), ({"cache": False}, None)],
)
def test_other_requests_parse_as_asked(no_frog, monkeypatch, seed_segments, how, env):
    if env:
        monkeypatch.setenv("DISCOURSE_PIPELINE", env)
    toks = _tokens(seed_segments.head(8), **how)
    assert toks.attrs["pipeline"]["name"] == "builtin"
    assert "source" not in toks.attrs["pipeline"]


def test_a_loaded_pipeline_parses_as_given(seed_segments):
    toks = _tokens(seed_segments.head(8), pipeline=dc.load_pipeline("builtin"))
    assert toks.attrs["pipeline"]["name"] == "builtin"


def test_an_edited_or_added_text_is_parsed(no_frog, seed_segments):
    """One changed segment (or one own letter beside the bundled ones) and the whole call
    is parsed by the installed pipeline: one table, one pipeline."""
    edited = seed_segments.copy()
    edited.loc[3, "text"] = edited.loc[3, "text"] + " Dit is toegevoegd."
    assert _tokens(edited).attrs["pipeline"]["name"] == "builtin"
    own = pd.DataFrame(
        {"doc_id": ["kst-21501-20-2087"], "text": ["Hierbij bied ik u het verslag aan."]}
    )
    both = pd.concat([as_segments(own), seed_segments], ignore_index=True)
    assert _tokens(both).attrs["pipeline"]["name"] == "builtin"


def test_write_annotation_serves_any_pipeline_table(
    monkeypatch, builtin_tokens, seed_segments, tmp_path
):
    """The mechanism is not tied to Frog: a built-in annotation in another folder is served
    to ``pipeline="auto"`` exactly; stale files are removed when it is rewritten."""
    (tmp_path / "old_letter.conllu").write_text("", "utf-8")
    files = write_annotation(seed_segments, builtin_tokens, tmp_path)
    assert sorted(tmp_path.glob("*.conllu")) == sorted(files) and len(files) == 5
    monkeypatch.setattr(annotation, "annotation_dir", lambda: tmp_path)
    monkeypatch.delenv("DISCOURSE_PIPELINE", raising=False)
    served = dc.tokens(seed_segments, pipeline="auto")
    assert served.attrs["pipeline"] == {**builtin_tokens.attrs["pipeline"], "source": SOURCE}
    pd.testing.assert_frame_equal(served, builtin_tokens)


@pytest.mark.frog
def test_shipped_annotation_is_current_with_the_installed_frog(
    monkeypatch, seed_segments: pd.DataFrame
):
    """Frog on this machine parses the letters exactly as committed; with Frog hidden,
    ``tokens()`` gives that same Frog table."""
    if shutil.which("frog") is None:
        pytest.skip("Frog is not installed: sudo apt-get install frog frogdata")
    fresh = dc.tokens(seed_segments, pipeline=dc.load_pipeline("frog"), progress=False)
    monkeypatch.setattr(
        shutil, "which", lambda name, *a, **k: None if name == "frog" else _which(name, *a, **k)
    )
    monkeypatch.delenv("DISCOURSE_PIPELINE", raising=False)
    shipped = dc.tokens(seed_segments)
    stale = f"the shipped annotation in {annotation_dir()} is not what {fresh.attrs['pipeline']} "
    try:
        assert {**fresh.attrs["pipeline"], "source": SOURCE} == shipped.attrs["pipeline"]
        pd.testing.assert_frame_equal(shipped, fresh)
    except AssertionError as exc:
        pytest.fail(f"{stale}makes of the letters; run `make annotation` and commit it.\n{exc}")


def test_repository_annotation_folder_is_data_dir(tmp_path, monkeypatch, seed_segments):
    """Another data folder (DISCOURSE_DATA) has no annotation: the bundled one is not used."""
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path))
    assert annotation_dir() == Path(tmp_path) / "annotation"
    assert shipped_annotation() is None
