"""Character-level normalisation of extracted text: Unicode form, quotes, bullets, spaces.

:func:`normalize_characters` gives exactly the output of textacy 0.13's
``preprocessing.make_pipeline(normalize.unicode(form="NFC"), normalize.quotation_marks,
normalize.bullet_points)``, with the standard library only (importing textacy costs ~3 s,
as it pulls in scikit-learn). The character sets are copied from textacy's
``textacy/preprocessing/resources.py``: ``QUOTE_TRANSLATION_TABLE`` (:data:`QUOTES`) and
``RE_BULLET_POINTS`` (:data:`BULLET_POINTS`, the same pattern); the functions are those of
``textacy/preprocessing/normalize.py`` (``unicode``, ``quotation_marks``,
``bullet_points``). ``tests/corpus/test_normalize.py`` checks the identity against textacy
when it is installed.

References
----------
DeWilde, B. (2023). textacy: NLP, before and after spaCy (v0.13).
https://github.com/chartbeat-labs/textacy
"""

from __future__ import annotations

import re
import unicodedata

from discourse.corpus.actions import Action, record

__all__ = [
    "BULLET_POINTS",
    "LIGATURES",
    "QUOTES",
    "collapse_spaces",
    "remove_soft_hyphens_and_ligatures",
    "normalize_characters",
    "normalize_whitespace",
]

#: Typographic quotation marks and apostrophes and their ASCII replacement (textacy's
#: ``QUOTE_TRANSLATION_TABLE``).
QUOTES = {"ʼ": "'", "‘": "'", "’": "'", "´": "'", "`": "'", "“": '"', "”": '"'}
_QUOTE_TABLE = str.maketrans(QUOTES)
#: A bullet glyph as the first non-whitespace character of a line (textacy's
#: ``RE_BULLET_POINTS``, unchanged: no ``re.MULTILINE``, so ``^`` is the start of the text).
BULLET_POINTS = re.compile(
    r"((^|\n)\s*?)"
    r"([\u2022\u2023\u2043\u204C\u204D\u2219\u25aa\u25CF\u25E6\u29BE\u29BF\u30fb])",
)
_NBSP = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\ufeff": ""})


def normalize_characters(raw: str) -> str:
    """NFC, ASCII quotation marks and ``-`` for bullet glyphs that open a line.

    The same output as textacy's ``normalize.unicode(form="NFC")``,
    ``normalize.quotation_marks`` and ``normalize.bullet_points``, in that order.

    Examples
    --------
    >>> normalize_characters("de \u2018wereldorde\u2019 van Oekrai\u0308ne\u2019s")
    "de 'wereldorde' van Oekraïne's"
    >>> normalize_characters("\u2022 veiligheid")
    '- veiligheid'
    """
    text = unicodedata.normalize("NFC", raw)
    text = text.translate(_QUOTE_TABLE)
    return BULLET_POINTS.sub(r"\1-", text)


#: Typographic ligatures of PDF text and their letters (their NFKC decomposition).
LIGATURES = {
    c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
}
_LIGATURE = re.compile("[" + "".join(LIGATURES) + "]")
_SOFT_HYPHEN = "\u00ad"


def remove_soft_hyphens_and_ligatures(text: str, *, log: list[Action] | None = None) -> str:
    """Remove soft hyphens (U+00AD, Word exports) and spell out ligatures (``\ufb01`` → ``fi``).

    Both are invisible to a reader but change the character count that a parser (Frog)
    sees; each is recorded in ``log`` (``removed soft_hyphen``, ``split ligature``).

    Examples
    --------
    >>> remove_soft_hyphens_and_ligatures("verant\u00adwoordelijk voor de \ufb01nanciën")
    'verantwoordelijk voor de financiën'
    """
    for m in re.finditer(rf"\S*{_SOFT_HYPHEN}\S*", text):
        for _ in range(m.group().count(_SOFT_HYPHEN)):
            record(log, "removed", "soft_hyphen", m.group().replace(_SOFT_HYPHEN, "|"))
    text = text.replace(_SOFT_HYPHEN, "")
    for m in _LIGATURE.finditer(text):
        record(log, "split", "ligature", text[max(0, m.start() - 10) : m.end() + 10])
    return _LIGATURE.sub(lambda m: LIGATURES[m.group()], text)


def normalize_whitespace(raw: str) -> str:
    """Turn no-break and other special spaces into spaces, CRLF into LF, a form feed
    (page break) into two blank lines.

    Examples
    --------
    >>> normalize_whitespace("Vraag 2\\u00a0\\r\\n")
    'Vraag 2 \\n'
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n\n")
    return text.translate(_NBSP)


def collapse_spaces(text: str) -> str:
    """Collapse runs of spaces/tabs into one space and strip paragraph edges.

    Examples
    --------
    >>> collapse_spaces("als  multilateraal verband ")
    'als multilateraal verband'
    """
    paragraphs = (re.sub(r"[ \t]+", " ", p).strip() for p in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)
