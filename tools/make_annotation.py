"""Refresh the shipped annotation ``data/annotation/`` from Frog (``make annotation``).

Usage::

    python tools/make_annotation.py [--folder DIR]

Parses the bundled letters exactly as the notebooks do (``segments(load_letters())``) with
the installed Frog, passed as a loaded pipeline so the parse really runs Frog (the token
cache may serve it, keyed by Frog's and the adapter's version), and writes one
``<doc_id>.conllu`` per letter (:func:`discourse.nlp.annotation.write_annotation`). Exits
with status 1 when Frog is not installed. Commit the changed files with the figures they
produce.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import discourse as dc
from discourse.nlp.annotation import annotation_dir, write_annotation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=None, help="default: data/annotation")
    args = parser.parse_args(argv)
    try:
        nlp = dc.load_pipeline("frog")
    except dc.PipelineError as exc:
        print(f"make annotation needs Frog: {exc}", file=sys.stderr)
        return 1
    segs = dc.segments(dc.load_letters())
    toks = dc.tokens(segs, pipeline=nlp)
    folder = args.folder or annotation_dir()
    files = write_annotation(segs, toks, folder)
    info = toks.attrs["pipeline"]
    size = sum(f.stat().st_size for f in files)
    print(
        f"{len(files)} files, {len(toks):,} tokens, {len(segs)} segments, "
        f"{info['name']} {info['version']}, {size / 1e6:.1f} MB -> {folder}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
