"""Deterministic cleaning of the extraction artefacts in the letters.

:func:`clean_text` turns the raw text of a letter (as extracted from Word or PDF) into
running text: one paragraph per block, paragraphs separated by one blank line, single
spaces, and every footnote body moved out of the running text into a separate list.

Nothing is deleted without a record: every step appends what it removed, moved, joined,
split or kept (a candidate it was not sure about) to ``CleanResult.actions``
(:mod:`discourse.corpus.actions`), which :func:`discourse.corpus.report.cleaning_report`
counts. Each artefact has its own small function, applied in this order:

0. :func:`~discourse.corpus.normalize.normalize_characters` – Unicode NFC, typographic
   quotes to ASCII and bullet glyphs to ``-``, exactly as textacy's
   ``preprocessing.normalize`` functions do (written out in
   :mod:`discourse.corpus.normalize`, so textacy is not imported);
   :func:`~discourse.corpus.normalize.remove_soft_hyphens_and_ligatures` – soft hyphens
   (U+00AD) removed, ligatures (``\ufb01``) spelled out.
1. :func:`~discourse.corpus.normalize.normalize_whitespace` – no-break spaces become
   spaces, ``\r\n`` becomes ``\n``, a form feed two blank lines (a page break).
2. :func:`~discourse.corpus.footnotes.extract_word_footnotes` – Word-export markers
   ``[footnoteRef:N]`` are removed and inline bodies ``[N: …]`` move to the footnotes.
3. :func:`~discourse.corpus.furniture.move_furniture` – letterhead, side column and page
   headers/footers repeated on most pages, and ``Pagina N van M`` lines, move to
   ``furniture``; a heading glued to a page footer (``… 2023-2024 1Antwoord 3``) is split
   off into its own paragraph.
4. :func:`~discourse.corpus.footnotes.extract_footnote_blocks` – footnote bodies
   (``1 Kamerstuk 36471, nr. 96.``, or glued ``1Kamerstuk …`` from pypdf) move to the
   footnotes: the next footnote number (1, 2, 3, … per document) at the start of a line,
   in a block whose number has a typographic marker in the text before it. A numbered
   list without dots (``1 Het kabinet …``) has none and stays.
5. :func:`~discourse.corpus.footnotes.extract_url_lines` – lines holding nothing but a URL
   move to the footnotes, each URL once.
6. :func:`~discourse.corpus.pages.move_page_numbers` – a lone number at a page edge, or a
   number glued to a page's first word (``2Het kabinet``, split off before step 4 by
   :func:`~discourse.corpus.pages.split_glued_page_numbers`), moves to ``furniture`` only
   when it is proven to be a page number (it follows the page sequence, or ends a page
   below its footnotes); any other lone number (``250``) stays.
7. :func:`~discourse.corpus.lines.attach_ordinal_suffixes` – a lone superscript suffix line
   (``e``) is attached to the first number of the next line (``45e president``).
8. :func:`~discourse.corpus.lines.join_lines` – hard wraps are joined into paragraphs; page
   breaks inside a sentence are bridged; a heading line glued to its paragraph becomes a
   paragraph; line-final hyphens are kept (``defensie-industrie``, ``lage- en
   middeninkomenslanden``) unless the document proves a line-break hyphen
   (``verantwoor-delijk`` → ``verantwoordelijk``, :mod:`discourse.corpus.hyphens`).
9. :func:`~discourse.corpus.markers.remove_footnote_markers` – the markers of the footnote
   bodies found (``aangeboden1``, ``industrie.2``, ``juni 202413``, ``[3 ]``) are removed,
   in footnote order; real numbers stay (``Postbus 20901``, ``ingezonden 2 oktober``,
   ``Vraag 4 en 5``, ``BIJ1-fractie``), and so do numbers that might be markers without
   proof (``Voortgangsbrief 20 is``, a marker whose body is missing): they are reported
   as ``kept``.
10. :func:`~discourse.corpus.normalize.collapse_spaces` – runs of spaces become one space.

Source typos (``bijalge``) are kept: they are the text.
"""

