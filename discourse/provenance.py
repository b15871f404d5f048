"""Provenance of results: which pipeline, corpus selection and parameters produced them.

Every analysis result carries ``result.attrs["pipeline"]`` (copied from the token table)
and ``result.attrs["params"]`` (the call's own arguments). :func:`provenance` formats both
as one line for figure captions and table footers.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def pipeline_label(df: pd.DataFrame) -> str:
    """``"name version"`` of the pipeline recorded on ``df`` (``"unknown pipeline"`` if none)."""
    pipeline = df.attrs.get("pipeline")
    if not pipeline:
        return "unknown pipeline"
    return f"{pipeline.get('name', '?')} {pipeline.get('version', '')}".strip()


@validate_params(df=Table(label="a pandas DataFrame (an analysis result)"))
def provenance(df: pd.DataFrame) -> str:
    """One line: pipeline, then ``key=value`` for every recorded parameter.

    ``role=None`` (every voice) reads ``role=all voices``, so a caption always says whose
    words were analysed.

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
    """
    parts = [f"pipeline: {pipeline_label(df)}"]
    for key, value in df.attrs.get("params", {}).items():
        if isinstance(value, list):
            value = ",".join(map(str, value))
        elif key == "role" and value is None:
            value = "all voices"
        parts.append(f"{key}={value}")
    return " · ".join(parts)
