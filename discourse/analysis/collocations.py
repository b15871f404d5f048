"""Window-based collocations of a node, compared across groups.

The counting model is Evert's surface co-occurrence (Evert 2008, section 4.1), as used by
#LancsBox and AntConc, computed with vectorised numpy over the whole token table. Cost
model:

* **once per table and setting** (unit, ``by``, ``punct``, ``role``, sentence windows,
  case folding; cached with :func:`discourse._cache.cached`): the kept rows, integer type
  codes (categorical codes as they are; string columns factorised once, lower-casing
  applied to the vocabulary only), group ids, sentence/segment run ids, and each type's
  frequency per group (one ``numpy.bincount``);
* **per call**: the node's positions (a comparison of integer codes), its window slots
  (one shifted array per offset, on the node positions only) and ``bincount`` s over
  those slots — proportional to the number of node occurrences, not to the corpus.

Nothing loops over tokens in Python. ``python -m bench`` times it: on the 2-core
benchmark machine a first call on 10^7 tokens takes about 0.3 s of CPU; later calls with
another node, window, measure or threshold reuse the preparation.
Formulas and verified worked numbers are in ``shared/docs/statistics.md`` section C.

Windows never cross a segment (``seg_id``) and, unless ``within_sentence=False``, never
cross a sentence (``sent_id``). See :func:`collocations` for the counting choices.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.special import xlogy

from discourse._cache import cached
from discourse.analysis.counts import column_codes, string_codes
from discourse.analysis.dictionary import glob_source
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

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


# --- shared helpers (also used by kwic.py) ---------------------------------------------


def _require(tokens: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in tokens.columns]
    if missing:
        raise CorpusError(f"token table lacks column(s) {missing}; see docs/design.md")


def _term_mask(uniques: np.ndarray, term: str, *, regex: bool, case_insensitive: bool):
    """Boolean mask over ``uniques`` for one token pattern (glob by default, see
    :func:`discourse.analysis.dictionary.glob_source`)."""
    if not regex and not any(ch in term for ch in "*?["):
        return uniques == (term.lower() if case_insensitive else term)
    pattern = re.compile(term if regex else glob_source(term), re.I if case_insensitive else 0)
    return np.fromiter((pattern.fullmatch(u) is not None for u in uniques), bool, len(uniques))


def _shift_same(mask: np.ndarray, block: np.ndarray, d: int) -> np.ndarray:
    """``out[i] = mask[i - d]`` where ``i - d`` is in the same block as ``i``, else False."""
    n = len(mask)
    out = np.zeros(n, dtype=bool)
    if abs(d) >= n:
        return out
    if d > 0:
        out[d:] = mask[:-d] & (block[d:] == block[:-d])
    elif d < 0:
        out[:d] = mask[-d:] & (block[:d] == block[-d:])
    else:
        out[:] = mask
    return out


def _blocks(*keys: np.ndarray) -> np.ndarray:
    """Run ids that change whenever any key changes between consecutive rows."""
    n = len(keys[0])
    change = np.zeros(n, dtype=bool)
    if n:
        change[0] = True
        for key in keys:
            change[1:] |= key[1:] != key[:-1]
    return np.cumsum(change, dtype=np.int32)


def _find_node(
    columns: Sequence[tuple[np.ndarray, np.ndarray]],
    node: str | Sequence[str],
    seg_block: np.ndarray,
    *,
    regex: bool,
    case_insensitive: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match node terms on any of ``columns``; return ``(starts, lengths, cover)``.

    A term with whitespace is a phrase: one pattern per token, matched as a contiguous
    sequence inside one segment. Longer terms are matched first and a later match may
    not overlap an earlier one, so "Staten" inside "Verenigde Staten" is not a second node.
    """
    terms = [node] if isinstance(node, str) else list(node)
    pieces = sorted((t.split() for t in terms if t.strip()), key=len, reverse=True)
    n = len(seg_block)
    starts = np.zeros(n, dtype=bool)
    lengths = np.zeros(n, dtype=np.int64)
    cover = np.zeros(n, dtype=bool)
    for words in pieces:
        start = np.ones(n, dtype=bool)
        hit_any_cover = np.zeros(n, dtype=bool)
        for j, word in enumerate(words):
            token_mask = np.zeros(n, dtype=bool)
            for codes, uniques in columns:
                type_mask = np.append(
                    _term_mask(uniques, word, regex=regex, case_insensitive=case_insensitive),
                    False,
                )
                token_mask |= type_mask[codes]  # code -1 picks the appended False
            start &= _shift_same(token_mask, seg_block, -j)
            hit_any_cover |= _shift_same(cover, seg_block, -j)
        start &= ~hit_any_cover
        starts |= start
        lengths[start] = len(words)
        for j in range(len(words)):
            cover |= _shift_same(start, seg_block, j)
    return starts, lengths, cover


