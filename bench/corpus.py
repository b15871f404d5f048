"""Synthetic benchmark corpora of any size, grown from the seed letters.

:func:`seed_tokens` parses the bundled letters once (builtin pipeline, Parquet-cached).
:func:`make_corpus` then builds a token table of exactly ``n_tokens`` rows with the
columns and dtypes of :func:`discourse.tokens`:

* **sentence-shuffled replicas** — the seed's sentences are concatenated in a fresh random
  order per replica (every sentence once per replica), so local word order, POS tags and
  sentence lengths are real;
* **perturbed vocabulary** — a fraction ``perturb`` of the content tokens (NOUN, PROPN,
  VERB, ADJ with letters only) is replaced by a synthetic variant of the same word,
  ``"<word>_<suffix>"``, with the variant number drawn from a Zipf distribution (exponent
  ``zipf_a``). Lemma, lower-case and surface form get the same suffix. New variants keep
  appearing as the corpus grows, so the number of types grows like Heaps' law
  ``V ∝ n^β`` (β ≈ 0.6 with the defaults; :func:`heaps_beta` measures it) instead of
  stopping at the seed's vocabulary;
* **documents and groups** — consecutive sentences form documents of about
  ``doc_tokens`` tokens (``synth_000001``…), documents form segments of
  ``sentences_per_segment`` sentences, each with one ``role`` (the role of its first
  source sentence), and documents are assigned in order to ``n_periods`` synthetic
  ``period`` labels (an ordered categorical ``P1`` < ``P2`` …, unequal sizes), with
  ``cabinet``, ``minister``, ``doc_type`` and ``date`` per document.

Everything is vectorised with NumPy over integer codes (strings are only built for the
new vocabulary items), so 10^7 tokens build in a few seconds.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from discourse.analysis.codes import column_codes

CONTENT_UPOS = ("NOUN", "PROPN", "VERB", "ADJ")
STRING_COLUMNS = ("text", "lower", "lemma")
#: Relative sizes of the synthetic periods (first to last).
PERIOD_WEIGHTS = (0.15, 0.25, 0.35, 0.25, 0.2, 0.2)
_LETTERS = np.array(list("abcdefghijklmnopqrstuvwxyz"))


def seed_tokens(pipeline: str = "builtin") -> pd.DataFrame:
    """Token table of the bundled seed letters (parsed once, then from the token cache)."""
    import warnings

    import discourse as dc

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the builtin pipeline's accuracy warning
        return dc.tokens(dc.segments(dc.load_letters()), pipeline=pipeline, progress=False)


def _suffix(v: np.ndarray) -> list[str]:
    """Bijective base-26 letters for positive integers: 1 → a, 26 → z, 27 → aa …"""
    out = []
    for x in v.tolist():
        s = []
        while x > 0:
            x, r = divmod(x - 1, 26)
            s.append(_LETTERS[r])
        out.append("".join(reversed(s)))
    return out


def _categorical(
    codes: np.ndarray, categories: pd.Index, dtype_like: pd.Series | None
) -> pd.Categorical | pd.api.extensions.ExtensionArray | np.ndarray:
    cat = pd.Categorical.from_codes(codes, categories=categories)
    if dtype_like is None or isinstance(dtype_like.dtype, pd.CategoricalDtype):
        return cat
    return cat.astype(dtype_like.dtype)


def make_corpus(
    seed: pd.DataFrame,
    n_tokens: int,
    *,
    n_periods: int = 4,
    doc_tokens: int = 2000,
    sentences_per_segment: int = 10,
    perturb: float = 0.4,
    zipf_a: float = 1.6,
    strings: Literal["like_seed", "category", "str", "object"] = "like_seed",
    random_state: int = 0,
) -> pd.DataFrame:
    """A synthetic token table of exactly ``n_tokens`` rows (see the module notes).

    Parameters
    ----------
    seed : pandas.DataFrame
        A token table (:func:`seed_tokens`), in document order.
    n_tokens : int
    n_periods : int
        Number of ``period`` labels, 2–6.
    doc_tokens : int
        Approximate document length in tokens (at least ``4 * n_periods`` documents).
    sentences_per_segment : int
    perturb : float
        Share of content tokens replaced by a synthetic variant.
    zipf_a : float
        Zipf exponent of the variant numbers (> 1; smaller = faster vocabulary growth).
    strings : {"like_seed", "category", "str", "object"}
        dtype of ``text``, ``lower`` and ``lemma``: as in ``seed``, categorical, pandas'
        string dtype (what reading Parquet or CSV without categories gives), or NumPy
        ``object`` arrays of Python strings.
    random_state : int

    Returns
    -------
    pandas.DataFrame
        The token-table schema of ``docs/design.md``; ``attrs["pipeline"]`` names the
        seed pipeline with ``+synthetic`` appended, ``attrs["synthetic"]`` the parameters.
    """
    if not 2 <= n_periods <= len(PERIOD_WEIGHTS):
        raise ValueError(f"n_periods must be 2..{len(PERIOD_WEIGHTS)}, got {n_periods}")
    if n_tokens < 1:
        raise ValueError("n_tokens must be positive")
    rng = np.random.default_rng(random_state)

    # seed sentences: runs of (doc_id, sent_id)
    doc_code, _ = column_codes(seed, "doc_id")
    sent = seed["sent_id"].to_numpy(np.int64)
    change = np.r_[True, (doc_code[1:] != doc_code[:-1]) | (sent[1:] != sent[:-1])]
    s_start = np.flatnonzero(change)
    s_len = np.diff(np.r_[s_start, len(seed)])
    n_sent = len(s_start)

    # sentence-shuffled replicas until n_tokens is reached, cut at exactly n_tokens
    n_rep = int(np.ceil(n_tokens / len(seed))) + 1
    order = np.concatenate([rng.permutation(n_sent) for _ in range(n_rep)])
    lens = s_len[order]
    ends = np.cumsum(lens)
    m = int(np.searchsorted(ends, n_tokens)) + 1  # sentences needed
    order, lens, ends = order[:m], lens[:m], ends[:m]
    lens[-1] -= ends[-1] - n_tokens
    out_start = ends - s_len[order]
    out_start[-1] = n_tokens - lens[-1]
    src = (np.repeat(s_start[order] - out_start, lens) + np.arange(n_tokens)).astype(np.int64)
    sent_of_tok = np.repeat(np.arange(m), lens)

    # documents, segments, periods
    n_docs = max(4 * n_periods, int(round(n_tokens / doc_tokens)))
    n_docs = min(n_docs, m)
    per_doc = int(np.ceil(m / n_docs))
    doc_of_sent = np.arange(m) // per_doc
    n_docs = int(doc_of_sent[-1]) + 1
    sent_in_doc = np.arange(m) - doc_of_sent * per_doc
    seg_of_sent = doc_of_sent * int(np.ceil(per_doc / sentences_per_segment)) + (
        sent_in_doc // sentences_per_segment
    )
    doc_of_tok = doc_of_sent[sent_of_tok]
    doc_first = np.searchsorted(doc_of_tok, np.arange(n_docs))
    token_id = (np.arange(n_tokens) - doc_first[doc_of_tok]).astype(np.int32)
    weights = np.asarray(PERIOD_WEIGHTS[:n_periods], dtype=float)
    bounds = np.cumsum(weights / weights.sum())
    centre = (np.arange(n_docs) + 0.5) / n_docs
    period_of_doc = np.minimum(np.searchsorted(bounds, centre), n_periods - 1)
    seg_ids, seg_code = np.unique(seg_of_sent, return_inverse=True)
    seg_doc = doc_of_sent[np.searchsorted(seg_of_sent, seg_ids)]
    seg_in_doc = seg_ids - seg_doc * int(np.ceil(per_doc / sentences_per_segment))

    out: dict[str, object] = {}
    doc_names = pd.Index([f"synth_{d:06d}" for d in range(n_docs)])
    out["doc_id"] = pd.Categorical.from_codes(doc_of_tok, categories=doc_names)
    seg_names = pd.Index(
        [
            f"synth_{d:06d}:{s:03d}"
            for d, s in zip(seg_doc.tolist(), seg_in_doc.tolist(), strict=True)
        ]
    )
    out["seg_id"] = pd.Categorical.from_codes(seg_code[sent_of_tok], categories=seg_names)
    out["sent_id"] = sent_in_doc[sent_of_tok].astype(np.int32)
    out["token_id"] = token_id

    # strings: base codes from the seed, a share of content tokens perturbed
    upos_codes, upos_cats = column_codes(seed, "upos")
    content_type = np.append(upos_cats.isin(CONTENT_UPOS), False)
    content = content_type[upos_codes[src]] & seed["is_alpha"].to_numpy(bool)[src]
    hit = np.flatnonzero(content & (rng.random(n_tokens) < perturb))
    variant = rng.zipf(zipf_a, size=len(hit)) % 10_000_000 + 1
    for name in STRING_COLUMNS:
        base, cats = column_codes(seed, name)
        codes = base[src].astype(np.int64)  # room for the new codes and the keys below
        key = codes[hit] * 10_000_001 + variant
        uniq, inverse = np.unique(key, return_inverse=True)
        word = cats.to_numpy(dtype=object)[uniq // 10_000_001]
        new = [f"{w}_{s}" for w, s in zip(word.tolist(), _suffix(uniq % 10_000_001), strict=True)]
        categories = pd.Index(np.concatenate([cats.to_numpy(dtype=object), np.array(new, object)]))
        codes[hit] = len(cats) + inverse
        if not categories.is_unique:  # a variant spelled like a seed word: merge them
            remap, categories = pd.factorize(categories)
            codes = np.where(codes >= 0, remap[codes], -1)
        like = seed[name] if strings == "like_seed" else None
        column = _categorical(codes, categories, like)
        if strings == "str":
            column = pd.Series(column).astype("str")
        elif strings == "object":
            column = pd.Series(np.asarray(column, dtype=object), dtype=object)
        out[name] = column

    for name in seed.columns:
        if name in out or name in (
            "period",
            "cabinet",
            "minister",
            "doc_type",
            "role",
            "speaker",
            "date",
        ):
            continue
        col = seed[name]
        if isinstance(col.dtype, pd.CategoricalDtype):
            codes = col.cat.codes.to_numpy()
            out[name] = pd.Categorical.from_codes(codes[src], dtype=col.dtype)
        else:
            out[name] = col.to_numpy()[src]

    # metadata: role/speaker per segment (its first source sentence), the rest per document
    seg_first_tok = np.searchsorted(seg_code[sent_of_tok], np.arange(len(seg_ids)))
    for name in ("role", "speaker"):
        if name in seed.columns:
            codes, cats = column_codes(seed, name)
            seg_val = codes[src[seg_first_tok]]
            out[name] = pd.Categorical.from_codes(seg_val[seg_code[sent_of_tok]], categories=cats)
    labels = [f"P{i + 1}" for i in range(n_periods)]
    period = period_of_doc[doc_of_tok]
    out["period"] = pd.Categorical.from_codes(
        period, dtype=pd.CategoricalDtype(labels, ordered=True)
    )
    out["cabinet"] = pd.Categorical.from_codes(period, categories=[f"Cabinet {p}" for p in labels])
    minister = period * 2 + (np.arange(n_docs) % 2)[doc_of_tok]
    out["minister"] = pd.Categorical.from_codes(
        minister, categories=[f"Minister {p}{x}" for p in labels for x in "ab"]
    )
    out["doc_type"] = pd.Categorical.from_codes(
        (np.arange(n_docs) % 10 == 9).astype(np.int8)[doc_of_tok],
        categories=["kamerbrief", "antwoorden_kamervragen"],
    )
    day = np.datetime64("2000-01-01") + (np.arange(n_docs) * (9000 // n_docs + 1)).astype(
        "timedelta64[D]"
    )
    out["date"] = day.astype("datetime64[ns]")[doc_of_tok]

    columns = [c for c in seed.columns if c in out] + [c for c in out if c not in seed.columns]
    df = pd.DataFrame({c: out[c] for c in columns}, copy=False)
    info = dict(seed.attrs.get("pipeline", {"name": "unknown", "version": ""}))
    info["name"] = f"{info.get('name', 'unknown')}+synthetic"
    df.attrs["pipeline"] = info
    df.attrs["synthetic"] = {
        "n_tokens": n_tokens,
        "n_periods": n_periods,
        "doc_tokens": doc_tokens,
        "perturb": perturb,
        "zipf_a": zipf_a,
        "random_state": random_state,
    }
    return df


def heaps_beta(sizes: list[int], types: list[int]) -> float:
    """Least-squares slope of log(types) on log(tokens): Heaps' β (``V = K n^β``)."""
    return float(np.polyfit(np.log(sizes), np.log(types), 1)[0])
