"""Fixtures of the widget tests: what a widget (or an update function) shows, as Python.

The helpers take a widget or the list of items an update function returned, so the same
assertions check a widget driven through its controls and a direct call of
``keyness_view(state, values)`` etc. (no ipywidgets event loop needed).
"""

from __future__ import annotations

import html
import re

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import ipywidgets as w  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from discourse.widgets.controls import option_values  # noqa: E402
from discourse.widgets.render import Lines, Tables  # noqa: E402


class Shown:
    """Read what a widget or a list of shown items contains."""

    @staticmethod
    def items(x) -> list:
        return x.last_items if hasattr(x, "last_items") else list(x)

    def tables(self, x) -> dict[str, pd.DataFrame]:
        found = [i for i in self.items(x) if isinstance(i, Tables)]
        assert found, f"no table shown: {self.messages(x)}"
        return found[0].frames

    def caption(self, x) -> str:
        """The provenance caption under the first result tables."""
        return next(i for i in self.items(x) if isinstance(i, Tables)).caption

    def table(self, x) -> pd.DataFrame:
        return next(iter(self.tables(x).values()))

    def figures(self, x) -> list[Figure]:
        return [i for i in self.items(x) if isinstance(i, Figure)]

    def html_items(self, x) -> list[str]:
        """The HTML shown (headings, messages, KWIC lines)."""
        items = self.items(x)
        return [
            i.markup if isinstance(i, Lines) else i for i in items if isinstance(i, (str, Lines))
        ]

    def lines(self, x) -> pd.DataFrame:
        """The KWIC lines shown (sampled and sorted, all pages) with their provenance."""
        return next(i for i in self.items(x) if isinstance(i, Lines)).table

    def messages(self, x) -> list[str]:
        return [html.unescape(i) for i in self.html_items(x) if "discourse-message" in i]

    def heading(self, x) -> str:
        return re.sub(r"<[^>]+>", "", self.html_items(x)[0])

    @staticmethod
    def output(widget) -> str:
        """Everything the output area shows, as text (to compare before/after a change)."""
        return "\n".join(
            "".join(b["data"].get("text/html", "") or b["data"].get("image/svg+xml", ""))
            for b in widget.out.outputs
        )

    def assert_ok(self, x) -> None:
        assert not self.messages(x), self.messages(x)
        assert self.table(x) is not None
        assert len(self.figures(x)) == 1


@pytest.fixture(scope="session")
def shown() -> Shown:
    return Shown()


@pytest.fixture(scope="session")
def toks(builtin_tokens) -> pd.DataFrame:
    """The seed corpus, parsed with the built-in pipeline (shared: never changed)."""
    return builtin_tokens


@pytest.fixture
def restore():
    """Put controls back after a test changed them (the widgets are module fixtures); a
    dropdown's value only when it is offered again (e.g. a term of the restored table)."""
    saved = []

    def remember(widget):
        saved.append((widget, widget.values))
        return widget

    yield remember
    for widget, values in saved:
        with widget.holding():
            for name, value in values.items():
                control = widget.controls[name]
                if not isinstance(control, w.Dropdown) or value in option_values(control.options):
                    control.value = value
                    if widget.on_change is not None:
                        widget.on_change(name)  # e.g. the target choices of a grouping
        widget.refresh()
