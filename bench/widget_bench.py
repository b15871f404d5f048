"""Widget redraw latency: ``python -m bench.widget_bench [--quick] [--baseline PATH]``.

A redraw is one control change of a widget, from setting ``controls[name].value`` to the
new output (statistics, table HTML, plot, its image), as ``AnalysisWidget.refresh`` does
it outside a kernel. Per widget and kind of change (:data:`CASES`):

* **light** — ``min_freq``, ``top`` or ``measure`` (keyness), ``top`` or ``measure``
  (collocations: a ``min_freq`` above 2 leaves the default terms without collocates on
  the seed corpus, an error message), ``top`` (sentiment), or the sort of the
  concordance: target ≤ 100 ms on the seed corpus;
* **new** — a new keyness target, new collocation or sentiment search terms, a new
  concordance term: target ≤ 300 ms on the seed corpus;
* **worst** — collocations at ``min_freq`` 1 and ``top`` 30 with new search terms: ≤ 1 s;

and ≤ 500 ms for every change at 10^6 tokens (:mod:`bench.corpus`). Every change sets a
value the widget has not had before (its result cache is not what is timed), after a
garbage collection, ``n`` times (≥ 7); CPU time (``time.process_time``, what other jobs on
a shared machine disturb least) and wall time are reported as median and quartiles.

Each redraw is split (CPU time, exclusive: a part called inside another is counted once)
into *statistics* (the analysis functions the widget calls), *plot* (building the
matplotlib figure), *image* (rendering it to SVG/PNG), *html* (tables, concordance and
unit markup) and *other* (the rest: caches, controls, headings).

``--baseline PATH`` (a checkout of an earlier commit, e.g. ``git worktree add /tmp/base
HEAD``) times that checkout's ``discourse`` in the same run: current and baseline run in
alternating child processes (``--rounds``), their samples pooled per version.

Rows are tidy (``metric, value, unit, target, met``); nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["metric", "value", "unit", "target", "met"]
WIDGET_N = 7  #: changes timed per case (each to a value not seen before)
PARTS = ("statistics", "plot", "image", "html", "other")

#: (widget, kind, control changed, constructor arguments); kinds as in the module notes.
CASES = (
    ("keyness_widget", "light", "min_freq", {}),
    ("keyness_widget", "light", "top", {}),
    ("keyness_widget", "light", "measure", {}),
    ("keyness_widget", "new", "target", {}),
    ("collocations_widget", "light", "top", {}),
    ("collocations_widget", "light", "measure", {}),
    ("collocations_widget", "new", "terms", {}),
    ("collocations_widget", "worst", "terms", {"min_freq": 1, "top": 30}),
    ("sentiment_widget", "light", "top", {}),
    ("sentiment_widget", "new", "terms", {}),
    ("concordance", "light", "sort", {}),
    ("concordance", "new", "term", {}),
)
TARGET_MS = {("seed", "light"): 100, ("seed", "new"): 300, ("seed", "worst"): 1000}
BIG_MS = 500  #: every change at 10^6 tokens (the worst case: 1 s)

#: Where the parts of a redraw are timed: (module, function name, part). Names a version
#: of the package does not have are skipped.
TIMED = (
    ("discourse.widgets.keyness", "keyness", "statistics"),
    ("discourse.widgets.keyness_analysis", "keyness", "statistics"),
    ("discourse.widgets.keyness", "kwic", "statistics"),
    ("discourse.widgets.collocations", "collocations", "statistics"),
    ("discourse.widgets.collocations", "kwic", "statistics"),
    ("discourse.widgets.sentiment", "sentiment", "statistics"),
    ("discourse.widgets.sentiment", "summarise_sentiment", "statistics"),
    ("discourse.widgets.keyness", "plot_keyness", "plot"),
    ("discourse.widgets.keyness_analysis", "plot_keyness", "plot"),
    ("discourse.widgets.collocations", "plot_collocation_network", "plot"),
    ("discourse.widgets.sentiment", "plot_sentiment", "plot"),
    ("discourse.widgets.sentiment", "draw_sentiment", "plot"),
    ("discourse.widgets.render", "figure_svg", "image"),
    ("discourse.widgets.render", "figure_image", "image"),
    ("discourse.widgets.render", "tables_html", "html"),
    ("discourse.widgets.keyness", "concordance", "html"),
    ("discourse.widgets.collocations", "concordance", "html"),
    ("discourse.widgets.sentiment", "sentiment_units", "html"),
)


class Parts:
    """Exclusive CPU time per part of the functions in :data:`TIMED` while patched."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []
        self._undo: list[tuple] = []

    def _wrap(self, fn, part: str):
        def timed(*args, **kwargs):
            now = time.process_time()
            if self._stack:
                self.spent[self._stack[-1][0]] += now - self._stack[-1][1]
            self._stack.append([part, now])
            try:
                return fn(*args, **kwargs)
            finally:
                now = time.process_time()
                done, start = self._stack.pop()
                self.spent[done] += now - start
                if self._stack:
                    self._stack[-1][1] = now

        return timed

    def patch(self) -> None:
        import importlib

        for module, name, part in TIMED:
            try:
                mod = importlib.import_module(module)
            except ModuleNotFoundError:  # another version of the package
                continue
            if hasattr(mod, name):
                self._undo.append((mod, name, getattr(mod, name)))
                setattr(mod, name, self._wrap(getattr(mod, name), part))

    def unpatch(self) -> None:
        for mod, name, fn in reversed(self._undo):
            setattr(mod, name, fn)
        self._undo.clear()

    def take(self) -> dict[str, float]:
        spent, self.spent = dict(self.spent), defaultdict(float)
        return spent


