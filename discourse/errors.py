"""The package's exception types."""

from __future__ import annotations


class CorpusError(ValueError):
    """Bad input in a user's corpus folder or in an argument naming corpus content.

    The message always names the file and, where relevant, the metadata row and field,
    so the user can fix the input. Nothing is silently dropped or guessed.
    """


class PipelineError(RuntimeError):
    """A Dutch NLP pipeline could not be loaded or failed while parsing."""
