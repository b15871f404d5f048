"""Every numbered notebook executes headless, and a re-run reproduces figures/ exactly."""

from __future__ import annotations

import csv
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
run_notebooks = importlib.util.module_from_spec(spec)
sys.modules["run_notebooks"] = run_notebooks
spec.loader.exec_module(run_notebooks)


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "MANIFEST.csv").open(newline="", encoding="utf-8") as fh:
        return {row["file"]: row for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def rerun(tmp_path_factory) -> Path:
    figures = tmp_path_factory.mktemp("figures")
    out = tmp_path_factory.mktemp("executed")
    run_notebooks.run(run_notebooks.notebooks(), figures=figures, out=out)
    return figures


def test_every_notebook_is_stored_without_outputs():
    import nbformat

    for path in run_notebooks.notebooks():
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].metadata.get("tags") == ["parameters"], path.name
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name} has stored outputs"


@pytest.mark.slow
def test_rerun_reproduces_committed_figures(rerun):
    committed = _manifest(ROOT / "figures")
    fresh = _manifest(rerun)
    assert set(fresh) == set(committed), "figures made by the notebooks differ from figures/"
    for name, row in committed.items():
        assert fresh[name]["source"] == row["source"]
        if fresh[name]["pipeline"] != row["pipeline"]:
            pytest.skip(
                f"committed figures were made with {row['pipeline']}, "
                f"this machine uses {fresh[name]['pipeline']}"
            )
        assert fresh[name]["sha256"] == row["sha256"], f"{name} is not byte-identical"


# --------------------------------------------------------------------------- clean notebooks

_cspec = importlib.util.spec_from_file_location(
    "clean_notebooks", ROOT / "tools" / "clean_notebooks.py"
)
clean_notebooks = importlib.util.module_from_spec(_cspec)
sys.modules["clean_notebooks"] = clean_notebooks
_cspec.loader.exec_module(clean_notebooks)

NB00 = ROOT / "notebooks" / "00_getting_started.ipynb"


def _config(name: str):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(name, path=str(ROOT / ".jupyter")).load_config()


def _as_executed(nb):
    """What a run leaves in a notebook: outputs, counts, timings, the kernel's metadata."""
    import nbformat

    for i, cell in enumerate(nb.cells):
        cell.metadata["execution"] = {"iopub.status.busy": "2026-12-06T14:00:00Z"}
        cell.metadata["scrolled"] = True
        if cell.cell_type == "code":
            cell.execution_count = i + 1
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42 segmenten\n")]
    nb.metadata["language_info"] = {
        "name": "python",
        "version": "3.13.5",
        "mimetype": "text/x-python",
    }
    nb.metadata["kernelspec"]["display_name"] = "Python 3"
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def test_every_notebook_is_stored_in_the_clean_form():
    unclean = [
        p.name
        for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
        if clean_notebooks.clean_file(p, check=True)
    ]
    assert not unclean, f"run python tools/clean_notebooks.py (not clean: {unclean})"


def test_clean_turns_an_executed_notebook_into_the_committed_bytes():
    import nbformat

    executed = _as_executed(nbformat.read(NB00, as_version=4))
    assert executed.cells[2].outputs
    assert clean_notebooks._text(clean_notebooks.clean(executed)) == NB00.read_text("utf-8")


def test_saving_from_jupyter_writes_committed_notebooks_clean(tmp_path):
    """The server config's pre_save_hook: a save (JupyterLab's Ctrl-S or autosave) of a
    notebook with outputs leaves notebooks/ byte-identical; elsewhere outputs are kept."""
    from jupyter_server.services.contents.filemanager import FileContentsManager

    original = NB00.read_bytes()
    config = _config("jupyter_server_config.py")
    cm = FileContentsManager(config=config, root_dir=str(ROOT))
    model = cm.get("notebooks/00_getting_started.ipynb")
    _as_executed(model["content"])
    try:
        cm.save(model, "notebooks/00_getting_started.ipynb")
        assert NB00.read_bytes() == original
    finally:
        NB00.write_bytes(original)
    elsewhere = FileContentsManager(config=config, root_dir=str(tmp_path))
    model = cm.get("notebooks/00_getting_started.ipynb")
    _as_executed(model["content"])
    elsewhere.save(model, "mijn_analyse.ipynb")
    assert '"42 segmenten\\n"' in (tmp_path / "mijn_analyse.ipynb").read_text("utf-8")


