"""CoNLL-U in and out (``to_conllu`` / ``read_conllu``): round trips of the bundled corpus and
of the UD LassySmall test file, ParlaMint-NL style files with a metadata table, and the
format rules (each broken one names the file and line)."""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.paths import PROJECT_DIR

UD_DIR = (PROJECT_DIR or Path(__file__).parents[2]) / ".." / "shared" / "eval" / "ud"
UD_TEST = UD_DIR / "nl_lassysmall-ud-test.conllu"


def _word_lines(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line and line[0] != "#"]


def test_bundled_corpus_round_trip_exact_with_metadata(builtin_tokens, seed_segments, tmp_path):
    path = dc.to_conllu(builtin_tokens, tmp_path / "letters.conllu")
    back = dc.read_conllu(path, metadata=seed_segments)
    pd.testing.assert_frame_equal(back, builtin_tokens)
    assert back.attrs["pipeline"] == builtin_tokens.attrs["pipeline"]


def test_bundled_corpus_round_trip_from_comments_alone(builtin_tokens, tmp_path):
    """Without a metadata table the file is self-contained: every value comes back, the
    metadata columns as categoricals with sorted categories."""
    back = dc.read_conllu(dc.to_conllu(builtin_tokens, tmp_path / "letters.conllu"))
    pd.testing.assert_frame_equal(back, builtin_tokens, check_categorical=False)
    assert list(back["role"].cat.categories) == sorted(builtin_tokens["role"].unique())


def test_file_layout_is_standard_conllu(builtin_tokens, tmp_path):
    one = builtin_tokens[builtin_tokens["doc_id"] == builtin_tokens["doc_id"].iloc[0]]
    path = dc.to_conllu(one, tmp_path / "one.conllu")
    lines = path.read_text("utf-8").splitlines()
    assert lines[0] == f"# newdoc id = {one['doc_id'].iloc[0]}"
    assert lines[1] == "# pipeline = builtin"
    assert all(len(line.split("\t")) == 10 for line in _word_lines(path))
    assert lines[-1] == "" and "" not in lines[:3]
    first = next(i for i, line in enumerate(lines) if line.startswith("# sent_id"))
    words = one[one["sent_id"] == one["sent_id"].iloc[0]]
    assert lines[first + 2].split("\t")[:5] == [
        "1",
        words["text"].iloc[0],
        words["lemma"].iloc[0] or "_",
        words["upos"].iloc[0],
        words["tag"].iloc[0] or "_",
    ]


