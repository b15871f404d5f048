"""Command line: ``python -m discourse check DIR`` and ``python -m discourse fetch ...``.

``check`` prints, per document of the corpus folder ``DIR``, the segments and words found
per role and every warning (:func:`discourse.corpus.check.check_corpus`): what a researcher
runs on a new folder before trusting it. Exit status 0, 1 when a document has warnings, 2
when the folder cannot be loaded.

``fetch`` builds a corpus folder from the Tweede Kamer open data
(:func:`discourse.corpus.opendata.fetch.fetch_documents`)::

    python -m discourse fetch --dossier 21501-02 --since 2017-10-26 \\
        --soort "Brief regering" --out brieven/ [--api-url URL] [--limit N]

It prints how many documents were downloaded, unchanged and skipped (the reasons are in
``fetch_log.csv``). Exit status 0 when every listed document is in the folder, 1 when some
were skipped, 2 on an error (bad argument, service unreachable: what was fetched is kept).
"""

from __future__ import annotations

import argparse
import sys

from discourse.errors import CorpusError


def _fetch_parser(commands) -> None:
    fetch = commands.add_parser("fetch", help="fetch Kamerstukken from the Tweede Kamer open data")
    fetch.add_argument("--out", required=True, help="corpus folder to create or update")
    fetch.add_argument("--dossier", help="Kamerstukdossier, e.g. 21501-02 or 36715")
    fetch.add_argument(
        "--soort",
        action="append",
        help="kind of document (Soort), repeatable; default 'Brief regering'",
    )
    fetch.add_argument("--since", help="first date, YYYY-MM-DD")
    fetch.add_argument("--until", help="last date, YYYY-MM-DD")
    fetch.add_argument("--minister", help="keep documents signed by a minister of this name")
    fetch.add_argument("--limit", type=int, help="stop after N records")
    fetch.add_argument("--api-url", help="OData service root (default $DISCOURSE_TK_API)")
    fetch.add_argument("--pub-url", help="mirror of the publications ($DISCOURSE_PUB_URL)")
    fetch.add_argument("--no-progress", action="store_true", help="no progress bar")


def _fetch(args: argparse.Namespace) -> int:
    from discourse.corpus.opendata.fetch import fetch_documents

    log = fetch_documents(
        args.out,
        dossier=args.dossier,
        soort=args.soort or "Brief regering",
        since=args.since,
        until=args.until,
        minister=args.minister,
        limit=args.limit,
        api_url=args.api_url,
        pub_url=args.pub_url,
        progress=not args.no_progress,
    )
    counts = log["action"].value_counts()
    done = ", ".join(f"{counts.get(a, 0)} {a}" for a in ("downloaded", "unchanged", "skipped"))
    print(f"{log.attrs['folder']}: {done} (log: fetch_log.csv)")
    return 1 if counts.get("skipped", 0) else 0


def _check(args: argparse.Namespace) -> int:
    from discourse.corpus.check import check_corpus, format_check

    result = check_corpus(args.folder)
    print(format_check(result))
    return 1 if len(result.warnings) else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m discourse")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="segment a corpus folder and report per document")
    check.add_argument("folder", help="a corpus folder with letters.csv")
    _fetch_parser(commands)
    args = parser.parse_args(argv)
    try:
        return _fetch(args) if args.command == "fetch" else _check(args)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover - exercised through main()
    sys.exit(main())
