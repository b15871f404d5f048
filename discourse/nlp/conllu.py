"""CoNLL-U in and out: :func:`to_conllu` writes a token table, :func:`read_conllu` reads one.

The token table (``docs/design.md``) maps onto the 10 CoNLL-U columns as ``ID`` = word
number in its sentence, ``FORM`` = ``text``, ``LEMMA`` = ``lemma``, ``UPOS`` = ``upos``,
``XPOS`` = ``tag`` (Frog's CGN tag), ``FEATS``/``HEAD``/``DEPREL``/``DEPS`` = the
``feats``/``head``/``deprel``/``deps`` columns when the table has them (else ``_``), and
``MISC`` = what the other columns need (:mod:`.conllu_write`): ``SpaceAfter=No`` and, only
where the spacing does not give it, ``TokenRange`` (so ``char_start`` comes back),
``NER`` (``ent_type``), and the flags where they differ from spaCy's Dutch lexical
attributes. Documents are ``# newdoc id``, segments ``# newpar id`` followed by the
segment metadata as comments (``# role = government``, ``# date = 2024-05-01`` …),
sentences ``# sent_id = <doc_id>.s<sent_id>`` and ``# text``. So a file is
self-contained and diffable; for the exact dtypes of the metadata (ordered periods, a
role's categories) pass the segments table as ``metadata=`` when reading.

:func:`read_conllu` also reads other CoNLL-U: Universal Dependencies treebanks and
ParlaMint-NL files. Documents come from ``# newdoc id`` (else the file name), segments
from ``# newpar id`` (else one per document), metadata from the comments or a
``metadata`` table. Columns the token table lacks are kept (:data:`EXTRA_COLUMNS`), so
writing the table back reproduces the file's word lines.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from discourse._validate import Instance, Table, require_columns, validate_params
from discourse.errors import CorpusError
from discourse.nlp.conllu_format import Sentence, open_text, read_sentences
from discourse.nlp.conllu_rows import Rows
from discourse.nlp.conllu_write import EXTRA_COLUMNS, conllu_lines

__all__ = ["EXTRA_COLUMNS", "conllu_files", "read_conllu", "read_rows", "to_conllu"]

_PATH = Instance(str, os.PathLike, label="a file path (str or pathlib.Path)")


@validate_params(
    tokens=Table(label="a token table (discourse.tokens() or read_conllu())"),
    path=_PATH,
)
def to_conllu(tokens: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write a token table as a CoNLL-U file (gzip when ``path`` ends in ``.gz``).

    Parameters
    ----------
    tokens : DataFrame
        A token table (:func:`discourse.tokens`); needs ``doc_id, seg_id, sent_id,
        text``, uses the other columns it has. Rows in document order (each document's,
        segment's and sentence's rows together).
    path : str or path
        The file to write (its folder must exist); an existing file is replaced.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    CorpusError
        When a needed column is missing, a ``text`` is empty or holds a tab or line
        break, or the rows of a document, segment or sentence are not together.

    Examples
    --------
    >>> toks = tokens(segments(load_letters()))  # doctest: +SKIP
    >>> to_conllu(toks, "letters.conllu")  # doctest: +SKIP
    >>> read_conllu("letters.conllu", metadata=segments(load_letters()))  # doctest: +SKIP

    References
    ----------
    de Marneffe, M.-C., Manning, C. D., Nivre, J., & Zeman, D. (2021). Universal
    Dependencies. *Computational Linguistics*, 47(2), 255-308.
    """
    require_columns("to_conllu", tokens, ["doc_id", "seg_id", "sent_id", "text"])
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open_text(tmp, "w", gz=path.suffix == ".gz") as fh:
            for line in conllu_lines(tokens):
                fh.write(line + "\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


@validate_params(
    path=Instance(
        str, os.PathLike, label="a CoNLL-U file or a folder of them (str or pathlib.Path)"
    ),
    metadata=Instance(
        pd.DataFrame,
        none=True,
        label="a metadata table with 'seg_id' or 'doc_id'",
        none_label="metadata from the file's comments",
    ),
)
def read_conllu(path: str | os.PathLike, *, metadata: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read CoNLL-U into the token table schema (``docs/design.md``).

    Parameters
    ----------
    path : str or path
        A ``.conllu`` file (``.conllu.gz`` too), or a folder: all its ``*.conllu`` and
        ``*.conllu.gz`` files in name order (e.g. a ParlaMint-NL year).
    metadata : DataFrame, optional
        The segment metadata, keyed by ``seg_id`` (a segments table: every segment of
        the files must be in it) or by ``doc_id`` (one row per document). Its columns
        ``period, cabinet, minister, doc_type, role, speaker, date`` replace the
        comments', with its dtypes, and ``doc_id``/``seg_id`` take its categories, as
        :func:`discourse.tokens` does. For ParlaMint's ``*-meta.tsv``, rename ``ID``
        to ``seg_id`` and ``Speaker_name`` to ``speaker`` first.

    Returns
    -------
    DataFrame
        The token table columns (``sent_id`` from ``# sent_id = <doc_id>.s<n>`` where
        given, else counted per document; ``token_id`` counted per document;
        ``char_start`` from ``TokenRange`` or the spacing; flags from MISC or spaCy's
        Dutch lexical attributes; metadata columns as categoricals, ``date`` as
        datetime), then those of :data:`EXTRA_COLUMNS` the files have: ``feats``,
        ``deprel``, ``deps``, ``misc`` (MISC entries not read into columns), ``mwt``
        and ``empty_nodes`` (raw multiword-range and empty-node lines, on the word
        they precede or follow) as categoricals, ``head`` as ``Int32``.
        ``attrs["pipeline"]`` comes from the ``# pipeline`` comments, else
        ``{"name": "conllu", "version": <file name>}``.

    Raises
    ------
    CorpusError
        When a file breaks the CoNLL-U format (the message names file and line), a
        document or segment id repeats, a ``date`` is not a date, or ``metadata`` does
        not cover the files' segments.

    Examples
    --------
    >>> ud = read_conllu("nl_lassysmall-ud-test.conllu")  # doctest: +SKIP
    >>> ud.groupby("upos", observed=True).size()  # doctest: +SKIP

    References
    ----------
    Erjavec, T., et al. (2023). The ParlaMint corpora of parliamentary proceedings.
    *Language Resources and Evaluation*, 57, 415-448.
    """
    rows = Rows()
    for file in conllu_files(Path(path)):
        read_rows(file, rows)
    return rows.table(metadata)


def conllu_files(path: Path) -> list[Path]:
    """``path`` itself, or the CoNLL-U files of folder ``path`` in name order."""
    if path.is_dir():
        files = sorted(
            p for p in path.iterdir() if p.name.endswith((".conllu", ".conllu.gz")) and p.is_file()
        )
        if not files:
            raise CorpusError(f"read_conllu(): folder {path} holds no *.conllu files")
        return files
    if not path.is_file():
        raise CorpusError(f"read_conllu(): {path} is not a file or folder")
    return [path]


def read_rows(path: Path, rows: Rows) -> None:
    """Add the words of CoNLL-U file ``path`` to ``rows``."""
    rows.start_file(path)
    for item in read_sentences(path):
        if isinstance(item, Sentence):
            rows.sentence(item)
        else:
            rows.comments(item, None)
    rows.finish_file()
