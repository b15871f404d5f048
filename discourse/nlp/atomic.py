"""Files written whole or not at all: a hidden temporary file beside the target, renamed.

Used by the token cache (:mod:`discourse.nlp.cache`) and the token datasets
(:mod:`discourse.nlp.dataset`): readers never see a half-written file, and a failure
leaves no temporary file behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "write_atomic"]


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A hidden temporary file in ``path``'s folder, renamed to ``path`` when the block
    ends without an error and removed otherwise (``os.replace`` is atomic on POSIX).

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("x")
    >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
    ('x', ['a.txt'])
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_path` (never half a file)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
