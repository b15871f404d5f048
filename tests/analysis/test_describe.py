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


# --- every comparison records its documents per group (issue 17) ----------------------------

#: Five own-written Kamerstukken as (doc_id, period, doc_type, role, text): two letters of
#: Rutte IV, one letter and one set of Kamervragen (parliament's words only) of Schoof,
#: one letter of Jetten.
STUKKEN = [
    (
        "kst-36410-12",
        "Rutte IV",
        "kamerbrief",
        "government",
        "Het kabinet versterkt de veiligheid van Europa . De NAVO blijft de hoeksteen .",
    ),
    (
        "kst-36410-15",
        "Rutte IV",
        "kamerbrief",
        "government",
        "Het kabinet steunt Oekraïne . De veiligheid van Nederland vraagt om investeringen .",
    ),
    (
        "kst-36600-3",
        "Schoof",
        "kamerbrief",
        "government",
        "Het kabinet verhoogt de defensie-uitgaven . De veiligheid gaat voor .",
    ),
    (
        "kvr-2025-0412",
        "Schoof",
        "kamervragen",
        "parliament",
        "Deelt u de mening dat de veiligheid van Europa onder druk staat ? Het kabinet zwijgt .",
    ),
    (
        "kst-36800-1",
        "Jetten",
        "kamerbrief",
        "government",
        "Het kabinet investeert in de veiligheid van Europa . De NAVO-norm wordt gehaald .",
    ),
]


def stukken_tokens() -> pd.DataFrame:
    rows = []
    for doc_id, period, doc_type, role, text in STUKKEN:
        sent = 0
        for i, word in enumerate(text.split()):
            punct = word in {".", "?"}
            rows.append(
                (
                    doc_id,
                    f"{doc_id}:000",
                    sent,
                    i,
                    word,
                    word.lower(),
                    punct,
                    "PUNCT" if punct else "NOUN",
                    period,
                    doc_type,
                    role,
                )
            )
            sent += punct
    cols = [
        "doc_id",
        "seg_id",
        "sent_id",
        "token_id",
        "text",
        "lower",
        "is_punct",
        "upos",
        "period",
        "doc_type",
        "role",
    ]
    toks = pd.DataFrame(rows, columns=cols)
    toks["lemma"] = toks["lower"]
    toks["is_stop"] = toks["lower"].isin(["de", "het", "van", "in", "om"])
    toks["period"] = pd.Categorical(toks["period"], categories=["Rutte IV", "Schoof", "Jetten"])
    toks.attrs["pipeline"] = {"name": "test", "version": "1"}
    return toks


#: With role="government" the Kamervragen add no words: Schoof is one document.
GOVERNMENT = {"Rutte IV": 2, "Schoof": 1, "Jetten": 1}
EVERY_VOICE = {"Rutte IV": 2, "Schoof": 2, "Jetten": 1}
LINE = (
    "documents per period: Rutte IV: 2 documents; Schoof: 1 document: group = document; "
    "Jetten: 1 document: group = document"
)


def _results(toks: pd.DataFrame, role) -> dict[str, pd.DataFrame]:
    return {
        "keyness": dc.keyness(toks, target="Jetten", min_freq=1, role=role),
        "keyness_table": dc.keyness_table(toks, min_freq=1, role=role),
        "collocations": dc.collocations(toks, "veiligheid", by="period", min_freq=1, role=role),
        "dictionary_counts": dc.dictionary_counts(
            toks, {"veiligheid": ["veilig*"]}, by="period", role=role
        ),
        "dictionary_counts_corpus": dc.dictionary_counts(
            toks, {"veiligheid": ["veilig*"]}, by="period", level="corpus", role=role
        ),
    }


@pytest.mark.parametrize(
    "name",
    ["keyness", "keyness_table", "collocations", "dictionary_counts", "dictionary_counts_corpus"],
)
def test_every_comparison_records_the_documents_that_contribute_words(name):
    toks = stukken_tokens()
    government = _results(toks, "government")[name]
    assert government.attrs["documents"] == GOVERNMENT  # the Kamervragen do not count
    assert list(government.attrs["documents"]) == list(GOVERNMENT)  # group order
    assert dc.provenance(government).endswith(" · " + LINE)
    assert _results(toks, None)[name].attrs["documents"] == EVERY_VOICE
    assert documents_per_group(toks[toks["role"] == "government"]) == LINE.split(": ", 1)[1]


