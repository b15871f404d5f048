"""Human coding of tone: a stratified sample of units as a coding sheet, and coded labels.

:func:`validation_sample` draws units (sentences, segments) of a :func:`discourse.sentiment`
result into a *coding sheet*: their ids, the stratum, the text and empty ``label`` and
``coder`` columns, without the method's scores (coders code blind). A sheet is a plain
DataFrame: ``sheet.to_csv(path, index=False)`` writes it for a spreadsheet, and
:func:`discourse.coding_widget` codes it in JupyterLab one unit at a time.
:func:`coded_labels` reads a coded sheet back (labels normalised to
``negative``/``neutral``/``positive``), as :func:`discourse.validate` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from discourse._validate import (
    Column,
    Instance,
    Interval,
    Table,
    require_columns,
    validate_params,
)
from discourse.analysis.summaries import TONES
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = ["ID_COLUMNS", "LABELS", "coded_labels", "unit_ids", "validation_sample"]

#: Unit id columns, coarsest first; a unit is identified by those of them its table has.
ID_COLUMNS = ("doc_id", "seg_id", "sent_id")
#: Accepted spellings of the three tone classes in a coded sheet (case and blanks ignored).
LABELS = {
    **{t: t for t in TONES},
    "neg": "negative",
    "neu": "neutral",
    "pos": "positive",
    "-": "negative",
    "0": "neutral",
    "+": "positive",
}


def unit_ids(table: pd.DataFrame) -> list[str]:
    """The id columns of ``table``'s units (``doc_id``, plus ``seg_id``/``sent_id``)."""
    return [c for c in ID_COLUMNS if c in table.columns]


def _allocate(sizes: pd.Series, n: int) -> pd.Series:
    """Proportional allocation of ``n`` over strata of ``sizes`` (largest remainder, capped
    at each stratum's size; Cochran 1977, section 5.5)."""
    n = min(n, int(sizes.sum()))
    exact = sizes / sizes.sum() * n
    take = np.floor(exact).astype(int)
    order = (exact - take).sort_values(ascending=False, kind="stable").index
    for key in order[: n - int(take.sum())]:
        take[key] += 1
    return take.clip(upper=sizes)


@validate_params(
    result=Table(),
    n=Interval(int, 1),
    by=Column(many=True, none=True, empty=True, none_label="period if present, else none"),
    seed=Interval(int, 0),
)
def validation_sample(
    result: pd.DataFrame,
    *,
    n: int = 200,
    by: str | Sequence[str] | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """A stratified random sample of units to code by hand: a coding sheet.

    Parameters
    ----------
    result
        Output of :func:`discourse.sentiment` (its units: ids and ``text``); every unit can
        be drawn, with or without lexicon hits, so the sample also holds neutral units.
    n
        Units to draw (all units if there are fewer).
    by
        Strata (column(s) of ``result``); default ``"period"`` if present. Each stratum
        gets a share of ``n`` proportional to its number of units (largest remainder).
    seed
        Seed of ``numpy.random.default_rng``: the same seed draws the same sheet.

    Returns
    -------
    DataFrame
        One row per drawn unit, in random order: the id columns (``doc_id``, ``seg_id``,
        ``sent_id`` as present), the ``by`` column(s), ``text``, and empty (``""``)
        ``label`` and ``coder`` columns to fill in. No scores: coders code blind.
        ``attrs["params"]`` records ``n``, ``by`` and ``seed`` (provenance).

    Examples
    --------
    >>> res = pd.DataFrame({"doc_id": list("aabbb"), "sent_id": [0, 1, 0, 1, 2],
    ...     "period": list("PPQQQ"), "text": list("vwxyz")})
    >>> sheet = validation_sample(res, n=3, seed=1)
    >>> sorted(sheet["period"]), list(sheet.columns)
    (['P', 'Q', 'Q'], ['doc_id', 'sent_id', 'period', 'text', 'label', 'coder'])

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed., ch. 5 (proportional allocation).
    Krippendorff, K. (2018). *Content Analysis*, 4th ed., ch. 6 (sampling for coding).
    """
    if by is None:
        by = "period" if "period" in result.columns else []
    by_cols = [by] if isinstance(by, str) else list(by)
    ids = unit_ids(result)
    require_columns("validation_sample", result, ["doc_id", "text", *by_cols], "(units)")
    rng = np.random.default_rng(seed)
    if by_cols:
        strata = result.groupby(by_cols, observed=True, sort=True).indices
    else:
        strata = {(): np.arange(len(result))}
    sizes = pd.Series({k: len(v) for k, v in strata.items()}, dtype="int64")
    take = _allocate(sizes, n)
    rows = [rng.choice(strata[k], size=int(take[k]), replace=False) for k in sizes.index]
    picked = rng.permutation(np.concatenate(rows)) if rows else np.array([], dtype=int)
    cols = list(dict.fromkeys([*ids, *by_cols, "text"]))
    sheet = result.iloc[picked][cols].reset_index(drop=True)
    sheet["label"] = ""
    sheet["coder"] = ""
    return with_provenance(sheet, result, n=n, by=by_cols or None, seed=seed)


@validate_params(
    labels=Instance(pd.DataFrame, str, Path, label="a coded sheet or the path of its CSV")
)
def coded_labels(labels: pd.DataFrame | str | Path) -> pd.DataFrame:
    """A coded sheet with its labels checked and normalised; uncoded rows dropped.

    ``labels`` is a DataFrame or the path of a CSV (as written by ``to_csv`` or by
    :func:`discourse.coding_widget`) with the unit id columns and ``label`` (``positive``,
    ``neutral``, ``negative`` or ``pos``/``neu``/``neg``, ``+``/``0``/``-``; case-blind;
    empty = not coded) and optionally ``coder``. A label outside these raises
    :class:`~discourse.errors.CorpusError` naming the row and value. Returns the coded rows
    with ``label`` as a categorical of ``negative``, ``neutral``, ``positive`` and
    ``coder`` as a string (``""`` when absent).
    """
    source = "labels"
    if not isinstance(labels, pd.DataFrame):
        source = str(labels)
        labels = pd.read_csv(labels, keep_default_na=False, dtype={"label": str, "coder": str})
    require_columns("validate", labels, ["doc_id", "label"], "(a coded sheet)")
    raw = labels["label"].fillna("").astype(str).str.strip().str.lower()
    known = raw.isin([*LABELS, ""])
    if not known.all():
        i = int(np.flatnonzero(~known.to_numpy())[0])
        raise CorpusError(
            f"{source}: row {i + 1}, field 'label': {labels['label'].iloc[i]!r} is not a "
            f"label; allowed: {', '.join(map(repr, LABELS))} or '' (not coded)"
        )
    out = labels[raw != ""].copy()
    out["label"] = pd.Categorical(raw[raw != ""].map(LABELS), categories=list(TONES))
    out["coder"] = out["coder"].fillna("").astype(str) if "coder" in out else ""
    return out.reset_index(drop=True)
