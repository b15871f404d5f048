"""What the n-grams widget shows of one result: the :func:`discourse.ngrams` call and its rows.

:func:`ngrams_result` calls :func:`discourse.ngrams` with the controls' values (kept by the
widget across the controls that only choose rows); :func:`ngrams_table` chooses the rows
shown (the search, the order, ``top``); :func:`ngrams_analysis` makes the heading and the
tables (one per group). :func:`search_mask` is the search box: n-grams with a word that
matches one of its globs (``*`` any run of characters, ``?`` one; several separated by
commas), anywhere or as the first or last word (AntConc's search term position).

References
----------
Anthony, L. (2023). *AntConc* (Version 4.2) [Computer software]. Waseda University.
https://www.laurenceanthony.net/software (Clusters/N-Grams tool).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from discourse.analysis.ngrams import NGRAM_SIZES, ngrams
from discourse.errors import CorpusError
from discourse.provenance import provenance
from discourse.widgets.controls import NONE, role_arg, split_terms
from discourse.widgets.render import Tables

__all__ = [
    "NGRAM_NOTES",
    "NGRAM_SORTS",
    "POSITIONS",
    "n_label",
    "n_options",
    "ngrams_analysis",
    "ngrams_result",
    "ngrams_table",
    "search_mask",
]

#: Orders of the table: the column ranked first (descending), per group and ``n``.
NGRAM_SORTS = ("freq", "range", "per_10k")
#: Where a search pattern must match: any word, the first or the last word of the n-gram.
POSITIONS = ("anywhere", "first word", "last word")
#: One line per column of the table.
NGRAM_NOTES = (
    "freq: occurrences in the group; per_10k: per 10,000 words of the group (punctuation "
    "not counted); range: documents of the group with the n-gram (Anthony 2023, AntConc)"
)
SORT_KEYS = {  # the column ranked first, then the others, then the n-gram (stable ties)
    "freq": ["freq", "range"],
    "range": ["range", "freq"],
    "per_10k": ["per_10k", "range"],
}


def n_label(sizes: Sequence[int]) -> str:
    """``(2, 3, 4)`` -> ``"2–4"``, ``(3,)`` -> ``"3"``, ``(2, 4)`` -> ``"2, 4"``."""
    sizes = sorted(sizes)
    if len(sizes) > 1 and sizes == list(range(sizes[0], sizes[-1] + 1)):
        return f"{sizes[0]}–{sizes[-1]}"
    return ", ".join(map(str, sizes))


def n_options(sizes: Sequence[int] = ()) -> list[tuple[str, tuple[int, ...]]]:
    """The ``n`` choices: one length or a range of lengths (and ``sizes`` if another)."""
    lo, hi = NGRAM_SIZES[0], NGRAM_SIZES[-1]
    found = [(k,) for k in NGRAM_SIZES]
    found += [tuple(range(a, b + 1)) for a in range(lo, hi) for b in range(a + 1, hi + 1)]
    if sizes and tuple(sizes) not in found:
        found.append(tuple(sizes))
    return [(n_label(s), s) for s in found]


def ngrams_result(tokens: pd.DataFrame, values: dict[str, Any]) -> pd.DataFrame:
    """:func:`discourse.ngrams` for the controls in ``values`` (every n-gram that passes
    ``min_freq`` and ``min_range``: ``top`` and the search choose the rows shown); nothing
    passing raises a CorpusError that names the controls to change."""
    v = values
    result = ngrams(
        tokens,
        n=list(v["n"]),
        by=None if v["by"] == NONE else v["by"],
        role=role_arg(v["role"]),
        unit=v["unit"],
        min_freq=v["min_freq"],
        min_range=v["min_range"],
    )
    if result.empty:
        raise CorpusError(
            f"no n-gram of {n_label(v['n'])} words occurs at least {v['min_freq']} times in "
            f"at least {v['min_range']} document(s) of a group (role {v['role']}, unit "
            f"{v['unit']}); lower min freq or min range, or choose another n"
        )
    return result


def search_mask(ngram: pd.Series, search: str, position: str) -> pd.Series:
    """Which n-grams have a word matching a pattern of ``search`` (comma-separated globs,
    case-insensitive; a pattern of several words matches consecutive words) at
    ``position`` (:data:`POSITIONS`); every n-gram when the box is blank."""
    patterns = split_terms(search)
    if not patterns:
        return pd.Series(True, index=ngram.index)

    def source(pattern: str) -> str:
        words = pattern.split()
        return " ".join(
            "".join("[^ ]*" if c == "*" else "[^ ]" if c == "?" else re.escape(c) for c in w)
            for w in words
        )

    body = "|".join(source(p) for p in patterns)
    before, after = {"anywhere": ("(?:^| )", "(?: |$)"), "first word": ("^", "(?: |$)")}.get(
        position, ("(?:^| )", "$")
    )
    return ngram.str.contains(f"{before}(?:{body}){after}", case=False, regex=True)


def ngrams_table(result: pd.DataFrame, values: dict[str, Any]) -> pd.DataFrame:
    """The rows of ``result`` shown for ``values``: those matching the search, ranked by
    ``sort_by`` within each group and ``n``, the first ``top`` of each. With an empty search
    and ``sort="freq"`` they are ``ngrams(..., top=top)``'s rows in its order. ``attrs``
    are the result's with ``top``, ``sort_by`` and the search added to its parameters."""
    v = values
    by = result.attrs["params"]["by"]
    out = result[search_mask(result["ngram"], v["search"], v["position"]).to_numpy()]
    keys = SORT_KEYS[v["sort_by"]]
    groups = [by] if by is not None else []
    out = out.sort_values(
        [*groups, "n", *keys, "ngram"],
        ascending=[*[True] * len(groups), True, False, False, True],
        kind="stable",
    )
    out = out.groupby([*groups, "n"], sort=False, observed=True).head(v["top"])
    out = out.reset_index(drop=True)
    params = {**result.attrs["params"], "top": v["top"], "sort_by": v["sort_by"]}
    if split_terms(v["search"]):
        params.update(search=v["search"], position=v["position"])
    out.attrs = {**result.attrs, "params": params}
    return out


