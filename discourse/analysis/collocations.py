"""Window-based collocations of search terms (the node), compared across groups.

The counting model is Evert's surface co-occurrence (Evert 2008, section 4.1), as used by
#LancsBox and AntConc, computed with vectorised numpy over the whole token table. Cost
model:

* **once per table and setting** (:func:`~discourse.analysis.prepared.prepared`): the
  kept rows, integer type codes, group ids, sentence/segment run ids and each type's
  frequency per group;
* **per call**: the node's positions (:func:`~discourse.analysis.patterns.find_terms`, a
  comparison of integer codes), its window slots
  (:func:`~discourse.analysis.windows.window_slots`, one shifted array per offset, on the
  node positions only) and ``bincount`` s over those slots — proportional to the number
  of node occurrences, not to the corpus. The measures are
  :func:`~discourse.analysis.measures.association_measures`.

Nothing loops over tokens in Python. ``python -m bench`` times it: on the 2-core
benchmark machine a first call on 10^7 tokens takes about 0.3 s of CPU; later calls with
another node, window, measure or threshold reuse the preparation.
Formulas and verified worked numbers are in ``shared/docs/statistics.md`` section C.

Windows never cross a segment (``seg_id``) and, unless ``within_sentence=False``, never
cross a sentence (``sent_id``). See :func:`collocations` for the counting choices.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from discourse._cache import cached
from discourse._docstrings import fill_doc
from discourse._validate import (
    Boolean,
    Column,
    Interval,
    Options,
    Table,
    Terms,
    Upos,
    Values,
    Window,
    require_columns,
    validate_params,
)
from discourse.analysis.codes import column_codes, string_codes
from discourse.analysis.measures import association_measures
from discourse.analysis.patterns import TokenMatcher, find_terms
from discourse.analysis.prepared import prepared
from discourse.analysis.windows import member, sorted_unique, window_bounds, window_slots
from discourse.provenance import with_documents, with_provenance

__all__ = ["COLLOCATION_COLUMNS", "COLLOCATION_MEASURES", "collocations"]


COLLOCATION_MEASURES = (
    "mi",
    "mi3",
    "t_score",
    "z_score",
    "log_likelihood",
    "dice",
    "log_dice",
    "delta_p_collocate_given_node",
    "delta_p_node_given_collocate",
)
#: Columns of every :func:`collocations` result, after the ``by`` columns.
COLLOCATION_COLUMNS = (
    "collocate",
    "o",
    "e",
    "freq_node",
    "freq_collocate",
    "window_slots",
    "n_tokens",
    *COLLOCATION_MEASURES,
)


#: Constraints of the arguments :func:`collocations` and :func:`~discourse.analysis.kwic.kwic`
#: share (a term search in windows of a token table).
SEARCH = dict(
    terms=Terms(regex="regex"),
    window=Window(),
    by=Column(many=True, none=True, empty=True, none_label="one group"),
    match_on=Column(many=True, none=True, none_label="the unit column (and lower for lemma)"),
    regex=Boolean(),
    case_insensitive=Boolean(),
    within_sentence=Boolean(),
    punct=Boolean(),
    role=Values("role"),
)


# The numpydoc docstring is the reference of every counting choice and measure (~100 lines);
# the body is ~45 lines.
@validate_params(
    tokens=Table(),
    **SEARCH,
    unit=Options("lemma", "lower", "text"),
    count=Options("union", "node"),
    pos=Upos(),
    exclude_stop=Boolean(),
    min_freq=Interval(int, 1),
    measure=Options(*COLLOCATION_MEASURES, "o"),
    top=Interval(int, 1, none=True, none_label="all"),
)
@fill_doc
def collocations(
    tokens: pd.DataFrame,
    terms: str | Sequence[str],
    *,
    window: int | tuple[int, int] = (5, 5),
    by: str | Sequence[str] | None = None,
    unit: Literal["lemma", "lower", "text"] = "lemma",
    match_on: str | Sequence[str] | None = None,
    regex: bool = False,
    case_insensitive: bool = True,
    within_sentence: bool = True,
    count: Literal["union", "node"] = "union",
    punct: bool = False,
    pos: str | Sequence[str] | None = None,
    exclude_stop: bool = False,
    role: str | Sequence[str] | None = "government",
    min_freq: int = 2,
    measure: str = "log_dice",
    top: int | None = None,
) -> pd.DataFrame:
    r"""Collocates of ``terms`` (the node) in a window, with association measures, per group.

    Parameters
    ----------
    tokens : DataFrame
        Token table (docs/design.md): ``doc_id, seg_id, sent_id, token_id``, the ``unit``
        column, ``is_punct``, ``role``; ``upos``/``is_stop`` when filtering on them.
    %(terms)s
        Several terms form one node (``["VS", "Verenigde Staten", "Amerika",
        "Amerikaans"]``); a phrase lies inside a segment and its tokens are never
        collocates; globs may also use ``[...]`` sets. Overlapping matches go to the
        longest term.
    %(window)s
    %(by_many)s
        Counts, frequencies and ``N`` are computed within each group; the result is long,
        one block of rows per group. Group columns should be letter or segment metadata
        (constant within a segment), so that every window lies in one group; a slot is
        counted in its own token's group.
    unit : {"lemma", "lower", "text"}
        Column that defines collocate types.
    %(match_on)s
    %(regex_case)s
        Case folding also merges collocate types by case.
    %(within_sentence)s
    count : {"union", "node"}
        How overlapping windows are counted (statistics.md C1, "pitfall"):

        * ``"union"`` (default, exact): each collocate token is counted once however many
          node windows contain it, so ``O <= f(c)``. ``R1`` = size of the union of the
          windows (node tokens excluded, truncated at boundaries) and ``N`` excludes node
          tokens, as in Evert's exact surface model and pandas-association-measures.
        * ``"node"`` (node-centric, the classic simple model of NLTK, AntConc and the C4
          table): a token in two windows counts twice, ``R1 = (L+R)·f(n)`` and ``N`` is all
          tokens. ``O`` may then exceed ``f(c)``, which makes G2 and Delta P undefined (NaN).
    punct : bool
        ``False`` (default) drops punctuation tokens before windowing, as AntConc's and
        #LancsBox' tokenisers do: they take no window slot and are not in ``N``.
        ``True`` keeps them as ordinary tokens (as NLTK does).
    %(pos)s
        Only collocate tokens are filtered; the others still occupy window slots.
    exclude_stop : bool
        Drop stop-word collocates (``is_stop``); they still occupy window slots.
    %(role)s
    min_freq : int
        Minimum observed co-occurrence ``o`` per group (≥ 1).
    measure : str
        Sort key within each group (descending); one of :data:`COLLOCATION_MEASURES` or "o".
    %(top)s

    Returns
    -------
    DataFrame
        One row per (group, collocate): the ``by`` columns, then :data:`COLLOCATION_COLUMNS`:
        ``o`` = O11, ``e`` = E11 = R1·C1/N, ``freq_node`` = f(n) (node occurrences; a phrase
        counts once), ``freq_collocate`` = C1 = f(c), ``window_slots`` = R1,
        ``n_tokens`` = N, and the measures, with ``R2 = N − R1``, ``C2 = N − C1``:

        * ``mi`` = log2(O/E) (Church & Hanks 1990); ``mi3`` = log2(O³/E) (Daille 1994);
        * ``t_score`` = (O−E)/√O; ``z_score`` = (O−E)/√E (Evert 2008);
        * ``log_likelihood`` = G2 = 2·Σ O_ij ln(O_ij/E_ij) over the four cells of the window
          table, signed by O−E (Dunning 1993; Evert 2008), computed as keyness computes it
          (:func:`~discourse.analysis.measures.g_squared`);
        * ``dice`` = 2O/(f(n)+f(c)); ``log_dice`` = 14 + log2(dice) (Rychlý 2008);
        * ``delta_p_collocate_given_node`` = O11/R1 − O21/R2 and
          ``delta_p_node_given_collocate`` = O11/C1 − O12/C2 (Ellis 2006; Gries 2013).

        ``attrs``: ``pipeline``, ``params`` (``terms``, ``role`` … of this call),
        ``freq_node`` (node frequency per group, also when zero) and, with ``by``,
        ``documents`` (documents with tokens after ``punct``/``role`` per group, also
        when zero; printed by :func:`discourse.provenance.provenance`).

    Notes
    -----
    With ``window=(0, 1)``, ``count="node"``, ``punct=True`` and ``within_sentence=False``
    on one segment, ``mi``, ``t_score`` and ``|log_likelihood|`` equal NLTK's
    ``BigramAssocMeasures.pmi``, ``student_t`` and ``likelihood_ratio``. For wider windows
    NLTK differs by definition: it counts right-only, directionally, and divides the count
    by ``window_size − 1`` (statistics.md C3). Dice is not bounded by 1 when a collocate is
    more frequent in the windows than the node itself.

    References
    ----------
    Church & Hanks (1990), *Computational Linguistics* 16(1). Daille (1994), PhD thesis,
    Paris 7. Dunning (1993), *Computational Linguistics* 19(1). Evert (2008), "Corpora
    and collocations", in *Corpus Linguistics. An International Handbook*, art. 58.
    Rychlý (2008), RASLAN. Ellis (2006), *Applied Linguistics* 27(1). Gries (2013), *IJCL*
    18(1). Brezina, McEnery & Wattam (2015), *IJCL* 20(2).

    Examples
    --------
    >>> import pandas as pd
    >>> words = "de sterke thee was heet en sterke thee is goed".split()
    >>> toks = pd.DataFrame({"doc_id": "d", "seg_id": "d:000", "sent_id": 0,
    ...                      "token_id": range(len(words)), "text": words,
    ...                      "lower": words, "lemma": words, "is_punct": False})
    >>> res = collocations(toks, "sterke", window=(0, 1), min_freq=1, role=None)
    >>> res[["collocate", "o", "freq_collocate", "log_dice"]].to_string(index=False)
    'collocate  o  freq_collocate  log_dice\n     thee  2               2      14.0'
    """
    left, right = window_bounds(window)
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    match_cols = _match_columns(unit, match_on)
    require_columns(
        "collocations",
        tokens,
        ["doc_id", "seg_id", "token_id", unit, *match_cols, *by_cols]
        + ["sent_id"] * within_sentence
        + ["upos"] * (pos is not None)
        + ["is_stop"] * exclude_stop,
    )
    params = dict(terms=terms, window=[left, right], by=by, unit=unit, count=count)
    params.update(within_sentence=within_sentence, punct=punct, pos=pos)
    params.update(exclude_stop=exclude_stop, role=role, min_freq=min_freq, measure=measure)
    if match_on is not None:
        params["match_on"] = match_cols
    if regex:
        params["regex"] = True
    if not case_insensitive:
        params["case_insensitive"] = False
    prep = prepared(
        tokens,
        unit=unit,
        by_cols=tuple(by_cols),
        punct=punct,
        role=_as_tuple(role),
        within_sentence=within_sentence,
        case_insensitive=case_insensitive,
    )
    first, lengths, cover = _nodes(
        prep, tokens, match_cols, terms, regex=regex, case_insensitive=case_insensitive
    )
    counts = _window_counts(
        prep, tokens, first, lengths, cover, (left, right), count, _as_tuple(pos), exclude_stop
    )
    out = _table(prep, counts, by_cols, min_freq=min_freq, measure=measure, top=top)
    with_provenance(out, tokens, **params)
    labels = (
        [" / ".join(map(str, k)) for k in prep.group_keys.itertuples(index=False)]
        if by_cols
        else ["all"]
    )
    out.attrs["freq_node"] = dict(zip(labels, map(int, counts["f_node"]), strict=False))
    if by_cols:
        key = ("collocation_documents", tuple(by_cols), punct, _as_tuple(role))
        columns = ["doc_id", "is_punct", "role", *by_cols]
        n_docs = cached(tokens, key, columns, lambda: _documents(prep, tokens))
        with_documents(out, dict(zip(labels, n_docs, strict=True)))
    return out


def _documents(prep, tokens) -> np.ndarray:
    """Documents with kept tokens (after ``punct`` and ``role``) per group, int64.

    Each document's positions are contiguous, so only the starts of (document, group)
    runs are compared: one pass over the kept positions, no sort of them (cached per
    table and setting: ~0.05 s on 10^7 tokens, once).
    """
    doc, gid = prep.take(column_codes(tokens, "doc_id")[0]), prep.gid
    start = np.ones(len(doc), dtype=bool)  # compared in their own (small) dtypes
    start[1:] = (doc[1:] != doc[:-1]) | (gid[1:] != gid[:-1])
    at = np.flatnonzero(start)
    pairs = np.unique(np.stack([gid[at], doc[at]], axis=1).astype(np.int64), axis=0)
    pairs = pairs[pairs[:, 1] >= 0]
    return np.bincount(pairs[:, 0], minlength=len(prep.n_all)).astype(np.int64)


def _match_columns(unit: str, match_on: str | Sequence[str] | None) -> list[str]:
    """Columns node terms are matched on: ``match_on``, else ``unit`` (and ``lower``)."""
    if match_on is None:
        return [unit, "lower"] if unit == "lemma" else [unit]
    return [match_on] if isinstance(match_on, str) else list(match_on)


def _as_tuple(value: str | Sequence[str] | None) -> tuple | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def _nodes(prep, tokens, match_cols, terms, *, regex, case_insensitive):
    """Node occurrences as kept positions: ``(first, lengths, cover)``, all sorted.

    Phrases lie inside one segment; longer terms first, no overlap with an earlier match
    (:func:`~discourse.analysis.patterns.find_terms`); the words are matched on the
    distinct values of ``match_cols``.
    """
    matcher = TokenMatcher(
        [string_codes(tokens, col, lower=case_insensitive) for col in match_cols],
        syntax="regex" if regex else "glob",
        case_insensitive=case_insensitive,
        positions=prep.positions,
    )
    return find_terms([terms] if isinstance(terms, str) else list(terms), matcher, prep.seg_block)


def _window_counts(prep, tokens, first, lengths, cover, window, count, pos, exclude_stop):
    """Per (group, type): observed co-occurrences and collocate frequencies; per group:
    node frequency, window slots ``R1`` and ``N`` (statistics.md C1)."""
    left, right = window
    slots = window_slots(first, first + lengths - 1, prep.block, left, right)
    slots = slots[~member(slots, cover)]
    if count == "union":
        slots = sorted_unique(slots)
    n_groups, n_vocab = len(prep.n_all), len(prep.vocab)
    elig, f_base = prep.eligible(tokens, pos, exclude_stop)

    def cell(at: np.ndarray) -> np.ndarray:
        return prep.gid[at].astype(np.int64) * n_vocab + prep.code[at]

    f_node = np.bincount(prep.gid[first], minlength=n_groups)
    out = {
        "obs": np.bincount(cell(slots[elig[slots]]), minlength=n_groups * n_vocab),
        "f_coll": f_base - np.bincount(cell(cover[elig[cover]]), minlength=n_groups * n_vocab),
        "f_node": f_node,
    }
    if count == "union":
        out["r1"] = np.bincount(prep.gid[slots], minlength=n_groups)
        out["n"] = prep.n_all - np.bincount(prep.gid[cover], minlength=n_groups)
    else:
        out["r1"], out["n"] = (left + right) * f_node, prep.n_all
    return out


def _table(prep, counts, by_cols, *, min_freq, measure, top) -> pd.DataFrame:
    """The result rows: (group, collocate) pairs with ``o >= min_freq``, sorted, top."""
    n_vocab, obs = len(prep.vocab), counts["obs"]
    sel = np.flatnonzero(obs >= min_freq)
    g, c = sel // n_vocab, sel % n_vocab
    out = (
        prep.group_keys.iloc[g].reset_index(drop=True)
        if by_cols
        else pd.DataFrame(index=range(len(sel)))
    )
    r1, n_used, f_node, f_coll = counts["r1"], counts["n"], counts["f_node"], counts["f_coll"]
    out["collocate"] = pd.array(prep.vocab[c], dtype=object)
    out["o"] = obs[sel]
    stats = association_measures(obs[sel], r1[g], f_coll[sel], n_used[g], f_node[g])
    out["e"] = stats.pop("e")
    out["freq_node"] = f_node[g]
    out["freq_collocate"] = f_coll[sel]
    out["window_slots"] = r1[g]
    out["n_tokens"] = n_used[g]
    for name in COLLOCATION_MEASURES:
        out[name] = stats[name]
    out["_g"] = g
    out = out.sort_values(
        ["_g", measure, "collocate"],
        ascending=[True, False, True],
        na_position="last",
        kind="mergesort",
    )
    if top is not None:
        out = out.groupby("_g", sort=False).head(top)
    return out.drop(columns="_g").reset_index(drop=True)
