"""Sentiment units: the assessments of all kept sentences at once, pooled per unit.

:func:`units_of` scores the kept sentences of :func:`discourse.analysis.sentiment.sentiment`
with :func:`~discourse.analysis.assessments.assess` (array operations) and pools their
assessments into sentences, segments or documents: texts joined, hits as dicts with
character spans, polarity and subjectivity means equal to ``np.mean`` over each unit's
hits (the same summation), lexicon words and tokens counted with ``np.bincount``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from discourse.analysis.assessments import Assessed, assess
from discourse.analysis.scoring import NEGATIONS

__all__ = ["Units", "units_of"]


@dataclass
class Units:
    """One entry per unit (in order of first appearance): its first row, text, hits
    (lists of dicts), polarity/subjectivity means, lexicon words and tokens."""

    rows: np.ndarray
    texts: list[str]
    hits: list[list[dict[str, Any]]]
    polarity: np.ndarray
    subjectivity: np.ndarray
    n_hits: np.ndarray
    n_tokens: np.ndarray


def _unit_texts(texts: list[str], unit: np.ndarray, n_units: int) -> tuple[list[str], np.ndarray]:
    """Each unit's text (its sentences' texts joined by spaces, as they were appended) and
    each sentence's offset in it."""
    if n_units == len(texts):  # one sentence per unit
        return texts, np.zeros(len(texts), dtype=np.int64)
    joined = [""] * n_units
    shift = np.zeros(len(texts), dtype=np.int64)
    for i, (u, text) in enumerate(zip(unit.tolist(), texts, strict=True)):
        before = joined[u]
        shift[i] = len(before) + (1 if before else 0)
        joined[u] = f"{before} {text}" if before else text
    return joined, shift


def _unit_codes(id_values: list, n: int) -> tuple[np.ndarray, int]:
    """Each sentence's unit: the distinct id tuples numbered in order of first appearance."""
    unit = np.zeros(n, dtype=np.int64)
    for values in id_values:  # combine column by column, renumbering each time
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        unit = pd.factorize(unit * len(uniques) + codes)[0]
    return unit, int(unit.max()) + 1 if n else 0


def _group_means(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The mean of each group of consecutive ``values`` (``counts`` per group; 0.0 for an
    empty group), as ``np.mean`` of each group: rows of one size are averaged together."""
    out = np.zeros(len(counts))
    begin = np.cumsum(counts) - counts
    for size in np.unique(counts[counts > 0]).tolist():
        groups = np.flatnonzero(counts == size)
        out[groups] = values[begin[groups][:, None] + np.arange(size)].mean(axis=1)
    return out


def _hits(got: Assessed, sents: Any, shift: np.ndarray) -> list[dict[str, Any]]:
    """One dict per assessment: words, scores, lexicon words and character spans."""
    tok = got.items
    shown = sents.shown
    codes, values = sents.form
    words = np.where(tok >= 0, values[codes[np.maximum(tok, 0)]], "!").tolist()
    item_a = np.repeat(np.arange(len(got.sentence)), np.diff(got.start))
    at = tok >= 0
    tk, ia = tok[at], item_a[at]
    start = shift[got.sentence[ia]] + sents.offsets[tk]
    tk_list = tk.tolist()
    end = start + np.fromiter((len(shown[k]) for k in tk_list), np.int64, len(tk_list))
    negation = got.negated[ia].tolist()
    kinds = [
        "negation" if neg and shown[k].lower() in NEGATIONS else "word"
        for k, neg in zip(tk_list, negation, strict=True)
    ]
    spans = [list(x) for x in zip(start.tolist(), end.tolist(), kinds, strict=True)]
    w_at = got.start.tolist()
    s_at = (
        np.append(0, np.cumsum(np.add.reduceat(at, got.start[:-1]))).tolist()
        if len(got.sentence)
        else [0]
    )
    return [
        {
            "words": words[w_at[a] : w_at[a + 1]],
            "polarity": p,
            "subjectivity": s,
            "negated": neg,
            "n_words": m,
            "spans": spans[s_at[a] : s_at[a + 1]],
        }
        for a, (p, s, neg, m) in enumerate(
            zip(
                got.polarity.tolist(),
                got.subjectivity.tolist(),
                got.negated.tolist(),
                got.n_matched.tolist(),
                strict=True,
            )
        )
    ]


def units_of(sents: Any, id_values: list, lex, negation, pos_filter) -> Units:
    """Score all kept sentences at once and pool their assessments into units (keyed by
    ids, in order of first appearance)."""
    got = assess(sents.form, sents.lemmas, sents.upos, sents.local, lex, negation, pos_filter)
    n = len(sents.first)
    unit, n_units = _unit_codes(id_values, n)
    first = np.full(n_units, n, dtype=np.int64)
    np.minimum.at(first, unit, np.arange(n))
    texts, shift = _unit_texts(sents.texts, unit, n_units)
    hits = _hits(got, sents, shift)
    a_unit = unit[got.sentence]
    order = np.argsort(a_unit, kind="stable")
    counts = np.bincount(a_unit, minlength=n_units)
    hits = [hits[a] for a in order.tolist()]
    bounds = np.append(0, np.cumsum(counts)).tolist()
    return Units(
        rows=sents.first[first],
        texts=texts,
        hits=[hits[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)],
        polarity=_group_means(got.polarity[order], counts),
        subjectivity=_group_means(got.subjectivity[order], counts),
        n_hits=np.bincount(a_unit, weights=got.n_matched, minlength=n_units).astype(np.int64),
        n_tokens=np.bincount(unit, weights=sents.n_words, minlength=n_units).astype(np.int64),
    )
