"""The widgets' controls: factories, the choices they offer, and the checks of their arguments.

Every control has a visible lower-case ``description`` (the browser test finds controls by
it). Choices shared by several widgets live here once: the grouping columns
(:data:`GROUP_COLUMNS`), the POS filters (:data:`POS_FILTERS`) and the role filter
(:func:`role_control`, the one place that builds a role control: the cabinet's voice,
``"government"``, first; ``role=None`` is the choice labelled :data:`ALL_VOICES`).

A widget's arguments are its controls' first values, named as in the analyses (``by``,
``role``, ``unit``, ``pos``, ``min_freq``, ``top``, ``measure``, ``window``, ``terms``,
``target``, ``reference``) and checked by the package's one argument check
(:func:`discourse._validate.validate_params`): a bad value or an unknown name is a
:class:`~discourse.errors.CorpusError` naming the argument, the value and what is allowed.
The constraints only widgets need (:class:`Grouping`, :class:`PosFilter`,
:class:`SliderWindow`) are defined here.

Update functions never touch a control: they ask for a dependent dropdown's options
through an ``offer(name, options, keep)`` callable, which returns the value then selected.
:func:`pick` is the plain one (for calls without a widget), :func:`offer_to` the one that
sets the widget's dropdowns; both select the same value.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from discourse._cache import cached
from discourse._validate import Constraint, Context, Options, Window, check
from discourse.errors import CorpusError

try:
    import ipywidgets as w
except ImportError as exc:  # pragma: no cover - ipywidgets is a core dependency
    raise ImportError(
        "discourse.widgets needs ipywidgets; install the package with its dependencies: "
        "pip install -e ."
    ) from exc

#: Metadata columns offered as groupings (when present with at least two values).
GROUP_COLUMNS = ("period", "cabinet", "minister", "doc_type", "speaker", "role", "doc_id")
#: POS filter choices: label -> UPOS tags (``None`` = no filter).
POS_FILTERS: dict[str, tuple[str, ...] | None] = {
    "all": None,
    "content words": ("NOUN", "PROPN", "ADJ", "VERB"),
    "nouns": ("NOUN", "PROPN"),
    "adjectives": ("ADJ",),
    "verbs": ("VERB",),
    "adverbs": ("ADV",),
}
ALL_VOICES = "all voices"  #: role choice meaning ``role=None`` (no role filter)
NONE = "none"  #: grouping choice meaning "no grouping" (``by=None``)
STYLE = {"description_width": "initial"}

#: ``offer(name, options, keep) -> selected value`` (see the module docstring).
Offer = Callable[[str, Sequence[Any], Any], Any]


# --- factories -------------------------------------------------------------------------------


def _layout(width: str) -> w.Layout:
    return w.Layout(width=width, margin="2px 12px 2px 0")


def dropdown(description: str, options: Sequence[Any], value: Any, width: str = "230px"):
    """A ``Dropdown`` labelled ``description``."""
    return w.Dropdown(
        options=list(options),
        value=value,
        description=description,
        description_allow_html=False,
        style=STYLE,
        layout=_layout(width),
    )


def int_control(description: str, value: int, lo: int, hi: int, *, slider: bool = True):
    """An ``IntSlider`` (updating on release) or, with ``slider=False``, a number box."""
    cls = w.IntSlider if slider else w.BoundedIntText
    extra = {"continuous_update": False} if slider else {}
    return cls(
        value=value,
        min=lo,
        max=hi,
        description=description,
        description_allow_html=False,
        style=STYLE,
        layout=_layout("260px" if slider else "150px"),
        **extra,
    )


def text_control(cls, description: str, value: str, placeholder: str, width: str = "380px", **kw):
    """A ``Text`` or ``Combobox`` (``cls``) that updates when the user presses enter."""
    return cls(
        value=value,
        placeholder=placeholder,
        description=description,
        continuous_update=False,
        description_allow_html=False,
        style=STYLE,
        layout=_layout(width),
        **kw,
    )


def role_control(tokens: pd.DataFrame, role: str | None) -> w.Dropdown:
    """Role filter: government, "all voices" (``role=None``), parliament, the other roles
    of the table; ``role`` (a checked ``role=`` argument) selected."""
    present = groups(tokens, "role") if "role" in tokens else []
    order = ["government", ALL_VOICES, "parliament"]
    options = [r for r in order if r == ALL_VOICES or r in present]
    options += [r for r in present if r not in options]
    value = ALL_VOICES if role is None else matching(role, options, add=True)
    if value not in options:  # a category without rows: offered all the same
        options.append(value)
    return dropdown("role", options, value, "200px")


def control_rows(controls: list[w.Widget], per_row: int = 4) -> list[w.Widget]:
    return [w.HBox(controls[i : i + per_row]) for i in range(0, len(controls), per_row)]


# --- dependent choices -----------------------------------------------------------------------


def option_values(options: Sequence[Any]) -> list[Any]:
    """The values of dropdown options (``(label, value)`` pairs or plain values)."""
    return [o[1] if isinstance(o, tuple) else o for o in options]


def pick(name: str, options: Sequence[Any], keep: Any = None) -> Any:
    """The value a dropdown offering ``options`` selects: ``keep`` if offered, else the
    first option (``None`` when there is none). ``name`` is not used (see ``Offer``)."""
    values = option_values(options)
    if keep is not None and keep in values:
        return keep
    return values[0] if values else None


def set_options(control: w.Widget, options: Sequence[Any], keep: Any = None) -> None:
    """Replace the options of ``control``; keep ``keep`` selected if offered (as
    :func:`pick`: ipywidgets selects the first option when the options change)."""
    values = option_values(options)
    if list(control.options) != list(options):
        control.options = list(options)
    if keep is not None and keep in values:
        control.value = keep
    elif values and control.value is None:
        control.value = values[0]


def offer_to(controls: dict[str, w.Widget]) -> Offer:
    """An ``offer`` that sets the options of ``controls[name]`` and returns its value."""

    def offer(name: str, options: Sequence[Any], keep: Any = None) -> Any:
        set_options(controls[name], options, keep)
        return controls[name].value

    return offer


# --- choices of a token table ----------------------------------------------------------------


def group_columns(tokens: pd.DataFrame, *, optional: bool = False) -> list[str]:
    """The grouping choices of ``tokens``: the columns of :data:`GROUP_COLUMNS` it has with
    two or more values (``"none"`` first when ``optional``); computed once per table."""
    present = [c for c in GROUP_COLUMNS if c in tokens]

    def build() -> list[str]:
        return [c for c in present if tokens[c].nunique(dropna=True) >= 2]

    found = cached(tokens, ("widget_groupings",), present, build)
    return ([NONE] if optional else []) + found


def groups(tokens: pd.DataFrame, by: str) -> list[str]:
    """The groups of column ``by`` as text (category order, else sorted; no blank one)."""
    col = tokens[by]
    if isinstance(col.dtype, pd.CategoricalDtype):
        present = set(col.dropna().unique())
        found = [str(c) for c in col.cat.categories if c in present]
    else:
        found = sorted({str(v) for v in col.dropna().unique()})
    return [g for g in found if g.strip()]  # an empty label cannot be chosen in a dropdown


def matching(value: Any, options: Sequence[Any], *, add: bool = False) -> Any:
    """The option equal to ``value`` (compared as text too: ``2018`` finds ``"2018"``);
    ``value`` itself when none is and ``add`` (the caller offers it), else ``None``."""
    for option in options:
        if value == option or str(value) == str(option):
            return option
    return value if add else None


def chosen(func: str, name: str, value: Any, options: Sequence[Any]) -> Any:
    """The option ``value`` names (:func:`matching`), or the package's error for argument
    ``name`` of ``func`` listing the options (for choices that need computed data)."""
    found = matching(value, options)
    if found is None:
        check(func, name, value, Options(*options))
    return found


def pos_label(value: Any) -> str | None:
    """The :data:`POS_FILTERS` label of a ``pos=`` argument (a label, a UPOS tag, a list of
    tags or ``None``), or ``None`` when it is none of them."""
    if value is None:
        return "all"
    if isinstance(value, str) and value in POS_FILTERS:
        return value
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, (list, tuple, set, frozenset)) or not value:
        return None
    for label, preset in POS_FILTERS.items():
        if preset is not None and set(preset) == set(value):
            return label
    return None


def role_arg(role: str) -> str | None:
    """The ``role=`` argument of an analysis for a role choice (:data:`ALL_VOICES` -> None)."""
    return None if role == ALL_VOICES else role


def values_of(controls: dict[str, w.Widget]) -> dict[str, Any]:
    """The controls' current values, by name (what update functions take)."""
    return {name: control.value for name, control in controls.items()}


