"""The columns of the token table (``docs/design.md``), in one place.

:func:`discourse.tokens` returns :data:`COLUMNS` in this order; the parser produces the
string columns as categoricals with sorted categories (:data:`STRING_COLUMNS`); the cache
stores :data:`STORED_COLUMNS` (``lower`` is derived from ``text`` when loading) with the
Boolean :data:`FLAG_COLUMNS`.
"""

from __future__ import annotations

__all__ = ["COLUMNS", "FLAG_COLUMNS", "META_COLUMNS", "STORED_COLUMNS", "STRING_COLUMNS"]

#: Segment metadata columns carried over to every token row.
META_COLUMNS = ("period", "cabinet", "minister", "doc_type", "role", "speaker", "date")
#: Columns of the token table, in order (``META_COLUMNS`` follow).
COLUMNS = (
    "doc_id",
    "seg_id",
    "sent_id",
    "token_id",
    "text",
    "lower",
    "lemma",
    "upos",
    "tag",
    "is_stop",
    "is_punct",
    "is_alpha",
    "ent_type",
    "char_start",
    *META_COLUMNS,
)
#: String columns produced by the parser (categoricals with sorted categories).
STRING_COLUMNS = ("text", "lower", "lemma", "upos", "tag", "ent_type")
#: Boolean token attributes.
FLAG_COLUMNS = ("is_stop", "is_punct", "is_alpha")
#: String columns stored in the cache (``lower`` is derived from ``text`` when loading).
STORED_COLUMNS = ("text", "lemma", "upos", "tag", "ent_type")
