"""Speed of the analyses at scale: keyness, collocations, sentiment, NLTK, widgets, memory.

``run()`` returns a tidy table (``metric, value, unit, target, met``) and never asserts:
the numbers are printed by ``python -m bench`` and written to ``build/bench.csv``.

What is timed (``time.perf_counter``; median of ``repeat`` runs, at least
``SMALL_REPEAT`` below 10^7 tokens):

* corpus generation (:mod:`bench.corpus`) at each size, and the number of lemma types
  (Heaps' β over the sizes);
* every timing as wall clock and as CPU time of this process (``time.process_time``):
  the machine is shared, and CPU time is what other processes disturb least;
* ``keyness_table(tokens, by="period")`` (k-group one-vs-rest table) *cold* — the count
  caches cleared before every run, so counting is included — and *warm* (counts cached,
  as when a widget changes the measure or a threshold);
* ``collocations(tokens, NODE, window=(5, 5), by="period")`` cold and warm (cached
  per-table preparation);
* the 10^7 / 10^6 cost ratios (near-linear: ≤ 12);
* ``sentiment(tokens)`` (sentence level, defaults) at 10^6 and 10^7 tokens against a
  lookup floor -- each government token's form looked up by integer code and averaged per
  sentence with ``np.bincount``, no lemmas, tags, modifiers, negation, texts or spans
  (targets: ≤ 5 s at 10^7, ≤ 10x the floor);
* NLTK's ``BigramCollocationFinder.from_words(words, window_size=6)`` (pairs up to five
  tokens apart) + the node filter + ``likelihood_ratio`` scoring on the same lemmas (case
  folded, punctuation dropped, as ours) against our cold ``collocations``;
* widget redraws (:mod:`bench.widget_bench`: light and new-value changes of every widget,
  CPU and wall quartiles, the parts of a redraw) on the seed corpus and at 10^6 tokens;
* bytes per token of the token table (``memory_usage(deep=True)``) at 10^6 tokens;
* keyness and collocations at 10^7 tokens whose strings are pandas' ``str`` dtype instead
  of categoricals (what a table read without categories gives): informative, no target.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from bench.corpus import heaps_beta, make_corpus, seed_tokens

SIZES = (10**4, 10**5, 10**6, 10**7)
NLTK_SIZES = (10**4, 10**5, 10**6)
NODE = "kabinet"
WINDOW = (5, 5)
#: Runs per timing below 10^7 tokens (at least; they take milliseconds and vary more).
SMALL_REPEAT = 7
COLUMNS = ["metric", "value", "unit", "target", "met"]


def _label(n: int) -> str:
    exp = int(round(np.log10(n)))
    return f"10^{exp}" if 10**exp == n else f"{n:,}"


def _clear() -> None:
    """Drop every analysis cache so that the next call counts from scratch."""
    from discourse._cache import clear_cache

    clear_cache()


def _median_time(fn: Callable[[], object], repeat: int, *, before=None) -> tuple[float, float]:
    """Median wall-clock and median CPU (``time.process_time``) seconds of ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _row(metric, value, unit, target=None, met=None) -> dict:
    return {"metric": metric, "value": value, "unit": unit, "target": target, "met": met}


def _yes(ok: bool) -> str:
    return "yes" if ok else "no"


def _keyness(toks: pd.DataFrame) -> pd.DataFrame:
    import discourse as dc

    return dc.keyness_table(toks, by="period")


def _collocations(toks: pd.DataFrame) -> pd.DataFrame:
    import discourse as dc

    return dc.collocations(toks, NODE, window=WINDOW, by="period")


def _nltk_collocations(words: list[str]) -> list:
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    finder = BigramCollocationFinder.from_words(words, window_size=WINDOW[1] + 1)
    finder.apply_ngram_filter(lambda w1, w2: NODE not in (w1, w2))
    return finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)


