"""Shared helpers of the analysis tests: a small token table of four Kamer letters."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

#: Four letters to the Kamer (own sentences, Kamerstuk style), two per period.
LETTERS = [
    (
        "kst-36200-1",
        "Rutte IV",
        "Hierbij informeer ik uw Kamer over de voortgang van het stikstofbeleid . "
        "Het kabinet investeert in de natuur en in de boeren . "
        "De provincies werken de gebiedsplannen uit .",
    ),
    (
        "kst-36200-2",
        "Rutte IV",
        "Het kabinet neemt maatregelen voor de natuur . De boeren krijgen steun van het "
        "kabinet . Uw Kamer ontvangt voor de zomer een nieuwe brief .",
    ),
    (
        "kst-36600-1",
        "Schoof",
        "Het kabinet voert een streng asielbeleid . De asielinstroom moet omlaag . "
        "De minister stuurt uw Kamer een wetsvoorstel over asiel .",
    ),
    (
        "kst-36600-2",
        "Schoof",
        "Asiel en migratie vragen om keuzes . Het kabinet beperkt de asielinstroom . "
        "De gemeenten vangen de asielzoekers op .",
    ),
]


def _letter_tokens(periods: dict[str, str] | None = None, *, strings: str = "category"):
    """Token table of :data:`LETTERS` (lemma = lower-cased form); ``periods`` overrides."""
    rows = []
    for doc_id, period, text in LETTERS:
        sent = 0
        for i, word in enumerate(text.split()):
            rows.append((doc_id, f"{doc_id}:000", sent, i, word, word.lower(), word == ".", period))
            sent += word == "."
    cols = ["doc_id", "seg_id", "sent_id", "token_id", "text", "lower", "is_punct", "period"]
    df = pd.DataFrame(rows, columns=cols)
    if periods:
        df["period"] = df["doc_id"].map(periods).fillna(df["period"])
    df["lemma"] = df["lower"]
    df["upos"] = np.where(df["is_punct"], "PUNCT", "NOUN")
    df["is_stop"] = df["lower"].isin(["de", "het", "een", "van", "in", "en", "over", "voor"])
    df["role"] = "government"
    df["sent_id"] = df["sent_id"].astype("int32")
    df["token_id"] = df["token_id"].astype("int32")
    for col in ("doc_id", "seg_id", "upos", "role", "period"):
        df[col] = df[col].astype("category")
    for col in ("text", "lower", "lemma"):
        df[col] = df[col].astype(strings)
    return df


@pytest.fixture()
def letter_tokens():
    """``letter_tokens(periods=None, *, strings="category")``: a fresh table each call."""
    return _letter_tokens
