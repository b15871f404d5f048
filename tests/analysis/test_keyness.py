"""Tests for discourse.analysis.keyness: keyness() and keyness_table() on token tables.

The formulas are tested in test_measures.py (against scipy and statistics.md).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from discourse.analysis.counts import term_counts
from discourse.analysis.dispersion import dp
from discourse.analysis.keyness import COLUMNS, keyness, keyness_table
from discourse.analysis.measures import MEASURES, keyness_measures
from discourse.errors import CorpusError

# --- a small token table with the documented columns -----------------------------------------

UPOS = {
    "de": "DET",
    "het": "DET",
    "een": "DET",
    "kabinet": "NOUN",
    "asiel": "NOUN",
    "wet": "NOUN",
    "zorg": "NOUN",
    "geld": "NOUN",
    "Kamer": "PROPN",
    "neemt": "VERB",
    "stuurt": "VERB",
    "goed": "ADJ",
    "twee": "NUM",
    "2024": "NUM",
    ",": "PUNCT",
    ".": "PUNCT",
    "covid-19": "NOUN",
    "§": "SYM",
}
LEMMA = {"neemt": "nemen", "stuurt": "sturen"}


def make_tokens(docs: list[tuple[str, str, str]], *, role: str = "government") -> pd.DataFrame:
    """``docs`` = (doc_id, period, text); sentences end with " ."; tokens split on spaces."""
    rows = []
    for doc_id, period, text in docs:
        sent = 0
        for i, word in enumerate(text.split()):
            rows.append(
                {
                    "doc_id": doc_id,
                    "seg_id": f"{doc_id}:000",
                    "sent_id": sent,
                    "token_id": i,
                    "text": word,
                    "lower": word.lower(),
                    "lemma": LEMMA.get(word, word.lower()),
                    "upos": UPOS.get(word, "NOUN"),
                    "is_punct": word in {",", "."},
                    "is_alpha": word.isalpha(),
                    "is_stop": word in {"de", "het", "een"},
                    "period": period,
                    "role": role,
                }
            )
            sent += word == "."
    df = pd.DataFrame(rows)
    df["sent_id"] = df["sent_id"].astype("int32")
    df["token_id"] = df["token_id"].astype("int32")
    for col in ("doc_id", "seg_id", "upos", "role"):
        df[col] = df[col].astype("category")
    order = list(dict.fromkeys(p for _, p, _ in docs))
    df["period"] = pd.Categorical(df["period"], categories=order, ordered=True)
    df.attrs["pipeline"] = {"name": "test", "version": "1"}
    return df


DOCS = [
    ("a1", "Rutte", "het kabinet neemt de wet . het kabinet stuurt de Kamer een brief ."),
    ("a2", "Rutte", "de zorg kost geld , het kabinet neemt 2024 twee maatregelen ."),
    ("b1", "Schoof", "asiel asiel asiel . de Kamer neemt de wet over asiel ."),
    ("b2", "Schoof", "de wet over asiel is goed . asiel en migratie kosten geld ."),
    ("c1", "Veldkamp", "de Kamer stuurt een brief over covid-19 § de zorg ."),
]


@pytest.fixture()
def tokens() -> pd.DataFrame:
    return make_tokens(DOCS)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from(["wet", "zorg", "geld", "asiel", "kabinet"]), min_size=5))
def test_identical_corpora_give_no_key_terms(words):
    text = " ".join(words) + " ."
    t = make_tokens([("x1", "A", text), ("y1", "B", text)])
    out = keyness(t, target="A", min_freq=1)
    assert not out["significant"].any()
    assert (out["direction"] == "none").all()
    assert (out["log_likelihood"] == 0).all() and (out["log_ratio"] == 0).all()


# --- keyness() on token tables -----------------------------------------------------------------


def test_schema_order_and_provenance(tokens):
    out = keyness(tokens, target="Schoof", min_freq=1)
    assert list(out.columns) == COLUMNS
    assert out["direction"].dtype == "category"
    assert out["significant"].dtype == bool
    assert out.loc[0, "term"] == "asiel" and out.loc[0, "direction"] == "target"
    assert out.attrs["pipeline"] == {"name": "test", "version": "1"}
    assert out.attrs["params"]["target"] == ["Schoof"]
    assert out.attrs["params"]["reference"] == ["Rutte", "Veldkamp"]
    # columns never depend on the measure; the order does
    for measure in MEASURES:
        assert list(keyness(tokens, target="Schoof", measure=measure).columns) == COLUMNS


def test_counts_sizes_and_exclusions(tokens):
    out = keyness(tokens, target="Rutte", min_freq=1).set_index("term")
    # words only: no punctuation, numerals ("2024", "twee") or symbols; covid-19 stays
    assert {",", ".", "2024", "twee", "§"}.isdisjoint(out.index)
    assert "covid-19" in out.index
    assert out.loc["kabinet", "freq_target"] == 3
    assert out.loc["kabinet", "freq_reference"] == 0
    assert out.loc["kabinet", "size_target"] == 20  # 26 tokens − 4 "." − 1 "," − 2 numerals
    assert out.loc["kabinet", "per_10k_target"] == pytest.approx(3 / 20 * 1e4)
    assert out.loc["nemen", "freq_target"] == 2  # lemma unit joins "neemt"
    lower = keyness(tokens, target="Rutte", unit="lower", min_freq=1).set_index("term")
    assert "neemt" in lower.index and "kamer" in lower.index
    text = keyness(tokens, target="Rutte", unit="text", min_freq=1).set_index("term")
    assert "Kamer" in text.index and "kamer" not in text.index


def test_pos_filter_restricts_terms_not_sizes(tokens):
    full = keyness(tokens, target="Schoof", min_freq=1)
    nouns = keyness(tokens, target="Schoof", pos=["NOUN", "PROPN"], min_freq=1)
    assert set(nouns["term"]) < set(full["term"])
    assert "de" not in set(nouns["term"])
    assert nouns["size_target"].iloc[0] == full["size_target"].iloc[0]


def test_role_filter(tokens):
    mps = make_tokens([("q1", "Rutte", "asiel asiel asiel wet .")], role="parliament")
    both = pd.concat([tokens, mps], ignore_index=True)
    for col in ("doc_id", "seg_id", "upos", "role"):
        both[col] = both[col].astype("category")
    both["period"] = pd.Categorical(both["period"], categories=["Rutte", "Schoof", "Veldkamp"])
    gov = keyness(both, target="Rutte", min_freq=1).set_index("term")
    everyone = keyness(both, target="Rutte", role=None, min_freq=1).set_index("term")
    assert gov.loc["asiel", "freq_target"] == 0
    assert everyone.loc["asiel", "freq_target"] == 3


def test_reference_forms(tokens):
    rest = keyness(tokens, target="Rutte")
    explicit = keyness(tokens, target="Rutte", reference=["Schoof", "Veldkamp"])
    pd.testing.assert_frame_equal(rest, explicit, check_like=False)
    single = keyness(tokens, target="Rutte", reference="Schoof", min_freq=1)
    assert set(single["size_reference"]) == {
        term_counts(tokens).group_size[1]  # Schoof only
    }
    multi = keyness(tokens, target=["Rutte", "Veldkamp"], reference="Schoof", min_freq=1)
    assert multi.attrs["params"]["target"] == ["Rutte", "Veldkamp"]


def test_dispersion_columns(tokens):
    out = keyness(tokens, target="Schoof", min_freq=1).set_index("term")
    # "asiel": b1 has 4 of its 10 words, b2 has 2 of its 11 -> range 2
    assert out.loc["asiel", "range_target"] == 2
    expected = dp([[4, 2]], sizes=[10, 11])[0]
    assert out.loc["asiel", "dp_target"] == pytest.approx(expected)
    assert out.loc["asiel", "range_reference"] == 0
    assert np.isnan(out.loc["asiel", "dp_reference"])


def brute_p_doc(tokens, term: str, target: str) -> float:
    """The exact two-sided permutation p of a term's per-document rate, enumerated by hand."""
    import itertools

    words = tokens[
        ~tokens["is_punct"] & (tokens["upos"] != "NUM") & tokens["lemma"].str.contains("[a-z]")
    ]
    docs = list(dict.fromkeys(words["doc_id"]))
    rate = np.array([1e4 * (words[words["doc_id"] == d]["lemma"] == term).mean() for d in docs])
    side = np.array([words[words["doc_id"] == d]["period"].iloc[0] == target for d in docs])
    obs = abs(rate[side].mean() - rate[~side].mean())
    combos = list(itertools.combinations(range(len(docs)), int(side.sum())))
    hits = 0
    for chosen in combos:
        mask = np.isin(np.arange(len(docs)), chosen)
        hits += abs(rate[mask].mean() - rate[~mask].mean()) >= obs - 1e-9
    return hits / len(combos)


