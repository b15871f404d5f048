"""The widgets as users meet them: JupyterLab and the Voilà dashboard in a real browser.

Playwright (Python) drives Debian's ``chromium`` (``executable_path``, headless, no sandbox,
no GPU, no background networking: Playwright's own browser download is not needed). Each
test starts its own server on 127.0.0.1 with a free port, a random token and private
Jupyter folders (``tools/serve.py``), and always stops it, kernels included.
Screenshots go to ``build/screenshots/``.

* JupyterLab: a generated notebook shows the keyness, collocations and sentiment widgets;
  the test runs all cells, changes controls of each widget (keyness target; collocations
  terms and left window; sentiment level and terms) and checks that the output changed
  the way the control says (the provenance line names the new target / terms / window /
  level).
* Voilà: ``notebooks/dashboard.ipynb`` renders without any code, with its title and the
  tabs Keyness, Collocations, Sentiment and N-grams, each showing a result table and
  starting on the cabinet's voice (role "government", named in the provenance line), with
  concordance tables that fit the page (they scroll sideways inside it); changing the
  keyness target redraws that tab.
* Without a browser: the dashboard notebook executes headless and shows nothing but the
  dashboard.
* Downloads, busy state, click-through (issue 19), in JupyterLab and Voilà: the
  "Download table" CSV and XLSX links save files that :func:`discourse.read_result` reads,
  whose provenance line is the one the widget shows; choosing a key term in the ``term``
  dropdown opens its concordance; with an injected delay (``widget.delay``) a change
  shows the busy state ("computing…", dimmed output) at once, and after two quick
  changes the output matches the last one.

Pipeline: ``$DISCOURSE_PIPELINE`` if set, else Frog when its token cache is warm (no
parse in the test), else the built-in pipeline (parses the corpus in seconds).

Run: ``.venv/bin/pytest tests/test_browser.py -q -p no:cacheprovider`` (about a minute;
``-s`` prints timings). The browser tests skip with a reason when Playwright or chromium
is missing (``DISCOURSE_CHROMIUM`` points at another chromium binary).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"

pytestmark = [pytest.mark.slow, pytest.mark.browser]

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - depends on the environment
    sync_api = None
CHROMIUM = (
    os.environ.get("DISCOURSE_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Seconds allowed for running the notebook (kernel start, imports, tokens, widgets).
RUN_TIMEOUT = 180
#: Seconds allowed for one widget update in the page.
UPDATE_TIMEOUT = 30

_spec = importlib.util.spec_from_file_location("discourse_serve", ROOT / "tools" / "serve.py")
serve = importlib.util.module_from_spec(_spec)
sys.modules["discourse_serve"] = serve
_spec.loader.exec_module(serve)

WIDGETS_IMPORT = "import discourse as dc"
_T0 = time.perf_counter()


def step(msg: str) -> None:
    """Progress line with elapsed time (shown with ``-s`` or when a test fails)."""
    print(f"[{time.perf_counter() - _T0:6.1f} s] {msg}", flush=True)


# --------------------------------------------------------------------------- set-up


class _NeedsParse(Exception):
    pass


def frog_cache_is_warm() -> bool:
    """True when Frog is installed and every letter's Frog tokens are cached and current.

    Probes :func:`discourse.tokens` with the Frog pipeline whose ``pipe`` raises: a cache
    miss stops it before parsing (nothing is written); a full hit returns the table.
    """
    if shutil.which("frog") is None:
        return False
    try:
        import discourse as dc
        from discourse.nlp.pipeline import load_pipeline

        nlp = load_pipeline("frog")

        def refuse(*_args, **_kwargs):
            raise _NeedsParse

        nlp.pipe = refuse
        dc.tokens(dc.segments(dc.load_letters()), pipeline=nlp, progress=False)
    except Exception:  # noqa: BLE001 - cache miss (or Frog unusable): use the fast fallback
        return False
    return True


def browser_pipeline() -> str:
    """Pipeline for the browser tests: never a slow parse inside the browser test."""
    if os.environ.get("DISCOURSE_PIPELINE"):
        return os.environ["DISCOURSE_PIPELINE"]
    return "frog" if frog_cache_is_warm() else "builtin"


@pytest.fixture(scope="module")
def server_env() -> dict[str, str]:
    """Extra environment for the servers; their kernels inherit it."""
    return {"DISCOURSE_PIPELINE": browser_pipeline()}


@pytest.fixture(scope="module")
def browser():
    if sync_api is None:
        pytest.skip("Playwright is not installed (pip install playwright)")
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed (Debian/Ubuntu: apt-get install chromium; "
            "or set DISCOURSE_CHROMIUM to a chromium binary)"
        )
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1400})
    pg = context.new_page()
    pg.set_default_timeout(UPDATE_TIMEOUT * 1000)
    try:
        yield pg
    finally:
        context.close()


def shot(page, name: str) -> Path:
    """Screenshot the page to ``build/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def _painted(page) -> None:
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def shot_tall(page, name: str, max_height: int = 5000) -> Path:
    """Screenshot the whole app: Voilà scrolls an inner container, not the document, so
    ``full_page`` is not enough; the viewport is stretched to the content for the shot."""
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('body, body *'))"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 600), max_height)})
    _painted(page)
    try:
        return shot(page, name)
    finally:
        page.set_viewport_size(size)


