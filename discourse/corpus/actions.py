"""What the cleaning did: one :class:`Action` per removal, move, join, split or kept candidate.

Every step of :func:`discourse.corpus.clean.clean_text` appends its actions to a shared
list (argument ``log``); :func:`discourse.corpus.report.cleaning_report` counts them per
document. Nothing is removed from a letter without an action saying so.

Vocabulary
----------
``action``
    ``removed`` (gone from the text: a footnote marker, a soft hyphen), ``moved`` (taken
    out of the running text into ``footnotes`` or ``furniture``), ``joined`` (two pieces
    of text made one word: a line-end hyphen), ``split`` (one line made two: a page number
    or page footer glued to the next sentence, a heading glued to its paragraph) or
    ``kept`` (a candidate the rules left in the text because the evidence was not enough,
    e.g. a number that might be a footnote marker).
``what``
    ``footnote_marker``, ``footnote_body``, ``numbered_list``, ``url_line``,
    ``furniture``, ``page_number``, ``page_footer``, ``heading``, ``soft_hyphen``,
    ``ligature``, ``line_hyphen``, ``ordinal_suffix``.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["ACTIONS", "Action", "record"]

#: The allowed values of :attr:`Action.action`.
ACTIONS = ("removed", "moved", "joined", "split", "kept")


class Action(NamedTuple):
    """One thing the cleaning did (or chose not to do) to one piece of text."""

    action: str
    what: str
    example: str


def record(log: list[Action] | None, action: str, what: str, example: str) -> None:
    """Append an action to ``log`` (when a log is kept); ``example`` is shortened to 80 chars.

    Examples
    --------
    >>> log = []
    >>> record(log, "removed", "footnote_marker", "aangeboden1")
    >>> log
    [Action(action='removed', what='footnote_marker', example='aangeboden1')]
    """
    if action not in ACTIONS:  # pragma: no cover - a programming error, not input
        raise ValueError(f"unknown action {action!r}; allowed: {ACTIONS}")
    if log is not None:
        example = " ".join(example.split())
        log.append(Action(action, what, example if len(example) <= 80 else example[:77] + "..."))
