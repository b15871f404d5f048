"""Pattern's sentiment rules on a whole token stream at once: :func:`assess`.

The rules of :func:`discourse.analysis.scoring.score_tokens` (lexicon words, modifiers,
negation scopes, ``"!"`` and ``"(!)"``) applied with array operations instead of a loop
per token: the lexicon lookup is done once per distinct form, lemma and UPOS tag (integer
codes), POS validity is a boolean matrix of lexicon entries by tag, and the two states of
Pattern's loop -- the active modifier and the active negation -- are forward-filled over
boundary markers (``np.maximum.accumulate`` of marker positions, restarted at every
sentence) with cumulative sums counting the tokens that end a modifier's reach. The
result equals the loop's (:func:`discourse.analysis.pattern_rules.reference_score`) exactly:
same assessments, words, positions and floats (the same operations on the same numbers).
A sentence containing a negation word that is itself a lexicon word (no such word in
``pattern-nl``) is scored by that loop.

References
----------
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from discourse.analysis.lexicon import Compiled
from discourse.analysis.pattern_rules import (
    CLAUSE_PUNCT,
    CLAUSE_WORDS,
    CLOSED_UPOS,
    FOCUS_WORDS,
    MODIFIER_ONLY_UPOS,
    MODIFIER_SUFFIXES,
    NEGATIONS,
    SCOPE_END_UPOS,
    reference_score,
)

__all__ = ["Assessed", "assess"]


@dataclass
class Assessed:
    """Assessments of a token stream (those :func:`score_tokens` reports, in its order).

    Per assessment: ``sentence`` (index), ``polarity`` (final), ``subjectivity``,
    ``negated``, ``n_matched`` (lexicon words); its display words are items
    ``items[start[a]:start[a + 1]]``, each a token index of the stream or -1 for ``"!"``.
    """

    sentence: np.ndarray
    polarity: np.ndarray
    subjectivity: np.ndarray
    negated: np.ndarray
    n_matched: np.ndarray
    start: np.ndarray
    items: np.ndarray
    matched: np.ndarray | None = None  # per item: a lexicon word (None: not recorded)


_TABLES: dict[int, tuple[Compiled, dict]] = {}


def _table(lex: Compiled) -> dict:
    """Keys, their index, POS-free values, modifier flags and the tagged entries."""
    hit = _TABLES.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    keys = list(lex.scores)
    values = np.array([lex.scores[k] for k in keys], dtype=float).reshape(-1, 3)
    tags = sorted({t for e in lex.by_pos.values() for t in e})
    col = {t: j for j, t in enumerate(tags)}
    tagged = np.zeros((len(keys), len(tags), 3))
    valid = np.zeros((len(keys), len(tags)), dtype=bool)
    has_pos = np.zeros(len(keys), dtype=bool)
    for i, k in enumerate(keys):
        entries = lex.by_pos.get(k)
        if entries is not None:
            has_pos[i] = True
            for t, v in entries.items():
                tagged[i, col[t]], valid[i, col[t]] = v, True
    mod = np.array([k in lex.modifiers for k in keys], dtype=bool)
    out = {
        "index": {k: i for i, k in enumerate(keys)},
        "values": values,
        "tags": col,
        "tagged": tagged,
        "valid": valid,
        "has_pos": has_pos,
        "mod": mod,
        "suffix_mod": mod & np.array([k.endswith(MODIFIER_SUFFIXES) for k in keys], dtype=bool),
    }
    if len(_TABLES) > 8:
        _TABLES.clear()
    _TABLES[id(lex)] = (lex, out)
    return out


def _entries(values: np.ndarray, index: dict) -> np.ndarray:
    """The lexicon row of each distinct string (-1: not a key)."""
    return np.fromiter((index.get(v, -1) for v in values.tolist()), np.int64, len(values))


def _isin(values: np.ndarray, words) -> np.ndarray:
    """Whether each distinct string is one of ``words`` (a hash look-up per string)."""
    if len(values) < 1000:  # pandas' set-up costs more than the loop
        return np.fromiter((v in words for v in values.tolist()), bool, len(values))
    return pd.Series(values, dtype=object).isin(list(words)).to_numpy(dtype=bool)


def _longer(values: np.ndarray, n: int, strip: str | None = None) -> np.ndarray:
    """Whether each distinct string (stripped of ``strip``) is longer than ``n`` characters."""
    if len(values) < 1000:
        lengths = (len(v.strip(strip) if strip else v) for v in values.tolist())
        return np.fromiter(lengths, np.int64, len(values)) > n
    col = pd.Series(values, dtype=object)
    if strip:
        col = col.str.strip(strip)
    return (col.str.len() > n).to_numpy(dtype=bool)


def _lookup(tab, form, lemma, upos, pos_filter):
    """Rule 8 and 9: the lexicon row of every token (-1: no lexicon word) and the
    ``(p, s, i)`` of the tokens with a row (in token order)."""
    idx = tab["index"]
    ef = _entries(form[1], idx)[form[0]]
    el = np.full_like(ef, -1) if lemma is None else _entries(lemma[1], idx)[lemma[0]]
    if upos is None:
        key = np.where(ef >= 0, ef, el)
        return key, tab["values"][key[key >= 0]]
    at = np.flatnonzero((ef >= 0) | (el >= 0))  # only these tokens can match
    ef, el, codes = ef[at], el[at], upos[0][at]
    tvals = upos[1].tolist()
    closed = np.array([t in CLOSED_UPOS for t in tvals], dtype=bool)[codes]
    tag = np.array([tab["tags"].get(t, -1) for t in tvals], dtype=np.int64)[codes]
    lexicon = pos_filter == "lexicon"
    tcol = np.maximum(tag, 0)

    def ok(e):
        safe = np.maximum(e, 0)
        if not lexicon:
            return (e >= 0) & ~closed
        hp = tab["has_pos"][safe]
        valid = tab["valid"][safe, tcol] & (tag >= 0) if tab["valid"].size else hp & False
        return (e >= 0) & np.where(hp, valid, ~closed)

    okf = ok(ef)
    okl = ok(el) & (lexicon | ~(ef >= 0))  # "closed": a found form is not looked up by lemma
    sub = np.where(okf, ef, np.where(okl, el, -1))
    key = np.full(len(form[0]), -1, dtype=np.int64)
    key[at] = sub
    row, col = sub[sub >= 0], tcol[sub >= 0]
    vals = tab["values"][row]
    if lexicon and tab["valid"].size:
        vals = np.where(tab["has_pos"][row][:, None], tab["tagged"][row, col], vals)
    return key, vals


def _last(mask: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Index of the last True at or before each position within its sentence (-1: none)."""
    at = np.maximum.accumulate(np.where(mask, np.arange(len(mask)), -1))
    return np.where(at >= first, at, -1)