def shot_widget(root, name: str) -> Path:
    """Scroll the widget to the top of JupyterLab's notebook area, then screenshot the page
    (an element screenshot of a widget taller than the notebook area would be cut off)."""
    root.evaluate("e => e.scrollIntoView({block: 'start'})")
    _painted(root.page)
    return shot(root.page, name)


def widget_notebook(folder: Path, cells: list[str] | None = None) -> Path:
    """A small notebook showing each analysis widget in its own cell (or ``cells`` after
    the first, which makes the token table ``toks``)."""
    cells = [
        f"{WIDGETS_IMPORT}\n\n"
        "toks = dc.tokens(dc.segments(dc.load_letters()), progress=False)\n"
        "print(dc.provenance(toks))",
        *(
            cells
            or [
                "kw = dc.keyness_widget(toks)\nkw",
                "co = dc.collocations_widget(toks)\nco",
                "se = dc.sentiment_widget(toks)\nse",
            ]
        ),
    ]
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            }
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "widgets_test.ipynb"
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- page helpers


def control(root, label: str):
    """The ipywidgets control inside ``root`` whose description label reads ``label``."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$")
    labels = root.page.locator("label.widget-label").filter(has_text=exact)
    box = root.locator(".widget-inline-hbox, .widget-inline-vbox").filter(has=labels)
    if box.count() != 1:
        found = root.locator("label.widget-label").all_inner_texts()
        raise AssertionError(f"expected one control labelled {label!r}; labels: {found}")
    return box


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").strip()  # ipywidgets shows option spaces as &nbsp;


def options(box) -> list[str]:
    return [_plain(t) for t in box.locator("select option").all_inner_texts()]


def selected(box) -> list[str]:
    return [
        _plain(t)
        for t in box.locator("select").evaluate(
            "s => Array.from(s.selectedOptions).map(o => o.textContent)"
        )
    ]


def set_select(box, choice: str | list[str]) -> None:
    """Select option(s) by their visible label (dropdown or multi-select)."""
    box.locator("select").select_option(label=choice)


def set_text(box, value: str) -> None:
    """Type into a text/number box and commit (Enter), as a user would."""
    field = box.locator("input, textarea").first
    field.fill(value)
    field.press("Enter")


def set_slider(box, value: int | float) -> None:
    """Set a slider by editing its readout (what a keyboard user does)."""
    readout = box.locator(".widget-readout")
    readout.click()
    readout.press("Control+A")
    readout.type(str(value))
    readout.press("Enter")


def output(root):
    return root.locator(".discourse-output").first


def output_text(root) -> str:
    return output(root).inner_text()


def wait_changed(root, before: str, must_contain: str | None = None) -> str:
    """Wait until the widget's output text differs from ``before`` (and shows a table)."""
    handle = output(root).element_handle()
    try:
        root.page.wait_for_function(
            """([el, before, want]) => {
                const t = el.innerText;
                return t !== before && el.querySelector('table.discourse-table') !== null
                    && (want === null || t.includes(want));
            }""",
            arg=[handle, before, must_contain],
            timeout=UPDATE_TIMEOUT * 1000,
        )
    except sync_api.TimeoutError:
        now = output_text(root)
        raise AssertionError(
            f"the output did not change to show {must_contain!r} within {UPDATE_TIMEOUT} s "
            f"(changed: {now != before}); it reads:\n{now[:600]}"
        ) from None
    after = output_text(root)
    assert_no_error(root)
    wait_images(root)
    return after


