"""Dutch cabinets and ministers of Foreign Affairs by date: the shipped table ``cabinets.csv``.

One row per term of a minister of Foreign Affairs within a cabinet (columns ``cabinet``,
``cabinet_start``, ``cabinet_end``, ``minister``, ``minister_start``, ``minister_end``,
``ad_interim``, ``period``, ``confidence``, ``source``, ``note``; dates ``YYYY-MM-DD``, an
empty end = still in office or not verified). Its provenance is in ``data/cabinets.md``.

A date belongs to the cabinet whose half-open span ``[start, end)`` holds it, and to the
minister row of that cabinet with the latest start on or before it (so an open end date is
closed by the next row's start). ``period`` is a template: ``{cabinet}`` and ``{year}`` are
filled in, so the table gives the labels of the bundled corpus — ``Rutte III (2018)`` for a
letter of July 2018, ``Veldkamp`` and ``Van Weel`` under Schoof.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path

from discourse._constraints import Instance
from discourse._validate import validate_params
from discourse.errors import CorpusError
from discourse.paths import PACKAGE_DIR, PROJECT_DIR, data_dir

__all__ = ["CABINETS_FILE", "cabinet_on", "cabinets_path", "read_cabinets"]

#: File name of the table, in the data folder.
CABINETS_FILE = "cabinets.csv"
_COLUMNS = (
    "cabinet",
    "cabinet_start",
    "cabinet_end",
    "minister",
    "minister_start",
    "minister_end",
    "ad_interim",
    "period",
    "confidence",
    "source",
    "note",
)


def cabinets_path() -> Path:
    """The shipped table: in the data folder (``DISCOURSE_DATA``), else the checkout's or
    the installed package's copy (a user's own corpus folder need not hold it)."""
    candidates = [data_dir() / CABINETS_FILE]
    if PROJECT_DIR is not None:
        candidates.append(PROJECT_DIR / "data" / CABINETS_FILE)
    candidates.append(PACKAGE_DIR / "_data" / CABINETS_FILE)
    for path in candidates:
        if path.is_file():
            return path
    raise CorpusError(f"file {str(candidates[0])!r}: the table of cabinets is missing")


def _date(value: str, path: Path, row: int, field: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CorpusError(
            f"file {str(path)!r}, row {row}, field {field!r}: cannot parse {value!r}; "
            "use YYYY-MM-DD or leave empty"
        ) from exc


@functools.lru_cache(maxsize=4)
def read_cabinets(path: Path | None = None) -> tuple[dict, ...]:
    """The rows of the table, dates parsed (``None`` = open), in file order."""
    path = Path(path) if path is not None else cabinets_path()
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusError(f"file {str(path)!r}: missing column(s) {missing}")
        rows = []
        for i, raw in enumerate(reader, start=1):
            row = {k: (raw[k] or "").strip() for k in _COLUMNS}
            for field in ("cabinet_start", "cabinet_end", "minister_start", "minister_end"):
                row[field] = _date(row[field], path, i, field)
            if row["cabinet_start"] is None or row["minister_start"] is None:
                raise CorpusError(f"file {str(path)!r}, row {i}: a start date is required")
            rows.append(row)
    return tuple(rows)


def _within(day: dt.date, start: dt.date, end: dt.date | None) -> bool:
    return start <= day and (end is None or day < end)


def lookup(day: dt.date, rows: tuple[dict, ...] | None = None) -> dict[str, str]:
    """Cabinet, minister of Foreign Affairs, period, source and note on ``day`` (values
    ``""`` when the table does not cover it)."""
    rows = read_cabinets() if rows is None else rows
    cabinet = [r for r in rows if _within(day, r["cabinet_start"], r["cabinet_end"])]
    if not cabinet:
        return dict.fromkeys(("cabinet", "minister", "period", "source", "note"), "")
    ministers = [r for r in cabinet if r["minister_start"] <= day]
    ministers = [r for r in ministers if r["minister_end"] is None or day < r["minister_end"]]
    best = max(ministers, key=lambda r: r["minister_start"]) if ministers else cabinet[0]
    open_end = best["cabinet_end"] is None
    return {
        "cabinet": best["cabinet"],
        "minister": best["minister"] if ministers else "",
        "period": best["period"].format(cabinet=best["cabinet"], year=day.year),
        "source": best["source"],
        "note": "open-ended cabinet row: a later cabinet may be missing" if open_end else "",
    }


def as_date(value: str | dt.date, name: str = "date") -> dt.date:
    """``value`` (a ``datetime.date`` or ``"YYYY-MM-DD"``) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise CorpusError(f"{name}={value!r} is not a date; use YYYY-MM-DD") from exc


@validate_params(date=Instance(str, dt.date, label="a date (datetime.date or 'YYYY-MM-DD')"))
def cabinet_on(date: str | dt.date) -> dict[str, str]:
    """The Dutch cabinet and minister of Foreign Affairs in office on a date.

    Parameters
    ----------
    date : str or datetime.date
        ``"YYYY-MM-DD"`` or a date.

    Returns
    -------
    dict
        ``cabinet``, ``minister`` (of Foreign Affairs, initials and surname), ``period``
        (the comparison group, as the bundled corpus labels it), ``source`` (URL of the
        table row) and ``note``; ``""`` for each when the table (``data/cabinets.csv``,
        from 22 Feb 2007) does not cover the date.

    Raises
    ------
    CorpusError
        When ``date`` is not a date.

    References
    ----------
    The source of each row (the cabinet's page on nl.wikipedia.org) and how the table was
    made are in ``data/cabinets.csv`` and ``data/cabinets.md``.

    Examples
    --------
    >>> cabinet_on("2018-07-01")["period"], cabinet_on("2025-03-24")["minister"]
    ('Rutte III (2018)', 'C.C.J. Veldkamp')
    """
    return lookup(as_date(date, "cabinet_on(): date"))
