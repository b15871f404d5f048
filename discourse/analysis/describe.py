"""What a comparison rests on: documents, genres, words per voice and dates per group.

A period comparison of 1 against 3 against 1 documents is a comparison of documents, not of
"cabinets". :func:`describe` makes the design visible — per group and per document — and
:func:`documents_per_group` gives the line every caption and findings block prints beside a
comparison ("Rutte III (2018): 1 document: group = document; Veldkamp: 3 documents; …").

Words
    Letters and segments: the words of ``text`` as :func:`discourse.text_reuse` counts
    them (runs of non-space characters holding a letter or digit; a lone dash is no
    word), so reused shares and these totals agree. Tokens: the words keyness counts as
    its sizes with ``words_only=True`` (:mod:`discourse.analysis.counts`): not
    punctuation (``is_punct``), UPOS not PUNCT/SYM/NUM/SPACE, and a lemma with a letter.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from discourse._validate import Column, Table, require_columns, validate_params
from discourse.analysis.counts import NON_WORD_UPOS
from discourse.corpus.reuse import words_of
from discourse.corpus.segment import ROLES, segments
from discourse.provenance import documents_line, documents_of, group_label

__all__ = ["Description", "describe", "documents_per_group", "group_label"]

ROLE_COLUMNS = [f"words_{role}" for role in ROLES]


class Description(NamedTuple):
    """The result of :func:`describe`.

    Attributes
    ----------
    groups : pandas.DataFrame
        One row per group of ``by``.
    documents : pandas.DataFrame
        One row per (group, document) — one per document when ``by`` is a document
        attribute such as ``period``.
    """

    groups: pd.DataFrame
    documents: pd.DataFrame


def _word_rows(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with ``n_words`` per row (text words, or 1/0 per token) and a ``role``."""
    if "token_id" in table.columns:  # a token table
        require_columns("describe", table, ["doc_id", "lemma", "is_punct", "upos"])
        lemma = table["lemma"].astype("category")
        letter = lemma.cat.categories.astype(str).str.contains(r"[^\W\d_]", regex=True)
        codes = lemma.cat.codes.to_numpy()
        has_letter = np.where(codes >= 0, np.append(letter, False)[codes], False)
        word = ~table["is_punct"].to_numpy(dtype=bool) & has_letter
        word &= ~table["upos"].astype(str).isin(NON_WORD_UPOS).to_numpy()
        return table.assign(n_words=word.astype(np.int64))
    require_columns("describe", table, ["doc_id", "text"])
    if "seg_id" not in table.columns and "role" not in table.columns:
        table = segments(table)  # letters: words per voice come from the segments
    n = [len(words_of(t)) if isinstance(t, str) else 0 for t in table["text"].tolist()]
    return table.assign(n_words=np.asarray(n, dtype=np.int64))


def _first(values: pd.Series) -> object:
    present = values.dropna()
    return present.iloc[0] if len(present) else pd.NA


def _documents(rows: pd.DataFrame, by: str) -> pd.DataFrame:
    # the group is counted under a private name, so by= may be a column this table also
    # derives (doc_type, date, role); it takes that column's place at the end
    keys = ["doc_id"] if by == "doc_id" else ["_group", "doc_id"]
    rows = rows.assign(
        _group=rows[by],
        role=(rows["role"].astype(str) if "role" in rows.columns else "unknown"),
        doc_type=rows["doc_type"].astype(str) if "doc_type" in rows.columns else pd.NA,
        date=pd.to_datetime(rows["date"]) if "date" in rows.columns else pd.NaT,
    )
    grouped = rows.groupby(keys, observed=True, sort=False)
    out = grouped.agg(doc_type=("doc_type", _first), date=("date", "min"))
    out["n_words"] = grouped["n_words"].sum()
    per_role = rows.pivot_table(
        index=keys, columns="role", values="n_words", aggfunc="sum", observed=True
    )
    for role, column in zip(ROLES, ROLE_COLUMNS, strict=True):
        got = per_role[role] if role in per_role.columns else 0
        out[column] = pd.Series(got, index=per_role.index).reindex(out.index).fillna(0)
    out = out.reset_index()
    out["doc_id"] = out["doc_id"].astype("string")
    out["doc_type"] = out["doc_type"].astype("string")
    out["date"] = out["date"].astype("datetime64[ns]")
    for column in ["n_words", *ROLE_COLUMNS]:
        out[column] = out[column].astype(np.int64)
    if by != "doc_id":
        group = out.pop("_group").astype(rows["_group"].dtype)
        out = out.drop(columns=by, errors="ignore")
        out.insert(0, by, group)
    sort = ["date", "doc_id"] if by in ("doc_id", "date") else [by, "date", "doc_id"]
    return out.sort_values(sort, kind="stable").reset_index(drop=True)


