"""A token table prepared for window counts: kept positions, codes, groups and runs.

:func:`prepared` reduces a token table, once per table and setting (unit, ``by``,
``punct``, ``role``, sentence windows, case folding; cached with
:func:`discourse._cache.cached`), to the integer arrays that
:func:`~discourse.analysis.collocations.collocations` counts windows on: the kept rows in
document order, their type codes (categorical codes as they are; string columns factorised
once, lower-casing applied to the vocabulary only), group ids, sentence/segment run ids and
each type's frequency per group (one ``numpy.bincount``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from discourse._cache import cached
from discourse.analysis.codes import column_codes, flag, string_codes
from discourse.analysis.windows import blocks, in_order

__all__ = ["Prepared", "prepared"]


@dataclass(eq=False)
class Prepared:
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
                elig &= self.take(~flag(tokens["is_stop"]))
            n_groups, n_vocab = len(self.n_all), len(self.vocab)
            if n_groups == 1:
                freq = np.bincount(self.code[elig], minlength=n_vocab)
            else:
                wide = np.int32 if n_groups * n_vocab < 2**31 else np.int64
                keys = self.gid[elig].astype(wide)
                keys *= wide(n_vocab)  # in place: one array of the kept size, not three
                keys += self.code[elig]
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


def prepared(tokens, *, unit, by_cols, punct, role, within_sentence, case_insensitive) -> Prepared:
    """The :class:`Prepared` table of one setting, computed once per table (cached)."""
    columns = ["doc_id", "seg_id", "sent_id", "token_id", unit, "is_punct", "role", *by_cols]
    columns += ["upos", "is_stop"]  # read by Prepared.eligible, cached inside the entry
    key = ("collocations", unit, by_cols, punct, role, within_sentence, case_insensitive)

    def build() -> Prepared:
        doc, docs = column_codes(tokens, "doc_id")
        ordered = in_order(tokens, doc, len(docs))
        keep = np.ones(len(tokens), dtype=bool)
        if not punct and "is_punct" in tokens.columns:
            keep &= ~flag(tokens["is_punct"])
        if role is not None:
            keep &= tokens["role"].isin(list(role)).to_numpy(dtype=bool)
        gid, group_keys = group_ids(tokens, list(by_cols))
        keep &= gid >= 0
        seg = column_codes(tokens, "seg_id")[0]
        sent = tokens["sent_id"].to_numpy() if within_sentence else None
        if ordered:
            # runs on the whole table, then kept rows: a run id stays unique to its run
            rows, keep = None, (None if keep.all() else keep)
            seg_block = blocks(doc, seg)
            block = blocks(seg_block, sent) if within_sentence else seg_block
            if keep is not None:
                seg_block = seg_block[keep]
                block = block[keep] if within_sentence else seg_block
        else:
            order = np.lexsort((tokens["token_id"].to_numpy(), doc))
            rows, keep = order[keep[order]], None
            seg_block = blocks(doc[rows], seg[rows])
            block = blocks(seg_block, sent[rows]) if within_sentence else seg_block
        prep = Prepared(
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


def group_ids(tokens: pd.DataFrame, by_cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
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
