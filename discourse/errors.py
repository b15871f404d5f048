"""The package's exception types."""

from __future__ import annotations


class CorpusError(ValueError):
    """Bad input in a user's corpus folder or in an argument naming corpus content.

    The message always names the file and, where relevant, the metadata row and field,
    so the user can fix the input. Nothing is silently dropped or guessed.
    """


class PipelineError(RuntimeError):
    """A Dutch NLP pipeline could not be loaded or failed while parsing."""


class CorpusWarning(UserWarning):
    """Input that was read, but not completely: the message names the file and what is
    missing (e.g. PDF pages without a text layer), so the user can decide whether to fix it.
    Turn it into an error with ``warnings.simplefilter("error", CorpusWarning)``."""


class SegmentationWarning(CorpusWarning):
    """A document whose speaker turns could not be found as its ``doc_type`` expects.

    Warned by :func:`discourse.segments` for a ``doc_type`` without a layout (its text gets
    role ``unknown``) or when a known type's turn markers are all absent; a
    :class:`CorpusWarning`, so one filter covers both.
    """


class CacheWarning(UserWarning):
    """The token cache was not used as it should: a file that failed its checks was
    deleted (its documents are parsed again), or the cache could not be written (the
    tokens are returned, and parsed again next time)."""