def _window(window: int | tuple[int, int], name: str = "window") -> tuple[int, int]:
    left, right = (window, window) if np.isscalar(window) else window
    left, right = int(left), int(right)
    if left < 0 or right < 0 or left + right < 1:
        raise ValueError(f"{name} must be (L, R) with L, R >= 0 and L + R >= 1, got {window}")
    return left, right


# --- association measures --------------------------------------------------------------


def _measures(o, r1, c1, n, f_node) -> dict[str, np.ndarray]:
    """All measures from the window 2x2 table (statistics.md C1/C2).

    ``O11 = o``, ``R1 = r1`` (window slots), ``C1 = c1`` (collocate frequency),
    ``N = n``; ``E11 = R1*C1/N``.
    """
    o, r1, c1, n, f_node = (np.asarray(x, dtype=float) for x in (o, r1, c1, n, f_node))
    r2, c2 = n - r1, n - c1
    e = r1 * c1 / n
    cells = [(o, e), (r1 - o, r1 * c2 / n), (c1 - o, r2 * c1 / n), (n - r1 - c1 + o, r2 * c2 / n)]
    valid = np.logical_and.reduce([obs >= 0 for obs, _ in cells])
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * sum(xlogy(obs, obs / exp) for obs, exp in cells)
        g2 = np.where(valid, np.sign(o - e) * np.abs(g2), np.nan)
        dice = 2 * o / (f_node + c1)
        return {
            "e": e,
            "mi": np.log2(o / e),
            "mi3": np.log2(o**3 / e),
            "t_score": (o - e) / np.sqrt(o),
            "z_score": (o - e) / np.sqrt(e),
            "log_likelihood": g2,
            "dice": dice,
            "log_dice": 14 + np.log2(dice),
            "delta_p_collocate_given_node": np.where(valid, o / r1 - (c1 - o) / r2, np.nan),
            "delta_p_node_given_collocate": np.where(valid, o / c1 - (r1 - o) / c2, np.nan),
        }


# --- collocations ----------------------------------------------------------------------


