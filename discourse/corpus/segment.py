"""Split letters into segments: who speaks where (government, parliament, other).

A segment is a run of paragraphs of the cleaned text (:func:`discourse.corpus.clean.clean_text`)
with one voice and function. Three document structures are recognised:

* **letters** (``kamerbrief``, ``bijlage``, anything else): opening address lines
  (``Geachte voorzitter``, ``Aan de Voorzitter …``) → ``other/address``; the closing
  signature from ``De minister van … ,`` (or ``Hoogachtend``) to the end →
  ``other/signature``; everything in between is one ``government/body`` segment.
* **answers to written questions** (``antwoorden_kamervragen``, or text with
  ``Vraag N`` lines): ``Vraag N`` and ``Antwoord`` lines → ``other/heading``; the
  question → ``parliament/question`` (speaker: the MP(s) if the text names them as
  ``Vragen van het lid …``); the answer → ``government/answer`` (speaker: the minister).
* **verslag schriftelijk overleg** (``verslag_schriftelijk_overleg``, or text with
  ``N. Antwoord van het kabinet`` lines): the committee's preamble → ``other/preamble``;
  ``Vragen en opmerkingen van de leden van de X-fractie`` and ``N. Antwoord van het
  kabinet`` → ``other/heading``; the fractie's text → ``parliament/question`` (speaker:
  the fractie; ``number``: the number of the answer that follows it within the fractie's
  section, empty for remarks left unanswered); answers → ``government/answer``; the
  closing sections (``II …``, ``III …``) → ``other``. After an answer, the next
  question starts at the first paragraph that refers to the members (``de leden van de
  X-fractie``, ``deze leden``, ``de voornoemde leden`` …), at a recommendation heading
  (``Aanbeveling …``) or at a paragraph ending in a question mark.

Joining the ``text`` of a letter's segments with ``"\\n\\n"`` gives back its cleaned text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import pandas as pd

from discourse._validate import Table, validate_params
from discourse.errors import CorpusError

__all__ = ["ROLES", "SEG_TYPES", "Label", "segments", "split_letter"]

#: Values of the ``role`` column.
ROLES = ("government", "parliament", "other")
#: Values of the ``seg_type`` column.
SEG_TYPES = ("preamble", "address", "heading", "body", "question", "answer", "signature", "closing")

_ADDRESS = re.compile(
    r"^(Geachte|Aan de|Aan het|Datum|Betreft|Onderwerp|Ons kenmerk|Uw kenmerk|Uw brief)\b"
)
_SIGNATURE = re.compile(
    r"^(Hoogachtend|Met vriendelijke groet|"
    r"(De|Het) (minister|staatssecretaris|minister-president|ministers|staatssecretarissen)"
    r"\b[^.]{0,150},)"
)
_VRAAG = re.compile(r"^Vraag\s+(\d+)\s*:?\s*$")
_ANTWOORD = re.compile(r"^Antwoord(?:\s+(?:op\s+vraag\s+)?(\d+))?\s*:?\s*$", re.IGNORECASE)
_ASKERS = re.compile(r"[Vv]ragen van (?:het lid|de leden) (.+?(?:\s*\([^)]*\))?)\s+(?:aan|over)\b")
_SO_ANSWER = re.compile(r"^(\d+)\.\s*Antwoord van (?:het kabinet|de minister\b.*)\s*$")
_SO_FRACTIE = re.compile(r"^Vragen en opmerkingen van de leden van (?:de )?(.+?)-fractie\s*$")
_SO_SECTION = re.compile(r"^(I|II|III|IV|V|VI)\s+\S")
_SO_QUESTION_CUES = re.compile(
    r"\bleden van (?:de )?[\w-]+-fractie\b|\b[Dd]eze leden\b|\bvoornoemde leden\b"
    r"|\bvoorgenoemde leden\b|\bwoord zijnde leden\b|^Aanbeveling\b|\?$"
)


class Label(NamedTuple):
    """Voice and function of one paragraph."""

    role: str
    speaker: str
    seg_type: str
    number: int | None = None


def _other(seg_type: str, number: int | None = None) -> Label:
    return Label("other", "", seg_type, number)


def label_letter(paragraphs: list[str], *, minister: str) -> list[Label]:
    """Labels for a letter: address lines, one government body, signature."""
    labels = [Label("government", minister, "body")] * len(paragraphs)
    start = 0
    while start < len(paragraphs) and _ADDRESS.match(paragraphs[start]):
        labels[start] = _other("address")
        start += 1
    for i in range(start, len(paragraphs)):
        tail_short = all(len(p) < 200 for p in paragraphs[i:])
        if _SIGNATURE.match(paragraphs[i]) and tail_short:
            labels[i:] = [_other("signature")] * (len(paragraphs) - i)
            break
    return labels


def label_questions(paragraphs: list[str], *, minister: str) -> list[Label]:
    """Labels for answers to written questions (``Vraag N`` / ``Antwoord``)."""
    found = _ASKERS.search("\n".join(paragraphs))
    askers = found.group(1).strip() if found else ""
    labels: list[Label] = []
    state: Label = _other("preamble")
    number: int | None = None
    for para in paragraphs:
        if m := _VRAAG.match(para):
            number = int(m.group(1))
            labels.append(_other("heading", number))
            state = Label("parliament", askers, "question", number)
        elif (m := _ANTWOORD.match(para)) and number is not None:
            number = int(m.group(1)) if m.group(1) else number
            labels.append(_other("heading", number))
            state = Label("government", minister, "answer", number)
        else:
            labels.append(state)
    return labels


def _number_questions(labels: list[Label], boundaries: set[int]) -> list[Label]:
    """Give each question paragraph the number of the answer that follows it.

    ``boundaries`` are indexes (fractie headings, sections) that a question's number
    cannot look past; a question with no answer before the boundary keeps no number.
    """
    out = list(labels)
    upcoming: int | None = None
    for i in range(len(out) - 1, -1, -1):
        label = out[i]
        if i in boundaries:
            upcoming = None
        elif label.seg_type == "heading" and label.number is not None:
            upcoming = label.number
        elif label.seg_type == "question":
            out[i] = label._replace(number=upcoming)
    return out


def label_schriftelijk_overleg(paragraphs: list[str], *, minister: str) -> list[Label]:
    """Labels for a verslag schriftelijk overleg (fractie questions, cabinet answers)."""
    labels: list[Label] = []
    boundaries: set[int] = set()
    state = _other("preamble")
    fractie = ""
    for i, para in enumerate(paragraphs):
        if m := _SO_FRACTIE.match(para):
            fractie = m.group(1)
            boundaries.add(i)
            labels.append(_other("heading"))
            state = Label("parliament", fractie, "question")
        elif m := _SO_ANSWER.match(para):
            labels.append(_other("heading", int(m.group(1))))
            state = Label("government", minister, "answer", int(m.group(1)))
        elif _SO_SECTION.match(para) and len(para) < 80:
            boundaries.add(i)
            labels.append(_other("heading"))
            if not para.startswith("I "):
                state = _other("closing")
        elif state.role == "government" and _SO_QUESTION_CUES.search(para):
            state = Label("parliament", fractie, "question")
            labels.append(state)
        else:
            labels.append(state)
    return _number_questions(labels, boundaries)


_LABELLERS: dict[str, Callable[..., list[Label]]] = {
    "antwoorden_kamervragen": label_questions,
    "verslag_schriftelijk_overleg": label_schriftelijk_overleg,
    "kamerbrief": label_letter,
    "bijlage": label_letter,
}


def _labeller(doc_type: str, paragraphs: list[str]) -> Callable[..., list[Label]]:
    """The labeller for a document type; unknown types are recognised by structure."""
    if doc_type in _LABELLERS:
        return _LABELLERS[doc_type]
    if any(_SO_ANSWER.match(p) for p in paragraphs):
        return label_schriftelijk_overleg
    if any(_VRAAG.match(p) for p in paragraphs):
        return label_questions
    return label_letter


def _merge(paragraphs: list[str], labels: list[Label]) -> list[tuple[Label, str]]:
    """Join consecutive paragraphs with the same label into one segment."""
    merged: list[tuple[Label, list[str]]] = []
    for para, label in zip(paragraphs, labels, strict=True):
        if merged and merged[-1][0] == label and label.seg_type != "heading":
            merged[-1][1].append(para)
        else:
            merged.append((label, [para]))
    return [(label, "\n\n".join(parts)) for label, parts in merged]


def split_letter(text: str, *, doc_type: str = "", minister: str = "") -> list[tuple[Label, str]]:
    """Segments of one cleaned text as ``(Label, text)`` pairs, in document order.

    Examples
    --------
    >>> parts = split_letter("Vraag 1\\n\\nKlopt dit?\\n\\nAntwoord\\n\\nJa.", minister="X")
    >>> [(label.role, label.seg_type, label.number) for label, _ in parts]
    [('other', 'heading', 1), ('parliament', 'question', 1), ('other', 'heading', 1), \
('government', 'answer', 1)]
    """
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    labels = _labeller(doc_type, paragraphs)(paragraphs, minister=minister)
    return _merge(paragraphs, labels)


_TEXT_COLUMNS = ("text_raw", "text", "footnotes", "n_chars", "n_paragraphs")


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
        document), ``role`` (category: government/parliament/other), ``speaker``
        (category; the minister, the fractie or the MPs, ``""`` for role other),
        ``seg_type`` (category: preamble, address, heading, body, question, answer,
        signature, closing), ``number`` (Int64, question/answer number), ``text``, then
        the letter's metadata columns (``title``, ``doc_type``, ``date``, ``minister``,
        ``cabinet``, ``period``, …) with their dtypes.

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
        parts = split_letter(str(letter.text), doc_type=doc_type, minister=minister)
        for index, (label, text) in enumerate(parts):
            rows.append(
                {
                    "doc_id": letter.doc_id,
                    "seg_id": f"{letter.doc_id}:{index:03d}",
                    "seg_index": index,
                    **label._asdict(),
                    "text": text,
                }
            )
            positions.append(pos)
    df = pd.DataFrame(rows, columns=["doc_id", "seg_id", "seg_index", *Label._fields, "text"])
    df = df[["doc_id", "seg_id", "seg_index", "role", "speaker", "seg_type", "number", "text"]]
    for col in ("doc_id", "seg_id", "text"):
        df[col] = df[col].astype("string")
    df["seg_index"] = df["seg_index"].astype("int64")
    df["role"] = pd.Categorical(df["role"], categories=ROLES)
    df["seg_type"] = pd.Categorical(df["seg_type"], categories=SEG_TYPES)
    df["speaker"] = df["speaker"].astype("category")
    df["number"] = pd.array(df["number"].tolist(), dtype="Int64")
    meta_cols = [c for c in letters.columns if c not in ("doc_id", *_TEXT_COLUMNS)]
    meta = letters.iloc[positions][meta_cols].reset_index(drop=True)
    return pd.concat([df, meta], axis=1)
