"""Tests of the Frog adapter (discourse.nlp.frog): CGN mapping, alignment, real Frog runs."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import pandas as pd
import pytest
from spacy.lang.nl import Dutch

from discourse.errors import PipelineError
from discourse.nlp import pipeline as nlp_pipeline
from discourse.nlp.frog import (
    ADAPTER_VERSION,
    cgn_to_morph,
    cgn_to_upos,
    frog_tag_tokens,
    frog_version,
    make_frog_pipeline,
    repair_adjective_lemma,
)
from discourse.nlp.frog.align import align, build_doc, frog_docs
from discourse.nlp.frog.run import frog_binary, frog_installed
from discourse.nlp.pipeline import load_pipeline, resolve_pipeline_name
from discourse.nlp.tokens import tokens

needs_frog = pytest.mark.skipif(
    shutil.which("frog") is None, reason="Frog not installed (apt-get install frog frogdata)"
)


@pytest.mark.parametrize(
    ("tag", "text", "upos"),
    [
        ("N(soort,ev,basis,zijd,stan)", "minister", "NOUN"),
        ("N(eigen,ev,basis,onz,stan)", "Nederland", "PROPN"),
        ("SPEC(deeleigen)", "Rutte", "PROPN"),
        ("VNW(aanw,adv-pron,obl,vol,3o,getal)", "er", "ADV"),
        ("VNW(aanw,det,stan,prenom,zonder,agr)", "die", "DET"),
        ("VNW(bez,det,stan,vol,1,ev,prenom,zonder,agr)", "mijn", "PRON"),
        ("VNW(pers,pron,nomin,vol,3,ev,masc)", "hij", "PRON"),
        ("LID(bep,stan,rest)", "de", "DET"),
        ("VZ(init)", "in", "ADP"),
        ("VG(neven)", "en", "CCONJ"),
        ("VG(onder)", "dat", "SCONJ"),
        ("TW(hoofd,vrij)", "3", "NUM"),
        ("TW(rang,prenom,stan)", "tweede", "ADJ"),
        ("LET()", ".", "PUNCT"),
        ("LET()", "%", "SYM"),
        ("SPEC(symb)", "€", "SYM"),
        ("SPEC(afk)", "bijv.", "X"),
        ("SPEC(afk)", "VS", "PROPN"),
        ("SPEC(afk)", "NAVO", "PROPN"),
        ("TSW()", "ja", "INTJ"),
        ("BW()", "niet", "ADV"),
        ("WW(pv,tgw,met-t)", "werkt", "VERB"),
    ],
)
def test_cgn_to_upos(tag: str, text: str, upos: str) -> None:
    assert cgn_to_upos(tag, text) == upos


def test_cgn_to_morph() -> None:
    assert cgn_to_morph("WW(pv,verl,ev)") == "Number=Sing|Tense=Past|VerbForm=Fin"
    assert cgn_to_morph("N(soort,mv,basis)") == "Number=Plur"
    assert cgn_to_morph("WW(vd,vrij,zonder)") == "VerbForm=Part"
    assert cgn_to_morph("LID(onbep,stan,agr)") == "Definite=Ind"
    assert "PronType=Prs" in cgn_to_morph("VNW(pers,pron,nomin,vol,3,ev,masc)")
    assert cgn_to_morph("LET()") == ""


def test_align_exact_and_resync() -> None:
    text = "De  minister\u200b werkt."
    spans = align(text, ["De", "minister", "werkt", "."])
    assert [text[a:b] for a, b in spans] == ["De", "minister", "werkt", "."]
    # Frog normalised a character: the span still covers the original characters
    assert align("’s-Gravenhage is", ["'s-Gravenhage", "is"]) == [(0, 13), (14, 16)]


def _row(word: str, lemma: str, tag: str, ner: str = "O") -> list[str]:
    return ["1", word, lemma, "", tag, "1.0", ner]


def test_build_doc_keeps_text_gaps_and_entities() -> None:
    vocab = Dutch().vocab
    text = "  Mark Rutte\u200bis er.\n\nHij"
    rows = [
        (2, 6, _row("Mark", "Mark", "SPEC(deeleigen)", "B-PER"), True),
        (7, 12, _row("Rutte", "Rutte", "SPEC(deeleigen)", "I-PER"), False),
        (13, 15, _row("is", "zijn", "WW(pv,tgw,ev)"), False),
        (16, 18, _row("er", "er", "VNW(aanw,adv-pron,obl,vol,3o,getal)"), False),
        (18, 19, _row(".", ".", "LET()"), False),
        (21, 24, _row("Hij", "hij", "VNW(pers,pron,nomin,vol,3,ev,masc)"), True),
    ]
    doc = build_doc(vocab, text, rows)
    assert doc.text == text
    assert [t.idx for t in doc if not t.is_space][:3] == [2, 7, 12]
    assert [(e.text, e.label_) for e in doc.ents] == [("Mark Rutte", "PER")]
    assert [t.pos_ for t in doc if t.text == "is"] == ["AUX"]
    assert len(list(doc.sents)) == 2  # leading whitespace joins the first sentence
    assert [t.text for t in doc if t.pos_ == "X"] == ["\u200b"]


def _fake_frog(tmp_path: Path, body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "frog"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")


def test_frog_failure_is_pipeline_error(tmp_path, monkeypatch) -> None:
    _fake_frog(tmp_path, "echo 'frog: config file not found' >&2; exit 3", monkeypatch)
    with pytest.raises(PipelineError, match="(?s)exit code 3.*config file not found"):
        frog_docs(Dutch().vocab, ["Een zin."], timeout=30)


def test_frog_timeout_is_pipeline_error(tmp_path, monkeypatch) -> None:
    _fake_frog(tmp_path, "exec sleep 30", monkeypatch)
    with pytest.raises(PipelineError, match="timed out after 0.5 s"):
        frog_docs(Dutch().vocab, ["Een zin."], timeout=0.5)


def test_frog_missing_is_pipeline_error(monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(PipelineError, match="apt-get install frog"):
        frog_docs(Dutch().vocab, ["Een zin."], timeout=30)


@pytest.fixture(scope="module")
def frog_nlp():
    return make_frog_pipeline(ner=True)


TEXTS = [
    "De minister heeft de Kamer gisteren geïnformeerd over de V.S.  Mark Rutte werkt in "
    "Den Haag.\n\nTweede alinea zonder punt",
    "",
    "  “Aanhalingstekens” en ’s-Gravenhage\u00a0zijn ﬁnanciën, km² 😀 wordt\tniet bijv. 3,5%.",
    "Hij is ziek",
]


@pytest.mark.frog
@needs_frog
def test_frog_pipe_aligns_and_annotates(frog_nlp) -> None:
    docs = list(frog_nlp.pipe(TEXTS))
    assert [d.text for d in docs] == TEXTS  # exact alignment, also for odd characters
    doc = docs[0]
    by_text = {t.text: t for t in doc}
    assert by_text["geïnformeerd"].lemma_ == "informeren"
    assert by_text["geïnformeerd"].pos_ == "VERB"
    assert by_text["heeft"].pos_ == "AUX" and by_text["heeft"].lemma_ == "hebben"
    assert str(by_text["heeft"].morph) == "Number=Sing|Tense=Pres|VerbForm=Fin"
    assert by_text["Kamer"].tag_.startswith("N(")
    assert by_text["de"].is_stop and not by_text["minister"].is_stop
    assert ("Den Haag", "LOC") in [(e.text, e.label_) for e in doc.ents]
    assert by_text["Tweede"].is_sent_start  # a paragraph break always ends a sentence
    assert 2 <= len(list(doc.sents)) <= 3  # Frog may keep "V.S.  Mark" together
    assert len(docs[1]) == 0
    assert frog_nlp.meta["name"] == "frog" and "adapter" in frog_nlp.meta["version"]
    single = frog_nlp("Hij is ziek")
    assert [t.pos_ for t in single] == ["PRON", "AUX", "ADJ"]


@pytest.mark.frog
@needs_frog
def test_frog_tag_tokens_keeps_gold_tokens() -> None:
    sents = [["Het", "kabinet", "heeft", "besloten", "."], ["Zij", "werkten", "hard"]]
    docs = frog_tag_tokens(sents)
    assert [[t.text for t in d] for d in docs] == sents
    assert [t.pos_ for t in docs[0]] == ["DET", "NOUN", "AUX", "VERB", "PUNCT"]
    assert docs[1][1].lemma_ == "werken"


@pytest.mark.parametrize(
    ("word", "lemma", "tag", "expected"),
    [
        ("Amerikaanse", "Amerikaanse", "ADJ(prenom,basis,met-e,stan)", "Amerikaans"),
        ("Europese", "Europese", "ADJ(prenom,basis,met-e,stan)", "Europees"),
        ("Russische", "Russische", "ADJ(prenom,basis,met-e,stan)", "Russisch"),
        ("rijksbrede", "rijksbrede", "ADJ(prenom,basis,met-e,stan)", "rijksbreed"),
        (
            "regels-gebaseerde",
            "regels-gebaseerde",
            "ADJ(prenom,basis,met-e,stan)",
            "regels-gebaseerd",
        ),
        ("grijze", "grijze", "ADJ(prenom,basis,met-e,stan)", "grijs"),
        ("andere", "andere", "ADJ(prenom,basis,met-e,stan)", "ander"),
        # left alone: Frog knew the lemma, the form has no -e inflection, or not an adjective
        ("goede", "goed", "ADJ(prenom,basis,met-e,stan)", "goed"),
        ("hybride", "hybride", "ADJ(prenom,basis,zonder)", "hybride"),
        ("Europese", "Europese", "N(eigen,ev,basis,zijd,stan)", "Europese"),
    ],
)
def test_repair_adjective_lemma(word, lemma, tag, expected):
    assert repair_adjective_lemma(word, lemma, tag) == expected


@pytest.mark.frog
@needs_frog
def test_sentence_final_vs_is_split_from_its_full_stop(frog_nlp) -> None:
    text = "Dat geldt ook voor de VS. Daarna volgt China."
    doc = frog_nlp(text)
    assert doc.text == text
    assert [t.text for t in doc][5:8] == ["VS", ".", "Daarna"]
    assert [s.text for s in doc.sents] == ["Dat geldt ook voor de VS.", "Daarna volgt China."]


# ------------------------------------------------------------------ DISCOURSE_FROG, NER
FAKE = Path(__file__).parent / "fake_frog" / "frog.py"


@pytest.fixture
def fake_frog_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fake ``frog`` as an executable file outside ``PATH``; a fresh cache folder."""
    wrapper = tmp_path / "bin" / "my-frog"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKE}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("DISCOURSE_CACHE", str(tmp_path / "cache"))
    for name in ("FAKE_FROG_MODE", "FAKE_FROG_LOG", "DISCOURSE_FROG_NER", "DISCOURSE_PIPELINE"):
        monkeypatch.delenv(name, raising=False)
    frog_version.cache_clear()
    nlp_pipeline._load.cache_clear()
    yield wrapper
    frog_version.cache_clear()
    nlp_pipeline._load.cache_clear()


