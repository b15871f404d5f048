"""The analysis widgets: built on a real token table, every control changes what is shown.

Controls are changed through ``control.value``, i.e. through the same observer path a
browser uses. Timings are not asserted (they are measured and reported separately).
"""

from __future__ import annotations

import html
import re
import warnings

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

matplotlib.use("Agg")

import ipywidgets as w  # noqa: E402

from discourse.analysis.keyness import MEASURES  # noqa: E402
from discourse.widgets import base as W  # noqa: E402


@pytest.fixture(scope="module")
def toks() -> pd.DataFrame:
    """The seed corpus, parsed with the built-in pipeline (cached after the first run)."""
    from discourse.corpus.letters import load_letters
    from discourse.corpus.segment import segments
    from discourse.nlp.tokens import tokens

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the built-in pipeline warns once per process
        return tokens(segments(load_letters()), pipeline="builtin", progress=False)


@pytest.fixture(scope="module")
def kw(toks):
    return W.keyness_widget(toks, target="Veldkamp")


@pytest.fixture(scope="module")
def co(toks):
    return W.collocations_widget(toks, node="VS, Verenigde Staten", by="period")


@pytest.fixture(scope="module")
def se(toks):
    return W.sentiment_widget(toks)


# --- helpers ---------------------------------------------------------------------------------


def tables(widget) -> dict[str, pd.DataFrame]:
    found = [i for i in widget.last_items if isinstance(i, W.Tables)]
    assert found, f"no table shown: {messages(widget)}"
    return found[0].frames


def table(widget) -> pd.DataFrame:
    return next(iter(tables(widget).values()))


def figures(widget) -> list[Figure]:
    return [i for i in widget.last_items if isinstance(i, Figure)]


def html_items(widget) -> list[str]:
    return [i for i in widget.last_items if isinstance(i, str)]


def messages(widget) -> list[str]:
    return [html.unescape(i) for i in html_items(widget) if "discourse-message" in i]


def heading(widget) -> str:
    return re.sub(r"<[^>]+>", "", html_items(widget)[0])


def shown(widget) -> str:
    """Everything the output area shows, as text (to compare before/after a change)."""
    return "\n".join(
        "".join(b["data"].get("text/html", "") or b["data"].get("image/svg+xml", ""))
        for b in widget.out.outputs
    )


def assert_ok(widget) -> None:
    assert not messages(widget), messages(widget)
    assert table(widget) is not None
    assert len(figures(widget)) == 1


@pytest.fixture
def restore():
    """Put controls back after a test changed them (the widgets are module fixtures)."""
    saved = []

    def remember(widget):
        saved.append((widget, widget.values))
        return widget

    yield remember
    for widget, values in saved:
        with widget.holding():
            for name, value in values.items():
                control = widget.controls[name]
                options = getattr(control, "options", None)
                if options is None or value in [
                    o[1] if isinstance(o, tuple) else o for o in options
                ]:
                    control.value = value
                    if widget.on_change is not None:
                        widget.on_change(name)  # e.g. the target choices of a grouping
        widget.refresh()


# --- the DOM contract ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"), [("kw", "keyness"), ("co", "collocations"), ("se", "sentiment")]
)
def test_dom_contract(name, kind, request):
    widget = request.getfixturevalue(name)
    assert {"discourse-widget", f"discourse-{kind}"} <= set(widget._dom_classes)
    assert "discourse-output" in widget.out._dom_classes
    assert re.search(r"updated in \d+ ms", widget.status.value)
    for control in widget.controls.values():
        assert control.description and control.description == control.description.lower()
        assert control.description_allow_html is False
        assert control.style.description_width == "initial"
    html = shown(widget)
    assert re.search(r'<table class="discourse-table [^"]*"', html)
    assert all(
        re.match(r'<table class="discourse-table', t) for t in re.findall(r"<table[^>]*>", html)
    )
    assert any("image/svg+xml" in b["data"] for b in widget.out.outputs)
    assert_ok(widget)


