"""Tests for the validation workflow: coding sheets (analysis/coding.py) and agreement
statistics (analysis/validation.py), checked against statistics.md §G4, scikit-learn and
the krippendorff package / Krippendorff's (2011) worked example."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

import discourse as dc
import discourse.analysis.coding as coding_module
import discourse.analysis.validation as validation_module
from discourse.analysis.coding import coded_labels, validation_sample
from discourse.analysis.validation import alpha_nominal, cohen_kappa, validate, wilson_interval
from discourse.errors import CorpusError
from discourse.paths import data_dir

SENTENCES = [
    ("Rutte III (2018)", "Het kabinet is zeer tevreden over de goede samenwerking ."),
    ("Rutte III (2018)", "De situatie in de regio is zorgwekkend en gevaarlijk ."),
    ("Rutte III (2018)", "Hierbij ontvangt u de antwoorden op de vragen ."),
    ("Veldkamp", "Nederland blijft een betrouwbare partner van de Verenigde Staten ."),
    ("Veldkamp", "De onzekere uitkomst van de verkiezingen baart zorgen ."),
    ("Veldkamp", "Het kabinet zal uw Kamer voor de zomer informeren ."),
    ("Van Weel", "Europa moet een sterke en eensgezinde speler worden ."),
    ("Van Weel", "De oorlog in Oekraïne heeft verschrikkelijke gevolgen ."),
]


@pytest.fixture(scope="module")
def result():
    """Sentence tone of eight own Kamerbrief sentences (three letters, three periods)."""
    rows = []
    for i, (period, sentence) in enumerate(SENTENCES):
        for k, word in enumerate(sentence.split()):
            rows.append(
                {
                    "doc_id": f"kst-{period[:3].lower()}",
                    "seg_id": f"kst-{period[:3].lower()}:000",
                    "sent_id": i,
                    "token_id": k,
                    "text": word,
                    "lower": word.lower(),
                    "lemma": word.lower(),
                    "is_punct": word == ".",
                    "period": period,
                    "role": "government",
                }
            )
    return dc.sentiment(pd.DataFrame(rows).astype({"sent_id": "int32"}))


def test_wilson_check_value_from_statistics_md():
    lo, hi = wilson_interval(23, 40)
    assert (round(lo, 3), round(hi, 3)) == (0.422, 0.715)
    assert np.isnan(wilson_interval(0, 0)[0])
    assert wilson_interval(0, 10)[0] == pytest.approx(0.0, abs=1e-12)


def test_kappa_matches_sklearn():
    rng = np.random.default_rng(1)
    for _ in range(20):
        a = rng.choice(["negative", "neutral", "positive"], 60)
        b = np.where(rng.random(60) < 0.6, a, rng.choice(["negative", "neutral", "positive"], 60))
        assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_alpha_krippendorff_2011_worked_example():
    """Krippendorff (2011), section C: 4 coders, 12 units, nominal alpha = 0.743."""
    x = np.nan
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, x, x, x],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, x, 3],
        [x, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, x],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, x],
    ]
    codes = np.nan_to_num(np.array(data), nan=0).astype(int) - 1  # 1..5 -> 0..4, missing -1
    assert alpha_nominal(codes) == pytest.approx(0.743, abs=5e-4)
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(4)
    for _ in range(10):
        sim = rng.integers(0, 3, (3, 40)).astype(float)
        sim[1] = np.where(rng.random(40) < 0.7, sim[0], sim[1])
        sim[rng.random((3, 40)) < 0.15] = np.nan
        want = krippendorff.alpha(reliability_data=sim, level_of_measurement="nominal")
        assert alpha_nominal(np.nan_to_num(sim, nan=-1).astype(int)) == pytest.approx(want)


def test_sample_is_stratified_reproducible_and_blind(result):
    sheet = validation_sample(result, n=5, seed=7)
    assert list(sheet.columns) == [
        "doc_id",
        "seg_id",
        "sent_id",
        "period",
        "text",
        "label",
        "coder",
    ]
    assert sheet["period"].value_counts().to_dict() == {
        "Rutte III (2018)": 2,
        "Veldkamp": 2,
        "Van Weel": 1,
    }  # 3:3:2 of 5 by largest remainder
    assert sheet.equals(validation_sample(result, n=5, seed=7))
    assert not sheet.equals(validation_sample(result, n=5, seed=8))
    assert (sheet["label"] == "").all() and "polarity" not in sheet
    assert len(validation_sample(result, n=100)) == len(result)
    assert sheet.attrs["params"]["seed"] == 7
    with pytest.raises(CorpusError, match="n=0 is not valid"):
        validation_sample(result, n=0)


def test_coded_labels_normalise_and_name_bad_rows(result, tmp_path):
    sheet = validation_sample(result, n=4, seed=0)
    sheet["label"] = ["POS", " neu", "", "-"]
    path = tmp_path / "coded.csv"
    sheet.to_csv(path, index=False)
    coded = coded_labels(path)
    assert coded["label"].tolist() == ["positive", "neutral", "negative"]
    sheet.loc[2, "label"] = "mixed"
    with pytest.raises(CorpusError, match=r"labels: row 3, field 'label': 'mixed' is not a"):
        coded_labels(sheet)


def _coded(result, labels, coder="ab"):
    return result[["doc_id", "seg_id", "sent_id"]].assign(label=labels, coder=coder)


def test_validate_matches_sklearn_and_hand_counts(result):
    labels = ["pos", "neg", "neu", "pos", "neg", "neu", "pos", "neg"]
    out = validate(result, _coded(result, labels), n_boot=200)
    units = out.units  # sorted by unit ids
    both = result.assign(tone=dc.unit_tone(result), label=labels).sort_values(
        ["doc_id", "seg_id", "sent_id"]
    )
    method = both["tone"].astype(str).tolist()
    assert units["method"].astype(str).tolist() == method
    assert units["sent_id"].tolist() == both["sent_id"].tolist()
    y = units["coded"].astype(str)
    assert y.str[:3].tolist() == both["label"].tolist()
    agree = int((y == units["method"].astype(str)).sum())
    acc = out.agreement.set_index("measure")
    assert acc.loc["accuracy", "value"] == agree / 8
    assert (acc.loc["accuracy", "ci_low"], acc.loc["accuracy", "ci_high"]) == pytest.approx(
        wilson_interval(agree, 8)
    )
    assert acc.loc["kappa", "value"] == pytest.approx(cohen_kappa_score(y, method))
    tones = ["negative", "neutral", "positive"]
    p, r, f, s = precision_recall_fscore_support(y, method, labels=tones, zero_division=np.nan)
    per = out.per_class.set_index("tone").loc[tones]
    np.testing.assert_allclose(per["precision"], p)
    np.testing.assert_allclose(per["recall"], r)
    np.testing.assert_allclose(per["f1"], f)
    assert per["support"].tolist() == s.tolist()
    assert acc.loc["macro_f1", "value"] == pytest.approx(np.nanmean(f))
    conf = pd.crosstab(y, pd.Series(method, name="m")).reindex(
        index=tones, columns=tones, fill_value=0
    )
    assert out.confusion.to_numpy().tolist() == conf.to_numpy().tolist()
    assert acc.loc["kappa", "ci_low"] <= acc.loc["kappa", "value"] <= acc.loc["kappa", "ci_high"]


def test_two_coders_majority_kappa_alpha_and_baseline(result):
    first = ["pos", "neg", "neu", "pos", "neg", "neu", "pos", "neg"]
    second = ["pos", "neg", "neu", "neu", "neg", "neu", "pos", "pos"]
    labels = pd.concat([_coded(result, first, "a"), _coded(result, second, "b")])
    base = result.copy()
    base["polarity"] = 0.0  # a method that says "neutral" everywhere
    out = validate(result, labels, baseline=base, n_boot=300)
    acc = out.agreement.set_index("measure")
    assert len(out.units) == 6  # units 3 and 7: one vote each, a tie, left out
    assert acc.loc["kappa_coders", "value"] == pytest.approx(cohen_kappa_score(first, second))
    codes = {"neg": 0, "neu": 1, "pos": 2}
    data = np.array([[codes[x] for x in first], [codes[x] for x in second]])
    assert acc.loc["alpha_coders", "value"] == pytest.approx(alpha_nominal(data))
    coded = out.units["coded"].astype(str)
    assert acc.loc["accuracy_baseline", "value"] == pytest.approx((coded == "neutral").mean())
    diff = acc.loc["accuracy_difference"]
    assert diff["value"] == pytest.approx(
        acc.loc["accuracy", "value"] - (coded == "neutral").mean()
    )
    x, z = out.units["agree"], out.units["baseline_agree"]
    b, c = int((x & ~z).sum()), int((~x & z).sum())
    from scipy.stats import binomtest

    assert diff["p_value"] == pytest.approx(binomtest(b, b + c).pvalue if b + c else 1.0)


def test_validate_refuses_units_not_in_the_result(result):
    labels = _coded(result, ["pos"] * 8)
    labels.loc[0, "sent_id"] = 99
    with pytest.raises(CorpusError, match="coded unit .*'sent_id': '99'.* is not a unit"):
        validate(result, labels)


def test_docstring_examples():
    assert doctest.testmod(validation_module).failed == 0
    assert doctest.testmod(coding_module).failed == 0


GOLD = data_dir() / "validation" / "gold_sentences.csv"


def test_gold_set_is_complete_and_documented():
    gold = pd.read_csv(GOLD, keep_default_na=False)
    assert list(gold.columns) == ["doc_id", "seg_id", "sent_id", "period", "text", "label", "coder"]
    assert len(gold) >= 200 and not gold.duplicated(["doc_id", "seg_id", "sent_id"]).any()
    assert len(coded_labels(gold)) == len(gold)  # every row coded, every label valid
    assert set(gold["label"]) == {"positive", "neutral", "negative"}
    assert set(gold["period"]) == {"Rutte III (2018)", "Veldkamp", "Van Weel"}
    readme = (GOLD.parent / "README.md").read_text()
    assert "seed=2026" in readme and "one coder" in readme
    assert (GOLD.parent / "coding_instructions.md").exists()


def test_gold_set_units_are_the_frog_sentences(frog_tokens):
    gold = pd.read_csv(GOLD, keep_default_na=False)
    res = dc.sentiment(frog_tokens)
    both = gold.merge(res, on=["doc_id", "seg_id", "sent_id"], suffixes=("", "_res"))
    assert len(both) == len(gold) and (both["text"] == both["text_res"]).all()
    out = validate(res, gold, baseline=dc.sentiment(frog_tokens, pos_filter=False), n_boot=50)
    assert out.agreement.set_index("measure").loc["accuracy", "n"] == len(gold)
    assert out.confusion.to_numpy().sum() == len(gold)
