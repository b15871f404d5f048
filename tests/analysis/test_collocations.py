"""Tests for discourse.analysis.collocations: NLTK equivalence, statistics.md C4, brute force.

The plots of collocation results are tested in tests/viz/.
"""

from __future__ import annotations

import doctest
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import discourse.analysis.collocations as collocation_module
from discourse.analysis.collocations import COLLOCATION_COLUMNS, collocations
from discourse.analysis.kwic import kwic
from discourse.errors import CorpusError

STRONG_TEA = (
    "the strong tea was hot . she likes strong tea and strong coffee . tea is strong when "
    "the tea is brewed long . he drank tea . the weather was cold and the rain fell on the "
    "old town . people walked home slowly while the shops closed early ."
).split()

# raw sequence, as NLTK sees it: no sentence boundaries, punctuation are tokens
RAW = dict(count="node", punct=True, within_sentence=False, min_freq=1, case_insensitive=False)


def table(words, *, seg_len=None, doc_len=None, sent_end=".", extra=None) -> pd.DataFrame:
    """A token table in the documented schema from a word list (all words the cabinet's)."""
    n = len(words)
    pos = np.arange(n)
    doc = pos // doc_len if doc_len else np.zeros(n, int)
    start = doc * doc_len if doc_len else np.zeros(n, int)
    token_id = pos - start
    seg = token_id // seg_len if seg_len else np.zeros(n, int)
    is_end = np.array([w == sent_end for w in words])
    sent = np.zeros(n, int)
    for i in range(1, n):  # sentence index within the document
        sent[i] = (
            0 if doc[i] != doc[i - 1] else sent[i - 1] + (is_end[i - 1] or seg[i] != seg[i - 1])
        )
    df = pd.DataFrame(
        {
            "doc_id": pd.Categorical([f"d{d}" for d in doc]),
            "seg_id": pd.Categorical([f"d{d}:{s:03d}" for d, s in zip(doc, seg, strict=True)]),
            "sent_id": sent.astype("int32"),
            "token_id": token_id.astype("int32"),
            "text": words,
            "lower": [w.lower() for w in words],
            "lemma": [w.lower() for w in words],
            "is_punct": [w in {".", ","} for w in words],
            "role": "government",
        }
    )
    for key, value in (extra or {}).items():
        df[key] = value
    return df


def row(result, collocate):
    hit = result[result["collocate"] == collocate]
    assert len(hit) == 1, (collocate, result)
    return hit.iloc[0]


# --- statistics.md C4 --------------------------------------------------------------------

C4 = {  # window: (O, E, MI, MI3, T, z, G2, Dice, logDice, dP(c|n), dP(n|c))
    (0, 1): (
        2,
        0.392157,
        2.3505,
        4.3505,
        1.13692,
        2.56752,
        4.85814,
        0.444444,
        12.8301,
        0.43617,
        0.356522,
    ),
    (1, 1): (
        2,
        0.784314,
        1.3505,
        3.3505,
        0.85962,
        1.3727,
        1.95828,
        0.444444,
        12.8301,
        0.180233,
        0.269565,
    ),
    (2, 2): (
        4,
        1.56863,
        1.3505,
        5.3505,
        1.21569,
        1.9413,
        5.64025,
        0.888889,
        13.8301,
        0.221429,
        0.53913,
    ),
}
C4_COLUMNS = [
    "o",
    "e",
    "mi",
    "mi3",
    "t_score",
    "z_score",
    "log_likelihood",
    "dice",
    "log_dice",
    "delta_p_collocate_given_node",
    "delta_p_node_given_collocate",
]


@pytest.mark.parametrize("window", list(C4))
def test_statistics_md_c4_worked_values(window):
    res = collocations(table(STRONG_TEA), "strong", window=window, **RAW)
    tea = row(res, "tea")
    assert tea["freq_node"] == 4 and tea["freq_collocate"] == 5 and tea["n_tokens"] == 51
    np.testing.assert_allclose(tea[C4_COLUMNS].astype(float), C4[window], rtol=5e-5)


