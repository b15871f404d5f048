"""Concordances in the widgets: paging, sorting, a random sample, and what the measures mean.

The keyness and collocations widgets show the KWIC lines of the term or collocate chosen
in their ``term``/``collocate`` dropdown (the table's terms and the network's nodes are
its options: choosing one opens its concordance). Five controls shape the lines:
``sort`` (document order, the left or right context, the match, or one position
L1…L5/R1…R5 first: :data:`~discourse.analysis.kwic.SORTS`), ``lines`` (25 or 100 per
page, or all), ``page``, ``sample`` (a random sample of N lines, 0 = every line) and
``seed`` (of the sample: the same seed, the same lines). :func:`concordance` applies them
to the lines of :func:`discourse.kwic` and returns :class:`Lines`, shown as HTML and
downloadable with their provenance (sort, sample and seed included).

:data:`MEASURE_NOTES` explains each association and keyness measure in one line with its
citation; :func:`measure_note` is the legend under a table.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from discourse.analysis.kwic import SORTS, kwic_html, sort_lines
from discourse.widgets.controls import dropdown, int_control
from discourse.widgets.render import Lines, kwic_box, note_html

__all__ = [
    "CONCORDANCE_CONTROLS",
    "MEASURE_NOTES",
    "Lines",
    "concordance",
    "concordance_controls",
    "concordance_page",
    "measure_note",
]

#: Page sizes of the ``lines`` control (``None``: every line on one page).
PAGE_SIZES = {"25 per page": 25, "100 per page": 100, "all": None}
#: The names of the concordance controls (they only change the lines shown).
CONCORDANCE_CONTROLS = ("sort", "lines", "page", "sample", "seed")
MAX_PAGE = 10_000  #: the largest page number (clamped to the pages there are)

#: One line per measure: what it says, and where it comes from.
MEASURE_NOTES = {
    "mi": "MI, log2(O/E): how much more often than by chance; favours rare pairs "
    "(Church & Hanks 1990)",
    "mi3": "MI³, log2(O³/E): MI with less weight on rare pairs (Daille 1994)",
    "t_score": "t-score, (O − E)/√O: how sure the attraction is; favours frequent pairs "
    "(Church et al. 1991)",
    "z_score": "z-score, (O − E)/√E: attraction in standard deviations (Berry-Rogghe 1973)",
    "log_likelihood": "log-likelihood G²: evidence against chance, 3.84 ≈ p < 0.05 "
    "(Dunning 1993; Rayson & Garside 2000)",
    "dice": "Dice, 2·O/(f_node + f_collocate): how exclusively the two occur together "
    "(Smadja, McKeown & Hatzivassiloglou 1996)",
    "log_dice": "logDice, 14 + log2 Dice: Dice on a scale up to 14, comparable across "
    "corpora (Rychlý 2008)",
    "delta_p_collocate_given_node": "ΔP(collocate | node): how much the node raises the "
    "chance of the collocate, −1…1 (Gries 2013)",
    "delta_p_node_given_collocate": "ΔP(node | collocate): how much the collocate raises "
    "the chance of the node, −1…1 (Gries 2013)",
    "ll_2term": "2-term log-likelihood of Wmatrix (Rayson & Garside 2000)",
    "log_ratio": "Log Ratio, log2 of the ratio of relative frequencies: +1 = twice as "
    "frequent in the target (Hardie 2014)",
    "log_ratio_min": "conservative Log Ratio: the end of its confidence interval nearest 0 "
    "(Hardie 2014, CQPweb)",
    "perc_diff": "%DIFF, the percentage difference of the normalised frequencies "
    "(Gabrielatos & Marchi 2011)",
    "bic": "BIC, G² − ln N: > 2 positive, > 6 strong, > 10 very strong evidence (Wilson 2013)",
    "simple_maths": "simple maths, (per million in target + n)/(per million in reference "
    "+ n) (Kilgarriff 2009)",
    "log_odds_z": "z-score of the log-odds ratio with an informative Dirichlet prior "
    "(Monroe, Colaresi & Quinn 2008)",
    "o": "o: co-occurrences of node and collocate in the window",
    "freq_collocate": "freq_collocate: the collocate's frequency in the (filtered) corpus",
    "p_adjusted": "p_adjusted: p-value of G² after the chosen correction "
    "(Benjamini & Hochberg 1995; Bonferroni)",
    "dp_target": "dp_target: dispersion DP over the target's documents, 0 = even, "
    "1 = in one place (Gries 2008)",
}


def measure_note(names: Sequence[str]) -> str:
    """The legend of ``names`` (measures and columns): one line each, small, grey."""
    lines = [MEASURE_NOTES[n] for n in dict.fromkeys(names) if n in MEASURE_NOTES]
    body = "<br>".join(html.escape(line) for line in lines)
    return f'<div class="discourse-legend" style="font-size:75%;color:#555">{body}</div>'


def concordance_controls(sort: str = "position") -> dict[str, Any]:
    """The ``sort``, ``lines``, ``page``, ``sample`` and ``seed`` controls."""
    return {
        "sort": dropdown("sort", SORTS, sort, "170px"),
        "lines": dropdown("lines", list(PAGE_SIZES), "25 per page", "190px"),
        "page": int_control("page", 1, 1, MAX_PAGE, slider=False),
        "sample": int_control("sample", 0, 0, 100_000, slider=False),
        "seed": int_control("seed", 1, 0, 2**31 - 1, slider=False),
    }


def concordance(
    lines: pd.DataFrame, values: dict[str, Any], title: str, info: Sequence[str]
) -> Lines:
    """The page of ``lines`` (a :func:`discourse.kwic` result) the concordance controls in
    ``values`` ask for: sampled (``sample`` lines with ``seed``; every line when 0 or at
    least as many), sorted (``sort``), paged (``lines``, ``page``: a page beyond the last
    shows the last). ``title`` (HTML) heads it, ``info`` columns follow the contexts."""
    v = values
    attrs = {**lines.attrs, "params": dict(lines.attrs.get("params", {}))}
    params = attrs["params"]
    if 0 < v["sample"] < len(lines):
        lines = lines.sample(n=v["sample"], random_state=v["seed"]).sort_index()
        params.update(sample=v["sample"], seed=v["seed"])
    lines = sort_lines(lines.reset_index(drop=True), v["sort"])
    params["sort"] = v["sort"]
    lines.attrs = attrs
    size = PAGE_SIZES[v["lines"]] or max(len(lines), 1)
    pages = max(math.ceil(len(lines) / size), 1)
    page = min(v["page"], pages)
    part = lines.iloc[(page - 1) * size : page * size]
    first, last = (page - 1) * size + 1, (page - 1) * size + len(part)
    sampled = f", a random sample (seed {v['seed']})" if "sample" in params else ""
    where = f"lines {first}–{last} of {len(lines)}{sampled}, sorted by {v['sort']}" + (
        f"; page {page} of {pages} (change page for more)" if pages > 1 else ""
    )
    note = f'<p class="discourse-kwic-note" style="font-size:85%"><i>{where}</i></p>'
    table = kwic_box(kwic_html(part, max_rows=None, info=list(info)))
    return Lines(title + note + table + note_html(lines), lines)


def concordance_page(
    pages: Any,
    where: tuple,
    values: dict[str, Any],
    title: str,
    lines: pd.DataFrame,
    info: Sequence[str],
) -> str | Lines:
    """What a widget shows for the concordance of ``where``: ``title`` alone when there
    are no ``lines``, else their :func:`concordance` page, kept in the ``pages`` LRU by
    ``where`` and the concordance controls (the same page is the same object, so its
    download links are made once)."""
    if lines.empty:
        return title
    page = (*where, *(values[k] for k in CONCORDANCE_CONTROLS))
    return pages.get(page, lambda: concordance(lines, values, title, info))
