"""CoNLL-U sentences into token table rows (the reading half of :mod:`.conllu`).

:class:`Rows` collects the words of one or more files: documents from ``# newdoc``,
segments from ``# newpar`` (implicit ones named ``<doc_id>:000``, ``:001`` …), metadata
comments at document or segment scope, ``char_start`` from ``TokenRange`` or the spacing
(``SpaceAfter=No``), and builds the table (:meth:`Rows.table`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from discourse.errors import CorpusError
from discourse.nlp.categoricals import categorical_of, codes_categorical, lower_of
from discourse.nlp.conllu_format import Sentence, derived_flags, split_misc
from discourse.nlp.conllu_write import EXTRA_COLUMNS, FLAG_KEYS
from discourse.nlp.schema import COLUMNS, FLAG_COLUMNS, META_COLUMNS

__all__ = ["Rows"]

_FLAG_OF_KEY = {key: column for column, key in FLAG_KEYS.items()}
_IOB = re.compile(r"[BIES]-")
_LISTS = ("doc", "seg", "sent", "form", "lemma", "upos", "tag", "ent", "start", *EXTRA_COLUMNS)


def _value(field: str) -> str | None:
    return None if field == "_" else field


class Rows:
    """The words read so far, one list per column, and the documents and segments."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {k: [] for k in _LISTS}
        self.flags: dict[str, dict[int, bool]] = {c: {} for c in FLAG_COLUMNS}
        self.docs: dict[str, dict[str, str]] = {}  # doc id -> its metadata comments
        self.segs: dict[str, dict[str, str]] = {}  # seg id -> its metadata comments
        self.seg_doc: dict[str, str] = {}
        self.extra: dict[str, dict[str, str]] = {}  # seg id -> its other comments
        self.pipeline: dict[str, str] = {}
        self.files: list[str] = []

    # -- reading -----------------------------------------------------------------------
    def start_file(self, path: Path) -> None:
        self.path, self.doc, self.seg, self.scope = path, None, None, "doc"
        self.files.append(path.name)
        self.seg_end = -1  # row of the current segment's last word

    def _fail(self, line: int | None, message: str) -> CorpusError:
        where = f", near line {line}" if line else ", at the end"
        return CorpusError(f"read_conllu(): {self.path}{where}: {message}")

    def _new_doc(self, doc_id: str | None, line: int | None) -> None:
        doc_id = doc_id or self._implicit_doc()
        if doc_id in self.docs:
            raise self._fail(line, f"document id {doc_id!r} occurs twice")
        self._end_segment()
        self.docs[doc_id], self.doc, self.seg, self.scope = {}, doc_id, None, "doc"
        self.sent_no = -1

    def _implicit_doc(self) -> str:
        """The file's name without ``.conllu``, numbered when taken (``# newdoc`` without id)."""
        stem, k = self.path.name.split(".conllu")[0], 1
        name = stem
        while name in self.docs:
            k += 1
            name = f"{stem}-{k}"
        return name

    def _new_seg(self, seg_id: str | None, line: int | None) -> None:
        if self.doc is None:
            self._new_doc(None, line)
        index = sum(1 for d in self.seg_doc.values() if d == self.doc)
        seg_id = seg_id or f"{self.doc}:{index:03d}"
        if seg_id in self.segs:
            raise self._fail(line, f"segment (newpar) id {seg_id!r} occurs twice")
        self._end_segment()
        self.segs[seg_id] = dict(self.docs[self.doc])  # type: ignore[index]
        self.seg_doc[seg_id], self.extra[seg_id] = self.doc, {}  # type: ignore[assignment]
        self.seg, self.scope, self.pos = seg_id, "par", 0

    def _end_segment(self) -> None:
        """A last word glued to what follows keeps ``SpaceAfter=No`` in ``misc``."""
        if self.seg_end >= 0 and self.glued_end:
            misc = self.cols["misc"][self.seg_end]
            self.cols["misc"][self.seg_end] = "SpaceAfter=No" + (f"|{misc}" if misc else "")
        self.seg_end, self.glued_end = -1, False

    def comments(self, comments: list[tuple[str, str | None]], line: int | None) -> str | None:
        """Apply a sentence's comments; returns its ``# sent_id``."""
        sent_id = None
        for key, value in comments:
            if key == "newdoc":
                self._new_doc(value, line)
            elif key == "newpar":
                self._new_seg(value, line)
            elif key in META_COLUMNS:
                if self.doc is None:
                    self._new_doc(None, line)
                target = self.segs[self.seg] if self.scope == "par" else self.docs[self.doc]  # type: ignore[index]
                target[key] = value or ""
            elif key in ("pipeline", "pipeline_version") and value:
                self.pipeline.setdefault("name" if key == "pipeline" else "version", value)
            elif key == "sent_id":
                sent_id = value
            elif self.scope == "par" and self.seg is not None and value is not None:
                self.extra[self.seg][key] = value
        return sent_id

    def sentence(self, sent: Sentence) -> None:
        label = self.comments(sent.comments, sent.line)
        if self.seg is None:
            self._new_seg(None, sent.line)
        match = re.fullmatch(re.escape(str(self.doc)) + r"\.s(\d+)", label or "")
        self.sent_no = int(match.group(1)) if match else self.sent_no + 1
        ranges = {at: line.split("\t") for at, line in sent.ranges.items()}
        span_end, span_start = -1, 0
        for k, fields in enumerate(sent.words):
            if k in ranges:  # a multiword token: its words start where it starts
                lo, hi = (int(x) for x in ranges[k][0].split("-"))
                span_end = k + hi - lo
                span_start = self._start(split_misc(ranges[k][9]), ranges[k][1], [])[0]
            self._word(fields, k <= span_end, span_start)
            self.cols["mwt"].append("\t".join(ranges[k]) if k in ranges else None)
            empty = sent.empty.get(k, []) + (sent.empty.get(-1, []) if k == 0 else [])
            self.cols["empty_nodes"].append("\n".join(sorted(empty, key=_zero_first)) or None)
        self.seg_end = len(self.cols["form"]) - 1

    def _start(
        self, entries: list[tuple[str, str]], form: str, left: list[str]
    ) -> tuple[int, bool]:
        """Start of a token at the current position (``TokenRange`` where it differs) and
        whether it is glued to the next; advances the position."""
        glued, start = False, self.pos
        for key, value in entries:
            if key == "SpaceAfter" and value == "No":
                glued = True
            elif key == "TokenRange" and re.fullmatch(r"\d+:\d+", value):
                given = int(value.split(":")[0])
                if given == self.pos:
                    left.append(f"{key}={value}")
                start = given
        self.pos = start + len(form) + (0 if glued else 1)
        return start, glued

    def _word(self, fields: list[str], inside: bool, span_start: int) -> None:
        row = len(self.cols["form"])
        entries, left, ent = split_misc(fields[9]), [], ""
        spacing = (
            [] if inside else [(k, v) for k, v in entries if k in ("SpaceAfter", "TokenRange")]
        )
        for key, value in entries:
            if key == "NER":
                ent = "" if value == "O" else _IOB.sub("", value, count=1)
            elif key in _FLAG_OF_KEY and value in ("Yes", "No"):
                self.flags[_FLAG_OF_KEY[key]][row] = value == "Yes"
            elif inside or key not in ("SpaceAfter", "TokenRange"):
                left.append(f"{key}={value}" if value or "=" in fields[9] else key)
        if inside:
            start, self.glued_end = span_start, False
        else:
            start, self.glued_end = self._start(spacing, fields[1], left)
        c = self.cols
        c["doc"].append(self.doc), c["seg"].append(self.seg), c["sent"].append(self.sent_no)
        c["form"].append(fields[1]), c["start"].append(start), c["ent"].append(ent)
        c["lemma"].append("_" if fields[2] == "_" and fields[1] == "_" else _value(fields[2]))
        for column, field in zip(("upos", "tag", "feats"), fields[3:6], strict=True):
            c[column].append(_value(field))
        c["head"].append(None if fields[6] == "_" else int(fields[6]))
        c["deprel"].append(_value(fields[7])), c["deps"].append(_value(fields[8]))
        c["misc"].append("|".join(left) or None)

    # -- the table ---------------------------------------------------------------------
    def finish_file(self) -> None:
        self._end_segment()

    def table(self, metadata: pd.DataFrame | None) -> pd.DataFrame:
        """The token table of all words read (see :func:`discourse.read_conllu`)."""
        c, n = self.cols, len(self.cols["form"])
        seg_ids, doc_ids = list(self.segs), list(self.docs)
        seg_code = pd.Index(seg_ids).get_indexer(c["seg"]) if n else np.zeros(0, np.int64)
        doc_code = pd.Index(doc_ids).get_indexer(c["doc"]) if n else np.zeros(0, np.int64)
        data: dict[str, Any] = {
            "doc_id": categorical_of(pa.array(doc_ids, pa.string()), doc_code),
            "seg_id": categorical_of(pa.array(seg_ids, pa.string()), seg_code),
            "sent_id": np.asarray(c["sent"], np.int64).astype(np.int32),
            "token_id": _running(doc_code).astype(np.int32),
            "char_start": np.asarray(c["start"], np.int64).astype(np.int32),
        }
        for column, key in (
            ("text", "form"),
            ("lemma", "lemma"),
            ("upos", "upos"),
            ("tag", "tag"),
            ("ent_type", "ent"),
        ):
            data[column] = _categorical([v if v is not None else "" for v in c[key]])
        data["lower"] = lower_of(data["text"])
        data.update(self._flags(data["text"]))
        if metadata is None:
            data.update(self._comment_metadata(seg_ids, seg_code))
        else:
            data.update(_joined(metadata, seg_ids, doc_ids, seg_code, doc_code, self.seg_doc))
        for name in META_COLUMNS:
            if name not in data:
                data[name] = (
                    np.full(n, np.datetime64("NaT", "ns"))
                    if name == "date"
                    else pd.Categorical.from_codes(np.full(n, -1, np.int8), categories=[])
                )
        extras = [e for e in EXTRA_COLUMNS if any(v is not None for v in c[e])]
        for e in extras:
            data[e] = pd.array(c[e], dtype="Int32") if e == "head" else _categorical(c[e])
        out = pd.DataFrame({k: data[k] for k in (*COLUMNS, *extras)}, copy=False)
        out.attrs["pipeline"] = (
            {
                "name": self.pipeline.get("name", "conllu"),
                "version": self.pipeline.get("version", "unknown"),
            }
            if self.pipeline
            else {"name": "conllu", "version": ",".join(self.files)}
        )
        return out

    def _flags(self, text: pd.Categorical) -> dict[str, np.ndarray]:
        derived = np.array(
            [derived_flags(str(form)) for form in text.categories] or np.zeros((0, 3)), bool
        )
        out = {}
        for j, column in enumerate(FLAG_COLUMNS):
            values = derived[text.codes, j] if len(text) else np.zeros(0, bool)
            for row, flag in self.flags[column].items():
                values[row] = flag
            out[column] = values
        return out

    def _comment_metadata(self, seg_ids: list[str], seg_code: np.ndarray) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in META_COLUMNS:
            per_seg = [self.segs[s].get(name) for s in seg_ids]
            if all(v is None for v in per_seg):
                continue
            if name == "date":
                try:
                    dates = pd.to_datetime(pd.Series(per_seg, dtype=object), format="ISO8601")
                except (ValueError, TypeError) as exc:
                    raise CorpusError(
                        f"read_conllu(): a '# date' comment is not a date (YYYY-MM-DD): {exc}"
                    ) from exc
                out[name] = dates.to_numpy("datetime64[ns]")[seg_code]
            else:
                out[name] = _categorical([per_seg[k] for k in seg_code.tolist()])
        return out