def ngrams_analysis(result: pd.DataFrame, values: dict[str, Any]) -> tuple[str, Tables, list[str]]:
    """Heading, tables (one per group) and the n-grams shown (the ``ngram`` choices) for
    ``values``; a search that matches nothing raises a CorpusError naming the box."""
    v = values
    table = ngrams_table(result, v)
    if table.empty:
        raise CorpusError(
            f"no n-gram in the table has a word matching {v['search']!r} ({v['position']}); "
            "change the search box (globs: * any characters, ? one; commas between "
            "patterns) or clear it"
        )
    by = result.attrs["params"]["by"]
    cols = ["ngram", "n", "freq", "per_10k", "range"]
    if by is None:
        frames = {"all": table[cols]}
    else:
        frames = {
            str(g): table.loc[(table[by] == g).to_numpy(), cols].reset_index(drop=True)
            for g in result[by].cat.categories
        }
    frames = {k: df.round({"per_10k": 2}) for k, df in frames.items()}
    caption = provenance(table)
    tables = Tables(frames, caption=caption, kind="ngrams", attrs=table.attrs)
    searched = "search" in table.attrs["params"]
    found = f", with a word matching '{html.escape(v['search'])}' ({v['position']})"
    head = (
        f"{result['ngram'].nunique()} n-grams of {n_label(v['n'])} words occur "
        f"≥ {v['min_freq']} times in ≥ {v['min_range']} document(s) of a group"
        f"{found * searched}; top {v['top']} per group and n by {v['sort_by']}; unit "
        f"{v['unit']}, role {html.escape(v['role'])}"
    )
    return head, tables, list(dict.fromkeys(table["ngram"]))
