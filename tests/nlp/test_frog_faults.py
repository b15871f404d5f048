"""Fault injection for the Frog adapter: a fake ``frog`` first on ``PATH`` (tests/nlp/fake_frog)
that hangs, fails, writes nothing, garbage, cut-short output, skips or changes a row; and the
real Frog on letters with soft hyphens, ligatures and a very long token.

Every fault must give either the correct token table or a ``PipelineError`` naming the
document(s), and must leave nothing in the cache.
"""

from __future__ import annotations

import gc
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from spacy.lang.nl import Dutch

from discourse.errors import PipelineError
from discourse.nlp.cache import cache_info
from discourse.nlp.frog import frog_version, make_frog_pipeline
from discourse.nlp.frog import pipeline as frog_pipeline
from discourse.nlp.frog.align import align, frog_docs
from discourse.nlp.frog.run import parse_rows
from discourse.nlp.tokens import tokens

FAKE = Path(__file__).parent / "fake_frog" / "frog.py"
needs_frog = pytest.mark.skipif(
    shutil.which("frog") is None, reason="Frog not installed (apt-get install frog frogdata)"
)

#: A Word export: soft hyphens (U+00AD) and PDF ligatures (U+FB01 fi, U+FB00 ff).
LETTER_A = (
    "Geachte voorzitter,\n\n"
    "Hierbij informeer ik u over de \ufb01nanci\u00eble mid\u00addelen voor de wederopbouw van "
    "Oekra\u00efne. Het kabinet heeft de e\ufb00ecten van de steun laten onderzoeken door een "
    "onafhankelijk bu\u00adreau.\n\n"
    "De minister van Buitenlandse Zaken,\n\nC.C.J. Veldkamp"
)
LETTER_B = (
    "Geachte voorzitter,\n\n"
    "In deze brief ga ik in op de motie van het lid Boswijk over de situatie in Nederland. "
    "Ik verwacht u voor de zomer nader te informeren over de uitvoering.\n\n"
    "Hoogachtend,\n\nDe minister van Defensie"
)
LETTER_C = (
    "Geachte voorzitter,\n\n"
    "Met deze brief stuur ik u het verslag van de Raad Buitenlandse Zaken van 18 november. "
    "Daarin staat ook de inzet van het kabinet.\n\nDe minister van Buitenlandse Zaken"
)
FAKE_ENV = ("FAKE_FROG_MODE", "FAKE_FROG_WORD", "FAKE_FROG_HANG_ON")
COMPARED = ["text", "lemma", "upos", "tag", "ent_type", "sent_id", "token_id", "char_start"]


