"""describe(), documents_per_group(): the documents, genres, words and dates of a comparison."""

from __future__ import annotations

import pandas as pd
import pytest

import discourse as dc
from discourse.analysis.describe import ROLE_COLUMNS, describe, documents_per_group
from discourse.corpus.reuse import words_of

#: Segments of three own-written Kamerstukken: two letters of one minister, one answer set.
SEGMENTS = pd.DataFrame(
    {
        "doc_id": ["kst-1", "kst-1", "kst-2", "kst-3", "kst-3", "kst-3"],
        "seg_id": ["kst-1:000", "kst-1:001", "kst-2:000", "kst-3:000", "kst-3:001", "kst-3:002"],
        "role": ["other", "government", "government", "parliament", "government", "other"],
        "text": [
            "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
            "Hierbij informeer ik uw Kamer over de NAVO-top in Den Haag – zoals toegezegd.",
            "Het kabinet steunt Oekraïne, ook in 2026.",
            "Deelt u de mening dat de VS een onmisbare partner blijven?",
            "Ja. De VS blijven een bondgenoot.",
            "De minister van Buitenlandse Zaken,",
        ],
        "doc_type": ["kamerbrief"] * 3 + ["antwoorden_kamervragen"] * 3,
        "date": pd.to_datetime(["2025-06-02"] * 2 + ["2025-09-15"] + ["2026-01-20"] * 3),
        "period": pd.Categorical(
            ["Schoof"] * 3 + ["Jetten"] * 3, categories=["Schoof", "Jetten"], ordered=True
        ),
    }
)


def _words(*texts: str) -> int:
    return sum(len(words_of(t)) for t in texts)


def test_groups_and_documents_of_hand_made_segments():
    groups, documents = describe(SEGMENTS, by="period")
    assert groups["period"].tolist() == ["Schoof", "Jetten"]  # category order
    assert groups["n_documents"].tolist() == [2, 1]
    assert groups["label"].tolist() == ["2 documents", "1 document: group = document"]
    assert groups["doc_types"].tolist() == ["kamerbrief: 2", "antwoorden_kamervragen: 1"]
    text = SEGMENTS["text"]
    assert groups.loc[0, "words_government"] == _words(text[1], text[2])
    assert groups.loc[0, "words_other"] == _words(text[0])
    assert groups.loc[1, "words_parliament"] == _words(text[3])
    assert (groups[ROLE_COLUMNS].sum(axis=1) == groups["n_words"]).all()
    assert groups.loc[0, "first_date"] == pd.Timestamp("2025-06-02")
    assert groups.loc[0, "last_date"] == pd.Timestamp("2025-09-15")
    assert documents["doc_id"].tolist() == ["kst-1", "kst-2", "kst-3"]
    assert documents.loc[0, "n_words"] == _words(text[0], text[1])
    assert documents.loc[0, "words_government"] == 13  # 14 whitespace runs; "–" is no word
    assert str(documents["doc_id"].dtype) == "string"
    assert documents["n_words"].dtype == "int64"


def test_documents_per_group_labels_one_document_groups():
    assert documents_per_group(SEGMENTS, by="period") == (
        "Schoof: 2 documents; Jetten: 1 document: group = document"
    )
    assert documents_per_group(SEGMENTS, by="doc_type") == (
        "antwoorden_kamervragen: 1 document: group = document; kamerbrief: 2 documents"
    )


def test_bundled_letters_segments_agree(seed_letters, seed_segments):
    from_letters = describe(seed_letters)
    from_segments = describe(seed_segments)
    pd.testing.assert_frame_equal(from_letters.groups, from_segments.groups)
    groups = from_letters.groups
    assert groups["n_documents"].tolist() == [1, 3, 1]
    assert groups["label"].tolist()[::2] == ["1 document: group = document"] * 2
    assert len(from_letters.documents) == len(seed_letters)
    assert groups["n_words"].sum() == sum(len(words_of(t)) for t in seed_letters["text"])
    assert documents_per_group(seed_letters) == (
        "Rutte III (2018): 1 document: group = document; Veldkamp: 3 documents; "
        "Van Weel: 1 document: group = document"
    )


def test_token_words_are_the_keyness_sizes(builtin_tokens):
    groups = describe(builtin_tokens, by="period").groups.set_index("period")
    for period in ("Van Weel", "Veldkamp"):
        kt = dc.keyness(builtin_tokens, by="period", target=period)  # government, words only
        assert groups.loc[period, "words_government"] == kt["size_target"].iloc[0]
    everyone = dc.keyness(builtin_tokens, by="period", target="Van Weel", role=None)
    assert groups.loc["Van Weel", "n_words"] == everyone["size_target"].iloc[0]
    assert documents_per_group(builtin_tokens) == documents_per_group(builtin_tokens[::-1])


def test_a_column_that_is_not_there_is_refused():
    with pytest.raises(dc.CorpusError, match=r"describe\(\): by='kabinet' is not valid"):
        describe(SEGMENTS, by="kabinet")
    with pytest.raises(dc.CorpusError, match=r"no column 'text'"):
        describe(SEGMENTS.drop(columns="text"), by="period")
