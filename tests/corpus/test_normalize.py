"""Tests for discourse.corpus.normalize: the plain-Python normalisers give textacy's output.

:func:`normalize_characters` replaces textacy 0.13's ``normalize.unicode(form="NFC")``,
``normalize.quotation_marks`` and ``normalize.bullet_points``; these tests compare the two
on the bundled letters, on every code point in the places the bullet rule looks at, and on
random strings drawn from the characters the rules touch.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.corpus.normalize import BULLET_POINTS, QUOTES, normalize_characters
from discourse.paths import data_dir

textacy_normalize = pytest.importorskip("textacy.preprocessing.normalize")

BULLETS = "\u2022\u2023\u2043\u204c\u204d\u2219\u25aa\u25cf\u25e6\u29be\u29bf\u30fb"
#: Characters the three normalisers react to, and their neighbours.
ALPHABET = (
    BULLETS
    + "".join(QUOTES)
    + "'\"\u0300\u0301\u0308\u0327e\u00ebaAoO\u1100\u1161\u11a8"  # composable pairs
    + " \n\t\r\x0b\x0c\x1c\x1f\x85\u00a0\u2028\u3000\u200b-x.1"  # \s and not \s
)


def _textacy(text: str) -> str:
    text = textacy_normalize.unicode(text, form="NFC")
    text = textacy_normalize.quotation_marks(text)
    return textacy_normalize.bullet_points(text)


def test_the_character_sets_are_textacys() -> None:
    from textacy.preprocessing import resources

    assert str.maketrans(QUOTES) == {
        k: chr(v) for k, v in resources.QUOTE_TRANSLATION_TABLE.items()
    }
    assert BULLET_POINTS.pattern == resources.RE_BULLET_POINTS.pattern
    assert BULLET_POINTS.flags == resources.RE_BULLET_POINTS.flags


def test_the_bundled_letters_normalise_as_with_textacy() -> None:
    files = sorted((data_dir() / "letters").iterdir())
    assert files
    for path in files:
        raw = path.read_text(encoding="utf-8")
        assert normalize_characters(raw) == _textacy(raw), path.name


@pytest.mark.slow
def test_every_code_point_normalises_as_with_textacy() -> None:
    """Each code point at a line start, before a bullet and after one."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for i in range(0, len(chars), 4096):
        text = "".join(f"\n{c}\u2022{c}\u25cf x{c}\n" for c in chars[i : i + 4096])
        assert normalize_characters(text) == _textacy(text), hex(ord(chars[i]))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(ALPHABET)), max_size=40))
def test_random_text_normalises_as_with_textacy(text: str) -> None:
    assert normalize_characters(text) == _textacy(text)


def test_bullets_only_at_the_start_of_a_line() -> None:
    assert normalize_characters("\u2022 a\n  \u25cf b \u2022 c") == "- a\n  - b \u2022 c"
    assert normalize_characters("x\u2022") == "x\u2022"