def test_document_level_columns(tokens):
    out = keyness(tokens, target="Schoof", min_freq=1).set_index("term")
    # two Schoof letters against three others: C(5, 2) = 10 assignments, p ≥ 0.10
    assert (out["n_docs_target"] == 2).all() and (out["n_docs_reference"] == 3).all()
    np.testing.assert_allclose(out["p_doc_min"], 0.1)
    for term in ("asiel", "kabinet", "wet", "de", "geld"):
        assert out.loc[term, "p_doc"] == pytest.approx(brute_p_doc(tokens, term, "Schoof")), term
    # "asiel" is in both Schoof letters and no other: as extreme as 2 of 5 letters can be
    assert out.loc["asiel", "p_doc"] == pytest.approx(0.1)
    one = keyness(tokens, target="Veldkamp", min_freq=1).set_index("term")
    np.testing.assert_allclose(one["p_doc_min"], 0.2)  # one letter against four
    assert (one["p_doc"] >= 0.2 - 1e-12).all()


def test_token_level_columns_do_not_depend_on_the_document_test(tokens):
    out = keyness(tokens, target="Schoof", min_freq=1)
    m = keyness_measures(
        out["freq_target"], out["freq_reference"], out["size_target"][0], out["size_reference"][0]
    )
    for col in m.columns:
        if col != "direction":
            np.testing.assert_allclose(out[col], m[col], err_msg=col)