@pytest.mark.parametrize("value", ["", "/nonexistent/frog"])
def test_discourse_frog_empty_or_missing_means_not_installed(
    fake_frog_binary, monkeypatch, value: str
) -> None:
    monkeypatch.setenv("PATH", f"{fake_frog_binary.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISCOURSE_FROG", value)
    assert not frog_installed()
    with pytest.raises(PipelineError, match=f"DISCOURSE_FROG points nowhere \\({value!r}"):
        load_pipeline("frog")
    assert "frog" not in nlp_pipeline._auto_candidates("builtin")
    monkeypatch.setattr(nlp_pipeline, "_model_installed", lambda name: False)
    assert resolve_pipeline_name("auto") == "builtin"


def test_discourse_frog_names_the_binary(fake_frog_binary, monkeypatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")  # no frog on PATH: DISCOURSE_FROG is used
    monkeypatch.setenv("DISCOURSE_FROG", str(fake_frog_binary))
    assert frog_installed() and frog_binary() == str(fake_frog_binary)
    nlp = load_pipeline("frog")
    assert nlp.meta["version"] == f"9.9+adapter{ADAPTER_VERSION}"
    assert [t.text for t in nlp("De minister werkt.")] == ["De", "minister", "werkt", "."]
    monkeypatch.delenv("DISCOURSE_FROG")  # unset: PATH, where there is no frog
    assert not frog_installed()


def test_named_entities_only_when_asked(fake_frog_binary, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_FROG", str(fake_frog_binary))
    text = "De minister sprak in Den Haag met Mark Rutte."
    plain = make_frog_pipeline()
    with_ner = make_frog_pipeline(ner=True)
    assert plain.tokenizer.args[0] == "--skip=mpacn" and with_ner.tokenizer.args[0] == "--skip=mpac"
    assert (
        with_ner.meta["version"].endswith("+ner")
        and plain.meta["version"] != (with_ner.meta["version"])
    )  # different cache keys
    doc, ner_doc = plain(text), with_ner(text)
    assert [(t.text, t.tag_, t.lemma_) for t in doc] == [
        (t.text, t.tag_, t.lemma_) for t in ner_doc
    ]
    assert doc.ents == () and ("Haag", "LOC") in [(e.text, e.label_) for e in ner_doc.ents]
    monkeypatch.setenv("DISCOURSE_FROG_NER", "1")
    assert make_frog_pipeline().tokenizer.args[0] == "--skip=mpac"


@pytest.mark.frog
@needs_frog
def test_long_running_frog_equals_the_one_shot_adapter_on_the_seeds(
    seed_segments, tmp_path, monkeypatch
) -> None:
    """Frog fed through one process's standard input gives the token table of the
    adapter-3 way (``frog -t`` per 20,000-character batch), all columns; without NER
    (the default) only ``ent_type`` differs, and it is empty."""
    monkeypatch.delenv("DISCOURSE_FROG", raising=False)
    frog_version.cache_clear()
    old = tokens(seed_segments, pipeline=make_frog_pipeline(oneshot=True, ner=True), cache=False)
    session = make_frog_pipeline(ner=True)
    pd.testing.assert_frame_equal(tokens(seed_segments, pipeline=session, cache=False), old)
    assert session.tokenizer.session.starts == 1
    plain = tokens(seed_segments, pipeline=make_frog_pipeline(), cache=False)
    rest = [c for c in old.columns if c != "ent_type"]
    pd.testing.assert_frame_equal(plain[rest], old[rest])
    assert set(plain["ent_type"].astype(str)) == {""} and old["ent_type"].astype(str).ne("").any()
