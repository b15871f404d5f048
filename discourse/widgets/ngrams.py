"""The n-grams widget: AntConc's *Clusters/N-Grams* tool as a thin layer over :func:`ngrams`.

The update logic is module-level and takes the controls' values as a dict: the
:func:`discourse.ngrams` call and the rows shown are in :mod:`~discourse.widgets.ngrams_table`
(:func:`~discourse.widgets.ngrams_table.ngrams_result`, kept per widget across the controls
that only choose rows: ``search``, ``position``, ``sort_by``, ``top``);
:func:`ngrams_kwic` is the concordance of one n-gram and :func:`ngrams_view` everything
shown, with the per-widget caches of an :class:`NgramsState`. :func:`ngrams_widget` only
wires its controls to them. Choosing an n-gram in the ``n-gram`` dropdown (the table's
n-grams) opens its concordance, as a key term or a collocate does in the other widgets.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w
import pandas as pd

from discourse._validate import (
    Context,
    Instance,
    Interval,
    Options,
    Table,
    Values,
    validate_params,
)
from discourse.analysis.kwic import kwic
from discourse.analysis.ngrams import NGRAM_SIZES, ngram_sizes
from discourse.analysis.patterns import glob_escape
from discourse.errors import CorpusError
from discourse.widgets.base import LRU, AnalysisWidget, renew, role_subset
from discourse.widgets.concordance import (
    concordance_controls,
    concordance_page,
)
from discourse.widgets.controls import (
    ALL_VOICES,
    NONE,
    Grouping,
    Offer,
    chosen,
    dropdown,
    group_columns,
    int_control,
    offer_to,
    pick,
    role_arg,
    role_control,
    text_control,
)
from discourse.widgets.ngrams_table import (
    NGRAM_NOTES,
    NGRAM_SORTS,
    POSITIONS,
    n_options,
    ngrams_analysis,
    ngrams_result,
)
from discourse.widgets.render import message_html

__all__ = ["NgramSizes", "NgramsState", "ngrams_kwic", "ngrams_view", "ngrams_widget"]

#: Controls the :func:`discourse.ngrams` call depends on (the others only choose rows).
RESULT_CONTROLS = ("n", "by", "role", "unit", "min_freq", "min_range")
#: Controls the table depends on (``ngram`` only chooses the concordance).
TABLE_CONTROLS = (*RESULT_CONTROLS, "search", "position", "sort_by", "top")


class NgramSizes(Options):
    """``n``: one of :data:`~discourse.analysis.ngrams.NGRAM_SIZES`, a list or a range."""

    def failure(self, value: Any, ctx: Context) -> Any:
        return super().failure(list(value) if isinstance(value, range) else value, ctx)


@dataclass(eq=False)
class NgramsState:
    """What one n-grams widget keeps between updates: results, tables, KWIC lines."""

    tokens: pd.DataFrame
    results: LRU = field(default_factory=lambda: LRU(8))  # ngrams() results
    tables: LRU = field(default_factory=LRU)
    lines: LRU = field(default_factory=LRU)  # kwic() lines of an n-gram
    pages: LRU = field(default_factory=LRU)
    subsets: LRU = field(default_factory=lambda: LRU(4))

    def subset(self, role: str) -> pd.DataFrame:
        """The tokens of ``role`` (all of them for all voices)."""
        return role_subset(self, role)


def ngrams_kwic(
    state: NgramsState, values: dict[str, Any], ngram: str, freq: dict[str, int]
) -> tuple[str, pd.DataFrame]:
    """The KWIC heading (HTML) and lines of ``ngram`` (its words as consecutive tokens of
    the ``unit`` column, exactly: no case folding), with the speaker, role and group of
    each. ``freq`` is its frequency per group in the result (``{"all": f}`` without a
    grouping); occurrences with punctuation between the words are counted there but are
    no phrase here, and the heading says how many."""
    v = values
    by = None if v["by"] == NONE else v["by"]

    def find() -> pd.DataFrame:
        found = kwic(
            state.subset(v["role"]),
            " ".join(glob_escape(word) for word in ngram.split()),
            window=10,
            by=by,
            unit=v["unit"],
            match_on=v["unit"],
            case_insensitive=False,
            role=None,  # the subset holds the role of the control already (cached)
        )
        found.attrs["params"]["role"] = role_arg(v["role"])  # so its provenance says so
        return found

    lines = state.lines.get((v["by"], v["role"], v["unit"], ngram), find)  # not min freq
    total = sum(freq.values())
    title = (
        f"<h4>KWIC: <i>{html.escape(ngram)}</i>, role {html.escape(v['role'])} "
        f"({len(lines)} line{'s' * (len(lines) != 1)}; frequency {total} in the table)</h4>"
    )
    shown = len(lines) if by is None else int(lines[by].astype(str).isin(list(freq)).sum())
    if shown < total:
        title += message_html(
            f"{total - shown} of its {total} occurrences in the table have punctuation "
            "between the words: an n-gram skips punctuation (as AntConc's clusters), a "
            "concordance shows the words as consecutive tokens only"
        )
    return title, lines


def ngrams_view(state: NgramsState, values: dict[str, Any], offer: Offer = pick) -> list[Any]:
    """Everything the n-grams widget shows for ``values``: heading, legend, tables and the
    concordance of the n-gram ``offer("ngram", shown, keep)`` returns (the n-grams of the
    tables are the choices; none after an error). Results are cached in ``state`` (emptied
    when the table's content changed: :func:`~discourse.widgets.base.renew`)."""
    renew(state)
    v = values
    key = tuple(v[k] for k in RESULT_CONTROLS)
    try:
        result = state.results.get(key, lambda: ngrams_result(state.tokens, v))
        view = tuple(v[k] for k in TABLE_CONTROLS)
        head, tables, shown = state.tables.get(view, lambda: ngrams_analysis(result, v))
    except CorpusError:
        offer("ngram", [], None)  # no stale n-grams under an error
        raise
    ngram = offer("ngram", shown, v["ngram"])
    legend = f'<div style="font-size:75%;color:#555">{html.escape(NGRAM_NOTES)}</div>'
    items: list[Any] = [f"<p>{head}</p>{legend}", tables]
    if ngram is not None:
        rows = result[(result["ngram"] == ngram).to_numpy()]
        group = rows[v["by"]].astype(str) if v["by"] != NONE else pd.Series("all", rows.index)
        freq = rows.groupby(group.to_numpy())["freq"].sum().astype(int).to_dict()
        title, lines = ngrams_kwic(state, v, ngram, freq)
        where = (v["by"], v["role"], v["unit"], ngram, *freq.items())
        by = [] if v["by"] == NONE else [v["by"]]
        info = list(dict.fromkeys(["doc_id", "speaker", "role", *by]))
        items.append(concordance_page(state.pages, where, v, title, lines, info))
    return items


def ngrams_controls(tokens: pd.DataFrame, args: dict[str, Any]) -> dict[str, Any]:
    """The n-grams widget's controls, set to the (checked) arguments of
    :func:`ngrams_widget` (all but ``ngram``, which needs the first result)."""
    a = args
    return {
        "n": dropdown("n", n_options(a["n"]), a["n"], "120px"),
        "by": dropdown("group by", group_columns(tokens, optional=True), a["by"] or NONE),
        "role": role_control(tokens, a["role"]),
        "unit": dropdown("unit", ["lower", "lemma", "text"], a["unit"], "150px"),
        "min_freq": int_control("min freq", a["min_freq"], 1, 100_000, slider=False),
        "min_range": int_control("min range", a["min_range"], 1, 100_000, slider=False),
        "top": int_control("top", a["top"], 1, 200),
        "sort_by": dropdown("sort by", NGRAM_SORTS, a["sort_by"], "150px"),
        "search": text_control(
            w.Text,
            "search",
            a["search"],
            "word or pattern (europ*), several comma separated",
        ),
        "position": dropdown("position", POSITIONS, a["position"], "190px"),
        "ngram": dropdown("n-gram", [], None, "300px"),
        **concordance_controls(),
    }


# The numpydoc docstring documents every argument (~55 lines); the body is ~20 lines.
@validate_params(
    tokens=Table(),
    n=NgramSizes(*NGRAM_SIZES, many=True),
    by=Grouping(none=True, none_label="no grouping"),
    role=Values("role", many=False),
    unit=Options("lower", "lemma", "text"),
    min_freq=Interval(int, 1, 100_000),
    min_range=Interval(int, 1, 100_000),
    top=Interval(int, 1, 200),
    sort_by=Options(*NGRAM_SORTS),
    search=Instance(str, label="a string: words or globs, comma separated ('' for none)"),
    position=Options(*POSITIONS),
)
def ngrams_widget(
    tokens: pd.DataFrame,
    *,
    n: int | Sequence[int] = (2, 3),
    by: str | None = "period",
    role: str | None = "government",
    unit: str = "lower",
    min_freq: int = 2,
    min_range: int = 1,
    top: int = 25,
    sort_by: str = "freq",
    search: str = "",
    position: str = "anywhere",
    ngram: str | None = None,
) -> AnalysisWidget:
    """N-grams (clusters) per group with frequency, rate and range, and their concordances.

    AntConc's *Clusters/N-Grams* tool on the token table: each argument is the first value
    of the control of the same name; each refresh calls :func:`discourse.ngrams` (with
    every control but ``top``, ``sort_by``, ``search`` and ``position``, which choose the rows
    shown), and :func:`discourse.kwic` for the n-gram chosen in the ``n-gram`` dropdown
    (the table's n-grams), through :func:`ngrams_view`.

    Parameters
    ----------
    tokens : pandas.DataFrame
        Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).
    n : int, list of int or range
        N-gram length(s), 2 to 5: ``3``, ``(2, 3)`` (default) or ``range(2, 6)``; the
        dropdown offers each length and each range of lengths.
    by : str or None, default "period"
        Grouping column (one table per group) or ``None`` for one table.
    role : str or None, default "government"
        Whose words count: the cabinet's own voice by default; ``"parliament"``, another
        value of the ``role`` column, or ``None`` ("all voices").
    unit : {"lower", "lemma", "text"}
        The words of the n-grams: lower-cased forms (default, as AntConc), lemmas or
        surface forms.
    min_freq, min_range : int
        N-grams with at least this frequency and this range (documents) in their group
        (1 to 100,000; AntConc's "Min. Freq" and "Min. Range").
    top : int
        Rows shown per group and ``n`` (1 to 200), after the search.
    sort_by : {"freq", "range", "per_10k"}
        The column ranked first (descending), then range (or frequency), then the n-gram.
    search : str
        Keep the n-grams with a word matching a pattern (``"europ*"``; ``*`` any
        characters, ``?`` one; several separated by commas; a pattern of several words
        matches consecutive words), case-insensitive; ``""`` (default): every n-gram.
    position : {"anywhere", "first word", "last word"}
        Where the search pattern must match (AntConc's search term position).
    ngram : str, optional
        The n-gram whose concordance is shown (default: the first of the table).

    Returns
    -------
    AnalysisWidget

    Raises
    ------
    CorpusError
        A bad value or an unknown argument (the message names it, the value and what is
        allowed).

    Examples
    --------
    >>> ngrams_widget(toks, n=3, by="period", min_range=2, search="europ*")  # doctest: +SKIP
    """
    sizes = tuple(ngram_sizes(n))
    args = dict(n=sizes, by=by, role=role, unit=unit, min_freq=min_freq, min_range=min_range)
    args.update(top=top, sort_by=sort_by, search=search, position=position)
    state = NgramsState(tokens)
    controls = ngrams_controls(tokens, args)
    offer = offer_to(controls)

    def on_change(name: str) -> None:
        if name == "by" and controls["by"].value == "role":  # one role has one group
            controls["role"].value = ALL_VOICES
        if name != "page":  # other lines or pages: back to the first page
            controls["page"].value = 1

    widget = AnalysisWidget(
        controls, lambda v: ngrams_view(state, v, offer), kind="ngrams", on_change=on_change
    )
    if ngram is not None:
        options = list(controls["ngram"].options)
        with widget.holding():
            controls["ngram"].value = chosen("ngrams_widget", "ngram", ngram, options)
        widget.refresh()
    return widget
