"""keyness and keyness_table equal an independent pandas/scipy computation (issue 21).

The reference counts with pandas ``groupby`` on the rows (no integer codes, no caches),
computes G² = ``2 Σ O ln(O/E)`` in extended precision (``numpy.longdouble``), the p-value
with ``scipy.stats.chi2.sf``, the Log Ratio, range and Gries' DP per side from their
definitions. Counts, sizes, ranges and documents must be equal, statistics agree to a
relative 1e-12 (absolute 1e-12 near 0). Run on the seed letters and on the benchmark's
10^6-token corpus (``slow``), so the speed work of issue 21 cannot change a result
unnoticed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from discourse.analysis.counts import NON_WORD_UPOS
from discourse.analysis.keyness import keyness, keyness_table

LETTER = r"[^\W\d_]"  # a term is a word when it has a letter


def counted_words(toks: pd.DataFrame, unit: str, role: str | None) -> pd.DataFrame:
    """The rows keyness counts: the role's words, no punctuation or non-word tags."""
    rows = toks if role is None else toks[toks["role"] == role]
    words = rows[~rows["is_punct"] & ~rows["upos"].isin(NON_WORD_UPOS)]
    words = words[words[unit].astype(str).str.contains(LETTER, regex=True)]
    return pd.DataFrame(
        {
            "doc_id": words["doc_id"].astype(str).to_numpy(),
            "group": words["period"].astype(str).to_numpy(),
            "term": words[unit].astype(str).to_numpy(),
        }
    )


def g2_textbook(a, b, c, d) -> np.ndarray:
    """Unsigned 4-cell G² ``2 Σ O ln(O/E)`` (Dunning 1993) in extended precision.

    Written as ``2 Σ [O ln(1 + (O − E)/E) − (O − E)]`` (the added terms sum to 0) with the
    exact ``O − E = ±(ad − bc)/N``: ``O ln(O/E)`` of a cell of 10^5 words would lose the
    ratio's rounding times 10^5, more than the 1e-12 compared (cf. ``test_measures``).
    """
    a, b, c, d = (np.asarray(x, dtype=np.longdouble) for x in (a, b, c, d))
    n = c + d
    delta = (a * d - b * c) / n
    cells = [
        (a, c * (a + b) / n, delta),
        (b, d * (a + b) / n, -delta),
        (c - a, c * (n - a - b) / n, -delta),
        (d - b, d * (n - a - b) / n, delta),
    ]
    total = np.zeros(len(a), dtype=np.longdouble)
    for o, e, o_minus_e in cells:
        used = o > 0  # 0 · ln 0 = 0
        log = np.log1p(np.where(used, o_minus_e / e, 0))
        total += np.where(used, o * log, 0) - o_minus_e
    return np.maximum(2 * total, 0).astype(float)