def _running(codes: np.ndarray) -> np.ndarray:
    """Position of every row within its run of equal codes (rows of a code are together)."""
    if not len(codes):
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    lengths = np.diff(np.r_[starts, len(codes)])
    return np.arange(len(codes)) - np.repeat(starts, lengths)


def _categorical(values: list[str | None]) -> pd.Categorical:
    """Categorical with sorted categories; ``None`` is missing."""
    codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    names = pa.array([str(u) for u in uniq], pa.string())
    cat = categorical_of(names, np.where(codes < 0, 0, codes))
    if (codes < 0).any():
        cat = pd.Categorical.from_codes(np.where(codes < 0, -1, cat.codes), dtype=cat.dtype)
    return cat


def _joined(
    metadata: pd.DataFrame,
    seg_ids: list[str],
    doc_ids: list[str],
    seg_code: np.ndarray,
    doc_code: np.ndarray,
    seg_doc: dict[str, str],
) -> dict[str, Any]:
    """``doc_id``, ``seg_id`` and the metadata columns of every row from ``metadata``."""
    key = "seg_id" if "seg_id" in metadata.columns else "doc_id"
    if key not in metadata.columns:
        raise CorpusError(
            "read_conllu(): metadata needs a 'seg_id' or 'doc_id' column; its columns: "
            f"{', '.join(map(str, metadata.columns))}"
        )
    names = metadata[key].astype(str)
    if names.duplicated().any():
        raise CorpusError(
            f"read_conllu(): metadata column {key!r} repeats "
            f"{names[names.duplicated()].unique()[:5].tolist()}"
        )
    wanted = seg_ids if key == "seg_id" else doc_ids
    at = pd.Index(names).get_indexer(wanted)
    if (at < 0).any():
        missing = [w for w, a in zip(wanted, at, strict=True) if a < 0][:5]
        raise CorpusError(f"read_conllu(): metadata has no row for {key} {missing} of the file(s)")
    rows = at[seg_code] if key == "seg_id" else at[doc_code]
    out: dict[str, Any] = {key: codes_categorical(metadata[key], rows)}
    if key == "seg_id" and "doc_id" in metadata.columns:
        meta_doc = metadata["doc_id"].astype(str).to_numpy()[at]
        clash = [s for s, d in zip(seg_ids, meta_doc, strict=True) if seg_doc[s] != d][:5]
        if clash:
            raise CorpusError(
                f"read_conllu(): segment(s) {clash} belong to another document in metadata "
                "than in the file"
            )
        out["doc_id"] = codes_categorical(metadata["doc_id"], rows)
    for name in META_COLUMNS:
        if name in metadata.columns:
            out[name] = metadata[name].array.take(rows)
    return out


def _zero_first(line: str) -> tuple[int, str]:
    return (0 if line.startswith("0.") else 1, line)
