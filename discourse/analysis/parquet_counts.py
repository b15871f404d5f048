"""Term counts of a Parquet token table larger than memory, one partition at a time.

:func:`parquet_term_counts` counts each file of a dataset written by
:func:`discourse.parse_corpus` with :func:`~discourse.analysis.counts.term_counts`, so terms,
``pos`` and ``role`` mean what they mean in :func:`discourse.keyness`; pass the summed
counts to :func:`~discourse.analysis.keyness.keyness_measures`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from discourse.analysis.counts import UNITS, term_counts
from discourse.errors import CorpusError
from discourse.nlp.parallel import dataset_files, dataset_pipeline, read_tokens

__all__ = ["parquet_term_counts"]


def parquet_term_counts(
    path: str | os.PathLike,
    *,
    by: str = "period",
    unit: str = "lemma",
    pos: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = "government",
) -> pd.DataFrame:
    """Term frequencies per group from a Parquet token table, one file at a time.

    Memory stays at one partition plus the count table, so this works for token tables
    larger than memory. Each partition is counted by :func:`discourse.analysis.counts.term_counts`
    (``words_only=True``), so terms, ``pos`` and ``role`` mean exactly what they mean in
    :func:`discourse.keyness`, bigrams included (partitions never split a document, so no
    bigram is lost at a partition boundary).

    Parameters
    ----------
    path : path or ParsedCorpus
        The dataset folder written by :func:`parse_corpus` (or one file of it).
    by, unit, pos, role
        As in :func:`discourse.analysis.keyness.keyness` (``unit`` one of lemma, lower, text,
        bigram). A ``role`` value must occur in some partition.

    Returns
    -------
    DataFrame
        ``term, group, n`` (tidy, strings and int64 counts; sort order: group, term) with
        ``attrs["group_size"]`` (words per group; with ``pos`` still all words, as the
        keyness denominators) and ``attrs["pipeline"]``. For ``a, b, c, d`` of a
        target/reference comparison sum ``n`` and the sizes per side and call
        :func:`discourse.analysis.keyness.keyness_measures`.

    Raises
    ------
    CorpusError
        A ``role`` that occurs in no partition, an unknown ``unit`` or ``pos``.
    """
    if unit not in UNITS:
        raise CorpusError(f"unit={unit!r} is not one of {', '.join(UNITS)}")
    files = dataset_files(path)
    info = dataset_pipeline(files)
    roles = None if role is None else ([role] if isinstance(role, str) else list(role))
    column = "lower" if unit == "bigram" else unit
    needed = list(
        dict.fromkeys(["doc_id", by, column, "role", "is_punct", "upos", "sent_id", "token_id"])
    )
    counts: list[pd.DataFrame] = []
    sizes: list[pd.Series] = []
    seen_roles: set[str] = set()
    for f in files:
        part = read_tokens(f, columns=needed)
        present = {str(r) for r in part["role"].dropna().unique()}
        seen_roles |= present
        use = None if roles is None else [r for r in roles if r in present]
        if use == []:
            continue
        tc = term_counts(part, by=by, unit=unit, pos=pos, role=use)
        counts.append(_tidy(tc))
        sizes.append(pd.Series(np.asarray(tc.group_size), index=[str(g) for g in tc.groups]))
    if roles is not None:
        missing = [r for r in roles if r not in seen_roles]
        if missing:
            raise CorpusError(
                f"role={missing[0]!r} does not occur in column 'role'; valid "
                f"values: {', '.join(sorted(seen_roles)) or '(none)'}"
            )
    total = _sum(counts)
    size = pd.concat(sizes).groupby(level=0).sum() if sizes else pd.Series(dtype=np.int64)
    total.attrs["group_size"] = {str(g): int(n) for g, n in size.items() if n}
    total.attrs["pipeline"] = info
    return total


def _tidy(tc) -> pd.DataFrame:
    """The non-zero (term, group) counts of one partition as ``term, group, n``."""
    groups = [str(g) for g in tc.groups]
    term_idx, group_idx = np.nonzero(np.asarray(tc.group_counts))
    return pd.DataFrame(
        {
            "term": np.asarray([str(t) for t in tc.terms], dtype=object)[term_idx],
            "group": np.asarray(groups, dtype=object)[group_idx],
            "n": np.asarray(tc.group_counts)[term_idx, group_idx],
        }
    )


def _sum(counts: list[pd.DataFrame]) -> pd.DataFrame:
    """The partitions' counts summed per (group, term), sorted by group, then term."""
    if counts:
        total = (
            pd.concat(counts)
            .groupby(["group", "term"], sort=True)["n"]
            .sum()
            .reset_index()[["term", "group", "n"]]
        )
    else:
        total = pd.DataFrame(
            {
                "term": pd.Series(dtype=object),
                "group": pd.Series(dtype=object),
                "n": pd.Series(dtype=np.int64),
            }
        )
    total["n"] = total["n"].astype(np.int64)
    return total