def _frequent_lemmas(toks, n: int) -> list[str]:
    words = toks[toks["is_alpha"].astype(bool) & ~toks["is_stop"].astype(bool)]
    return words["lemma"].astype(str).value_counts().head(n).index.tolist()


def _new_values(control, n: int) -> list:
    """``n`` successive values for a control, each different from the one before it."""
    value = control.value
    options = getattr(control, "options", None)
    if options:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        start = values.index(value) if value in values else 0
        return [values[(start + i) % len(values)] for i in range(1, n + 1)]
    lo, hi = getattr(control, "min", value), getattr(control, "max", value + n + 1)
    span = list(range(lo, hi + 1))
    start = span.index(value) if value in span else 0
    return [span[(start + i) % len(span)] for i in range(1, n + 1)]


def _widget(dc, name: str, toks, args: dict):
    """The widget of a case (the concordance: the keyness widget's, whose term control
    opens the KWIC lines of a term)."""
    return getattr(dc, "keyness_widget" if name == "concordance" else name)(toks, **args)


def _values(name: str, key: str, widget, toks, n: int) -> list:
    control = widget.controls[key]
    if key in ("terms",):
        return [t for t in _frequent_lemmas(toks, n + 1) if t != control.value][:n]
    if key in ("target", "term"):
        return [o for o in control.options if o != control.value][:n]
    return _new_values(control, n)


def time_case(dc, case: tuple, toks, n: int = WIDGET_N) -> dict:
    """Raw samples of one case: CPU and wall seconds per change and the parts of each."""
    name, kind, key, args = case
    parts = Parts()
    sink = io.StringIO()
    cpu, wall, split = [], [], []
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        widget = _widget(dc, name, toks, args)
        parts.patch()
        try:
            for value in _values(name, key, widget, toks, n):
                gc.collect()  # an earlier step's garbage is not timed here
                parts.take()
                start, start_cpu = time.perf_counter(), time.process_time()
                widget.controls[key].value = value  # the widget observes it and redraws
                wall.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
                spent = parts.take()
                spent["other"] = cpu[-1] - sum(spent.values())
                split.append(spent)
        finally:
            parts.unpatch()
    return {"cpu": cpu, "wall": wall, "parts": split}


def _corpora(sizes: list[str]):
    from bench.corpus import make_corpus, seed_tokens

    seed = seed_tokens()
    for size in sizes:
        yield size, (seed if size == "seed" else make_corpus(seed, int(float(size))))


def measure(sizes: list[str], n: int = WIDGET_N, log=print, only=()) -> list[dict]:
    """Samples of every case (or those whose widget name contains one of ``only``) at
    every size, in this process."""
    import matplotlib

    matplotlib.use("Agg")
    import discourse as dc

    out = []
    for size, toks in _corpora(sizes):
        for case in CASES:
            if only and not any(o in f"{case[0]} {case[1]}" for o in only):
                continue
            samples = time_case(dc, case, toks, n)
            out.append({"size": size, "n_tokens": len(toks), "case": case[:3], **samples})
            log(
                f"    {size:>5} {case[0]} {case[1]} ({case[2]}): CPU "
                f"{1000 * statistics.median(samples['cpu']):.0f} ms"
                if samples["cpu"]
                else f"    {size} {case[0]} {case[1]}: no values to time"
            )
        del toks
        gc.collect()
    return out


def _quartiles(xs: list[float]) -> tuple[float, float, float]:
    if len(xs) < 2:
        return (xs[0],) * 3 if xs else (float("nan"),) * 3
    q1, q2, q3 = statistics.quantiles(xs, n=4, method="inclusive")
    return q1, q2, q3


def _target(size: str, kind: str) -> float:
    if size == "seed":
        return TARGET_MS[("seed", kind)]
    return 1000 if kind == "worst" else BIG_MS


def rows_of(samples: list[dict], version: str = "") -> list[dict]:
    """Tidy rows: CPU and wall median and quartiles, and the CPU median of each part."""
    pooled: dict[tuple, dict] = {}
    for s in samples:
        key = (s["size"], s["n_tokens"], *s["case"])
        into = pooled.setdefault(key, {"cpu": [], "wall": [], "parts": []})
        for k in ("cpu", "wall", "parts"):
            into[k] += s[k]
    rows = []
    prefix = f"{version}: " if version else ""
    for (size, n_tok, name, kind, key), s in pooled.items():
        if not s["cpu"]:
            continue
        where = "seed corpus" if size == "seed" else "corpus"
        label = f"{prefix}{name} {kind} change ({key}), {where} {n_tok:,} tokens"
        most = _target(size, kind)
        for clock in ("cpu", "wall"):
            q1, med, q3 = (1000 * x for x in _quartiles(s[clock]))
            ok = "yes" if med <= most else "no"
            rows.append(_row(f"{label}, {clock} median", med, "ms", f"<= {most} ms", ok))
            rows.append(_row(f"{label}, {clock} q1", q1, "ms"))
            rows.append(_row(f"{label}, {clock} q3", q3, "ms"))
        for part in PARTS:
            ms = 1000 * statistics.median(p.get(part, 0.0) for p in s["parts"])
            rows.append(_row(f"{label}, cpu median: {part}", ms, "ms"))
    return rows


