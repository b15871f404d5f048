"""Deterministic cleaning of the extraction artefacts in the letters.

:func:`clean_text` turns the raw text of a letter (as extracted from Word or PDF) into
running text: one paragraph per block, paragraphs separated by one blank line, single
spaces, and every footnote body moved out of the running text into a separate list.

Each artefact has its own small function, applied in this order:

0. :func:`~discourse.corpus.normalize.normalize_characters` – Unicode NFC (PDF extraction
   can give decomposed ``e`` + combining diaeresis for ``ë``), typographic quotes to ASCII
   (``‘VS’`` → ``'VS'``, ``Oekraïne’s`` → ``Oekraïne's``) and bullet glyphs to ``-``,
   exactly as textacy's ``preprocessing.normalize`` functions do (written out in
   :mod:`discourse.corpus.normalize`, so textacy is not imported). (textacy's
   ``hyphenated_words`` is *not* used: it would join ``defensie-`` + ``industrie`` into
   ``defensieindustrie``; step 7 keeps Dutch hyphenation.)
1. :func:`~discourse.corpus.normalize.normalize_whitespace` – no-break spaces (U+00A0 and
   friends) become spaces, ``\\r\\n`` becomes ``\\n``.
2. :func:`~discourse.corpus.footnotes.extract_word_footnotes` – Word-export markers
   ``[footnoteRef:N]`` are removed and inline bodies ``[N: …]`` (possibly spanning lines)
   move to the footnotes.
3. :func:`~discourse.corpus.footnotes.extract_footnote_blocks` – footnote bodies dropped in
   the text at page breaks (``1 Kamerstuk 36471, nr. 96.``) move to the footnotes. A body
   is recognised by its number: it must be the *next* footnote number (1, 2, 3, … per
   document) at the start of a line that follows a blank line or another footnote line;
   wrapped continuation lines and URLs split over lines are joined to it.
4. :func:`~discourse.corpus.footnotes.extract_url_lines` – lines holding nothing but a URL
   (repeated link targets) move to the footnotes, each URL once.
5. :func:`~discourse.corpus.lines.drop_page_numbers` – a line holding only a number
   between blank lines.
6. :func:`~discourse.corpus.lines.attach_ordinal_suffixes` – a lone superscript suffix line
   (``e``) is attached to the first number of the next line (``45 president`` →
   ``45e president``).
7. :func:`~discourse.corpus.lines.join_lines` – hard wraps are joined into paragraphs; page
   breaks inside a sentence are bridged; line-final hyphens are kept
   (``defensie-industrie``) and keep their space before a conjunction (``lage- en
   middeninkomenslanden``).
8. :func:`~discourse.corpus.footnotes.remove_footnote_markers` – footnote numbers glued to
   words (``Agenda1``, ``CPB5``, ``industrie.2``, ``juni 202413``) are removed, searched in
   footnote order.
9. :func:`~discourse.corpus.normalize.collapse_spaces` – runs of spaces become one space.

Source typos (``bijalge``) are kept: they are the text.
"""

from __future__ import annotations

from typing import NamedTuple

from discourse._validate import Instance, validate_params
from discourse.corpus.footnotes import (
    extract_footnote_blocks,
    extract_url_lines,
    extract_word_footnotes,
    remove_footnote_markers,
)
from discourse.corpus.lines import attach_ordinal_suffixes, drop_page_numbers, join_lines
from discourse.corpus.normalize import (
    collapse_spaces,
    normalize_characters,
    normalize_whitespace,
)

__all__ = ["CleanResult", "clean_text"]


class CleanResult(NamedTuple):
    """Cleaned running text and the footnote bodies taken out of it."""

    text: str
    footnotes: list[str]


@validate_params(raw=Instance(str))
def clean_text(raw: str) -> CleanResult:
    """Clean the raw text of one letter.

    Parameters
    ----------
    raw : str
        Text as extracted from the ``.txt`` or ``.pdf`` file.

    Returns
    -------
    CleanResult
        ``text``: paragraphs separated by ``"\\n\\n"``, single spaces, no footnote
        markers or bodies; ``footnotes``: the footnote bodies (``"N text"``, in order of
        appearance) followed by link lines that stood on their own.

    Raises
    ------
    CorpusError
        When ``raw`` is not a string.

    Examples
    --------
    >>> clean_text("Een rol in de defensie-\\nindustrie.1 Zo.\\n\\n1 Kamerstuk 21 501-07\\n")
    CleanResult(text='Een rol in de defensie-industrie. Zo.', footnotes=['1 Kamerstuk 21 501-07'])
    """
    text, notes = extract_word_footnotes(normalize_whitespace(normalize_characters(raw)))
    lines = text.split("\n")
    lines, page_notes = extract_footnote_blocks(lines)
    lines, urls = extract_url_lines(lines)
    lines = attach_ordinal_suffixes(drop_page_numbers(lines))
    running = "\n\n".join(join_lines(lines))
    running = remove_footnote_markers(running, n_footnotes=len(page_notes))
    running = collapse_spaces(running)
    return CleanResult(running, notes + page_notes + urls)