def split_terms(text: str) -> list[str]:
    """``"VS, Verenigde Staten"`` -> ``["VS", "Verenigde Staten"]`` (blanks dropped)."""
    return [t.strip() for t in str(text).split(",") if t.strip()]


def terms_text(terms: str | Sequence[str] | None) -> str:
    """A checked ``terms=`` argument as the text of a terms box (``None`` -> ``""``)."""
    if terms is None:
        return ""
    return terms if isinstance(terms, str) else ", ".join(terms)


# --- checks of the values a page sends -------------------------------------------------------

#: The longest text (characters) a text box passes to an analysis.
MAX_TEXT = 1_000


def declared_limits(controls: dict[str, w.Widget]) -> dict[str, tuple[Any, Any]]:
    """``(min, max)`` of every bounded control (sliders, number boxes), as built."""
    return {
        name: (c.min, c.max)
        for name, c in controls.items()
        if c.has_trait("min") and c.has_trait("max") and c.has_trait("value")
    }


def checked_values(
    controls: dict[str, w.Widget], values: dict[str, Any], limits: dict[str, tuple[Any, Any]]
) -> dict[str, Any]:
    """``values`` with each bounded control's value clamped to its declared ``limits``.

    A page can send any state for a control, so nothing it says is trusted: a number
    outside the range built in the kernel is clamped to it; a text longer than
    :data:`MAX_TEXT` characters, or a dropdown value that is not one of its options,
    raises a :class:`~discourse.errors.CorpusError` naming the control.
    """
    out = dict(values)
    for name, (lo, hi) in limits.items():
        out[name] = min(max(out[name], lo), hi)
    for name, control in controls.items():
        value = out[name]
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise CorpusError(
                f"control {name!r}: {len(value):,} characters; at most {MAX_TEXT:,} are allowed"
            )
        if isinstance(control, w.Dropdown) and value is not None:
            offered = option_values(control.options)
            if value not in offered:
                raise CorpusError(
                    f"control {name!r}: {value!r} is not one of its options "
                    f"({_listed(offered[:10])}{', ...' if len(offered) > 10 else ''})"
                )
    return out


