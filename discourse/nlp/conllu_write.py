"""A token table as CoNLL-U lines (the writing half of :mod:`.conllu`).

Layout: ``# newdoc id`` per document (with ``# pipeline`` / ``# pipeline_version`` from
``attrs["pipeline"]``), ``# newpar id`` per segment followed by its metadata as
``# role = government`` comments (the token table's metadata columns, ``date`` as
``YYYY-MM-DD``), ``# sent_id = <doc_id>.s<sent_id>`` and ``# text`` per sentence. MISC
carries only what the columns cannot give back by rule: ``SpaceAfter=No`` (the next token
of the segment starts where this one ends), ``TokenRange=start:end`` (a token that does
not start one space after the previous one, nor at 0 as first of its segment),
``NER=<ent_type>``, and ``IsStop`` / ``IsPunct`` / ``IsAlpha`` where a flag differs from
spaCy's Dutch lexical attribute of the form; then the ``misc`` column, if any.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from discourse.errors import CorpusError
from discourse.nlp.conllu_format import derived_flags
from discourse.nlp.schema import FLAG_COLUMNS, META_COLUMNS

__all__ = ["EXTRA_COLUMNS", "FLAG_KEYS", "conllu_lines"]

#: CoNLL-U columns beyond the token table, kept by ``read_conllu`` when a file has them.
EXTRA_COLUMNS = ("feats", "head", "deprel", "deps", "misc", "mwt", "empty_nodes")
#: MISC keys of the flag columns (written where the flag differs from the derived one).
FLAG_KEYS = dict(zip(FLAG_COLUMNS, ("IsStop", "IsPunct", "IsAlpha"), strict=True))


def _strings(tokens: pd.DataFrame, column: str) -> list[str | None]:
    """A column as Python strings, ``None`` where missing or absent."""
    if column not in tokens.columns:
        return [None] * len(tokens)
    values = tokens[column].astype(object).tolist()
    return [
        None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in values
    ]


def _field(value: str | None) -> str:
    return "_" if value is None or value == "" else value


def _meta_value(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    return str(value)


def _runs(values: Sequence[Any], new: np.ndarray, what: str, row_ids: Sequence[Any]) -> None:
    """Refuse a key that starts a second run (its rows are not together)."""
    seen: set[Any] = set()
    for i in np.flatnonzero(new).tolist():
        if values[i] in seen:
            raise CorpusError(
                f"to_conllu(): the rows of {what} {values[i]!r} are not together (again at "
                f"row {row_ids[i]!r}); sort the table by doc_id and token_id first"
            )
        seen.add(values[i])


def _checked_forms(forms: list[str | None], row_ids: Sequence[Any]) -> None:
    for i, form in enumerate(forms):
        if not form or "\t" in form or "\n" in form or "\r" in form:
            raise CorpusError(
                f"to_conllu(): column 'text' at row {row_ids[i]!r} is {form!r}; a CoNLL-U "
                "FORM is a non-empty string without tabs or line breaks"
            )


def _misc_column(tokens: pd.DataFrame, forms: list[str], seg_start: np.ndarray) -> list[str]:
    """The MISC field of every row (see the module docstring)."""
    n = len(tokens)
    start = tokens["char_start"].to_numpy(np.int64) if "char_start" in tokens else None
    length = np.fromiter(map(len, forms), np.int64, n)
    in_mwt = _inside_ranges(tokens)
    parts: list[list[str]] = [[] for _ in range(n)]
    if start is not None:
        end = start + length
        last = np.append(seg_start[1:], True)  # last token of its segment
        glued = ~last & (np.append(start[1:], -1) == end)
        expected = np.zeros(n, np.int64)
        expected[1:] = end[:-1] + np.where(glued[:-1], 0, 1)
        for i, line in enumerate(_strings(tokens, "mwt")):
            j = i + _span(line) if line else n  # the row after a multiword token
            if j < n and not seg_start[j]:
                fields = line.split("\t")  # type: ignore[union-attr]
                glue = "SpaceAfter=No" in fields[9].split("|")
                expected[j] = start[i] + len(fields[1]) + (0 if glue else 1)
        expected[seg_start] = 0
        ranged = (start != expected) & ~in_mwt
        for i in range(n):
            if glued[i] and not in_mwt[i]:
                parts[i].append("SpaceAfter=No")
            if ranged[i]:
                parts[i].append(f"TokenRange={start[i]}:{end[i]}")
    for i, ent in enumerate(_strings(tokens, "ent_type")):
        if ent:
            parts[i].append(f"NER={ent}")
    _flag_entries(tokens, parts)
    for i, extra in enumerate(_strings(tokens, "misc")):
        if extra:
            parts[i].append(extra)
    return ["|".join(p) if p else "_" for p in parts]


def _flag_entries(tokens: pd.DataFrame, parts: list[list[str]]) -> None:
    present = [c for c in FLAG_COLUMNS if c in tokens.columns]
    if not present:
        return
    codes, uniq = pd.factorize(tokens["text"].astype(object))
    derived = np.array([derived_flags(str(u)) for u in uniq] or np.zeros((0, 3)), bool)
    for j, column in enumerate(FLAG_COLUMNS):
        if column not in present:
            continue
        actual = tokens[column].to_numpy(bool)
        differ = np.flatnonzero(actual != derived[codes, j])
        for i in differ.tolist():
            parts[i].append(f"{FLAG_KEYS[column]}={'Yes' if actual[i] else 'No'}")


def _inside_ranges(tokens: pd.DataFrame) -> np.ndarray:
    """Rows that are words of a multiword token (its raw range line is in ``mwt``)."""
    inside = np.zeros(len(tokens), bool)
    for i, line in enumerate(_strings(tokens, "mwt")):
        if line:
            inside[i : i + _span(line)] = True
    return inside


def _span(line: str) -> int:
    """Number of words of a multiword-range line ``lo-hi …``."""
    lo, hi = line.split("\t", 1)[0].split("-")
    return int(hi) - int(lo) + 1


def conllu_lines(
    tokens: pd.DataFrame, par_comments: Mapping[str, Sequence[tuple[str, str]]] | None = None
) -> Iterator[str]:
    """The CoNLL-U lines (without line ends) of a token table in document order.

    ``par_comments[seg_id]`` are further ``(key, value)`` comments after a segment's
    ``# newpar`` line (e.g. the text hash of the shipped annotation).
    """
    n = len(tokens)
    row_ids = tokens.index
    docs, segs, forms = (
        _strings(tokens, "doc_id"),
        _strings(tokens, "seg_id"),
        _strings(tokens, "text"),
    )
    _checked_forms(forms, row_ids)
    sents = tokens["sent_id"].to_numpy(np.int64)
    doc_start = np.ones(n, bool)
    doc_start[1:] = np.array(docs[1:], object) != np.array(docs[:-1], object)
    seg_start = doc_start.copy()
    seg_start[1:] |= np.array(segs[1:], object) != np.array(segs[:-1], object)
    sent_start = seg_start.copy()
    sent_start[1:] |= sents[1:] != sents[:-1]
    _runs(docs, doc_start, "document", row_ids)
    _runs(segs, seg_start, "segment", row_ids)
    _runs(list(zip(docs, sents.tolist(), strict=True)), sent_start, "sentence", row_ids)
    misc = _misc_column(tokens, forms, seg_start)
    cols = {c: _strings(tokens, c) for c in ("lemma", "upos", "tag", "feats", "deprel", "deps")}
    head = tokens["head"].astype(object).tolist() if "head" in tokens else [None] * n
    mwt, empty = _strings(tokens, "mwt"), _strings(tokens, "empty_nodes")
    meta = {c: tokens[c].tolist() for c in META_COLUMNS if c in tokens.columns}
    pipeline = tokens.attrs.get("pipeline") or {}
    par_comments = par_comments or {}
    word = 0
    for i in range(n):
        if doc_start[i]:
            yield from ([""] if i else [])
            yield f"# newdoc id = {docs[i]}"
            if pipeline.get("name"):
                yield f"# pipeline = {pipeline['name']}"
                yield f"# pipeline_version = {pipeline.get('version', 'unknown')}"
        if seg_start[i]:
            if not doc_start[i]:
                yield ""
            yield f"# newpar id = {segs[i]}"
            for column, values in meta.items():
                value = _meta_value(values[i])
                if value is not None:
                    yield f"# {column} =" + (f" {_one_line(value)}" if value else "")
            for key, value in par_comments.get(str(segs[i]), ()):
                yield f"# {key} = {value}"
        if sent_start[i]:
            if not seg_start[i]:
                yield ""
            stop = i + 1
            while stop < n and not sent_start[stop]:
                stop += 1
            yield f"# sent_id = {docs[i]}.s{sents[i]}"
            yield "# text = " + "".join(
                forms[k] + ("" if "SpaceAfter=No" in misc[k].split("|") or k == stop - 1 else " ")
                for k in range(i, stop)
            )
            word = 0
        word += 1
        if mwt[i]:
            yield mwt[i]
        for line in (empty[i] or "").split("\n") if empty[i] else ():
            if line.startswith("0."):
                yield line
        h = head[i]
        yield "\t".join(
            (
                str(word),
                forms[i],
                _field(cols["lemma"][i]),
                _field(cols["upos"][i]),
                _field(cols["tag"][i]),
                _field(cols["feats"][i]),
                "_" if h is None or pd.isna(h) else str(int(h)),
                _field(cols["deprel"][i]),
                _field(cols["deps"][i]),
                misc[i],
            )
        )
        for line in (empty[i] or "").split("\n") if empty[i] else ():
            if not line.startswith("0."):
                yield line
    if n:
        yield ""


def _one_line(value: str) -> str:
    return " ".join(value.split()) if "\n" in value or "\r" in value else value