def test_descriptions_named_in_the_brief(kw, co, se):
    names = {c.description for wd in (kw, co, se) for c in wd.controls.values()}
    assert {
        "group by",
        "target",
        "reference",
        "unit",
        "pos",
        "measure",
        "min freq",
        "alpha",
        "top",
        "node",
        "left",
        "right",
        "level",
        "targets",
        "lexicon",
        "role",
        "term",
        "collocate",
    } <= names


def test_dashboard_has_three_tabs(toks):
    tab = W.dashboard(toks)
    assert isinstance(tab, w.Tab)
    assert list(tab.titles) == ["Keyness", "Collocations", "Sentiment"]
    kinds = [
        next(c for c in child._dom_classes if c != "discourse-widget") for child in tab.children
    ]
    assert kinds == ["discourse-keyness", "discourse-collocations", "discourse-sentiment"]


# --- keyness ---------------------------------------------------------------------------------


def test_keyness_shows_table_plot_and_kwic(kw):
    assert_ok(kw)
    tab = table(kw)
    assert list(tab.columns) == W.keyness_columns(kw.controls["measure"].value)
    assert (tab["direction"].isin(["target", "reference"])).all()
    assert tab["direction"].value_counts().max() <= kw.controls["top"].value
    assert heading(kw).startswith("Veldkamp vs")
    assert list(kw.controls["term"].options) == list(tab["term"])
    term = kw.controls["term"].value
    assert "KWIC" in html_items(kw)[-1] and term in html_items(kw)[-1]


def test_keyness_target_change_changes_terms(kw, restore):
    restore(kw)
    before = table(kw)
    kw.controls["target"].value = "Van Weel"
    after = table(kw)
    assert heading(kw).startswith("Van Weel vs")
    assert set(before["term"]) != set(after["term"])
    assert "key terms of Van Weel" in next(iter(tables(kw)))


def test_keyness_grouping_updates_target_and_reference(kw, toks, restore):
    restore(kw)
    kw.controls["by"].value = "cabinet"
    cabinets = sorted(map(str, toks["cabinet"].dropna().unique()))
    assert sorted(kw.controls["target"].options) == cabinets
    assert list(kw.controls["reference"].options) == [W.REST, *kw.controls["target"].options]
    assert heading(kw).split(" vs")[0] in cabinets
    assert_ok(kw)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("reference", "Van Weel"),
        ("unit", "lower"),
        ("unit", "bigram"),
        ("pos", "nouns"),
        ("pos", "all"),
        ("measure", "log_ratio"),
        ("min_freq", 8),
        ("alpha", 0.001),
        ("correction", "none"),
        ("top", 5),
        ("role", "all"),
    ],
)
def test_keyness_each_control_changes_the_result(kw, restore, name, value):
    restore(kw)
    before, table_before = shown(kw), table(kw)
    kw.controls[name].value = value
    assert_ok(kw)
    assert shown(kw) != before
    after = table(kw)
    if name == "min_freq":
        assert ((after["freq_target"] + after["freq_reference"]) >= value).all()
    if name == "top":
        assert after["direction"].value_counts().max() <= value < len(table_before)
    if name == "unit" and value == "bigram":
        assert after["term"].str.contains(" ").all()
    if name == "measure":
        target = after[after["direction"] == "target"]
        assert target["log_ratio"].is_monotonic_decreasing
    if name in ("alpha", "correction"):
        assert heading(kw) != re.sub(r"<[^>]+>", "", before.split("</p>")[0])


def test_keyness_every_measure_works(kw, restore):
    restore(kw)
    for measure in MEASURES:
        kw.controls["measure"].value = measure
        assert_ok(kw)
        assert measure in table(kw).columns  # the ranking measure is shown
        assert len(table(kw).columns) <= len(W.KEYNESS_COLUMNS) + 1


