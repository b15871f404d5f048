"""Keyword in context (KWIC) concordances over a token table or a letters/segments table.

Node matching is shared with :func:`discourse.collocations` (one term, several terms,
phrases, glob or regex patterns), so a concordance shows exactly the node occurrences a
collocation table counted. With ``collocate=`` and ``punct=False`` it shows exactly the
lines behind one collocation (the #LancsBox GraphColl "show in context" step), and the
``collocate_offsets`` column says where the collocate stands in each line (L2, R1, ...).
Token tables are handled by :mod:`~discourse.analysis.kwic_tokens`, letters/segments
tables by :mod:`~discourse.analysis.kwic_text`; :func:`kwic_html` renders either.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Literal

import pandas as pd

from discourse._docstrings import fill_doc
from discourse._validate import (
    Column,
    Instance,
    Interval,
    Options,
    Table,
    Terms,
    Upos,
    Window,
    require_columns,
    validate_params,
)
from discourse.analysis.collocations import SEARCH
from discourse.analysis.kwic_text import text_collocate_filter, text_hits
from discourse.analysis.kwic_tokens import token_hits
from discourse.analysis.windows import window_bounds
from discourse.errors import CorpusError
from discourse.provenance import with_provenance

__all__ = ["KWIC_COLUMNS", "SORTS", "kwic", "kwic_html", "sort_lines"]

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
#: Orders of :func:`kwic` lines: document order, the whole left/right context read
#: outwards, the match, or one position first (AntConc's 1L…5L, 1R…5R sort levels).
SORTS = (
    "position",
    "left",
    "right",
    "match",
    *(f"L{i}" for i in range(1, 6)),
    *(f"R{i}" for i in range(1, 6)),
)
_WORD = re.compile(r"\w")


# The numpydoc docstring documents every option (~90 lines); the body is ~60 lines.
@validate_params(
    data=Table(),
    **SEARCH,
    unit=Options("lower", "lemma", "text"),
    sort=Options(*SORTS),
    collocate=Terms(regex="regex", none=True, none_label="no filter"),
    collocate_window=Window(none=True, none_label="the window shown"),
    collocate_pos=Upos(),
    collocate_on=Column(many=True, none=True, none_label="the columns of terms"),
)
@fill_doc
def kwic(
    data: pd.DataFrame,
    terms: str | Sequence[str],
    *,
    window: int | tuple[int, int] = 5,
    by: str | Sequence[str] | None = None,
    unit: Literal["lower", "lemma", "text"] = "lower",
    match_on: str | Sequence[str] | None = None,
    regex: bool = False,
    case_insensitive: bool = True,
    within_sentence: bool = True,
    sort: str = "position",
    role: str | Sequence[str] | None = "government",
    collocate: str | Sequence[str] | None = None,
    punct: bool = True,
    collocate_window: int | tuple[int, int] | None = None,
    collocate_pos: str | Sequence[str] | None = None,
    collocate_on: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Concordance lines: one row per occurrence of ``terms``, with whose words they are.

    Parameters
    ----------
    data : DataFrame
        A token table (docs/design.md), or a letters/segments table with ``doc_id`` and
        ``text`` (no ``token_id``): then ``terms`` are searched in the text by regular
        expression on word boundaries, contexts are whitespace-separated words, sentences
        are split at ``.!?`` + whitespace and at line breaks, and ``unit``/``match_on`` are
        ignored (surface forms only); ``sent_id``/``token_id`` are missing there.
    %(terms)s
        Matched as the node of :func:`discourse.collocations` is (phrases inside a
        segment, the longest term first); globs may also use ``[...]`` sets.
    window : int or (int, int)
        Context tokens (words for a text table) to the left and right.
    %(by_many)s
        They are placed after ``seg_id`` (e.g. ``"period"``).
    unit : {"lower", "lemma", "text"}
        Column the terms are matched on (default ``"lower"``). With ``unit="lemma"`` a term
        matches the lemma or the lower-cased form, as in collocations.
    %(match_on)s
    %(regex_case)s
    within_sentence : bool
        Contexts stop at the sentence boundary (default); they never cross a segment.
    sort : {"position", "left", "right", "match", "L1", ..., "L5", "R1", ..., "R5"}
        Document order; by left context read outwards from the match (L1, L2, ... as in
        AntConc's 1L sort); by right context (R1, R2, ...); by the matched form; or by
        the word at one position first (``"L3"``: the third word left of the match, then
        L4, L5, ... outwards, then the match; a line without that word comes first).
        Context sorts compare words case-insensitively and skip punctuation (a "," right
        after the match does not decide the order).
    %(role)s
        Rows (tokens or segments) of other roles are left out; a letters table has no
        ``role`` column, so it needs ``role=None``.
    collocate : str or list of str, optional
        Keep only lines with a collocate in the window: terms or patterns as ``terms``,
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
        Column(s) the collocate is matched on; default the columns of ``terms``
        (``unit``/``match_on``). Use ``collocate_on=unit`` for exactly the collocate
        types of :func:`discourse.collocations` (which are ``unit`` values: with
        ``unit="lemma"`` a collocate "staat" then does not match the verb form *staat*
        of *staan*). Token tables only; needs ``collocate``.

    Returns
    -------
    DataFrame
        :data:`KWIC_COLUMNS` (plus ``by`` and the metadata columns of
        :data:`META_COLUMNS` the input has: ``speaker`` and ``role`` say whose words each
        line holds, and :func:`kwic_html` shows them). ``token_id`` is the
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
    >>> lines = kwic(toks, "verenigde staten", window=2, role=None)
    >>> lines[["left", "match", "right"]].values.tolist()
    [['De', 'Verenigde Staten', 'en Europa']]
    >>> kwic(toks, "europa", window=4, collocate="de", role=None)["collocate_offsets"].tolist()
    [(-4,)]
    """
    left, right = window_bounds(window)
    by_cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    params = dict(
        terms=terms,
        window=[left, right],
        by=by,
        unit=unit,
        regex=regex,
        within_sentence=within_sentence,
        sort=sort,
        role=role,
    )
    if role is not None:
        source = data
        data = data[data["role"].isin([role] if isinstance(role, str) else list(role))]
        data.attrs = dict(source.attrs)
    if collocate is not None:
        params["collocate"] = collocate
    if not punct:
        params["punct"] = False
    extra = _collocate_options(collocate, collocate_window, collocate_pos, collocate_on)
    params.update(extra)
    if "token_id" not in data.columns:
        if extra:
            raise CorpusError(
                f"kwic(): {', '.join(extra)}: token tables only (this table has no token_id)"
            )
        require_columns("kwic", data, ["doc_id", "text", *by_cols])
        hits = text_hits(data, terms, left, right, regex, case_insensitive, within_sentence)
        if collocate is not None:
            hits = text_collocate_filter(hits, collocate, regex, case_insensitive)
    else:
        if match_on is None:
            match_cols = [unit, "lower"] if unit == "lemma" else [unit]
        else:
            match_cols = [match_on] if isinstance(match_on, str) else list(match_on)
        coll_cols = [collocate_on] if isinstance(collocate_on, str) else collocate_on
        require_columns(
            "kwic",
            data,
            ["doc_id", "seg_id", "sent_id", "token_id", "text", *match_cols, *by_cols]
            + list(coll_cols or [])
            + ["upos"] * (collocate_pos is not None),
        )
        hits = token_hits(
            data,
            terms,
            left,
            right,
            match_cols,
            regex,
            case_insensitive,
            within_sentence,
            collocate=collocate,
            punct=punct,
            collocate_window=extra.get("collocate_window"),
            collocate_pos=collocate_pos,
            collocate_on=coll_cols,
        )
    out = _lines(data, hits, by_cols, collocate is not None, sort)
    return with_provenance(out, data, **params)


