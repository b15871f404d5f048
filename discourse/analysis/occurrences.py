"""Where terms occur in each document, and how often per letter: the data of the x-ray
(:func:`discourse.viz.xray.plot_xray`) and trend (:func:`discourse.viz.trend.plot_trend`)
plots.

Terms are matched as :func:`~discourse.analysis.kwic.kwic` matches them on token tables
(:func:`~discourse.analysis.patterns.find_terms`: globs, case-insensitive, on the
lower-cased form **or** the lemma; a phrase within one segment; the longer term first).
Positions and rates count *words*: tokens of the selected ``role`` that are not
punctuation, in document order (``token_id``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from discourse._validate import (
    Column,
    Interval,
    Table,
    Terms,
    Values,
    require_columns,
    validate_params,
)
from discourse.analysis.codes import column_codes, flag, isin, string_codes
from discourse.analysis.patterns import TokenMatcher, find_terms
from discourse.provenance import documents_of, with_documents, with_provenance

__all__ = ["term_occurrences", "term_rates"]


def _words(tokens: pd.DataFrame, role) -> np.ndarray:
    """Rows of the counted words, in document order."""
    require_columns("term_occurrences", tokens, ["doc_id", "seg_id", "token_id", "lower"])
    keep = ~flag(tokens["is_punct"]) if "is_punct" in tokens.columns else np.ones(len(tokens), bool)
    if role is not None:
        require_columns("term_occurrences", tokens, ["role"])
        keep &= isin(tokens["role"], [role] if isinstance(role, str) else list(role))
    doc = column_codes(tokens, "doc_id")[0]
    rows = np.flatnonzero(keep & (doc >= 0))
    return rows[np.lexsort((tokens["token_id"].to_numpy()[rows], doc[rows]))]


def _matches(tokens, rows, terms) -> tuple[np.ndarray, list[str]]:
    """Position (in ``rows``) of each match's first word and the term it matched."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    columns = []
    for name in ("lower", "lemma"):
        if name in tokens.columns:
            codes, values = string_codes(tokens, name, lower=True)
            columns.append((codes[rows], values))
    matcher = TokenMatcher(columns, syntax="glob")
    block = column_codes(tokens, "seg_id")[0][rows].astype(np.int64)
    found = []
    for term in terms:  # each term separately, so each occurrence is labelled by its term
        first = find_terms([term], matcher, block)[0]
        found += [(int(f), term) for f in first]
    found.sort()
    return np.array([f for f, _ in found], dtype=np.int64), [t for _, t in found]


@validate_params(tokens=Table(), terms=Terms(), role=Values("role"))
def term_occurrences(
    tokens: pd.DataFrame, terms: str | Sequence[str], *, role: str | None = "government"
) -> pd.DataFrame:
    """Every occurrence of ``terms`` with its relative position in its document.

    Returns one row per occurrence: ``doc_id``, ``term`` (the search term it matched),
    ``word`` (int64, index of its first word among the document's words) and
    ``position`` (float64, ``word / n_words`` in [0, 1)), plus ``n_words`` (the
    document's words); ``attrs["documents"]`` lists every document with words (in order),
    so documents without a match can be drawn as empty rows.
    """
    rows = _words(tokens, role)
    doc = column_codes(tokens, "doc_id")[0][rows].astype(np.int64)
    start = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]]) if len(doc) else doc[:0]
    n_words = np.diff(np.r_[start, len(doc)])
    first, matched = _matches(tokens, rows, terms)
    part = np.searchsorted(start, first, side="right") - 1
    word = first - start[part]
    doc_ids = tokens["doc_id"].to_numpy()[rows][start].astype(str)
    out = pd.DataFrame(
        {
            "doc_id": doc_ids[part],
            "term": pd.Series(matched, dtype="str"),
            "word": word.astype(np.int64),
            "position": word / n_words[part],
            "n_words": n_words[part].astype(np.int64),
        }
    )
    with_provenance(out, tokens, terms=terms, role=role)
    _documents(out, tokens, rows)
    out.attrs["all_documents"] = {d: int(n) for d, n in zip(doc_ids, n_words, strict=True)}
    return out


@validate_params(
    tokens=Table(), terms=Terms(), by=Column(), role=Values("role"), per=Interval(int, 1)
)
def term_rates(
    tokens: pd.DataFrame,
    terms: str | Sequence[str],
    *,
    by: str = "date",
    role: str | None = "government",
    per: int = 10_000,
) -> pd.DataFrame:
    """Matches of each term per document, as a rate per ``per`` words.

    Returns one row per (document, term), zero counts included: ``doc_id``, ``by`` (its
    first value in the document, e.g. the letter date), ``cabinet``/``period`` when the
    table has them, ``term``, ``n_hits`` (int64), ``n_words`` (int64) and ``rate``
    (float64, ``per · n_hits / n_words``).
    """
    occ = term_occurrences(tokens, terms, role=role)
    docs = pd.Series(occ.attrs["all_documents"], name="n_words").rename_axis("doc_id")
    terms_l = [terms] if isinstance(terms, str) else list(dict.fromkeys(terms))
    grid = pd.MultiIndex.from_product([docs.index, terms_l], names=["doc_id", "term"])
    hits = occ.groupby(["doc_id", "term"]).size().reindex(grid, fill_value=0)
    out = hits.rename("n_hits").reset_index().merge(docs.reset_index(), on="doc_id")
    extra = [c for c in dict.fromkeys([by, "cabinet", "period"]) if c in tokens.columns]
    meta = tokens.drop_duplicates("doc_id")[["doc_id", *extra]].copy()
    meta["doc_id"] = meta["doc_id"].astype(str)
    out = meta.merge(out, on="doc_id", how="right")
    out = out.astype({"n_hits": np.int64, "n_words": np.int64})
    out["rate"] = per * out["n_hits"] / out["n_words"]
    with_provenance(out, tokens, terms=terms, by=by, role=role, per=per)
    return _documents(out, tokens, _words(tokens, role))


def _documents(out: pd.DataFrame, tokens: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Record the documents with words per cabinet (else period), for the caption."""
    group = next((c for c in ("cabinet", "period") if c in tokens.columns), None)
    if group is None:
        return out
    return with_documents(out, documents_of(tokens.iloc[rows], group), by=group)
