"""Keyness statistics against scipy and the worked values of shared/docs/statistics.md §A, §B."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from discourse.analysis.dispersion import dp
from discourse.analysis.keyness import (
    COLUMNS,
    MEASURES,
    keyness,
    keyness_measures,
    keyness_table,
    term_counts,
)
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


# --- G² and the other measures against scipy and statistics.md --------------------------------

REAL_COUNTS = [  # (a, b, c, d): frequencies and corpus sizes of the kind seen in practice
    (10, 5, 10_000, 20_000),
    (0, 12, 5_000, 80_000),
    (35, 263, 112_289_776, 1_559_716_979),
    (412, 97, 48_211, 61_904),
    (3, 0, 48_211, 61_904),
    (1, 1, 250, 400),
]


@pytest.mark.parametrize(("a", "b", "c", "d"), REAL_COUNTS)
def test_g2_matches_scipy_chi2_contingency(a, b, c, d):
    obs = np.array([[a, b], [c - a, d - b]])
    g2, p, _, _ = stats.chi2_contingency(obs, correction=False, lambda_="log-likelihood")
    m = keyness_measures([a], [b], c, d).iloc[0]
    rtol = 1e-6 if c + d > 1e9 else 1e-9  # scipy loses digits in the huge cells (§A3)
    assert abs(m["log_likelihood"]) == pytest.approx(g2, rel=rtol, abs=1e-12)
    assert m["p_value"] == pytest.approx(p, rel=1e-6)
    assert np.sign(m["log_likelihood"]) == np.sign(a * d - b * c)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (
            (10, 5, 10_000, 20_000),
            {
                "ll_2term": 6.93147,
                "log_likelihood": 6.93522,
                "p_value": 0.00845145,
                "log_ratio": 2.0,
                "perc_diff": 300.0,
                "bic": -3.37373,
                "simple_maths": 3.98805,
                "direction": "target",
            },
        ),
        (
            (0, 12, 5_000, 80_000),
            {
                "ll_2term": -1.45499,
                "log_likelihood": -1.45510,
                "p_value": 0.227712,
                "log_ratio": -0.584963,
                "perc_diff": -100.0,
                "bic": -9.89531,
                "simple_maths": 0.00662252,
                "direction": "reference",
            },
        ),
    ],
)
def test_worked_values_of_statistics_md_a13(case, expected):
    m = keyness_measures([case[0]], [case[1]], case[2], case[3]).iloc[0]
    for column, value in expected.items():
        if isinstance(value, str):
            assert m[column] == value
        else:
            assert m[column] == pytest.approx(value, rel=1e-5), column


def test_simple_maths_smoothing_and_sketch_engine_example():
    assert keyness_measures([10], [5], 10_000, 20_000, sm_n=100)["simple_maths"][0] == (
        pytest.approx(3.14286, rel=1e-5)
    )
    assert keyness_measures([0], [12], 5_000, 80_000, sm_n=100)["simple_maths"][0] == (
        pytest.approx(0.4)
    )
    ske = keyness_measures([35], [263], 112_289_776, 1_559_716_979).iloc[0]
    assert ske["simple_maths"] == pytest.approx(1.12243, rel=1e-5)  # SkE states 1.1224
    assert ske["log_ratio"] == pytest.approx(0.88635, rel=1e-5)  # the "shard" row of §A5


def test_log_odds_informative_dirichlet_prior_worked_example():
    # statistics.md §B: alpha0 = 100, background counts, n_i = 400, n_j = 380
    y_i = [40, 5, 20, 300, 25, 10]
    y_j = [10, 30, 22, 280, 5, 33]
    background = np.array([500, 400, 600, 30_000, 300, 450])
    z = keyness_measures(y_i, y_j, 400, 380, alpha0=100, background=(background, 32_250))
    expected = [3.91353, -3.89133, -0.454787, 0.722525, 3.24121, -3.50155]
    np.testing.assert_allclose(z["log_odds_z"], expected, rtol=1e-5)


def test_zero_frequencies_give_finite_documented_values():
    m = keyness_measures([0, 7], [7, 0], 1_000, 2_000)
    finite = ["log_likelihood", "ll_2term", "p_value", "log_ratio", "bic", "simple_maths"]
    assert np.isfinite(m[finite + ["log_odds_z"]].to_numpy()).all()
    assert m["perc_diff"].tolist() == [-100.0, np.inf]  # documented: +inf when b = 0
    # Hardie's 0.5 for the zero count: log2((0.5/1000)/(7/2000)) and its mirror
    assert m["log_ratio"].tolist() == pytest.approx([np.log2(1 / 7), np.log2(28)])


# --- properties --------------------------------------------------------------------------------

freqs = st.integers(min_value=0, max_value=500)
sizes = st.integers(min_value=501, max_value=10**7)  # > any frequency: no one-word corpora


@settings(max_examples=300, deadline=None)
@given(a=freqs, b=freqs, c=sizes, d=sizes)
def test_swapping_target_and_reference_mirrors_every_measure(a, b, c, d):
    if a + b == 0:
        return
    fwd = keyness_measures([a], [b], c, d).iloc[0]
    bwd = keyness_measures([b], [a], d, c).iloc[0]
    flip = {"target": "reference", "reference": "target", "none": "none"}
    assert bwd["direction"] == flip[fwd["direction"]]
    for col in ("log_likelihood", "ll_2term", "log_ratio", "log_odds_z"):
        assert bwd[col] == pytest.approx(-fwd[col], rel=1e-9, abs=1e-9), col
    assert bwd["bic"] == pytest.approx(fwd["bic"], rel=1e-9, abs=1e-9)
    assert bwd["p_value"] == pytest.approx(fwd["p_value"], rel=1e-9, abs=1e-12)
    if a > 0 and b > 0:
        assert bwd["simple_maths"] == pytest.approx(1 / fwd["simple_maths"], rel=1e-9)


@settings(max_examples=300, deadline=None)
@given(a=freqs, b=freqs, c=sizes, d=sizes)
def test_statistics_are_bounded_and_finite(a, b, c, d):
    if a + b == 0:
        return
    m = keyness_measures([a], [b], c, d).iloc[0]
    assert abs(m["log_likelihood"]) >= abs(m["ll_2term"]) - 1e-9  # G² ≥ LL (§A3)
    assert 0.0 <= m["p_value"] <= 1.0
    assert np.sign(m["log_likelihood"]) in (np.sign(a * d - b * c), 0)
    assert np.sign(m["log_ratio"]) == np.sign(a * d - b * c) or a == 0 or b == 0
    cols = ["log_likelihood", "ll_2term", "log_ratio", "bic", "simple_maths", "log_odds_z"]
    assert np.isfinite(m[cols].to_numpy(dtype=float)).all()


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
    assert out.loc["kabinet", "norm_target"] == pytest.approx(3 / 20 * 1e4)
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


def test_keyness_table_equals_one_vs_rest(tokens):
    table = keyness_table(tokens, min_freq=1)
    assert list(table.columns) == ["group", *COLUMNS]
    assert list(table["group"].cat.categories) == ["Rutte", "Schoof", "Veldkamp"]
    for group in ("Rutte", "Schoof", "Veldkamp"):
        one = keyness(tokens, target=group, min_freq=1)
        part = table[table["group"] == group].drop(columns="group").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, one, check_dtype=False)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target": "Balkenende"}, "valid values: 'Rutte', 'Schoof', 'Veldkamp'"),
        ({"target": "Rutte", "reference": "Drees"}, "'Drees' is not a value"),
        ({"target": "Rutte", "by": "kabinet"}, "no column 'kabinet'"),
        ({"target": "Rutte", "unit": "stem"}, "lemma, lower, text, bigram"),
        ({"target": "Rutte", "pos": "NOUNS"}, "not a UPOS tag"),
        ({"target": "Rutte", "role": "minister"}, "valid values: government"),
        ({"target": "Rutte", "measure": "g2"}, "log_likelihood"),
        ({"target": "Rutte", "correction": "holm"}, "bh, bonferroni, none"),
        ({"target": "Rutte", "reference": "Rutte"}, "both target and reference"),
        ({"target": "Rutte", "min_freq": 0}, "min_freq"),
        ({"target": "Rutte", "alpha": 5}, "alpha"),
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


def test_counts_are_cached_per_table_and_setting(tokens):
    first = term_counts(tokens, unit="lower")
    assert term_counts(tokens, unit="lower") is first
    assert term_counts(tokens, unit="lemma") is not first
    assert term_counts(tokens.copy(), unit="lower") is not first


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
    for unit in ("lemma", "lower", "bigram"):
        expected = keyness_table(tokens, unit=unit, min_freq=1)
        pd.testing.assert_frame_equal(keyness_table(other, unit=unit, min_freq=1), expected)


def test_term_counts_lives_in_counts_and_is_re_exported():
    import discourse
    from discourse.analysis import counts

    assert term_counts is counts.term_counts is discourse.term_counts


@pytest.mark.parametrize("dtype", ["category", "str", object])
def test_column_and_string_codes(dtype):
    """One place for a column's codes, one for its case-folded codes (cached per table)."""
    from discourse.analysis.counts import column_codes, string_codes

    values = ["Kabinet", "kabinet", None, "VS", "Kabinet", "vs"]
    df = pd.DataFrame({"text": pd.Series(values, dtype=dtype)})
    codes, uniques = column_codes(df, "text")
    assert codes.dtype == np.int8 and codes[2] == -1
    assert [None if c < 0 else uniques[c] for c in codes] == values
    assert column_codes(df, "text")[0] is codes or dtype == "category"  # cached
    folded, strings = string_codes(df, "text", lower=True)
    assert sorted(strings) == ["kabinet", "vs"]  # case variants merged into one code
    assert [None if c < 0 else strings[c] for c in folded] == [
        None if v is None else v.lower() for v in values
    ]
    kept, strings = string_codes(df, "text")
    assert len(strings) == 4 and list(kept) == list(codes)


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
    assert set(table["group"]) == {"P1", "P2", "P3"}
    assert table["p_value"].between(0, 1).all()


