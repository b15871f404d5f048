"""Apply a :class:`~discourse.corpus.layouts.Layout` to one cleaned text: labelled spans.

The text is cut into paragraphs (blocks between ``"\\n\\n"``), each with its character span.
A paragraph that a layout rule matches is a label (``other/heading``, split from its
``rest`` when the turn's text follows on the same line: ``Vraag 1: Bent u …?``); the
paragraphs after it take the rule's turn until the next rule matches. In the voices
(government, parliament), a short paragraph without closing punctuation that is followed by
running text is a section heading (``other/heading``) and does not change the turn.
Letters (``kamerbrief``, ``bijlage``) also get their opening address lines and their
signature block (from ``Hoogachtend`` / ``De minister van …,`` or a name followed by
``Minister van …``, up to an annex ``Bijlage …`` or the end) as ``other``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import NamedTuple

from discourse.corpus.layouts import Layout, Rule, Turn, parse_numbers

__all__ = ["Label", "Unit", "label_text", "paragraphs"]

VOICES = ("government", "parliament")
_ADDRESS = re.compile(
    r"^(Geachte|Aan de|Aan het|Datum|Betreft|Onderwerp|Ons kenmerk|Uw kenmerk|Uw brief)\b"
)
_SALUTATION = re.compile(r"^(Zeer )?[Gg]eachte\b[^.]{0,80},?$")
_SIGNATURE = re.compile(
    r"^(Hoogachtend|Met (vriendelijke|hartelijke) groet(en)?|"
    r"(De|Het) (minister|staatssecretaris|minister-president|ministers|staatssecretarissen)"
    r"\b[^.]{0,150},)",
    re.IGNORECASE,
)
_NAME = re.compile(r"^(?:[A-Z][a-z]{0,2}\.){1,6}\s?(?:[a-z]+\s)*[A-Z][\w'-]+(?:[ -][\w'-]+){0,3}$")
_FUNCTION = re.compile(r"^(Minister|Staatssecretaris|Minister-president)\b[^.]{0,100}$", re.I)
_NAME_FUNCTION = re.compile(
    r"^(?:[A-Z][a-z]{0,2}\.){1,6}\s?[^\n.]{2,40}?\s+(Minister|Staatssecretaris)\b[^.]{0,100}$"
)
_ANNEX = re.compile(r"^(Bijlage|Bijlagen|Annex)\b", re.IGNORECASE)
_FRACTIE_WORD = re.compile(r"fractie|\b(?:leden|lid)\s+van\b", re.IGNORECASE)


class Label(NamedTuple):
    """Voice and function of one paragraph (or part of one)."""

    role: str
    speaker: str
    seg_type: str
    number: int | None = None
    numbers: str | None = None


class Unit(NamedTuple):
    """A paragraph (or part of one): its span in the cleaned text and its text."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Unit]:
    """The paragraphs of a cleaned text with their spans (``text[start:end] == unit.text``)."""
    units, pos = [], 0
    for part in text.split("\n\n"):
        body = part.strip()
        if body:
            start = pos + len(part) - len(part.lstrip())
            units.append(Unit(start, start + len(body), body))
        pos += len(part) + 2
    return units


def _fill(template: str, values: dict[str, object]) -> str:
    text = template.format_map(defaultdict(str, {k: v or "" for k, v in values.items()}))
    return re.sub(r"\s+", " ", re.sub(r"\s*\n\n\s*", ", ", text)).strip()


def _label(turn: Turn, values: dict[str, object], nums: list[int]) -> Label:
    numbers = ",".join(map(str, nums)) if nums else None
    return Label(
        turn.role, _fill(turn.speaker, values), turn.seg_type, nums[0] if nums else None, numbers
    )


def is_heading(text: str) -> bool:
    """A short line without closing punctuation that starts with a capital or a digit."""
    return (
        len(text) <= 150
        and len(text.split()) <= 20
        and "\n" not in text
        and (text[0].isupper() or text[0].isdigit())
        and text[-1] not in ".?!:;,'\""
    )


def _allowed(rule: Rule, m: re.Match, state: Label, ctx: dict) -> bool:
    req = rule.requires
    if "government" in req and state.role != "government":
        return False
    if "not_government" in req and state.role == "government":
        return False
    if "fractie" in req and not _FRACTIE_WORD.search(m.group(0)):
        return False
    if "sequence" in req:
        nums, last = parse_numbers(m.group("numbers")), ctx["questions"]
        return bool(nums) and (nums[0] == 1 or (bool(last) and nums[0] == max(last) + 1))
    return True


def _match(layout: Layout, text: str, state: Label, ctx: dict) -> tuple[Rule, re.Match] | None:
    for rule in layout.rules:
        m = rule.regex.match(text)
        if m and _allowed(rule, m, state, ctx):
            return rule, m
    return None


def _numbers(rule: Rule, groups: dict, ctx: dict) -> list[int]:
    nums = parse_numbers(groups.get("numbers"))
    last = ctx["questions"]
    if not nums and rule.count == "next":
        nums = [max(last) + 1 if last else 1]
    elif not nums and rule.count == "last":
        nums = list(last)
    return nums


