"""Benchmark of :func:`discourse.tokens`: wrapper overhead, cache speed-up, memory, Dask.

``run(pipeline="builtin")`` returns one row per metric (``metric, value, unit, target,
met``) measured on the seed corpus:

* raw ``nlp.pipe`` over the segment texts vs ``tokens()`` with an empty cache (a fresh
  ``DISCOURSE_CACHE`` folder per run: parse + table + cache write) vs ``tokens()`` from a
  warm cache; medians of ``repeat`` runs, raw and cold runs alternating. Wall-clock and
  CPU time (``time.process_time``) are both reported: this machine is shared, and CPU
  time is the one that other processes disturb least;
* wrapper overhead ``cold / raw - 1`` (target ≤ 10 %), the median over pairs of a raw
  run and the cold run right after it (with the quartiles, so the noise is visible), and
  warm speed-up ``cold / warm`` (target ≥ 20×);
* bytes per token of the table (``memory_usage(deep=True)``), on the seed table and on
  the seed table replicated to about 10⁶ rows (same vocabulary, so the categories'
  strings are shared as in a large corpus);
* peak resident memory of a cold ``tokens()`` call per token at 10⁵ and 10⁶ tokens
  (:func:`peak_memory`, a fresh process per size), against twice the table's bytes
  (issue 21.2; ``python -m bench.tokens_bench --peak 1e7`` for 10⁷).

``run_dask(...)`` measures :func:`discourse.parse_corpus` throughput on 1 and 2 local
workers on a replicated seed corpus. ``python -m bench.tokens_bench [--dask]`` prints both.
Numbers only; never used as test thresholds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

import discourse as dc

__all__ = ["run", "run_dask"]

OVERHEAD_TARGET = 10.0  # percent
SPEEDUP_TARGET = 20.0  # times


@contextlib.contextmanager
def _cache_dir(path: str) -> Iterator[None]:
    old = os.environ.get("DISCOURSE_CACHE")
    os.environ["DISCOURSE_CACHE"] = path
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("DISCOURSE_CACHE", None)
        else:
            os.environ["DISCOURSE_CACHE"] = old


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _row(metric: str, value: float, unit: str, target: str = "", met: bool | None = None):
    return {"metric": metric, "value": value, "unit": unit, "target": target, "met": met}


def run(pipeline: str = "builtin", *, repeat: int = 15) -> pd.DataFrame:
    """Measure ``tokens()`` against the raw pipeline on the seed corpus.

    Parameters
    ----------
    pipeline : str
        Pipeline name (``"builtin"``, ``"frog"``, ...). Frog takes ~100 s per cold parse.
    repeat : int
        Runs per measurement (medians are reported).

    Returns
    -------
    DataFrame
        ``metric, value, unit, target, met`` (``met`` is ``None`` where there is no
        target); ``attrs["pipeline"]``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in pipeline warns once
        nlp = dc.load_pipeline(pipeline)
    segs = dc.segments(dc.load_letters())
    texts = segs["text"].astype(str).tolist()
    n_tokens = len(dc.tokens(segs, pipeline=nlp, progress=False, cache=False))
    for _ in nlp.pipe(texts):  # warm-up (lazy tables, first-call costs)
        pass

    raw, cold, warm = [], [], []
    root = tempfile.mkdtemp(prefix="discourse-bench-")
    try:
        for i in range(repeat):
            raw.append(_timed(lambda: list(nlp.pipe(texts))))
            fresh = os.path.join(root, f"cold{i}")
            with _cache_dir(fresh):
                cold.append(_timed(lambda: dc.tokens(segs, pipeline=nlp, progress=False)))
        with _cache_dir(os.path.join(root, "cold0")):
            dc.tokens(segs, pipeline=nlp, progress=False)
            for _ in range(repeat):
                warm.append(_timed(lambda: dc.tokens(segs, pipeline=nlp, progress=False)))
            table = dc.tokens(segs, pipeline=nlp, progress=False)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    rows = [_row("tokens", n_tokens, "tokens"), _row("segments", len(segs), "segments")]
    for k, clock in enumerate(("wall", "cpu")):
        r = statistics.median(t[k] for t in raw)
        c = statistics.median(t[k] for t in cold)
        w = statistics.median(t[k] for t in warm)
        # paired: each cold run against the raw run just before it (drifting load cancels)
        paired = np.array([100 * (b[k] / a[k] - 1) for a, b in zip(raw, cold, strict=True)])
        over = float(np.median(paired))
        q1, q3 = np.percentile(paired, [25, 75])
        rows += [
            _row(f"raw_pipe_{clock}", n_tokens / r, "tokens/s"),
            _row(f"tokens_cold_{clock}", n_tokens / c, "tokens/s"),
            _row(f"tokens_warm_{clock}", n_tokens / w, "tokens/s"),
            _row(
                f"wrapper_overhead_{clock}",
                over,
                "%",
                f"<= {OVERHEAD_TARGET:g}",
                over <= OVERHEAD_TARGET,
            ),
            _row(f"wrapper_overhead_{clock}_q1", q1, "%"),
            _row(f"wrapper_overhead_{clock}_q3", q3, "%"),
            _row(
                f"warm_speedup_{clock}",
                c / w,
                "x",
                f">= {SPEEDUP_TARGET:g}",
                c / w >= SPEEDUP_TARGET,
            ),
        ]
    rows.append(
        _row(
            "bytes_per_token_seed", table.memory_usage(deep=True).sum() / len(table), "bytes/token"
        )
    )
    big = table.take(np.tile(np.arange(len(table)), max(1, 10**6 // len(table))))
    big = big.reset_index(drop=True)
    rows.append(
        _row("bytes_per_token_1e6", big.memory_usage(deep=True).sum() / len(big), "bytes/token")
    )
    plain = big.astype({c: object for c in ("text", "lower", "lemma")})  # the old layout
    rows.append(
        _row(
            "bytes_per_token_1e6_object_strings",
            plain.memory_usage(deep=True).sum() / len(plain),
            "bytes/token",
        )
    )
    rows += peak_memory(pipeline)
    out = pd.DataFrame(rows)
    out.attrs["pipeline"] = dc.pipeline_info(nlp)
    return out


#: Child process of :func:`peak_memory`: parses ``copies`` copies of the seed segments
#: into a fresh cache and prints JSON (rows, resident bytes before, peak after, table bytes).
_PEAK_CHILD = """
import json, os, resource, sys, tempfile, warnings
import pandas as pd
import discourse as dc
from bench.tokens_bench import _replicated
warnings.simplefilter("ignore")
nlp = dc.load_pipeline(sys.argv[1])
corpus = _replicated(int(sys.argv[2]))
dc.tokens(corpus.head(20), pipeline=nlp, progress=False, cache=False)  # first-call costs
os.environ["DISCOURSE_CACHE"] = tempfile.mkdtemp(prefix="discourse-peak-")
import ctypes, gc, threading
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
gc.collect()
ctypes.CDLL("libc.so.6").malloc_trim(0)  # freed heap back to the OS: 'before' is live data
before, high, running = rss(), [0], [True]
def watch():  # the resident size during the call, every 2 ms
    while running[0]:
        high[0] = max(high[0], rss())
        threading.Event().wait(0.002)
watcher = threading.Thread(target=watch, daemon=True)
watcher.start()
max_before = 0
toks = dc.tokens(corpus, pipeline=nlp, progress=False)
running[0] = False
watcher.join()
peak = max(high[0], rss())
table = int(toks.memory_usage(deep=True).sum())
print(json.dumps(dict(n=len(toks), before=before, max_before=max_before, peak=peak, table=table)))
"""


def peak_memory(pipeline: str = "builtin", sizes: tuple[int, ...] = (10**5, 10**6)) -> list[dict]:
    """Peak resident memory of one ``tokens()`` call (cold: parse + cache write) per token.

    Each size runs in a fresh process: the seed segments are replicated to about ``n``
    tokens, freed heap is returned to the OS (``malloc_trim``), and the highest resident
    size sampled every 2 ms during the call is compared with the resident size just before
    it. Target: at most twice the table's own bytes
    (``memory_usage(deep=True)``), i.e. the parse never holds much more than the result.
    Linux only (``/proc``); sizes of 10^7 take ~10 minutes with the built-in pipeline.
    """
    import json
    import subprocess
    import sys

    seed = len(dc.tokens(dc.segments(dc.load_letters()), pipeline=pipeline, progress=False))
    rows = []
    for n in sizes:
        copies = max(1, round(n / seed))
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        done = subprocess.run(
            [sys.executable, "-c", _PEAK_CHILD, pipeline, str(copies)],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
        )
        m = json.loads(done.stdout.strip().splitlines()[-1])
        label = f"1e{round(np.log10(n))}"
        # when the process was bigger before the call, its peak is a lower bound only
        peak = (m["peak"] - m["before"]) / m["n"]
        table = m["table"] / m["n"]
        rows += [
            _row(
                f"tokens_peak_rss_{label}",
                peak,
                "bytes/token",
                f"<= {2 * table:.0f}",
                peak <= 2 * table,
            ),
            _row(f"tokens_table_{label}", table, "bytes/token"),
            _row(f"tokens_peak_over_table_{label}", peak / table, "x", "<= 2", peak <= 2 * table),
        ]
        if m["max_before"] >= m["peak"]:
            rows[-3]["unit"] += " (lower bound)"
    return rows


def _replicated(copies: int) -> pd.DataFrame:
    segs = dc.segments(dc.load_letters())
    parts = []
    for i in range(copies):
        part = segs.copy()
        part["doc_id"] = part["doc_id"].astype(str) + f"~{i:03d}"
        part["seg_id"] = part["doc_id"] + ":" + part["seg_index"].astype(str).str.zfill(3)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def run_dask(
    pipeline: str = "builtin",
    *,
    copies: int = 8,
    workers: tuple[int, ...] = (1, 2),
    partition_size: int = 150_000,
) -> pd.DataFrame:
    """Parse throughput of :func:`discourse.parse_corpus` on local clusters.

    The seed corpus is replicated ``copies`` times (new document ids). Cluster start-up
    and each worker's pipeline loading are excluded (``parse_corpus`` loads the pipeline
    on every worker before it starts the clock), and one warm-up parse runs first.

    Returns
    -------
    DataFrame
        ``metric, value, unit, target, met`` rows ``dask_<n>w_tokens_per_s`` and
        ``dask_speedup_2w``, plus the in-process ``tokens()`` throughput for comparison.
    """
    from distributed import Client, LocalCluster

    corpus = _replicated(copies)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = dc.load_pipeline(pipeline)
    warm = corpus[corpus["doc_id"].str.endswith("~000")]
    dc.tokens(warm, pipeline=nlp, progress=False, cache=False)  # same warm-up as the workers
    start = time.perf_counter()
    n = len(dc.tokens(corpus, pipeline=nlp, progress=False, cache=False))
    wall = time.perf_counter() - start
    root = tempfile.mkdtemp(prefix="discourse-dask-")
    try:
        rates = {}
        for w in workers:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                cluster = LocalCluster(
                    n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None
                )
            with cluster, Client(cluster) as client:
                dc.parse_corpus(
                    warm,
                    os.path.join(root, f"warm{w}"),
                    pipeline=pipeline,
                    client=client,
                    partition_size=partition_size // w,
                )
                res = dc.parse_corpus(
                    corpus,
                    os.path.join(root, f"run{w}"),
                    pipeline=pipeline,
                    client=client,
                    partition_size=partition_size,
                )
            rates[w] = res.tokens_per_second
            rows.append(_row(f"dask_{w}w_tokens_per_s", rates[w], "tokens/s"))
            cpu = res.partitions["cpu_seconds"].sum()
            rows.append(_row(f"dask_{w}w_tokens_per_cpu_s", res.n_tokens / cpu, "tokens/s"))
        if 1 in rates and 2 in rates:
            rows.append(_row("dask_speedup_2w", rates[2] / rates[1], "x"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    rows.insert(0, _row("dask_corpus_tokens", n, "tokens"))
    rows.insert(1, _row("in_process_tokens_per_s", n / wall, "tokens/s"))
    out = pd.DataFrame(rows)
    out.attrs["pipeline"] = dc.pipeline_info(nlp)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipeline", default="builtin")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--dask", action="store_true", help="also measure parse_corpus")
    parser.add_argument(
        "--peak", type=float, nargs="*", help="only the peak memory at these token counts"
    )
    args = parser.parse_args()
    if args.peak:
        peak = pd.DataFrame(peak_memory(args.pipeline, tuple(int(n) for n in args.peak)))
        print(peak.to_string(index=False))
        return
    table = run(args.pipeline, repeat=args.repeat)
    print(f"pipeline: {table.attrs['pipeline']['name']} {table.attrs['pipeline']['version']}")
    with pd.option_context("display.float_format", "{:,.2f}".format, "display.width", 120):
        print(table.to_string(index=False))
        if args.dask:
            print(run_dask(args.pipeline).to_string(index=False))


if __name__ == "__main__":
    main()