def _before(x: np.ndarray, first: np.ndarray, fill) -> np.ndarray:
    """``x`` of the previous token in the same sentence (``fill`` at a sentence start)."""
    out = np.empty_like(x)
    if len(x):
        out[0] = fill
        out[1:] = x[:-1]
    out[first == np.arange(len(x))] = fill
    return out


def _scope_end(form, upos, negation, first):
    """Non-lexicon tokens that end a negation's scope (rule 5)."""
    codes, vals = form
    if negation == "pattern":
        return _longer(vals, 1, "'")[codes]
    if negation != "clause":
        return np.zeros(len(codes), dtype=bool)
    end = _isin(vals, CLAUSE_PUNCT | CLAUSE_WORDS)[codes]
    prev_neg = _before(_isin(vals, NEGATIONS)[codes], first, False)
    end |= _isin(vals, FOCUS_WORDS)[codes] & prev_neg
    if upos is not None:
        end |= np.array([t in SCOPE_END_UPOS for t in upos[1].tolist()], dtype=bool)[upos[0]]
    return end


def _tokens(form, key, vals, tab, negation, first):
    """Per-token states of Pattern's loop: merges into a modifier's assessment (rule 2),
    negations spent on a modifier-like word (rule 4), and the tokens' own flags."""
    n = len(key)
    found = key >= 0
    safe = np.maximum(key, 0)
    codes, words = form
    negw = (
        _isin(words, NEGATIONS)[codes] & ~found if negation != "none" else np.zeros(n, dtype=bool)
    )
    f_prev = _before(_last(found, first), first, -1)  # the last lexicon word before
    has_f = f_prev >= 0
    fp = np.maximum(f_prev, 0)
    suffix_f = has_f & tab["suffix_mod"][safe][fp] & found[fp]
    long = _longer(words, 2)[codes]
    # a longer unknown word ends a modifier's reach, unless it is a negation spent on it
    reset = ~found & long & ~(negw & suffix_f)
    count = np.cumsum(reset)
    clean = has_f & (_before(count, first, 0) - count[fp] == 0)
    merge = found & clean & tab["mod"][safe][fp]
    spent = negw & clean & suffix_f
    return found, negw, merge, spent, vals


def _negations(found, negw, spent, scope_end, first):
    """Whether a negation is active before each token, and the token that set it."""
    setter = negw & ~spent
    marker = setter | found | spent | (scope_end & ~negw & ~found)
    last = _last(marker, first)
    active = (last >= 0) & setter[np.maximum(last, 0)]
    return _before(active, first, False), _before(last, first, -1)


