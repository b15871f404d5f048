"""Import time of :mod:`discourse`: ``python -m bench.import_bench [--repeat 15]``.

Each measurement is a fresh interpreter (``python -c ...``), timed by wall clock and by the
child's CPU time (user + system, from ``resource.getrusage``); medians and quartiles over
``repeat`` runs are printed, after one warm-up run (file-system cache). Three cases:

* ``import discourse`` — what a notebook's first cell pays (target ≤ 1.5 s);
* ``import discourse; discourse.keyness`` — the first use of an analysis (pandas, NumPy,
  SciPy load here);
* ``EAGER_IMPORT=1 import discourse`` — every module of the package at once (lazy_loader's
  eager mode), the old behaviour.

Numbers only; no test asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

CASES = {
    "import discourse": ("import discourse", {}),
    "import + first analysis (dc.keyness)": ("import discourse as dc; dc.keyness", {}),
    "EAGER_IMPORT=1 import discourse (all modules)": ("import discourse", {"EAGER_IMPORT": "1"}),
}


def _one(code: str, env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, **env})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run(repeat: int = 15) -> pd.DataFrame:
    """Median (and quartiles) of wall and CPU seconds per case, ``repeat`` runs each."""
    rows = []
    for label, (code, env) in CASES.items():
        _one(code, env)  # warm-up
        times = np.array([_one(code, env) for _ in range(repeat)])
        for j, kind in enumerate(("wall", "cpu")):
            q1, med, q3 = np.percentile(times[:, j], [25, 50, 75])
            rows.append({"case": label, "clock": kind, "median_s": med, "q1_s": q1, "q3_s": q3})
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    table = run(args.repeat)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.repeat} runs each")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))


if __name__ == "__main__":
    main()