def collocations(
    tokens: pd.DataFrame,
    node: str | Sequence[str],
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
    role: str | Sequence[str] | None = None,
    min_freq: int = 2,
    measure: str = "log_dice",
    top: int | None = None,
) -> pd.DataFrame:
    r"""Collocates of ``node`` in a window, with association measures, per group.

    Parameters
    ----------
    tokens : DataFrame
        Token table (docs/design.md): ``doc_id, seg_id, sent_id, token_id``, the ``unit``
        column, ``is_punct``; ``upos``/``is_stop``/``role`` when filtering on them.
    node : str or list of str
        One term, several terms treated as one node (``["VS", "Verenigde Staten",
        "Amerika", "Amerikaans"]``), a phrase (whitespace-separated, matched as a token
        sequence inside a segment; its tokens are never collocates), or patterns: glob by
        default (``"amerika*"``, ``?``, ``[...]``), regular expressions (full match per
        token) with ``regex=True``. Overlapping matches go to the longest term.
    window : int or (int, int)
        Tokens to the left and right of the node, ``(L, R)``; an int means ``(w, w)``.
    by : str or list of str, optional
        Group columns (e.g. ``"period"``): counts, frequencies and ``N`` are computed within
        each group; the result is long, one block of rows per group. Group columns should
        be letter or segment metadata (constant within a segment), so that every window
        lies in one group; a slot is counted in its own token's group.
    unit : {"lemma", "lower", "text"}
        Column that defines collocate types.
    match_on : str or list of str, optional
        Columns the node terms are matched on; a token is a node if *any* matches. Default:
        ``[unit, "lower"]`` for ``unit="lemma"`` (so "Amerikaans" finds the lemma and
        "VS" the word form), else ``[unit]``.
    regex, case_insensitive : bool
        Pattern syntax and case folding (folding also merges collocate types by case).
    within_sentence : bool
        Windows stop at sentence boundaries (default); they always stop at segments.
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
    pos : str or list of str, optional
        Keep only collocate tokens with these UPOS tags (they still occupy window slots).
    exclude_stop : bool
        Drop stop-word collocates (``is_stop``); they still occupy window slots.
    role : str or list of str, optional
        Keep only tokens of segments with this ``role`` (e.g. ``"government"``).
    min_freq : int
        Minimum observed co-occurrence ``o`` per group.
    measure : str
        Sort key within each group (descending); one of :data:`COLLOCATION_MEASURES` or "o".
    top : int, optional
        Keep the ``top`` collocates per group.

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
          table, signed by O−E (Dunning 1993; Evert 2008);
        * ``dice`` = 2O/(f(n)+f(c)); ``log_dice`` = 14 + log2(dice) (Rychlý 2008);
        * ``delta_p_collocate_given_node`` = O11/R1 − O21/R2 and
          ``delta_p_node_given_collocate`` = O11/C1 − O12/C2 (Ellis 2006; Gries 2013).

        ``attrs``: ``pipeline``, ``params`` and ``freq_node`` (per group, also when zero).

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
    >>> res = collocations(toks, "sterke", window=(0, 1), min_freq=1)
    >>> res[["collocate", "o", "freq_collocate", "log_dice"]].to_string(index=False)
    'collocate  o  freq_collocate  log_dice\n     thee  2               2      14.0'
    """
    left, right = _window(window)
    if count not in ("union", "node"):
        raise ValueError(f"count must be 'union' or 'node', got {count!r}")
    if measure not in (*COLLOCATION_MEASURES, "o"):
        raise ValueError(f"measure must be one of {COLLOCATION_MEASURES} or 'o', got {measure!r}")
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    if match_on is None:
        match_cols = [unit, "lower"] if unit == "lemma" else [unit]
    else:
        match_cols = [match_on] if isinstance(match_on, str) else list(match_on)
    _require(
        tokens,
        ["doc_id", "seg_id", "token_id", unit, *match_cols, *by_cols]
        + ["sent_id"] * within_sentence
        + ["upos"] * (pos is not None)
        + ["is_stop"] * exclude_stop
        + ["role"] * (role is not None),
    )
    params = dict(
        node=node,
        window=[left, right],
        by=by,
        unit=unit,
        count=count,
        within_sentence=within_sentence,
        punct=punct,
        pos=pos,
        exclude_stop=exclude_stop,
        role=role,
        min_freq=min_freq,
        measure=measure,
    )
    if match_on is not None:
        params["match_on"] = match_cols
    if regex:
        params["regex"] = True
    if not case_insensitive:
        params["case_insensitive"] = False

    prep = _prepared(
        tokens,
        unit=unit,
        by_cols=tuple(by_cols),
        punct=punct,
        role=_as_tuple(role),
        within_sentence=within_sentence,
        case_insensitive=case_insensitive,
    )
    code, vocab, gid, block = prep.code, prep.vocab, prep.gid, prep.block
    n_groups, group_keys = len(prep.n_all), prep.group_keys
    elig, f_base = prep.eligible(tokens, _as_tuple(pos), exclude_stop)
    first, lengths, cover = _node_positions(
        prep, tokens, match_cols, node, regex=regex, case_insensitive=case_insensitive
    )

    # window slots of every node occurrence, truncated at block boundaries
    last = first + lengths - 1
    n = len(code)
    slots = []
    for d in range(1, left + 1):
        p = first - d
        ok = p >= 0
        ok[ok] = block[p[ok]] == block[first[ok]]
        slots.append(p[ok])
    for d in range(1, right + 1):
        p = last + d
        ok = p < n
        ok[ok] = block[p[ok]] == block[last[ok]]
        slots.append(p[ok])
    slots = np.concatenate(slots).astype(np.int64) if slots else np.zeros(0, np.int64)
    slots = slots[~_member(slots, cover)]
    if count == "union":
        slots = _sorted_unique(slots)

    n_vocab = len(vocab)

    def cell(at: np.ndarray) -> np.ndarray:
        return gid[at].astype(np.int64) * n_vocab + code[at]

    covered = cover[elig[cover]]
    f_coll = f_base - np.bincount(cell(covered), minlength=n_groups * n_vocab)
    hit = slots[elig[slots]]
    obs = np.bincount(cell(hit), minlength=n_groups * n_vocab)
    f_node = np.bincount(gid[first], minlength=n_groups)
    if count == "union":
        r1 = np.bincount(gid[slots], minlength=n_groups)
        n_used = prep.n_all - np.bincount(gid[cover], minlength=n_groups)
    else:
        r1 = (left + right) * f_node
        n_used = prep.n_all

    sel = np.flatnonzero(obs >= max(min_freq, 1))
    g, c = sel // n_vocab, sel % n_vocab
    out = (
        group_keys.iloc[g].reset_index(drop=True)
        if by_cols
        else pd.DataFrame(index=range(len(sel)))
    )
    out["collocate"] = pd.array(vocab[c], dtype=object)
    out["o"] = obs[sel]
    stats = _measures(obs[sel], r1[g], f_coll[sel], n_used[g], f_node[g])
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
    out = out.drop(columns="_g").reset_index(drop=True)
    with_provenance(out, tokens, **params)
    labels = (
        [" / ".join(map(str, k)) for k in group_keys.itertuples(index=False)]
        if by_cols
        else ["all"]
    )
    out.attrs["freq_node"] = dict(zip(labels, map(int, f_node), strict=False))
    return out