def test_spacing_and_flags_survive_in_misc(tmp_path):
    """Odd whitespace (two spaces, a line break) needs TokenRange; a flag set against the
    lexical default is written as IsStop=…; both come back."""
    letters = pd.DataFrame(
        {
            "doc_id": ["kst-36410-12"],
            "text": ["Geachte  voorzitter,\nHierbij zend ik u de (nota) van wijziging."],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        toks = dc.tokens(letters, pipeline="builtin", cache=False)
    toks.loc[toks["lower"] == "ik", "is_stop"] = False
    text = dc.to_conllu(toks, tmp_path / "w.conllu").read_text("utf-8")
    assert "TokenRange=9:19" in text and "IsStop=No" in text and "SpaceAfter=No" in text
    back = dc.read_conllu(tmp_path / "w.conllu")
    pd.testing.assert_frame_equal(back, toks, check_categorical=False)


def test_gzip_is_read_and_written_byte_stable(builtin_tokens, tmp_path):
    one = builtin_tokens.head(300)
    a = dc.to_conllu(one, tmp_path / "a.conllu.gz").read_bytes()
    b = dc.to_conllu(one, tmp_path / "a.conllu.gz").read_bytes()
    assert a == b
    assert gzip.decompress(a) == dc.to_conllu(one, tmp_path / "a.conllu").read_bytes()
    back = dc.read_conllu(tmp_path / "a.conllu.gz")
    pd.testing.assert_frame_equal(back, dc.read_conllu(tmp_path / "a.conllu"))


@pytest.mark.skipif(not UD_TEST.exists(), reason=f"UD LassySmall not found in {UD_DIR}")
def test_ud_lassysmall_reads_and_writes_back_its_10_columns(tmp_path):
    ud = dc.read_conllu(UD_TEST)
    lines = _word_lines(UD_TEST)
    words = [line for line in lines if line.split("\t", 1)[0].isdigit()]
    assert len(ud) == len(words)
    assert list(ud.columns[-5:]) == ["feats", "head", "deprel", "deps", "empty_nodes"]
    assert ud["head"].dtype == "Int32" and set(ud["upos"].cat.categories) <= set(dc_upos())
    assert ud["sent_id"].iloc[-1] + 1 == sum(1 for w in words if w.startswith("1\t"))
    out = dc.to_conllu(ud, tmp_path / "back.conllu")
    assert _word_lines(out) == lines  # word lines, empty nodes: all 10 columns as read
    pd.testing.assert_frame_equal(dc.read_conllu(out), ud)


def dc_upos() -> list[str]:
    from discourse._constraints import UPOS

    return UPOS


PARLAMINT = """\
# newdoc id = ParlaMint-NL_2024-05-16-tweedekamer-7
# newpar id = ParlaMint-NL_2024-05-16-tweedekamer-7.u1
# sent_id = ParlaMint-NL_2024-05-16-tweedekamer-7.u1.p1.s1
# text = Ik geef het woord aan minister Van Weel.
1	Ik	ik	PRON	VNW|pers|pron|nomin|vol|1|ev	Case=Nom|Person=1	2	nsubj	2:nsubj	_
2	geef	geven	VERB	WW|pv|tgw|ev	Number=Sing	0	root	0:root	_
3	het	het	DET	LID|bep|stan|evon	Definite=Def	4	det	4:det	_
4	woord	woord	NOUN	N|soort|ev|basis|onz|stan	Number=Sing	2	obj	2:obj	_
5	aan	aan	ADP	VZ|init	_	7	case	7:case	_
6	minister	minister	NOUN	N|soort|ev|basis|zijd|stan	Number=Sing	2	obl	2:obl:aan	_
7	Van	Van	PROPN	SPEC|deeleigen	_	6	appos	6:appos	NER=B-PER
8	Weel	Weel	PROPN	SPEC|deeleigen	_	7	flat	7:flat	NER=I-PER|SpaceAfter=No
9	.	.	PUNCT	LET	_	2	punct	2:punct	NER=O

# newpar id = ParlaMint-NL_2024-05-16-tweedekamer-7.u2
# sent_id = ParlaMint-NL_2024-05-16-tweedekamer-7.u2.p1.s1
# text = Dank u, voorzitter.
1	Dank	dank	NOUN	N|soort|ev|basis|zijd|stan	_	0	root	0:root	_
2	u	u	PRON	VNW|pers|pron|nomin|vol|2b|getal	_	1	nmod	1:nmod	SpaceAfter=No
3	,	,	PUNCT	LET	_	4	punct	4:punct	_
4	voorzitter	voorzitter	NOUN	N|soort|ev|basis	_	1	vocative	_	SpaceAfter=No
5	.	.	PUNCT	LET	_	1	punct	1:punct	_

"""


def test_parlamint_style_file_with_a_metadata_table(tmp_path):
    path = tmp_path / "ParlaMint-NL_2024-05-16-tweedekamer-7.conllu"
    path.write_text(PARLAMINT, "utf-8")
    meta = pd.DataFrame(
        {
            "seg_id": [
                "ParlaMint-NL_2024-05-16-tweedekamer-7.u1",
                "ParlaMint-NL_2024-05-16-tweedekamer-7.u2",
            ],
            "speaker": pd.Categorical(["Voorzitter", "Van Weel"]),
            "role": pd.Categorical(["parliament", "government"]),
            "date": pd.to_datetime(["2024-05-16"] * 2),
        }
    )
    toks = dc.read_conllu(path, metadata=meta)
    assert toks["doc_id"].unique().tolist() == ["ParlaMint-NL_2024-05-16-tweedekamer-7"]
    assert toks["sent_id"].tolist() == [0] * 9 + [1] * 5
    assert toks["token_id"].tolist() == list(range(14))
    assert toks["char_start"].tolist() == [0, 3, 8, 12, 18, 22, 31, 35, 39, 0, 5, 6, 8, 18]
    assert toks["ent_type"].tolist()[6:9] == ["PER", "PER", ""]
    assert toks.loc[toks["text"] == "geef", "speaker"].item() == "Voorzitter"
    assert toks.loc[toks["text"] == "Dank", "role"].item() == "government"
    assert toks["date"].dtype == meta["date"].dtype and toks["is_stop"].iloc[0]
    assert "misc" not in toks.columns  # SpaceAfter, NER: all read into columns
    with pytest.raises(dc.CorpusError, match=r"no row for seg_id .*u2"):
        dc.read_conllu(path, metadata=meta.head(1))


MWT = """\
# sent_id = 1
# text = Hij gaf 't boek aan 'm.
1	Hij	hij	PRON	_	_	2	nsubj	_	_
2	gaf	geven	VERB	_	_	0	root	_	_
3-4	'tboek	_	_	_	_	_	_	_	SpaceAfter=No
3	't	het	DET	_	_	4	det	_	_
4	boek	boek	NOUN	_	_	2	obj	_	_
5	aan	aan	ADP	_	_	6	case	_	_
5.1	gaf	geven	VERB	_	_	_	_	2:conj	CopiedFrom=2
6	'm	hem	PRON	_	_	2	obl	_	SpaceAfter=No
7	.	.	PUNCT	_	_	2	punct	_	_

"""


def test_multiword_tokens_and_empty_nodes_are_kept(tmp_path):
    path = tmp_path / "mwt.conllu"
    path.write_text(MWT, "utf-8")
    toks = dc.read_conllu(path)
    assert len(toks) == 7 and toks["mwt"].notna().sum() == 1
    assert toks["char_start"].tolist() == [0, 4, 8, 8, 14, 18, 20]
    assert toks["empty_nodes"].dropna().tolist() == [MWT.splitlines()[8]]
    assert _word_lines(dc.to_conllu(toks, tmp_path / "back.conllu")) == _word_lines(path)


def test_a_folder_of_files_is_read_in_name_order(tmp_path):
    (tmp_path / "b.conllu").write_text(MWT, "utf-8")
    (tmp_path / "a.conllu").write_text(PARLAMINT, "utf-8")
    toks = dc.read_conllu(tmp_path)
    assert toks["doc_id"].unique().tolist() == ["ParlaMint-NL_2024-05-16-tweedekamer-7", "b"]
    assert toks.attrs["pipeline"] == {"name": "conllu", "version": "a.conllu,b.conllu"}


GOOD = (
    "# sent_id = 1\n1\tDag\tdag\tINTJ\t_\t_\t0\troot\t_\t_\n"
    "2\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n\n"
)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("\tpunct\t_\t_", "\tpunct\t_"), 3, "9 tab-separated column"),
        (GOOD.replace("2\t.", "3\t."), 3, "word id 3 out of sequence; expected 2"),
        (
            GOOD.replace("1\tDag", "1-3\tDag\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDag"),
            2,
            "range 1-3 overlaps",
        ),
        (GOOD.replace("2\t.", "1.2\tx\t_\t_\t_\t_\t_\t_\t_\t_\n2\t."), 3, "empty node 1.2"),
        (GOOD.replace("2\t.", "x\t."), 3, "ID 'x'"),
        (GOOD.replace("\t0\troot", "\tnul\troot"), 2, "HEAD 'nul'"),
        (GOOD.replace("\tdag\t", "\t\t"), 2, "column LEMMA is ''"),
        (GOOD.replace("2\t.", "# x\n2\t."), 3, "comment inside a sentence"),
        (GOOD[:-1], 3, "not followed by a blank line"),
        ("# sent_id = 1\n\n", 2, "comment lines without a sentence"),
    ],
)
def test_format_errors_name_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "broken.conllu"
    path.write_text(text, "utf-8")
    with pytest.raises(dc.CorpusError) as info:
        dc.read_conllu(path)
    assert f"broken.conllu, line {line}:" in str(info.value)
    assert message in str(info.value)


