"""Running the Frog binary: finding it, its version, one run over a text file.

The binary is ``DISCOURSE_FROG`` when that environment variable is set (a path, or a name
looked up on ``PATH``; set but empty, or pointing to no executable file, means Frog counts
as not installed), else ``frog`` on ``PATH``.

Every failure (Frog not installed, a non-zero exit, a time-out, no output file, output
not in Frog's format: column count, token ids in sequence, blank lines between
sentences) is a :class:`~discourse.errors.PipelineError` whose message says what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from discourse.errors import PipelineError

__all__ = ["frog_binary", "frog_installed", "frog_rows", "frog_version", "parse_rows"]

_INSTALL = (
    "Install it with `sudo apt-get install frog frogdata` (Debian/Ubuntu) or see "
    "https://languagemachines.github.io/frog/; or use pipeline='builtin'."
)


def frog_binary() -> str:
    """Path of the Frog binary: ``DISCOURSE_FROG`` when set, else ``frog`` on ``PATH``.

    Raises
    ------
    PipelineError
        When Frog is not installed: ``DISCOURSE_FROG`` is set but empty or names no
        executable file, or (unset) ``frog`` is not on ``PATH``.
    """
    if "DISCOURSE_FROG" in os.environ:
        given = os.environ["DISCOURSE_FROG"]
        path = shutil.which(given) if given.strip() else None
        if path is None:
            raise PipelineError(
                f"Frog counts as not installed: DISCOURSE_FROG points nowhere ({given!r} is "
                "not an executable file; empty means Frog is switched off). Set it to the "
                "path of the frog binary, or unset it to look for `frog` on PATH; or use "
                "pipeline='builtin'."
            )
        return path
    path = shutil.which("frog")
    if path is None:
        raise PipelineError("Frog is not installed: `frog` is not on PATH. " + _INSTALL)
    return path


def frog_installed() -> bool:
    """Whether :func:`frog_binary` finds a Frog binary (``DISCOURSE_FROG`` or ``PATH``)."""
    try:
        frog_binary()
    except PipelineError:
        return False
    return True


@lru_cache(maxsize=4)
def _version_of(binary: str) -> str:
    out = _run([binary, "--version"], timeout=120)
    match = re.search(r"frog\s+v?(\d[\w.]*)", out, re.IGNORECASE)
    return match.group(1) if match else "unknown"


def frog_version() -> str:
    """Version of the Frog binary :func:`frog_binary` finds, e.g. ``"0.20"`` (cached)."""
    return _version_of(frog_binary())


frog_version.cache_clear = _version_of.cache_clear  # type: ignore[attr-defined]


def _run(cmd: list[str], *, timeout: float, cwd: str | None = None) -> str:
    try:
        proc = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PipelineError(
            f"Frog timed out after {timeout:g} s ({' '.join(cmd)}); raise `timeout=` "
            "of make_frog_pipeline or DISCOURSE_FROG_TIMEOUT, or parse fewer documents "
            "per call."
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
        _run([frog_binary(), *args, "-t", str(inp), "-o", str(out)], timeout=timeout, cwd=tmp)
        if not out.exists():
            raise PipelineError("Frog finished but wrote no output file.")
        try:
            lines = out.read_text(encoding="utf-8").split("\n")
        except UnicodeDecodeError as exc:
            raise PipelineError(f"Frog's output is not UTF-8 text: {exc}") from exc
    return parse_rows(lines)


def _bad_line(number: int, line: str, why: str) -> PipelineError:
    shown = line if len(line) <= 80 else line[:80] + "…"
    return PipelineError(
        f"Frog's output is not in Frog's tab-separated format at line {number} ({why}): "
        f"{shown!r} (nothing was cached)"
    )


def parse_rows(lines: Sequence[str]) -> list[list[list[str]]]:
    """Frog's output lines as sentences of column lists, the format checked.

    Every non-blank line has the same number of tab-separated columns (at least five:
    id, word, lemma, morphology, tag), token ids run 1, 2, … within a sentence, and a
    blank line ends a sentence; anything else is a :class:`PipelineError` naming the line.
    """
    sents: list[list[list[str]]] = []
    cur: list[list[str]] = []
    width = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        cols = line.split("\t")
        width = width or len(cols)
        if len(cols) < 5 or len(cols) != width:
            raise _bad_line(number, line, f"{len(cols)} columns, expected {max(width, 5)}")
        if cols[0] != str(len(cur) + 1):
            raise _bad_line(number, line, f"token id {cols[0]!r}, expected {len(cur) + 1}")
        if not cols[1] or not cols[4]:
            raise _bad_line(number, line, "no word or no tag")
        cur.append(cols)
    if cur:
        sents.append(cur)
    return sents