def _weird(form, key, negation, first) -> np.ndarray:
    """Tokens of sentences with a negation word that is a lexicon word (scored by the loop)."""
    if negation == "none":
        return np.zeros(len(key), dtype=bool)
    bad = (key >= 0) & _isin(form[1], NEGATIONS)[form[0]]
    if not bad.any():
        return bad
    sid = np.cumsum(first == np.arange(len(key))) - 1
    return np.isin(sid, np.unique(sid[bad]))


def _items(parts, n_assess):
    """Display items sorted as the loop builds them: negations attached in front (latest
    first), then the assessment's words, spent negations and "!" in token order."""
    a, section, order, token = (np.concatenate(x) for x in zip(*parts, strict=True))
    sort = np.lexsort((order, section, a))
    counts = np.bincount(a, minlength=n_assess)
    matched = np.zeros(len(a), dtype=bool)
    matched[: len(parts[0][0])] = True  # the first part: the lexicon words
    return a[sort], token[sort], counts, matched[sort]


def _arrays(form, lemma, upos, bounds, lex, negation, pos_filter, looked) -> Assessed:
    """:func:`assess` for sentences without a negation word that is a lexicon word."""
    n = len(form[0])
    first = np.repeat(bounds[:-1], np.diff(bounds))
    tab = _table(lex)
    key, vals = looked
    found, negw, merge, spent, vals = _tokens(form, key, vals, tab, negation, first)
    scope_end = _scope_end(form, upos, negation, first)
    n_before, setter = _negations(found, negw, spent, scope_end, first)
    attach = found & n_before
    irony = ~found & _isin(form[1], ["(!)"])[form[0]]
    bang = ~found & _isin(form[1], ["!"])[form[0]]
    creator = (found & ~merge) | irony
    c_tok = np.flatnonzero(creator)
    na = len(c_tok)
    lc = _last(creator, first)
    a_of = np.where(lc >= 0, np.cumsum(creator) - 1, -1)
    ch = np.flatnonzero(found)
    ch_a = a_of[ch]
    i = vals[:, 2]  # vals: one row per lexicon word (ch)
    i_eff = np.where(attach[ch], 1.0 / np.where(i == 0, 1.0, i), i)
    is_last = np.append(ch_a[1:] != ch_a[:-1], True) if len(ch) else ch.astype(bool)
    at = np.flatnonzero(is_last)
    last, last_a = ch[at], ch_a[at]
    prev = np.maximum(at - 1, 0)
    has_prev = (at > 0) & (ch_a[np.maximum(at - 1, 0)] == last_a)
    p, s = np.zeros(na), np.ones(na)  # "(!)": p 0, s 1
    end = c_tok.copy()
    for out, col in ((p, 0), (s, 1)):
        out[last_a] = np.where(
            has_prev, np.clip(vals[at, col] * i_eff[prev], -1.0, 1.0), vals[at, col]
        )
    end[last_a] = last
    b_tok = np.flatnonzero(bang & (a_of >= 0))
    b_a = a_of[b_tok]
    bangs = np.bincount(b_a[b_tok > end[b_a]], minlength=na)
    for j in range(int(bangs.max(initial=0))):  # "!" after the last word: p * 1.25 each
        p = np.where(bangs > j, np.clip(p * 1.25, -1.0, 1.0), p)
    neg = np.zeros(na, dtype=bool)
    att = ch[attach[ch]]
    sp = np.flatnonzero(spent)
    neg[a_of[att]] = True
    neg[a_of[sp]] = True
    n_matched = np.bincount(ch_a, minlength=na)
    only = np.zeros(na, dtype=bool)
    if upos is not None:
        adv = np.array([t in MODIFIER_ONLY_UPOS for t in upos[1].tolist()], dtype=bool)
        only = adv[upos[0]][c_tok] & found[c_tok] & (n_matched == 1)
    ic = np.flatnonzero(irony)
    parts = [
        (ch_a, np.ones_like(ch), ch, ch),
        (a_of[att], np.zeros_like(att), -att, setter[att]),
        (a_of[sp], np.ones_like(sp), sp, sp),
        (b_a, np.ones_like(b_tok), b_tok, np.full_like(b_tok, -1)),
        (a_of[ic], np.ones_like(ic), ic, ic),
    ]
    item_a, items, counts, matched = _items(parts, na)
    keep = ~only
    sid = np.cumsum(first == np.arange(n)) - 1
    kept_items = keep[item_a]
    return Assessed(
        sentence=sid[c_tok][keep],
        polarity=np.where(neg, p * -0.5, p)[keep],
        subjectivity=s[keep],
        negated=neg[keep],
        n_matched=n_matched[keep],
        start=np.append(0, np.cumsum(counts[keep])),
        items=items[kept_items],
        matched=matched[kept_items],
    )