def _nltk_words(toks: pd.DataFrame) -> list[str]:
    keep = ~toks["is_punct"].to_numpy(bool)
    return toks["lemma"].astype(str).str.lower().to_numpy(dtype=object)[keep].tolist()


def scaling(seed: pd.DataFrame, sizes=SIZES, repeat: int = 3, log=print) -> list[dict]:
    """Generation, keyness and collocation timings at each size (+ NLTK, bytes/token)."""
    rows: list[dict] = []
    types, timings = [], {}
    for n in sizes:
        start = time.perf_counter()
        toks = make_corpus(seed, n)
        gen = time.perf_counter() - start
        n_types = int(toks["lemma"].nunique())
        types.append(n_types)
        label = _label(n)
        rows.append(_row(f"corpus generation {label} tokens", gen, "s"))
        rows.append(_row(f"lemma types at {label} tokens", n_types, "types"))
        runs = repeat if n >= 10**7 else max(repeat, SMALL_REPEAT)  # small sizes: noisier
        (k_cold, k_cpu), (k_warm, _) = (
            _median_time(lambda t=toks: _keyness(t), runs, before=_clear),
            _median_time(lambda t=toks: _keyness(t), runs),
        )
        (c_cold, c_cpu), (c_warm, _) = (
            _median_time(lambda t=toks: _collocations(t), runs, before=_clear),
            _median_time(lambda t=toks: _collocations(t), runs),
        )
        timings[n] = {"keyness_table": (k_cold, k_cpu), "collocations": (c_cold, c_cpu)}
        big = n == 10**7
        target = "<= 2 s" if big else None

        def met(secs: float, big: bool = big) -> str | None:
            return _yes(secs <= 2) if big else None

        rows += [
            _row(
                f"keyness_table {label} tokens, cold (counting included), wall",
                k_cold,
                "s",
                target,
                met(k_cold),
            ),
            _row(f"keyness_table {label} tokens, cold, CPU", k_cpu, "s", target, met(k_cpu)),
            _row(f"keyness_table {label} tokens, warm (counts cached), wall", k_warm, "s"),
            _row(f"collocations {label} tokens, cold, wall", c_cold, "s", target, met(c_cold)),
            _row(f"collocations {label} tokens, cold, CPU", c_cpu, "s", target, met(c_cpu)),
            _row(f"collocations {label} tokens, warm (table prepared), wall", c_warm, "s"),
        ]
        log(
            f"  {label:>5} tokens: generated in {gen:.1f} s, {n_types} lemma types; "
            f"keyness {k_cold:.3f} s cold ({k_cpu:.3f} s CPU) / {k_warm:.3f} s warm; "
            f"collocations {c_cold:.3f} s cold ({c_cpu:.3f} s CPU) / {c_warm:.3f} s warm"
        )
        if n == 10**6:
            rows.extend(_memory(toks))
            rows.extend(_nltk(toks, c_cold, c_cpu, log=log))
        elif n in NLTK_SIZES:
            rows.extend(_nltk(toks, c_cold, c_cpu, log=log))
        del toks
        gc.collect()
    if len(sizes) > 1:
        rows.append(
            _row(
                f"Heaps' beta (lemma types ~ tokens^beta, {_label(sizes[0])}–{_label(sizes[-1])})",
                heaps_beta(list(sizes), types),
                "",
            )
        )
    if 10**6 in timings and 10**7 in timings:
        for what, most in (("keyness_table", 12), ("collocations", 11)):  # issue 21.3
            for i, clock in enumerate(("wall", "CPU")):
                ratio = timings[10**7][what][i] / timings[10**6][what][i]
                rows.append(
                    _row(
                        f"{what} cold time ratio 10^7 / 10^6, {clock}",
                        ratio,
                        "x",
                        f"<= {most}",
                        _yes(ratio <= most),
                    )
                )
    return rows


