"""Token patterns: one glob translation and one matcher of terms on a token sequence.

A *term* is one word or a phrase (whitespace-separated words matched as consecutive tokens
inside one run: a segment, a sentence); each word is a pattern matched against whole
tokens. Every analysis finds its terms with :func:`find_terms` — the nodes of
:func:`~discourse.analysis.collocations.collocations`, the query and collocate of
:func:`~discourse.analysis.kwic.kwic` on token tables, the categories of
:func:`~discourse.analysis.dictionary.dictionary_counts` and the targets of
:func:`~discourse.analysis.sentiment.sentiment` — with two deliberate differences, which are
parameters here:

* the pattern syntax (``syntax=``, :data:`SYNTAXES`): collocation and KWIC patterns are
  ``"glob"`` (:mod:`fnmatch`: ``*``, ``?``, ``[...]`` sets; with ``case_insensitive`` the
  values are lower-cased and the pattern compiled with :data:`re.IGNORECASE`) or
  ``"regex"``; dictionary and sentiment patterns are ``"quanteda"`` globs (``*`` and ``?``
  only, ``[`` literal, the pattern lower-cased and matched against lower-cased values);
* overlapping matches of one multi-word term (``repeats=``): dictionaries keep the
  left-most of each overlapping run (quanteda's ``tokens_lookup``), collocation and KWIC
  nodes keep every one.

Both mechanisms match each pattern word once per *distinct* value of a column (its
integer codes, :func:`~discourse.analysis.codes.string_codes`), never once per token.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Literal

import numpy as np

from discourse._validate import Boolean, Options, validate_params
from discourse.analysis.windows import member, sorted_unique
from discourse.errors import CorpusError

__all__ = [
    "SYNTAXES",
    "TokenMatcher",
    "find_terms",
    "glob_escape",
    "glob_regex",
    "glob_source",
    "type_mask",
]

#: Pattern syntaxes of :func:`type_mask` (see the module notes).
SYNTAXES = ("glob", "quanteda", "regex")
Syntax = Literal["glob", "quanteda", "regex"]


def glob_pieces(pattern: str) -> Iterator[str]:
    """The pieces of a glob: ``[...]`` sets delimited as :func:`fnmatch.translate` does, else
    single characters.

    After ``[`` come an optional ``!``, an optional ``]`` (then a member of the set) and
    everything up to the next ``]``; without a closing ``]`` the ``[`` is literal.

    >>> list(glob_pieces("[]x]a[b"))
    ['[]x]', 'a', '[', 'b']
    """
    i, n = 0, len(pattern)
    while i < n:
        if pattern[i] == "[":
            j = i + 1
            if j < n and pattern[j] == "!":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            end = pattern.find("]", j)
            if end >= 0:
                yield pattern[i : end + 1]
                i = end + 1
                continue
        yield pattern[i]
        i += 1


def glob_source(pattern: str) -> str:
    """Regex source of a token glob, for full matching against one token's string.

    ``*`` matches any run of characters, ``?`` exactly one, ``[...]`` / ``[!...]`` one
    character in / not in a set (as in :mod:`fnmatch`); everything else is literal. The
    single token-glob translation of the package (:func:`glob_regex` and
    :func:`type_mask` use it). (A text table in :func:`discourse.kwic` matches running
    text instead, where ``*`` may not run past a word.)

    >>> glob_source("amerika*"), glob_source("[ek]u?")
    ('amerika.*', '[ek]u.')
    """
    out = []
    for piece in glob_pieces(pattern):
        if piece == "*":
            out.append(".*")
        elif piece == "?":
            out.append(".")
        elif len(piece) > 1:  # a set: fnmatch's translation, without its "(?s:" ... ")\Z"
            inner = re.fullmatch(r"\(\?s:(.*)\)\\[Zz]", fnmatch.translate(piece), re.DOTALL)
            if inner is None:  # pragma: no cover - a future fnmatch with another wrapping
                raise RuntimeError(f"unexpected fnmatch.translate output for {piece!r}")
            out.append(inner.group(1))
        else:
            out.append(re.escape(piece))
    return "".join(out)


def glob_escape(term: str) -> str:
    """A token glob (:func:`glob_source`) that matches ``term`` literally.

    >>> glob_escape("c*?[x]")
    'c[*][?][[]x]'
    """
    return re.sub(r"([*?\[])", r"[\1]", term)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a quanteda-style glob (``*`` any run, ``?`` one character) to a full-match regex.

    The pattern is lower-cased; ``[`` is literal (quanteda globs have no character sets).
    Translation by :func:`glob_source`.

    >>> bool(glob_regex("veilig*").fullmatch("veiligheid"))
    True
    >>> bool(glob_regex("veilig*").fullmatch("onveilig"))
    False
    """
    return re.compile(glob_source(pattern.lower().replace("[", "[[]")))


@validate_params(syntax=Options(*SYNTAXES), case_insensitive=Boolean())
def type_mask(
    values: np.ndarray, word: str, *, syntax: Syntax = "glob", case_insensitive: bool = True
) -> np.ndarray:
    """Which of the distinct ``values`` one pattern word matches (full match; bool array).

    ``"glob"`` / ``"regex"``: with ``case_insensitive`` the values must be lower-cased and
    the pattern is compiled with :data:`re.IGNORECASE`; a glob without ``*?[`` is compared
    as a string. ``"quanteda"``: the pattern is lower-cased (the values must be too), ``[``
    is literal; without ``*`` or ``?`` it is compared as a string. Values that are not
    ``str`` never match.
    """
    flags = re.IGNORECASE if case_insensitive else 0
    if syntax == "regex":
        rx = re.compile(word, flags)
    elif syntax == "glob":
        if not any(ch in word for ch in "*?["):
            return values == (word.lower() if case_insensitive else word)
        rx = re.compile(glob_source(word), flags)
    else:  # "quanteda"
        literal = word.lower()
        if "*" not in literal and "?" not in literal:  # glob_regex(word) matches it alone
            return values == literal
        rx = glob_regex(word)
    return np.fromiter(
        (isinstance(v, str) and rx.fullmatch(v) is not None for v in values), bool, len(values)
    )


class TokenMatcher:
    """Positions of the tokens one pattern word matches, computed once per word.

    Parameters
    ----------
    columns : list of (codes, values)
        Per column: integer codes, one per token position (``-1`` = missing), and the
        distinct values they index. A token matches if it matches in *any* column.
    syntax, case_insensitive
        As in :func:`type_mask`.
    missing : str, optional
        The string a missing value (code ``-1``) stands for; ``None``: it never matches.
    positions : callable, optional
        Turns the per-token bool mask into sorted positions (default
        :func:`numpy.flatnonzero`; collocations map table rows to kept positions).
    """

    def __init__(
        self,
        columns: Sequence[tuple[np.ndarray, np.ndarray]],
        *,
        syntax: Syntax = "glob",
        case_insensitive: bool = True,
        missing: str | None = None,
        positions: Callable[[np.ndarray], np.ndarray] = np.flatnonzero,
    ) -> None:
        self.columns = list(columns)
        self.options = {"syntax": syntax, "case_insensitive": case_insensitive}
        self.missing = None if missing is None else np.array([missing], dtype=object)
        self.positions = positions
        self._found: dict[str, np.ndarray] = {}

    def mask(self, codes: np.ndarray, values: np.ndarray, word: str) -> np.ndarray | None:
        """Per-token mask of one column (``None``: no token matches)."""
        types = type_mask(values, word, **self.options)
        miss = self.missing is not None and bool(type_mask(self.missing, word, **self.options)[0])
        idx = np.flatnonzero(types)
        if len(idx) == 0 and not miss:
            return None
        if len(idx) <= 4 and not miss:  # a few types: comparing codes beats a gather
            hit = codes == idx[0]
            for t in idx[1:]:
                hit |= codes == t
            return hit
        return np.append(types, miss)[codes]  # code -1 picks the appended entry

    def __call__(self, word: str) -> np.ndarray:
        """Sorted positions (int64) of the tokens that ``word`` matches."""
        if word not in self._found:
            mask = None
            for codes, values in self.columns:
                hit = self.mask(codes, values, word)
                if hit is not None:
                    mask = hit if mask is None else mask | hit
            found = np.zeros(0, np.int64) if mask is None else self.positions(mask)
            self._found[word] = found.astype(np.int64, copy=False)
        return self._found[word]


def find_terms(
    terms: Sequence[str],
    where: Callable[[str], np.ndarray],
    block: np.ndarray,
    *,
    repeats: Literal["all", "leftmost"] = "all",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Occurrences of ``terms``: first positions, lengths in tokens and covered positions.

    Terms are matched in a fixed order — more words first, then in the order given
    (duplicates dropped) — and a match may not overlap a match of an earlier term, so
    "Staten" inside "Verenigde Staten" is not a second occurrence, and which of two
    overlapping phrases of equal length wins never depends on hashing. A phrase matches
    consecutive positions with the same ``block`` id.

    Parameters
    ----------
    terms : sequence of str
        Words or phrases; a blank term is a :class:`~discourse.errors.CorpusError`.
    where : callable
        ``where(word)``: sorted positions the word matches (a :class:`TokenMatcher`).
    block : numpy.ndarray
        Run id per position (``n = len(block)``).
    repeats : {"all", "leftmost"}
        Overlapping matches of one multi-word term: keep every one, or the left-most of
        each overlapping run (quanteda).

    Returns
    -------
    first, length, cover : numpy.ndarray of int64
        ``first`` ascending with the matching ``length``; ``cover`` sorted and unique.
    """
    n = len(block)
    firsts, lengths = [], []
    cover = np.zeros(0, dtype=np.int64)
    phrases = [t.split() for t in dict.fromkeys(terms)]
    if not all(phrases):
        raise CorpusError(f"blank search term in {list(terms)!r}: a term needs a word")
    for words in sorted(phrases, key=len, reverse=True):  # stable: ties in the given order
        k = len(words)
        cand = where(words[0])
        for j, word in enumerate(words[1:], start=1):
            cand = cand[cand + j < n]
            cand = cand[(block[cand + j] == block[cand]) & member(cand + j, where(word))]
        if len(cover):
            clash = np.zeros(len(cand), dtype=bool)
            for j in range(k):
                clash |= member(cand + j, cover)
            cand = cand[~clash]
        if repeats == "leftmost" and k > 1:
            cand = _leftmost(cand, k)
        firsts.append(cand)
        lengths.append(np.full(len(cand), k, dtype=np.int64))
        cover = sorted_unique(np.concatenate([cover, (cand[:, None] + np.arange(k)).ravel()]))
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    first, length = np.concatenate(firsts), np.concatenate(lengths)
    order = np.argsort(first, kind="stable")
    return first[order].astype(np.int64), length[order], cover.astype(np.int64)


def _leftmost(starts: np.ndarray, k: int) -> np.ndarray:
    """Of sorted ``starts`` of ``k``-token matches, the left-most of each overlapping run."""
    keep, last = [], -k
    for h in starts.tolist():
        if h >= last + k:
            keep.append(h)
            last = h
    return np.asarray(keep, dtype=np.int64)