def test_real_corpus_builtin_pipeline():
    tokens_mod = pytest.importorskip("discourse.nlp.tokens")
    segment = pytest.importorskip("discourse.corpus.segment")
    corpus = pytest.importorskip("discourse.corpus.letters")
    try:
        segs = segment.segments(corpus.load_letters())
        toks = tokens_mod.tokens(segs, pipeline="builtin", progress=False)
    except Exception as exc:  # the corpus or pipeline is not ready in this checkout
        pytest.skip(f"token table unavailable: {exc}")
    table = keyness_table(toks, by="period")
    assert list(table.columns) == ["group", *COLUMNS]
    assert table["group"].nunique() >= 2
    assert table["p_adjusted"].between(0, 1).all()
    assert table.attrs["pipeline"]["name"]
    # the cabinet's voice only: MPs' questions (role "parliament") are not counted
    gov = toks[toks["role"] == "government"]
    words = ~gov["is_punct"] & ~gov["upos"].isin(["PUNCT", "SYM", "NUM", "SPACE"])
    assert table.groupby("group", observed=True)["size_target"].first().sum() <= words.sum()
    assert keyness(toks, target=str(table["group"].iloc[0]))["significant"].dtype == bool


# --- plots -------------------------------------------------------------------------------------


def test_plot_keyness_and_heatmap(tokens, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    from discourse.viz.plots import plot_keyness, plot_keyness_heatmap

    result = keyness(tokens, target="Schoof", min_freq=1)
    for measure in ("log_ratio", "log_likelihood", "log_odds_z", "perc_diff"):
        ax = plot_keyness(result, top=5, measure=measure)
        assert isinstance(ax, Axes)
        assert "Schoof vs Rutte, Veldkamp" in ax.get_title()
        assert measure in ax.get_title()
        assert len(ax.patches) == len(result.groupby("direction", observed=True).head(5))
    ax.figure.savefig(tmp_path / "bar.png")  # perc_diff has +inf bars: drawn at the edge
    assert any(t.get_text() == "∞" for t in ax.texts)
    ax = plot_keyness(result.iloc[:0])
    assert any("no terms" in t.get_text() for t in ax.texts)
    ax = plot_keyness_heatmap(keyness_table(tokens, min_freq=1), top=3)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Rutte", "Schoof", "Veldkamp"]
    ax.figure.savefig(tmp_path / "heat.png")
    with pytest.raises(ValueError, match="log_ratio"):
        plot_keyness(result, measure="bic")
    with pytest.raises(ValueError, match="group"):
        plot_keyness_heatmap(result)
    plt.close("all")
