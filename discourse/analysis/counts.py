"""Term counts per group and document part: the counting behind keyness and dispersion.

:func:`term_counts` counts terms per (group, document) once per (table, grouping, unit,
filters) — on integer codes (:mod:`~discourse.analysis.codes`) with NumPy (``bincount``,
one sort), never with a Python loop over tokens or terms — and caches the result with
:func:`discourse._cache.cached`; :mod:`discourse.analysis.keyness` computes every
statistic on it.

Counting rules (``words_only``, ``pos``, ``role``) are documented in :mod:`discourse.keyness`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

try:
    import pyarrow as pa
    import pyarrow.compute as pc
except ImportError:  # pragma: no cover - pyarrow is a dependency
    pa = pc = None

from discourse._cache import cached
from discourse._docstrings import fill_doc
from discourse._validate import (
    Boolean,
    Column,
    Options,
    Table,
    Upos,
    Values,
    require_columns,
    validate_params,
)
from discourse.analysis.codes import isin, sorted_codes

__all__ = ["NGRAM_UNITS", "TermCounts", "term_counts"]

#: The n-gram units and their lengths (``n`` adjacent lower-cased words of one sentence).
NGRAM_UNITS = {"bigram": 2, "trigram": 3, "4-gram": 4, "5-gram": 5}
UNITS = ("lemma", "lower", "text", *NGRAM_UNITS)
NON_WORD_UPOS = ("PUNCT", "SYM", "NUM", "SPACE")
#: The constraints of the counting arguments, shared by every function that counts terms.
COUNTING = dict(
    tokens=Table(),
    by=Column(),
    unit=Options(*UNITS),
    pos=Upos(),
    role=Values("role"),
    words_only=Boolean(),
)


def _term_column(unit: str) -> str:
    """The token column a ``unit`` is made of: ``"lower"`` for the n-gram units."""
    return "lower" if unit in NGRAM_UNITS else unit


def _listify(value: Any) -> tuple | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        return (value,)
    return tuple(value)


# --- term counts -----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class TermCounts:
    """Counts of one token table under one (grouping, unit, filters) setting.

    A *part* is the set of a document's counted tokens in one group (a document, when the
    grouping is per document such as ``period``). Arrays are aligned as noted.

    Attributes
    ----------
    terms : numpy.ndarray of str, (n_terms,)
    groups : list
        Group labels in the order of ``by`` (category order, else sorted).
    part_doc, part_group, part_size : numpy.ndarray, (n_parts,)
        The part's ``doc_id``, group index and size in words (see the module notes).
    cell_part, cell_term, cell_count : numpy.ndarray, (n_cells,)
        The non-zero (part, term) frequencies.
    group_counts : numpy.ndarray of int64, (n_terms, n_groups)
    group_size : numpy.ndarray of int64, (n_groups,)
    settings : dict
        ``by``, ``unit``, ``pos``, ``role``, ``words_only`` used for counting.
    """

    terms: np.ndarray
    groups: list
    part_doc: np.ndarray
    part_group: np.ndarray
    part_size: np.ndarray
    cell_part: np.ndarray
    cell_term: np.ndarray
    cell_count: np.ndarray
    group_counts: np.ndarray
    group_size: np.ndarray
    settings: dict = field(default_factory=dict)

    @cached_property
    def memo(self) -> dict:
        """What analyses derive from these counts and keep as long as the counts are cached
        (keyness: the document-level test per comparison)."""
        return {}

    @cached_property
    def labels(self) -> pd.api.extensions.ExtensionArray:
        """``terms`` as a pandas string array (converted once, then only indexed)."""
        return pd.array(self.terms, dtype="str")

    @cached_property
    def rank(self) -> np.ndarray:
        """Alphabetical rank of each term, the tie-breaker when sorting results."""
        rank = np.empty(len(self.terms), dtype=np.int64)
        rank[np.argsort(self.labels.to_numpy(dtype=object), kind="stable")] = np.arange(len(rank))
        return rank

    @cached_property
    def cell_part_size(self) -> np.ndarray:
        """Size of each cell's part, as float (the DP shares are computed from it)."""
        return self.part_size[self.cell_part].astype(float)

    @cached_property
    def n_documents(self) -> np.ndarray:
        """Documents (parts) with counted words per group, int64, aligned with ``groups``.

        A document counts in a group when at least one of its tokens there passes the
        size filters (``role``, ``words_only``); ``pos`` does not change it, as it does
        not change the sizes. These are the units of ``p_doc``.
        """
        return np.bincount(self.part_group, minlength=len(self.groups)).astype(np.int64)

    def documents(self, groups: Sequence[int] | None = None) -> dict[str, int]:
        """``{group label: documents}`` of the given group indices (default: all groups),
        the mapping results record as ``attrs["documents"]``
        (:func:`discourse.provenance.with_documents`)."""
        chosen = range(len(self.groups)) if groups is None else groups
        return {str(self.groups[i]): int(self.n_documents[i]) for i in chosen}

    def matrix(self) -> sp.csr_array:
        """Term × part frequencies as a sparse matrix (for :mod:`discourse.dispersion`)."""
        shape = (len(self.terms), len(self.part_doc))
        return sp.csr_array((self.cell_count, (self.cell_term, self.cell_part)), shape=shape)