def test_keyness_records_only_the_groups_it_compares():
    toks = stukken_tokens()
    kt = dc.keyness(toks, target="Jetten", reference="Rutte IV", min_freq=1)
    assert kt.attrs["documents"] == {"Rutte IV": 2, "Jetten": 1}
    assert dc.provenance(kt).endswith(
        "documents per period: Rutte IV: 2 documents; Jetten: 1 document: group = document"
    )


def test_keyness_table_n_docs_target_is_the_group_documents():
    table = dc.keyness_table(stukken_tokens(), min_freq=1)
    per_group = table.groupby("period", observed=True)["n_docs_target"].agg(["min", "max"])
    assert per_group["min"].to_dict() == per_group["max"].to_dict() == GOVERNMENT


def test_a_group_left_without_words_is_shown_with_zero_documents_where_the_result_has_it():
    toks = stukken_tokens()
    coll = dc.collocations(toks, "veiligheid", by="doc_type", min_freq=1)
    assert coll.attrs["documents"] == {"kamerbrief": 4, "kamervragen": 0}  # a panel per group
    assert dc.provenance(coll).endswith(
        "documents per doc_type: kamerbrief: 4 documents; kamervragen: 0 documents"
    )
    counts = dc.dictionary_counts(toks, {"veiligheid": ["veilig*"]}, by="doc_type")
    assert counts.attrs["documents"] == {"kamerbrief": 4}  # no row for kamervragen at all
    assert set(counts["doc_type"]) == {"kamerbrief"}


def test_several_by_columns_are_named_together():
    toks = stukken_tokens()
    coll = dc.collocations(toks, "veiligheid", by=["period", "doc_type"], min_freq=1, role=None)
    assert coll.attrs["documents"] == {
        "Rutte IV / kamerbrief": 2,
        "Schoof / kamerbrief": 1,
        "Schoof / kamervragen": 1,
        "Jetten / kamerbrief": 1,
    }
    assert "documents per period / doc_type: Rutte IV / kamerbrief: 2 documents; " in (
        dc.provenance(coll)
    )


def test_no_by_no_documents():
    toks = stukken_tokens()
    assert "documents" not in dc.collocations(toks, "veiligheid", min_freq=1).attrs
    counts = dc.dictionary_counts(toks, {"veiligheid": ["veilig*"]})
    assert "documents" not in counts.attrs and "documents per" not in dc.provenance(counts)


def test_bundled_corpus_comparisons_record_describe_s_documents(builtin_tokens):
    want = describe(builtin_tokens, by="period").groups.set_index("period")["n_documents"]
    want = {str(k): int(v) for k, v in want.items()}
    assert want == {"Rutte III (2018)": 1, "Veldkamp": 3, "Van Weel": 1}
    results = [
        dc.keyness(builtin_tokens, target="Van Weel"),
        dc.keyness_table(builtin_tokens),
        dc.collocations(builtin_tokens, ["VS", "Verenigde Staten"], by="period"),
        dc.dictionary_counts(builtin_tokens, "frames", by="period"),
    ]
    for result in results:
        assert result.attrs["documents"] == want
        assert dc.provenance(result).endswith(
            " · documents per period: Rutte III (2018): 1 document: group = document; "
            "Veldkamp: 3 documents; Van Weel: 1 document: group = document"
        )


@pytest.mark.parametrize("by", ["doc_type", "role"])
def test_by_a_column_describe_also_derives(by, builtin_tokens, seed_letters):
    # was: ValueError "cannot insert doc_type, already exists" (notebook 04, by="doc_type")
    toks = stukken_tokens()
    toks["doc_type"] = toks["doc_type"].astype("category")
    groups, documents = describe(toks, by=by)
    if by == "doc_type":
        assert groups[["doc_type", "n_documents", "doc_types"]].values.tolist() == [
            ["kamerbrief", 4, "kamerbrief: 4"],
            ["kamervragen", 1, "kamervragen: 1"],
        ]
        assert documents.columns.tolist()[:3] == ["doc_type", "doc_id", "date"]
        assert documents["doc_type"].dtype == toks["doc_type"].dtype  # one column, the group
        bundled = describe(seed_letters, by="doc_type").groups
        assert dict(zip(bundled["doc_type"], bundled["n_documents"], strict=True)) == {
            "antwoorden_kamervragen": 1,
            "bijlage": 1,
            "kamerbrief": 2,
            "verslag_schriftelijk_overleg": 1,
        }
        assert describe(builtin_tokens, by="doc_type").groups["n_documents"].sum() == 5
    else:
        assert groups[["role", "n_documents"]].values.tolist() == [
            ["government", 4],
            ["parliament", 1],
        ]
        assert groups.loc[1, "words_parliament"] == groups.loc[1, "n_words"] > 0
