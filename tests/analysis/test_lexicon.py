"""Tests for discourse.analysis.lexicon: Pattern's Dutch lexicon and user lexicons."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from discourse.analysis.lexicon import (
    UPOS_OF_POS,
    _attributive,
    _pattern_xml,
    compiled_lexicon,
    list_lexicons,
    load_lexicon,
)
from discourse.analysis.scoring import score_tokens
from discourse.errors import CorpusError


def test_list_lexicons():
    import discourse as dc

    assert list_lexicons()[0] == "pattern-nl" and "example-nl" in list_lexicons()
    assert dc.load_lexicon.__module__ == "discourse.analysis.lexicon"


def test_lexicon_schema():
    lex = load_lexicon()
    assert list(lex.columns) == [
        "form",
        "pos",
        "polarity",
        "subjectivity",
        "intensity",
        "confidence",
    ]
    assert lex["polarity"].between(-1, 1).all() and lex["subjectivity"].between(0, 1).all()
    assert (lex["intensity"] > 0).all()
    assert not lex.duplicated(["form", "pos"]).any()
    assert set(lex.loc[lex["pos"] != "", "form"]) <= set(lex.loc[lex["pos"] == "", "form"])


def test_sense_averaging_matches_xml_by_hand():
    root = ET.parse(_pattern_xml()).getroot()
    heel = [w.attrib for w in root.findall("word") if w.get("form") == "heel"]
    assert [float(w["polarity"]) for w in heel] == [0.1, 0.2, 0.1]
    assert [float(w["intensity"]) for w in heel] == [1.7, 1.4, 1.7]
    lex = load_lexicon().set_index(["form", "pos"])
    assert lex.loc[("heel", "JJ"), "polarity"] == pytest.approx(0.4 / 3)
    assert lex.loc[("heel", "JJ"), "intensity"] == pytest.approx(1.6)
    assert lex.loc[("heel", ""), "subjectivity"] == pytest.approx((0.4 + 0.4 + 0.9) / 3)
    assert lex.loc[("goed", ""), "polarity"] == pytest.approx(0.55)  # (0.6 + 0.5) / 2
    assert lex.loc[("erg", ""), "intensity"] == pytest.approx(1.55)  # (1.2 + 1.9) / 2


def test_attributive_forms_overwrite_as_in_pattern():
    lex = load_lexicon().set_index(["form", "pos"])
    # goede: XML says 0.5 (pos ""), Pattern's nl Sentiment.load overwrites with goed's JJ
    assert lex.loc[("goede", ""), "polarity"] == pytest.approx(0.55)
    # geliefde: XML NN 0.6 kept as NN; POS-free and JJ copied from geliefd (0.8)
    assert lex.loc[("geliefde", "NN"), "polarity"] == pytest.approx(0.6)
    assert lex.loc[("geliefde", ""), "polarity"] == pytest.approx(0.8)
    # capitalised XML forms never match lower-cased tokens; their attributive does
    assert ("Amsterdams", "JJ") in lex.index and ("amsterdams", "") not in lex.index
    assert ("amsterdamse", "") in lex.index
    assert score_tokens(["amsterdams"])[2] == [] and score_tokens(["amsterdamse"])[2]


@pytest.mark.parametrize(
    "adj, attr",
    [
        ("goed", "goede"),
        ("fel", "fele"),
        ("groot", "grote"),
        ("grof", "grove"),  # fele: sic
        ("lief", "lieve"),
        ("vies", "vieze"),
        ("rood", "rode"),
        ("dom", "domme"),
        ("makkelijk", "makkelijke"),
        ("simpel", "simpele"),
        ("moe", "moe"),
        ("duur", "dure"),
    ],
)
def test_attributive(adj, attr):
    assert _attributive(adj) == attr


def test_user_lexicon_csv_pos_free_is_mean_of_pos_means(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("form,pos,polarity,subjectivity\nX,JJ,0.2,0.5\nx,JJ,0.4,0.5\nx,NN,0.9,0.5\n")
    lex = load_lexicon(path).set_index(["form", "pos"])
    assert lex.loc[("x", "JJ"), "polarity"] == pytest.approx(0.3)
    assert lex.loc[("x", ""), "polarity"] == pytest.approx(0.6)  # not the sense mean 0.5
    assert lex.loc[("x", ""), "intensity"] == 1.0


def test_bundled_example_lexicon_and_modifier():
    lex = load_lexicon("example-nl")
    p, s, hits = score_tokens(["zeer", "constructief"], lexicon=lex)
    assert p == pytest.approx(0.5 * 1.3) and hits[0]["words"] == ["zeer", "constructief"]


@pytest.mark.parametrize(
    "content, message",
    [
        ("form,polarity\nx,0.1\n", "subjectivity"),
        ("form,polarity,subjectivity\nx,0.1,0.2\ny,1.5,0.2\n", "row 2 ('y'), field 'polarity'"),
        ("form,polarity,subjectivity,intensity\nx,0.1,0.2,-1\n", "field 'intensity'"),
        ("form,polarity,subjectivity\nx,abc,0.2\n", "field 'polarity'"),
        ("form,polarity,subjectivity\n,0.1,0.2\n", "field 'form'"),
    ],
)
def test_user_lexicon_errors_name_file_row_field(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(CorpusError, match="bad.csv") as err:
        load_lexicon(path)
    assert message in str(err.value)


def test_user_lexicon_yaml_and_bad_inputs(tmp_path):
    good = tmp_path / "l.yaml"
    good.write_text("- {form: fijn, polarity: 0.5, subjectivity: 0.8}\n")
    assert score_tokens(["fijn"], lexicon=load_lexicon(good))[0] == 0.5
    bad = tmp_path / "b.yaml"
    bad.write_text("fijn: 0.5\n")
    with pytest.raises(CorpusError, match="b.yaml"):
        load_lexicon(bad)
    (tmp_path / "l.txt").write_text("x")
    with pytest.raises(CorpusError, match=".csv or .yaml"):
        load_lexicon(tmp_path / "l.txt")
    with pytest.raises(CorpusError, match="no-such-lexicon"):
        load_lexicon("no-such-lexicon")


def test_entries_say_which_pos_they_are_valid_for(tmp_path):
    assert UPOS_OF_POS["JJ"] == ("ADJ", "ADV") and UPOS_OF_POS["NOUN"] == ("NOUN",)
    lex, _ = compiled_lexicon("pattern-nl")
    assert set(lex.by_pos["goed"]) == {"ADJ", "ADV"}
    assert lex.by_pos["geliefde"]["NOUN"][0] == pytest.approx(0.6)  # its NN sense
    assert lex.by_pos["geliefde"]["ADJ"][0] == pytest.approx(0.8)  # geliefd's JJ
    assert "deels" in lex.scores and "deels" not in lex.by_pos  # XML entry without pos
    path = tmp_path / "bad.csv"
    path.write_text("form,pos,polarity,subjectivity\nx,NOUN,0.1,0.2\ny,ZN,0.1,0.2\n")
    with pytest.raises(CorpusError, match=r"bad.csv: row 2 \('y'\), field 'pos': 'ZN' is not"):
        load_lexicon(path)


def test_policy_extension_entries_have_pos_polarity_and_rationale():
    from discourse.analysis.safe_yaml import read_yaml
    from discourse.paths import data_dir

    entries = read_yaml(data_dir() / "lexicons" / "policy-nl.yaml")
    assert len(entries) >= 50
    for e in entries:
        assert e["pos"] in UPOS_OF_POS and -1 <= e["polarity"] <= 1 and e["polarity"] != 0
        assert len(e["rationale"].split()) >= 2, e["form"]
    forms = [e["form"] for e in entries]
    assert len(forms) == len(set(forms))
    left_out = {"samenwerking", "partnerschap", "veiligheid", "sanctie", "zorg"}
    assert not left_out & set(forms)  # topic words and ambiguous words are left out
    pattern, _ = compiled_lexicon("pattern-nl")
    assert not set(forms) & set(pattern.scores)  # only words pattern-nl does not score


def test_composed_lexicon_adds_the_extension_with_pos_and_negation():
    lex = load_lexicon("pattern-nl+policy-nl")
    assert lex.attrs["lexicon"] == "pattern-nl+policy-nl"
    assert len(lex) == len(load_lexicon()) + len(load_lexicon("policy-nl"))  # no overlap
    words = "toenemende spanningen en russische dreiging".split()
    lemmas = "toenemend spanning en russisch dreiging".split()
    upos = "ADJ NOUN CCONJ ADJ NOUN".split()
    assert score_tokens(words, lemmas=lemmas, upos=upos)[2] == []  # pattern-nl alone
    p, _, hits = score_tokens(words, lemmas=lemmas, upos=upos, lexicon="pattern-nl+policy-nl")
    assert p == pytest.approx((-0.4 - 0.6) / 2) and len(hits) == 2
    neg = score_tokens(
        ["geen", "steun"], upos=["DET", "NOUN"], lexicon="pattern-nl+policy-nl", negation="clause"
    )
    assert neg[0] == pytest.approx(0.3 * -0.5)
    assert score_tokens(["steun"], upos=["ADP"], lexicon="pattern-nl+policy-nl")[2] == []
    with pytest.raises(CorpusError, match="several joined by '\\+'"):
        load_lexicon("pattern-nl+no-such-lexicon")


def test_composed_lexicon_later_forms_replace_earlier(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("form,pos,polarity,subjectivity\ngoed,NOUN,0.1,0.2\n")
    lex = load_lexicon(f"pattern-nl+{mine}")
    assert lex.loc[lex["form"] == "goed", "pos"].tolist() == ["NOUN", ""]
    assert score_tokens(["goed"], upos=["ADJ"], lexicon=lex)[2] == []
    assert score_tokens(["goed"], upos=["NOUN"], lexicon=lex)[0] == pytest.approx(0.1)