def test_rank_by_conservative_log_ratio(tokens):
    out = keyness(tokens, target="Schoof", measure="log_ratio_min", min_freq=1)
    tgt = out.loc[out["direction"] == "target", "log_ratio_min"].to_numpy()
    assert (np.diff(tgt) <= 1e-12).all() and (tgt >= 0).all()
    wide = keyness(tokens, target="Schoof", min_freq=1, alpha=0.01).set_index("term")
    narrow = keyness(tokens, target="Schoof", min_freq=1).set_index("term")
    gap = wide["log_ratio_high"] - wide["log_ratio_low"]
    assert (gap > narrow["log_ratio_high"] - narrow["log_ratio_low"]).all()  # alpha sets z


def test_corrections(tokens):
    out = keyness(tokens, target="Schoof", min_freq=1, correction="bh")
    expected = stats.false_discovery_control(out["p_value"].to_numpy(), method="bh")
    np.testing.assert_allclose(out["p_adjusted"], expected)
    bonf = keyness(tokens, target="Schoof", min_freq=1, correction="bonferroni")
    np.testing.assert_allclose(bonf["p_adjusted"], np.minimum(1, bonf["p_value"] * len(bonf)))
    none = keyness(tokens, target="Schoof", min_freq=1, correction="none", alpha=0.5)
    assert (none["p_adjusted"] == none["p_value"]).all()
    assert (none["significant"] == (none["p_value"] <= 0.5)).all()


def test_sorting_by_measure(tokens):
    for measure in ("log_ratio", "log_likelihood", "log_odds_z", "bic"):
        out = keyness(tokens, target="Schoof", measure=measure, min_freq=1)
        ranks = out["direction"].cat.codes.to_numpy()
        assert (np.diff(ranks) >= 0).all()  # target rows, then reference, then ties
        tgt = out.loc[out["direction"] == "target", measure].to_numpy()
        ref = out.loc[out["direction"] == "reference", measure].to_numpy()
        assert (np.diff(tgt) <= 1e-12).all()
        if measure == "bic":
            assert (np.diff(ref) <= 1e-12).all()
        else:
            assert (np.diff(ref) >= -1e-12).all()  # most negative first