def test_c4_overlap_pitfall_node_vs_union():
    tokens = table(STRONG_TEA)
    node = row(collocations(tokens, "strong", window=3, **RAW), "tea")
    assert node["o"] == 6 and node["log_dice"] > 14  # the double-counting pitfall
    assert np.isnan(node["log_likelihood"]) and np.isnan(node["delta_p_node_given_collocate"])
    union = row(collocations(tokens, "strong", window=3, **{**RAW, "count": "union"}), "tea")
    assert union["o"] <= union["freq_collocate"]
    assert np.isfinite(union["log_likelihood"]) and union["log_dice"] <= 14


# --- NLTK ----------------------------------------------------------------------------------


def nltk_scores(words, window_size):
    nltk_coll = pytest.importorskip("nltk.collocations")
    finder = nltk_coll.BigramCollocationFinder.from_words(words, window_size=window_size)
    m = nltk_coll.BigramAssocMeasures
    return finder, {
        name: dict(finder.score_ngrams(getattr(m, name)))
        for name in ("pmi", "student_t", "likelihood_ratio")
    }


def random_words(seed, n=3000, vocab=40):
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, vocab + 1)
    return [f"w{i}" for i in rng.choice(vocab, size=n, p=p / p.sum())]


@pytest.mark.parametrize(
    "words",
    [STRONG_TEA, random_words(1), random_words(2, n=800)],
    ids=["strong_tea", "random3000", "random800"],
)
def test_adjacent_window_equals_nltk(words):
    finder, scores = nltk_scores(words, 2)
    tokens = table(words)
    for node in sorted(set(words))[:12]:
        res = collocations(tokens, node, window=(0, 1), **RAW)
        for rec in res.itertuples():
            pair = (node, rec.collocate)
            assert rec.o == finder.ngram_fd[pair]
            assert rec.mi == pytest.approx(scores["pmi"][pair], rel=1e-9)
            assert rec.t_score == pytest.approx(scores["student_t"][pair], rel=1e-9)
            assert abs(rec.log_likelihood) == pytest.approx(
                scores["likelihood_ratio"][pair], rel=1e-7, abs=1e-9
            )
        # every NLTK pair with this node (other than (node, node)) is in our table
        expected = {c for (a, c), f in finder.ngram_fd.items() if a == node and c != node}
        assert set(res["collocate"]) == expected


def test_right_window_k3_counts_and_pmi_equal_nltk():
    words = random_words(3, n=1500)
    finder, scores = nltk_scores(words, 3)
    for node in ("w0", "w3", "w7"):
        res = collocations(table(words), node, window=(0, 2), **RAW)
        for rec in res.itertuples():
            assert rec.o == finder.ngram_fd[(node, rec.collocate)]
            # NLTK divides the count by k-1 = 2 but also leaves E unscaled: same MI
            assert rec.mi == pytest.approx(scores["pmi"][(node, rec.collocate)], rel=1e-9)
            # student_t differs by sqrt(k-1) (statistics.md C3)
            assert rec.t_score / np.sqrt(2) == pytest.approx(
                scores["student_t"][(node, rec.collocate)], rel=1e-9
            )


# --- brute force ---------------------------------------------------------------------------


def brute_force(tokens, node, left, right, *, within_sentence, punct, count):
    """Direct Python count over the rows: collocate counts, R1, N."""
    rows = tokens.sort_values(["doc_id", "token_id"]).to_dict("records")
    if not punct:
        rows = [r for r in rows if not r["is_punct"]]
    slots = []
    for i, r in enumerate(rows):
        if r["lemma"] != node:
            continue
        for j in [*range(i - left, i), *range(i + 1, i + right + 1)]:
            if not 0 <= j < len(rows):
                continue
            s = rows[j]
            if s["seg_id"] != r["seg_id"] or s["lemma"] == node:
                continue
            if within_sentence and s["sent_id"] != r["sent_id"]:
                continue
            slots.append(j)
    if count == "union":
        slots = sorted(set(slots))
    f_node = sum(r["lemma"] == node for r in rows)
    r1 = len(slots) if count == "union" else (left + right) * f_node
    n = len(rows) - (f_node if count == "union" else 0)
    return Counter(rows[j]["lemma"] for j in slots), r1, n


corpora = st.lists(st.sampled_from(["a", "b", "c", "d", ".", ","]), min_size=1, max_size=120)