@validate_params(**COUNTING)
@fill_doc
def term_counts(
    tokens: pd.DataFrame,
    *,
    by: str = "period",
    unit: str = "lemma",
    pos: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = "government",
    words_only: bool = True,
) -> TermCounts:
    """Count terms per group and per document part, once, for every keyness comparison.

    Results are cached per (token table, arguments) with :func:`cached` (the most recent
    16 entries of all analyses), so a widget that changes only the target, measure or
    thresholds does not recount. The key includes a fingerprint of the content of the
    columns used, so values edited in place (``toks.loc[mask, "period"] = ...``) are
    counted afresh.

    Parameters
    ----------
    %(tokens)s
    %(by)s
    %(unit_counts)s
    %(pos)s
        Sizes still count all words; for n-grams every word must match.
    %(role)s
    %(words_only)s

    Returns
    -------
    TermCounts
        ``settings`` records ``by``, ``unit``, ``pos``, ``role`` and ``words_only``.
    """
    pos_t, role_t = _listify(pos), _listify(role)
    column = _term_column(unit)
    return cached(
        tokens,
        ("term_counts", by, unit, pos_t, role_t, bool(words_only)),
        ["doc_id", by, column, "role", "is_punct", "upos", "sent_id", "token_id"],
        lambda: _count(tokens, by=by, unit=unit, pos=pos_t, role=role_t, words_only=words_only),
    )


def _has_letter(terms: np.ndarray) -> np.ndarray:
    """Whether each term contains at least one letter (Unicode category L*)."""
    if pa is not None:
        try:
            found = pc.match_substring_regex(pa.array(terms, pa.string()), r"\pL")
            return found.fill_null(False).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # non-string terms: slow path below
            pass
    letter = re.compile(r"[^\W\d_]")
    return np.array([bool(letter.search(str(t))) for t in terms], dtype=bool)


