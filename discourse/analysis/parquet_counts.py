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
import pyarrow.compute as pc
import pyarrow.parquet as pq

from discourse._docstrings import fill_doc
from discourse._validate import Column, Instance, Options, Upos, Values, check, validate_params
from discourse.analysis.counts import UNITS, _listify, _term_column, term_counts
from discourse.nlp.dataset import dataset_files, dataset_pipeline, read_tokens
from discourse.provenance import with_provenance

__all__ = ["parquet_term_counts"]

_BY = Column(exclude=("term", "n"))  # the result's own columns


@validate_params(
    path=Instance(str, os.PathLike, label="a dataset folder or Parquet file (str or path)"),
    by=_BY,
    unit=Options(*UNITS),
    pos=Upos(),
    role=Values("role"),
)
@fill_doc
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
    :func:`discourse.keyness`, n-grams included (partitions never split a document, so no
    n-gram is lost at a partition boundary).

    Parameters
    ----------
    path : path or ParsedCorpus
        The dataset folder written by :func:`parse_corpus` (or one file of it).
    %(by)s
    %(unit_counts)s
    %(pos)s
        Sizes still count all words; for n-grams every word must match.
    %(role)s
        A value must occur in some partition.

    Returns
    -------
    DataFrame
        ``term``, the group column named after ``by`` (e.g. ``period``), ``n`` (tidy,
        strings and int64 counts; sort order: group, term) with ``attrs["group_size"]``
        (words per group; with ``pos`` still all words, as the keyness denominators),
        ``attrs["pipeline"]`` and ``attrs["params"]`` (``by``, ``unit``, ``pos``,
        ``role``). For ``a, b, c, d`` of a target/reference comparison sum ``n`` and the
        sizes per side and call :func:`discourse.analysis.keyness.keyness_measures`.

    Raises
    ------
    CorpusError
        A ``role`` that occurs in no partition, an unknown ``unit`` or ``pos``, or a ``by``
        that is also a result column (``term``, ``n``).
    """
    files = dataset_files(path)
    info = dataset_pipeline(files)
    # the data-dependent checks first, on the schema and the role column only
    columns = pd.DataFrame(columns=pq.read_schema(files[0]).names)
    check("parquet_term_counts", "by", by, _BY, table=columns)
    roles = None if role is None else list(_listify(role))
    if roles is not None and "role" not in columns:  # role=None is the only choice
        check("parquet_term_counts", "role", role, Values("role"), table=columns)
    present = [_roles(f) for f in files] if roles is not None else [None] * len(files)
    if roles is not None:  # the values of every partition together
        seen = pd.DataFrame({"role": sorted(set().union(*present))})
        check("parquet_term_counts", "role", role, Values("role"), table=seen)
    column = _term_column(unit)
    needed = list(
        dict.fromkeys(["doc_id", by, column, "role", "is_punct", "upos", "sent_id", "token_id"])
    )
    counts: list[pd.DataFrame] = []
    sizes: list[pd.Series] = []
    for f, here in zip(files, present, strict=True):
        use = None if roles is None else [r for r in roles if str(r) in here]
        if use == []:
            continue
        tc = term_counts(read_tokens(f, columns=needed), by=by, unit=unit, pos=pos, role=use)
        counts.append(_tidy(tc))
        sizes.append(pd.Series(np.asarray(tc.group_size), index=[str(g) for g in tc.groups]))
    total = _sum(counts, by)
    size = pd.concat(sizes).groupby(level=0).sum() if sizes else pd.Series(dtype=np.int64)
    total.attrs["group_size"] = {str(g): int(n) for g, n in size.items() if n}
    total.attrs["pipeline"] = info
    return with_provenance(total, total, by=by, unit=unit, pos=pos, role=role)


def _roles(file) -> set[str]:
    """The roles that occur in one Parquet file (its role column only is read)."""
    column = pq.read_table(file, columns=["role"]).column("role")
    return {str(r) for r in pc.unique(column).to_pylist() if r is not None}


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


def _sum(counts: list[pd.DataFrame], by: str) -> pd.DataFrame:
    """The partitions' counts summed per (group, term), sorted by group, then term; the
    group column is named after ``by``."""
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
    return total.rename(columns={"group": by})
