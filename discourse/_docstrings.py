"""Parameter documentation written once and shared by every public function.

A docstring line ``%(role)s`` (alone on its line, indented as a parameter) is replaced by
the entry ``role`` of :data:`PARAMS`, re-indented, when the function is decorated with
:func:`fill_doc` (the convention of MNE-Python's ``fill_doc`` and matplotlib's
``_docstring.interpd``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

__all__ = ["PARAMS", "fill_doc"]

F = TypeVar("F", bound=Callable)

#: The shared vocabulary (numpydoc entries; continuation lines indented by 4 spaces).
PARAMS: dict[str, str] = {
    "tokens": """tokens : pandas.DataFrame
    Token table of :func:`discourse.tokens` (columns in ``docs/design.md``).""",
    "by": """by : str
    Grouping column of the token table (``"period"``, ``"cabinet"``, ``"minister"``,
    ``"doc_type"``, ``"doc_id"`` …). Result columns holding the group are named after it.""",
    "by_many": """by : str, list of str or None
    Grouping column(s) (``"period"``, ``["period", "doc_type"]`` …); ``None`` pools the
    whole selection. Result columns holding the group are named after them.""",
    "role": """role : str, list of str or None, default "government"
    Whose words count: ``"government"`` (the default) keeps the cabinet's own voice,
    ``"parliament"`` the MPs' questions and contributions, ``"other"`` addresses,
    headings and signatures, ``"unknown"`` the text of a ``doc_type`` the segmenter does
    not know; a list keeps several; ``None`` keeps every voice (shown as "all voices" in
    provenance lines). The value must occur in the ``role`` column.""",
    "unit": """unit : {"lemma", "lower", "text"}
    The token column that defines a term: the lemma as the pipeline gives it, the
    lower-cased word form, or the surface form.""",
    "pos": """pos : str, list of str or None
    Keep only terms with these Universal POS tags (e.g. ``["NOUN", "ADJ"]``); ``None``
    (default) applies no filter.""",
    "min_freq": """min_freq : int
    Minimum frequency for a term to be reported (≥ 1).""",
    "top": """top : int or None
    Keep the ``top`` rows per group (``None``: all).""",
    "window": """window : int or (int, int)
    Words to the left and right of the match, ``(left, right)``; an int ``w`` means
    ``(w, w)``. Windows never cross a segment.""",
    "terms": """terms : str or list of str
    Search terms: a word, a phrase (whitespace-separated words matched as consecutive
    tokens) or a glob pattern (``*`` any run of characters, ``?`` one character); a list
    matches any of them. Blank terms are refused.""",
    "target": """target : value or list of values of ``by``
    The group(s) studied.""",
    "reference": """reference : value or list of values of ``by``, optional
    The group(s) compared against; ``None`` (default) means every other group.""",
    "unit_counts": """unit : {"lemma", "lower", "text", "bigram", "trigram", "4-gram", "5-gram"}
    The term counted: the lemma as the pipeline gives it, the lower-cased word form, the
    surface form, or ``"w1 w2 …"``: 2 to 5 adjacent lower-cased words within a sentence,
    none of them dropped (punctuation breaks an n-gram; the size is the number of n-grams).""",
    "words_only": """words_only : bool
    Drop punctuation, symbols, numerals and letterless terms (the counting rules of
    :mod:`discourse.analysis.keyness`).""",
    "measure_keyness": """measure : str
    One of :data:`~discourse.analysis.measures.MEASURES`; only decides the order of rows.
    Rows over-used in the target come first, strongest first; then the reference's,
    strongest first (largest ``bic``, or most extreme value of the others); then ties
    (``direction="none"``).""",
    "correction": """correction : {"bh", "bonferroni", "none"}
    Benjamini–Hochberg (``scipy.stats.false_discovery_control``) or Bonferroni
    ``min(1, m·p)`` over the ``m`` tested terms, or no correction.""",
    "alpha": """alpha : float
    ``significant`` is ``p_adjusted ≤ alpha`` (strictly between 0 and 1).""",
    "alpha0_sm_n": """alpha0, sm_n : float
    Prior size of ``log_odds_z`` and smoothing of ``simple_maths`` (both > 0;
    :func:`~discourse.analysis.measures.keyness_measures`).""",
    "match_on": """match_on : str, list of str or None
    Columns the terms are matched on; a token matches if *any* of them matches. Default:
    ``[unit, "lower"]`` for ``unit="lemma"`` (so "Amerikaans" finds the lemma and "VS"
    the word form), else ``[unit]``.""",
    "regex_case": """regex, case_insensitive : bool
    Terms are globs (default) or, with ``regex=True``, regular expressions (full match
    per token; each word must compile); case folding (default on).""",
    "within_sentence": """within_sentence : bool
    Windows stop at sentence boundaries (default); they always stop at segments.""",
    "ax": """ax : matplotlib.axes.Axes, optional
    Axes to draw in; default: a new figure.""",
}

_MARKER = re.compile(r"^([ \t]*)%\((\w+)\)s[ \t]*$", re.M)


def fill_doc(func: F) -> F:
    """Replace each ``%(name)s`` line of ``func.__doc__`` by ``PARAMS[name]``."""
    doc = func.__doc__
    if doc:

        def entry(m: re.Match) -> str:
            indent, name = m.group(1), m.group(2)
            if name not in PARAMS:
                raise KeyError(f"{func.__qualname__}: no shared parameter doc {name!r}")
            return "\n".join(indent + line for line in PARAMS[name].splitlines())

        func.__doc__ = _MARKER.sub(entry, doc)
    return func
