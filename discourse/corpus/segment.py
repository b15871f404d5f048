"""Split letters into segments: who speaks where (government, parliament, other, unknown).

A segment is a run of paragraphs (or the label or text part of one) of the cleaned text
(:func:`discourse.corpus.clean.clean_text`) with one voice and function. How a document is
cut depends on its ``doc_type``: the turn-opening patterns of each supported type are data,
the table :data:`discourse.corpus.layouts.LAYOUTS`, applied by
:mod:`discourse.corpus.turns`:

* ``kamerbrief`` / ``bijlage``: address lines → ``other/address``; the body →
  ``government/body`` (speaker: the minister), cut by its section headings
  (``other/heading``); the signature block → ``other/signature``; an annex after the
  signature (``Bijlage …``) → ``government/body`` again.
* ``antwoorden_kamervragen``: ``Vraag N`` / ``Antwoord N`` labels (also ``Vraag 4 en 5``,
  ``Antwoord op vraag 1, 2 en 3``, ``Antwoord vraag 1``, unnumbered, ``1.``-numbered
  questions, label and text on one line) → ``other/heading``; questions →
  ``parliament/question`` (speaker: the askers of the current ``Vragen van het lid X
  (Partij) aan …`` block); answers → ``government/answer``; ``Mededeling`` →
  ``government/body``; ``Toelichting`` → ``parliament/body``.
* ``lijst_van_vragen_en_antwoorden``: bare question numbers (``1`` or ``1. …?``) and
  ``Antwoord`` labels; questions' speaker: the committee (``vaste commissie voor …``).
* ``verslag_schriftelijk_overleg``: fractie headings in any form and with any fractie name
  → ``parliament/question`` (speaker: the fractie); ``N. Antwoord van het kabinet``,
  ``Antwoord``, ``Antwoord van de staatssecretaris`` → ``government/answer``; after an
  answer, a paragraph referring to the members or ending in ``?`` reopens the questions.
  The older layout (``I Vragen en opmerkingen vanuit de fracties`` / ``II Antwoord /
  Reactie van de minister``) is recognised too.
* ``handelingen``: speaker labels ``Minister X:``, ``Staatssecretaris X:``, ``De heer X
  (Partij):``, ``Mevrouw X (Partij):``, ``De voorzitter:`` → government / parliament /
  other, speaker from the label.
* ``motie``: the motion text → ``parliament/body`` (speaker: the submitters), its
  header → ``other``, the names under it → ``other/signature``.

Any other ``doc_type`` gets role ``unknown`` and a :class:`~discourse.errors.SegmentationWarning`;
a known type whose turn markers are all absent warns too.

``number`` is the first question number of a label, ``numbers`` all of them
(``"4,5"``; ``"1,2,3"``). ``start``/``end`` are each segment's span in the cleaned text:
``letter.text[start:end] == segment.text``; between two segments there is only whitespace.
"""

from __future__ import annotations

import warnings

import pandas as pd

from discourse._validate import Table, validate_params
from discourse.corpus.layouts import LAYOUTS
from discourse.corpus.turns import Label, Unit, label_text, paragraphs
from discourse.errors import CorpusError, SegmentationWarning

__all__ = ["ROLES", "SEG_TYPES", "Label", "segments", "split_letter", "split_spans"]

#: Values of the ``role`` column (``unknown``: a document type without a layout).
ROLES = ("government", "parliament", "other", "unknown")
#: Values of the ``seg_type`` column.
SEG_TYPES = ("preamble", "address", "heading", "body", "question", "answer", "signature", "closing")


def _merge(labelled: list[tuple[Label, Unit]], text: str) -> list[tuple[Label, int, int]]:
    """Join consecutive units with the same label (headings stay one per segment)."""
    merged: list[tuple[Label, int, int]] = []
    for label, unit in labelled:
        if merged and merged[-1][0] == label and label.seg_type != "heading":
            merged[-1] = (label, merged[-1][1], unit.end)
        else:
            merged.append((label, unit.start, unit.end))
    return merged


def _warn(doc: str, doc_type: str, labelled: list[tuple[Label, Unit]]) -> None:
    name = f"document {doc!r}" if doc else "a document"
    if doc_type not in LAYOUTS:
        warnings.warn(
            f"{name}: doc_type {doc_type!r} is not a known type; its text is labelled role "
            f"'unknown'. Known types: {sorted(LAYOUTS)}",
            SegmentationWarning,
            stacklevel=4,
        )
        return
    expects = LAYOUTS[doc_type].expects
    found = {label.seg_type for label, _ in labelled if label.role in ("government", "parliament")}
    if expects and not any(set(option) <= found for option in expects):
        missing = " or ".join("/".join(option) for option in expects)
        warnings.warn(
            f"{name}: doc_type {doc_type!r} but no {missing} turn found (its markers are "
            f"absent, so its text stays 'other'); check the layout of this document",
            SegmentationWarning,
            stacklevel=4,
        )


