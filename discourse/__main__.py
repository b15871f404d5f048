"""Command line: ``python -m discourse check DIR``.

Prints, per document of the corpus folder ``DIR``, the segments and words found per role
and every warning (:func:`discourse.corpus.check.check_corpus`): what a researcher runs on a
new folder before trusting it. Exit status 0, 1 when a document has warnings, 2 when the
folder cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys

from discourse.corpus.check import check_corpus, format_check
from discourse.errors import CorpusError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m discourse")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="segment a corpus folder and report per document")
    check.add_argument("folder", help="a corpus folder with letters.csv")
    args = parser.parse_args(argv)
    try:
        result = check_corpus(args.folder)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(format_check(result))
    return 1 if len(result.warnings) else 0


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    sys.exit(main())
