"""The one argument check of the package, modelled on scikit-learn's ``validate_params``.

Every public function declares what each argument may be::

    @validate_params(
        role=Values("role"), unit=Options("lemma", "lower"), min_freq=Interval(int, 1)
    )
    def dictionary_counts(tokens, dictionary, *, unit="lemma", role="government", ...): ...

and a bad value raises :class:`~discourse.errors.CorpusError` with one message form, naming
the function, the argument, the bad value and what is allowed::

    collocations(): role='xx' is not valid; allowed: 'government', 'other',
    'parliament' (values of column 'role'), or None (all voices)

Defaults are checked too (``role="government"`` on a table without a ``role`` column is an
error that says to pass ``role=None``). Constraints that depend on the data — a column name,
a value that must occur in a column, a group of ``by`` — read the table given as the
function's first argument. Each constraint also yields :meth:`Constraint.invalid_values`,
which ``tests/test_public_functions.py`` feeds to every public function.

References
----------
Pedregosa et al. (2011), scikit-learn: Machine Learning in Python. *JMLR* 12, 2825-2830
(``sklearn.utils._param_validation``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from discourse._cache import one_call
from discourse._constraints import (
    OK,
    UPOS,
    Boolean,
    Column,
    Constraint,
    Context,
    Groups,
    Instance,
    Interval,
    Options,
    Table,
    Terms,
    Upos,
    Values,
    Window,
    fmt_values,
)
from discourse.errors import CorpusError

__all__ = [
    "UPOS",
    "Boolean",
    "Column",
    "Constraint",
    "Groups",
    "Instance",
    "Interval",
    "Options",
    "Table",
    "Terms",
    "Upos",
    "Values",
    "Window",
    "check",
    "require_columns",
    "validate_params",
]


def _short(value: Any, limit: int = 200) -> str:
    """``repr(value)``, tables and arrays as their kind and shape, cut at ``limit``."""
    if isinstance(value, (pd.DataFrame, pd.Series, np.ndarray)):
        shape = " × ".join(map(str, value.shape))
        return f"<{type(value).__name__} of shape {shape}>"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(ctx: Context, name: str, value: Any, bad: Any, constraint: Constraint) -> CorpusError:
    shown = f"{name}={_short(value)}"
    if bad is not value:
        shown += f" (the item {_short(bad)})"
    return CorpusError(f"{ctx.func}(): {shown} is not valid; allowed: {constraint.describe(ctx)}")


def require_columns(func: str, table: pd.DataFrame, columns: Sequence[str], why: str = "") -> None:
    """Raise the package's error when ``table`` lacks any of ``columns``.

    >>> require_columns("kwic", pd.DataFrame({"text": []}), ["text", "doc_id"])
    Traceback (most recent call last):
    ...
    discourse.errors.CorpusError: kwic(): the table has no column 'doc_id'; its columns: 'text'
    """
    missing = [c for c in dict.fromkeys(columns) if c not in table.columns]
    if missing:
        need = f" (needed {why})" if why else ""
        raise CorpusError(
            f"{func}(): the table has no column {', '.join(map(repr, missing))}{need}; "
            f"its columns: {fmt_values([str(c) for c in table.columns]) or '(none)'}"
        )


def check(
    func: str, name: str, value: Any, constraint: Constraint, *, table=None, arguments=None
) -> None:
    """Check one value outside a decorated function (e.g. a widget default or a table field)."""
    ctx = Context(func, table, arguments or {})
    bad = constraint.failure(value, ctx)
    if bad is not OK:
        raise _error(ctx, name, value, bad, constraint)


#: Argument names of earlier versions and what replaced them (named in the error).
RENAMED = {
    "node": "terms",
    "query": "terms",
    "target": "terms",
    "targets": "terms",
    "left": "window",
    "right": "window",
    "group": "by",
}


def _unknown(func: str, name: str, value: Any, names: list[str]) -> CorpusError:
    """An argument the function does not have: name its arguments (and a renamed one's heir)."""
    new = RENAMED.get(name)
    hint = f" (now {new}=)" if new in names else ""
    return CorpusError(
        f"{func}(): {name}={_short(value)} is not an argument{hint}; "
        f"its arguments: {', '.join(names)}"
    )


@dataclass
class _Spec:
    signature: inspect.Signature
    data: str | None
    constraints: dict[str, Constraint] = field(default_factory=dict)


def validate_params(data: str | None = None, /, **constraints: Constraint) -> Callable:
    """Decorate a public function with the constraints of its arguments.

    Parameters
    ----------
    data : str, optional
        Name of the data-table argument (default: the first parameter when it is
        constrained by :class:`Table`), whose columns data-dependent constraints read.
    **constraints
        ``argument=Constraint`` for each argument to check (every one must exist).

    An unknown keyword argument is a :class:`~discourse.errors.CorpusError` too, naming the
    function's arguments (and, for a name of an earlier version such as ``node``, what
    replaced it). The check runs on every call, defaults included, before the function
    body; it costs a
    few microseconds plus, for :class:`Values`/:class:`Groups` on a non-categorical column,
    one cached ``pandas.unique`` per table.
    """

    def decorate(func: Callable) -> Callable:
        sig = inspect.signature(func)
        unknown = set(constraints) - set(sig.parameters)
        if unknown:
            raise TypeError(f"{func.__name__}: constraints for unknown arguments {unknown}")
        table_arg = data
        if table_arg is None:
            tables = [k for k, c in constraints.items() if isinstance(c, Table)]
            table_arg = tables[0] if tables else None
        # the data table first, so that data-dependent checks can read it
        order = sorted(constraints, key=lambda k: (k != table_arg, k))
        names = [n for n, p in sig.parameters.items() if p.kind is not p.VAR_KEYWORD]
        known = None if len(names) < len(sig.parameters) else set(names)  # None: takes **kw

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if known is not None:
                for name in kwargs:
                    if name not in known:
                        raise _unknown(func.__name__, name, kwargs[name], names)
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            table = arguments.get(table_arg) if table_arg else None
            ctx = Context(
                func.__name__, table if isinstance(table, pd.DataFrame) else None, arguments
            )
            for name in order:
                value = arguments[name]
                bad = constraints[name].failure(value, ctx)
                if bad is not OK:
                    raise _error(ctx, name, value, bad, constraints[name])
            with one_call():  # each column digested once per call (discourse._cache)
                return func(*args, **kwargs)

        wrapper.__discourse_params__ = _Spec(sig, table_arg, dict(constraints))
        return wrapper

    return decorate


def constraints_of(func: Callable) -> dict[str, Constraint]:
    """The constraints a public function declares (``{}`` when it is not decorated)."""
    spec = getattr(func, "__discourse_params__", None)
    return dict(spec.constraints) if spec is not None else {}