def _collocate_options(collocate, window, pos, on) -> dict:
    """The ``collocate_*`` options given (checked; the window as ``[left, right]``)."""
    extra = {"collocate_window": window, "collocate_pos": pos, "collocate_on": on}
    extra = {k: v for k, v in extra.items() if v is not None}
    if extra and collocate is None:
        raise CorpusError(f"kwic(): {', '.join(extra)}: only with collocate=")
    if window is not None:
        extra["collocate_window"] = list(window_bounds(window))
    return extra


def _lines(data: pd.DataFrame, hits: dict, by_cols: list, collocate: bool, sort: str):
    """The result table: ids, ``by`` and metadata columns of each line's row, sorted."""
    meta = [c for c in META_COLUMNS if c in data.columns and c not in by_cols]
    coll_col = ["collocate_offsets"] if collocate else []
    cols = ["doc_id", "seg_id", *by_cols, *KWIC_COLUMNS[2:], *coll_col, *meta]
    rows = hits.pop("_row")
    out = data.iloc[rows][["doc_id", *by_cols, *meta]].reset_index(drop=True)
    for name, values in hits.items():
        out[name] = values
    return sort_lines(out[cols], sort)


def sort_lines(lines: pd.DataFrame, sort: str) -> pd.DataFrame:
    """``lines`` (a :func:`kwic` result) in the order ``sort`` names (one of
    :data:`SORTS`; see :func:`kwic`), stable, with a fresh index and the same ``attrs``."""
    if sort == "position" or not len(lines):
        return lines.reset_index(drop=True) if len(lines) else lines
    match = list(lines["match"].astype(str).str.lower())
    if sort == "match":
        keys = match
    elif sort in ("left", "right"):
        side = lines[sort].astype(str)
        keys = [tuple(_words(s))[:: -1 if sort == "left" else 1] for s in side]
    else:  # "L3": L3, L4, ... outwards, then the match
        side = lines["left" if sort[0] == "L" else "right"].astype(str)
        k = int(sort[1:]) - 1
        words = [_words(s)[:: -1 if sort[0] == "L" else 1] for s in side]
        keys = [(tuple(w[k:]), m) for w, m in zip(words, match, strict=True)]
    order = sorted(range(len(lines)), key=keys.__getitem__)
    out = lines.iloc[order].reset_index(drop=True)
    out.attrs = lines.attrs
    return out


