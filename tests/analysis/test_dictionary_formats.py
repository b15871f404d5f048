"""Tests for the LIWC (.dic) and WordStat (.cat) readers of load_dictionary.

The files are small Dutch dictionaries written for these tests, laid out as LIWC 2015 and
WordStat save them (quanteda's ``dictionary(file=, format=)`` reads the same layouts).
"""

from __future__ import annotations

import pandas as pd
import pytest

from discourse.analysis.dictionary import dictionary_counts, load_dictionary
from discourse.errors import CorpusError

LIWC = (
    "%\n"
    "1\tsteun\n"
    "2\tdreiging\n"
    "3\tveiligheid\n"
    "%\n"
    "steun*\t1\n"
    "bedreig*\t2 3\n"
    "Veilig*\t1\t3\n"
    "in samenwerking met\t1\n"
    "\n"
    "oorlog\t2\n"
)

WORDSTAT = (
    "VEILIGHEID\n"
    "\tDEFENSIE\n"
    "\t\tKRIJGSMACHT* (1)\n"
    "\t\tNAVO (1)\n"
    "\tDREIGING\n"
    "\t\tBEDREIG* (1)\n"
    "ECONOMIE\n"
    "\tHANDEL* (1)\n"
    "\tVERENIGDE STATEN (2)\n"
)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_liwc_categories_numbers_wildcards_and_phrases(tmp_path):
    d = load_dictionary(write(tmp_path, "dreiging.dic", LIWC))
    assert d.to_records(index=False).tolist() == [
        ("steun", "steun*"),
        ("dreiging", "bedreig*"),
        ("veiligheid", "bedreig*"),
        ("steun", "veilig*"),
        ("veiligheid", "veilig*"),
        ("steun", "in samenwerking met"),
        ("dreiging", "oorlog"),
    ]
    assert d.attrs["dictionary"] == "dreiging"


def test_wordstat_nesting_weights_and_phrases(tmp_path):
    d = load_dictionary(write(tmp_path, "beleid.cat", WORDSTAT))
    assert d.to_records(index=False).tolist() == [
        ("VEILIGHEID.DEFENSIE", "krijgsmacht*"),
        ("VEILIGHEID.DEFENSIE", "navo"),
        ("VEILIGHEID.DREIGING", "bedreig*"),
        ("ECONOMIE", "handel*"),
        ("ECONOMIE", "verenigde staten"),
    ]


def test_wordstat_indented_with_spaces(tmp_path):
    text = WORDSTAT.replace("\t", "    ")
    d = load_dictionary(write(tmp_path, "beleid.cat", text))
    assert d["category"].tolist()[:3] == ["VEILIGHEID.DEFENSIE"] * 2 + ["VEILIGHEID.DREIGING"]


def test_format_argument_overrides_the_extension(tmp_path):
    path = write(tmp_path, "dreiging.txt", LIWC)
    with pytest.raises(CorpusError, match=r"dreiging\.txt.*extension '\.txt'.*format="):
        load_dictionary(path)
    assert len(load_dictionary(path, format="liwc")) == 7
    with pytest.raises(CorpusError, match="format='xml' is not valid"):
        load_dictionary(path, format="xml")


def test_liwc_and_wordstat_dictionaries_count_like_the_yaml_one(tmp_path):
    text = "De dreiging bedreigt de veiligheid ; in samenwerking met de NAVO handelen we ."
    toks = pd.DataFrame({"doc_id": "a", "sent_id": 0, "lower": text.lower().split()})
    toks["lemma"] = toks["lower"]
    toks["is_punct"] = toks["lower"].isin([";", "."])
    liwc = dictionary_counts(toks, load_dictionary(write(tmp_path, "d.dic", LIWC)), role=None)
    assert dict(zip(liwc["category"], liwc["count"], strict=True)) == {
        "steun": 2,  # veiligheid, in samenwerking met
        "dreiging": 1,  # bedreigt
        "veiligheid": 2,  # bedreigt, veiligheid
    }
    same = {"steun": ["steun*", "veilig*", "in samenwerking met"], "dreiging": ["bedreig*"]}
    same["dreiging"].append("oorlog")
    same["veiligheid"] = ["bedreig*", "veilig*"]
    yaml = dictionary_counts(toks, same, role=None)
    assert yaml["count"].tolist() == liwc["count"].tolist()
    ws = dictionary_counts(toks, load_dictionary(write(tmp_path, "d.cat", WORDSTAT)), role=None)
    assert dict(zip(ws["category"], ws["count"], strict=True)) == {
        "VEILIGHEID.DEFENSIE": 1,
        "VEILIGHEID.DREIGING": 1,
        "ECONOMIE": 1,  # handelen
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("steun*\t1\n", r"found 0 such line"),
        ("%\n1\tsteun\n%\nsteun*\t4\n", r"line 4: category '4' of 'steun\*' .* header numbers: 1"),
        ("%\nsteun\n%\nsteun*\t1\n", r"line 2: 'steun' is not a header entry"),
        ("%\n1\tsteun\n1\tanders\n%\n", r"line 3: category number 1 given twice"),
        ("%\n1\tsteun\n%\nsteun*\n", r"line 4: 'steun\*' has no category numbers"),
    ],
)
def test_liwc_errors_name_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "fout.dic", text)
    with pytest.raises(CorpusError, match=message) as err:
        load_dictionary(path)
    assert "fout.dic" in str(err.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("HANDEL* (1)\nECONOMIE\n", r"line 1: entry 'HANDEL\* \(1\)' comes before any category"),
        ("ECONOMIE\n\tHANDEL* (veel)\n", r"line 2: 'HANDEL\* \(veel\)': the weight"),
        ("ECONOMIE\n\tHANDEL\n", r"no entries 'WORD \(1\)'"),
    ],
)
def test_wordstat_errors_name_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "fout.cat", text)
    with pytest.raises(CorpusError, match=message) as err:
        load_dictionary(path)
    assert "fout.cat" in str(err.value)


def test_non_utf8_file_is_refused_with_its_name(tmp_path):
    path = write(tmp_path, "oud.dic", "%\n1\tdreiging\n%\nbedreigd\t1\nzeeën\t1\n", "cp1252")
    with pytest.raises(CorpusError, match=r"oud\.dic: not UTF-8 text"):
        load_dictionary(path)