def reference(words: pd.DataFrame, target: list[str], rest: list[str], min_freq: int):
    """One comparison: term, counts, sizes, G² (signed), p, Log Ratio, range, DP, docs."""
    counts = words.groupby(["term", "group"]).size().unstack("group", fill_value=0)
    sizes = words.groupby("group").size()
    part_size = words.groupby(["group", "doc_id"]).size()
    in_part = words.groupby(["term", "group", "doc_id"]).size()
    a = counts.reindex(columns=target, fill_value=0).sum(axis=1)
    b = counts.reindex(columns=rest, fill_value=0).sum(axis=1)
    c, d = int(sizes.reindex(target).sum()), int(sizes.reindex(rest).sum())
    kept = (a + b) >= min_freq
    a, b = a[kept], b[kept]
    out = pd.DataFrame({"freq_target": a, "freq_reference": b})
    out["size_target"], out["size_reference"] = c, d
    sign = np.sign(a * d - b * c)
    g2 = g2_textbook(a, b, c, d)
    out["log_likelihood"] = sign * g2
    out["p_value"] = stats.chi2.sf(g2, 1)
    half = lambda x: np.where(x > 0, x, 0.5)  # noqa: E731 - CQPweb's 0.5 for a zero count
    out["log_ratio"] = np.log2((half(a) / c) / (half(b) / d))
    for side, groups, freq in (("target", target, a), ("reference", rest, b)):
        parts = part_size[part_size.index.get_level_values("group").isin(groups)]
        cells = in_part[in_part.index.get_level_values("group").isin(groups)]
        cells = cells[cells.index.get_level_values("term").isin(out.index)]
        out[f"range_{side}"] = cells.groupby(level="term").size().reindex(out.index, fill_value=0)
        share = parts / parts.sum()  # every part's share of the side
        v = cells / freq.reindex(cells.index.get_level_values("term")).to_numpy()
        s = share.reindex(cells.droplevel("term").index).to_numpy()
        # DP = ½ Σ |v − s| over all parts = ½ (Σ_parts-with-term |v − s| + Σ_without s)
        with_term = (np.abs(v - s) - s).groupby(level="term").sum()
        dp = (with_term.reindex(out.index, fill_value=0) + 1) / 2
        out[f"dp_{side}"] = dp.where((freq > 0) & (len(parts) > 1))  # undefined over one part
        out[f"n_docs_{side}"] = len(parts)
    return out


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    got = got.set_index(got["term"].astype(str))
    assert sorted(got.index) == sorted(expected.index)
    got = got.loc[expected.index]
    exact = ["freq_target", "freq_reference", "size_target", "size_reference"]
    exact += ["range_target", "range_reference", "n_docs_target", "n_docs_reference"]
    for column in exact:
        assert got[column].to_numpy(np.int64).tolist() == expected[column].tolist(), column
    close = ["log_likelihood", "p_value", "log_ratio", "dp_target", "dp_reference"]
    for column in close:
        np.testing.assert_allclose(
            got[column].to_numpy(float), expected[column].to_numpy(float), rtol=1e-12,
            atol=1e-12, err_msg=column,
        )  # fmt: skip
    assert len(expected) > 50


def assert_ranked(out: pd.DataFrame) -> None:
    """Target-side terms first, each side by decreasing |G²|, ties alphabetical."""
    side = out["direction"].cat.codes.to_numpy()
    assert (np.diff(side) >= 0).all()
    for code in np.unique(side):
        part = out[side == code]
        strength = np.abs(part["log_likelihood"].to_numpy())
        assert (np.diff(strength) <= 0).all()
        tied = np.diff(strength) == 0
        terms = part["term"].astype(str).to_numpy()
        assert all(x < y for x, y, t in zip(terms[:-1], terms[1:], tied, strict=True) if t)


@pytest.fixture(scope="module", params=["seed", pytest.param(10**6, marks=pytest.mark.slow)])
def corpus(request, builtin_tokens) -> pd.DataFrame:
    if request.param == "seed":
        return builtin_tokens
    from bench.corpus import make_corpus

    return make_corpus(builtin_tokens, request.param)


@pytest.mark.parametrize("unit", ["lemma", "lower"])
def test_keyness_table_equals_the_reference(corpus, unit):
    table = keyness_table(corpus, by="period", unit=unit)
    words = counted_words(corpus, unit, "government")
    groups = [str(g) for g in table["period"].cat.categories]
    for group in groups:
        got = table[table["period"] == group]
        expected = reference(words, [group], [g for g in groups if g != group], min_freq=3)
        assert_same(got, expected)
        assert_ranked(got.reset_index(drop=True))


def test_keyness_equals_the_reference_with_all_voices_and_min_freq_1(corpus):
    groups = [str(g) for g in corpus["period"].cat.categories]
    target, rest = groups[1], [groups[0], groups[2]]
    out = keyness(corpus, by="period", target=target, reference=rest, role=None, min_freq=1)
    words = counted_words(corpus, "lemma", None)
    assert_same(out, reference(words, [target], rest, min_freq=1))
    assert_ranked(out)
