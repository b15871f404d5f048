"""discourse.provenance: the provenance line and the documents per group it ends with."""

from __future__ import annotations

import numpy as np
import pandas as pd

from discourse.provenance import (
    documents_line,
    documents_of,
    documents_part,
    group_label,
    params_line,
    provenance,
    with_documents,
)


def _result(by="period") -> pd.DataFrame:
    df = pd.DataFrame({"term": ["veiligheid"]})
    df.attrs = {
        "pipeline": {"name": "frog", "version": "0.20"},
        "params": {"by": by, "unit": "lemma", "role": "government"},
    }
    return df


def test_group_label_names_a_one_document_group():
    assert [group_label(n) for n in (0, 1, 2)] == [
        "0 documents",
        "1 document: group = document",
        "2 documents",
    ]


def test_documents_line_keeps_the_given_order():
    line = documents_line({"Van Weel": 1, "Veldkamp": 3, "Rutte III (2018)": 1})
    assert line == (
        "Van Weel: 1 document: group = document; Veldkamp: 3 documents; "
        "Rutte III (2018): 1 document: group = document"
    )


def test_documents_of_counts_distinct_documents_in_group_order():
    table = pd.DataFrame(
        {
            "doc_id": ["kst-1", "kst-1", "kst-2", "kst-3", None, "kst-4"],
            "period": pd.Categorical(
                ["Schoof", "Schoof", "Schoof", "Jetten", "Jetten", None],
                categories=["Schoof", "Jetten", "Rutte IV"],
            ),
            "doc_type": ["kamerbrief"] * 3 + ["verslag", "verslag", "kamerbrief"],
        }
    )
    # category order, unused categories left out, a missing document or group not counted
    assert documents_of(table, "period") == {"Schoof": 2, "Jetten": 1}
    assert documents_of(table, ["period", "doc_type"]) == {
        "Schoof / kamerbrief": 2,
        "Jetten / verslag": 1,
    }


def test_provenance_ends_with_the_documents_per_group():
    df = _result()
    before = provenance(df)
    with_documents(df, {"Rutte III (2018)": np.int64(1), "Veldkamp": 3})
    assert df.attrs["documents"] == {"Rutte III (2018)": 1, "Veldkamp": 3}
    assert type(df.attrs["documents"]["Rutte III (2018)"]) is int  # plain, printable
    assert provenance(df) == (
        f"{before} · documents per period: Rutte III (2018): 1 document: group = document; "
        "Veldkamp: 3 documents"
    )
    assert params_line(df) == before  # a result without documents: the line is unchanged
    assert provenance(df.head(1)) == provenance(df)  # attrs travel with the rows


def test_documents_part_names_several_by_columns_and_can_keep_entries_whole():
    df = with_documents(_result(by=["period", "doc_type"]), {("Schoof", "kamerbrief"): 2})
    assert documents_part(df) == "documents per period / doc_type: Schoof / kamerbrief: 2 documents"
    whole = documents_part(
        with_documents(_result(), {"Van Weel": 1, "Veldkamp": 3}), unbreakable=True
    )
    entries = whole.removeprefix("documents per period: ").split("; ")
    assert entries == [
        "Van\xa0Weel:\xa01\xa0document:\xa0group\xa0=\xa0document",
        "Veldkamp:\xa03\xa0documents",
    ]
    assert documents_part(_result()) == ""
