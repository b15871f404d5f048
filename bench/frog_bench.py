"""Benchmark of the Frog adapter against the Frog binary alone: ``python -m bench.frog_bench``.

On the five seed letters (their speaker segments, as :func:`discourse.tokens` parses
them), wall-clock time, CPU time (this process plus Frog's: ``RUSAGE_CHILDREN`` for
processes that ended, ``/proc/<pid>/stat`` for the running Frog) and tokens per wall
second of:

* the Frog binary alone on the same text (the segments joined as the adapter joins them):
  ``frog -t`` once (models loaded per run) and one Frog reading standard input;
* the adapter-3 way: one ``frog -t`` per batch of 20,000 characters with NER and Frog's
  default 8 threads (``make_frog_pipeline(oneshot=True, ner=True, threads=8)``);
* the long-running adapter (adapter 4): the first call (Frog started) and a second call
  (Frog running), without and with NER;

and the cost against input size: the letters' text replicated to 5k/20k/80k/320k
characters, the long-running adapter with Frog running. Targets from issue 14: the five
letters in at most 15 s wall (at least 1,500 tokens/s) and a linear cost. Numbers only;
no test uses them. Needs Frog (``apt-get install frog frogdata`` or ``DISCOURSE_FROG``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import discourse as dc
from discourse.nlp.frog import make_frog_pipeline
from discourse.nlp.frog.run import frog_binary, parse_rows
from discourse.nlp.frog.text import join_documents

__all__ = ["run"]

SIZES = (5_000, 20_000, 80_000, 320_000)
_TICK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int | None) -> float:
    """CPU seconds of a running process (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cpu(pid: int | None = None) -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    return total + _proc_cpu(pid)


def _timed(fn: Callable[[], int], pid: Callable[[], int | None] = lambda: None) -> dict:
    before_pid = pid()
    wall, cpu = time.perf_counter(), _cpu(before_pid)
    n = fn()
    after_pid = pid()
    cpu_after = _cpu(after_pid) if after_pid == before_pid else _cpu() + _proc_cpu(after_pid)
    wall = time.perf_counter() - wall
    return {"wall_s": wall, "cpu_s": cpu_after - cpu, "tokens": n, "tokens_per_s": n / wall}


def _rows(out: str) -> int:
    return sum(len(s) for s in parse_rows(out.split("\n")))


def _raw_oneshot(text: str) -> int:
    with tempfile.TemporaryDirectory(prefix="frog-bench-") as tmp:
        Path(tmp, "in.txt").write_text(text, encoding="utf-8")
        cmd = [frog_binary(), "--skip=mpacn", "--threads=1", "-t", "in.txt", "-o", "out.tsv"]
        subprocess.run(cmd, cwd=tmp, capture_output=True, check=True)
        return _rows(Path(tmp, "out.tsv").read_text(encoding="utf-8"))


def _raw_stdin(text: str) -> int:
    with tempfile.TemporaryDirectory(prefix="frog-bench-") as tmp:
        cmd = [frog_binary(), "--skip=mpacn", "--threads=1"]
        proc = subprocess.run(
            cmd, cwd=tmp, input=text + "\n\n", capture_output=True, text=True, check=True
        )
        return _rows(proc.stdout)


def _replicated(texts: list[str], size: int) -> list[str]:
    out, n, i = [], 0, 0
    while n < size:
        piece = texts[i % len(texts)][: size - n]
        out.append(piece)
        n, i = n + len(piece), i + 1
    return out


def run(*, sizes: tuple[int, ...] = SIZES) -> pd.DataFrame:
    """One row per measurement: ``what, chars, wall_s, cpu_s, tokens, tokens_per_s``."""
    segs = dc.segments(dc.load_letters())
    texts = [str(t) for t in segs["text"]]
    joined = join_documents(texts)[0]
    rows = []

    def add(what: str, chars: int, m: dict) -> None:
        rows.append({"what": what, "chars": chars, **m})
        print(
            f"{what:<48} {chars:>8,} chars {m['wall_s']:7.1f} s wall {m['cpu_s']:7.1f} s "
            f"CPU {m['tokens']:>7,} tokens {m['tokens_per_s']:7,.0f} tokens/s",
            file=sys.stderr,
            flush=True,
        )

    chars = sum(map(len, texts))
    add("frog -t once (binary alone)", chars, _timed(lambda: _raw_oneshot(joined)))
    add("frog on stdin once (binary alone)", chars, _timed(lambda: _raw_stdin(joined)))

    def table(nlp, docs: pd.DataFrame = segs) -> Callable[[], int]:
        return lambda: len(dc.tokens(docs, pipeline=nlp, cache=False, progress=False))

    old = make_frog_pipeline(oneshot=True, ner=True, threads=8)
    add("adapter 3 (frog -t per 20k chars, NER, 8 threads)", chars, _timed(table(old)))
    for ner in (False, True):
        nlp = make_frog_pipeline(ner=ner)
        pid = lambda nlp=nlp: nlp.tokenizer.session.pid  # noqa: E731
        label = "adapter 4" + (" with NER" if ner else "")
        add(f"{label}, first call (Frog started)", chars, _timed(table(nlp), pid))
        add(f"{label}, second call (Frog running)", chars, _timed(table(nlp), pid))
        if not ner:
            for size in sizes:
                rep = _replicated(texts, size)
                docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(rep))], "text": rep})
                add(f"{label}, Frog running, replicated", size, _timed(table(nlp, docs), pid))
        nlp.tokenizer.session.stop()
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 5k and 20k only")
    args = parser.parse_args()
    table = run(sizes=SIZES[:2] if args.quick else SIZES)
    print("| what | chars | wall s | CPU s | tokens | tokens/s |\n|---|--:|--:|--:|--:|--:|")
    for r in table.itertuples():
        print(
            f"| {r.what} | {r.chars:,} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.tokens:,} | "
            f"{r.tokens_per_s:,.0f} |"
        )


if __name__ == "__main__":
    main()
