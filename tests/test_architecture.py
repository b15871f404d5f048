"""The house rules that import-linter does not check (it runs in `make lint`).

* No private name (``_foo``) of one subpackage is used by another: a subpackage's private
  helpers may change without notice, so other layers use its public names only. Shared
  private machinery lives in the top-level private modules (``discourse._cache``,
  ``discourse._validate``, ``discourse._docstrings``), which every layer may use.
* Tests never ``importorskip`` a module of this project: a broken module must fail loudly.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "discourse"
SHARED_PRIVATE = {
    "discourse._cache",
    "discourse._constraints",
    "discourse._docstrings",
    "discourse._validate",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _area(module: str) -> str:
    """The subpackage a module belongs to (``discourse.analysis``), or the module itself
    for top-level modules (``discourse.errors``)."""
    return ".".join(module.split(".")[:2])


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _resolve(importer: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _violations(importer: str, source: str, *, is_package: bool = False) -> list[str]:
    tree = ast.parse(source)
    found = []
    aliases: dict[str, str] = {}  # local name -> imported discourse module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = _resolve(importer, node, is_package)
            if not source.startswith("discourse") or source in SHARED_PRIVATE:
                continue
            for alias in node.names:
                target = f"{source}.{alias.name}"
                if _area(source) != _area(importer) and _private(alias.name):
                    found.append(f"{importer}:{node.lineno} imports {alias.name} from {source}")
                aliases[alias.asname or alias.name] = target
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("discourse") and alias.asname:
                    aliases[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and _private(node.attr)
        ):
            source = aliases[node.value.id]
            if source not in SHARED_PRIVATE and _area(source) != _area(importer):
                found.append(f"{importer}:{node.lineno} uses {node.value.id}.{node.attr}")
    return found


def test_no_private_names_across_subpackages() -> None:
    problems = [
        v
        for path in sorted(PACKAGE.rglob("*.py"))
        for v in _violations(
            _module_name(path), path.read_text(encoding="utf-8"), is_package=path.stem == "__init__"
        )
    ]
    assert not problems, "private names used across subpackages:\n" + "\n".join(problems)


def test_the_check_finds_private_names() -> None:
    code = (
        "from discourse.analysis.counts import _count\n"
        "from ..analysis import counts as c\n"
        "from discourse._validate import _fmt\n"
        "c._runs\n"
    )
    assert _violations("discourse.widgets.probe", code) == [
        "discourse.widgets.probe:1 imports _count from discourse.analysis.counts",
        "discourse.widgets.probe:4 uses c._runs",
    ]
    assert _violations("discourse.analysis.probe", code) == []


@pytest.mark.parametrize("path", sorted((ROOT / "tests").rglob("*.py")), ids=lambda p: p.name)
def test_no_importorskip_of_project_modules(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"importorskip\(\s*['\"]discourse", text), path
