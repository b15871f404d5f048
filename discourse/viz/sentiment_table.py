"""The sentiment drill-down table: units with their matched words highlighted.

:func:`sentiment_html` shows the most positive and the most negative units of a
:func:`discourse.sentiment` result (a unit in one list at most); a long unit (a segment,
a letter) is shown as excerpts around its strongest words (:func:`_excerpts`), never as
a whole letter. Only the rows shown are formatted, so a table of 10^5 sentences costs
what its ``top`` rows cost.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from discourse._validate import Interval, Options, Table, validate_params
from discourse.provenance import provenance
from discourse.viz.base import require_columns

__all__ = ["EXCERPT_OVER", "sentiment_html"]

#: Units longer than this (characters) are shown as excerpts by default.
EXCERPT_OVER = 600


def _cell(value) -> str:
    """A table cell's text: missing values (a segment without a speaker) are empty."""
    return "" if pd.isna(value) else str(value)


def _marked(row: pd.Series) -> str:
    """The unit's text, escaped, with its assessments shaded and negations underlined."""
    spans = sorted((a, b, kind, h["polarity"]) for h in row["hits"] for a, b, kind in h["spans"])
    out, pos, text = [], 0, row["text"]
    for a, b, kind, pol in spans:
        if a < pos:
            continue
        out.append(escape(text[pos:a]))
        colour = "#c9f0d0" if pol > 0 else "#ffd3d0" if pol < 0 else "#e6e6e6"
        style = (
            "text-decoration:underline;font-style:italic"
            if kind == "negation"
            else f"background:{colour};padding:0 2px;border-radius:3px"
        )
        out.append(f'<span style="{style}" title="{pol:+.3f}">{escape(text[a:b])}</span>')
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _merged(windows) -> list[tuple[int, int]]:
    """Overlapping ``(lo, hi)`` windows merged, in text order."""
    out: list[list[int]] = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def _excerpt(text: str, unit_hits: list, pol: float, most: int, around: int):
    """One long unit's excerpts (text joined by " … ") and its hits moved along."""
    sign = 1 if pol >= 0 else -1
    ranked = sorted(unit_hits, key=lambda h: -sign * h["polarity"])[:most]
    windows = _merged(
        (
            max(min(a for a, _, _ in h["spans"]) - around, 0),
            min(max(b for _, b, _ in h["spans"]) + around, len(text)),
        )
        for h in ranked
    )
    parts, moved, at = [], [], 0
    for lo, hi in windows:
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0  # whole words
        hi = (text.find(" ", hi) + 1 or len(text) + 1) - 1 if hi < len(text) else hi
        prefix = "… " if lo > 0 and not parts else ""
        shift = at + len(prefix) - lo
        for h in unit_hits:
            if all(lo <= a and b <= hi for a, b, _ in h["spans"]):
                spans = [(a + shift, b + shift, k) for a, b, k in h["spans"]]
                moved.append({**h, "spans": spans})
        parts.append(prefix + text[lo:hi])
        at += len(parts[-1]) + 3
    return " … ".join(parts) + (" …" if windows[-1][1] < len(text) else ""), moved


def _excerpts(
    result: pd.DataFrame, *, over: int = EXCERPT_OVER, most: int = 3, around: int = 90
) -> pd.DataFrame:
    """``result`` with each unit longer than ``over`` characters cut to excerpts.

    The excerpts are ``around`` characters either side of the unit's ``most`` strongest
    lexicon words of its direction (the sign of its polarity), in whole words, joined by
    " … "; ``hits`` are moved along (those outside are dropped; the polarity stays the
    whole unit's), ``matched`` is cut to its first 200 characters. A long unit without
    hits is cut after ``over`` characters.
    """
    texts, hits = [], []
    for text, unit_hits, pol in zip(
        result["text"], result["hits"], result["polarity"], strict=True
    ):
        if len(text) <= over or not unit_hits:
            texts.append(text[:over] + ("…" if len(text) > over else ""))
            hits.append([h for h in unit_hits if all(b <= over for _, b, _ in h["spans"])])
        else:
            cut, moved = _excerpt(text, unit_hits, pol, most, around)
            texts.append(cut)
            hits.append(moved)
    out = result.copy()
    out["matched"] = [
        m if len(m) <= 200 else m[: m.rfind(" ", 0, 200)] + " …" for m in out["matched"]
    ]
    out["text"] = pd.Series(texts, index=result.index, dtype=object)
    out["hits"] = pd.Series(hits, index=result.index, dtype=object)
    return out


