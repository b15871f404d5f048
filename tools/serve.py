"""Start JupyterLab or Voilà on 127.0.0.1 in an isolated Jupyter environment; stop it cleanly.

Used by ``tests/test_browser.py``; also runnable by hand::

    python tools/serve.py lab   [--root notebooks] [--port 0]
    python tools/serve.py voila [--notebook notebooks/dashboard.ipynb] [--port 0]

(``make dashboard`` serves the dashboard with Voilà directly.)

Each server gets

* a free port on the loopback interface only (``127.0.0.1``), and a random token;
* its own temporary Jupyter config, data, runtime, IPython and JupyterLab settings /
  workspaces folders, so nothing from ``~/.jupyter`` leaks in and no earlier session's
  open notebooks (and kernels) come back; the JupyterLab news / update pop-up is
  switched off in those settings;
* its own process group; :meth:`Server.stop` sends SIGTERM (the server then shuts down
  its kernels), waits, and SIGKILLs the server and every process it started (kernels
  run in their own sessions, so they are tracked by PID, not by group) that is still
  alive. Only processes descended from the server are ever signalled.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

#: JupyterLab user settings written into the temporary settings folder.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    # render every cell (no virtual scrolling), so tests can find every output in the DOM
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def isolated_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment variables giving a server private Jupyter folders under ``home``.

    ``extra`` variables (e.g. ``DISCOURSE_PIPELINE``) are added; kernels inherit them.
    """
    env = dict(os.environ)
    env.update(extra or {})
    folders = {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "IPYTHONDIR": "ipython",
        "JUPYTERLAB_SETTINGS_DIR": "lab-settings",
        "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces",
    }
    for var, name in folders.items():
        (home / name).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / name)
    for rel, settings in LAB_SETTINGS.items():
        path = home / "lab-settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings), encoding="utf-8")
    env.pop("JUPYTER_PATH", None)
    env.pop("MPLBACKEND", None)  # the kernel should use the inline backend
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Server:
    """A running JupyterLab or Voilà server."""

    kind: str
    port: int
    token: str
    proc: subprocess.Popen
    log_path: Path
    home: Path
    _owned_home: bool = True
    _seen: dict[int, psutil.Process] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str = "/", **query: str) -> str:
        """``base_url + path`` with the token (and ``query``) in the query string."""
        params = "&".join(
            [*(f"{k}={v}" if v != "" else k for k, v in query.items()), f"token={self.token}"]
        )
        sep = "&" if "?" in path else "?"
        return f"{self.base_url}{path}{sep}{params}"

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        """Call the Jupyter server REST API; returns the decoded JSON (or None)."""
        req = urllib.request.Request(
            self.base_url + path,
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback
            body = resp.read()
        return json.loads(body) if body else None

    def track(self) -> None:
        """Remember the server's descendants (kernels) so :meth:`stop` can reap them."""
        with contextlib.suppress(psutil.Error):
            parent = psutil.Process(self.proc.pid)
            self._seen.setdefault(parent.pid, parent)
            for child in parent.children(recursive=True):
                self._seen.setdefault(child.pid, child)

    def shutdown_sessions(self) -> None:
        """Politely shut the kernels of every open session (JupyterLab only)."""
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions") or []:
                with contextlib.suppress(Exception):
                    self.api("DELETE", f"/api/sessions/{session['id']}")

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM the server; SIGKILL it and any process it started that is still alive."""
        self.track()
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        survivors = [p for p in self._seen.values() if _alive(p)]
        for proc in survivors:
            with contextlib.suppress(psutil.Error):
                proc.terminate()
        _, still = psutil.wait_procs(survivors, timeout=5)
        for proc in still:
            with contextlib.suppress(psutil.Error):
                proc.kill()
        if self._owned_home:
            shutil.rmtree(self.home, ignore_errors=True)


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _command(kind: str, *, root: Path, notebook: Path | None, port: int, token: str) -> list[str]:
    common = ["--no-browser", f"--port={port}"]
    if kind == "lab":
        return [
            str(BIN / "jupyter-lab"),
            *common,
            "--ip=127.0.0.1",
            "--allow-root",
            "--port-retries=0",
            f"--ServerApp.root_dir={root}",
            f"--IdentityProvider.token={token}",
            "--LabApp.expose_app_in_browser=True",
            "--ServerApp.open_browser=False",
            "--MappingKernelManager.cull_idle_timeout=600",
        ]
    if kind == "voila":
        if notebook is None:
            raise ValueError("voila needs a notebook to serve")
        return [
            str(BIN / "voila"),
            str(notebook),
            *common,
            "--Voila.ip=127.0.0.1",
            f"--token={token}",
            "--show_tracebacks=True",
            "--MappingKernelManager.cull_idle_timeout=60",
            "--MappingKernelManager.cull_interval=10",
        ]
    raise ValueError(f"unknown server kind {kind!r}; expected 'lab' or 'voila'")


def start(
    kind: str,
    *,
    root: Path | str = ROOT / "notebooks",
    notebook: Path | str | None = None,
    port: int | None = None,
    timeout: float = 90,
    home: Path | None = None,
    env: dict[str, str] | None = None,
) -> Server:
    """Start a ``"lab"`` or ``"voila"`` server and wait until its port accepts connections.

    Parameters
    ----------
    kind : {"lab", "voila"}
    root : path
        JupyterLab's root folder (the file browser starts there).
    notebook : path
        The notebook Voilà serves (required for ``"voila"``).
    port : int, optional
        Default: a free port.
    timeout : float
        Seconds to wait for the port to accept connections.
    home : path, optional
        Folder for the private Jupyter folders and the server log (``<kind>.log``);
        default: a temporary folder removed by :meth:`Server.stop`.
    env : dict, optional
        Extra environment variables for the server and its kernels.

    Raises
    ------
    RuntimeError
        If the server exits or does not listen within ``timeout`` seconds; the message
        carries the end of its log.
    """
    owned = home is None
    home = Path(tempfile.mkdtemp(prefix=f"discourse-{kind}-")) if home is None else Path(home)
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    token = secrets.token_hex(16)
    root = Path(root).resolve()
    nb = Path(notebook).resolve() if notebook is not None else None
    log_path = home / f"{kind}.log"
    cmd = _command(kind, root=root, notebook=nb, port=port, token=token)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own venv
            cmd,
            cwd=str(nb.parent if nb else root),
            env=isolated_env(home, env),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(kind, port, token, proc, log_path, home, owned)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{kind} exited with code {proc.returncode} before listening on port "
                    f"{port}; log {log_path}:\n{server.log()[-3000:]}"
                )
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"{kind} did not listen on {HOST}:{port} within {timeout:.0f} s; "
                    f"log {log_path}:\n{server.log()[-3000:]}"
                )
            time.sleep(0.2)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def running(kind: str, **kwargs) -> Iterator[Server]:
    """``with running("lab", root=...) as server:`` — always stopped on exit.

    With no ``port`` given, a start that fails because another process took the free port
    in the meantime is retried (twice) on a new port.
    """
    for attempt in range(3):
        try:
            server = start(kind, **kwargs)
            break
        except RuntimeError as exc:
            if kwargs.get("port") or attempt == 2 or "already in use" not in str(exc):
                raise
    try:
        yield server
    finally:
        if kind == "lab":
            server.shutdown_sessions()
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["lab", "voila"])
    parser.add_argument("--root", default=str(ROOT / "notebooks"))
    parser.add_argument("--notebook", default=str(ROOT / "notebooks" / "dashboard.ipynb"))
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    with running(
        args.kind,
        root=args.root,
        notebook=args.notebook if args.kind == "voila" else None,
        port=args.port or None,
    ) as server:
        path = "/lab" if args.kind == "lab" else "/"
        print(f"{args.kind} running: {server.url(path)}  (Ctrl-C stops it)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while server.proc.poll() is None:
                time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