def test_keyness_term_selector_shows_kwic_of_that_term(kw, restore):
    restore(kw)
    terms = list(kw.controls["term"].options)
    kw.controls["term"].value = terms[1]
    kwic = html_items(kw)[-1]
    assert f"<i>{terms[1]}</i>" in kwic
    assert 'class="discourse-table discourse-kwic"' in kwic or "no occurrence" in kwic
    assert "<mark>" in kwic


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"reference": "Veldkamp"}, "both"),
        ({"min_freq": 100_000}, "min freq"),
        ({"role": "parliament", "target": "Rutte III (2018)"}, "no words"),
    ],
)
def test_keyness_impossible_selections_show_a_message(kw, restore, changes, expected):
    restore(kw)
    for name, value in changes.items():
        kw.controls[name].value = value
    assert len(messages(kw)) == 1
    assert expected in messages(kw)[0]
    assert "Traceback" not in shown(kw) and "discourse-error" not in shown(kw)


@pytest.mark.parametrize(
    ("defaults", "field", "allowed"),
    [
        ({"by": "colour"}, "by", "period"),
        ({"target": "Balkenende"}, "target", "Veldkamp"),
        ({"by": "cabinet", "target": "Veldkamp"}, "target", "Schoof"),
        ({"reference": "Balkenende"}, "reference", "Van Weel"),
        ({"unit": "stem"}, "unit", "lemma"),
        ({"pos": ["NOUN", "XYZ"]}, "pos", "content words"),
        ({"measure": "chi2"}, "measure", "log_ratio"),
        ({"role": "press"}, "role", "government"),
        ({"top": 0}, "top", "3"),
        ({"min_freq": "3"}, "min_freq", "1"),
        ({"colour": "red"}, "colour", "target"),
    ],
)
def test_keyness_unknown_defaults_raise(toks, defaults, field, allowed):
    with pytest.raises(ValueError, match=re.escape(field)) as err:
        W.keyness_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_keyness_defaults_are_applied(toks):
    wd = W.keyness_widget(
        toks,
        by="cabinet",
        target="Rutte III",
        reference=None,
        pos=["NOUN", "PROPN"],
        role=None,
        alpha=0.2,
        top=4,
    )
    assert wd.values["reference"] == W.REST and wd.values["pos"] == "nouns"
    assert wd.values["role"] == "all" and wd.values["alpha"] == 0.2
    assert heading(wd).startswith("Rutte III vs")
    assert table(wd)["direction"].value_counts().max() <= 4


def _linear_last_fitting(n, fits):
    """Matplotlib's own rule (``Text._get_wrapped_text``): the first prefix too wide ends it."""
    return next((i - 1 for i in range(2, n + 1) if not fits(i)), n)


def test_last_fitting_equals_the_linear_scan_for_every_guess():
    for n in range(1, 30):
        for width in range(n + 2):  # fits(i) <=> i <= width
            calls = []

            def fits(i, width=width, calls=calls):
                calls.append(i)
                return i <= width

            expected = _linear_last_fitting(n, fits)
            for guess in range(-1, n + 3):
                calls.clear()
                assert W._last_fitting(n, fits, guess) == expected, (n, width, guess)
                assert all(1 <= i <= n for i in calls)


def test_figure_svg_wraps_captions_exactly_as_matplotlib(toks):
    """The fast caption wrapping gives the same SVG as a plain savefig, byte for byte."""
    import io

    from discourse import keyness, plot_collocations, plot_keyness
    from discourse.analysis.collocations import collocations

    def plain(fig):
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "discourse"}):
            fig.savefig(buf, format="svg")
        return buf.getvalue()

    def undated(svg):
        return re.sub(r"<dc:date>[^<]*</dc:date>", "", svg)

    result = keyness(toks, by="period", target="Veldkamp", role="government")
    makers = [lambda top=top: W._figure(plot_keyness(result, top=top)) for top in (3, 20)]
    co = collocations(toks, "kabinet", by="period")
    makers.append(lambda: W._figure(plot_collocations(co)))
    for make in makers:
        fig = make()
        assert any(t.get_wrap() for ax in fig.axes for t in [*ax.texts, *fig.texts])
        assert undated(W.figure_svg(fig)) == undated(plain(make()))


