"""The output folder of :func:`discourse.parse_corpus`: outputs never destroy inputs.

``parse_corpus`` writes only into a folder that is new, empty, or a dataset it wrote
itself (marked by its manifest, :data:`~discourse.nlp.dataset.MANIFEST`): a folder with
any other file, the corpus folder, and a folder inside or around it are refused before
anything is parsed (:func:`check_output`). The dataset is written into a hidden temporary
folder beside ``out`` (:func:`temporary_folder`) that records the process writing it; when
every partition succeeded the old dataset is moved aside, the new one renamed into place
and the old one deleted (:func:`replace_folder`), so a failure leaves the old dataset or
none, never half a folder. Temporary folders are removed on failure and on interruption;
one left by a process killed outright (a kernel restart) is removed by the next run into
the same ``out`` (:func:`remove_stale`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import uuid
from pathlib import Path

import pyarrow.parquet as pq

from discourse.errors import CorpusError
from discourse.nlp.dataset import MANIFEST, read_manifest

__all__ = ["check_output", "remove_stale", "replace_folder", "temporary_folder"]

_RUNNING = "_discourse_running.json"  # in a temporary folder: the process writing it
_OLD_PART = re.compile(r"part-\d{5}\.parquet")


def check_output(out: Path, *, overwrite: bool, corpus_folder: Path | None) -> None:
    """Refuse ``out`` unless it is new, empty, or a dataset written by parse_corpus.

    Raises :class:`CorpusError` naming the folder and a foreign file, or the corpus
    folder, or ``out`` when it exists and ``overwrite`` is false.
    """
    if corpus_folder is not None:
        o, c = out.resolve(), corpus_folder.resolve()
        where = (
            "is"
            if o == c
            else "is inside"
            if c in o.parents
            else "contains"
            if o in c.parents
            else None
        )
        if where:
            raise CorpusError(
                f"parse_corpus(): out='{out}' {where} the corpus folder '{corpus_folder}'; "
                "write the token dataset to a folder of its own outside the corpus"
            )
    if not out.exists() and not out.is_symlink():
        return
    if not overwrite:
        raise CorpusError(
            f"parse_corpus(): out='{out}' exists; pass overwrite=True to replace it "
            "(allowed: an empty folder or a token dataset written by parse_corpus)"
        )
    if not out.is_dir() or out.is_symlink():
        raise CorpusError(
            f"parse_corpus(): out='{out}' is not a folder; overwrite=True replaces only "
            "an empty folder or a token dataset written by parse_corpus"
        )
    foreign = _foreign(out)
    if foreign:
        raise CorpusError(
            f"parse_corpus(): out='{out}' holds files parse_corpus did not write, e.g. "
            f"{foreign[0]!r} ({len(foreign)} in all); overwrite=True replaces only an empty "
            f"folder or a token dataset written by parse_corpus (with {MANIFEST}): "
            "choose a new folder"
        )


def _foreign(out: Path) -> list[str]:
    """Names in ``out`` that are not part of a dataset written by parse_corpus."""
    names = sorted(p.name for p in out.iterdir())
    manifest = read_manifest(out) if MANIFEST in names else None
    if manifest is not None:
        ours = {MANIFEST, *(p["file"] for p in manifest["parts"])}
        return [n for n in names if n not in ours or not (out / n).is_file()]
    # a dataset of an earlier version (no manifest): part files with the pipeline metadata
    old = [n for n in names if _OLD_PART.fullmatch(n) and _is_token_part(out / n)]
    return [n for n in names if n not in old]


def _is_token_part(path: Path) -> bool:
    try:
        return b"discourse_pipeline" in (pq.read_schema(path).metadata or {})
    except Exception:  # not Parquet at all
        return False


def temporary_folder(out: Path) -> Path:
    """A new hidden folder beside ``out`` recording the process (host, pid) writing it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    owner = {"host": socket.gethostname(), "pid": os.getpid()}
    (tmp / _RUNNING).write_text(json.dumps(owner), encoding="utf-8")
    return tmp


def remove_stale(out: Path) -> None:
    """Delete temporary folders of ``out`` whose writing process on this host is gone."""
    if os.name != "posix" or not out.parent.is_dir():
        return
    for tmp in out.parent.glob(f".{_glob_escape(out.name)}.*.tmp"):
        try:
            owner = json.loads((tmp / _RUNNING).read_text(encoding="utf-8"))
            stale = owner["host"] == socket.gethostname() and not _alive(int(owner["pid"]))
        except (OSError, ValueError, KeyError, TypeError):
            stale = False  # not ours to judge
        if stale:
            shutil.rmtree(tmp, ignore_errors=True)


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def replace_folder(tmp: Path, out: Path) -> None:
    """Put the finished dataset ``tmp`` in place of ``out`` (the old one kept on failure)."""
    (tmp / _RUNNING).unlink(missing_ok=True)
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.old")
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        if old is not None:
            os.rename(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