def _groups(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    grouped = documents.groupby(by, observed=True, sort=True)
    out = grouped.agg(
        n_documents=("doc_id", "nunique"),
        first_date=("date", "min"),
        last_date=("date", "max"),
    )
    out["label"] = out["n_documents"].map(group_label).astype("string")
    out["doc_types"] = grouped["doc_type"].agg(
        lambda s: ", ".join(
            f"{t}: {n}" for t, n in s.astype(object).fillna("unknown").value_counts().items()
        )
    )
    for column in ["n_words", *ROLE_COLUMNS]:
        out[column] = grouped[column].sum().astype(np.int64)
    out = out.reset_index()
    out["doc_types"] = out["doc_types"].astype("string")
    out["n_documents"] = out["n_documents"].astype(np.int64)
    columns = [by, "n_documents", "label", "doc_types", "n_words", *ROLE_COLUMNS]
    return out[[*columns, "first_date", "last_date"]]


@validate_params(table=Table(label="a letters, segments or token table"), by=Column())
def describe(table: pd.DataFrame, *, by: str = "period") -> Description:
    """The corpus design per group and per document: documents, genres, words, dates.

    Parameters
    ----------
    table : pandas.DataFrame
        Letters (:func:`discourse.load_letters`; segmented here for the words per voice),
        segments (:func:`discourse.segments`) or tokens (:func:`discourse.tokens`).
    by : str, default "period"
        The grouping column (``"period"``, ``"minister"``, ``"cabinet"``, ``"doc_type"`` …).

    Returns
    -------
    Description
        ``groups``: one row per group (in the order of ``by``'s categories, else sorted)
        with ``by``, ``n_documents`` (int64), ``label`` (string, ``"1 document: group =
        document"`` or ``"3 documents"``), ``doc_types`` (string, ``"kamerbrief: 2,
        verslag_schriftelijk_overleg: 1"``), ``n_words`` and ``words_government``,
        ``words_parliament``, ``words_other``, ``words_unknown`` (int64; see the module
        notes for what a word is), ``first_date``, ``last_date`` (datetime64[ns], NaT when
        unknown). ``documents``: one row per (group, document) with ``by``, ``doc_id``
        (string), ``doc_type`` (string), ``date``, ``n_words`` and the ``words_*``
        columns, sorted by group, date and ``doc_id``. A table without ``role`` counts
        every word as ``unknown``.

    References
    ----------
    Egbert, J. & Biber, D. 2019. Incorporating text dispersion into keyword analyses.
    *Corpora* 14(1), 77–104 (the document, not the token, as the unit of a corpus
    comparison). Issue 17: a period comparison of 1 vs 3 vs 1 documents.

    Examples
    --------
    >>> from discourse.corpus.letters import load_letters
    >>> groups = describe(load_letters()).groups
    >>> print(groups[["period", "n_documents", "label", "words_government"]].to_string(index=False))
              period  n_documents                        label  words_government
    Rutte III (2018)            1 1 document: group = document               794
            Veldkamp            3                  3 documents              7504
            Van Weel            1 1 document: group = document              2742
    """
    rows = _word_rows(table)
    documents = _documents(rows, by)
    groups = _groups(documents, by)
    params = {"by": by}
    groups.attrs["params"] = documents.attrs["params"] = params
    if "pipeline" in table.attrs:
        groups.attrs["pipeline"] = documents.attrs["pipeline"] = table.attrs["pipeline"]
    return Description(groups, documents)


@validate_params(table=Table(label="a letters, segments or token table"), by=Column())
def documents_per_group(table: pd.DataFrame, *, by: str = "period") -> str:
    """The documents per group in one line, for captions, findings and provenance.

    Parameters
    ----------
    table : pandas.DataFrame
        Letters, segments or tokens (as :func:`describe`).
    by : str, default "period"
        The grouping column.

    Returns
    -------
    str
        ``"<group>: <label>; …"`` in group order, a one-document group labelled
        ``"1 document: group = document"``: the text analyses record as
        ``attrs["documents"]`` and captions print
        (:func:`discourse.provenance.documents_line`).

    References
    ----------
    See :func:`describe`.

    Examples
    --------
    >>> from discourse.corpus.letters import load_letters
    >>> line = documents_per_group(load_letters(), by="period")
    >>> for part in line.split("; "):
    ...     print(part)
    Rutte III (2018): 1 document: group = document
    Veldkamp: 3 documents
    Van Weel: 1 document: group = document
    """
    require_columns("documents_per_group", table, ["doc_id", by])
    return documents_line(documents_of(table, by))