def _apply(layout: Layout, units: list[Unit], ctx: dict) -> list[tuple[Label, Unit]]:
    """Run the rules over ``units``: each unit (or its label and rest parts) labelled."""
    state = _label(layout.start, ctx, [])
    labels = [rule for rule in layout.rules if rule.kind == "label"]
    labelish = [any(r.regex.match(u.text) for r in labels) for u in units]
    out: list[tuple[Label, Unit]] = []
    for i, unit in enumerate(units):
        hit = _match(layout, unit.text, state, ctx)
        if hit is None:
            followed = i + 1 < len(units) and not labelish[i + 1]
            if layout.headings and state.role in VOICES and followed and is_heading(unit.text):
                out.append((Label("other", "", "heading"), unit))
            else:
                out.append((state, unit))
            continue
        rule, m = hit
        groups = m.groupdict()
        for var, template in rule.sets:
            ctx[var] = _fill(template, {**ctx, **groups})
        nums = _numbers(rule, groups, ctx)
        if rule.opens is not None and rule.opens.seg_type == "question" and nums:
            ctx["questions"] = nums
        new = _label(rule.opens, {**ctx, **groups}, nums) if rule.opens else state
        if rule.kind == "label":
            rest = groups.get("rest") or ""
            cut = m.start("rest") if rest else len(unit.text)
            head = unit.text[:cut].rstrip()
            out.append(
                (
                    Label("other", "", "heading", new.number, new.numbers),
                    unit._replace(end=unit.start + len(head), text=head),
                )
            )
            if rest:
                out.append((new, Unit(unit.start + cut, unit.end, unit.text[cut:])))
            state = new
        elif rule.kind == "keep":
            out.append((new, unit))
            state = new
        else:  # once
            out.append((new, unit))
            state = _label(rule.then, ctx, []) if rule.then else state
        if rule.boundary:
            ctx["boundaries"].add(len(out) - 1)
    return out


def _number_questions(out: list[tuple[Label, Unit]], boundaries: set[int]) -> None:
    """Each question (in place) gets the number of the answer heading after it.

    A question with no numbered heading before the next boundary (a fractie or section
    heading) keeps no number.
    """
    upcoming: tuple[int | None, str | None] = (None, None)
    for i in range(len(out) - 1, -1, -1):
        label, unit = out[i]
        if i in boundaries:
            upcoming = (None, None)
        elif label.seg_type == "heading" and label.number is not None:
            upcoming = (label.number, label.numbers)
        elif label.seg_type == "question":
            out[i] = (label._replace(number=upcoming[0], numbers=upcoming[1]), unit)


def _signature(units: list[Unit]) -> tuple[int, int] | None:
    """Start and end (exclusive) of a letter's signature block, if any."""
    n = len(units)
    for i, unit in enumerate(units):
        text = unit.text
        starts = (_SIGNATURE.match(text) and len(text) < 200) or _NAME_FUNCTION.match(text)
        starts = starts or (_NAME.match(text) and i + 1 < n and _FUNCTION.match(units[i + 1].text))
        if not starts:
            continue
        end = next((j for j in range(i + 1, n) if _ANNEX.match(units[j].text)), n)
        if all(len(u.text) < 200 for u in units[i:end]):
            return i, end
    return None


def _address_end(units: list[Unit]) -> int:
    """End of the opening address block: up to the salutation, or the address lines."""
    for k, unit in enumerate(units[:12]):
        if len(unit.text) >= 200:
            break
        if _SALUTATION.match(unit.text):
            return k + 1
    start = 0
    while start < len(units) and _ADDRESS.match(units[start].text):
        start += 1
    return start


def _letter(layout: Layout, units: list[Unit], ctx: dict) -> list[tuple[Label, Unit]]:
    """A letter: address lines, body (with headings), signature, annex (body again)."""
    start = _address_end(units) if layout.address else 0
    sig = _signature(units[start:]) if layout.signature else None
    sig_start, sig_end = (start + sig[0], start + sig[1]) if sig else (len(units), len(units))
    out = [(Label("other", "", "address"), u) for u in units[:start]]
    out += _apply(layout, units[start:sig_start], ctx)
    out += [(Label("other", "", "signature"), u) for u in units[sig_start:sig_end]]
    return out + _apply(layout, units[sig_end:], ctx)


def _variant(layout: Layout, units: list[Unit]) -> Layout:
    for detect, variant in layout.variants:
        regex = re.compile(detect, re.IGNORECASE)
        if any(regex.match(u.text) for u in units):
            return variant
    return layout


def label_text(text: str, layout: Layout, *, minister: str = "") -> list[tuple[Label, Unit]]:
    """Labelled units of one cleaned text, in document order."""
    units = paragraphs(text)
    layout = _variant(layout, units)
    ctx: dict = {"minister": minister, "questions": [], "boundaries": set()}
    for var, pattern in layout.context:
        found = re.search(pattern, text, re.IGNORECASE | re.DOTALL)
        if found and var not in ctx:
            ctx[var] = _fill("{speaker}", found.groupdict())
    if layout.address or layout.signature:
        return _letter(layout, units, ctx)
    out = _apply(layout, units, ctx)
    if layout.number_questions:
        _number_questions(out, ctx["boundaries"])
    return out
