"""N-grams (clusters): sequences of 2–5 words with frequency, rate and range per group.

:func:`ngrams` is the n-gram list of AntConc's *Clusters/N-Grams* tool, #LancsBox's
*Ngram* and quanteda's ``tokens_ngrams()`` + ``textstat_frequency()``, on the token table:

* an n-gram is ``n`` consecutive **words of one sentence** — never across a sentence (so
  never across a segment or a document; ``docs/design.md``: sentences never span
  segments);
* **punctuation is skipped, not a break**: AntConc's default token definition consists of
  letter characters, so a comma or a dash is not a token at all and its clusters run over
  it ("Nederland, Duitsland" gives ``nederland duitsland``); we follow that default
  within the sentence. Numerals are words here (``artikel 5``), tokens with a missing
  term and whitespace tokens (``upos == "SPACE"``) are dropped like punctuation.
* the words are the ``unit`` column (lemma, lower-cased form or surface form), joined
  with one space; the group of an n-gram is that of its first word.

**N-grams as a keyness unit.** ``keyness(..., unit="bigram" | "trigram" | "4-gram" |
"5-gram")`` (:data:`~discourse.analysis.counts.NGRAM_UNITS`) counts the same thing —
``n`` words of one sentence, lower-cased, joined by a space, in the group of the first
word — with the counting rules of keyness, which are stricter in two ways: a dropped
token *breaks* the n-gram (punctuation, and with ``words_only`` numerals, symbols and
letterless tokens too), so keyness counts can be lower; and the keyness size is the
number of n-grams of the side, not of words. Where no such token falls inside a sentence,
``ngrams(tokens, n=n, unit="lower")`` and the keyness unit give the same frequencies
(``tests/analysis/test_ngrams.py``).

Counting is on integer codes with NumPy (one sort per table, ``numpy.unique`` over the
rows of codes per ``n``), never a Python loop over tokens.

References
----------
Anthony, L. (2023). *AntConc* (Version 4.2) [Computer software]. Waseda University.
https://www.laurenceanthony.net/software (Clusters/N-Grams tool: frequency, range).
Brezina, V., Weill-Tessier, P. & McEnery, A. (2020). *#LancsBox* v. 5.x.
Benoit, K. et al. (2018). quanteda. *JOSS* 3(30), 774 (``tokens_ngrams``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from discourse._validate import (
    Column,
    Context,
    Interval,
    Options,
    Table,
    Values,
    require_columns,
    validate_params,
)
from discourse.analysis.codes import column_codes, flag, isin, sorted_codes
from discourse.provenance import with_documents, with_provenance

__all__ = ["NGRAM_SIZES", "ngrams"]

#: The n-gram lengths :func:`ngrams` counts.
NGRAM_SIZES = (2, 3, 4, 5)
COLUMNS = ["ngram", "n", "freq", "per_10k", "range"]


class _Sizes(Options):
    """``n``: one of :data:`NGRAM_SIZES`, a list of them, or a ``range`` of them."""

    def failure(self, value: Any, ctx: Context) -> Any:
        return super().failure(list(value) if isinstance(value, range) else value, ctx)


def _words(tokens: pd.DataFrame, unit: str, role) -> dict[str, np.ndarray]:
    """The counted words of ``tokens`` in document order: codes of doc, sentence, term."""
    doc, _ = column_codes(tokens, "doc_id")
    term, terms = sorted_codes(tokens, unit)
    keep = (doc >= 0) & (term >= 0) & ~flag(tokens["is_punct"])
    if "upos" in tokens.columns:
        keep &= ~isin(tokens["upos"], ["PUNCT", "SPACE"])
    if role is not None:
        keep &= isin(tokens["role"], [role] if isinstance(role, str) else list(role))
    rows = np.flatnonzero(keep)
    tid = tokens["token_id"].to_numpy(np.int64)[rows]
    rows = rows[np.lexsort((tid, doc[rows]))]
    sent = tokens["sent_id"].to_numpy(np.int64)[rows]
    d = doc[rows].astype(np.int64)
    block = np.cumsum(np.r_[True, (d[1:] != d[:-1]) | (sent[1:] != sent[:-1])])
    return {"rows": rows, "doc": d, "block": block, "term": term[rows], "terms": terms}


def ngram_sizes(n: int | Sequence[int]) -> list[int]:
    """The distinct n-gram lengths of an ``n`` argument (one length, a list or a range),
    sorted."""
    return sorted({int(k) for k in ([n] if np.ndim(n) == 0 else list(n))})


def _documents_per_key(key: np.ndarray, doc: np.ndarray, size: int) -> np.ndarray:
    """Distinct documents per integer ``key`` (0 … size−1): the (key, document) pairs packed
    into one int64 and deduplicated by hashing."""
    n_docs = int(doc.max()) + 1 if len(doc) else 1
    pairs = pd.unique(key * n_docs + doc)
    return np.bincount(pairs // n_docs, minlength=size)


def _count(words: dict, group: np.ndarray, k: int, min_freq: int, min_range: int) -> pd.DataFrame:
    """``group``, ``ngram``, ``freq``, ``range`` of the ``k``-grams of ``words`` with at least
    ``min_freq`` occurrences in at least ``min_range`` documents of their group.

    Each n-gram gets one integer code by folding its words in one at a time
    (``code · V + term``, renumbered densely by :func:`pandas.factorize` after each word,
    so it never overflows); labels are joined only for the n-grams reported."""
    m = len(words["term"]) - k + 1
    if m <= 0:
        return pd.DataFrame({"group": [], "ngram": [], "freq": [], "range": []})
    block, term = words["block"], words["term"].astype(np.int64)
    start = np.flatnonzero(block[:m] == block[k - 1 : k - 1 + m])
    code, n_terms = group[start].astype(np.int64), int(term.max()) + 1 if len(term) else 1
    for j in range(k):  # dense codes by hashing (pandas.factorize), no sort
        code = pd.factorize(code * n_terms + term[start + j])[0].astype(np.int64)
    freq = np.bincount(code)
    rng = _documents_per_key(code, words["doc"][start], len(freq))
    first = np.empty(len(freq), dtype=np.int64)
    first[code] = np.arange(len(code))  # an occurrence of each n-gram (any one will do)
    keep = np.flatnonzero((freq >= min_freq) & (rng >= min_range))
    at = start[first[keep]]  # one occurrence of each reported n-gram
    terms = pa.array([str(t) for t in words["terms"]], type=pa.string())
    columns = [terms.take(pa.array(term[at + j])) for j in range(k)]
    labels = pc.binary_join_element_wise(*columns, " ").to_pylist()  # "w1 w2 … wk"
    return pd.DataFrame(
        {"group": group[at], "ngram": labels, "freq": freq[keep], "range": rng[keep]}
    )


@validate_params(
    tokens=Table(),
    n=_Sizes(*NGRAM_SIZES, many=True),
    by=Column(none=True, none_label="the whole selection", exclude=tuple(COLUMNS)),
    role=Values("role"),
    unit=Options("lemma", "lower", "text"),
    min_freq=Interval(int, 1),
    min_range=Interval(int, 1),
    top=Interval(int, 1, none=True, none_label="all"),
)
def ngrams(
    tokens: pd.DataFrame,
    *,
    n: int | Sequence[int] = 2,
    by: str | None = None,
    role: str | Sequence[str] | None = "government",
    unit: str = "lemma",
    min_freq: int = 1,
    min_range: int = 1,
    top: int | None = None,
) -> pd.DataFrame:
    """N-grams (clusters) of 2–5 words with frequency, rate per 10,000 words and range.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens`: needs ``doc_id``, ``sent_id``,
        ``token_id``, ``is_punct``, the ``unit`` column (and ``role`` unless
        ``role=None``, ``by`` when given; ``upos`` is used when present).
    n : int, list of int or range
        The n-gram length(s), from 2 to 5: ``n=3``, ``n=[2, 3]``, ``n=range(2, 6)``.
    by : str or None
        Grouping column (``"period"``, ``"doc_id"`` …); ``None`` (default) pools the
        selection. The result column is named after it.
    role : str, list of str or None, default "government"
        Whose words count (as in every analysis; ``None``: all voices).
    unit : {"lemma", "lower", "text"}
        The token column whose values form the n-grams.
    min_freq, min_range : int
        Report n-grams with ``freq ≥ min_freq`` and ``range ≥ min_range`` in their group
        (AntConc's "Min. Freq" and "Min. Range").
    top : int or None
        Keep the ``top`` most frequent n-grams per group and ``n`` (``None``: all).

    Returns
    -------
    pandas.DataFrame
        One row per (group, n-gram): ``ngram`` (str, words joined by a space), ``n``
        (int64), the ``by`` column (categorical in group order; absent when ``by=None``),
        ``freq`` (int64, occurrences), ``per_10k`` (float64, ``10,000 · freq / words``
        where *words* are the counted, i.e. non-punctuation, tokens of the group — the
        rate of unigram lists, so rates of different ``n`` compare) and ``range`` (int64,
        documents with the n-gram). Rows by group, ``n``, then ``freq`` and ``range``
        descending, then ``ngram``. ``attrs`` hold the pipeline, the arguments and, with
        ``by``, the documents with counted words per group.

    Raises
    ------
    CorpusError
        Unknown column, role or unit, ``n`` outside 2–5, thresholds below 1 (messages
        name the argument, its value and the allowed ones); a missing column.

    Examples
    --------
    >>> ngrams(tokens, n=3, by="period", min_range=2, top=10)  # doctest: +SKIP
    """
    sizes = ngram_sizes(n)
    needed = ["doc_id", "sent_id", "token_id", "is_punct", unit]
    needed += ["role"] * (role is not None) + [by] * (by is not None)
    require_columns("ngrams", tokens, needed)
    words = _words(tokens, unit, role)
    if by is None:
        group, labels = np.zeros(len(words["rows"]), dtype=np.int64), np.array(["all"])
    else:
        codes, labels = sorted_codes(tokens, by, sort=True)
        group = codes[words["rows"]]
        ok = group >= 0  # words without a group are not counted
        words = {k: (v if k == "terms" else v[ok]) for k, v in words.items()}
        group = group[ok]
    size = np.bincount(group, minlength=len(labels))
    parts = []
    for k in sizes:
        part = _count(words, group, k, min_freq, min_range)
        part.insert(1, "n", np.int64(k))
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out = out[(out["freq"] >= min_freq) & (out["range"] >= min_range)]
    out = out.astype({"group": np.int64, "n": np.int64, "freq": np.int64, "range": np.int64})
    out["per_10k"] = 1e4 * out["freq"] / size[out["group"].to_numpy()]
    out = out.sort_values(
        ["group", "n", "freq", "range", "ngram"], ascending=[True, True, False, False, True]
    )
    if top is not None:
        out = out.groupby(["group", "n"], sort=False).head(top)
    params = dict(
        n=sizes, by=by, role=role, unit=unit, min_freq=min_freq, min_range=min_range, top=top
    )
    return _finish(out.reset_index(drop=True), tokens, words, group, labels, params)


def _finish(out, tokens, words, group, labels, params) -> pd.DataFrame:
    """The result columns in order, with provenance (and documents per group with ``by``)."""
    result = out[COLUMNS].copy()
    by = params["by"]
    if by is None:
        return with_provenance(result, tokens, **params)
    present = np.flatnonzero(np.bincount(group, minlength=len(labels)))
    dtype = pd.CategoricalDtype([labels[i] for i in present])
    result.insert(2, by, pd.Categorical([labels[i] for i in out["group"]], dtype=dtype))
    with_provenance(result, tokens, **params)
    docs = _documents_per_key(group.astype(np.int64), words["doc"], len(labels))
    return with_documents(result, {str(labels[i]): int(docs[i]) for i in present})