def test_str_codes_match_astype_str():
    cases = [
        pd.Series(pd.Categorical(["a", None, "b", "a"])),
        pd.Series(["a", None, "b"], dtype=object),
        pd.Series(["a", None, "b"], dtype="string"),
        pd.Series([2018, 2019, 2018]),
        pd.Series([1.0, float("nan"), 2.5]),
    ]
    for col in cases:
        codes, names = W._str_codes(col)
        as_str = col.astype(str)
        assert list(names[codes].fillna("?")) == list(as_str.fillna("?")), col
        assert list(names[codes].isin(["a", "2018"])) == list(as_str.isin(["a", "2018"]))


# --- collocations ----------------------------------------------------------------------------


def test_collocations_show_tables_per_group_network_and_kwic(co, toks):
    assert_ok(co)
    frames = tables(co)
    periods = [str(p) for p in toks["period"].cat.categories]
    assert [t.split(" (node")[0] for t in frames] == periods
    for df in frames.values():
        assert list(df.columns) == ["collocate", "o", "freq_collocate", "log_dice"]
        assert len(df) <= co.controls["top"].value
    assert heading(co).startswith("Collocates of VS, Verenigde Staten,")
    coll = co.controls["collocate"].value
    assert coll in set().union(*(df["collocate"] for df in frames.values()))
    kwic = html_items(co)[-1]
    assert f"<i>{coll}</i>" in kwic and "discourse-kwic" in kwic


def test_collocations_window_changes_counts(co, restore):
    restore(co)
    before = pd.concat(tables(co).values())
    co.controls["left"].value = 1
    co.controls["right"].value = 1
    after = pd.concat(tables(co).values())
    assert "window L1/R1" in heading(co)
    assert after["o"].sum() < before["o"].sum()
    positions = re.findall(r">([LR]\d+(?:,[LR]\d+)*)<", html_items(co)[-1])
    assert positions and set(",".join(positions).split(",")) <= {"L1", "R1"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("node", "Europa"),
        ("right", 2),
        ("measure", "mi"),
        ("measure", "t_score"),
        ("min_freq", 3),
        ("pos", "all"),
        ("by", "none"),
        ("top", 3),
        ("role", "government"),
    ],
)
def test_collocations_each_control_changes_the_result(co, restore, name, value):
    restore(co)
    before = shown(co)
    co.controls[name].value = value
    assert_ok(co)
    assert shown(co) != before
    frames = tables(co)
    if name == "by":
        assert len(frames) == 1 and next(iter(frames)).startswith("all (node n=")
    if name == "measure":
        assert all(value in df.columns for df in frames.values())
    if name == "min_freq":
        assert all((df["o"] >= value).all() for df in frames.values())
    if name == "node":
        assert heading(co).startswith("Collocates of Europa,")


def test_collocations_collocate_selector_filters_kwic(co, restore):
    restore(co)
    options = list(co.controls["collocate"].options)
    co.controls["collocate"].value = options[-1]
    kwic = html_items(co)[-1]
    assert f"<i>{options[-1]}</i>" in kwic
    n_lines = int(re.search(r"\((\d+) lines?;", kwic).group(1))
    assert n_lines >= 1


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"node": "qwertyuiop"}, "'qwertyuiop'"),
        ({"node": " , "}, "type a node"),
        ({"left": 0, "right": 0}, "window"),
        ({"min_freq": 10_000}, "min freq"),
    ],
)
def test_collocations_impossible_selections_show_a_message(co, restore, changes, expected):
    restore(co)
    for name, value in changes.items():
        co.controls[name].value = value
    assert len(messages(co)) == 1 and expected in messages(co)[0]
    assert "discourse-error" not in shown(co)


@pytest.mark.parametrize(
    ("defaults", "field"),
    [
        ({"by": "colour"}, "by"),
        ({"measure": "dice_plus"}, "measure"),
        ({"left": 11}, "left"),
        ({"pos": "PUNCTUATION"}, "pos"),
        ({"role": "press"}, "role"),
        ({"window": 3}, "window"),
        ({"node": 42}, "node"),
    ],
)
def test_collocations_unknown_defaults_raise(toks, defaults, field):
    with pytest.raises(ValueError, match=re.escape(field)):
        W.collocations_widget(toks, **defaults)