def test_bigrams_stay_within_sentences_and_skip_punctuation(tokens):
    out = keyness(tokens, target="Rutte", unit="bigram", min_freq=1).set_index("term")
    assert out.loc["het kabinet", "freq_target"] == 3
    assert "wet het" not in out.index  # across a sentence boundary
    assert "geld het" not in out.index  # across a comma
    assert "2024 twee" not in out.index and "neemt 2024" not in out.index
    # size = adjacent word pairs; shuffled rows give the same counts
    shuffled = tokens.sample(frac=1, random_state=1)
    again = keyness(shuffled, target="Rutte", unit="bigram", min_freq=1).set_index("term")
    pd.testing.assert_frame_equal(out.sort_index(), again.sort_index())


def test_trigrams_to_5_grams_as_a_keyness_unit(tokens):
    out = keyness(tokens, target="Rutte", unit="trigram", min_freq=1).set_index("term")
    assert all(len(term.split()) == 3 for term in out.index)
    pairs = keyness(tokens, target="Rutte", unit="bigram", min_freq=1)
    # every sentence run of m ≥ 3 words gives m − 2 trigrams, one fewer than its pairs
    assert 0 < out["size_target"].iloc[0] < pairs["size_target"].iloc[0]
    assert "wet het kabinet" not in out.index  # never across a sentence boundary
    for unit in ("4-gram", "5-gram"):
        longer = keyness(tokens, target="Rutte", unit=unit, min_freq=1)
        assert longer["term"].str.split().str.len().eq(int(unit[0])).all()
        assert longer["size_target"].iloc[0] < out["size_target"].iloc[0]
    assert keyness_table(tokens, unit="trigram", min_freq=1).attrs["params"]["unit"] == "trigram"


def test_keyness_table_equals_one_vs_rest(tokens):
    table = keyness_table(tokens, min_freq=1)
    assert list(table.columns) == ["period", *COLUMNS]
    assert list(table["period"].cat.categories) == ["Rutte", "Schoof", "Veldkamp"]
    for group in ("Rutte", "Schoof", "Veldkamp"):
        one = keyness(tokens, target=group, min_freq=1)
        part = table[table["period"] == group].drop(columns="period").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one, check_dtype=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": "Balkenende"}, "target='Balkenende' is not valid; allowed: one of 'Rutte', "),
        ({"target": "Rutte", "reference": "Drees"}, "reference='Drees' is not valid; allowed: "),
        ({"target": "Rutte", "by": "kabinet"}, "by='kabinet' is not valid; allowed: a column"),
        ({"target": "Rutte", "unit": "stem"}, "'lemma', 'lower', 'text', 'bigram'"),
        ({"target": "Rutte", "pos": "NOUNS"}, "pos='NOUNS' is not valid; allowed: one of 'ADJ'"),
        ({"target": "Rutte", "role": "minister"}, "role='minister' is not valid; allowed: one of"),
        ({"target": "Rutte", "measure": "g2"}, "measure='g2' is not valid.*'log_likelihood'"),
        ({"target": "Rutte", "correction": "holm"}, "one of 'bh', 'bonferroni', 'none'"),
        ({"target": "Rutte", "reference": "Rutte"}, "target='Rutte' and reference='Rutte' share"),
        (
            {"target": "Rutte", "min_freq": 0},
            r"min_freq=0 is not valid; allowed: an integer in \[1",
        ),
        ({"target": "Rutte", "alpha": 5}, r"alpha=5 is not valid; allowed: a number in \(0, 1\)"),
        ({"target": []}, "target=\\[\\] is not valid"),
    ],
)
def test_bad_input_names_the_value_and_the_options(tokens, kwargs, message):
    with pytest.raises(CorpusError, match=message):
        keyness(tokens, **kwargs)


def test_empty_selections(tokens):
    assert keyness(tokens, target="Veldkamp", pos="INTJ").empty  # no such terms: no rows
    mps = make_tokens([("q1", "Drees", "asiel wet .")], role="parliament")
    both = pd.concat([tokens, mps], ignore_index=True)
    both["role"] = both["role"].astype("category")
    with pytest.raises(CorpusError, match="no words left for Drees"):
        keyness(both, target="Drees")  # only MPs' words in that group


def test_count_cache_follows_a_replaced_column(tokens):
    before = keyness(tokens, target="Schoof", min_freq=1)
    assert "asiel" in set(before["term"])
    tokens["lemma"] = tokens["lemma"].replace({"asiel": "migratie"})
    after = keyness(tokens, target="Schoof", min_freq=1)
    assert "asiel" not in set(after["term"]) and "migratie" in set(after["term"])


