"""Benchmarks: ``python -m bench [--pipeline builtin] [--repeat 3] [--quick]`` (``make bench``).

Runs, in order:

1. ``bench.tokens_bench.run(pipeline)`` — ``tokens()`` throughput against the raw
   pipeline and cold parse vs warm cache (skipped with a message when that module is
   absent);
2. ``bench.analysis_bench.run()`` — keyness / collocations at 10^4–10^7 tokens of a
   synthetic corpus grown from the seed letters (:mod:`bench.corpus`), NLTK side by side,
   sentiment against its lookup floor, widget redraws (medians; quartiles and the parts of
   a redraw: ``python -m bench.widget_bench``) and bytes per token;
3. ``bench.keyness_bench.run()`` — keyness_table against the ``np.bincount`` floor and a
   naive pandas groupby at 10^6 and 10^7 tokens (10^6 only with ``--quick``), with and
   without the document-level test.

Frog's throughput (``python -m bench.frog_bench``), ``tokens()`` peak memory
(``python -m bench.tokens_bench --peak 1e6 1e7``) and ``import discourse``
(``python -m bench.import_bench``) run on their own: each needs a fresh process.

Prints one table (``metric, value, unit, target, met``) and writes it to
``build/bench.csv``. Numbers only: nothing here asserts a timing, and no test uses them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "bench.csv"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _tokens_bench(pipeline: str) -> pd.DataFrame | None:
    try:
        mod = importlib.import_module("bench.tokens_bench")
    except ImportError as exc:
        if exc.name not in ("bench.tokens_bench", "tokens_bench"):
            raise
        _log("tokens() benchmark skipped: bench/tokens_bench.py is not there yet.")
        return None
    if not hasattr(mod, "run"):
        _log("tokens() benchmark skipped: bench/tokens_bench.py has no run(pipeline=...).")
        return None
    return mod.run(pipeline=pipeline)


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    if isinstance(v, (int, float)):
        return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.3g}"
    return str(v)


def _met(v) -> str:
    """``met`` as yes/no/blank whether a benchmark gave booleans or strings."""
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return "" if v is None or (isinstance(v, float) and v != v) else str(v)


def format_table(table: pd.DataFrame) -> str:
    """The benchmark table as fixed-width text (values to 3 significant digits)."""
    cells = [
        (str(m), _fmt(v), "" if pd.isna(u) else str(u), "" if pd.isna(t) else str(t), str(ok))
        for m, v, u, t, ok in table[["metric", "value", "unit", "target", "met"]].itertuples(
            index=False
        )
    ]
    header = ("metric", "value", "unit", "target", "met")
    widths = [max(len(r[i]) for r in [header, *cells]) for i in range(5)]
    lines = []
    for r in [header, *cells]:
        lines.append(
            f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:<{widths[2]}}  "
            f"{r[3]:<{widths[3]}}  {r[4]}".rstrip()
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pipeline",
        default="builtin",
        help="pipeline of the tokens() benchmark and the seed corpus",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 10^4–10^6 only, no object-string and tokens() runs",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")

    from bench import analysis_bench, keyness_bench

    start = time.perf_counter()
    parts = []
    if not args.quick:
        _log(f"tokens() benchmark ({args.pipeline}) …")
        tok = _tokens_bench(args.pipeline)
        if tok is not None:
            parts.append(tok)
    _log("analysis benchmarks …")
    sizes = analysis_bench.SIZES[:-1] if args.quick else analysis_bench.SIZES
    parts.append(
        analysis_bench.run(
            sizes, args.repeat, with_object=not args.quick, pipeline=args.pipeline, log=_log
        )
    )
    _log("keyness_table against its floor …")
    sizes = (10**6,) if args.quick else (10**6, 10**7)
    parts.append(keyness_bench.run(sizes, args.repeat, log=_log))
    table = pd.concat(parts, ignore_index=True)[analysis_bench.COLUMNS]
    table["met"] = table["met"].map(_met)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"discourse benchmarks — {platform.machine()}, {os.cpu_count()} cores, "
        f"python {platform.python_version()}, pandas {pd.__version__}, "
        f"load average {load:.1f}, total {time.perf_counter() - start:.0f} s"
    )
    print(format_table(table))
    met = table["met"].isin(["yes", "no"])
    print(
        f"targets met: {(table['met'] == 'yes').sum()} of {met.sum()}; table written to "
        f"{args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
    )


if __name__ == "__main__":
    main()
