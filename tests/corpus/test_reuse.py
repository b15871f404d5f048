"""Text reuse: shared passages between documents (w-shingling, Broder 1997) and marking them."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pandas as pd
import pytest

from discourse.corpus.reuse import text_reuse, words_of
from discourse.corpus.reuse_marks import mark_reuse
from discourse.errors import CorpusError

#: A standard paragraph (own wording, 42 words) pasted into two letters of different years.
SHARED = (
    "Het kabinet blijft zich inspannen voor een constructieve dialoog met de Verenigde "
    "Staten om onze standpunten over het voetlicht te brengen, ook over de zaken waar we "
    "het niet eens zijn. De trans-Atlantische band blijft de basis van onze veiligheid en "
    "welvaart."
)
OPENING = "Geachte voorzitter,\n\nHierbij informeer ik uw Kamer over de stand van zaken."
LETTER_2018 = (
    f"{OPENING} Het kabinet heeft in juli met de Amerikaanse regering gesproken over "
    f"handel en defensie.\n\n{SHARED}\n\nDe minister van Buitenlandse Zaken,\n\nS.A. Blok"
)
LETTER_2024 = (
    f"{OPENING} Na de verkiezingen in de VS zoekt het kabinet snel contact met de nieuwe "
    f"regering.\n\n{SHARED}\n\nDe minister van Buitenlandse Zaken,\n\nC.C.J. Veldkamp"
)
#: Within one letter a paragraph repeated twice is not reuse.
SELF_REPEAT = (
    "Het kabinet zet de steun aan Oekraïne onverminderd voort in nauwe samenwerking met "
    "de partners. Tot slot herhaal ik: het kabinet zet de steun aan Oekraïne onverminderd "
    "voort in nauwe samenwerking met de partners."
)


def _letters(*texts: str, periods: list[str] | None = None) -> pd.DataFrame:
    ids = [f"kst-{i}" for i in range(len(texts))]
    out = pd.DataFrame({"doc_id": pd.array(ids, dtype="string"), "text": list(texts)})
    out["period"] = periods or ids
    return out


def test_planted_paragraph_found_with_its_exact_share():
    reuse = text_reuse(_letters(LETTER_2018, LETTER_2024, SELF_REPEAT), min_words=8)
    p = reuse.passages
    # two passages, each once from each side: the standard opening (12 words, up to where
    # the letters go on differently) and the planted paragraph with the signature line
    # that follows it in both letters
    assert len(p) == 4
    assert p["doc_id"].tolist() == ["kst-0", "kst-0", "kst-1", "kst-1"]
    assert p["other_doc_id"].tolist() == ["kst-1", "kst-1", "kst-0", "kst-0"]
    for row in p.itertuples():
        text = LETTER_2018 if row.doc_id == "kst-0" else LETTER_2024
        assert text[row.start : row.end] == row.text
    n_shared = len(words_of(SHARED)) + len(words_of("De minister van Buitenlandse Zaken,"))
    assert p["n_words"].tolist() == [12, n_shared] * 2
    assert p.loc[0, "text"] == OPENING.replace("stand van zaken.", "stand van zaken")
    assert p.loc[1, "text"].startswith(SHARED)
    docs = reuse.documents.set_index("doc_id")
    assert docs.loc["kst-0", "n_words"] == len(words_of(LETTER_2018))
    assert docs.loc["kst-0", "reused_words"] == 12 + n_shared
    assert docs.loc["kst-0", "reused_share"] == pytest.approx(
        (12 + n_shared) / len(words_of(LETTER_2018))
    )
    assert docs.loc["kst-1", "shared_with"] == ["kst-0"]


def test_within_document_repetition_is_not_reuse():
    docs = text_reuse(_letters(SELF_REPEAT, LETTER_2018), min_words=8).documents
    assert docs["reused_words"].tolist() == [0, 0]
    assert docs["shared_with"].tolist() == [[], []]


def test_one_changed_word_splits_the_passage_at_the_change():
    words = SHARED.split()[:30]
    changed = list(words)
    changed[14] = "duidelijk"  # "onze" -> "duidelijk" in the middle
    a = "Inleiding van de eerste brief. " + " ".join(words) + " Einde eerste."
    b = "Een andere opening hier. " + " ".join(changed) + " Slot tweede."
    p = text_reuse(_letters(a, b), min_words=8).passages
    mine = p[p["doc_id"] == "kst-0"].sort_values("start")
    assert mine["n_words"].tolist() == [14, 15]
    assert mine["text"].tolist() == [" ".join(words[:14]), " ".join(words[15:])]


def test_punctuation_and_case_do_not_hide_reuse():
    a = "Geachte voorzitter, De VS blijven een onmisbare partner voor Nederland en Europa."
    b = "Het verslag zegt: de VS — blijven een ‘onmisbare’ partner voor Nederland, en Europa!"
    p = text_reuse(_letters(a, b), min_words=8).passages
    assert p["n_words"].tolist() == [10, 10]
    assert p.loc[p["doc_id"] == "kst-1", "text"].item().startswith("de VS — blijven")


def test_by_counts_only_reuse_across_groups():
    texts = (LETTER_2018, LETTER_2024, LETTER_2024.replace("Veldkamp", "Van Weel"))
    same = text_reuse(_letters(*texts, periods=["2018", "2024", "2024"]), by="period")
    docs = same.documents.set_index("doc_id")
    assert docs.loc["kst-0", "shared_with"] == ["kst-1", "kst-2"]
    assert docs.loc["kst-1", "shared_with"] == ["kst-0"]  # not its own period's kst-2
    assert docs["period"].tolist() == ["2018", "2024", "2024"]
    assert set(same.passages["doc_id"] + same.passages["other_doc_id"]) == {
        "kst-0kst-1",
        "kst-1kst-0",
        "kst-0kst-2",
        "kst-2kst-0",
    }


def _brute_force(docs: list[list[str]], k: int) -> set[tuple[int, int, int, int, int]]:
    """Every maximal common word run of ≥ k words between two documents, by brute force."""
    found = set()
    for (i, a), (j, b) in itertools.combinations(enumerate(docs), 2):
        for p, q in itertools.product(range(len(a)), range(len(b))):
            if p and q and a[p - 1] == b[q - 1]:
                continue  # not the start of a maximal run
            n = 0
            while p + n < len(a) and q + n < len(b) and a[p + n] == b[q + n]:
                n += 1
            if n >= k:
                found |= {(i, j, p, q, n), (j, i, q, p, n)}
    return found


def test_passages_equal_brute_force_maximal_runs():
    rng = random.Random(17)
    vocab = ["de", "VS", "kamer", "NAVO"]
    for trial in range(60):
        k = rng.choice([3, 4, 5])
        docs = [rng.choices(vocab, k=rng.randint(0, 40)) for _ in range(rng.randint(2, 5))]
        table = _letters(*(" ".join(d) for d in docs))
        p = text_reuse(table, min_words=k).passages
        word_at = [{m.start(): n for n, m in enumerate(words_of(t))} for t in table["text"]]
        got = set()
        for r in p.itertuples():
            i, j = int(r.doc_id[4:]), int(r.other_doc_id[4:])
            got.add((i, j, word_at[i][r.start], word_at[j][r.other_start], r.n_words))
        assert got == _brute_force(docs, k), f"trial {trial}"


def test_segments_never_join_across_segments():
    # the shared run crosses a segment boundary in one document: two shorter passages
    words = SHARED.split()
    segs = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b"],
            "seg_id": ["a:000", "a:001", "b:000"],
            "text": [" ".join(words[:12]), " ".join(words[12:]), SHARED],
            "start": [0, 100, 0],
        }
    )
    p = text_reuse(segs, min_words=8).passages
    assert sorted(p.loc[p["doc_id"] == "a", "n_words"]) == [12, len(words) - 12]
    assert set(p.loc[p["doc_id"] == "a", "seg_id"]) == {"a:000", "a:001"}
    assert p.attrs["params"]["unit"] == "segment"


def test_mark_reuse_on_tokens_segments_and_letters():
    segs = pd.DataFrame(
        {
            "doc_id": ["x", "x", "y"],
            "seg_id": ["x:000", "x:001", "y:000"],
            "text": ["Geachte voorzitter,", SHARED, "Eerst iets anders. " + SHARED],
            "start": [0, 21, 0],
        }
    )
    reuse = text_reuse(segs, min_words=8)
    marked = mark_reuse(segs, reuse)
    assert marked["reused"].tolist() == [False, True, True]
    assert marked["reused_words"].tolist() == [0, 42, 42]
    assert marked.loc[2, "reused_share"] == pytest.approx(
        len(words_of(SHARED)) / (len(words_of(SHARED)) + 3)
    )
    # tokens: char_start within the segment; the first three words of y:000 are not reused
    rows = [
        (seg, m.start(), m.group())
        for seg, text in zip(segs["seg_id"], segs["text"], strict=True)
        for m in words_of(text)
    ]
    toks = pd.DataFrame(rows, columns=["seg_id", "char_start", "text"])
    toks["seg_id"] = toks["seg_id"].astype("category")
    got = mark_reuse(toks, reuse)
    assert got["reused"].tolist() == [False, False] + [True] * 42 + [False] * 3 + [True] * 42
    assert "reused" not in toks.columns  # a copy
    # letters marked from a run on letters
    letters = _letters(LETTER_2018, SELF_REPEAT)
    marked = mark_reuse(letters, text_reuse(letters, min_words=8))
    assert marked["reused"].tolist() == [False, False]


def test_mark_reuse_refuses_tokens_from_a_letters_run():
    reuse = text_reuse(_letters(LETTER_2018, LETTER_2024), min_words=8)
    toks = pd.DataFrame({"seg_id": ["kst-0:000"], "char_start": [0], "text": ["Geachte"]})
    with pytest.raises(CorpusError, match="run on segments"):
        mark_reuse(toks, reuse)


def test_bundled_corpus_reuse_is_symmetric_and_bounded(seed_letters, seed_segments):
    by_letter = text_reuse(seed_letters, min_words=8)
    by_segment = text_reuse(seed_segments, min_words=8)
    for reuse in (by_letter, by_segment):
        docs = reuse.documents
        assert (docs["reused_words"] <= docs["n_words"]).all()
        assert docs["doc_id"].tolist() == seed_letters["doc_id"].tolist()
        p = reuse.passages
        flipped = p.rename(
            columns={"doc_id": "other_doc_id", "other_doc_id": "doc_id", "n_words": "n"}
        )
        assert sorted(zip(p["doc_id"], p["other_doc_id"], p["n_words"], strict=True)) == sorted(
            zip(flipped["doc_id"], flipped["other_doc_id"], flipped["n"], strict=True)
        )
    texts = seed_letters.set_index("doc_id")["text"]
    for r in by_letter.passages.itertuples():
        assert texts[r.doc_id][r.start : r.end] == r.text
    assert np.isclose(by_letter.documents["reused_share"].max(), 0.2, atol=0.05)
