"""keyness_table against the least array work for the same table (issue 21.3).

``python -m bench.keyness_bench [--sizes 1e6 1e7] [--repeat 3]`` prints a tidy table
(``metric, value, unit, target, met``, as :mod:`bench.analysis_bench`); :func:`run`
returns its rows and never asserts. Every timing is the median of ``repeat`` runs, as
CPU time of this process (``time.process_time``: what other processes on a shared
machine disturb least) and as wall time; a *cold* run clears every analysis cache first.

What is timed on :func:`bench.corpus.make_corpus` at each size (``by="period"``,
lemmas, the cabinet's voice, ``words_only``, ``min_freq=3`` — keyness_table's defaults):

* **floor** — the least array work that gives the table's counts and statistics: the
  categorical codes of lemma, period, role and UPOS as they are; the counted rows (role,
  not punctuation, not a non-word tag, a lemma with a letter — the letter test once per
  lemma type); one ``np.bincount`` over (group, term); per-term totals; and per group
  against the rest G² (four cells, ``xlogy``) and the Log Ratio for terms with
  ``a + b ≥ 3``. No documents, no ranking, no table;
* **pandas yardstick** — the naive route: the same row filter on the DataFrame,
  ``groupby([period, lemma]).size().unstack()``, then the same formulas per group;
* ``keyness_table`` **cold** (counts included) and **warm** (counts cached), in full and
  *without the document-level test* (``p_doc``, ``p_doc_min``: a permutation test of
  per-document rates with up to 9,999 assignments per group,
  :mod:`discourse.analysis.permutation`): the test's time is measured inside the same
  call (a timer around ``term_pvalues``) and subtracted;
* the ratios of keyness_table cold to the floor (target ≤ 10 at 10^7, on CPU time), with
  and without the document-level test, and to the pandas yardstick;
* ``collocations(tokens, "kabinet", window=(5, 5), by="period")`` cold, the other
  analysis whose cold time includes the content fingerprint of the table.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy import special

from bench.corpus import make_corpus, seed_tokens

SIZES = (10**6, 10**7)
NON_WORD_UPOS = ("PUNCT", "SYM", "NUM", "SPACE")
MIN_FREQ = 3
COLUMNS = ["metric", "value", "unit", "target", "met"]
TARGET_RATIO = 10


def _label(n: int) -> str:
    exp = int(round(np.log10(n)))
    return f"10^{exp}" if 10**exp == n else f"{n:,}"


def _row(metric, value, unit, target=None, met=None) -> dict:
    return {"metric": metric, "value": value, "unit": unit, "target": target, "met": met}


def _clear() -> None:
    from discourse._cache import clear_cache

    clear_cache()


def _times(fn: Callable[[], object], repeat: int, *, cold: bool) -> dict[str, float]:
    """Median CPU and wall seconds of ``repeat`` runs (caches cleared first when cold)."""
    cpu, wall = [], []
    for _ in range(repeat):
        if cold:
            _clear()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"cpu": statistics.median(cpu), "wall": statistics.median(wall)}


def _g2_log_ratio(a: np.ndarray, b: np.ndarray, c: float, d: float):
    """Signed 4-cell G² and Log Ratio (0.5 for a zero count) of every term."""
    n = c + d
    e1, e2 = c * (a + b) / n, d * (a + b) / n
    g2 = 2 * (
        special.xlogy(a, a / e1)
        + special.xlogy(b, b / e2)
        + special.xlogy(c - a, (c - a) / (c - e1))
        + special.xlogy(d - b, (d - b) / (d - e2))
    )
    log_ratio = np.log2(np.where(a > 0, a, 0.5) / c) - np.log2(np.where(b > 0, b, 0.5) / d)
    return np.sign(a * d - b * c) * g2, log_ratio


def _letters(categories: pd.Index) -> np.ndarray:
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.match_substring_regex(pa.array(np.asarray(categories, dtype=object)), r"\pL")
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def floor(toks: pd.DataFrame, by: str = "period", unit: str = "lemma") -> list[tuple]:
    """The floor's table: per group, (terms kept, G², Log Ratio) — see the module notes."""
    term, terms = toks[unit].cat.codes.to_numpy(), toks[unit].cat.categories
    group, groups = toks[by].cat.codes.to_numpy(), toks[by].cat.categories
    role = toks["role"].cat
    upos = toks["upos"].cat
    keep = np.append(role.categories == "government", False)[role.codes.to_numpy()]
    keep &= ~toks["is_punct"].to_numpy()
    keep &= np.append(~upos.categories.isin(NON_WORD_UPOS), False)[upos.codes.to_numpy()]
    keep &= np.append(_letters(terms), False)[term]
    keep &= group >= 0
    n_terms, k = len(terms), len(groups)
    key = group[keep].astype(np.int64) * n_terms + term[keep]
    counts = np.bincount(key, minlength=k * n_terms).reshape(k, n_terms).astype(float)
    total, size = counts.sum(axis=0), counts.sum(axis=1)
    out = []
    for g in range(k):
        a, b = counts[g], total - counts[g]
        tested = np.flatnonzero(total >= MIN_FREQ)
        out.append((tested, *_g2_log_ratio(a[tested], b[tested], size[g], size.sum() - size[g])))
    return out