def _letters(**texts: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": list(texts), "text": list(texts.values())})


def _rows(toks: pd.DataFrame, doc: str) -> pd.DataFrame:
    part = toks.loc[toks.doc_id == doc, COMPARED].reset_index(drop=True)
    return part.astype({c: str for c in ("text", "lemma", "upos", "tag", "ent_type")})


def _check_spans(toks: pd.DataFrame, letters: pd.DataFrame) -> None:
    """Every token is the text of its letter at its ``char_start``."""
    texts = dict(zip(letters.doc_id, letters.text, strict=True))
    for doc, text, start in zip(toks.doc_id, toks.text, toks.char_start, strict=True):
        assert texts[doc][start : start + len(text)] == text


@pytest.fixture
def fake_frog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The fake ``frog`` first on PATH, a fresh cache folder, Frog calls logged."""
    folder = tmp_path / "bin"
    folder.mkdir()
    wrapper = folder / "frog"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    log = tmp_path / "frog.log"
    monkeypatch.setenv("FAKE_FROG_LOG", str(log))
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    for name in (*FAKE_ENV, "DISCOURSE_FROG_TIMEOUT", "DISCOURSE_FROG", "DISCOURSE_FROG_NER"):
        monkeypatch.delenv(name, raising=False)
    frog_version.cache_clear()
    # Frog processes started (``frog --version`` is not one)
    runs = lambda: sum("--version" not in line for line in log.read_text().splitlines())  # noqa: E731
    yield SimpleNamespace(cache=tmp_path / "cache", runs=runs, wrapper=wrapper, log=log)
    frog_version.cache_clear()


def test_fake_frog_is_used(fake_frog) -> None:
    nlp = make_frog_pipeline()
    assert nlp.meta["version"].startswith("9.9")
    assert [t.text for t in nlp("Het kabinet heeft besloten.")][-1] == "."
    assert fake_frog.runs() == 1


def test_soft_hyphen_and_ligature_letter_does_not_shift_the_next(fake_frog) -> None:
    nlp = make_frog_pipeline()
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    both = tokens(letters, pipeline=nlp, cache=False)
    for doc, text in (("b", LETTER_B), ("c", LETTER_C)):
        alone = tokens(_letters(**{doc: text}), pipeline=nlp, cache=False)
        pd.testing.assert_frame_equal(_rows(both, doc), _rows(alone, doc))
    _check_spans(both, letters)
    a = both[both.doc_id == "a"].set_index(both.loc[both.doc_id == "a", "text"].astype(str))
    assert a.loc["mid\u00addelen", "lemma"] == "middel"  # Frog's word: "middelen"
    assert a.loc["e\ufb00ecten", "lemma"] == "effect"  # Frog's word: "effecten"
    assert a.loc["bu\u00adreau", "lemma"] == "bureau"
    assert "\ufb01nanci\u00eble" in a.index and "X" not in set(a["upos"])


@pytest.mark.parametrize(
    ("mode", "word", "message"),
    [
        ("exit1", "", r"\['a', 'b', 'c'\].*exit code 1.*fatal error in the fake frog"),
        ("nofile", "", r"\['a', 'b', 'c'\].*exit code 0 before it finished"),
        ("empty", "", r"\['a', 'b', 'c'\].*(no tokens|ends before this text)"),
        ("garbage", "", r"\['a', 'b', 'c'\].*not in Frog's tab-separated format at line 1"),
        ("cutline", "", r"\['a', 'b', 'c'\].*format at line \d+ \(\d+ columns, expected 13"),
        ("truncate", "", r"\['a', 'b', 'c'\].*(no tokens|ends before this text)"),
        (
            "skiprow",
            "Boswijk",
            rf"\['b'\].*token 'over' does not match the text at character "
            rf"{LETTER_B.index('Boswijk')} \('Boswijk",
        ),
        (
            "change",
            "motie",
            rf"\['b'\].*token 'moxie' does not match the text at character "
            rf"{LETTER_B.index('motie')} \('motie",
        ),
    ],
)
def test_broken_frog_output_is_named_and_never_cached(
    fake_frog, monkeypatch, mode: str, word: str, message: str
) -> None:
    nlp = make_frog_pipeline()
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    expected = tokens(letters, pipeline=nlp, cache=False)
    nlp.tokenizer.session.stop()  # the next call starts a Frog with the fault
    monkeypatch.setenv("FAKE_FROG_MODE", mode)
    monkeypatch.setenv("FAKE_FROG_WORD", word)
    with pytest.raises(PipelineError, match=rf"(?s)failed on document\(s\) {message}"):
        tokens(letters, pipeline=nlp)
    assert not list(fake_frog.cache.rglob("*.parquet"))  # nothing cached
    monkeypatch.delenv("FAKE_FROG_MODE")  # a healthy Frog again: parsed afresh, correct
    before = cache_info()["parsed_segments"]
    pd.testing.assert_frame_equal(tokens(letters, pipeline=nlp), expected)
    assert cache_info()["parsed_segments"] - before == 3


def test_hanging_frog_has_one_deadline_and_names_the_pending_documents(
    fake_frog, monkeypatch
) -> None:
    monkeypatch.setenv("FAKE_FROG_MODE", "hang")
    monkeypatch.setenv("FAKE_FROG_HANG_ON", "Boswijk")  # letter b hangs
    nlp = make_frog_pipeline(timeout=4)
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    with pytest.raises(PipelineError, match=r"(?s)\['b', 'c'\].*deadline of 4 s") as info:
        tokens(letters, pipeline=nlp)
    assert "'a'" not in str(info.value)  # a was parsed before Frog hung on b
    assert fake_frog.runs() == 1  # one process; stopped at the deadline, not re-run
    assert nlp.tokenizer.session.pid is None
    assert not list(fake_frog.cache.rglob("*.parquet"))
    monkeypatch.delenv("FAKE_FROG_MODE")  # the next call starts a fresh Frog
    assert len(tokens(letters, pipeline=nlp)) > 0 and fake_frog.runs() == 2


def test_one_shot_mode_has_one_deadline_over_its_batches(fake_frog, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_FROG_MODE", "hang")
    monkeypatch.setenv("FAKE_FROG_HANG_ON", "Boswijk")
    nlp = make_frog_pipeline(timeout=4, max_chars=100, oneshot=True)  # a process per letter
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    with pytest.raises(PipelineError, match=r"(?s)\['b', 'c'\].*deadline of 4 s"):
        tokens(letters, pipeline=nlp)
    assert fake_frog.runs() == 2  # a, then b until the deadline; c never started


def test_one_frog_process_serves_every_call(fake_frog) -> None:
    nlp = make_frog_pipeline()
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    first = tokens(letters, pipeline=nlp, cache=False)
    pd.testing.assert_frame_equal(tokens(letters, pipeline=nlp, cache=False), first)
    assert [t.text for t in nlp("Hij is ziek.")] == ["Hij", "is", "ziek", "."]
    assert fake_frog.runs() == 1 and nlp.tokenizer.session.starts == 1
    assert "--skip=mpacn --threads=1" in fake_frog.log.read_text()  # no NER, one thread
    oneshot = make_frog_pipeline(oneshot=True)
    pd.testing.assert_frame_equal(tokens(letters, pipeline=oneshot, cache=False), first)


def test_crashed_frog_is_restarted_and_the_pending_documents_named(fake_frog, monkeypatch) -> None:
    nlp = make_frog_pipeline()
    letters = _letters(a=LETTER_A, b=LETTER_B, c=LETTER_C)
    expected = tokens(letters, pipeline=nlp, cache=False)
    first = nlp.tokenizer.session.pid
    nlp.tokenizer.session.stop()  # the next call starts Frog with this environment
    monkeypatch.setenv("FAKE_FROG_MODE", "crashon")
    monkeypatch.setenv("FAKE_FROG_WORD", "Boswijk")
    with pytest.raises(PipelineError, match=r"(?s)\['b', 'c'\].*exit code -6 before it fin"):
        tokens(letters, pipeline=nlp, cache=False)
    assert not _alive(first)
    for name in FAKE_ENV:
        monkeypatch.delenv(name, raising=False)
    pd.testing.assert_frame_equal(tokens(letters, pipeline=nlp, cache=False), expected)
    assert nlp.tokenizer.session.starts == 3


def _alive(pid: int | None) -> bool:
    """Whether process ``pid`` exists (a zombie counts: it was never waited for)."""
    return pid is not None and Path(f"/proc/{pid}").exists()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_frog_stops_with_its_pipeline_and_at_interpreter_exit(fake_frog, tmp_path) -> None:
    nlp = make_frog_pipeline()
    nlp("Het kabinet heeft besloten.")
    pid = nlp.tokenizer.session.pid
    assert _alive(pid)
    del nlp
    gc.collect()
    assert not _alive(pid)  # stopped and waited for by the finaliser: no zombie
    script = (
        "from discourse.nlp.frog import make_frog_pipeline\n"
        "nlp = make_frog_pipeline()\n"
        "nlp('Het kabinet heeft besloten.')\n"
        "print(nlp.tokenizer.session.pid)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert not _alive(int(out.stdout.split()[-1]))  # the interpreter exit stopped it


def test_frog_output_format_is_checked() -> None:
    row = "1\tDe\tde\t\tLID(bep,stan,rest)\t0.9\tO"
    assert parse_rows([row, row.replace("1", "2", 1), "", row]) == [
        [row.split("\t"), row.replace("1", "2", 1).split("\t")],
        [row.split("\t")],
    ]
    for lines, why in (
        ([row, row], r"line 2 \(token id '1', expected 2\)"),
        ([row, "2\tkabinet\tkabinet"], r"line 2 \(3 columns, expected 7\)"),
        ([row, row.replace("1", "2", 1) + "\textra"], r"line 2 \(8 columns, expected 7\)"),
        (["1\t\t\t\t\t\t"], r"line 1 \(no word or no tag\)"),
    ):
        with pytest.raises(PipelineError, match=why):
            parse_rows(lines)


def test_align_verifies_every_token() -> None:
    text = "De mid\u00addelen voor de e\ufb00ecten, \u2019s-Gravenhage en caf\u00e9."
    words = ["De", "middelen", "voor", "de", "effecten", ",", "'s-Gravenhage", "en", "café", "."]
    spans = align(text, words)
    assert [text[a:b] for a, b in spans][1:5] == ["mid\u00addelen", "voor", "de", "e\ufb00ecten"]
    decomposed = "cafe\u0301 ok"  # Frog composes accents (NFC)
    assert align(decomposed, ["caf\u00e9", "ok"]) == [(0, 5), (6, 8)]
    with pytest.raises(PipelineError, match=r"token 'minster' .* at character 3 \('minister"):
        align("De minister werkt.", ["De", "minster", "werkt", "."])
    with pytest.raises(PipelineError, match=r"token 'werkt' .* at character 3 \('minister"):
        align("De minister werkt.", ["De", "werkt", "."])  # a row left out
    with pytest.raises(PipelineError, match=r"from character 19 \('Daarna meer"):
        align("De minister werkt. Daarna meer.", ["De", "minister", "werkt", "."])


def test_one_bad_text_is_named_alone(fake_frog, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_FROG_MODE", "change")
    monkeypatch.setenv("FAKE_FROG_WORD", "Boswijk")
    with pytest.raises(PipelineError, match="'Boxwijk'") as info:
        frog_docs(Dutch().vocab, [LETTER_A, LETTER_B, LETTER_C], timeout=60)
    assert info.value.failed_texts == [1]


# ------------------------------------------------------------------ the real Frog
LETTER_LONG = (
    "Geachte voorzitter,\n\nIn de bijlage staat de sleutel "
    + "QmlqbGFnZQ" * 300  # 3,000 characters without a space
    + " van het bestand. Daarna volgt de toelichting van het kabinet.\n\nHoogachtend,"
)


@pytest.mark.frog
@needs_frog
def test_real_frog_soft_hyphen_ligature_and_long_token_letters(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    frog_version.cache_clear()
    nlp = make_frog_pipeline()
    letters = _letters(a=LETTER_A, long=LETTER_LONG, b=LETTER_B)
    both = tokens(letters, pipeline=nlp, cache=False)
    alone = tokens(_letters(b=LETTER_B), pipeline=nlp, cache=False)
    pd.testing.assert_frame_equal(_rows(both, "b"), _rows(alone, "b"))
    _check_spans(both, letters)
    a = both[both.doc_id == "a"].set_index(both.loc[both.doc_id == "a", "text"].astype(str))
    assert a.loc["mid\u00addelen", "lemma"] == "middel"
    assert a.loc["mid\u00addelen", "upos"] == "NOUN"
    assert a.loc["e\ufb00ecten", "upos"] == "NOUN"
    long = both[both.doc_id == "long"]
    assert {"toelichting", "kabinet"} <= set(long["text"].astype(str))  # the rest of the line
    assert long["text"].astype(str).str.len().max() <= 2000


def test_results_of_an_older_adapter_are_not_served(fake_frog, monkeypatch) -> None:
    letters = _letters(b=LETTER_B)
    with pytest.MonkeyPatch.context() as patch:  # undoes only this patch, not the fixture's
        patch.setattr(frog_pipeline, "ADAPTER_VERSION", "2")
        old = make_frog_pipeline()
        tokens(letters, pipeline=old)
    nlp = make_frog_pipeline()
    assert nlp.meta["version"].endswith("+adapter4") and old.meta["version"].endswith("adapter2")
    before = cache_info()["parsed_segments"]
    tokens(letters, pipeline=nlp)
    assert cache_info()["parsed_segments"] - before == 1  # parsed again, not adapter 2's