def wait_images(root) -> None:
    """Wait until every image in the widget has loaded (so screenshots show the charts)."""
    root.element_handle().wait_for_element_state("stable")
    root.page.wait_for_function(
        "el => Array.from(el.querySelectorAll('img')).every(i => i.complete)",
        arg=root.element_handle(),
        timeout=UPDATE_TIMEOUT * 1000,
    )


def assert_no_error(root) -> None:
    errors = root.locator(
        ".discourse-error, [data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()
    assert not errors, f"the widget shows an error: {errors}"


def assert_cabinets_voice(root) -> None:
    """The widget starts on the cabinet's own voice, and its provenance lines say so."""
    role = control(root, "role")
    assert selected(role) == ["government"], selected(role)
    assert "all voices" in options(role)
    assert "role=government" in output_text(root)


def assert_tables_fit(root) -> None:
    """Concordance (KWIC) and sentence tables, with their speaker and role columns, stay
    within the output area: a wide one scrolls sideways inside it, never the page."""
    sizes = output(root).evaluate(
        """out => Array.from(out.querySelectorAll('table.discourse-kwic, table.sentiment'))
            .map(t => {
                const box = t.closest('.discourse-scroll') || t.parentElement;
                return {
                    heads: Array.from(t.querySelectorAll('th')).map(h => h.textContent),
                    table: Math.round(t.getBoundingClientRect().width),
                    box: Math.round(box.getBoundingClientRect().right
                                    - out.getBoundingClientRect().left),
                    out: Math.round(out.getBoundingClientRect().width),
                };
            })"""
    )
    for size in sizes:
        step(f"table {size['heads'][:5]}: {size['table']} px wide, output {size['out']} px")
        assert {"speaker", "role"} <= set(size["heads"]), size["heads"]
        assert size["box"] <= size["out"] + 1, size
        assert size["table"] < 3000, size


def first_cell(root) -> str:
    """Text of the first data cell of the widget's first result table."""
    return root.locator("table.discourse-table tbody tr td").first.inner_text()


def status(root) -> str:
    return root.locator(".discourse-status").first.inner_text()


def other(choices: list[str], avoid: list[str]) -> str:
    rest = [c for c in choices if c not in avoid]
    assert rest, f"no option other than {avoid} in {choices}"
    return rest[0]


def change(root, label: str, set_value, new, expect: str) -> dict:
    """Change control ``label`` to ``new``; wait for output containing ``expect``."""
    before, first, status_before = output_text(root), first_cell(root), status(root)
    start = time.perf_counter()
    set_value(control(root, label), new)
    after = wait_changed(root, before, must_contain=expect)
    return {
        "control": label,
        "to": new,
        "before": before,
        "after": after,
        "first_before": first,
        "first_after": first_cell(root),
        "status": f"{status_before} -> {status(root)}",
        "seconds": round(time.perf_counter() - start, 2),
    }


# Each change must redraw the output with a table whose provenance line
# (discourse.provenance: "pipeline: … · name=value · …") names the new setting.


def exercise_keyness(root) -> list[dict]:
    """target (dropdown): another period, not the reference."""
    target, reference = control(root, "target"), control(root, "reference")
    new = other(options(target), selected(target) + selected(reference))
    r = change(root, "target", set_select, new, expect=f"target={new}")
    assert selected(control(root, "target")) == [new]
    return [r]


def exercise_collocations(root) -> list[dict]:
    """terms (text box) and left window (slider)."""
    r1 = change(root, "terms", set_text, "Europa", expect="terms=Europa")
    r2 = change(root, "left", set_slider, 2, expect="window=2,")
    return [r1, r2]


def exercise_sentiment(root) -> list[dict]:
    """level (dropdown) and terms (text box)."""
    level = control(root, "level")
    new = other(options(level), selected(level))
    r1 = change(root, "level", set_select, new, expect=f"level={new}")
    r2 = change(root, "terms", set_text, "Europa", expect="terms=Europa")
    return [r1, r2]


EXERCISES = {
    "keyness": exercise_keyness,
    "collocations": exercise_collocations,
    "sentiment": exercise_sentiment,
}


def open_lab_notebook(page, server, notebook: str) -> None:
    """Open ``notebook`` in JupyterLab and run all its cells (no traceback allowed)."""
    step("lab: server up, opening notebook")
    page.goto(server.url(f"/lab/tree/{notebook}", reset=""), timeout=90_000)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=60_000)
    page.evaluate("window.jupyterapp.shell.collapseLeft()")  # more room for the widgets
    step("lab: notebook open")
    # kernel really started (the toolbar indicator says idle before the kernel exists)
    page.locator(".jp-StatusBar-TextItem").filter(has_text=re.compile(r"\|\s*Idle")).first.wait_for(
        timeout=90_000
    )
    step("lab: kernel idle, running all cells")
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => {
            const p = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'));
            return p.length > 0 && p.every(e => /^\\[\\d+\\]:$/.test(e.textContent.trim()));
        }""",
        timeout=RUN_TIMEOUT * 1000,
    )
    step("lab: all cells ran")
    tracebacks = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).all_inner_texts()
    assert not [t for t in tracebacks if "Traceback" in t or "Error" in t], tracebacks


def run_lab_flow(page, server, notebook: str) -> dict[str, list[dict]]:
    """Open ``notebook`` in JupyterLab, run all cells, change a control of each widget."""
    open_lab_notebook(page, server, notebook)
    results = {}
    for kind, exercise in EXERCISES.items():
        root = page.locator(f".discourse-widget.discourse-{kind}").first
        root.wait_for(state="visible", timeout=60_000)
        output(root).locator("table.discourse-table").first.wait_for(timeout=60_000)
        assert_no_error(root)
        wait_images(root)
        shot_widget(root, f"lab_{kind}_before")
        results[kind] = exercise(root)
        step(f"lab: {kind} updated")
        shot_widget(root, f"lab_{kind}_after")
    return results


# --------------------------------------------------------------------------- tests


def report(results: dict[str, list[dict]]) -> None:
    for kind, changes in results.items():
        for r in changes:
            assert r["before"] != r["after"], (kind, r["control"])
            print(
                f"{kind}: {r['control']} -> {r['to']!r}: first cell {r['first_before']!r} -> "
                f"{r['first_after']!r}; {r['status']}; {r['seconds']} s in the page"
            )


def page_shot(page, name: str) -> None:
    try:
        shot(page, name)
    except Exception:  # noqa: BLE001 - a failed screenshot must not hide the real error
        pass


def test_widgets_in_jupyterlab(page, tmp_path, server_env):
    folder = tmp_path / "root"
    folder.mkdir()
    nb = widget_notebook(folder)
    start = time.perf_counter()
    with serve.running("lab", root=folder, home=tmp_path / "jupyter", env=server_env) as server:
        try:
            results = run_lab_flow(page, server, nb.name)
        except Exception:
            print(f"--- JupyterLab log {server.log_path} (end):\n{server.log()[-4000:]}")
            raise
        finally:
            server.track()
            page_shot(page, "lab_page")
    report(results)
    print(
        f"JupyterLab flow ({server_env['DISCOURSE_PIPELINE']}): {time.perf_counter() - start:.1f} s"
    )


def test_dashboard_in_voila(page, tmp_path, server_env):
    assert DASHBOARD.exists(), f"{DASHBOARD} is missing"
    start = time.perf_counter()
    with serve.running(
        "voila", notebook=DASHBOARD, home=tmp_path / "jupyter", env=server_env
    ) as server:
        try:
            results = run_voila_flow(page, server)
        except Exception:
            print(f"--- Voila log {server.log_path} (end):\n{server.log()[-4000:]}")
            raise
        finally:
            server.track()
            page_shot(page, "voila_page")
    report(results)
    print(f"Voila flow ({server_env['DISCOURSE_PIPELINE']}): {time.perf_counter() - start:.1f} s")


def run_voila_flow(page, server) -> dict[str, list[dict]]:
    """Open the dashboard, check it shows no code and four working tabs, change a control."""
    step("voila: server up, opening dashboard")
    page.goto(server.url("/"), wait_until="commit", timeout=RUN_TIMEOUT * 1000)
    tabs = page.locator(".widget-tab .lm-TabBar-tab")
    errors = page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
    ).filter(has_text="Error")
    tabs.first.or_(errors.first).wait_for(timeout=RUN_TIMEOUT * 1000)
    assert not errors.count(), f"the dashboard failed: {errors.all_inner_texts()}"
    step("voila: tabs rendered")
    body = page.locator("body").inner_text()
    code_inputs = page.locator(
        ".jp-CodeCell .jp-InputArea, .jp-InputArea-editor, .jp-InputPrompt, .cm-editor, .CodeMirror"
    )
    assert code_inputs.count() == 0, "Voila shows code"
    for source in ("dashboard(", "import ", "pipeline ="):
        assert source not in body, f"Voila shows source code ({source!r})"
    assert page.locator("h1").count() >= 1, "the dashboard's title is missing"
    assert [t.strip() for t in tabs.all_inner_texts()] == [
        "Keyness",
        "Collocations",
        "Sentiment",
        "N-grams",
    ]
    for i, kind in enumerate(EXERCISES):
        tabs.nth(i).click()
        root = page.locator(f".discourse-widget.discourse-{kind}").first
        root.wait_for(state="visible")
        output(root).locator("table.discourse-table").first.wait_for(timeout=60_000)
        assert_no_error(root)
        wait_images(root)
        assert_cabinets_voice(root)
        assert_tables_fit(root)
        shot_tall(page, f"voila_{kind}")
    tabs.nth(len(EXERCISES)).click()  # N-grams: a table and its concordance, no exercise
    root = page.locator(".discourse-widget.discourse-ngrams").first
    root.wait_for(state="visible")
    output(root).locator("table.discourse-kwic").first.wait_for(timeout=60_000)
    assert_no_error(root)
    assert_cabinets_voice(root)
    assert_tables_fit(root)
    # change a control in the tab users see first
    tabs.nth(0).click()
    root = page.locator(".discourse-widget.discourse-keyness").first
    root.wait_for(state="visible")
    results = {"keyness": exercise_keyness(root)}
    step("voila: keyness updated")
    shot_tall(page, "voila_keyness_changed")
    return results


def test_dashboard_notebook_shows_only_the_dashboard(server_env, monkeypatch, tmp_path):
    """Headless (no browser): the notebook runs and its only output is the Tab widget."""
    import nbformat
    from nbclient import NotebookClient

    for name, value in server_env.items():
        monkeypatch.setenv(name, value)
    nb = nbformat.read(DASHBOARD, as_version=4)
    assert nb.cells[0].metadata.get("tags") == ["parameters"]
    assert nb.cells[1].cell_type == "markdown" and nb.cells[1].source.startswith("# ")
    NotebookClient(
        nb,
        timeout=RUN_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(DASHBOARD.parent)}},
    ).execute()
    outputs = [(i, o) for i, c in enumerate(nb.cells) if c.cell_type == "code" for o in c.outputs]
    shown = [
        o
        for _, o in outputs
        if o.output_type != "stream" or o.name != "stderr" or "BuiltinWarning" not in o.text
    ]  # the fallback pipeline says so: fine
    assert len(shown) == 1, f"expected only the dashboard as output, got {shown}"
    view = shown[0].data["application/vnd.jupyter.widget-view+json"]
    state = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    tab = state[view["model_id"]]["state"]
    assert tab["_model_name"] == "TabModel"
    assert list(tab["titles"]) == ["Keyness", "Collocations", "Sentiment", "N-grams"]


# --------------------------------------------------------------------------- issue 19


def download(root, what: str, fmt: str, folder: Path) -> Path:
    """Click the ``fmt`` link of the "Download <what>" line of the widget; the saved file."""
    line = root.locator(".discourse-downloads div").filter(has_text=f"Download {what}:")
    link = line.locator("a.discourse-download").filter(has_text=fmt)
    with root.page.expect_download(timeout=UPDATE_TIMEOUT * 1000) as info:
        link.click()
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def assert_downloads_match(root, folder: Path) -> None:
    """The table's CSV and XLSX arrive, read back with the provenance line the widget shows;
    the figure's PNG and SVG arrive."""
    import discourse as dc

    root.locator(".discourse-downloads a.discourse-download").filter(has_text="PNG").wait_for()
    shown = output_text(root)
    for fmt in ("CSV", "XLSX"):
        path = download(root, "table", fmt, folder)
        result = dc.read_result(path)
        line = dc.provenance(result)
        step(f"downloaded {path.name}: {len(result)} rows; {line[:80]}")
        assert not result.empty and line in shown, (line, shown[-800:])
        target = selected(control(root, "target"))[0]
        assert f"target={target}" in line
    png, svg = download(root, "figure", "PNG", folder), download(root, "figure", "SVG", folder)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in svg.read_bytes()