def test_collocations_node_as_a_list_and_an_absent_node(toks):
    wd = W.collocations_widget(toks, node=["Europa", "EU"], by=None, left=2, right=2)
    assert wd.values["node"] == "Europa, EU"
    assert heading(wd).startswith("Collocates of Europa, EU, window L2/R2")
    absent = W.collocations_widget(toks, node="qwertyuiop")  # a message, not an error
    assert "'qwertyuiop' does not occur" in messages(absent)[0]


def test_collocations_node_suggestions_are_frequent_lemmas(co, toks):
    options = co.controls["node"].options
    assert len(options) > 50
    counts = toks.loc[~toks["is_punct"] & ~toks["is_stop"], "lemma"].value_counts()
    assert options[0] == counts.index[0]


# --- sentiment -------------------------------------------------------------------------------


def test_sentiment_shows_summary_plot_and_units(se):
    assert_ok(se)
    summary = table(se)
    assert {"period", "n_units", "mean_polarity", "ci_low", "ci_high"} <= set(summary.columns)
    units = html_items(se)[-1]
    assert "Most positive" in units and "Most negative" in units
    assert 'class="discourse-table sentiment"' in units
    assert "background:" in units  # matched words highlighted


@pytest.mark.parametrize(
    ("name", "value", "expect"),
    [
        ("level", "segment", " segments"),
        ("level", "document", " documents"),
        ("by", "cabinet", "cabinet"),
        ("by", "none", "n_units"),
        ("targets", "VS, Verenigde Staten, Amerika", "mentioning VS, Verenigde Staten, Amerika"),
        ("lexicon", "example-nl", "example-nl"),
        ("role", "government", "sentences"),
        ("negation", "pattern", "negation pattern"),
        ("top", 2, "Most positive (2)"),
    ],
)
def test_sentiment_each_control_changes_the_result(se, restore, name, value, expect):
    restore(se)
    before = shown(se)
    se.controls[name].value = value
    assert_ok(se)
    assert shown(se) != before
    assert expect in shown(se)
    if name == "by" and value == "none":
        assert len(table(se)) == 1


def test_sentiment_role_filters_units(se, restore):
    restore(se)
    n_all = int(heading(se).split()[0])
    se.controls["role"].value = "parliament"
    assert int(heading(se).split()[0]) < n_all


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"targets": "qwertyuiop"}, "mentioning 'qwertyuiop'"),
        ({"level": "document", "by": "role"}, "not available at level"),
    ],
)
def test_sentiment_impossible_selections_show_a_message(se, restore, changes, expected):
    restore(se)
    for name, value in changes.items():
        se.controls[name].value = value
    assert len(messages(se)) == 1 and expected in messages(se)[0]
    assert "discourse-error" not in shown(se)


@pytest.mark.parametrize(
    ("defaults", "field", "allowed"),
    [
        ({"lexicon": "afinn"}, "lexicon", "pattern-nl"),
        ({"level": "word"}, "level", "sentence"),
        ({"by": "colour"}, "by", "period"),
        ({"negation": "scope"}, "negation", "clause"),
        ({"target": "VS"}, "target", "targets"),
    ],
)
def test_sentiment_unknown_defaults_raise(toks, defaults, field, allowed):
    with pytest.raises(ValueError, match=re.escape(field)) as err:
        W.sentiment_widget(toks, **defaults)
    assert allowed in str(err.value)


def test_sentiment_targets_as_a_list(toks):
    wd = W.sentiment_widget(toks, targets=["VS", "Verenigde Staten"], by=None, level="segment")
    assert wd.values["targets"] == "VS, Verenigde Staten" and wd.values["by"] == "none"
    assert "segments mentioning VS, Verenigde Staten" in heading(wd)


# --- the base widget -------------------------------------------------------------------------


def test_unexpected_errors_are_shown_not_raised():
    def compute(values):
        raise KeyError("boom")

    widget = W.AnalysisWidget({"x": w.IntSlider(description="x")}, compute, kind="test")
    assert "discourse-error" in widget.last_items[0] and "boom" in widget.last_items[0]
    widget.controls["x"].value = 3  # an observer call, no exception escapes
    assert widget.last_seconds is not None
