"""Running the Frog binary: finding it, its version, one run over a text file.

Every failure (Frog not installed, a non-zero exit, a time-out, no output file, an
unexpected output line) is a :class:`~discourse.errors.PipelineError` whose message says
what to do.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from discourse.errors import PipelineError

__all__ = ["frog_rows", "frog_version"]


def _frog_binary() -> str:
    path = shutil.which("frog")
    if path is None:
        raise PipelineError(
            "Frog is not installed: `frog` is not on PATH. Install it with "
            "`sudo apt-get install frog frogdata` (Debian/Ubuntu) or see "
            "https://languagemachines.github.io/frog/; or use pipeline='builtin'."
        )
    return path


@lru_cache(maxsize=1)
def frog_version() -> str:
    """Version of the installed Frog binary, e.g. ``"0.20"``."""
    out = _run([_frog_binary(), "--version"], timeout=120)
    match = re.search(r"frog\s+v?(\d[\w.]*)", out, re.IGNORECASE)
    return match.group(1) if match else "unknown"


def _run(cmd: list[str], *, timeout: float, cwd: str | None = None) -> str:
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise PipelineError(
            f"Frog timed out after {timeout:g} s ({' '.join(cmd)}); raise `timeout=` "
            "or DISCOURSE_FROG_TIMEOUT, or send smaller batches (`max_chars=`)."
        ) from exc
    except OSError as exc:
        raise PipelineError(f"Frog could not be started: {exc}") from exc
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise PipelineError(f"Frog failed with exit code {proc.returncode}:\n{tail}")
    return proc.stdout + proc.stderr


def frog_rows(text: str, *, args: Sequence[str], timeout: float) -> list[list[list[str]]]:
    """Run Frog once on ``text``; return sentences as lists of column lists."""
    with tempfile.TemporaryDirectory(prefix="discourse-frog-") as tmp:
        inp, out = Path(tmp, "in.txt"), Path(tmp, "out.tsv")
        inp.write_text(text, encoding="utf-8")
        # cwd=tmp: Frog writes frog.*.debug files into its working directory.
        _run([_frog_binary(), *args, "-t", str(inp), "-o", str(out)], timeout=timeout, cwd=tmp)
        if not out.exists():
            raise PipelineError("Frog finished but wrote no output file.")
        lines = out.read_text(encoding="utf-8").splitlines()
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    for line in lines:
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        if len(cols) < 5:
            raise PipelineError(f"Unexpected Frog output line: {line!r}")
        cur.append(cols)
    if cur:
        sents.append(cur)
    return sents
