"""The cleaning report: what the cleaning removed, moved, joined, split or kept, per letter.

:func:`cleaning_report` re-runs :func:`~discourse.corpus.clean.clean_text` on each
letter's ``text_raw`` (cleaning is deterministic, so the actions are exactly those behind
the ``text``, ``footnotes`` and ``furniture`` columns) and counts the
:class:`~discourse.corpus.actions.Action` records. A researcher reads it before trusting
a new folder of letters: every removal is listed, and ``kept`` rows show the candidates the
rules left in the text because the evidence was not enough (a number that might be a
footnote marker, a lone number that might be a page number, a hyphen that might be a
line break) — check those by hand.
"""

from __future__ import annotations

import pandas as pd

from discourse._validate import Table, require_columns, validate_params
from discourse.corpus.actions import ACTIONS
from discourse.corpus.clean import clean_text
from discourse.corpus.files import PARAGRAPH_SUFFIXES
from discourse.errors import CorpusError

__all__ = ["REPORT_COLUMNS", "cleaning_report"]

#: Columns of :func:`cleaning_report`, in order.
REPORT_COLUMNS = ("doc_id", "action", "what", "count", "examples")
#: Examples kept per row (distinct, in order of appearance).
N_EXAMPLES = 3


def _rows(doc_id: str, raw: str, paragraphs: bool) -> list[dict[str, object]]:
    grouped: dict[tuple[str, str], list[str]] = {}
    for action in clean_text(raw, paragraphs=paragraphs).actions:
        grouped.setdefault((action.action, action.what), []).append(action.example)
    return [
        {
            "doc_id": doc_id,
            "action": action,
            "what": what,
            "count": len(examples),
            "examples": list(dict.fromkeys(examples))[:N_EXAMPLES],
        }
        for (action, what), examples in grouped.items()
    ]


@validate_params(letters=Table())
def cleaning_report(letters: pd.DataFrame) -> pd.DataFrame:
    """What the cleaning did to each letter, one row per letter × action × kind.

    Parameters
    ----------
    letters : pandas.DataFrame
        The letters table of :func:`discourse.load_letters` (or any table with the columns
        ``doc_id`` and ``text_raw``, the raw text of each letter; with a ``file`` column,
        letters read from ``.docx``, ``.xml`` or ``.html`` are cleaned as their loading
        cleaned them, paragraph breaks as given).

    Returns
    -------
    pandas.DataFrame
        Tidy table with the columns ``doc_id`` (string), ``action`` (ordered categorical:
        ``removed``, ``moved``, ``joined``, ``split``, ``kept``), ``what`` (string: what it
        concerned, e.g. ``footnote_marker``, ``footnote_body``, ``furniture``,
        ``page_number``, ``url_line``, ``soft_hyphen``, ``line_hyphen``, ``heading``; see
        :mod:`discourse.corpus.actions`), ``count`` (int64) and ``examples`` (list of up
        to three distinct short strings in which it happened). Letters in table order,
        then by action; a letter the cleaning left untouched has no rows.

    Raises
    ------
    CorpusError
        ``letters`` is not a DataFrame, lacks ``doc_id`` or ``text_raw``, or a
        ``text_raw`` value is not a string.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = "Verzonden1 per 1 mei.\\n\\n1 Brief"
    >>> letters = pd.DataFrame({"doc_id": ["a"], "text_raw": [raw]})
    >>> cleaning_report(letters)[["action", "what", "count"]].values.tolist()
    [['removed', 'footnote_marker', 1], ['moved', 'footnote_body', 1]]
    """
    require_columns("cleaning_report", letters, ["doc_id", "text_raw"], "to re-run the cleaning")
    rows: list[dict[str, object]] = []
    files = letters["file"] if "file" in letters.columns else [""] * len(letters)
    marked = [str(f).lower().endswith(PARAGRAPH_SUFFIXES) for f in files]
    for i, (doc_id, raw) in enumerate(zip(letters["doc_id"], letters["text_raw"], strict=True)):
        if not isinstance(raw, str):
            raise CorpusError(
                f"cleaning_report(): row {i} (doc_id {doc_id!r}), column 'text_raw': "
                f"{type(raw).__name__} {raw!r:.40} is not valid; allowed: the raw text (str)"
            )
        rows += _rows(str(doc_id), raw, marked[i])
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    df["action"] = pd.Categorical(df["action"], categories=ACTIONS, ordered=True)
    order = {doc: i for i, doc in enumerate(dict.fromkeys(map(str, letters["doc_id"])))}
    df = df.sort_values(
        ["doc_id", "action"], key=lambda s: s.map(order) if s.name == "doc_id" else s, kind="stable"
    )
    df["doc_id"] = df["doc_id"].astype("string")
    df["what"] = df["what"].astype("string")
    df["count"] = df["count"].astype("int64")
    df["examples"] = pd.Series(list(df["examples"]), dtype=object, index=df.index)
    return df.reset_index(drop=True)
