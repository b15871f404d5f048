"""What the keyness widget shows of one comparison: the analysis, its table and plot.

:func:`keyness_result` calls :func:`discourse.keyness` with the controls' values (kept by
the widget across ``top`` changes, which only choose the rows shown);
:func:`keyness_analysis` makes the heading, the table (:data:`KEYNESS_COLUMNS`) and the
plot of a result; :func:`keyness_sentence` turns an analysis error into a sentence that
names the controls and the fix.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from discourse.analysis.keyness import keyness
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.viz.keyness import PLOTTABLE, plot_keyness
from discourse.widgets.controls import ALL_VOICES, POS_FILTERS, role_arg
from discourse.widgets.render import Tables, figure_of

__all__ = [
    "KEYNESS_COLUMNS",
    "REST",
    "keyness_analysis",
    "keyness_columns",
    "keyness_result",
    "keyness_sentence",
]

REST = "all other groups"  #: reference choice meaning "every group but the target"
#: Columns of the keyness widget's table (AntConc-like: frequencies, rates per 10,000
#: words, the test, an effect size, dispersion); the ranking measure is added when it is
#: another one. ``keyness()`` returns every measure.
KEYNESS_COLUMNS = [
    "term",
    "direction",
    "freq_target",
    "freq_reference",
    "per_10k_target",
    "per_10k_reference",
    "log_likelihood",
    "p_adjusted",
    "significant",
    "log_ratio",
    "dp_target",
]


def keyness_columns(measure: str) -> list[str]:
    """The keyness widget's table columns when ranking by ``measure``."""
    if measure in KEYNESS_COLUMNS:
        return list(KEYNESS_COLUMNS)
    at = KEYNESS_COLUMNS.index("log_ratio") + 1
    return [*KEYNESS_COLUMNS[:at], measure, *KEYNESS_COLUMNS[at:]]


def keyness_result(tokens: pd.DataFrame, values: dict[str, Any]) -> pd.DataFrame:
    """The :func:`discourse.keyness` result for ``values`` (every analysis control but
    ``top``, which only chooses the rows shown); an impossible selection (target equal to
    the reference, nothing frequent enough) raises a CorpusError saying why."""
    v = values
    if v["target"] == v["reference"]:
        raise CorpusError(
            f"target and reference are both {v['target']!r}; choose another reference (or {REST!r})"
        )
    try:
        result = keyness(
            tokens,
            by=v["by"],
            target=v["target"],
            reference=None if v["reference"] == REST else v["reference"],
            unit=v["unit"],
            pos=POS_FILTERS[v["pos"]],
            role=role_arg(v["role"]),
            min_freq=v["min_freq"],
            measure=v["measure"],
            correction=v["correction"],
            alpha=v["alpha"],
        )
    except CorpusError as exc:
        raise CorpusError(keyness_sentence(str(exc), v)) from None
    if result.empty:
        ref = "the other groups" if v["reference"] == REST else repr(v["reference"])
        raise CorpusError(
            f"no term occurs at least {v['min_freq']} times in {v['target']!r} and {ref} "
            f"together (unit {v['unit']}, pos {v['pos']}, role {v['role']}); lower min freq"
        )
    return result


def keyness_analysis(
    tokens: pd.DataFrame, values: dict[str, Any], result: pd.DataFrame | None = None
) -> tuple[str, Tables, Figure, list[str]]:
    """Heading, table, plot and terms shown for ``values`` (the controls but ``term``).

    Returns ``(heading_html, Tables, Figure, terms)`` of ``result`` (default: the
    :func:`keyness_result` of ``values``); an impossible selection raises a CorpusError
    saying why.
    """
    v = values
    result = keyness_result(tokens, v) if result is None else result
    ref = "the other groups" if v["reference"] == REST else repr(v["reference"])
    shown = pd.concat(
        [result[result["direction"] == d].head(v["top"]) for d in ("target", "reference")]
    )
    columns = keyness_columns(v["measure"])
    table = shown[columns].reset_index(drop=True)
    table["direction"] = table["direction"].astype(str)
    table = table.round({c: 2 for c in columns[4:] if c != "p_adjusted"})
    n_sig = int(result["significant"].sum())
    head = (
        f"<b>{html.escape(v['target'])}</b> vs {html.escape(ref)}: {len(result)} terms "
        f"tested (≥ {v['min_freq']}), {n_sig} significant at adjusted p ≤ {v['alpha']} "
        f"({v['correction']}); top {v['top']} per direction by {v['measure']}; "
        f"role {html.escape(v['role'])}"
    )
    tables = Tables(
        {f"key terms of {v['target']} (red) and of {ref} (blue)": table},
        caption=provenance(result),
        kind="keyness",
        formats={"p_adjusted": lambda p: f"{p:.2g}"},
        attrs=result.attrs,
    )
    measure = v["measure"] if v["measure"] in PLOTTABLE else "log_ratio"
    fig = figure_of(plot_keyness(result, top=v["top"], measure=measure))
    return head, tables, fig, list(table["term"])


def keyness_sentence(message: str, values: dict[str, Any]) -> str:
    """An error of :func:`discourse.keyness` as a sentence naming the controls and the fix
    (no argument dicts)."""
    v = values
    filters = f"unit {v['unit']}, pos {v['pos']}, role {v['role']}"
    empty = re.match(
        r"no words left for (.+?) after the filters \{.*\}; groups with words: (.*)", message
    )
    if empty:
        return (
            f"target {empty.group(1)!r} has no words with these controls ({filters}); "
            f"choose a target with words ({empty.group(2)}), or another role or pos"
        )
    if "is empty" in message and "reference" in message:
        return (
            f"no group of group by {v['by']!r} but {v['target']!r} has words with these "
            f"controls ({filters}); choose another group by, or role {ALL_VOICES!r}"
        )
    return re.sub(r"\s*\{[^{}]*\}", f" ({filters})", re.sub(r"^\w+\(\): ", "", message))