def _runs(keys: np.ndarray, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted unique values of non-negative integer ``keys`` (< n_max) and their counts."""
    keys = keys.astype(np.uint32 if n_max < 2**32 else np.int64, copy=False)  # fast sort
    keys.sort()
    start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else keys[:0]
    counts = np.diff(np.r_[start, len(keys)])
    return keys[start].astype(np.int64), counts.astype(np.int64)


def _count(tokens, *, by, unit, pos, role, words_only) -> TermCounts:
    column, n = _term_column(unit), NGRAM_UNITS.get(unit, 1)
    needed = ["doc_id", column] + ["sent_id", "token_id"] * (n > 1)
    needed += ["is_punct", "upos"] * bool(words_only) + ["upos"] * (pos is not None)
    require_columns("term_counts", tokens, needed)
    if n > 1:
        tokens = _in_document_order(tokens)
    keep, counted = _selection(tokens, pos=pos, role=role, words_only=words_only)
    group_code, groups = sorted_codes(tokens, by, sort=True, native=True)
    doc_code, docs = sorted_codes(tokens, "doc_id", native=True)
    term_code, terms = sorted_codes(tokens, column, native=True)
    keep &= (group_code >= 0) & (doc_code >= 0) & (term_code >= 0)
    if words_only:
        keep &= np.append(_has_letter(terms), False)[term_code]
    if n > 1:
        term_code, terms, keep, counted = _ngrams(
            tokens, doc_code, term_code, terms, keep, counted, n
        )
    counted &= keep
    settings = {"by": by, "unit": unit, "pos": pos, "role": role, "words_only": words_only}
    return _tabulate(group_code, doc_code, term_code, keep, counted, groups, docs, terms, settings)


def _selection(tokens, *, pos, role, words_only) -> tuple[np.ndarray, np.ndarray]:
    """Rows that are counted in the sizes (``keep``) and as terms (``counted``)."""
    n = len(tokens)
    keep = np.ones(n, dtype=bool)
    if role is not None:
        keep &= isin(tokens["role"], role)
    if words_only:
        keep &= ~tokens["is_punct"].to_numpy(dtype=bool)
        keep &= ~isin(tokens["upos"], NON_WORD_UPOS)
    counted = np.ones(n, dtype=bool)
    if pos is not None:
        counted = isin(tokens["upos"], pos)
    return keep, counted


def _tabulate(group_code, doc_code, term_code, keep, counted, groups, docs, terms, settings):
    """The :class:`TermCounts` of the ``keep`` rows (sizes) and ``counted`` rows (terms)."""
    k, n_docs, n_terms = len(groups), len(docs), len(terms)
    # parts ordered by group, then document, so each group's cells form one slice; all
    # arithmetic on the kept rows only, in 32 bits where the products fit
    wide = np.int32 if n_docs * k < 2**31 else np.int64
    part_key = group_code[keep].astype(wide) * wide(n_docs) + doc_code[keep]
    counted_kept = counted[keep]
    if n_docs * k <= 50_000_000:
        size_by_key = np.bincount(part_key, minlength=n_docs * k)
        keys = np.flatnonzero(size_by_key)
        part_size = size_by_key[keys]
        lookup = np.full(n_docs * k, -1, dtype=wide)
        lookup[keys] = np.arange(len(keys), dtype=wide)
        part_of_row = lookup[part_key[counted_kept]]
    else:  # a huge number of (group, document) combinations: sort instead
        keys, inverse, part_size = np.unique(part_key, return_inverse=True, return_counts=True)
        part_of_row = inverse[counted_kept]
    cell_dtype = np.uint32 if len(keys) * n_terms < 2**32 else np.int64
    cell_key = part_of_row.astype(cell_dtype) * cell_dtype(n_terms)
    cell_key += term_code[counted].astype(cell_dtype)  # counted rows have a term (code ≥ 0)
    cells, cell_count = _runs(cell_key, len(keys) * n_terms)
    cell_part, cell_term = np.divmod(cells, n_terms)
    used = np.zeros(n_terms, dtype=bool)
    used[cell_term] = True
    cell_term = (np.cumsum(used) - 1)[cell_term]
    terms = terms[used]
    part_group = keys // n_docs
    group_counts = np.bincount(
        cell_term * k + part_group[cell_part], weights=cell_count, minlength=len(terms) * k
    )
    return TermCounts(
        terms=terms,
        groups=list(groups),
        part_doc=docs[keys % n_docs],
        part_group=part_group,
        part_size=part_size.astype(np.int64),
        cell_part=cell_part,
        cell_term=cell_term,
        cell_count=cell_count,
        group_counts=group_counts.reshape(len(terms), k).astype(np.int64),
        group_size=np.bincount(part_group, weights=part_size, minlength=k).astype(np.int64),
        settings=settings,
    )


def _in_document_order(tokens: pd.DataFrame) -> pd.DataFrame:
    doc, _ = sorted_codes(tokens, "doc_id")
    tid = tokens["token_id"].to_numpy(np.int64)
    step_doc, step_tok = np.diff(doc), np.diff(tid)
    if np.all((step_doc > 0) | ((step_doc == 0) & (step_tok > 0))):
        return tokens
    return tokens.iloc[np.lexsort((tid, doc))]


def _ngrams(tokens, doc_code, term_code, terms, keep, counted, n):
    """Runs of ``n`` adjacent words within a sentence: ``"w1 w2 …"`` of lower-cased forms.

    An n-gram is formed only by ``n`` *adjacent* words (consecutive ``token_id``) of the
    same sentence, all kept, so none spans punctuation, a dropped token or a sentence
    boundary; it stands on the row of its first word (its group and document). The size
    is the number of such n-grams; ``pos`` requires every word to match. N-grams are
    numbered in the order of their words' codes, one word at a time (``numpy.unique`` of
    ``previous code × n_terms + next code``, which stays within int64).
    """
    sent = tokens["sent_id"].to_numpy(np.int64)
    tid = tokens["token_id"].to_numpy(np.int64)
    link = (
        keep[:-1]
        & keep[1:]
        & (doc_code[:-1] == doc_code[1:])
        & (sent[:-1] == sent[1:])
        & (tid[1:] == tid[:-1] + 1)
    )
    m = max(len(keep) - n + 1, 0)  # rows that can start an n-gram
    run, both = np.ones(m, dtype=bool), np.ones(m, dtype=bool)
    for j in range(n):
        if j < n - 1:
            run &= link[j : j + m]
        both &= counted[j : j + m]
    both &= run
    start = np.flatnonzero(both)
    code = term_code[start].astype(np.int64)
    for j in range(1, n):
        _, code = np.unique(code * len(terms) + term_code[start + j], return_inverse=True)
    _, first = np.unique(code, return_index=True)  # codes are 0 … k − 1
    words = [terms[term_code[start[first] + j]] for j in range(n)]
    labels = np.array([" ".join(map(str, w)) for w in zip(*words, strict=True)], dtype=object)
    new_code = np.full(len(keep), -1, dtype=np.int64)
    new_code[start] = code
    new_keep = np.zeros(len(keep), dtype=bool)
    new_keep[:m] = run
    new_counted = np.zeros(len(keep), dtype=bool)
    new_counted[start] = True
    return new_code, labels, new_keep, new_counted