def assert_term_opens_concordance(root) -> None:
    """Choosing a key term in the term dropdown shows its KWIC lines."""
    term = control(root, "term")
    new = other(options(term), selected(term))
    before = output_text(root)
    set_select(term, new)
    wait_changed(root, before, must_contain=f"KWIC: {new}")
    assert root.locator(".discourse-output table.discourse-kwic mark").count() > 0


def assert_busy_then_last_values(root) -> None:
    """With the widget's injected delay: busy at once, then the output of the last change."""
    target, reference = control(root, "target"), control(root, "reference")
    first, last = [c for c in options(target) if c not in selected(reference)][:2]
    if selected(target) == [last]:
        first, last = last, first
    before = output_text(root)
    set_select(target, first)
    busy = root.locator(".discourse-output.discourse-busy")
    busy.wait_for(state="attached", timeout=5_000)
    assert "computing" in status(root)
    opacity = busy.evaluate("e => getComputedStyle(e).opacity")
    assert float(opacity) < 1, opacity
    shot_widget(root, "busy_state")
    set_select(control(root, "target"), last)  # supersedes the pending update
    after = wait_changed(root, before, must_contain=f"target={last}")
    root.page.wait_for_function(
        "el => !el.classList.contains('discourse-busy')", arg=output(root).element_handle()
    )
    time.sleep(1.5)  # a stale update (the first target) would land now
    after = output_text(root)
    assert f"target={last}" in after and f"target={first} " not in after
    assert selected(control(root, "target")) == [last]
    assert "updated in" in status(root)