# --- checks of a widget's arguments ----------------------------------------------------------


def _listed(values: Sequence[Any]) -> str:
    return ", ".join(map(repr, values))


@dataclass
class Grouping(Constraint):
    """A grouping a widget offers: a column of :data:`GROUP_COLUMNS` the table has with two
    or more values (``none=True``: or ``None``, no grouping)."""

    none: bool = False
    none_label: str = ""

    def ok(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, str):
            return False
        return ctx.table is None or value in group_columns(ctx.table)

    def allowed(self, ctx: Context) -> str:
        if ctx.table is None:
            return f"one of {_listed(GROUP_COLUMNS)} with two or more values in the table"
        found = group_columns(ctx.table)
        if not found:
            return (
                f"nothing: the table has none of the columns {_listed(GROUP_COLUMNS)} with "
                "two or more values"
            )
        return f"one of {_listed(found)} (columns of the table with two or more values)"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_column__", 3]


@dataclass
class PosFilter(Constraint):
    """A POS filter of the widgets: a label of :data:`POS_FILTERS` or the UPOS tag(s) of one
    (``["NOUN", "PROPN"]`` is ``"nouns"``); ``None`` is ``"all"``."""

    none: bool = True
    none_label: str = "all"

    def ok(self, value: Any, ctx: Context) -> bool:
        return pos_label(value) is not None

    def allowed(self, ctx: Context) -> str:
        return (
            f"one of {_listed(POS_FILTERS)}, or the UPOS tags of one "
            "(e.g. ['NOUN', 'PROPN'] for 'nouns')"
        )

    def invalid_values(self) -> list[Any]:
        return [object(), "XX", ["NOUN", "XYZ"], "PUNCTUATION", []]


@dataclass
class SliderWindow(Window):
    """A window (:class:`~discourse._validate.Window`) whose sides fit sliders of
    ``0 .. most``."""

    most: int = 10

    def ok(self, value: Any, ctx: Context) -> bool:
        if not super().ok(value, ctx):
            return False
        return max(value if isinstance(value, (tuple, list)) else (value,)) <= self.most

    def allowed(self, ctx: Context) -> str:
        return (
            f"an integer w from 1 to {self.most} (w each side) or a pair (left, right) of "
            f"integers from 0 to {self.most}, not both 0"
        )

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), self.most + 1, (0, self.most + 1)]


@dataclass
class TabDefaults(Constraint):
    """Arguments for one widget of a dashboard: a dict whose keys are arguments of
    ``widget`` (their values are checked by the widget)."""

    widget: Callable | None = None
    none: bool = True
    none_label: str = "the widget's defaults"

    def _names(self) -> list[str]:
        return list(inspect.signature(self.widget).parameters)[1:]

    def ok(self, value: Any, ctx: Context) -> bool:
        return isinstance(value, dict) and set(value) <= set(self._names())

    def allowed(self, ctx: Context) -> str:
        name = getattr(self.widget, "__name__", "the widget")
        return f"a dict of arguments of {name}(): {_listed(self._names())}"

    def invalid_values(self) -> list[Any]:
        return [object(), "tokens.csv", {"__no_such_control__": 1}]