def pandas_yardstick(toks: pd.DataFrame, by: str = "period", unit: str = "lemma") -> list:
    """The same table the naive pandas way (see the module notes)."""
    words = toks[
        (toks["role"] == "government")
        & ~toks["is_punct"]
        & ~toks["upos"].isin(NON_WORD_UPOS)
        & toks[unit].astype(str).str.contains(r"[^\W\d_]", regex=True)
    ]
    counts = words.groupby([by, unit], observed=True).size().unstack(by, fill_value=0)
    counts = counts[counts.sum(axis=1) >= MIN_FREQ].astype(float)
    total, size = counts.sum(axis=1), counts.sum(axis=0)
    out = []
    for g in counts.columns:
        a, b = counts[g].to_numpy(), (total - counts[g]).to_numpy()
        out.append((g, *_g2_log_ratio(a, b, size[g], size.sum() - size[g])))
    return out


class _DocTestTimer:
    """Times :func:`~discourse.analysis.permutation.term_pvalues` inside keyness calls."""

    def __enter__(self) -> _DocTestTimer:
        import discourse.analysis.keyness as module

        self.module, self.original, self.spent = module, module.term_pvalues, []

        def timed(*args, **kwargs):
            start = time.process_time(), time.perf_counter()
            out = self.original(*args, **kwargs)
            self.spent.append((time.process_time() - start[0], time.perf_counter() - start[1]))
            return out

        module.term_pvalues = timed
        return self

    def __exit__(self, *exc) -> None:
        self.module.term_pvalues = self.original


def _keyness_times(toks: pd.DataFrame, repeat: int, *, cold: bool) -> dict[str, float]:
    """Median CPU/wall of keyness_table, in full and without the document-level test."""
    import discourse as dc

    full, rest = {"cpu": [], "wall": []}, {"cpu": [], "wall": []}
    with _DocTestTimer() as timer:
        for _ in range(repeat):
            timer.spent.clear()
            one = _times(lambda: dc.keyness_table(toks, by="period"), 1, cold=cold)
            test_cpu = sum(s[0] for s in timer.spent)
            test_wall = sum(s[1] for s in timer.spent)
            for clock, test in (("cpu", test_cpu), ("wall", test_wall)):
                full[clock].append(one[clock])
                rest[clock].append(one[clock] - test)
    med = statistics.median
    return {
        "cpu": med(full["cpu"]),
        "wall": med(full["wall"]),
        "cpu_without": med(rest["cpu"]),
        "wall_without": med(rest["wall"]),
    }


def _size_rows(toks: pd.DataFrame, repeat: int, log=print) -> list[dict]:
    import discourse as dc

    label = _label(len(toks))
    floor_t = _times(lambda: floor(toks), repeat, cold=False)
    naive = _times(lambda: pandas_yardstick(toks), repeat, cold=False)
    cold = _keyness_times(toks, repeat, cold=True)
    warm = _keyness_times(toks, repeat, cold=False)
    colloc = _times(
        lambda: dc.collocations(toks, "kabinet", window=(5, 5), by="period"), repeat, cold=True
    )
    rows = []
    for name, t in (("floor (codes, bincount, G², log ratio)", floor_t), ("pandas", naive)):
        for clock in ("cpu", "wall"):
            rows.append(_row(f"keyness {name} {label}, {clock}", t[clock], "s"))
    for state, t in (("cold", cold), ("warm", warm)):
        for clock in ("cpu", "wall"):
            rows.append(_row(f"keyness_table {label} {state}, {clock}", t[clock], "s"))
            rows.append(
                _row(
                    f"keyness_table {label} {state} without p_doc, {clock}",
                    t[f"{clock}_without"],
                    "s",
                )
            )
    big = len(toks) >= 10**7
    for what, key in (("", "cpu"), (" without p_doc", "cpu_without")):
        ratio = cold[key] / floor_t["cpu"]
        target = f"<= {TARGET_RATIO}" if big else None
        met = ("yes" if ratio <= TARGET_RATIO else "no") if big else None
        rows.append(_row(f"keyness_table{what} cold / floor {label}, CPU", ratio, "x", target, met))
        rows.append(
            _row(f"keyness_table{what} cold / pandas {label}, CPU", cold[key] / naive["cpu"], "x")
        )
    for clock in ("cpu", "wall"):
        rows.append(_row(f"collocations {label} cold, {clock}", colloc[clock], "s"))
    log(
        f"{label}: floor {floor_t['cpu']:.3f} s CPU, pandas {naive['cpu']:.3f} s; keyness_table "
        f"cold {cold['cpu']:.3f} s ({cold['cpu_without']:.3f} s without p_doc), warm "
        f"{warm['cpu']:.3f} s ({warm['cpu_without']:.3f} s); collocations cold "
        f"{colloc['cpu']:.3f} s"
    )
    return rows


def run(sizes=SIZES, repeat: int = 3, log=print) -> pd.DataFrame:
    """The benchmark's rows at each size (see the module notes)."""
    seed = seed_tokens()
    rows = []
    for n in sizes:
        toks = make_corpus(seed, int(n))
        rows += _size_rows(toks, repeat, log=log)
        del toks
        gc.collect()
    return pd.DataFrame(rows, columns=COLUMNS)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    table = run([int(s) for s in args.sizes], repeat=args.repeat, log=log)
    with pd.option_context("display.width", 160, "display.max_colwidth", 70):
        print(table.to_string(index=False))


if __name__ == "__main__":
    main()
