"""The segmentation model as data: per ``doc_type``, the turn-opening patterns.

A :class:`Layout` is a list of :class:`Rule` records. Each rule is a regular expression
matched at the start of a paragraph of the cleaned text; when it matches, the paragraph
(or its label part, the text before the named group ``rest``) becomes an ``other/heading``
segment and the paragraphs that follow belong to the turn the rule opens: a ``role``,
``seg_type`` and ``speaker``, with the ``number`` read from the group ``numbers``
(``"4 en 5"``, ``"1, 2 en 3"``, ``"4-6"``: :func:`parse_numbers`). Speakers are templates
filled from the match (``{speaker}``) and from the document's context: ``{minister}`` (the
metadata), ``{asker}``, ``{fractie}``, ``{committee}``, ``{submitters}`` (set by a rule's
``sets`` or found anywhere in the text by the layout's ``context`` patterns).

:mod:`discourse.corpus.turns` applies a layout; :data:`LAYOUTS` is the table for the
supported types, shown in the README ("Which Kamerstukken the toolkit segments").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["LAYOUTS", "Layout", "Rule", "Turn", "parse_numbers"]

_F = re.IGNORECASE | re.DOTALL
#: Question numbers: single, listed and ranged ("4", "4 en 5", "1, 2 en 3", "4-6", "4 t/m 6").
NUMS = r"\d{1,3}(?:\s*(?:,|en|&|-|–|t/m|tot en met)\s*\d{1,3})*"
_RANGE = re.compile(r"(\d{1,3})(?:\s*(?:-|–|t/m|tot en met)\s*(\d{1,3}))?")


def parse_numbers(text: str | None) -> list[int]:
    """All question numbers in a label's number part, ranges expanded.

    >>> parse_numbers("1, 2 en 3"), parse_numbers("4-6"), parse_numbers(None)
    ([1, 2, 3], [4, 5, 6], [])
    """
    out: list[int] = []
    for m in _RANGE.finditer(text or ""):
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        out += list(range(first, last + 1)) if 0 <= last - first <= 50 else [first]
    return out


@dataclass(frozen=True)
class Turn:
    """Voice and function of the paragraphs a rule opens."""

    role: str
    seg_type: str
    speaker: str = ""


@dataclass(frozen=True)
class Rule:
    """One turn-opening pattern.

    ``kind``: ``"label"`` (the match is a heading; the rest and what follows are the turn),
    ``"keep"`` (the paragraph itself starts the turn) or ``"once"`` (only this paragraph
    gets the turn, then ``then`` or the previous turn goes on). ``requires``: conditions
    (``"government"``/``"not_government"``: the current role; ``"sequence"``: the number is
    1 or the previous question's number + 1). ``count``: a label without number gets
    ``"next"`` (previous question + 1) or ``"last"`` (the previous question's) number.
    ``boundary``: a question's number is not looked up past this label (see
    :attr:`Layout.number_questions`).
    """

    name: str
    pattern: str
    opens: Turn | None = None
    kind: str = "label"
    sets: tuple[tuple[str, str], ...] = ()
    requires: frozenset[str] = frozenset()
    count: str = ""
    then: Turn | None = None
    boundary: bool = False
    regex: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.pattern, _F))


@dataclass(frozen=True)
class Layout:
    """How one document type is segmented."""

    doc_type: str
    rules: tuple[Rule, ...]
    start: Turn
    headings: bool = True
    address: bool = False
    signature: bool = False
    #: Alternatives: the voice seg_types one of which must all be found, else a warning.
    expects: tuple[tuple[str, ...], ...] = ()
    context: tuple[tuple[str, str], ...] = ()
    number_questions: bool = False
    variants: tuple[tuple[str, Layout], ...] = ()


GOV = Turn("government", "answer", "{minister}")
ASKER_Q = Turn("parliament", "question", "{asker}")
BODY = Turn("government", "body", "{minister}")
PREAMBLE = Turn("other", "preamble")
CLOSING = Turn("other", "closing")

_QUESTION = Rule(
    "question",
    rf"^(?:vraag|vragen)(?=\s*(?:[:.]|$)|\s+\d)(?:\s+(?P<numbers>{NUMS}))?\s*[:.]?\s*(?P<rest>.*)$",
    ASKER_Q,
    count="next",
)
_ANSWER = Rule(
    "answer",
    rf"^antwoord(?:\s+(?:op\s+)?(?:de\s+)?(?:vraag|vragen))?(?=\s*(?:[:.]|$)|\s+\d)"
    rf"(?:\s+(?P<numbers>{NUMS}))?\s*[:.]?\s*(?P<rest>.*)$",
    GOV,
    count="last",
)
_NUMBERED_Q = Rule(
    "numbered question",
    r"^(?P<numbers>\d{1,3})[.)]?\s+(?P<rest>[^\n]*\?)\s*$",
    ASKER_Q,
    requires=frozenset({"sequence"}),
)
_BARE_NUMBER = Rule(
    "bare question number",
    r"^(?P<numbers>\d{1,3})[.)]?\s*$",
    ASKER_Q,
    requires=frozenset({"sequence"}),
)
_ASKERS = (
    r"^(?:schriftelijke\s+)?vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+"
    r"(?P<speaker>.+?(?:\s*\([^)]*\))?)\s+(?:aan|over)\b.*$"
)
_KAMERVRAGEN = Layout(
    "antwoorden_kamervragen",
    rules=(
        Rule("asker block", _ASKERS, sets=(("asker", "{speaker}"),)),
        Rule(
            "mededeling",
            r"^mededeling\b[^.?!:]{0,160}(?::\s*(?P<rest>.*))?$",
            Turn("government", "body", "{minister}"),
        ),
        Rule(
            "toelichting",
            r"^toelichting\s*[:.]?\s*(?P<rest>.*)$",
            Turn("parliament", "body", "{asker}"),
        ),
        _QUESTION,
        _ANSWER,
        _NUMBERED_Q,
        _BARE_NUMBER,
    ),
    start=PREAMBLE,
    expects=(("question", "answer"), ("body",)),
    context=(("asker", _ASKERS.replace("^", "", 1)),),
)
_COMMITTEE = (  # the committee's name: its capitalised words (and "en")
    r"(?P<speaker>vaste\s+commissie\s+voor\s+(?-i:[A-Z][\w-]*(?:\s+(?:en\s+)?[A-Z][\w-]*)*))"
)
_LIJST = Layout(
    "lijst_van_vragen_en_antwoorden",
    rules=(
        _QUESTION,
        _ANSWER,
        _NUMBERED_Q,
        _BARE_NUMBER,
    ),
    start=PREAMBLE,
    expects=(("question", "answer"),),
    context=(("asker", _COMMITTEE),),
)

# Verslag schriftelijk overleg: fractie headings in all their forms, any fractie name.
_FRACTIE = (
    r"^(?:(?:vragen\s+en\s+opmerkingen|opmerkingen\s+en\s+vragen|inbreng|vragen)\s+)?van\s+"
    r"(?:(?:de\s+leden|het\s+lid)\s+van\s+)?(?:de\s+|het\s+)?(?:fracties?\s+van\s+(?:de\s+|het\s+)?)?"
    r"(?P<speaker>[^\s:.?!][^:.?!]{0,60}?)(?:-?fracties?)?\s*:?$"
)
_SO_CUES = (  # anywhere in the paragraph
    r"^.*?(?:\b(?:leden|lid)\s+van\s+(?:de\s+)?[\w-]+-fractie\b|\bfractie\s+van\s+(?:de|het)\s+\w"
    r"|\bdeze\s+leden\b|\bvoornoemde\s+leden\b|\bvoorgenoemde\s+leden\b|\bwoord\s+zijnde\s+leden\b"
    r"|^aanbeveling\b|\?$)"
)
_SO_ANSWER = (
    r"^(?:(?P<numbers>\d{1,3})\.\s*)?(?:antwoord|reactie)(?:\s+van\s+(?:het\s+kabinet|de\s+regering"
    r"|de\s+(?:minister|staatssecretaris|bewindspersoon|bewindspersonen)\b[^.?!]{0,80}))?\s*:?$"
)
_FRACTIE_Q = Rule(
    "fractie heading",
    _FRACTIE,
    Turn("parliament", "question", "{fractie}"),
    sets=(("fractie", "{speaker}"),),
    requires=frozenset({"not_government", "fractie"}),
    boundary=True,
)
_FRACTIE_IN_ANSWERS = Rule(
    "fractie heading among the answers",
    _FRACTIE,
    sets=(("fractie", "{speaker}"),),
    requires=frozenset({"government", "fractie"}),
    boundary=True,
)
_SO_A = Rule("answer heading", _SO_ANSWER, GOV)
_FRACTIE_ALWAYS = Rule(
    "fractie heading",
    _FRACTIE,
    Turn("parliament", "question", "{fractie}"),
    sets=(("fractie", "{speaker}"),),
    requires=frozenset({"fractie"}),
    boundary=True,
)
_CUE_STICKY = Rule(
    "question cue",
    _SO_CUES,
    Turn("parliament", "question", "{fractie}"),
    "keep",
    requires=frozenset({"government"}),
)
#: Current layout: numbered (or unnumbered) answer headings between the fracties' questions.
_SO_INTERLEAVED = Layout(
    "verslag_schriftelijk_overleg",
    rules=(
        Rule("section I", r"^I\.?\s+\S.{0,90}$", boundary=True),
        Rule("closing section", r"^(?:II|III|IV|V|VI)\.?\s+\S.{0,90}$", CLOSING, boundary=True),
        _FRACTIE_ALWAYS,
        _SO_A,
        _CUE_STICKY,
    ),
    start=PREAMBLE,
    expects=(("question", "answer"),),
    number_questions=True,
)
#: Older layout: "I Vragen en opmerkingen vanuit de fracties", "II Antwoord / Reactie van de
#: minister"; in part II a paragraph with a question cue is a quoted question, the next
#: paragraph is the government again.
_SO_SECTIONS = Layout(
    "verslag_schriftelijk_overleg",
    rules=(
        Rule(
            "section I",
            r"^I\.?\s+\S.{0,90}$",
            Turn("parliament", "question", "{fractie}"),
            boundary=True,
        ),
        Rule("answer section", r"^II\.?\s+(?:antwoord|reactie)\b.{0,90}$", GOV, boundary=True),
        Rule("closing section", r"^(?:II|III|IV|V|VI)\.?\s+\S.{0,90}$", CLOSING, boundary=True),
        _FRACTIE_Q,
        _FRACTIE_IN_ANSWERS,
        _SO_A,
        Rule(
            "quoted question",
            _SO_CUES,
            Turn("parliament", "question", "{fractie}"),
            "once",
            requires=frozenset({"government"}),
        ),
    ),
    start=PREAMBLE,
    expects=(("question", "answer"),),
)
_VSO = Layout(
    "verslag_schriftelijk_overleg",
    rules=_SO_INTERLEAVED.rules,
    start=PREAMBLE,
    expects=(("question", "answer"),),
    number_questions=True,
    variants=((_SO_ANSWER, _SO_INTERLEAVED), (r"^II\.?\s+(?:antwoord|reactie)\b", _SO_SECTIONS)),
)

_HANDELINGEN = Layout(
    "handelingen",
    rules=(
        Rule(
            "minister",
            r"^(?:de\s+)?(?:minister|staatssecretaris|minister-president)\s+(?P<speaker>[^:\n.?!,]{2,60}?)"
            r"\s*:\s*(?P<rest>.*)$",
            Turn("government", "body", "{speaker}"),
        ),
        Rule(
            "chair",
            r"^(?:de\s+|mevrouw\s+de\s+|de\s+heer\s+de\s+)?voorzitter\s*:\s*(?P<rest>.*)$",
            Turn("other", "body", "voorzitter"),
        ),
        Rule(
            "member",
            r"^(?:de\s+heer|mevrouw)\s+(?P<speaker>[^:\n.?!,]{2,80}?)\s*:\s*(?P<rest>.*)$",
            Turn("parliament", "body", "{speaker}"),
        ),
    ),
    start=PREAMBLE,
    headings=False,
    expects=(("body",),),
)
_MOTIE = Layout(
    "motie",
    rules=(
        Rule("de kamer", r"^de\s+kamer\s*,", Turn("parliament", "body", "{submitters}"), "keep"),
        Rule(
            "orde van de dag",
            r"^.*\bgaat\s+over\s+tot\s+de\s+orde\s+van\s+de\s+dag\.?$",
            Turn("parliament", "body", "{submitters}"),
            "once",
            then=Turn("other", "signature"),
        ),
    ),
    start=PREAMBLE,
    headings=False,
    expects=(("body",),),
    context=(
        (
            "submitters",
            r"orde\s+van\s+de\s+dag\.\s*(?P<speaker>(?:[^\n.?!,;]{2,40}\n\n)*[^\n.?!,;]{2,40})\.?\s*$",
        ),
        (
            "submitters",
            r"(?:motie\s+van|voorgesteld\s+door)\s+(?:het\s+lid|de\s+leden)\s+(?P<speaker>[^\n.]{2,80})",
        ),
    ),
)
_KAMERBRIEF = Layout("kamerbrief", (), BODY, address=True, signature=True)
_BIJLAGE = Layout("bijlage", (), BODY, signature=True)

#: The supported document types (``doc_type`` in ``letters.csv``) and their layouts.
LAYOUTS: dict[str, Layout] = {
    layout.doc_type: layout
    for layout in (_KAMERBRIEF, _BIJLAGE, _KAMERVRAGEN, _LIJST, _VSO, _HANDELINGEN, _MOTIE)
}
