"""One long-running Frog process per pipeline, fed through its standard input.

Started without ``-t``, Frog (0.20) reads its standard input paragraph by paragraph (a
paragraph ends at an empty line), tags each paragraph as soon as it ends and writes its
rows to standard output: the 2-15 s model load is paid once per session, not once per
call. Every text is sent followed by a marker paragraph (:func:`~.text.document_marker`),
so the rows of each text end at the marker's row and a text is complete when that row is
read. Frog's server mode (``-S port``) is not used: it listens on all network interfaces
and tags a request as one paragraph (a blank line no longer ends a sentence).

One call (:meth:`FrogSession.parse`) has one deadline. When Frog stops, hangs past the
deadline or its output loses the markers, the process is stopped and the texts not parsed
yet are named (``failed_texts`` of the :class:`~discourse.errors.PipelineError`); the next
call starts a fresh process. The process is stopped when the session is garbage-collected
or at interpreter exit (:func:`weakref.finalize`), and always waited for (no zombies).
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

from discourse.errors import PipelineError
from discourse.nlp.frog.run import frog_binary, parse_rows
from discourse.nlp.frog.text import document_marker, pretokenize

__all__ = ["FrogSession"]

#: A text's outcome: its Frog sentences, or the message of what went wrong with them.
Outcome = list[list[list[str]]] | str


def _stop(proc: subprocess.Popen, folder: str, err) -> None:
    """Stop ``proc`` (close its input, then terminate, then kill), reap it, clean up."""
    for step in ("close", "terminate", "kill"):
        if proc.poll() is not None:
            break
        try:
            if step == "close":
                proc.stdin.close()
            else:
                getattr(proc, step)()
            proc.wait(timeout=2 if step == "close" else 5)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            continue
    for stream in (proc.stdin, proc.stdout, err):
        try:
            stream.close()
        except (OSError, ValueError):
            pass
    shutil.rmtree(folder, ignore_errors=True)


def _feed(proc: subprocess.Popen, data: bytes) -> None:
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except (OSError, ValueError):  # Frog stopped: the reader sees the end of its output
        pass


class _Failed(Exception):
    """The process cannot go on; ``message`` says why."""


class FrogSession:
    """A Frog process started on first use and kept for later calls.

    Parameters
    ----------
    args : sequence of str
        Frog's options (e.g. ``["--skip=mpacn", "--threads=1"]``); no input option.
    """

    def __init__(self, args: Sequence[str]) -> None:
        self.args = list(args)
        self.starts = 0  # processes started so far (a restart after a failure counts)
        self._proc: subprocess.Popen | None = None
        self._stderr: Path | None = None
        self._finalizer: weakref.finalize | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """Process id of the running Frog, or ``None``."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def _start(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self.stop()
        binary = frog_binary()
        folder = tempfile.mkdtemp(prefix="discourse-frog-")
        self._stderr = Path(folder, "stderr.log")
        err = self._stderr.open("wb")
        try:  # cwd: Frog writes frog.*.debug files into its working directory
            proc = subprocess.Popen(
                [binary, *self.args],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                cwd=folder,
                start_new_session=True,  # Ctrl-C in a notebook does not kill Frog
            )
        except OSError as exc:
            err.close()
            shutil.rmtree(folder, ignore_errors=True)
            raise PipelineError(f"Frog could not be started ({binary}): {exc}") from exc
        self._proc, self.starts = proc, self.starts + 1
        self._finalizer = weakref.finalize(self, _stop, proc, folder, err)
        return proc

    def stop(self) -> None:
        """Stop the Frog process (if any) and wait for it; the next call starts one."""
        if self._finalizer is not None:
            self._finalizer()
        self._proc, self._finalizer = None, None

    def _stderr_tail(self) -> str:
        try:
            lines = self._stderr.read_text(errors="replace").strip().splitlines()
        except (OSError, AttributeError):
            return ""
        return "\n".join(line for line in lines[-15:] if "debug files" not in line)

    def parse(self, texts: Sequence[str], *, timeout: float) -> list[Outcome]:
        """Frog's sentences of every text (rows checked by :func:`~.run.parse_rows`).

        Returns one outcome per text: its sentences, or a message when its rows are
        malformed or mix with a document boundary (the process is in step; the other
        texts are fine).

        Raises
        ------
        PipelineError
            When Frog cannot be started, stops, or misses the deadline; the process is
            stopped and ``failed_texts`` lists the texts not parsed (all after the last
            complete one). ``timed_out`` is ``True`` on a missed deadline.
        """
        with self._lock:
            deadline = time.monotonic() + timeout
            marker = document_marker(texts)
            payload = "".join(f"{pretokenize(t)}\n\n{marker}\n\n" for t in texts)
            proc = self._start()
            writer = threading.Thread(
                target=_feed, args=(proc, payload.encode("utf-8")), daemon=True
            )
            writer.start()
            done: list[Outcome] = []
            try:
                self._read(proc, marker, len(texts), deadline, done)
            except _Failed as why:
                self.stop()
                exc = PipelineError(str(why))
                exc.failed_texts = list(range(len(done), len(texts)))  # type: ignore[attr-defined]
                exc.timed_out = time.monotonic() >= deadline  # type: ignore[attr-defined]
                raise exc from None
            finally:
                writer.join(timeout=0.1)
            return done

    def _read(
        self, proc: subprocess.Popen, marker: str, n: int, deadline: float, done: list[Outcome]
    ) -> None:
        fd = proc.stdout.fileno()
        lines: list[str] = []  # this text's lines so far
        sent: list[str] = []  # the current sentence's lines
        pending = b""
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while len(done) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise _Failed(self._why(lines + sent, "did not finish before the deadline"))
                if not sel.select(left):
                    continue
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    if pending.strip():  # a last row cut short
                        sent.append(pending.decode("utf-8", errors="replace"))
                    code = proc.wait()
                    tail = self._stderr_tail()
                    why = f"stopped with exit code {code} before it finished" + (
                        f":\n{tail}" if tail else ""
                    )
                    raise _Failed(self._why(lines + sent, why))
                *complete, pending = (pending + chunk).split(b"\n")
                for raw in complete:
                    try:
                        line = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise _Failed(f"Frog's output is not UTF-8 text: {exc}") from None
                    if line.strip():
                        sent.append(line)
                        continue
                    if _is_marker(sent, marker):
                        done.append(_outcome(lines))
                        lines = []
                    elif any(marker in row.split("\t")[1:2] for row in sent):
                        raise _Failed(
                            "Frog's output joined a document boundary with text; the "
                            "documents of this call cannot be told apart (nothing was cached)"
                        )
                    else:
                        lines.extend([*sent, ""])
                    sent = []

    @staticmethod
    def _why(lines: list[str], what: str) -> str:
        """Why the process failed; a format error in its last rows first."""
        try:
            parse_rows(lines)
        except PipelineError as exc:
            return str(exc)
        return f"Frog {what}; its output ends before this text"


def _is_marker(sent: list[str], marker: str) -> bool:
    return len(sent) == 1 and sent[0].split("\t")[1:2] == [marker]


def _outcome(lines: list[str]) -> Outcome:
    try:
        return parse_rows(lines)
    except PipelineError as exc:
        return str(exc)