def _row(metric, value, unit, target=None, met=None) -> dict:
    return {"metric": metric, "value": value, "unit": unit, "target": target, "met": met}


def widgets(seed, big, log=print, n: int = WIDGET_N, detail: bool = False) -> list[dict]:
    """Rows of every case on ``seed`` (and ``big``, if given), measured in this process
    (what :func:`bench.analysis_bench.run` reports): the CPU and wall medians against
    their targets, with ``detail`` also the quartiles and the parts."""
    import matplotlib

    matplotlib.use("Agg")
    import discourse as dc

    samples = []
    for size, toks in (("seed", seed), ("1e6", big)):
        if toks is None:
            continue
        for case in CASES:
            got = time_case(dc, case, toks, n)
            samples.append({"size": size, "n_tokens": len(toks), "case": case[:3], **got})
    rows = rows_of(samples)
    for r in rows:
        if r["target"]:
            log(f"  {r['metric']}: {r['value']:.0f} ms")
    return rows if detail else [r for r in rows if r["target"]]


def _child(root: Path, sizes: list[str], n: int, log, only=()) -> list[dict]:
    """Samples of the ``discourse`` of checkout ``root``, measured in a child process."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(root), "-n", str(n)]
    cmd += ["--only", *only] if only else []
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [*cmd, "--sizes", *sizes], env=env, cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"benchmark of {root} failed:\n{done.stderr[-3000:]}")
    for line in done.stderr.splitlines():
        log(f"  [{root.name}] {line}")
    return json.loads(done.stdout)


def run(
    sizes: list[str],
    *,
    baseline: Path | None = None,
    rounds: int = 1,
    n=WIDGET_N,
    log=print,
    only=(),
):
    """The bench table: in this process, or (with ``baseline``) current and baseline in
    ``rounds`` alternating pairs of child processes."""
    import pandas as pd

    if baseline is None:
        return pd.DataFrame(rows_of(measure(sizes, n, log=log, only=only)), columns=COLUMNS)
    got: dict[str, list] = {"after": [], "baseline": []}
    for i in range(rounds):
        order = (("baseline", baseline), ("after", ROOT))
        for version, root in order if i % 2 == 0 else order[::-1]:
            log(f"round {i + 1}/{rounds}: {version} ({root})")
            got[version] += _child(root, sizes, n, log, only)
    rows = rows_of(got["after"], "after") + rows_of(got["baseline"], "baseline")
    return pd.DataFrame(rows, columns=COLUMNS)


def summary(table) -> str:
    """One line per case: CPU and wall median [q1–q3] of each version, and the parts."""
    values = dict(zip(table["metric"], table["value"], strict=True))
    lines = []
    for metric in table["metric"]:
        if not metric.endswith(", cpu median"):
            continue
        base = metric[: -len(", cpu median")]
        cells = []
        for clock in ("cpu", "wall"):
            q1, med, q3 = (values[f"{base}, {clock} {s}"] for s in ("q1", "median", "q3"))
            cells.append(f"{clock} {med:4.0f} [{q1:.0f}–{q3:.0f}]")
        parts = " ".join(f"{p[:4]} {values[f'{base}, cpu median: {p}']:.0f}" for p in PARTS)
        lines.append(f"{base}: {'; '.join(cells)} ms  ({parts})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the seed corpus only")
    parser.add_argument("--baseline", type=Path, help="a checkout to time side by side")
    parser.add_argument("--rounds", type=int, default=2, help="alternating runs per version")
    parser.add_argument("-n", type=int, default=WIDGET_N, help="changes per case (median)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "widget_bench.csv")
    parser.add_argument("--only", nargs="*", default=(), help="cases naming one of these")
    parser.add_argument("--sizes", nargs="*", help="seed, 1e6, ... (default: by --quick)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    sizes = args.sizes or (["seed"] if args.quick else ["seed", "1e6"])

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    if args.child is not None:  # measure the package of that checkout, print JSON
        sys.path.insert(0, str(args.child))
        print(json.dumps(measure(sizes, args.n, log=log, only=args.only)))
        return
    sys.path.insert(0, str(ROOT))
    start = time.perf_counter()
    table = run(
        sizes, baseline=args.baseline, rounds=args.rounds, n=args.n, log=log, only=args.only
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out, index=False)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"widget redraws (load average {load:.1f}, {time.perf_counter() - start:.0f} s)")
    print(summary(table))
    print(f"table written to {args.out}")


if __name__ == "__main__":
    main()