@pytest.mark.parametrize(
    ("writer", "out", "kept"),
    [
        ({}, None, False),  # --inplace: back into notebooks/
        ({"FilesWriter": {"build_directory": "build"}}, None, True),  # --output-dir build
        ({"NbConvertApp": {"writer_class": "StdoutWriter"}}, None, True),  # --stdout
        ({}, "elsewhere", True),  # a notebook outside notebooks/
    ],
)
def test_nbconvert_config_cleans_only_what_goes_back_into_notebooks(writer, out, kept, tmp_path):
    import nbformat
    from nbconvert import NotebookExporter
    from traitlets.config import Config

    config = _config("jupyter_nbconvert_config.py")
    config.merge(Config(writer))
    folder = tmp_path if out else ROOT / "notebooks"
    executed = _as_executed(nbformat.read(NB00, as_version=4))
    text, _ = NotebookExporter(config=config).from_notebook_node(
        executed, resources={"metadata": {"path": str(folder), "name": NB00.stem}}
    )
    assert ("42 segmenten" in text) is kept
    if not kept:
        assert text == NB00.read_text("utf-8")


def test_install_puts_the_repo_config_on_jupyters_path(tmp_path):
    written = clean_notebooks.install(tmp_path)
    assert [p.name for p in written] == list(clean_notebooks.CONFIG_FILES)
    probe = (
        "from jupyter_server.serverapp import ServerApp\n"
        "from nbconvert.nbconvertapp import NbConvertApp\n"
        "s = ServerApp(); s.load_config_file()\n"
        "n = NbConvertApp(); n.load_config_file()\n"
        "print(s.config.ContentsManager.pre_save_hook.__name__)\n"
        "print([p.__name__ for p in n.config.NotebookExporter.preprocessors])\n"
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_PATH": str(tmp_path / "etc" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(tmp_path / "empty"),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.split("\n")[:2] == ["pre_save_hook", "['CleanCommittedNotebook']"], (
        done.stderr
    )
    # a config file that is not our loader is never overwritten
    (tmp_path / "etc" / "jupyter" / "jupyter_server_config.py").write_text("c.X.y = 1\n")
    with pytest.raises(SystemExit, match="exists and is not ours"):
        clean_notebooks.install(tmp_path)


# ---------------------------------------------------------- make figures checks itself

_HEADER = "file,source,pipeline,sha256\n"
_COMMITTED = (
    _HEADER
    + "00_frequent_lemmas.png,00_getting_started.ipynb,frog 0.20+adapter3,aaa\n"
    + "01_keyness_van_weel.png,01_keyness.ipynb,frog 0.20+adapter3,bbb\n"
    + "01_keyness_veldkamp.png,01_keyness.ipynb,frog 0.20+adapter3,ccc\n"
)


def _committed():
    return run_notebooks.parse_manifest(_COMMITTED, "test")


def test_report_all_identical(tmp_path):
    (tmp_path / "MANIFEST.csv").write_text(_COMMITTED, encoding="utf-8")
    assert run_notebooks.report(tmp_path, _committed()) == (
        "3/3 figures identical to the committed ones"
    )


def test_report_names_each_difference_and_why(tmp_path):
    (tmp_path / "MANIFEST.csv").write_text(
        _HEADER
        + "00_frequent_lemmas.png,00_getting_started.ipynb,builtin 1,zzz\n"
        + "01_keyness_van_weel.png,01_keyness.ipynb,frog 0.20+adapter3,yyy\n"
        + "01_keyness_doc_type.png,01_keyness.ipynb,frog 0.20+adapter3,xxx\n",
        encoding="utf-8",
    )
    lines = run_notebooks.report(tmp_path, _committed()).splitlines()
    assert lines[0] == "0/4 figures identical to the committed ones; 4 differ:"
    text = "\n".join(lines)
    assert "00_frequent_lemmas.png: pipeline differs: committed 'frog 0.20+adapter3', " in text
    assert "this run 'builtin 1'" in text
    assert "01_keyness_van_weel.png: checksum differs with the same pipeline" in text
    assert "01_keyness_doc_type.png: new (not in the committed manifest)" in text
    assert "01_keyness_veldkamp.png: missing (committed, not made by this run)" in text


