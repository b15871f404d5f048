"""save_figure: where figures go by default, and a manifest that never loses what it holds."""

from __future__ import annotations

import csv

import matplotlib.pyplot as plt
import pytest

import discourse as dc
from discourse import paths
from discourse.errors import CorpusError


def _rows(folder):
    with (folder / "MANIFEST.csv").open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, {row["file"]: row for row in reader}


@pytest.fixture
def fig():
    figure, ax = plt.subplots(figsize=(2, 2))
    ax.bar(["Rusland", "NAVO"], [12, 7])
    yield figure
    plt.close(figure)


@pytest.fixture(autouse=True)
def _no_notebook_env(monkeypatch):
    for var in ("DISCOURSE_NOTEBOOK", "JPY_SESSION_NAME", "DISCOURSE_FIGURES"):
        monkeypatch.delenv(var, raising=False)


def test_default_folder_is_build_not_the_committed_figures():
    assert paths.PROJECT_DIR is not None  # tests run from the checkout
    assert paths.figures_dir() == paths.PROJECT_DIR / "build" / "figures"
    assert paths.figures_dir() != paths.PROJECT_DIR / "figures"


def test_discourse_figures_overrides_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DISCOURSE_FIGURES", str(tmp_path / "mijn_figuren"))
    assert paths.figures_dir() == tmp_path / "mijn_figuren"


def test_other_rows_and_extra_columns_are_kept(fig, tmp_path):
    (tmp_path / "MANIFEST.csv").write_text(
        "file,source,pipeline,sha256,note\n"
        "01_keyness_van_weel.png,01_keyness.ipynb,frog 0.20+adapter3,abc,check later\n"
        "00_frequent_lemmas.png,00_getting_started.ipynb,frog 0.20+adapter3,def,\n",
        encoding="utf-8",
    )
    dc.save_figure(fig, "00_frequent_lemmas", pipeline="builtin 1", folder=tmp_path)
    columns, rows = _rows(tmp_path)
    assert columns == ["file", "source", "pipeline", "sha256", "note"]
    assert rows["01_keyness_van_weel.png"] == {
        "file": "01_keyness_van_weel.png",
        "source": "01_keyness.ipynb",
        "pipeline": "frog 0.20+adapter3",
        "sha256": "abc",
        "note": "check later",
    }
    new = rows["00_frequent_lemmas.png"]
    # no source known: the file keeps the notebook the manifest already names for it
    assert new["source"] == "00_getting_started.ipynb"
    assert new["pipeline"] == "builtin 1"
    assert new["sha256"] not in ("def", "")


def test_a_manifest_without_source_column_gains_it(fig, tmp_path, monkeypatch):
    (tmp_path / "MANIFEST.csv").write_text(
        "file,pipeline,sha256\n02_sentiment_timeline.png,builtin 1,abc\n", encoding="utf-8"
    )
    monkeypatch.setenv("DISCOURSE_NOTEBOOK", "03_collocations.ipynb")
    dc.save_figure(fig, "03_network_nato", pipeline="builtin 1", folder=tmp_path)
    columns, rows = _rows(tmp_path)
    assert columns == ["file", "source", "pipeline", "sha256"]
    assert rows["02_sentiment_timeline.png"]["source"] == ""
    assert rows["03_network_nato.png"]["source"] == "03_collocations.ipynb"


def test_jupyterlab_session_names_the_source(fig, tmp_path, monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", "/home/onderzoeker/notebooks/02_sentiment.ipynb")
    dc.save_figure(fig, "02_sentiment_by_period", folder=tmp_path)
    assert _rows(tmp_path)[1]["02_sentiment_by_period.png"]["source"] == "02_sentiment.ipynb"


def test_explicit_source_wins(fig, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCOURSE_NOTEBOOK", "01_keyness.ipynb")
    dc.save_figure(fig, "x", source="analyse.py", folder=tmp_path)
    assert _rows(tmp_path)[1]["x.png"]["source"] == "analyse.py"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("naam,pipeline\nx.png,builtin\n", r"MANIFEST\.csv: header \['naam', 'pipeline'\]"),
        ("file,pipeline\nx.png,builtin,extra,meer\n", r"MANIFEST\.csv, line 2: 4 fields"),
    ],
)
def test_an_unreadable_manifest_is_refused_and_left_alone(fig, tmp_path, text, match):
    (tmp_path / "MANIFEST.csv").write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=match):
        dc.save_figure(fig, "x", folder=tmp_path)
    assert (tmp_path / "MANIFEST.csv").read_text(encoding="utf-8") == text