def test_a_good_file_reads(tmp_path):
    (tmp_path / "good.conllu").write_text(GOOD, "utf-8")
    assert dc.read_conllu(tmp_path / "good.conllu")["text"].tolist() == ["Dag", "."]


def test_repeated_ids_and_bad_dates_are_refused(tmp_path):
    path = tmp_path / "twice.conllu"
    path.write_text("# newdoc id = d\n" + GOOD + "# newdoc id = d\n" + GOOD, "utf-8")
    with pytest.raises(dc.CorpusError, match="twice.conllu, near line 8: document id 'd' occurs"):
        dc.read_conllu(path)
    path.write_text("# newdoc id = d\n# newpar id = p\n# date = mei 2024\n" + GOOD, "utf-8")
    with pytest.raises(dc.CorpusError, match="date"):
        dc.read_conllu(path)


def test_to_conllu_refuses_tables_it_cannot_write(builtin_tokens, tmp_path):
    with pytest.raises(dc.CorpusError, match="no column 'sent_id'"):
        dc.to_conllu(builtin_tokens.drop(columns="sent_id"), tmp_path / "x.conllu")
    shuffled = builtin_tokens.sample(frac=1.0, random_state=np.random.default_rng(1))
    with pytest.raises(dc.CorpusError, match="are not together"):
        dc.to_conllu(shuffled, tmp_path / "x.conllu")
    tabbed = builtin_tokens.head(5).copy()
    tabbed["text"] = tabbed["text"].cat.rename_categories(lambda s: s + "\t")
    with pytest.raises(dc.CorpusError, match=r"column 'text' at row 0 is .*tabs"):
        dc.to_conllu(tabbed, tmp_path / "x.conllu")
    assert list(tmp_path.iterdir()) == []  # nothing half-written is left
