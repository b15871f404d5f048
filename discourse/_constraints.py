"""The constraints of :func:`discourse._validate.validate_params`: what an argument may be.

Each constraint says whether a value is allowed (:meth:`Constraint.ok`), describes the
allowed values for the error message (:meth:`Constraint.describe`) and yields values it must
refuse (:meth:`Constraint.invalid_values`, fed to every public function by
``tests/test_public_functions.py``). Data-dependent constraints (:class:`Column`,
:class:`Values`, :class:`Groups`) read the table in the :class:`Context`.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from discourse._cache import cached

#: Universal POS tags (UD v2), the tag set of every pipeline's ``upos`` column.
UPOS = (
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X SPACE"
).split()


@dataclass
class Context:
    """What a constraint may look at: the function, its data table and all its arguments;
    ``notes`` is where :meth:`Constraint.ok` leaves details for the message (why a value
    failed, e.g. the regex error)."""

    func: str
    table: pd.DataFrame | None
    arguments: Mapping[str, Any]
    notes: dict[str, Any] = field(default_factory=dict)


def fmt_values(values: Sequence[Any], limit: int = 30) -> str:
    shown = ", ".join(repr(v) for v in list(values)[:limit])
    return shown + (f", … ({len(values)} in all)" if len(values) > limit else "")


def _many(value: Any) -> list[Any] | None:
    """``value`` as a list when it is a list/tuple/set/array/Series, else ``None``."""
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series, pd.Index)):
        return list(value)
    return None


class Constraint:
    """One argument's allowed values. Subclasses implement :meth:`ok` and :meth:`allowed`.

    ``none=True`` also allows ``None`` (described by ``none_label``); ``many=True`` also
    allows a non-empty list of allowed values (each checked), and ``empty=True`` the empty
    list too (e.g. ``by=[]``: no groups).
    """

    none: bool = False
    many: bool = False
    none_label: str = ""
    empty: bool = False

    def ok(self, value: Any, ctx: Context) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def allowed(self, ctx: Context) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def invalid_values(self) -> list[Any]:
        """Values that must be refused (used by the public-function test)."""
        bad: list[Any] = [object()]
        if not self.none:
            bad.append(None)
        return bad

    def failure(self, value: Any, ctx: Context) -> Any:
        """The offending value (an item of a list), or ``OK`` when ``value`` is allowed."""
        if value is None:
            return OK if self.none else value
        items = _many(value) if self.many else None
        if items is not None:
            if not items:
                return OK if self.empty else value
            for item in items:
                if item is None or not self.ok(item, ctx):
                    return item
            return OK
        return OK if self.ok(value, ctx) else value

    def describe(self, ctx: Context) -> str:
        text = self.allowed(ctx)
        if self.many:
            text += ", or a list of them" if not self.none else ", a list of them"
            text += " ([] for none)" if self.empty else ""
        if self.none:
            text += f", or None{f' ({self.none_label})' if self.none_label else ''}"
        return text


OK = object()


@dataclass
class Options(Constraint):
    """One of a fixed set of values (``many=True``: or a list of them)."""

    values: tuple[Any, ...]
    none: bool = False
    many: bool = False
    none_label: str = ""

    def __init__(self, *values: Any, none: bool = False, many: bool = False, none_label=""):
        self.values, self.none, self.many, self.none_label = values, none, many, none_label

    def ok(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, Hashable):
            return False
        is_bool = isinstance(value, (bool, np.bool_))
        return any(value == v and is_bool == isinstance(v, bool) for v in self.values)

    def allowed(self, ctx: Context) -> str:
        return f"one of {fmt_values(self.values)}"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__not_an_option__"]


@dataclass
class Upos(Options):
    """Universal POS tag(s) (:data:`UPOS`); a list is allowed, ``None`` means no filter."""

    def __init__(self, *, none: bool = True, none_label: str = "no filter"):
        super().__init__(*UPOS, none=none, many=True, none_label=none_label)

    def invalid_values(self) -> list[Any]:
        return ["XX", ["NOUN", "nouns"], []]


@dataclass
class Interval(Constraint):
    """A number of ``kind`` (``int`` or ``float``) in ``[lo, hi]`` (``None`` = unbounded)."""

    kind: type
    lo: float | None = None
    hi: float | None = None
    none: bool = False
    none_label: str = ""
    closed: str = "both"  # "both", "left", "right", "neither"

    def ok(self, value: Any, ctx: Context) -> bool:
        if isinstance(value, (bool, np.bool_)):
            return False
        kind = numbers.Integral if self.kind is int else numbers.Real
        if not isinstance(value, kind) or (self.kind is float and np.isnan(value)):
            return False
        lo_ok = self.lo is None or (
            value >= self.lo if self.closed in ("both", "left") else value > self.lo
        )
        hi_ok = self.hi is None or (
            value <= self.hi if self.closed in ("both", "right") else value < self.hi
        )
        return lo_ok and hi_ok

    def allowed(self, ctx: Context) -> str:
        name = "an integer" if self.kind is int else "a number"
        left = "[" if self.closed in ("both", "left") else "("
        right = "]" if self.closed in ("both", "right") else ")"
        lo = "-inf" if self.lo is None else self.lo
        hi = "inf" if self.hi is None else self.hi
        return f"{name} in {left}{lo}, {hi}{right}"

    def invalid_values(self) -> list[Any]:
        bad = [*super().invalid_values(), "3", True]
        if self.lo is not None:
            bad.append(self.kind(self.lo) - (1 if self.kind is int else 0.5))
        if self.hi is not None:
            bad.append(self.kind(self.hi) + (1 if self.kind is int else 0.5))
        return bad


@dataclass
class Boolean(Constraint):
    """``True`` or ``False``."""

    def ok(self, value: Any, ctx: Context) -> bool:
        return isinstance(value, (bool, np.bool_))

    def allowed(self, ctx: Context) -> str:
        return "True or False"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "yes", 1]


@dataclass
class Instance(Constraint):
    """An instance of one of ``types`` (``Callable``, ``str`` …)."""

    types: tuple[type, ...]
    none: bool = False
    many: bool = False
    none_label: str = ""
    label: str = ""

    def __init__(self, *types: type, none: bool = False, label: str = "", none_label=""):
        self.types, self.none, self.many, self.label, self.none_label = (
            types,
            none,
            False,
            label,
            none_label,
        )

    def ok(self, value: Any, ctx: Context) -> bool:
        if callable in self.types or Callable in self.types:
            if callable(value):
                return True
        plain = tuple(t for t in self.types if isinstance(t, type))
        return bool(plain) and isinstance(value, plain)

    def allowed(self, ctx: Context) -> str:
        return self.label or " or ".join(getattr(t, "__name__", str(t)) for t in self.types)


@dataclass
class Table(Constraint):
    """The data argument: a pandas DataFrame (its columns are checked where they are used,
    with :func:`discourse._validate.require_columns`)."""

    label: str = "a pandas DataFrame"

    def ok(self, value: Any, ctx: Context) -> bool:
        return isinstance(value, pd.DataFrame)

    def allowed(self, ctx: Context) -> str:
        return self.label

    def invalid_values(self) -> list[Any]:
        return [None, [["a", "b"]], "tokens.csv"]


@dataclass
class Terms(Constraint):
    """Search terms: a non-blank string, or a non-empty list of non-blank strings.

    ``regex="regex"`` names the function's boolean argument that makes the terms regular
    expressions: when it is true, every whitespace-separated word of a term must compile.
    """

    none: bool = False
    none_label: str = ""
    many: bool = True
    regex: str | None = None

    def _regex(self, ctx: Context) -> bool:
        return self.regex is not None and ctx.arguments.get(self.regex) is True

    def ok(self, value: Any, ctx: Context) -> bool:
        if not (isinstance(value, str) and value.strip()):
            return False
        if self._regex(ctx):
            for word in value.split():
                try:
                    re.compile(word)
                except re.error as exc:
                    ctx.notes["regex"] = f"{word!r} does not: {exc}"
                    return False
        return True

    def allowed(self, ctx: Context) -> str:
        if self._regex(ctx):
            why = f" ({ctx.notes['regex']})" if "regex" in ctx.notes else ""
            return (
                f"a non-blank string of regular expressions (one per word; {self.regex}=True) "
                f"that compile{why}"
            )
        return "a non-blank string (word, phrase or pattern)"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "", " ", ["VS", " "], [], 3]


@dataclass
class Window(Constraint):
    """A window: ``w`` (= ``(w, w)``) or ``(left, right)``, integers ≥ 0, not both 0."""

    none: bool = False
    none_label: str = ""

    def ok(self, value: Any, ctx: Context) -> bool:
        pair = (value, value) if not isinstance(value, (tuple, list)) else tuple(value)
        if len(pair) != 2:
            return False
        ints = all(
            isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) and v >= 0
            for v in pair
        )
        return ints and pair[0] + pair[1] >= 1

    def allowed(self, ctx: Context) -> str:
        return "an integer w ≥ 1 (w each side) or a pair (left, right) of integers ≥ 0, not both 0"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), -1, 0, (0, 0), (1, 2, 3), "5", 2.5]


def _present(table: pd.DataFrame, column: str) -> list[Any]:
    """The distinct values of a column (its categories for a categorical), cached per table."""
    col = table[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return list(col.cat.categories)

    def build() -> list[Any]:
        values = pd.unique(col.dropna())
        try:
            return sorted(values)
        except TypeError:
            return list(values)

    return cached(table, ("present_values", column), [column], build)


def _occurs(value: Any, present: Sequence[Any]) -> bool:
    return any(value == p for p in present) or any(str(value) == str(p) for p in present)


@dataclass
class Column(Constraint):
    """The name of a column of the data table (``many=True``: or a list of names;
    ``empty=True``: also ``[]``), never one of ``exclude`` (e.g. the result's own columns)."""

    none: bool = False
    many: bool = False
    none_label: str = ""
    empty: bool = False
    exclude: tuple[str, ...] = ()

    def ok(self, value: Any, ctx: Context) -> bool:
        if not isinstance(value, str) or value in self.exclude:
            return False
        return ctx.table is None or value in ctx.table.columns

    def allowed(self, ctx: Context) -> str:
        if ctx.table is None:
            text = "a column name"
        else:
            columns = [str(c) for c in ctx.table.columns if c not in self.exclude]
            text = f"a column of the table, one of {fmt_values(columns)}"
        if self.exclude:
            text += f" (not {fmt_values(self.exclude)}: columns of the result)"
        return text

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_column__", 3, *self.exclude[:1]]


@dataclass
class Values(Constraint):
    """Value(s) that occur in ``column`` of the data table, e.g. ``role="government"``.

    A list is allowed; ``None`` (described by ``none_label``) means no filter. A value
    matches when it equals a value of the column or its string form does.
    """

    column: str
    none: bool = True
    many: bool = True
    none_label: str = ""

    def __post_init__(self) -> None:
        if self.column == "role" and not self.none_label:
            self.none_label = "all voices"

    def ok(self, value: Any, ctx: Context) -> bool:
        if ctx.table is None:
            return True
        if self.column not in ctx.table.columns:
            return False
        return _occurs(value, _present(ctx.table, self.column))

    def allowed(self, ctx: Context) -> str:
        if ctx.table is None:
            return f"values of column {self.column!r}"
        present = [str(v) for v in _present(ctx.table, self.column)]
        return f"one of {fmt_values(present) or '(none: empty column)'} (column {self.column!r})"

    def describe(self, ctx: Context) -> str:
        if ctx.table is not None and self.column not in ctx.table.columns:
            label = self.none_label or "no filter"
            return f"only None ({label}), as the table has no column {self.column!r}"
        return super().describe(ctx)

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_value__", []]


@dataclass
class Groups(Constraint):
    """Group(s): values of the column named by the argument ``by`` (``target=``, ``reference=``)."""

    by: str = "by"
    none: bool = False
    many: bool = True
    none_label: str = ""

    def _column(self, ctx: Context) -> str | None:
        by = ctx.arguments.get(self.by)
        if ctx.table is None or not isinstance(by, str) or by not in ctx.table.columns:
            return None
        return by

    def ok(self, value: Any, ctx: Context) -> bool:
        column = self._column(ctx)
        return column is None or _occurs(value, _present(ctx.table, column))

    def failure(self, value: Any, ctx: Context) -> Any:
        """As :meth:`Constraint.failure`; a group given twice (``["A", "A"]``, also ``2018``
        and ``"2018"``) is refused too: it would be counted twice."""
        bad = super().failure(value, ctx)
        items = _many(value)
        if bad is OK and items:
            seen: set[str] = set()
            for item in items:
                if str(item) in seen:
                    ctx.notes["repeated"] = item
                    return item
                seen.add(str(item))
        return bad

    def allowed(self, ctx: Context) -> str:
        column = self._column(ctx)
        once = ""
        if "repeated" in ctx.notes:
            once = f"each group once ({ctx.notes['repeated']!r} is repeated), "
        if column is None:
            return f"{once}values of the column named by {self.by}="
        values = [str(v) for v in _present(ctx.table, column)]
        return f"{once}one of {fmt_values(values)} (column {column!r}, named by {self.by}=)"

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_group__", []]


@dataclass
class Pattern(Constraint):
    """A string matching the regular expression ``regex`` in full, or an instance of one of
    ``types`` (e.g. ``datetime.date`` for a date given as ``"YYYY-MM-DD"`` or a date)."""

    regex: str
    label: str
    none: bool = False
    none_label: str = ""
    types: tuple[type, ...] = ()

    def ok(self, value: Any, ctx: Context) -> bool:
        if self.types and isinstance(value, self.types):
            return True
        return isinstance(value, str) and re.fullmatch(self.regex, value) is not None

    def allowed(self, ctx: Context) -> str:
        return self.label

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "", "not valid"]