def _memory(toks: pd.DataFrame) -> list[dict]:
    n = len(toks)
    per_token = toks.memory_usage(deep=True).sum() / n
    strings = {c: str(toks[c].dtype).split("(")[0] for c in ("text", "lower", "lemma")}
    kind = (
        "categorical"
        if all(v == "category" for v in strings.values())
        else "/".join(sorted(set(strings.values())))
    )
    rows = [
        _row(
            f"token table bytes per token at {_label(n)} (text/lower/lemma {kind})",
            per_token,
            "B/token",
        )
    ]
    obj = toks.copy()
    for c in ("text", "lower", "lemma"):
        obj[c] = toks[c].astype("str")
    rows.append(
        _row(
            f"  same table with {obj['lemma'].dtype} strings (for comparison)",
            obj.memory_usage(deep=True).sum() / n,
            "B/token",
        )
    )
    return rows


def _nltk(toks: pd.DataFrame, ours: float, ours_cpu: float, log=print) -> list[dict]:
    label = _label(len(toks))
    try:
        import nltk  # noqa: F401
    except ImportError:
        return [_row(f"NLTK BigramCollocationFinder {label}: nltk not installed", np.nan, "s")]
    words = _nltk_words(toks)
    secs, cpu = _median_time(lambda: _nltk_collocations(words), 1)
    speedup, speedup_cpu = secs / ours, cpu / ours_cpu
    big = len(toks) == 10**6
    log(
        f"  {label:>5} tokens: NLTK {secs:.2f} s ({cpu:.2f} s CPU), ours {ours:.3f} s "
        f"({ours_cpu:.3f} s CPU): {speedup:.0f}x wall, {speedup_cpu:.0f}x CPU"
    )
    return [
        _row(
            f"NLTK BigramCollocationFinder {label} tokens (window 5, node filter, G2), wall",
            secs,
            "s",
        ),
        _row(
            f"collocations speed-up over NLTK at {label} (cold), wall",
            speedup,
            "x",
            ">= 10x" if big else None,
            _yes(speedup >= 10) if big else None,
        ),
        _row(
            f"collocations speed-up over NLTK at {label} (cold), CPU",
            speedup_cpu,
            "x",
            ">= 10x" if big else None,
            _yes(speedup_cpu >= 10) if big else None,
        ),
    ]


def object_strings(seed: pd.DataFrame, n: int = 10**7, log=print) -> list[dict]:
    """Keyness and collocations cold on a table whose strings are not categorical."""
    toks = make_corpus(seed, n, strings="str")
    label, kind = _label(n), str(toks["lemma"].dtype)
    (k, k_cpu), (k2, _) = (
        _median_time(lambda: _keyness(toks), 1, before=_clear),
        _median_time(lambda: _keyness(toks), 1),
    )
    (c, c_cpu), (c2, _) = (
        _median_time(lambda: _collocations(toks), 1, before=_clear),
        _median_time(lambda: _collocations(toks), 1),
    )
    log(
        f"  {kind} strings {label}: keyness {k:.2f} s cold ({k_cpu:.2f} s CPU) / {k2:.2f} s "
        f"warm, collocations {c:.2f} s cold ({c_cpu:.2f} s CPU) / {c2:.2f} s warm"
    )
    return [
        _row(f"keyness_table {label}, {kind}-dtype strings, cold, wall", k, "s"),
        _row(f"keyness_table {label}, {kind}-dtype strings, cold, CPU", k_cpu, "s"),
        _row(f"collocations {label}, {kind}-dtype strings, cold, wall", c, "s"),
        _row(f"collocations {label}, {kind}-dtype strings, cold, CPU", c_cpu, "s"),
    ]


# --- sentiment ----------------------------------------------------------------------

SENTIMENT_SIZES = (10**6, 10**7)


def _sentiment(toks: pd.DataFrame) -> pd.DataFrame:
    import discourse as dc

    return dc.sentiment(toks)