@settings(max_examples=100, deadline=None)
@given(
    words=corpora,
    seg_len=st.integers(1, 30),
    doc_len=st.integers(1, 60),
    left=st.integers(0, 4),
    right=st.integers(0, 4),
    within_sentence=st.booleans(),
    punct=st.booleans(),
    count=st.sampled_from(["union", "node"]),
)
def test_counts_equal_brute_force(
    words, seg_len, doc_len, left, right, within_sentence, punct, count
):
    if left + right == 0:
        left = 1
    tokens = table(words, seg_len=seg_len, doc_len=doc_len)
    kw = dict(within_sentence=within_sentence, punct=punct, count=count)
    res = collocations(tokens, "a", window=(left, right), min_freq=1, **kw)
    expected, r1, n = brute_force(tokens, "a", left, right, **kw)
    assert dict(zip(res["collocate"], res["o"], strict=True)) == dict(expected)
    if len(res):
        assert set(res["window_slots"]) == {r1} and set(res["n_tokens"]) == {n}
    if count == "union":  # a collocate token is counted at most once
        assert (res["o"] <= res["freq_collocate"]).all()


@settings(max_examples=40, deadline=None)
@given(
    words=corpora, seg_len=st.integers(1, 30), w=st.integers(1, 5), within_sentence=st.booleans()
)
def test_symmetric_window_gives_symmetric_counts(words, seg_len, w, within_sentence):
    tokens = table(words, seg_len=seg_len)
    kw = dict(window=(w, w), within_sentence=within_sentence, count="node", min_freq=1)
    for a, b in [("a", "b"), ("b", "c"), ("a", "d")]:
        ab = collocations(tokens, a, **kw).set_index("collocate")["o"].get(b, 0)
        ba = collocations(tokens, b, **kw).set_index("collocate")["o"].get(a, 0)
        assert ab == ba


@settings(max_examples=60, deadline=None)
@given(words=corpora, seg_len=st.integers(1, 10), w=st.integers(1, 6))
def test_union_never_exceeds_node_centric_or_frequency(words, seg_len, w):
    tokens = table(words, seg_len=seg_len)
    union = collocations(tokens, "a", window=w, min_freq=1).set_index("collocate")
    node = collocations(tokens, "a", window=w, min_freq=1, count="node").set_index("collocate")
    assert (union["o"] <= union["freq_collocate"]).all()
    assert (union["o"] <= node["o"].reindex(union.index)).all()


def test_windows_never_cross_segments_or_documents():
    words = "x a | b x | a c".split()  # segments of 3 tokens: [x a |] [b x |] [a c]
    tokens = table(words, seg_len=3)
    assert set(collocations(tokens, "a", window=5, min_freq=1)["collocate"]) == {"x", "|", "c"}
    tokens = table(words, doc_len=3)
    res = collocations(tokens, "x", window=5, min_freq=1)
    assert set(res["collocate"]) == {"a", "|", "b"}
    assert collocations(tokens, "x", window=5, min_freq=1)["o"].max() == 2  # two docs


def test_sentence_boundaries():
    tokens = table("a b . c a".split())
    inside = collocations(tokens, "a", window=2, min_freq=1, punct=True)
    assert sorted(inside["collocate"]) == [".", "b", "c"]
    assert sorted(collocations(tokens, "a", window=1, min_freq=1)["collocate"]) == ["b", "c"]
    across = collocations(tokens, "b", window=(0, 2), min_freq=1, within_sentence=False)
    assert sorted(across["collocate"]) == ["a", "c"]  # punctuation takes no slot
    within = collocations(tokens, "b", window=(0, 2), min_freq=1)
    assert within.empty


# --- node forms ----------------------------------------------------------------------------


def test_multi_term_phrase_glob_and_regex_nodes():
    words = (
        "De Verenigde Staten steunen Oekraïne . De VS steunen Israël . Amerikaanse steun .".split()
    )
    tokens = table(words)
    tokens.loc[tokens["text"] == "Amerikaanse", "lemma"] = "Amerikaans"
    node = ["VS", "Verenigde Staten", "Amerikaans"]
    res = collocations(tokens, node, window=(0, 1), min_freq=1)
    assert dict(zip(res["collocate"], res["o"], strict=True)) == {"steunen": 2, "steun": 1}
    assert res["freq_node"].iloc[0] == 3
    # the phrase's own tokens are never collocates
    res = collocations(tokens, node, window=3, min_freq=1)
    assert not {"verenigde", "staten"} & set(res["collocate"])
    glob = collocations(tokens, ["verenigde staten", "amerika*", "vs"], window=(0, 1), min_freq=1)
    regex = collocations(
        tokens, ["verenigde staten", "amerika.*", "vs"], window=(0, 1), min_freq=1, regex=True
    )
    assert glob["o"].tolist() == regex["o"].tolist() == [2, 1]
    # "Staten" alone inside the phrase is not a second node
    both = collocations(tokens, ["Verenigde Staten", "Staten"], window=(0, 1), min_freq=1)
    assert both["freq_node"].iloc[0] == 1


