"""Readers of the LIWC (``.dic``) and WordStat (``.cat``) dictionary formats.

Both return ``[(category, pattern), ...]`` in file order, the rows of
:func:`~discourse.analysis.dictionary.load_dictionary`, following quanteda's
``dictionary(file=, format=)`` (Benoit et al. 2018): the format follows the file's
extension (``.dic`` LIWC, ``.cat`` WordStat, ``.yml``/``.yaml`` YAML) unless ``format=`` is
given, entries are lower-cased (quanteda's ``tolower = TRUE``) and ``*`` is a wildcard.

**LIWC** (Pennebaker et al. 2015): a header between two lines holding only ``%`` lists
the categories as ``number<TAB>name``; each entry line after it is a word (or phrase) and
the numbers of its categories, ``word<TAB>1 5``. An entry in several categories gives one
row per category. Bracketed LIWC 2007 combination codes (``<of>/...``) are not supported
and are reported with their line.

**WordStat** (Provalis Research): categories are lines without a weight, nested by
indentation (tabs, or spaces consistently); entries are ``WORD (1)`` lines under their
category (the weight in brackets is read and dropped, as quanteda does). Nested
categories are joined with ``.`` (``ECONOMIE.HANDEL``), as the YAML reader does.

Every problem raises :class:`~discourse.errors.CorpusError` naming the file and line.

References
----------
Benoit, K. et al. (2018). quanteda. *JOSS* 3(30), 774 (``dictionary()``, its ``file``
and ``format`` arguments, ``read_dict_liwc``, ``read_dict_wordstat``).
Pennebaker, J. W., Boyd, R. L., Jordan, K. & Blackburn, K. (2015). *The development and
psychometric properties of LIWC2015*. University of Texas at Austin.
Provalis Research. *WordStat User's Guide*, "Categorization dictionaries".
"""

from __future__ import annotations

import re
from pathlib import Path

from discourse.errors import CorpusError

__all__ = ["FORMATS", "dictionary_format", "read_liwc", "read_wordstat"]

#: Dictionary formats and the file extensions that select them.
FORMATS = {"yaml": (".yaml", ".yml"), "liwc": (".dic",), "wordstat": (".cat",)}

_WEIGHT = re.compile(r"^(?P<term>.*?)\s*\((?P<weight>[^()]*)\)\s*$")


def dictionary_format(path: Path, format: str | None) -> str:
    """The format of a dictionary file: ``format`` itself, else from the extension."""
    if format is not None:
        return format
    suffix = path.suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    known = ", ".join(f"{s} ({name})" for name, sx in FORMATS.items() for s in sx)
    raise CorpusError(
        f"{path}: cannot tell the dictionary format from the extension {suffix or '(none)'!r}; "
        f"known: {known}; or give format='yaml', 'liwc' or 'wordstat'"
    )


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: not UTF-8 text (byte {exc.start}); save the dictionary as UTF-8"
        ) from exc


def _term(raw: str, source: str) -> str:
    term = " ".join(raw.lower().split())
    if not term:
        raise CorpusError(f"{source}: an entry without a word")
    return term


def read_liwc(path: Path) -> list[tuple[str, str]]:
    """``(category, pattern)`` rows of a LIWC ``.dic`` file (see the module notes)."""
    lines = _lines(path)
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise CorpusError(
            f"{path}: a LIWC dictionary starts with a header between two lines '%' "
            f"(found {len(marks)} such line(s)); the categories go there as 'number<TAB>name'"
        )
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2 or not parts[0].isdigit():
            raise CorpusError(
                f"{path}, line {i + 1}: {lines[i].strip()!r} is not a header entry "
                "'number<TAB>category name'"
            )
        if parts[0] in names:
            raise CorpusError(f"{path}, line {i + 1}: category number {parts[0]} given twice")
        names[parts[0]] = " ".join(parts[1:])
    rows: list[tuple[str, str]] = []
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        where = f"{path}, line {i + 1}"
        word, numbers = _liwc_entry(line)
        if not numbers:
            raise CorpusError(f"{where}: {line.strip()!r} has no category numbers")
        for number in numbers:
            if number not in names:
                raise CorpusError(
                    f"{where}: category {number!r} of {word.strip()!r} is not in the header; "
                    f"header numbers: {', '.join(names) or '(none)'}"
                )
            rows.append((names[number], _term(word, where)))
    return rows


def _liwc_entry(line: str) -> tuple[str, list[str]]:
    """The word (or phrase) of an entry line and its category numbers (as strings)."""
    if "\t" in line:
        word, _, rest = line.partition("\t")
        return word, rest.split()
    parts = line.split()
    k = len(parts)
    while k > 1 and parts[k - 1].isdigit():
        k -= 1
    return " ".join(parts[:k]), parts[k:]


def read_wordstat(path: Path) -> list[tuple[str, str]]:
    """``(category, pattern)`` rows of a WordStat ``.cat`` file (see the module notes)."""
    rows: list[tuple[str, str]] = []
    stack: list[tuple[int, str]] = []  # (indent, category name) of the open categories
    for i, line in enumerate(_lines(path)):
        if not line.strip():
            continue
        where = f"{path}, line {i + 1}"
        indent = len(line) - len(line.lstrip())
        text = line.strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        entry = _WEIGHT.match(text)
        if entry is None:  # a category line
            stack.append((indent, text))
            continue
        if not stack:
            raise CorpusError(f"{where}: entry {text!r} comes before any category")
        if not re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", entry["weight"]):
            raise CorpusError(
                f"{where}: {text!r}: the weight in brackets must be a number, like 'HANDEL* (1)'"
            )
        category = ".".join(name for _, name in stack)
        rows.append((category, _term(entry["term"], where)))
    if not rows:
        raise CorpusError(f"{path}: no entries 'WORD (1)' under a category")
    return rows
