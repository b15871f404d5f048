"""Provenance of results: which pipeline, corpus selection and parameters produced them.

Every analysis result carries ``result.attrs["pipeline"]`` (copied from the token table)
and ``result.attrs["params"]`` (the call's own arguments); a result that compares groups
also carries ``result.attrs["documents"]``, the documents per group of the rows it used
(``{"Rutte III (2018)": 1, "Veldkamp": 3}``; :func:`with_documents`). :func:`provenance`
formats them as one line for figure captions and table footers; :func:`documents_line`
is the one place the documents per group become text, a group of one document labelled
``"1 document: group = document"`` (issue 17: a comparison of such groups is a
comparison of texts).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd

from discourse._validate import Table, validate_params


def with_provenance(result: pd.DataFrame, source: pd.DataFrame, **params: Any) -> pd.DataFrame:
    """Attach the pipeline of ``source`` and the call's ``params`` to ``result.attrs``.

    Returns ``result`` itself (modified in place) so it can end a function:
    ``return with_provenance(out, tokens, unit=unit, by=by)``.
    """
    pipeline = source.attrs.get("pipeline")
    if pipeline is not None:
        result.attrs["pipeline"] = dict(pipeline)
    result.attrs["params"] = {k: _plain(v) for k, v in params.items()}
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def group_label(n_documents: int) -> str:
    """How a group's number of documents is named in tables and captions.

    >>> group_label(1), group_label(3)
    ('1 document: group = document', '3 documents')
    """
    if n_documents == 1:
        return "1 document: group = document"
    return f"{n_documents} documents"


def documents_line(documents: Mapping[Any, int]) -> str:
    """The documents per group in one line: ``"<group>: <label>; …"`` in the given order.

    >>> documents_line({"Rutte III (2018)": 1, "Veldkamp": 3})
    'Rutte III (2018): 1 document: group = document; Veldkamp: 3 documents'
    """
    return "; ".join(f"{group}: {group_label(int(n))}" for group, n in documents.items())


def group_name(key: Hashable) -> str:
    """A group's label: the value, or the values of several ``by`` columns joined by " / "."""
    if isinstance(key, tuple):
        return " / ".join(map(str, key))
    return str(key)


def documents_of(table: pd.DataFrame, by: str | Sequence[str]) -> dict[str, int]:
    """Distinct ``doc_id`` per group of ``by`` (one or more columns) of the rows of ``table``.

    Groups in the order of ``by`` (category order, else sorted); a row without a group is
    not counted. For tables an analysis already holds as integer codes, count there and
    pass the mapping to :func:`with_documents` instead.

    >>> t = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "period": ["x", "x", "x", "y"]})
    >>> documents_of(t, "period")
    {'x': 2, 'y': 1}
    """
    cols = [by] if isinstance(by, str) else list(by)
    per_group = table.groupby(cols if len(cols) > 1 else cols[0], observed=True, sort=True)
    return {group_name(k): int(n) for k, n in per_group["doc_id"].nunique().items()}


def with_documents(
    result: pd.DataFrame, documents: Mapping[Any, int], *, by: str | None = None
) -> pd.DataFrame:
    """Record the documents per group a comparison used: ``result.attrs["documents"]``.

    ``documents`` maps each group (in display order) to its number of documents — those
    that contributed words after the call's filters (:func:`documents_of`, or counted
    from an analysis' own codes). :func:`provenance` prints it. ``by`` names the grouping
    when it is not the result's ``by`` parameter (``attrs["documents_by"]``; e.g. a trend
    by date that counts its letters per cabinet). Returns ``result``.
    """
    result.attrs["documents"] = {group_name(k): int(n) for k, n in documents.items()}
    if by is not None:
        result.attrs["documents_by"] = by
    return result


def documents_part(df: pd.DataFrame, *, unbreakable: bool = False) -> str:
    """``"documents per <by>: <documents_line>"`` of a result, ``""`` if none recorded.

    ``unbreakable=True`` joins the words of each group's entry with no-break spaces, so a
    wrapped caption breaks only between groups (:func:`discourse.viz.base.caption`).
    """
    documents = df.attrs.get("documents")
    if not documents:
        return ""
    by = df.attrs.get("documents_by") or df.attrs.get("params", {}).get("by")
    name = " / ".join(map(str, by)) if isinstance(by, list) else by or "group"
    items = [documents_line({group: n}) for group, n in documents.items()]
    if unbreakable:
        items = [item.replace(" ", "\u00a0") for item in items]
    return f"documents per {name}: " + "; ".join(items)


def pipeline_label(df: pd.DataFrame) -> str:
    """``"name version"`` of the pipeline recorded on ``df`` (``"unknown pipeline"`` if none)."""
    pipeline = df.attrs.get("pipeline")
    if not pipeline:
        return "unknown pipeline"
    return f"{pipeline.get('name', '?')} {pipeline.get('version', '')}".strip()


@validate_params(df=Table(label="a pandas DataFrame (an analysis result)"))
def provenance(df: pd.DataFrame) -> str:
    """One line: pipeline, ``key=value`` for every recorded parameter, documents per group.

    ``role=None`` (every voice) reads ``role=all voices``, so a caption always says whose
    words were analysed. A result that records its documents per group
    (:func:`with_documents`) ends with ``documents per <by>: …`` (:func:`documents_line`).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame()
    >>> df.attrs = {"pipeline": {"name": "frog", "version": "0.20"},
    ...             "params": {"unit": "lemma", "role": "government"}}
    >>> provenance(df)
    'pipeline: frog 0.20 · unit=lemma · role=government'
    >>> df.attrs["params"]["role"] = None
    >>> provenance(df)
    'pipeline: frog 0.20 · unit=lemma · role=all voices'
    >>> df.attrs["params"]["by"] = "period"
    >>> line = provenance(with_documents(df, {"Schoof": 1, "Jetten": 2}))
    >>> for part in line.split(" · "):
    ...     print(part)
    pipeline: frog 0.20
    unit=lemma
    role=all voices
    by=period
    documents per period: Schoof: 1 document: group = document; Jetten: 2 documents
    """
    documents = documents_part(df)
    return params_line(df) + (f" · {documents}" if documents else "")


def params_line(df: pd.DataFrame) -> str:
    """The pipeline and the ``key=value`` parameters: :func:`provenance` without documents."""
    parts = [f"pipeline: {pipeline_label(df)}"]
    for key, value in df.attrs.get("params", {}).items():
        if isinstance(value, list):
            value = ",".join(map(str, value))
        elif key == "role" and value is None:
            value = "all voices"
        parts.append(f"{key}={value}")
    return " · ".join(parts)