def test_a_partial_run_compares_only_its_own_figures(tmp_path):
    (tmp_path / "MANIFEST.csv").write_text(
        _HEADER
        + "00_frequent_lemmas.png,00_getting_started.ipynb,frog 0.20+adapter3,aaa\n"
        + "02_sentiment_timeline.png,,builtin 1,old interactive run\n",
        encoding="utf-8",
    )
    report = run_notebooks.report(tmp_path, _committed(), sources={"00_getting_started.ipynb"})
    assert report == "1/1 figures identical to the committed ones"


def test_committed_manifest_is_git_head():
    rows = run_notebooks.committed_manifest()
    head = subprocess.run(
        ["git", "-C", str(ROOT), "show", "HEAD:figures/MANIFEST.csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert rows == run_notebooks.parse_manifest(head, "HEAD")
    assert len(rows) == head.count("\n") - 1 > 0


def test_figures_folder_by_kind_of_run(monkeypatch, tmp_path):
    """Only the full run with default parameters writes figures/; the others build/figures/."""
    calls = []
    monkeypatch.setattr(run_notebooks, "run", lambda paths, **kw: calls.append(kw))
    monkeypatch.setattr(run_notebooks, "report", lambda *a, **kw: "")
    nb = str(ROOT / "notebooks" / "01_keyness.ipynb")
    for argv in ([], [nb], ["-p", "by", "doc_type"], [nb, "-p", "by", "doc_type"]):
        assert run_notebooks.main(argv) == 0
    assert [c["figures"] for c in calls] == [
        ROOT / "figures",
        *[ROOT / "build" / "figures"] * 3,
    ]
    assert [c["clean"] for c in calls] == [True, False, True, False]
    run_notebooks.main(["--figures", str(tmp_path)])
    assert calls[-1]["figures"] == tmp_path


def test_an_unreadable_committed_manifest_is_an_error_exit(monkeypatch, capsys):
    def broken():
        raise ValueError("git HEAD:figures/MANIFEST.csv: no column ['sha256'] in ['file']")

    monkeypatch.setattr(run_notebooks, "committed_manifest", broken)
    monkeypatch.setattr(run_notebooks, "run", lambda *a, **kw: None)
    assert run_notebooks.main([]) == 1
    assert "no column ['sha256']" in capsys.readouterr().err


# ---------------------------------------------------------- a real run leaves git status clean


def _status() -> str:
    return subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            "notebooks",
            "figures",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def restored():
    """Snapshot notebooks/00 and build/figures; put both back afterwards."""
    scratch = ROOT / "build" / "figures"
    saved = {p: p.read_bytes() for p in scratch.glob("*") if p.is_file()}
    original = NB00.read_bytes()
    before = _status()
    try:
        yield before
    finally:
        NB00.write_bytes(original)
        for p in scratch.glob("*"):
            if p.is_file() and p not in saved:
                p.unlink()
        for p, data in saved.items():
            p.write_bytes(data)


def _jupyter_env() -> dict[str, str]:
    """The repository's .jupyter/ on Jupyter's config path (what make venv installs)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISCOURSE_FIGURES", "MPLBACKEND")}
    env["JUPYTER_CONFIG_PATH"] = str(ROOT / ".jupyter")
    return env


@pytest.mark.slow
def test_nbconvert_inplace_leaves_git_status_clean(restored):
    original = NB00.read_bytes()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter"),
            "nbconvert",
            "--execute",
            "--to",
            "notebook",
            "--inplace",
            str(NB00),
        ],
        cwd=ROOT,
        env=_jupyter_env(),
        check=True,
        capture_output=True,
    )
    assert NB00.read_bytes() == original
    assert _status() == restored
    made = _manifest(ROOT / "build" / "figures")
    assert made["00_frequent_lemmas.png"]["sha256"]


@pytest.mark.slow
@pytest.mark.browser
def test_jupyterlab_run_and_save_leaves_git_status_clean(restored):
    """Open notebooks/00 in JupyterLab (real chromium), run all cells, save: the page keeps
    its outputs, the file on disk and git status stay as committed, and the figure goes to
    build/figures/ with the notebook named as its source."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = os.environ.get("DISCOURSE_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    spec = importlib.util.spec_from_file_location("discourse_serve", ROOT / "tools" / "serve.py")
    serve = sys.modules.setdefault("discourse_serve", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(serve)
    original = NB00.read_bytes()
    extra = {"JUPYTER_CONFIG_PATH": str(ROOT / ".jupyter")}
    with serve.running("lab", root=ROOT, env=extra) as server, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(180_000)
            page.goto(server.url("/lab/tree/notebooks/00_getting_started.ipynb", reset=""))
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))"
                ".some(e => / \\| Idle/.test(e.textContent) && !/^No Kernel/.test(e.textContent))"
            )
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                "() => { const p = Array.from(document.querySelectorAll("
                "'.jp-CodeCell .jp-InputArea-prompt')).map(e => e.textContent.trim());"
                " return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }"
            )
            stamp = NB00.stat().st_mtime_ns
            page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
            page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)
            deadline = time.monotonic() + 30
            while NB00.stat().st_mtime_ns == stamp and time.monotonic() < deadline:
                time.sleep(0.2)
            assert NB00.stat().st_mtime_ns != stamp, "JupyterLab did not save the notebook"
            assert page.locator(".jp-OutputArea-output").count() > 0  # the page keeps them
        finally:
            browser.close()
    assert NB00.read_bytes() == original
    assert _status() == restored
    row = _manifest(ROOT / "build" / "figures")["00_frequent_lemmas.png"]
    assert row["source"] == "00_getting_started.ipynb"