def test_by_group_equals_subset_and_filters():
    words = random_words(5, n=2000, vocab=15)
    tokens = table(words, doc_len=200, extra={"period": None})
    tokens["period"] = pd.Categorical(
        np.where(tokens["doc_id"].astype(str).str[1:].astype(int) % 2 == 0, "early", "late"),
        categories=["early", "late", "never"],
        ordered=True,
    )
    res = collocations(tokens, "w1", window=4, by="period", min_freq=1)
    assert list(res.columns) == ["period", *COLLOCATION_COLUMNS]
    assert res["period"].unique().tolist() == ["early", "late"]
    for period, part in res.groupby("period", observed=True):
        alone = collocations(tokens[tokens["period"] == period], "w1", window=4, min_freq=1)
        pd.testing.assert_frame_equal(part.drop(columns="period").reset_index(drop=True), alone)
    top = collocations(tokens, "w1", window=4, by="period", top=3, measure="mi")
    assert top.groupby("period", observed=True).size().tolist() == [3, 3]
    assert (top.groupby("period", observed=True)["mi"].diff().dropna() <= 0).all()
    tokens["upos"] = np.where(tokens["lemma"].isin(["w2", "w3"]), "NOUN", "ADJ")
    tokens["is_stop"] = tokens["lemma"] == "w2"
    only = collocations(tokens, "w1", window=4, pos="NOUN", exclude_stop=True, min_freq=1)
    assert set(only["collocate"]) == {"w3"}


def test_schema_empty_result_and_errors():
    tokens = table(STRONG_TEA)
    res = collocations(tokens, "absent", window=3)
    assert list(res.columns) == list(COLLOCATION_COLUMNS) and res.empty
    assert res.attrs["freq_node"] == {"all": 0}
    assert res.attrs["params"]["terms"] == "absent"
    assert res.attrs["params"]["role"] == "government"
    with pytest.raises(CorpusError, match=r"window=\(0, 0\) is not valid"):
        collocations(tokens, "strong", window=(0, 0))
    with pytest.raises(CorpusError, match="measure='nonsense' is not valid; allowed: one of 'mi'"):
        collocations(tokens, "strong", measure="nonsense")
    with pytest.raises(CorpusError, match="no column 'upos'"):
        collocations(tokens, "strong", pos="NOUN")
    shuffled = tokens.sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(collocations(shuffled, "strong"), collocations(tokens, "strong"))


@pytest.mark.parametrize("dtype", ["category", "str", "object"])
def test_string_columns_of_any_dtype_give_the_same_result(dtype):
    tokens = table(STRONG_TEA * 3, seg_len=17, doc_len=40)
    tokens["period"] = pd.Categorical(np.where(tokens.index < 60, "early", "late"))
    other = tokens.copy()
    for col in ("text", "lower", "lemma"):
        other[col] = tokens[col].astype(dtype)
    for node in ("strong", ["strong tea", "tea"], "co*"):
        pd.testing.assert_frame_equal(
            collocations(other, node, by="period", min_freq=1),
            collocations(tokens, node, by="period", min_freq=1),
        )


def test_cached_preparation_follows_a_replaced_column():
    tokens = table(STRONG_TEA)
    assert "tea" in set(collocations(tokens, "strong", min_freq=1)["collocate"])
    tokens["lemma"] = tokens["lemma"].replace({"tea": "thee"})
    after = collocations(tokens, "strong", min_freq=1)
    assert "thee" in set(after["collocate"]) and "tea" not in set(after["collocate"])
    # the node is found on the new column too, and a new filter is honoured
    assert after.attrs["freq_node"] == collocations(tokens, "strong").attrs["freq_node"]
    tokens["role"] = pd.Categorical(["government"] * 20 + ["parliament"] * (len(tokens) - 20))
    part = collocations(tokens, "strong", role="government", min_freq=1)
    assert part.attrs["freq_node"]["all"] == STRONG_TEA[:20].count("strong")