# --- per-table preparation (cached) ----------------------------------------------------


def _as_tuple(value: str | Sequence[str] | None) -> tuple | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted unique values (a sort; ``np.unique`` may hash, which is slower here)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` for a sorted, unique ``sorted_set``."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    idx = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[idx] == values


@dataclass(eq=False)
class _Prepared:
    """One token table reduced to the rows and integer arrays that windows need.

    Positions ``0 .. n-1`` are the kept rows in document order (punctuation, other roles
    and rows without a group removed): ``keep`` marks them when the table is in document
    order (``None``: every row is kept), else ``rows`` lists them. ``block``/``seg_block``
    are run ids: equal for neighbours in the same sentence (or segment) / segment.
    """

    keep: np.ndarray | None
    rows: np.ndarray | None
    code: np.ndarray
    vocab: np.ndarray
    gid: np.ndarray
    group_keys: pd.DataFrame
    block: np.ndarray
    seg_block: np.ndarray
    n_all: np.ndarray
    _eligible: dict = field(default_factory=dict)
    _inverse: np.ndarray | None = None

    def take(self, values: np.ndarray) -> np.ndarray:
        """Per-row values of the table → per-position values."""
        if self.rows is not None:
            return values[self.rows]
        return values if self.keep is None else values[self.keep]

    def eligible(self, tokens: pd.DataFrame, pos: tuple | None, exclude_stop: bool):
        """Collocate-eligible positions and their frequency per (group, type), cached."""
        key = (pos, exclude_stop)
        if key not in self._eligible:
            elig = self.code >= 0
            if pos is not None:
                elig &= self.take(tokens["upos"].isin(list(pos)).to_numpy(dtype=bool))
            if exclude_stop:
                elig &= self.take(~_flag(tokens["is_stop"]))
            n_groups, n_vocab = len(self.n_all), len(self.vocab)
            if n_groups == 1:
                freq = np.bincount(self.code[elig], minlength=n_vocab)
            else:
                wide = np.int32 if n_groups * n_vocab < 2**31 else np.int64
                keys = self.gid[elig].astype(wide) * wide(n_vocab) + self.code[elig]
                freq = np.bincount(keys, minlength=n_groups * n_vocab)
            self._eligible[key] = (elig, freq)
        return self._eligible[key]

    def positions(self, mask: np.ndarray) -> np.ndarray:
        """Sorted positions of the kept rows where the per-row ``mask`` is true."""
        if self.rows is None:
            return np.flatnonzero(mask if self.keep is None else mask[self.keep])
        if self._inverse is None:
            inverse = np.full(len(mask), -1, dtype=np.int64)
            inverse[self.rows] = np.arange(len(self.rows))
            self._inverse = inverse
        pos = self._inverse[np.flatnonzero(mask)]
        return np.sort(pos[pos >= 0])


def _flag(col: pd.Series) -> np.ndarray:
    """A boolean column as a bool array, missing values as False."""
    if col.dtype == bool:
        return col.to_numpy()
    return col.fillna(False).to_numpy(dtype=bool)


def _prepared(tokens, *, unit, by_cols, punct, role, within_sentence, case_insensitive):
    columns = ["doc_id", "seg_id", "sent_id", "token_id", unit, "is_punct", "role", *by_cols]
    key = ("collocations", unit, by_cols, punct, role, within_sentence, case_insensitive)

    def build() -> _Prepared:
        doc, docs = column_codes(tokens, "doc_id")
        in_order = _in_order(tokens, doc, len(docs))
        keep = np.ones(len(tokens), dtype=bool)
        if not punct and "is_punct" in tokens.columns:
            keep &= ~_flag(tokens["is_punct"])
        if role is not None:
            keep &= tokens["role"].isin(list(role)).to_numpy(dtype=bool)
        gid, group_keys = _group_ids(tokens, list(by_cols))
        keep &= gid >= 0
        seg = column_codes(tokens, "seg_id")[0]
        sent = tokens["sent_id"].to_numpy() if within_sentence else None
        if in_order:
            # runs on the whole table, then kept rows: a run id stays unique to its run
            rows, keep = None, (None if keep.all() else keep)
            seg_block = _blocks(doc, seg)
            block = _blocks(seg_block, sent) if within_sentence else seg_block
            if keep is not None:
                seg_block = seg_block[keep]
                block = block[keep] if within_sentence else seg_block
        else:
            order = np.lexsort((tokens["token_id"].to_numpy(), doc))
            rows, keep = order[keep[order]], None
            seg_block = _blocks(doc[rows], seg[rows])
            block = _blocks(seg_block, sent[rows]) if within_sentence else seg_block
        prep = _Prepared(
            keep=keep,
            rows=rows,
            code=np.zeros(0, np.int8),
            vocab=np.zeros(0, object),
            gid=gid,
            group_keys=group_keys,
            block=block,
            seg_block=seg_block,
            n_all=np.zeros(0, np.int64),
        )
        codes, prep.vocab = string_codes(tokens, unit, lower=case_insensitive)
        prep.code, prep.gid = prep.take(codes), prep.take(gid)
        prep.n_all = np.bincount(prep.gid, minlength=len(group_keys))
        return prep

    return cached(tokens, key, columns, build)


def _node_positions(prep, tokens, match_cols, node, *, regex, case_insensitive):
    """Node occurrences as kept positions: ``(first, lengths, cover)``, all sorted.

    Same rules as :func:`_find_node` (phrases inside one segment, longest terms first, no
    overlap with an earlier match), computed on the matching positions only.
    """
    terms = [node] if isinstance(node, str) else list(node)
    pieces = sorted((t.split() for t in terms if t.strip()), key=len, reverse=True)
    found: dict[str, np.ndarray] = {}

    def where(word: str) -> np.ndarray:
        if word not in found:
            mask = None
            for col in match_cols:
                codes, values = string_codes(tokens, col, lower=case_insensitive)
                types = np.flatnonzero(
                    _term_mask(values, word, regex=regex, case_insensitive=case_insensitive)
                )
                if len(types) == 0:
                    continue
                if len(types) <= 4:  # a few types: comparing codes beats a gather
                    hit = codes == types[0]
                    for t in types[1:]:
                        hit |= codes == t
                else:
                    lookup = np.zeros(len(values) + 1, dtype=bool)  # code -1 → last, False
                    lookup[types] = True
                    hit = lookup[codes]
                mask = hit if mask is None else mask | hit
            found[word] = np.zeros(0, np.int64) if mask is None else prep.positions(mask)
        return found[word]

    n, seg = len(prep.seg_block), prep.seg_block
    firsts, lengths = [], []
    cover = np.zeros(0, dtype=np.int64)
    for words in pieces:
        cand = where(words[0])
        for j, word in enumerate(words[1:], start=1):
            cand = cand[cand + j < n]
            cand = cand[(seg[cand + j] == seg[cand]) & _member(cand + j, where(word))]
        if len(cover):
            clash = np.zeros(len(cand), dtype=bool)
            for j in range(len(words)):
                clash |= _member(cand + j, cover)
            cand = cand[~clash]
        firsts.append(cand)
        lengths.append(np.full(len(cand), len(words), dtype=np.int64))
        span = (cand[:, None] + np.arange(len(words))).ravel()
        cover = _sorted_unique(np.concatenate([cover, span]))
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    first, length = np.concatenate(firsts), np.concatenate(lengths)
    order = np.argsort(first, kind="stable")
    return first[order].astype(np.int64), length[order], cover.astype(np.int64)


def _group_ids(tokens: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group id per row (``-1`` for a missing key) and the observed group keys, in order."""
    if not by_cols:
        return np.zeros(len(tokens), dtype=np.int32), pd.DataFrame(index=[0])
    col = tokens[by_cols[0]]
    if len(by_cols) == 1 and isinstance(col.dtype, pd.CategoricalDtype):
        codes = column_codes(tokens, by_cols[0])[0]
        present = np.flatnonzero(np.bincount(codes[codes >= 0], minlength=len(col.cat.categories)))
        keys = pd.DataFrame({by_cols[0]: pd.Categorical.from_codes(present, dtype=col.dtype)})
        if len(present) == len(col.cat.categories):  # every category used: codes are ids
            return codes, keys
        remap = np.full(len(col.cat.categories) + 1, -1, dtype=np.int32)
        remap[present] = np.arange(len(present))
        return remap[codes], keys
    grouper = tokens.groupby(by_cols, observed=True, sort=True)
    gid = grouper.ngroup().to_numpy(dtype=float, na_value=np.nan)
    return np.nan_to_num(gid, nan=-1).astype(np.int32), grouper.size().index.to_frame(index=False)


def _in_order(tokens: pd.DataFrame, doc: np.ndarray, n_docs: int) -> bool:
    """Whether the rows are in document order (docs contiguous, token_id increasing)."""
    tid = tokens["token_id"].to_numpy()
    same = doc[1:] == doc[:-1]
    n_runs = np.count_nonzero(~same) + 1 if len(doc) else 0
    return bool(n_runs <= n_docs and np.all(tid[1:][same] > tid[:-1][same]))


def _row_order(tokens: pd.DataFrame, doc: np.ndarray, n_docs: int) -> np.ndarray:
    """Positions of the rows in document order (docs contiguous, token_id increasing)."""
    if _in_order(tokens, doc, n_docs):
        return np.arange(len(tokens))
    return np.lexsort((tokens["token_id"].to_numpy(), doc))