def _words(context: str) -> list[str]:
    """Lower-cased words of a context string, punctuation-only pieces left out."""
    return [w for w in context.lower().split() if _WORD.search(w)]


@validate_params(
    result=Table(),
    max_rows=Interval(int, 1, none=True, none_label="every line"),
    info=Instance(str, list, tuple, label="a column name or a list of them"),
)
def kwic_html(
    result: pd.DataFrame,
    *,
    max_rows: int | None = 500,
    info: str | Sequence[str] = ("doc_id", "speaker", "role"),
) -> str:
    """Render a :func:`kwic` result as an aligned HTML table (left | match | right | info).

    All text is HTML-escaped; the match is wrapped in ``<mark><b>`` and the full sentence
    is the row's tooltip. Contexts are shown whole (never cut). With a
    ``collocate_offsets`` column (``kwic(..., collocate=)``) each collocate in the
    contexts is highlighted and labelled with its position (``L2``, ``R4``), counted as
    :func:`kwic` counts them (words, or tokens when punctuation counts). ``info`` columns
    follow the right context: by default the document, the speaker and the role, so
    every line says whose words it holds (columns the table does not have are skipped;
    e.g. ``("doc_id", "period")``); a missing value is an empty cell. Returns a string for
    ``IPython.display.HTML`` or an ``ipywidgets.HTML`` value.
    """
    info = [info] if isinstance(info, str) else list(info)
    shown = result if max_rows is None else result.head(max_rows)
    info = [c for c in info if c in shown.columns]
    params = result.attrs.get("params", {})
    words_only = params.get("punct") is False or "collocate_window" in params
    esc = html.escape
    cell = "padding:1px 6px;white-space:nowrap;"
    head = "".join(f'<th style="{cell}text-align:left">{esc(c)}</th>' for c in info)
    lines = [
        '<table class="discourse-kwic" style="border-collapse:collapse;'
        'font-family:monospace;font-size:90%">',
        f'<thead><tr><th style="{cell}text-align:right">left</th>'
        f'<th style="{cell}">match</th><th style="{cell}text-align:left">right</th>{head}'
        "</tr></thead>",
        "<tbody>",
    ]
    for rec in shown.to_dict("records"):
        offsets = rec.get("collocate_offsets") or ()
        left = _context(rec["left"], [-o for o in offsets if o < 0], "L", words_only)
        right = _context(rec["right"], [o for o in offsets if o > 0], "R", words_only)
        info_cells = "".join(f'<td style="{cell}color:#555">{_cell(rec[c])}</td>' for c in info)
        lines.append(
            f'<tr title="{esc(_text(rec.get("sentence")))}">'
            f'<td style="{cell}text-align:right">{left}</td>'
            f'<td style="{cell}text-align:center"><mark><b>{esc(_text(rec["match"]))}</b></mark>'
            f'</td><td style="{cell}text-align:left">{right}</td>{info_cells}</tr>'
        )
    lines.append("</tbody></table>")
    if max_rows is not None and len(result) > max_rows:
        lines.append(f"<p><i>{max_rows} of {len(result)} lines shown</i></p>")
    return "\n".join(lines)


def _text(value: object) -> str:
    """A cell's text: ``""`` for a missing value (not "nan" or "<NA>")."""
    if value is None or (not isinstance(value, (tuple, list)) and pd.isna(value)):
        return ""
    return str(value)


def _cell(value: object) -> str:
    return html.escape(_text(value))


def _context(text: object, positions: Sequence[int], side: str, words_only: bool) -> str:
    """A context, escaped, the pieces at ``positions`` (1 = next to the match, counted
    outwards over words, or over every piece when punctuation counts) highlighted and
    labelled ``L2``/``R4``."""
    text = _text(text)
    if not positions:
        return html.escape(text)
    pieces = text.split(" ")
    order = range(len(pieces) - 1, -1, -1) if side == "L" else range(len(pieces))
    counted = [i for i in order if not words_only or _WORD.search(pieces[i])]
    out = [html.escape(p) for p in pieces]
    for pos in set(positions):
        if 0 < pos <= len(counted):
            i = counted[pos - 1]
            out[i] = (
                f'<span class="discourse-collocate" style="background:#d8e6f3;'
                f'font-weight:bold">{out[i]}<sup style="color:#31708f">{side}{pos}</sup></span>'
            )
    return " ".join(out)
