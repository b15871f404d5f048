"""General Dutch as a keyness reference: ``keyness(..., reference="nl-general")``.

The reference is **wordfreq**'s Dutch "large" frequency list (Speer 2022): word forms with
their relative frequency, estimated by wordfreq from several sources (Wikipedia, OpenSubtitles
2018 and SUBTLEX-NL, NewsCrawl, Google Books, OSCAR web text, Twitter, Reddit …) and
stored in the installed wheel (no network). :func:`general_counts` turns a word's
relative frequency ``f`` into a count ``round(f · N)`` in a nominal reference corpus of
``N =`` :data:`GENERAL_SIZE` ``= 10⁹`` words, the size ``d`` every keyness statistic uses.

Choices and caveats (also in :func:`discourse.analysis.keyness.keyness`):

* **Word forms, not lemmas.** wordfreq lists lower-cased forms, so the comparison needs
  ``unit="lower"``; ``unit="lemma"``, ``"text"`` or an n-gram unit raise a
  :class:`~discourse.errors.CorpusError` that says so (mapping forms to lemmas would need
  a lemmatiser run on wordfreq's list, with its own errors).
* **N is a convention.** wordfreq publishes relative frequencies, not counts. Effect
  sizes (``log_ratio``, ``perc_diff``, the rates) do not depend on ``N``; G², ``p_value``
  and ``bic`` do — a larger ``N`` makes the reference count as more certain. 10⁹ is of
  the order of wordfreq's sources and makes its smallest listed frequency (10⁻⁸) a count
  of 10.
* **Missing is not zero.** wordfreq omits words below 10⁻⁸ (≈ once per 100 million
  words); such a word gets count 0 here, so rare terms of the letters look extremely key
  (``perc_diff = inf``); rank by ``log_ratio_min`` or filter on ``freq_reference > 0``.
* **Tokenisation differs.** wordfreq splits at hyphens and apostrophes (``EU-landen`` →
  ``eu``, ``landen``), so compounds with a hyphen are absent (count 0); it lists no
  multiword units; digits are collapsed (numerals are not counted by keyness anyway).
  The genre differs too: government letters against general and informal Dutch, so
  register words (``kabinet``, ``uw``, ``kamer``) are key almost by definition.
* **Only the target's terms are tested** (``freq_target ≥ 1``, and ``a + b ≥ min_freq``):
  the list has 300,000 forms, and which absent ones got tested would otherwise depend on
  the other groups in the table. Negative key terms are target terms rarer than in
  general Dutch (``de``, ``ik``).
* The target side is counted as usual (``role``, ``pos``, ``words_only``); reference-side
  dispersion (``range_reference``, ``dp_reference``, ``n_docs_reference``) and the
  document-level test (``p_doc``, ``p_doc_min``) do not exist for a frequency list and
  are missing (``<NA>``/``NaN``).

References
----------
Speer, R. (2022). *rspeer/wordfreq: v3.0* (v3.0.2). Zenodo.
https://doi.org/10.5281/zenodo.7199437 — code under the Apache License 2.0; the data
includes material under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/)
and SUBTLEX-NL (Keuleers, Brysbaert & New 2010, *Behavior Research Methods* 42(3),
643–650), used with attribution as wordfreq's README requires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from discourse._validate import Context, Groups
from discourse.analysis.counts import TermCounts
from discourse.analysis.measures import keyness_frame, rank_keyness
from discourse.errors import CorpusError
from discourse.provenance import with_documents, with_provenance

__all__ = ["GENERAL", "GENERAL_SIZE", "GeneralOrGroups", "general_counts", "general_keyness"]

#: The ``reference=`` value that selects general Dutch.
GENERAL = "nl-general"
#: The nominal size (words) of the general-Dutch reference (see the module notes).
GENERAL_SIZE = 1_000_000_000


@dataclass
class GeneralOrGroups(Groups):
    """``reference=``: groups of ``by`` (as :class:`Groups`), or ``"nl-general"``."""

    def ok(self, value: Any, ctx: Context) -> bool:
        return (isinstance(value, str) and value == GENERAL) or super().ok(value, ctx)

    def allowed(self, ctx: Context) -> str:
        return f"{super().allowed(ctx)}, or {GENERAL!r} (general Dutch, wordfreq)"


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's Dutch "large" list: ``{word form: relative frequency}`` (read once)."""
    import wordfreq

    return wordfreq.get_frequency_dict("nl", wordlist="large")


def general_counts(terms: Any) -> np.ndarray:
    """Counts (int64) of lower-cased word forms in the nominal general-Dutch corpus:
    ``round(f · GENERAL_SIZE)``, 0 for a form wordfreq does not list."""
    freq = _frequencies()
    f = np.fromiter((freq.get(str(t), 0.0) for t in terms), dtype=float, count=len(terms))
    return np.rint(f * GENERAL_SIZE).astype(np.int64)


def general_keyness(
    tc: TermCounts,
    target: list[int],
    *,
    tokens: pd.DataFrame,
    by: str,
    params: dict,
    side: Callable,
    columns: list[str],
    min_freq: int,
    measure: str,
    correction: str,
    alpha: float,
    alpha0: float,
    sm_n: float,
) -> pd.DataFrame:
    """Keyness of the ``target`` groups of ``tc`` against general Dutch (module notes).

    ``side(tc, groups, freq)`` gives the target's range and DP (keyness's own),
    ``columns`` the column order of :func:`~discourse.analysis.keyness.keyness`; the
    result carries the provenance of ``tokens`` with ``by``, the target, ``reference``
    and ``params``, and the target's documents.
    """
    unit = tc.settings.get("unit")
    if unit != "lower":
        raise CorpusError(
            f"keyness(): reference={GENERAL!r} compares word forms (wordfreq lists "
            f"lower-cased forms, not lemmas or pairs), so it needs unit='lower'; got "
            f"unit={unit!r}: call keyness(..., reference={GENERAL!r}, unit='lower')"
        )
    a = tc.group_counts[:, target].sum(axis=1)
    c = int(tc.group_size[target].sum())
    if c == 0:
        raise CorpusError(f"keyness(): no words left in the target after the filters {tc.settings}")
    b = general_counts(tc.terms)
    keep = (a > 0) & ((a + b) >= min_freq)  # the target's own terms (module notes)
    measures = dict(correction=correction, alpha0=alpha0, sm_n=sm_n, alpha=alpha)
    out = keyness_frame(tc.labels[keep], a[keep], b[keep], c, GENERAL_SIZE, **measures)
    range_t, dp_t = side(tc, target, a)
    out["range_target"], out["dp_target"] = range_t[keep], dp_t[keep]
    out["n_docs_target"] = int(tc.n_documents[target].sum())
    missing = pd.array([pd.NA] * int(keep.sum()), dtype="Int64")
    out["range_reference"], out["n_docs_reference"] = missing, missing.copy()
    out["dp_reference"] = out["p_doc"] = out["p_doc_min"] = np.nan
    out["significant"] = out["p_adjusted"].to_numpy() <= alpha
    out = rank_keyness(out[columns], measure, tc.rank[keep])
    names = [str(tc.groups[i]) for i in target]
    with_provenance(out, tokens, by=by, target=names, reference=GENERAL, **params)
    return with_documents(out, tc.documents(target))