@pytest.mark.parametrize("dtype", ["category", "str", "object"])
def test_string_columns_of_any_dtype_give_the_same_table(tokens, dtype):
    other = tokens.copy()
    for col in ("text", "lower", "lemma"):
        other[col] = tokens[col].astype(dtype)
    for unit in ("lemma", "lower", "bigram", "5-gram"):
        expected = keyness_table(tokens, unit=unit, min_freq=1)
        pd.testing.assert_frame_equal(keyness_table(other, unit=unit, min_freq=1), expected)


def test_a_million_tokens_runs():
    rng = np.random.default_rng(7)
    n, vocab = 1_000_000, np.array([f"woord{i}" for i in range(20_000)], dtype=object)
    ranks = np.arange(1, len(vocab) + 1)
    term = rng.choice(len(vocab), size=n, p=(1 / ranks) / (1 / ranks).sum())
    doc = np.sort(rng.integers(0, 400, n))
    big = pd.DataFrame(
        {
            "doc_id": pd.Categorical([f"d{i}" for i in doc]),
            "lemma": vocab[term],
            "upos": pd.Categorical(np.where(term % 9 == 0, "PUNCT", "NOUN")),
            "is_punct": term % 9 == 0,
            "period": pd.Categorical(np.array(["P1", "P2", "P3"])[doc % 3]),
            "role": pd.Categorical(["government"] * n),
        }
    )
    table = keyness_table(big, by="period")
    assert set(table["period"]) == {"P1", "P2", "P3"}
    assert table["p_value"].between(0, 1).all()


@pytest.mark.parametrize("pipeline", ["builtin", "frog"])
def test_real_corpus(request, pipeline):
    toks = request.getfixturevalue(f"{pipeline}_tokens")
    table = keyness_table(toks, by="period")
    assert list(table.columns) == ["period", *COLUMNS]
    assert table["period"].nunique() >= 2
    assert table.attrs["params"]["role"] == "government"
    assert table["p_adjusted"].between(0, 1).all()
    assert table.attrs["pipeline"]["name"] == pipeline
    # the cabinet's voice only: MPs' questions (role "parliament") are not counted
    gov = toks[toks["role"] == "government"]
    words = ~gov["is_punct"] & ~gov["upos"].isin(["PUNCT", "SYM", "NUM", "SPACE"])
    assert table.groupby("period", observed=True)["size_target"].first().sum() <= words.sum()
    assert keyness(toks, target=str(table["period"].iloc[0]))["significant"].dtype == bool
    everyone = term_counts(toks, by="period", role=None).group_size
    assert (everyone >= term_counts(toks, by="period").group_size).all()
    assert everyone.sum() > term_counts(toks, by="period").group_size.sum()


@pytest.mark.parametrize("size", [4_000, 60_000])  # exact test; Monte Carlo (30 documents)
def test_the_document_test_is_remembered_per_comparison(builtin_tokens, monkeypatch, size):
    """A new measure or alpha reuses p_doc; a lower min_freq tests only the added terms;
    either way the table equals one computed from scratch."""
    import discourse.analysis.keyness as module
    from bench.corpus import make_corpus
    from discourse._cache import clear_cache

    toks = make_corpus(builtin_tokens, size)
    args = dict(by="period", target="P2", role=None)
    clear_cache()
    fresh = keyness(toks, min_freq=1, **args)
    assert (fresh["p_doc_min"].iloc[0] == 1 / 10_000) == (size > 4_000)  # Monte Carlo
    clear_cache()
    tested = []
    original = module.term_pvalues
    spy = lambda tc, t, r, keep: tested.append(int(keep.sum())) or original(tc, t, r, keep)  # noqa: E731
    monkeypatch.setattr(module, "term_pvalues", spy)
    high = keyness(toks, min_freq=5, **args)
    assert tested == [len(high)]
    again = keyness(toks, min_freq=1, **args)
    assert tested == [len(high), len(fresh) - len(high)]  # only the added terms
    pd.testing.assert_frame_equal(again, fresh)
    keyness(toks, min_freq=1, measure="log_ratio", alpha=0.01, **args)
    assert len(tested) == 2  # nothing tested again
