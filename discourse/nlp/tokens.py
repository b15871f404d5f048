"""The tidy token table: one row per token, parsed once and cached as Parquet.

:func:`tokens` runs a Dutch pipeline (:func:`discourse.load_pipeline`) over the segments
table (or a letters table, one segment per letter) and returns the token table of
``docs/design.md`` (columns in :mod:`.schema`). The documents are parsed by :mod:`.parse`
(whitespace tokens dropped; string columns as categoricals with lexicographically sorted
categories, :mod:`.categoricals`) and kept in the Parquet cache of :mod:`.cache`, so a
document is parsed once per pipeline version; segment metadata is joined after loading,
so editing metadata never forces a re-parse.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals
from spacy.language import Language
from tqdm.auto import tqdm

from discourse._validate import Boolean, Options, Table, validate_params
from discourse.errors import CorpusError
from discourse.nlp.annotation import shipped_columns
from discourse.nlp.cache import (
    CACHE_SCHEMA,
    STATS,
    CacheWarning,
    cache_folder,
    cache_table,
    cached_columns,
    consolidate,
    discard,
    document_key,
    lookup,
    write_batch,
)
from discourse.nlp.categoricals import codes_categorical, lower_of
from discourse.nlp.parse import fresh_columns, parse_texts
from discourse.nlp.pipeline import PipelineName, load_pipeline, pipeline_info
from discourse.nlp.schema import (
    COLUMNS,
    FLAG_COLUMNS,
    META_COLUMNS,
    STORED_COLUMNS,
)

__all__ = ["PROGRESS_MIN_SEGMENTS", "as_segments", "tokens"]

#: Progress bar is shown when at least this many segments must be parsed.
PROGRESS_MIN_SEGMENTS = 20
#: Characters of text parsed per chunk (~30,000 tokens of Dutch): the unit in which the
#: pipeline's raw per-token arrays are held before they become compact columns.
PARSE_CHUNK_CHARS = 200_000


def as_segments(df: pd.DataFrame) -> pd.DataFrame:
    """A segments table as it is, a letters table as one segment per letter."""
    missing = [c for c in ("doc_id", "text") if c not in df.columns]
    if missing:
        raise CorpusError(f"tokens() needs a segments or letters table; missing {missing}")
    if "seg_id" in df.columns:
        return df
    out = df.copy()
    out["seg_id"] = out["doc_id"].astype(str) + ":000"
    out["seg_index"] = 0
    return out


class _Documents(NamedTuple):
    """The segments grouped by document, documents in first-seen order."""

    ids: pd.Index  # document ids
    codes: np.ndarray  # the document (position in ``ids``) of every segment row
    rows: list[np.ndarray]  # every document's segment rows, in ``seg_index`` order
    texts: list[str]  # the text of every segment row ("" when missing)


def _documents(segs: pd.DataFrame) -> _Documents:
    """Group the segments by document; missing or ambiguous ids are refused."""
    doc_codes, doc_ids = pd.factorize(segs["doc_id"], sort=False)
    if (doc_codes < 0).any():
        bad = np.flatnonzero(doc_codes < 0)[:10].tolist()
        raise CorpusError(f"tokens(): column 'doc_id' is missing in row(s) {bad}")
    as_text = [str(d) for d in doc_ids]
    if len(set(as_text)) < len(as_text):
        clash = sorted({t for t in as_text if as_text.count(t) > 1})[:10]
        raise CorpusError(
            f"tokens(): column 'doc_id' has different values that read the same "
            f"as text: {clash} (e.g. 1 and '1'); make them one type"
        )
    missing_seg = np.flatnonzero(segs["seg_id"].isna().to_numpy())
    if len(missing_seg):
        raise CorpusError(
            f"tokens(): column 'seg_id' is missing in row(s) {missing_seg[:10].tolist()}"
        )
    seg_index = segs["seg_index"].to_numpy() if "seg_index" in segs else np.zeros(len(segs))
    order = np.lexsort((seg_index, doc_codes))  # documents in first-seen order, stable
    counts = np.bincount(doc_codes, minlength=len(doc_ids))
    rows_by_doc = np.split(order, np.cumsum(counts)[:-1]) if len(doc_ids) else []
    texts = [t if type(t) is str else "" if pd.isna(t) else str(t) for t in segs["text"].tolist()]
    return _Documents(doc_ids, doc_codes, rows_by_doc, texts)


@validate_params(
    segments_or_letters=Table(label="a segments or letters table (pandas DataFrame)"),
    pipeline=PipelineName(language=True),
    progress=Options(True, False, none=True, none_label="shown for large parses"),
    cache=Boolean(),
)
def tokens(
    segments_or_letters: pd.DataFrame,
    *,
    pipeline: str | Language = "auto",
    progress: bool | None = None,
    cache: bool = True,
) -> pd.DataFrame:
    """Tidy token table, one row per token (schema in ``docs/design.md``).

    Parameters
    ----------
    segments_or_letters : DataFrame
        The segments table (:func:`discourse.segments`) or a letters table
        (:func:`discourse.load_letters`, treated as one segment per letter).
    pipeline : str or spacy.language.Language
        Name for :func:`discourse.load_pipeline` (``"auto"``, ``"frog"``, ``"builtin"``,
        a spaCy model) or a loaded pipeline.
    progress : bool, optional
        Show a tqdm progress bar; default: when at least ``PROGRESS_MIN_SEGMENTS``
        segments must be parsed.
    cache : bool
        Read and write the on-disk cache (default), and use the shipped annotation of
        the bundled letters (:mod:`discourse.nlp.annotation`: when every segment's text
        is annotated and ``pipeline`` is ``"auto"`` or the annotation's pipeline at the
        same version). ``False`` always parses and writes nothing. A cache folder that
        cannot be written warns (:class:`CacheWarning`) and the parsed tokens are
        returned; a damaged cache file is deleted with a warning and its documents
        parsed again.

    Returns
    -------
    DataFrame
        ``doc_id, seg_id, sent_id, token_id, text, lower, lemma, upos, tag, is_stop,
        is_punct, is_alpha, ent_type, char_start`` and the metadata columns
        ``period, cabinet, minister, doc_type, role, speaker, date`` (those absent from
        the input are all-missing). String columns are categoricals with sorted
        categories. ``attrs["pipeline"] = {"name", "version"}`` (plus ``"source":
        "shipped annotation"`` when served from it).

    Raises
    ------
    CorpusError
        When an argument is not valid, the table lacks ``doc_id`` or ``text``, or a
        ``doc_id`` or ``seg_id`` is missing or ambiguous.
    PipelineError
        When the pipeline cannot be loaded or fails; the message names the failing
        document(s).

    Examples
    --------
    >>> toks = tokens(segments(load_letters()), pipeline="frog")  # doctest: +SKIP
    >>> toks.loc[toks.lemma == "informeren", "upos"].unique()  # doctest: +SKIP

    References
    ----------
    Silge, J., & Robinson, D. (2016). tidytext: Text mining and analysis using tidy data
    principles in R. *Journal of Open Source Software*, 1(3), 37.
    """
    segs = as_segments(segments_or_letters)
    if not isinstance(segs.index, pd.RangeIndex) or segs.index.start != 0 or segs.index.step != 1:
        segs = segs.reset_index(drop=True)
    docs = _documents(segs)
    shipped = shipped_columns(pipeline, docs.rows, docs.texts) if cache else None
    if shipped is not None:  # the bundled letters: their committed annotation
        cols, sizes, info = shipped
        return _assemble(segs, docs.rows, cols, sizes, info)
    nlp = pipeline if isinstance(pipeline, Language) else load_pipeline(pipeline)
    info = pipeline_info(nlp)
    cols, sizes = _document_columns(nlp, info, docs, cache=cache, progress=progress)
    return _assemble(segs, docs.rows, cols, sizes, info)


def _document_columns(
    nlp: Language, info: dict[str, Any], docs: _Documents, *, cache: bool, progress: bool | None
) -> tuple[dict[str, Any], list[int]]:
    """The parsed columns of every document, in document order, and each one's row count.

    Documents in the cache are read from it; the others are parsed and written to it. A
    cache file whose tables fail to decode is deleted with a warning and its documents are
    parsed (whatever the exception); a cache that cannot be written only warns.
    """
    seg_counts = [len(rows) for rows in docs.rows]
    keys = [document_key([docs.texts[r] for r in rows], info) for rows in docs.rows]
    folder = cache_folder(info)
    found, sources, snapshot = (
        lookup(folder, keys, seg_counts) if cache and keys else ({}, {}, False)
    )
    parts, doc_order = [], [k for k, key in enumerate(keys) if key in found]
    if doc_order:
        try:
            body = pa.concat_tables([found[keys[k]] for k in doc_order])
            parts.append(cached_columns(body, prune=not snapshot))
        except Exception as exc:  # a damaged file that passed the checks: never trusted
            discard(list(sources), exc)
            found, sources, parts, doc_order = {}, {}, [], []
    todo = [k for k, key in enumerate(keys) if key not in found]
    STATS["cache_hits"] += len(keys) - len(todo)
    STATS["cache_misses"] += len(todo)
    sizes = [found[key].num_rows if key in found else 0 for key in keys]
    if cache and not todo and len(sources) > 1:
        _store(folder, consolidate, folder, keys, sources)
    if todo:
        fresh, fresh_sizes = _parse_documents(nlp, docs, todo, progress, info["name"])
        parts.append(fresh)
        for k, n in zip(todo, fresh_sizes, strict=True):
            sizes[k] = n
        doc_order += todo
        if cache:
            table = cache_table(fresh)
            _store(folder, write_batch, folder, [keys[k] for k in todo], table, fresh_sizes)
            del table  # Arrow's pool keeps freed pages: hand the file's buffers back (peak)
            pa.default_memory_pool().release_unused()
    cols = _concat_columns(parts) if parts else cached_columns(CACHE_SCHEMA.empty_table())
    return _in_document_order(cols, doc_order, sizes), sizes


def _store(folder: Path, write: Callable[..., None], *args: Any) -> None:
    """``write(*args)``; a cache folder that cannot be written (read-only, disk full) warns."""
    try:
        write(*args)
    except OSError as exc:
        warnings.warn(
            f"the token cache in {folder} could not be written ({type(exc).__name__}: "
            f"{exc}); the tokens are returned but will be parsed again next time. Make the "
            "folder writable or free space (DISCOURSE_CACHE sets it), or pass cache=False.",
            CacheWarning,
            stacklevel=5,
        )


def _parse_documents(
    nlp: Language, docs: _Documents, todo: list[int], progress: bool | None, name: str
) -> tuple[dict[str, Any], list[int]]:
    """Columns of documents ``todo`` parsed afresh, and each one's row count.

    The documents are parsed in chunks of about ``PARSE_CHUNK_CHARS`` characters, each
    reduced to compact columns before the next is parsed, and the chunks are joined at the
    end (categories unified): the pipeline's raw arrays (~90 bytes per token) exist for
    one chunk at a time, so the peak memory stays near twice the final columns.
    """
    n_segments = sum(len(docs.rows[k]) for k in todo)
    show = n_segments >= PROGRESS_MIN_SEGMENTS if progress is None else progress
    parts, sizes = [], []
    with tqdm(total=n_segments, unit="seg", desc=f"parsing ({name})", disable=not show) as bar:
        for chunk in _chunks(docs, todo, PARSE_CHUNK_CHARS):
            rows = [int(r) for k in chunk for r in docs.rows[k]]
            texts = [docs.texts[r] for r in rows]
            arrays = parse_texts(nlp, texts, [docs.ids[docs.codes[r]] for r in rows], bar=bar)
            STATS["parsed_segments"] += len(rows)
            cols, n_rows = fresh_columns(
                arrays, [len(docs.rows[k]) for k in chunk], nlp.vocab.strings
            )
            del arrays
            parts.append(cols)
            sizes += n_rows
    return _concat_columns(parts), sizes


def _chunks(docs: _Documents, todo: list[int], max_chars: int) -> Iterator[list[int]]:
    """``todo`` cut into runs of whole documents of about ``max_chars`` characters each."""
    chunk, chars = [], 0
    for k in todo:
        chunk.append(k)
        chars += sum(len(docs.texts[r]) for r in docs.rows[k])
        if chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk or not todo:
        yield chunk


def _concat_columns(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Row-wise concatenation of column dicts (categoricals: sorted union of categories).

    The parts are emptied column by column, so only one column is held twice at a time.
    """
    if len(parts) == 1:
        return parts[0]
    out = {}
    for c in list(parts[0]):
        pieces = [p.pop(c) for p in parts]
        out[c] = (
            union_categoricals(pieces, sort_categories=True)
            if c in STORED_COLUMNS
            else np.concatenate(pieces)
        )
        del pieces
    return out


