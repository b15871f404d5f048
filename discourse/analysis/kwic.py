"""Keyword in context (KWIC) concordances over a token table or a letters/segments table.

Node matching is shared with :func:`discourse.collocations` (one term, several terms,
phrases, glob or regex patterns), so a concordance shows exactly the node occurrences a
collocation table counted. With ``collocate=`` and ``punct=False`` it shows exactly the
lines behind one collocation (the #LancsBox GraphColl "show in context" step), and the
``collocate_offsets`` column says where the collocate stands in each line (L2, R1, ...).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd

from discourse.analysis.collocations import _blocks, _find_node, _require, _row_order, _window
from discourse.analysis.counts import column_codes, string_codes
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

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
_WORD = re.compile(r"\w")
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
    role: str | Sequence[str] | None = None,
    collocate: str | Sequence[str] | None = None,
    punct: bool = True,
    collocate_window: int | tuple[int, int] | None = None,
    collocate_pos: str | Sequence[str] | None = None,
    collocate_on: str | Sequence[str] | None = None,
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
        Context sorts compare words case-insensitively and skip punctuation (a "," right
        after the match does not decide the order).
    role : str or list of str, optional
        Keep only rows (tokens or segments) with this ``role`` (e.g. ``"government"``).
    collocate : str or list of str, optional
        Keep only lines with a collocate in the window: terms or patterns as ``query``,
        matched on the same columns, never on the node's own tokens. With a token table
        and ``punct=False`` this is the window :func:`discourse.collocations` counts
        (same ``window``, ``within_sentence``, ``unit``, default ``punct=False`` there),
        so the lines are the evidence behind a row of the collocation table: a line is
        kept iff its window holds a token that ``o`` counts. The number of lines need not
        equal ``o``: a line may hold the collocate twice, and one collocate token may lie
        in the windows of two nearby node occurrences ("Verenigde Staten (VS)").
        For a text table the context words are matched, ignoring edge punctuation.
    punct : bool
        ``True`` (default): punctuation tokens count towards ``window``. ``False``: the
        window counts words only (punctuation inside it is still shown), as
        :func:`discourse.collocations` does by default. Token tables only.
    collocate_window : int or (int, int), optional
        Search ``collocate`` in this window instead of the one shown (AntConc's context
        horizon; e.g. show 8 tokens but keep the lines with the collocate within 3 words).
        It is counted in words whatever ``punct`` says (punctuation takes no slot), i.e. it
        is the ``window`` of :func:`discourse.collocations` with its default
        ``punct=False``. The shown context may be narrower than this window. Token tables
        only; needs ``collocate``.
    collocate_pos : str or list of str, optional
        Count only collocate tokens with these UPOS tags (``upos`` column), as ``pos`` in
        :func:`discourse.collocations`. Token tables only; needs ``collocate``.
    collocate_on : str or list of str, optional
        Column(s) the collocate is matched on; default the columns of ``query``
        (``unit``/``match_on``). Use ``collocate_on=unit`` for exactly the collocate
        types of :func:`discourse.collocations` (which are ``unit`` values: with
        ``unit="lemma"`` a collocate "staat" then does not match the verb form *staat*
        of *staan*). Token tables only; needs ``collocate``.

    Returns
    -------
    DataFrame
        :data:`KWIC_COLUMNS` (plus ``by`` and metadata columns). ``token_id`` is the
        position of the first matched token, ``char_start`` its offset in the segment text
        (in the row's text for a text table). Contexts are rebuilt from the tokens with
        single spaces where ``char_start`` shows a gap.

        With ``collocate`` a column ``collocate_offsets`` (dtype object: a tuple of int
        per line, ascending, never empty) follows ``sentence``: the signed position of
        each collocate token of the window relative to the node, as AntConc's and
        #LancsBox' window positions: ``-1`` is the word just before the match (L1),
        ``2`` the second after its last token (R2). Offsets count the slots of the window
        the collocate is searched in: words with ``punct=False`` or ``collocate_window``,
        else tokens; whitespace-separated words for a text table.

    Examples
    --------
    >>> import pandas as pd
    >>> words = "De Verenigde Staten en Europa .".split()
    >>> toks = pd.DataFrame({"doc_id": "d", "seg_id": "d:000", "sent_id": 0,
    ...                      "token_id": range(6), "text": words,
    ...                      "lower": [w.lower() for w in words]})
    >>> kwic(toks, "verenigde staten", window=2)[["left", "match", "right"]].values.tolist()
    [['De', 'Verenigde Staten', 'en Europa']]
    >>> kwic(toks, "europa", window=4, collocate="de")["collocate_offsets"].tolist()
    [(-4,)]
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
    if role is not None:
        _require(data, ["role"])
        params["role"] = role
        source = data
        data = data[data["role"].isin([role] if isinstance(role, str) else list(role))]
        data.attrs = dict(source.attrs)
    if collocate is not None:
        params["collocate"] = collocate
    if not punct:
        params["punct"] = False
    extra = {
        "collocate_window": collocate_window,
        "collocate_pos": collocate_pos,
        "collocate_on": collocate_on,
    }
    extra = {k: v for k, v in extra.items() if v is not None}
    if extra and collocate is None:
        raise ValueError(f"{', '.join(extra)}: only with collocate=")
    if collocate_window is not None:
        collocate_window = _window(collocate_window, "collocate_window")
        extra["collocate_window"] = list(collocate_window)
    params.update(extra)
    if "token_id" not in data.columns:
        if extra:
            raise ValueError(f"{', '.join(extra)}: token tables only")
        _require(data, ["doc_id", "text", *by_cols])
        hits = _text_hits(data, query, left, right, regex, case_insensitive, within_sentence)
        if collocate is not None:
            hits = _text_collocate_filter(hits, collocate, regex, case_insensitive)
    else:
        if match_on is None:
            match_cols = [unit, "lower"] if unit == "lemma" else [unit]
        else:
            match_cols = [match_on] if isinstance(match_on, str) else list(match_on)
        coll_cols = [collocate_on] if isinstance(collocate_on, str) else collocate_on
        _require(
            data,
            ["doc_id", "seg_id", "sent_id", "token_id", "text", *match_cols, *by_cols]
            + list(coll_cols or [])
            + ["upos"] * (collocate_pos is not None),
        )
        hits = _token_hits(
            data,
            query,
            left,
            right,
            match_cols,
            regex,
            case_insensitive,
            within_sentence,
            collocate=collocate,
            punct=punct,
            collocate_window=collocate_window,
            collocate_pos=collocate_pos,
            collocate_on=coll_cols,
        )
    meta = [c for c in META_COLUMNS if c in data.columns and c not in by_cols]
    coll_col = ["collocate_offsets"] if collocate is not None else []
    cols = ["doc_id", "seg_id", *by_cols, *KWIC_COLUMNS[2:], *coll_col, *meta]
    rows = hits.pop("_row")
    out = data.iloc[rows][["doc_id", *by_cols, *meta]].reset_index(drop=True)
    for name, values in hits.items():
        out[name] = values
    out = out[cols]
    if sort != "position" and len(out):
        keys = {
            "left": [tuple(reversed(_words(s))) for s in out["left"]],
            "right": [tuple(_words(s)) for s in out["right"]],
            "match": list(out["match"].str.lower()),
        }[sort]
        out = out.iloc[sorted(range(len(out)), key=keys.__getitem__)].reset_index(drop=True)
    return with_provenance(out, data, **params)


def _words(context: str) -> list[str]:
    """Lower-cased words of a context string, punctuation-only pieces left out."""
    return [w for w in context.lower().split() if _WORD.search(w)]


def _token_hits(
    tokens,
    query,
    left,
    right,
    match_cols,
    regex,
    case_insensitive,
    within_sentence,
    *,
    collocate=None,
    punct=True,
    collocate_window=None,
    collocate_pos=None,
    collocate_on=None,
) -> dict[str, object]:
    doc, docs = column_codes(tokens, "doc_id")
    order = _row_order(tokens, doc, len(docs))
    seg_block = _blocks(doc[order], column_codes(tokens, "seg_id")[0][order])
    sent_block = _blocks(seg_block, tokens["sent_id"].to_numpy()[order])
    columns = _match_columns(tokens, match_cols, order, case_insensitive)
    starts, lengths, cover = _find_node(
        columns, query, seg_block, regex=regex, case_insensitive=case_insensitive
    )
    first = np.flatnonzero(starts)
    last = first + lengths[first] - 1
    ctx = sent_block if within_sentence else seg_block
    words_only = (
        ~tokens["is_punct"].fillna(False).to_numpy(dtype=bool)[order]
        if "is_punct" in tokens.columns
        else np.ones(len(seg_block), dtype=bool)
    )
    if punct or "is_punct" not in tokens.columns:
        word = np.ones(len(seg_block), dtype=bool)
        win_lo, win_hi = first - left, last + right
    else:
        word = words_only
        win_lo, win_hi = _word_window(word, first, last, left, right)
    ctx_lo, ctx_hi = _run_bounds(ctx, first)[0], _run_bounds(ctx, last)[1]
    win_lo, win_hi = np.maximum(win_lo, ctx_lo), np.minimum(win_hi, ctx_hi)
    offsets = None
    if collocate is not None:
        if collocate_window is None:  # the collocate is searched in the window shown
            slot, hz_lo, hz_hi = word, win_lo, win_hi
        else:
            slot = words_only
            hz_lo, hz_hi = _word_window(slot, first, last, *collocate_window)
            hz_lo, hz_hi = np.maximum(hz_lo, ctx_lo), np.minimum(hz_hi, ctx_hi)
        if collocate_on is not None:
            columns = _match_columns(tokens, collocate_on, order, case_insensitive)
        _, _, c_cover = _find_node(
            columns, collocate, seg_block, regex=regex, case_insensitive=case_insensitive
        )
        hit = c_cover & ~cover & slot
        if collocate_pos is not None:
            tags = [collocate_pos] if isinstance(collocate_pos, str) else list(collocate_pos)
            hit &= tokens["upos"].isin(tags).to_numpy(dtype=bool)[order]
        c_hits = np.r_[0, np.cumsum(hit)]  # c_hits[k] = count before k
        keep = c_hits[hz_hi + 1] - c_hits[hz_lo] > 0
        first, last, win_lo, win_hi = first[keep], last[keep], win_lo[keep], win_hi[keep]
        offsets = _offsets(hit, slot, first, last, hz_lo[keep], hz_hi[keep])
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
    extra = {} if offsets is None else {"collocate_offsets": offsets}
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
        **extra,
    }


def _match_columns(tokens, cols, order, case_insensitive) -> list[tuple[np.ndarray, np.ndarray]]:
    """(codes in row ``order``, distinct strings) of each column a pattern is matched on."""
    out = []
    for col in cols:
        codes, uniques = string_codes(tokens, col, lower=case_insensitive)
        out.append((codes[order], uniques))
    return out


def _offsets(hit, slot, first, last, lo, hi) -> np.ndarray:
    """Signed slot offsets of the ``hit`` positions in ``lo..hi`` around each node.

    ``slot`` marks the positions that take a window slot; ``-1`` is the last slot before
    ``first``, ``1`` the first slot after ``last``. Returns an object array of tuples.
    """
    n_slots = np.r_[0, np.cumsum(slot)]  # n_slots[k] = slots before position k
    where = np.flatnonzero(hit)
    a, b = np.searchsorted(where, lo), np.searchsorted(where, hi, side="right")
    out = np.empty(len(first), dtype=object)
    for i, (f, la, j, k) in enumerate(zip(first, last, a, b, strict=True)):
        p = where[j:k]
        off = np.where(p < f, n_slots[p] - n_slots[f], n_slots[p + 1] - n_slots[la + 1])
        out[i] = tuple(int(x) for x in off)
    return out


def _word_window(word, first, last, left, right) -> tuple[np.ndarray, np.ndarray]:
    """Positions ``left`` words before ``first`` and ``right`` words after ``last``.

    ``word`` marks the tokens that count (non-punctuation); the result is not yet clipped
    to the sentence or segment.
    """
    wpos = np.flatnonzero(word)
    before = np.searchsorted(wpos, first)  # words strictly before first
    after = np.searchsorted(wpos, last, side="right")  # words up to and including last
    lo = np.full(len(first), -1, dtype=np.int64) if left else first.astype(np.int64)
    if left:
        ok = before - left >= 0
        lo[ok] = wpos[before[ok] - left]
    hi = last.astype(np.int64)
    if right:
        hi = np.full(len(last), len(word) - 1, dtype=np.int64)
        ok = after + right - 1 < len(wpos)
        hi[ok] = wpos[after[ok] + right - 1]
    return np.maximum(lo, 0), hi


def _text_collocate_filter(hits: dict, collocate, regex: bool, case_insensitive: bool) -> dict:
    """Keep the text-table lines whose left or right context has a ``collocate`` word.

    Adds ``collocate_offsets``: the signed word positions of the matching context words.
    """
    terms = [collocate] if isinstance(collocate, str) else list(collocate)
    alts = [t if regex else _glob_regex(t) for t in terms if t.strip()]
    pattern = re.compile("|".join(alts), re.IGNORECASE if case_insensitive else 0)

    def found(words: list[str], start: int) -> list[int]:
        return [
            start + i
            for i, w in enumerate(words)
            if pattern.fullmatch(w.strip(".,;:!?()[]{}\"'«»“”‘’"))
        ]

    offsets = np.empty(len(hits["left"]), dtype=object)
    for i, (lt, rt) in enumerate(zip(hits["left"], hits["right"], strict=True)):
        lw = lt.split()
        offsets[i] = tuple(found(lw, -len(lw)) + found(rt.split(), 1))
    hits["collocate_offsets"] = offsets
    idx = np.flatnonzero(np.fromiter(map(len, offsets), np.int64, len(offsets)))
    return {
        k: (
            v[idx]
            if isinstance(v, np.ndarray | pd.api.extensions.ExtensionArray)
            else [v[i] for i in idx]
        )
        for k, v in hits.items()
    }


def _run_bounds(block: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last position of the run (``_blocks`` id, numbered from 1) of each ``at``."""
    run_start = np.flatnonzero(np.r_[True, block[1:] != block[:-1]]) if len(block) else at
    run_end = np.r_[run_start[1:], len(block)] - 1
    return run_start[block[at] - 1], run_end[block[at] - 1]


def _glob_regex(term: str) -> str:
    """Regex source of a glob searched in running text (text tables only).

    Deliberately not :func:`discourse.analysis.dictionary.glob_source`, the token-level glob: here
    the pattern is searched inside a whole text, so ``*`` (``\\w*``) and ``?`` (``\\w``)
    must stay inside one word instead of running on into the next words (and ``[`` is
    literal).
    """
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
