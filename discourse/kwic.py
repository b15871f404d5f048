"""Keyword in context (KWIC) concordances over a token table or a letters/segments table.

Node matching is shared with :func:`discourse.collocations` (one term, several terms,
phrases, glob or regex patterns), so a concordance shows exactly the node occurrences a
collocation table counted.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from .collocation import _blocks, _codes, _find_node, _int_codes, _require, _row_order, _window
from .errors import CorpusError
from .provenance import with_provenance

__all__ = ["KWIC_COLUMNS", "kwic", "kwic_html"]

#: Columns of every :func:`kwic` result; the ``by`` columns follow ``seg_id`` and the
#: letter metadata columns present in the input (:data:`META_COLUMNS`) come last.
KWIC_COLUMNS = (
    "doc_id",
    "seg_id",
    "sent_id",
    "token_id",
    "char_start",
    "left",
    "match",
    "right",
    "sentence",
)
META_COLUMNS = ("period", "cabinet", "minister", "doc_type", "date", "role", "speaker")
_NO_SPACE_BEFORE = re.compile(r"^[.,;:!?%)\]}»”’]")
_NO_SPACE_AFTER = re.compile(r"[(\[{«“‘]$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*")


def kwic(
    data: pd.DataFrame,
    query: str | Sequence[str],
    *,
    window: int | tuple[int, int] = 5,
    by: str | Sequence[str] | None = None,
    unit: Literal["lower", "lemma", "text"] = "lower",
    match_on: str | Sequence[str] | None = None,
    regex: bool = False,
    case_insensitive: bool = True,
    within_sentence: bool = True,
    sort: Literal["position", "left", "right", "match"] = "position",
) -> pd.DataFrame:
    """Concordance lines: one row per occurrence of ``query``.

    Parameters
    ----------
    data : DataFrame
        A token table (docs/design.md), or a letters/segments table with ``doc_id`` and
        ``text`` (no ``token_id``): then ``query`` is searched in the text by regular
        expression on word boundaries, contexts are whitespace-separated words, sentences
        are split at ``.!?`` + whitespace and at line breaks, and ``unit``/``match_on`` are
        ignored (surface forms only); ``sent_id``/``token_id`` are missing there.
    query : str or list of str
        As ``node`` in :func:`discourse.collocations`: terms, phrases ("Verenigde Staten"),
        glob patterns (``"amerika*"``) or, with ``regex=True``, regular expressions.
    window : int or (int, int)
        Context tokens (words for a text table) to the left and right.
    by : str or list of str, optional
        Group columns, placed after ``seg_id`` (e.g. ``"period"``).
    unit, match_on : str
        Column(s) the query is matched on; default ``unit="lower"``. With ``unit="lemma"``
        the query matches the lemma or the lower-cased form, as in collocations.
    regex, case_insensitive : bool
        Pattern syntax and case folding.
    within_sentence : bool
        Contexts stop at the sentence boundary (default); they never cross a segment.
    sort : {"position", "left", "right", "match"}
        Document order; by left context read outwards from the match (L1, L2, ... as in
        AntConc's 1L sort); by right context (R1, R2, ...); or by the matched form.

    Returns
    -------
    DataFrame
        :data:`KWIC_COLUMNS` (plus ``by`` and metadata columns). ``token_id`` is the
        position of the first matched token, ``char_start`` its offset in the segment text
        (in the row's text for a text table). Contexts are rebuilt from the tokens with
        single spaces where ``char_start`` shows a gap.

    Examples
    --------
    >>> import pandas as pd
    >>> words = "De Verenigde Staten en Europa .".split()
    >>> toks = pd.DataFrame({"doc_id": "d", "seg_id": "d:000", "sent_id": 0,
    ...                      "token_id": range(6), "text": words,
    ...                      "lower": [w.lower() for w in words]})
    >>> kwic(toks, "verenigde staten", window=2)[["left", "match", "right"]].values.tolist()
    [['De', 'Verenigde Staten', 'en Europa']]
    """
    left, right = _window(window)
    if sort not in ("position", "left", "right", "match"):
        raise ValueError(f"sort must be position/left/right/match, got {sort!r}")
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    params = dict(
        query=query,
        window=[left, right],
        by=by,
        unit=unit,
        regex=regex,
        within_sentence=within_sentence,
        sort=sort,
    )
    if "token_id" not in data.columns:
        _require(data, ["doc_id", "text", *by_cols])
        hits = _text_hits(data, query, left, right, regex, case_insensitive, within_sentence)
    else:
        if match_on is None:
            match_cols = [unit, "lower"] if unit == "lemma" else [unit]
        else:
            match_cols = [match_on] if isinstance(match_on, str) else list(match_on)
        _require(data, ["doc_id", "seg_id", "sent_id", "token_id", "text", *match_cols, *by_cols])
        hits = _token_hits(
            data, query, left, right, match_cols, regex, case_insensitive, within_sentence
        )
    meta = [c for c in META_COLUMNS if c in data.columns and c not in by_cols]
    cols = ["doc_id", "seg_id", *by_cols, *KWIC_COLUMNS[2:], *meta]
    rows = hits.pop("_row")
    out = data.iloc[rows][["doc_id", *by_cols, *meta]].reset_index(drop=True)
    for name, values in hits.items():
        out[name] = values
    out = out[cols]
    if sort != "position" and len(out):
        keys = {
            "left": [tuple(reversed(s.lower().split())) for s in out["left"]],
            "right": [tuple(s.lower().split()) for s in out["right"]],
            "match": list(out["match"].str.lower()),
        }[sort]
        out = out.iloc[sorted(range(len(out)), key=keys.__getitem__)].reset_index(drop=True)
    return with_provenance(out, data, **params)


def _token_hits(
    tokens, query, left, right, match_cols, regex, case_insensitive, within_sentence
) -> dict[str, object]:
    doc, n_docs = _int_codes(tokens["doc_id"])
    order = _row_order(tokens, doc, n_docs)
    seg_block = _blocks(doc[order], _int_codes(tokens["seg_id"])[0][order])
    sent_block = _blocks(seg_block, tokens["sent_id"].to_numpy()[order])
    columns = []
    for col in match_cols:
        codes, uniques = _codes(tokens[col], lower=case_insensitive)
        columns.append((codes[order], uniques))
    starts, lengths, _ = _find_node(
        columns, query, seg_block, regex=regex, case_insensitive=case_insensitive
    )
    first = np.flatnonzero(starts)
    last = first + lengths[first] - 1
    ctx = sent_block if within_sentence else seg_block
    win_lo = np.maximum(first - left, _run_bounds(ctx, first)[0])
    win_hi = np.minimum(last + right, _run_bounds(ctx, last)[1])
    sent_lo, sent_hi = _run_bounds(sent_block, first)[0], _run_bounds(sent_block, last)[1]
    span_lo = np.minimum(win_lo, sent_lo)
    span_hi = np.maximum(win_hi, sent_hi)
    # gather the text of only the tokens that some line shows
    marks = np.zeros(len(seg_block) + 1, dtype=np.int64)
    np.add.at(marks, span_lo, 1)
    np.add.at(marks, span_hi + 1, -1)
    need = np.flatnonzero(np.cumsum(marks[:-1]) > 0)
    text = tokens["text"].iloc[order[need]].astype(str).to_numpy(dtype=object)
    if "char_start" in tokens.columns:
        cs = tokens["char_start"].iloc[order[need]].to_numpy(dtype=np.int64)
        ends = cs + np.fromiter(map(len, text), np.int64, len(text))
        gap = np.zeros(len(text), dtype=bool)  # a space before token k
        gap[1:] = cs[1:] > ends[:-1]
    else:
        gap = np.array([not _NO_SPACE_BEFORE.match(t) for t in text], dtype=bool)
        gap[1:] &= np.array([not _NO_SPACE_AFTER.search(t) for t in text[:-1]], dtype=bool)
        cs = np.full(len(text), -1, dtype=np.int64)

    pieces = [" " + t if g else t for t, g in zip(text, gap, strict=True)]

    def join(lo: np.ndarray, hi: np.ndarray) -> list[str]:  # positions lo..hi inclusive
        i = np.searchsorted(need, lo)
        j = np.where(hi >= lo, np.searchsorted(need, hi) + 1, i)
        return [
            "".join(pieces[a:b]).lstrip(" ") if a < b else "" for a, b in zip(i, j, strict=True)
        ]

    loc = np.searchsorted(need, first)
    return {
        "_row": order[first],
        "seg_id": tokens["seg_id"].iloc[order[first]].astype(str).to_numpy(),
        "sent_id": tokens["sent_id"].iloc[order[first]].to_numpy(),
        "token_id": tokens["token_id"].iloc[order[first]].to_numpy(),
        "char_start": pd.Series(cs[loc], dtype="Int64").where(cs[loc] >= 0).array,
        "left": join(win_lo, np.where(first > win_lo, first - 1, win_lo - 1)),
        "match": join(first, last),
        "right": join(np.where(win_hi > last, last + 1, win_hi + 1), win_hi),
        "sentence": join(sent_lo, sent_hi),
    }


def _run_bounds(block: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last position of the run (``_blocks`` id, numbered from 1) of each ``at``."""
    run_start = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else at
    run_end = np.r_[run_start[1:], len(block)] - 1
    return run_start[block[at] - 1], run_end[block[at] - 1]


def _glob_regex(term: str) -> str:
    return re.escape(term).replace(r"\*", r"\w*").replace(r"\?", r"\w")


def _text_hits(table, query, left, right, regex, case_insensitive, within_sentence):
    terms = [query] if isinstance(query, str) else list(query)
    alts = [
        r"\s+".join(p if regex else _glob_regex(p) for p in t.split())
        for t in sorted(terms, key=lambda t: len(t.split()), reverse=True)
        if t.strip()
    ]
    if not alts:
        raise CorpusError("empty query")
    flags = re.IGNORECASE if case_insensitive else 0
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)
    out: dict[str, list] = {
        k: [] for k in ("_row", "seg_id", "char_start", "left", "match", "right", "sentence")
    }
    seg_ids = table["seg_id"].astype(str).to_numpy() if "seg_id" in table.columns else None
    for row, text in enumerate(table["text"].fillna("").astype(str)):
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
        for m in pattern.finditer(text):
            k = np.searchsorted(bounds, m.start(), side="right") - 1
            s_lo, s_hi = bounds[k], bounds[min(k + 1, len(bounds) - 1)]
            lo, hi = (s_lo, s_hi) if within_sentence else (0, len(text))
            out["_row"].append(row)
            out["seg_id"].append(seg_ids[row] if seg_ids is not None else pd.NA)
            out["char_start"].append(m.start())
            out["left"].append(" ".join(text[lo : m.start()].split()[-left:] if left else []))
            out["match"].append(" ".join(m.group(0).split()))
            out["right"].append(" ".join(text[m.end() : hi].split()[:right]))
            out["sentence"].append(" ".join(text[s_lo:s_hi].split()))
    out["sent_id"] = [pd.NA] * len(out["_row"])
    out["token_id"] = [pd.NA] * len(out["_row"])
    out["char_start"] = pd.array(out["char_start"], dtype="Int64")
    out["_row"] = np.asarray(out["_row"], dtype=np.int64)
    return out


def kwic_html(
    result: pd.DataFrame, *, max_rows: int | None = 500, info: Sequence[str] = ("doc_id",)
) -> str:
    """Render a :func:`kwic` result as an aligned HTML table (left | match | right).

    All text is HTML-escaped; the match is wrapped in ``<mark><b>`` and the full sentence
    is the row's tooltip. ``info`` columns (e.g. ``("doc_id", "period")``) lead each row.
    Returns a string for ``IPython.display.HTML`` or an ``ipywidgets.HTML`` value.
    """
    shown = result if max_rows is None else result.head(max_rows)
    info = [c for c in info if c in shown.columns]
    esc = html.escape
    cell = "padding:1px 6px;white-space:nowrap;"
    head = "".join(f'<th style="{cell}text-align:left">{esc(c)}</th>' for c in info)
    lines = [
        '<table class="discourse-kwic" style="border-collapse:collapse;'
        'font-family:monospace;font-size:90%">',
        f'<thead><tr>{head}<th style="{cell}text-align:right">left</th>'
        f'<th style="{cell}">match</th><th style="{cell}text-align:left">right</th></tr></thead>',
        "<tbody>",
    ]
    for rec in shown.to_dict("records"):
        info_cells = "".join(f'<td style="{cell}color:#555">{esc(str(rec[c]))}</td>' for c in info)
        lines.append(
            f'<tr title="{esc(str(rec.get("sentence", "")))}">{info_cells}'
            f'<td style="{cell}text-align:right;max-width:40em;overflow:hidden;'
            f'direction:rtl"><bdi>{esc(str(rec["left"]))}</bdi></td>'
            f'<td style="{cell}text-align:center"><mark><b>{esc(str(rec["match"]))}</b></mark></td>'
            f'<td style="{cell}text-align:left;max-width:40em;overflow:hidden">'
            f"{esc(str(rec['right']))}</td></tr>"
        )
    lines.append("</tbody></table>")
    if max_rows is not None and len(result) > max_rows:
        lines.append(f"<p><i>{max_rows} of {len(result)} lines shown</i></p>")
    return "\n".join(lines)
