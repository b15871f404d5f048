"""Check a corpus folder before trusting it: whose words the segmentation finds, per document.

:func:`check_corpus` loads a folder (:func:`~discourse.corpus.letters.load_letters`),
segments it (:func:`~discourse.corpus.segment.segments`) and returns, per document and role,
the number of segments and words, what the cleaning removed, moved, joined, split or kept
(:func:`~discourse.corpus.report.cleaning_report`), and every warning raised on the way (an unknown
``doc_type``, a type whose turn markers were not found, PDF pages without text).
``python -m discourse check DIR`` prints the same (:func:`format_check`).
"""

from __future__ import annotations

import os
import re
import warnings
from typing import NamedTuple

import pandas as pd

from discourse._validate import Instance, validate_params
from discourse.corpus.letters import load_letters
from discourse.corpus.report import cleaning_report
from discourse.corpus.segment import ROLES, segments

__all__ = ["CorpusCheck", "check_corpus", "format_check"]

_DOC = re.compile(r"document '([^']+)'")


class CorpusCheck(NamedTuple):
    """What :func:`check_corpus` found in a folder."""

    #: doc_id, doc_type, role (category), segments, words (int64): one row per document × role.
    summary: pd.DataFrame
    #: doc_id (``""`` when the warning names no document), category, message.
    warnings: pd.DataFrame
    #: What the cleaning did: :func:`~discourse.corpus.report.cleaning_report` of the folder.
    cleaning: pd.DataFrame


def _summary(letters: pd.DataFrame, segs: pd.DataFrame) -> pd.DataFrame:
    words = segs["text"].str.split().str.len().astype("int64")
    table = (
        segs.assign(words=words)
        .groupby(["doc_id", "role"], observed=True, sort=False)
        .agg(segments=("seg_id", "size"), words=("words", "sum"))
        .reset_index()
    )
    order = {doc: i for i, doc in enumerate(letters["doc_id"])}
    table = table.sort_values(
        ["doc_id", "role"], key=lambda s: s.map(order) if s.name == "doc_id" else s.cat.codes
    )
    doc_types = letters.set_index("doc_id")["doc_type"].astype("string")
    table.insert(1, "doc_type", table["doc_id"].map(doc_types).astype("string"))
    table["doc_id"] = table["doc_id"].astype("string")
    table["role"] = pd.Categorical(table["role"], categories=ROLES)
    table[["segments", "words"]] = table[["segments", "words"]].astype("int64")
    return table.reset_index(drop=True)


def _warnings(caught: list[warnings.WarningMessage]) -> pd.DataFrame:
    rows = []
    for w in caught:
        found = _DOC.search(str(w.message))
        rows.append((found.group(1) if found else "", w.category.__name__, str(w.message)))
    return pd.DataFrame(rows, columns=["doc_id", "category", "message"], dtype="string")


@validate_params(path=Instance(str, os.PathLike))
def check_corpus(path: str | os.PathLike) -> CorpusCheck:
    """Segment a corpus folder and report, per document, the words found per role.

    Run it on a new folder before analysing it: a document whose ``doc_type`` is unknown
    (role ``unknown``), whose questions or answers were not found, or whose words all land
    in one role shows up here.

    Parameters
    ----------
    path : str or path-like
        A corpus folder holding ``letters.csv`` (or that file), as for
        :func:`discourse.load_letters`.

    Returns
    -------
    CorpusCheck
        ``summary`` (``doc_id``, ``doc_type``, ``role``, ``segments``, ``words``; one
        row per document and role found, in the folder's order), ``warnings``
        (``doc_id``, ``category``, ``message``) and ``cleaning`` (the table of
        :func:`discourse.cleaning_report`).

    Raises
    ------
    CorpusError
        When the folder cannot be loaded (see :func:`discourse.load_letters`).

    Examples
    --------
    >>> from discourse.paths import data_dir
    >>> check = check_corpus(data_dir())
    >>> bool(check.summary.query("role == 'government'")["words"].gt(0).all()), len(check.warnings)
    (True, 0)
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        letters = load_letters(path)
        segs = segments(letters)
    return CorpusCheck(_summary(letters, segs), _warnings(caught), cleaning_report(letters))


def format_check(check: CorpusCheck) -> str:
    """The check as text: per document its roles with segments and words, then warnings."""
    lines: list[str] = []
    for (doc_id, doc_type), rows in check.summary.groupby(["doc_id", "doc_type"], sort=False):
        lines.append(f"{doc_id} ({doc_type})")
        for row in rows.itertuples():
            lines.append(f"  {row.role:<11} {row.segments:>4} segments {row.words:>7} words")
        cleaning = check.cleaning[check.cleaning["doc_id"] == doc_id]
        for row in cleaning.itertuples():
            examples = "; ".join(repr(e) for e in row.examples[:2])
            lines.append(f"  cleaning: {row.action} {row.count} {row.what} (e.g. {examples})")
        for message in check.warnings.query("doc_id == @doc_id")["message"]:
            lines.append(f"  WARNING: {message}")
    others = check.warnings.query("doc_id == '' or doc_id not in @check.summary.doc_id")
    lines += [f"WARNING: {message}" for message in others["message"]]
    return "\n".join(lines)