def split_spans(
    text: str, *, doc_type: str = "", minister: str = "", doc_id: str = ""
) -> list[tuple[Label, int, int]]:
    """Segments of one cleaned text as ``(Label, start, end)``, in document order.

    Warns (:class:`~discourse.errors.SegmentationWarning`, naming ``doc_id``) for an unknown
    ``doc_type`` (every segment then has role ``unknown``) or when the turn markers of a
    known type are all absent.
    """
    layout = LAYOUTS.get(doc_type)
    if layout is None:
        labelled = [(Label("unknown", "", "body"), u) for u in paragraphs(text)]
    else:
        labelled = label_text(text, layout, minister=minister)
    _warn(doc_id, doc_type, labelled)
    return _merge(labelled, text)


def split_letter(
    text: str, *, doc_type: str = "", minister: str = "", doc_id: str = ""
) -> list[tuple[Label, str]]:
    """Segments of one cleaned text as ``(Label, text)`` pairs, in document order.

    Examples
    --------
    >>> parts = split_letter("Vraag 1\\n\\nKlopt dit?\\n\\nAntwoord\\n\\nJa.",
    ...                      doc_type="antwoorden_kamervragen", minister="X")
    >>> [(label.role, label.seg_type, label.number) for label, _ in parts]
    [('other', 'heading', 1), ('parliament', 'question', 1), ('other', 'heading', 1), \
('government', 'answer', 1)]
    """
    spans = split_spans(text, doc_type=doc_type, minister=minister, doc_id=doc_id)
    return [(label, text[start:end]) for label, start, end in spans]


_TEXT_COLUMNS = ("text_raw", "text", "footnotes", "furniture", "n_chars", "n_paragraphs")
_HEAD = ("doc_id", "seg_id", "seg_index", "role", "speaker", "seg_type", "number", "text")


@validate_params(letters=Table())
def segments(letters: pd.DataFrame) -> pd.DataFrame:
    """One row per segment: who speaks (role, speaker) and what kind of text it is.

    Parameters
    ----------
    letters : pandas.DataFrame
        The table from :func:`discourse.load_letters` (at least ``doc_id``, ``text``;
        ``doc_type`` and ``minister`` are used when present).

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``seg_id`` (``<doc_id>:<nnn>``), ``seg_index`` (order in the
        document), ``role`` (category: government/parliament/other/unknown), ``speaker``
        (category; the minister, the fractie, the MPs, the committee or the label's
        speaker, ``""`` for role other), ``seg_type`` (category: preamble, address,
        heading, body, question, answer, signature, closing), ``number`` (Int64, the first
        question/answer number), ``text``, ``numbers`` (string, all numbers of a ranged or
        listed label, ``"4,5"``; ``<NA>`` without number), ``start`` and ``end`` (int64,
        the span in the letter's cleaned ``text``: ``text[start:end]`` is the segment),
        then the letter's metadata columns (``title``, ``doc_type``, ``date``,
        ``minister``, ``cabinet``, ``period``, …) with their dtypes.

    Warns
    -----
    SegmentationWarning
        For a document whose ``doc_type`` has no layout (its segments get role
        ``unknown``; the warning lists the known types) or whose type's turn markers are
        all absent (e.g. answers to Kamervragen without any question label).

    Raises
    ------
    CorpusError
        When ``letters`` is not a DataFrame or lacks ``doc_id`` or ``text``.

    Examples
    --------
    >>> from discourse.corpus.letters import load_letters
    >>> segs = segments(load_letters())
    >>> int((segs["seg_type"] == "answer").sum())
    48
    """
    missing = [c for c in ("doc_id", "text") if c not in letters.columns]
    if missing:
        raise CorpusError(f"segments(): the letters table lacks column(s) {missing}")
    rows: list[dict[str, object]] = []
    positions: list[int] = []
    for pos, letter in enumerate(letters.itertuples(index=False)):
        doc_type = str(getattr(letter, "doc_type", "") or "")
        minister = str(getattr(letter, "minister", "") or "")
        text = str(letter.text)
        spans = split_spans(text, doc_type=doc_type, minister=minister, doc_id=str(letter.doc_id))
        for index, (label, start, end) in enumerate(spans):
            rows.append(
                {
                    "doc_id": letter.doc_id,
                    "seg_id": f"{letter.doc_id}:{index:03d}",
                    "seg_index": index,
                    **label._asdict(),
                    "text": text[start:end],
                    "start": start,
                    "end": end,
                }
            )
            positions.append(pos)
    df = pd.DataFrame(
        rows, columns=["doc_id", "seg_id", "seg_index", *Label._fields, "text", "start", "end"]
    )
    df = df[["doc_id", "seg_id", "seg_index", *_HEAD[3:], "numbers", "start", "end"]]
    for col in ("doc_id", "seg_id", "text", "numbers"):
        df[col] = df[col].astype("string")
    df[["seg_index", "start", "end"]] = df[["seg_index", "start", "end"]].astype("int64")
    df["role"] = pd.Categorical(df["role"], categories=ROLES)
    df["seg_type"] = pd.Categorical(df["seg_type"], categories=SEG_TYPES)
    df["speaker"] = df["speaker"].astype("category")
    df["number"] = pd.array(df["number"].tolist(), dtype="Int64")
    meta_cols = [c for c in letters.columns if c not in ("doc_id", *_TEXT_COLUMNS)]
    meta = letters.iloc[positions][meta_cols].reset_index(drop=True)
    return pd.concat([df, meta], axis=1)