# ---------------------------------------------------------- 05: build a corpus, offline

NB05 = ROOT / "notebooks" / "05_build_your_corpus.ipynb"


def _outputs(path: Path) -> str:
    """Every text, Markdown and stream output of an executed notebook, joined."""
    import nbformat

    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for output in cell.get("outputs", []):
            texts.append(output.get("text", ""))
            texts.append(output.get("data", {}).get("text/markdown", ""))
            texts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(texts)


@pytest.mark.slow
def test_05_builds_the_sample_corpus_offline_and_runs_04_on_it(tmp_path):
    """Headless, 05 fetches the recorded sample (no network), a second fetch downloads
    nothing, and notebook 04 runs on the fetched folder; no figure goes to figures/."""
    import pandas as pd

    before = _status()
    corpus, figures, out = tmp_path / "corpus", tmp_path / "figures", tmp_path / "executed"
    run_notebooks.run([NB05], figures=figures, out=out, parameters={"out": str(corpus)})
    text = _outputs(out / NB05.name)
    assert "no network: using the recorded sample in data/opendata_sample" in text
    assert "8 downloaded, 0 unchanged, 0 skipped" in text
    assert "Second run: 0 of 8 documents downloaded, 8 unchanged" in text
    letters = pd.read_csv(corpus / "letters.csv", dtype=str, keep_default_na=False)
    for column in ("minister", "cabinet", "period", "kamerstuk", "document_number"):
        assert (letters[column] != "").all(), column
    executed04 = ROOT / "build" / "notebooks" / "05_04_framing_opendata_sample_21501-02.ipynb"
    assert "notebook 04 ran in" in text and executed04.is_file()
    assert "**Design**: Rutte III (2018): 2 documents" in text  # 04's findings, shown in 05
    assert not (figures / "MANIFEST.csv").exists()  # 05 itself saves no figure
    made = _manifest(ROOT / "build" / "figures" / "opendata_sample_21501-02")
    assert {row["source"] for row in made.values()} == {"04_framing_across_cabinets.ipynb"}
    assert _status() == before  # notebooks/ and figures/ as they were


@pytest.mark.slow
def test_04_on_a_corpus_of_one_group_says_why(tmp_path, monkeypatch):
    """04 compares groups: on a fetched corpus of one minister it stops at once, naming
    the grouping and the one group, instead of failing deep inside keyness."""
    import papermill

    import discourse as dc
    from discourse.corpus.opendata import odata
    from discourse.corpus.opendata.replay import replay_server

    monkeypatch.setattr(odata, "pause", lambda seconds: None)
    corpus = tmp_path / "van_weel"
    with replay_server() as server:
        dc.fetch_documents(corpus, dossier="21501-02", since="2025-09-05", progress=False,
                           api_url=server.api_url, pub_url=server.pub_url)  # fmt: skip
    nb04 = ROOT / "notebooks" / "04_framing_across_cabinets.ipynb"
    with pytest.raises(papermill.PapermillExecutionError) as error:
        run_notebooks.run([nb04], figures=tmp_path / "f", out=tmp_path / "x",
                          parameters={"corpus": str(corpus)})  # fmt: skip
    assert error.value.ename == "CorpusError"
    assert "this corpus has 1 group of by='period' (Van Weel)" in error.value.evalue