def _subset(codes_values, rows):
    return None if codes_values is None else (codes_values[0][rows], codes_values[1])


def _loop(form, lemma, upos, bounds, lex, negation, pos_filter, sentences) -> Assessed:
    """The reference loop on the given sentences, as :class:`Assessed` (its assessments'
    words and positions as items: a word without a position is a ``"!"``)."""
    rows: list[list] = [[] for _ in range(7)]
    starts = [0]
    for i in sentences.tolist():
        lo, hi = int(bounds[i]), int(bounds[i + 1])

        def strings(cv, lo=lo, hi=hi):
            return None if cv is None else cv[1][cv[0][lo:hi]].tolist()

        words = strings(form)
        hits = reference_score(words, strings(lemma), strings(upos), lex, negation, pos_filter)[2]
        for h in hits:
            pos, j = h["positions"], 0
            for w in h["words"]:
                if j < len(pos) and words[pos[j]] == w:
                    rows[6].append(lo + pos[j])
                    j += 1
                else:
                    rows[6].append(-1)
            starts.append(len(rows[6]))
            for r, v in zip(
                rows, (i, h["polarity"], h["subjectivity"], h["negated"]), strict=False
            ):
                r.append(v)
            rows[4].append(len(h["matched"]))
    return Assessed(
        np.array(rows[0], dtype=np.int64),
        np.array(rows[1], dtype=float),
        np.array(rows[2], dtype=float),
        np.array(rows[3], dtype=bool),
        np.array(rows[4], dtype=np.int64),
        np.array(starts, dtype=np.int64),
        np.array(rows[6], dtype=np.int64),
    )


def _concat(parts: list[Assessed]) -> Assessed:
    """Assessments of several parts, ordered by sentence (stable: loop order kept)."""
    starts, shift = [], 0
    for x in parts:
        starts.append(x.start[:-1] + shift)
        shift += x.start[-1]
    start = np.concatenate(starts)
    items = np.concatenate([x.items for x in parts])
    lengths = np.concatenate([np.diff(x.start) for x in parts])
    sentence = np.concatenate([x.sentence for x in parts])
    order = np.argsort(sentence, kind="stable")
    lens = lengths[order]
    new_start = np.append(0, np.cumsum(lens))
    take = np.repeat(start[order] - new_start[:-1], lens) + np.arange(new_start[-1])
    return Assessed(
        sentence[order],
        *(np.concatenate([getattr(x, f) for x in parts])[order] for f in _FIELDS),
        new_start,
        items[take],
    )


_FIELDS = ("polarity", "subjectivity", "negated", "n_matched")


def assess(form, lemma, upos, bounds, lex: Compiled, negation, pos_filter) -> Assessed:
    """Pattern's rules (:func:`~discourse.analysis.scoring.score_tokens`) on a token stream.

    ``form``, ``lemma`` and ``upos`` are ``(codes, values)``: one integer code per token
    into an object array of strings (lower-cased form and lemma; ``lemma``/``upos`` may be
    ``None``: no lemma fallback / no POS filter). ``bounds`` are the sentence starts
    followed by the number of tokens. Returns the assessments of every sentence in order.
    """
    looked = _lookup(_table(lex), form, lemma, upos, pos_filter)
    weird = _weird(form, looked[0], negation, np.repeat(bounds[:-1], np.diff(bounds)))
    if not weird.any():
        return _arrays(form, lemma, upos, bounds, lex, negation, pos_filter, looked)
    rows = np.flatnonzero(~weird)
    lengths = np.diff(bounds)
    sent_weird = np.logical_or.reduceat(weird, bounds[:-1]) if len(weird) else weird
    sent_weird &= lengths > 0
    plain = np.flatnonzero(~sent_weird)
    sub_bounds = np.append(0, np.cumsum(lengths[plain]))
    sub_looked = (looked[0][rows], looked[1][~weird[looked[0] >= 0]])
    fast = _arrays(
        *(_subset(x, rows) for x in (form, lemma, upos)),
        sub_bounds,
        lex,
        negation,
        pos_filter,
        sub_looked,
    )
    fast.sentence = plain[fast.sentence]
    fast.items = np.where(fast.items >= 0, rows[np.maximum(fast.items, 0)], -1)
    slow = _loop(form, lemma, upos, bounds, lex, negation, pos_filter, np.flatnonzero(sent_weird))
    return _concat([fast, slow])