def test_downloads_busy_state_and_click_through_in_jupyterlab(page, tmp_path, server_env):
    folder = tmp_path / "root"
    folder.mkdir()
    nb = widget_notebook(
        folder,
        ["kw = dc.keyness_widget(toks)\nkw", "kw.delay = 1.0  # a slow update, to see it"],
    )
    with serve.running("lab", root=folder, home=tmp_path / "jupyter", env=server_env) as server:
        try:
            open_lab_notebook(page, server, nb.name)
            root = page.locator(".discourse-widget.discourse-keyness").first
            output(root).locator("table.discourse-table").first.wait_for(timeout=60_000)
            assert_busy_then_last_values(root)
            assert_term_opens_concordance(root)
            assert_downloads_match(root, tmp_path)
        except Exception:
            print(f"--- JupyterLab log {server.log_path} (end):\n{server.log()[-4000:]}")
            raise
        finally:
            server.track()
            page_shot(page, "lab_issue19")


def test_downloads_and_click_through_in_voila(page, tmp_path, server_env):
    with serve.running(
        "voila", notebook=DASHBOARD, home=tmp_path / "jupyter", env=server_env
    ) as server:
        try:
            page.goto(server.url("/"), wait_until="commit", timeout=RUN_TIMEOUT * 1000)
            root = page.locator(".discourse-widget.discourse-keyness").first
            root.wait_for(state="visible", timeout=RUN_TIMEOUT * 1000)
            output(root).locator("table.discourse-table").first.wait_for(timeout=60_000)
            assert_term_opens_concordance(root)
            assert_downloads_match(root, tmp_path)
            before = output_text(root)
            target, reference = control(root, "target"), control(root, "reference")
            new = other(options(target), selected(target) + selected(reference))
            set_select(target, new)  # busy at once (no injected delay: it may be brief)
            wait_changed(root, before, must_contain=f"target={new}")
            assert_downloads_match(root, tmp_path)  # the links follow the new result
        except Exception:
            print(f"--- Voila log {server.log_path} (end):\n{server.log()[-4000:]}")
            raise
        finally:
            server.track()
            page_shot(page, "voila_issue19")
