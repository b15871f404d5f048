"""Line-end hyphens: a break inside one word, or a hyphen the word really has?

Two-column PDFs break words at the line end (``verantwoor-`` / ``delijk``); Dutch also
writes real hyphens that may fall at a line end (``defensie-`` / ``industrie``, ``Noord-``
/ ``Atlantische``, ``lage-`` / ``en middeninkomenslanden``). :func:`is_line_break_hyphen`
joins without the hyphen only on evidence from the document itself, and keeps the hyphen
otherwise. The hyphen goes only when all of these hold:

1. both parts are letters only and start in lower case (a capital — ``Noord-``,
   ``Europa-``, ``EU-`` — means a name compound, which keeps its hyphen);
2. the parts do not meet vowel to vowel (``defensie-industrie``, ``mede-accreditatie``:
   Dutch writes the hyphen against vowel clashes, *klinkerbotsing*);
3. the hyphenated form does not occur elsewhere in the document inside a line;
4. the joined form occurs elsewhere in the document, **or** neither part occurs as a word
   of its own anywhere in the document (``verantwoor`` and ``delijk`` are no words).

The second part after a conjunction (``lage-`` + ``en``) is an elliptical compound and is
never joined (:func:`discourse.corpus.lines.join_lines`). Rule 4 checks the document's
own vocabulary (no dictionary is bundled); rule 2 is the vowel-clash rule of Dutch
spelling.

References
----------
Nederlandse Taalunie. Woordenlijst Nederlandse Taal, Leidraad: "Koppelteken"
(klinkerbotsing). https://woordenlijst.org/leidraad
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["Vocabulary", "is_line_break_hyphen", "vocabulary"]

_VOWELS = frozenset("aeiouyáéíóúàèëïöüâêîôû")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_STEM = re.compile(r"([^\W\d_]+)-$")
_TAIL = re.compile(r"^([^\W\d_]+)")

Vocabulary = tuple[Counter, set[str]]


def vocabulary(lines: list[str]) -> Vocabulary:
    """Words (lower case) and in-line hyphenated forms of a document, without the pieces
    of words broken at a line-end hyphen."""
    words: Counter = Counter()
    hyphenated: set[str] = set()
    for i, raw in enumerate(lines):
        line = raw.strip()
        if line.endswith("-"):
            line = _STEM.sub("", line)
        if i > 0 and lines[i - 1].strip().endswith("-"):
            line = _TAIL.sub("", line)
        for token in _WORD.findall(line.lower()):
            if "-" in token:
                hyphenated.add(token)
                words.update(token.split("-"))
            else:
                words[token] += 1
    return words, hyphenated


def is_line_break_hyphen(prev: str, nxt: str, vocab: Vocabulary) -> tuple[bool, str]:
    """Is the hyphen ending ``prev`` a line-break hyphen inside the word going on in ``nxt``?

    Returns the decision and the two parts as ``"stem-tail"`` (for the report).

    Examples
    --------
    >>> vocab = vocabulary(["het kabinet is verantwoor-", "delijk voor de defensie-",
    ...                     "industrie en de defensie"])
    >>> is_line_break_hyphen("het kabinet is verantwoor-", "delijk voor", vocab)
    (True, 'verantwoor-delijk')
    >>> is_line_break_hyphen("voor de defensie-", "industrie en", vocab)
    (False, 'defensie-industrie')
    """
    stem, tail = _STEM.search(prev.strip()), _TAIL.match(nxt.strip())
    if not stem or not tail:
        return False, ""
    stem, tail = stem.group(1), tail.group(1)
    pair = f"{stem}-{tail}"
    words, hyphenated = vocab
    if not (stem[0].islower() and tail[0].islower()):
        return False, pair
    if stem[-1] in _VOWELS and tail[0] in _VOWELS:
        return False, pair
    if pair.lower() in hyphenated:
        return False, pair
    joined = (stem + tail).lower()
    parts_unknown = not words[stem.lower()] and not words[tail.lower()]
    return bool(words[joined]) or parts_unknown, pair