def test_docstring_examples():
    assert doctest.testmod(collocation_module).failed == 0


# --- the seed corpus --------------------------------------------------------------------------


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
def test_real_corpus_us_collocates_by_period(request, pipeline):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    node = ["VS", "Verenigde Staten", "Amerika", "Amerikaans"]
    res = collocations(toks, node, by="period", window=5, min_freq=2, exclude_stop=True)
    assert not res.empty
    assert (res["o"] <= res["freq_collocate"]).all()
    assert sum(res.attrs["freq_node"].values()) > 0
    assert list(res.attrs["freq_node"]) == list(toks["period"].cat.categories)
    lines = kwic(toks, node, unit="lemma")
    assert len(lines) == sum(res.attrs["freq_node"].values())  # same occurrences
    # G² of every row agrees with scipy on its 2 x 2 window table
    for rec in collocations(toks, "europa", window=3, min_freq=1).itertuples():
        o, r1, c1, n = rec.o, rec.window_slots, rec.freq_collocate, rec.n_tokens
        table = np.array([[o, r1 - o], [c1 - o, n - r1 - c1 + o]])
        g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert abs(rec.log_likelihood) == pytest.approx(g2, rel=1e-6, abs=1e-9)  # scipy: xlogy


# --- a pandas reference on the seed and the 10^6-token bench corpus (issue 21.3) -------------


def pandas_reference(toks, node, w):
    """Union counts of ``collocations(toks, node, window=w, by="period")`` computed with
    pandas shifts over the sentences of the kept rows (punctuation and other roles out)."""
    t = toks[~toks["is_punct"].to_numpy(bool) & (toks["role"] == "government").to_numpy(bool)]
    t = t.sort_values(["doc_id", "token_id"], kind="stable")
    sent = t.groupby(["doc_id", "seg_id", "sent_id"], observed=True, sort=False).ngroup()
    sent = sent.to_numpy()
    lemma = t["lemma"].astype(str).str.lower().to_numpy(dtype=object)
    is_node = (lemma == node) | (t["lower"].astype(str).str.lower().to_numpy(object) == node)
    slot = np.zeros(len(t), bool)
    for d in range(1, w + 1):
        same = sent[d:] == sent[:-d]
        slot[:-d] |= is_node[d:] & same  # d tokens before a node
        slot[d:] |= is_node[:-d] & same  # d tokens after a node
    slot &= ~is_node
    frame = pd.DataFrame(
        {"period": t["period"].astype(str).to_numpy(), "collocate": lemma, "slot": slot}
    )
    frame["node"] = is_node
    rest = frame[~frame["node"]]
    o = rest[rest["slot"]].groupby(["period", "collocate"]).size().rename("o")
    f_coll = rest.groupby(["period", "collocate"]).size().rename("freq_collocate")
    per = frame.groupby("period").agg(
        freq_node=("node", "sum"), window_slots=("slot", "sum"), n_all=("node", "size")
    )
    per["n_tokens"] = per["n_all"] - per["freq_node"]
    out = pd.concat([o, f_coll], axis=1, join="inner").reset_index()
    out = out.join(per[["freq_node", "window_slots", "n_tokens"]], on="period")
    out["log_dice"] = 14 + np.log2(2 * out["o"] / (out["freq_node"] + out["freq_collocate"]))
    return out.sort_values(["period", "collocate"]).reset_index(drop=True)


@pytest.mark.parametrize("size", ["seed", 10**6])
def test_corpus_counts_equal_a_pandas_reference(builtin_tokens, size):
    """Every count and the sort measure on the seed corpus and the benchmark's 10^6-token
    corpus equal an independent pandas computation (same results before and after the
    speed work of issue 21)."""
    if size == "seed":
        toks, node = builtin_tokens, "europa"
    else:
        from bench.corpus import make_corpus

        toks, node = make_corpus(builtin_tokens, size), "kabinet"
    res = collocations(toks, node, window=(5, 5), by="period", min_freq=1)
    expected = pandas_reference(toks, node, 5)
    assert len(expected) > 50
    got = res.assign(period=res["period"].astype(str))[expected.columns]
    got = got.sort_values(["period", "collocate"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    within = res.groupby("period", observed=True, sort=False)["log_dice"]
    assert (within.diff().dropna() <= 0).all()  # sorted by log_dice within each period