from __future__ import annotations

from typing import NamedTuple

from discourse._validate import Boolean, Instance, validate_params
from discourse.corpus.actions import Action
from discourse.corpus.footnotes import (
    extract_footnote_blocks,
    extract_url_lines,
    extract_word_footnotes,
)
from discourse.corpus.furniture import move_furniture
from discourse.corpus.lines import attach_ordinal_suffixes, join_lines
from discourse.corpus.markers import remove_footnote_markers
from discourse.corpus.normalize import (
    collapse_spaces,
    normalize_characters,
    normalize_whitespace,
    remove_soft_hyphens_and_ligatures,
)
from discourse.corpus.pages import move_page_numbers, split_glued_page_numbers

__all__ = ["CleanResult", "clean_text"]


class CleanResult(NamedTuple):
    """Cleaned running text, what was taken out of it, and every action of the cleaning.

    ``text`` and ``footnotes`` come first, so ``text, footnotes, *_ = clean_text(raw)``.
    """

    text: str
    footnotes: list[str]
    furniture: list[str]
    actions: list[Action]


@validate_params(raw=Instance(str), paragraphs=Boolean())
def clean_text(raw: str, *, paragraphs: bool = False) -> CleanResult:
    """Clean the raw text of one letter.

    Parameters
    ----------
    raw : str
        Text as extracted from the letter's file.
    paragraphs : bool
        ``True`` when the file marks its paragraphs (``.docx``, the official ``.xml`` or
        ``.html``; :data:`discourse.corpus.files.PARAGRAPH_SUFFIXES`): every blank line of
        ``raw`` is a paragraph break. ``False`` (plain text, PDF): a blank line inside a
        sentence is taken for a page break and bridged.

    Returns
    -------
    CleanResult
        ``text``: paragraphs separated by ``"\\n\\n"``, single spaces, no footnote
        markers or bodies, no page furniture; ``footnotes``: the footnote bodies (``"N
        text"``, in order of appearance) followed by link lines that stood on their own;
        ``furniture``: the letterhead, side-column, page header/footer lines and page
        numbers moved out of the text, each distinct line once in order of first
        appearance; ``actions``: every :class:`~discourse.corpus.actions.Action` taken
        (or candidate kept), in order.

    Raises
    ------
    CorpusError
        When ``raw`` is not a string.

    Examples
    --------
    >>> result = clean_text("Een rol in de defensie-\\nindustrie.1 Zo.\\n\\n1 Kamerstuk 21 501")
    >>> result.text, result.footnotes
    ('Een rol in de defensie-industrie. Zo.', ['1 Kamerstuk 21 501'])
    >>> clean_text("Postbus 20901, ingezonden 2 oktober; aangeboden1.\\n\\n1 Brief.").text
    'Postbus 20901, ingezonden 2 oktober; aangeboden.'
    """
    log: list[Action] = []
    text = remove_soft_hyphens_and_ligatures(normalize_characters(raw), log=log)
    text, notes = extract_word_footnotes(normalize_whitespace(text), log=log)
    lines, furniture = move_furniture(text.split("\n"), log=log)
    lines, glued_numbers = split_glued_page_numbers(lines, log=log)
    paged, page_notes = extract_footnote_blocks(lines, log=log)
    paged, urls = extract_url_lines(paged, log=log)
    paged, page_numbers = move_page_numbers(paged, before=lines, log=log)
    running = "\n\n".join(join_lines(attach_ordinal_suffixes(paged), log=log, marked=paragraphs))
    running = remove_footnote_markers(running, n_footnotes=len(page_notes), log=log)
    running = collapse_spaces(running)
    furniture = list(dict.fromkeys(furniture + glued_numbers + page_numbers))
    return CleanResult(running, notes + page_notes + urls, furniture, log)
