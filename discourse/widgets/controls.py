"""The widgets' controls: factories, the choices they offer, and ``**defaults`` checking.

Every control has a visible lower-case ``description`` (the browser test finds controls by
it). Choices shared by several widgets live here once: the grouping columns
(:data:`GROUP_COLUMNS`), the POS filters (:data:`POS_FILTERS`) and the role filter
(:func:`role_control`, the one place that builds a role control and its options).

Update functions never touch a control: they ask for a dependent dropdown's options
through an ``offer(name, options, keep)`` callable, which returns the value then selected.
:func:`pick` is the plain one (for calls without a widget), :func:`offer_to` the one that
sets the widget's dropdowns; both select the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

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
ALL = "all"  #: role choice meaning "no role filter"
NONE = "none"  #: grouping choice meaning "no grouping"
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


def role_control(tokens: pd.DataFrame, first: str) -> w.Dropdown:
    """Role filter: ``first`` (if present), "all", government, parliament, other roles."""
    present = [] if "role" not in tokens else sorted(map(str, tokens["role"].dropna().unique()))
    order = [first, *(r for r in (ALL, "government", "parliament") if r != first)]
    options = [r for r in order if r == ALL or r in present]
    options += [r for r in present if r not in options]
    return dropdown("role", options, options[0], "200px")


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


# --- values and defaults ---------------------------------------------------------------------


def _invalid(field_name: str, value: Any, allowed: Sequence[Any]) -> ValueError:
    shown = ", ".join(map(repr, allowed))
    return ValueError(f"{field_name}={value!r} is not valid; choose one of: {shown}")


def one_of(field_name: str, value: Any, allowed: Sequence[Any]) -> Any:
    """``value`` if it is one of ``allowed`` (compared as text too), else a clear error."""
    for option in allowed:
        if value == option or str(value) == str(option):
            return option
    raise _invalid(field_name, value, allowed)


def group_columns(tokens: pd.DataFrame, *, optional: bool = False) -> list[str]:
    """The grouping choices of ``tokens`` (``"none"`` first when ``optional``)."""
    if not isinstance(tokens, pd.DataFrame):
        raise ValueError(f"tokens must be a token table (DataFrame), got {type(tokens).__name__}")
    found = [c for c in GROUP_COLUMNS if c in tokens and tokens[c].nunique(dropna=True) >= 2]
    if not found and not optional:
        raise ValueError(
            f"the token table has no grouping column with two or more values; "
            f"expected one of: {', '.join(GROUP_COLUMNS)}"
        )
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


def pos_label(value: Any) -> str:
    """Map a ``pos=`` default (label, tag, list of tags or None) to a POS_FILTERS label."""
    if value is None:
        return "all"
    if isinstance(value, str) and value in POS_FILTERS:
        return value
    tags = (value,) if isinstance(value, str) else tuple(value)
    for label, preset in POS_FILTERS.items():
        if preset is not None and set(preset) == set(tags):
            return label
    raise _invalid("pos", value, list(POS_FILTERS))


def none_as(defaults: dict[str, Any], **labels: str) -> None:
    """Replace a ``None`` default by the control's label for it (e.g. ``role=ALL``)."""
    for name, label in labels.items():
        if name in defaults and defaults[name] is None:
            defaults[name] = label


def defaults_first(defaults: dict[str, Any], *first: str) -> dict[str, Any]:
    """``defaults`` with the names ``first`` first (controls others depend on)."""
    return {k: defaults[k] for k in (*first, *defaults) if k in defaults}


def apply_defaults(
    widget: str, controls: dict[str, w.Widget], defaults: dict[str, Any], hook=None
) -> None:
    """Set controls from ``**defaults``; unknown names or values raise a ValueError.

    ``hook(name)`` runs after each control is set (e.g. new target choices for a grouping).
    """
    unknown = [k for k in defaults if k not in controls]
    if unknown:
        raise ValueError(
            f"{widget}() has no control {unknown[0]!r}; controls: {', '.join(controls)}"
        )
    for name, value in defaults.items():  # dict order: put "by" first
        control = controls[name]
        if isinstance(control, w.Dropdown):
            control.value = one_of(name, value, option_values(control.options))
        elif isinstance(control, (w.IntSlider, w.BoundedIntText)):
            if not isinstance(value, (int, np.integer)) or not control.min <= value <= control.max:
                raise ValueError(
                    f"{name}={value!r} is not valid; choose an integer from {control.min} "
                    f"to {control.max}"
                )
            control.value = int(value)
        elif isinstance(value, str) or (
            isinstance(value, (list, tuple)) and all(isinstance(t, str) for t in value)
        ):
            control.value = value if isinstance(value, str) else ", ".join(value)
        else:
            raise ValueError(
                f"{name}={value!r} is not valid; give terms as text separated by commas, "
                "or as a list of strings"
            )
        if hook is not None:
            hook(name)


def values_of(controls: dict[str, w.Widget]) -> dict[str, Any]:
    """The controls' current values, by name (what update functions take)."""
    return {name: control.value for name, control in controls.items()}


def split_terms(text: str) -> list[str]:
    """``"VS, Verenigde Staten"`` -> ``["VS", "Verenigde Staten"]`` (blanks dropped)."""
    return [t.strip() for t in str(text).split(",") if t.strip()]


def role_arg(role: str) -> str | None:
    """The ``role=`` argument of an analysis for a role choice (``"all"`` -> ``None``)."""
    return None if role == ALL else role