def _sentiment_floor(toks: pd.DataFrame) -> np.ndarray:
    """The lookup floor: each government token's lower-cased form looked up by integer code
    (``pattern-nl`` POS-free polarity), the mean per sentence with ``np.bincount`` -- no
    lemmas, tags, modifiers, negation, texts or spans."""
    from discourse.analysis.codes import column_codes, string_codes
    from discourse.analysis.lexicon import compiled_lexicon

    lex, _ = compiled_lexicon("pattern-nl")
    keep = toks["role"].to_numpy() == "government"
    codes, values = string_codes(toks, "lower", lower=True)
    pol = np.array([lex.scores.get(v, (np.nan,))[0] for v in values.tolist()] + [np.nan])
    p = pol[codes[keep]]
    doc = column_codes(toks, "doc_id")[0][keep]
    sent = toks["sent_id"].to_numpy()[keep]
    brk = np.ones(len(p), dtype=bool)
    brk[1:] = (doc[1:] != doc[:-1]) | (sent[1:] != sent[:-1])
    sid = np.cumsum(brk) - 1
    hit = ~np.isnan(p)
    total = np.bincount(sid[hit], weights=p[hit], minlength=sid[-1] + 1 if len(sid) else 0)
    count = np.bincount(sid[hit], minlength=len(total))
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


def sentiment_scaling(seed: pd.DataFrame, sizes=SENTIMENT_SIZES, repeat: int = 3, log=print):
    """``sentiment(tokens)`` (sentence level, defaults) at each size against the lookup
    floor (:func:`_sentiment_floor`), CPU and wall, median of ``repeat`` runs."""
    rows = []
    for n in sizes:
        toks = make_corpus(seed, n)
        label = _label(n)
        floor, floor_cpu = _median_time(lambda t=toks: _sentiment_floor(t), repeat)
        wall, cpu = _median_time(lambda t=toks: _sentiment(t), repeat)
        big = n == 10**7
        log(
            f"  {label:>5} tokens: sentiment {wall:.2f} s ({cpu:.2f} s CPU), lookup floor "
            f"{floor:.3f} s ({floor_cpu:.3f} s CPU): {cpu / floor_cpu:.1f}x the floor (CPU)"
        )
        rows += [
            _row(
                f"sentiment {label} tokens, wall",
                wall,
                "s",
                "<= 5 s" if big else None,
                _yes(wall <= 5) if big else None,
            ),
            _row(
                f"sentiment {label} tokens, CPU",
                cpu,
                "s",
                "<= 5 s" if big else None,
                _yes(cpu <= 5) if big else None,
            ),
            _row(f"sentiment lookup floor {label} tokens, CPU", floor_cpu, "s"),
            _row(
                f"sentiment / lookup floor at {label}, CPU",
                cpu / floor_cpu,
                "x",
                "<= 10x",
                _yes(cpu / floor_cpu <= 10),
            ),
        ]
        del toks
        gc.collect()
    return rows


def run(
    sizes=SIZES,
    repeat: int = 3,
    *,
    with_widgets: bool = True,
    with_object: bool = True,
    pipeline: str = "builtin",
    log=print,
) -> pd.DataFrame:
    """All analysis benchmarks as one tidy table (``metric, value, unit, target, met``)."""
    seed = seed_tokens(pipeline)
    log(f"seed corpus: {len(seed):,} tokens ({seed.attrs.get('pipeline', {}).get('name')})")
    rows = scaling(seed, sizes, repeat, log=log)
    rows += sentiment_scaling(seed, [n for n in SENTIMENT_SIZES if n in sizes], repeat, log=log)
    if with_widgets:
        big = make_corpus(seed, 10**6) if 10**6 in sizes else None
        from bench.widget_bench import widgets

        rows += widgets(seed, big, log=log)
        del big
    if with_object and 10**7 in sizes:
        rows += object_strings(seed, log=log)
    return pd.DataFrame(rows, columns=COLUMNS)