def _in_document_order(
    cols: dict[str, Any], doc_order: list[int], sizes: Sequence[int]
) -> dict[str, Any]:
    """Rows of documents concatenated in ``doc_order`` put back in document order."""
    if doc_order == sorted(doc_order):
        return cols
    starts = np.concatenate([[0], np.cumsum([sizes[k] for k in doc_order])])
    at = dict(zip(doc_order, starts[:-1].tolist(), strict=True))
    take = np.concatenate([np.arange(at[k], at[k] + sizes[k]) for k in range(len(sizes))])
    return {c: v[take] for c, v in cols.items()}


def _assemble(
    segs: pd.DataFrame,
    rows_by_doc: Sequence[np.ndarray],
    cols: dict[str, Any],
    sizes: Sequence[int],
    info: dict[str, Any],
) -> pd.DataFrame:
    """The token table from the parsed columns of the documents (``sizes[k]`` rows each)."""
    n = int(np.sum(sizes))
    # per-row index arrays in int32 when they fit: they are the peak of this step
    idx = np.int32 if max(n, len(segs)) < 2**31 else np.int64
    doc_of_row = np.repeat(np.arange(len(sizes), dtype=idx), sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(idx)
    if len(sizes):
        seg_first = np.concatenate([[0], np.cumsum([len(r) for r in rows_by_doc])]).astype(idx)
        flat_rows = np.concatenate(rows_by_doc).astype(idx)
        seg_row = seg_first[doc_of_row]
        seg_row += cols["seg_pos"]
        seg_row = flat_rows[seg_row]
    else:
        seg_row = np.zeros(0, idx)
    token_id = np.arange(n, dtype=idx)
    token_id -= starts[doc_of_row]
    del doc_of_row
    data: dict[str, Any] = {
        "doc_id": codes_categorical(segs["doc_id"], seg_row),
        "seg_id": codes_categorical(segs["seg_id"], seg_row),
        "sent_id": cols["sent_id"],
        "token_id": token_id.astype(np.int32, copy=False),
        **{c: cols[c] for c in (*STORED_COLUMNS, *FLAG_COLUMNS, "char_start")},
    }
    data["lower"] = lower_of(data["text"])
    for name in META_COLUMNS:
        if name in segs.columns:
            data[name] = segs[name].array.take(seg_row)
        elif name == "date":
            data[name] = np.full(n, np.datetime64("NaT", "ns"))
        else:
            data[name] = pd.Categorical.from_codes(np.full(n, -1, np.int8), categories=[])
    out = pd.DataFrame({c: data[c] for c in COLUMNS}, copy=False)
    out.attrs["pipeline"] = dict(info)
    return out