def _chosen(result: pd.DataFrame, top: int, which: str) -> list[tuple[str, pd.DataFrame]]:
    """The titled parts of :func:`sentiment_html`: row positions chosen on the polarity
    array, only the chosen rows taken from the table."""
    if which == "all":
        return [("Units", result.head(top))]
    pol = result["polarity"].to_numpy(dtype=float)
    scored = result["n_hits"].to_numpy() > 0
    order = np.argsort(-pol, kind="stable")  # most positive first, ties in table order
    parts = []
    if which in ("both", "positive"):
        best = order[(pol[order] > 0) & scored[order]][:top]
        parts.append(("Most positive", result.iloc[best]))
    if which in ("both", "negative"):
        order = order[::-1]
        worst = order[(pol[order] < 0) & scored[order]][:top]
        parts.append(("Most negative", result.iloc[worst]))
    return parts


@validate_params(
    result=Table(),
    top=Interval(int, 1),
    which=Options("both", "positive", "negative", "all"),
    excerpt=Interval(int, 100, none=True, none_label="whole units"),
)
def sentiment_html(
    result: pd.DataFrame, *, top: int = 10, which: str = "both", excerpt: int | None = EXCERPT_OVER
) -> str:
    """HTML drill-down table: units with their matched words highlighted.

    Words of a positive assessment are shaded green, of a negative one red (neutral:
    grey); a negation that flipped an assessment is underlined. All text is escaped. Each
    row starts with the unit's ids and, when the result has them (sentence and segment
    level), its ``speaker`` and ``role``: whose words they are. A unit longer than
    ``excerpt`` characters is shown as excerpts around its three strongest words
    (:func:`_excerpts`), so a letter-level table does not print whole letters.

    Parameters
    ----------
    result : pandas.DataFrame
        Output of :func:`discourse.analysis.sentiment.sentiment`.
    top : int
        Number of units per part (≥ 1).
    which : {"both", "positive", "negative", "all"}
        ``"both"`` (the most positive units, polarity > 0, then the most negative ones,
        polarity < 0: a unit is in one list at most), ``"positive"``, ``"negative"`` or
        ``"all"`` (the first ``top`` units in table order).
    excerpt : int or None
        Units longer than this many characters (≥ 100; default 600) are shown as
        excerpts; ``None`` shows whole units.

    Returns
    -------
    str
        One ``<table class='sentiment'>`` per part, then the provenance line.
    """
    require_columns(
        result,
        ["text", "polarity", "coverage", "n_hits", "matched", "hits"],
        plot="sentiment_html",
        made_by="sentiment()",
    )
    lead = [c for c in ("seg_id", "sent_id") if c in result] or ["doc_id"]
    lead += [c for c in ("speaker", "role") if c in result]  # whose words
    head = "".join(
        f"<th>{escape(c)}</th>" for c in [*lead, "polarity", "coverage", "text", "matched"]
    )
    html = []
    for title, rows in _chosen(result, top, which):
        if excerpt is not None and (rows["text"].str.len() > excerpt).any():
            rows = _excerpts(rows, over=excerpt)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{escape(_cell(r[c]))}</td>" for c in lead)
            + f"<td>{r['polarity']:+.3f}</td><td>{r['coverage']:.0%}</td>"
            f"<td>{_marked(r)}</td><td><code>{escape(r['matched'])}</code></td></tr>"
            for _, r in rows.iterrows()
        )
        html.append(
            f"<h4>{escape(title)} ({len(rows)})</h4><table class='sentiment'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )
    html.append(f"<p style='font-size:80%;color:#555'>{escape(provenance(result))}</p>")
    return "".join(html)
