"""The one YAML reader of dictionaries and lexicons: plain data, bounded, no surprises.

:func:`read_yaml` parses with PyYAML's safe loader (no Python objects are ever built) and
refuses, with a :class:`~discourse.errors.CorpusError` naming the file and line,

* **anchors and aliases** (``&name`` / ``*name``): an alias repeats a node without
  copying text, so a few hundred bytes can expand to millions of entries (the "billion
  laughs"); dictionaries and lexicons never need them;
* **duplicate keys** in a mapping: YAML says keys are unique, but loaders keep the last
  value, which silently drops the first category's terms;
* **nesting deeper than** :data:`MAX_DEPTH` mappings/lists: quanteda-style dictionaries
  nest a few levels; deeper input only exhausts the parser's recursion;
* files larger than :data:`MAX_BYTES`.

References
----------
YAML Ain't Markup Language, version 1.2, section 3.2.1.1 (mapping keys are unique) and
6.9.2 (anchors and aliases). https://yaml.org/spec/1.2.2/
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from discourse.errors import CorpusError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "read_yaml"]

#: The deepest nesting of mappings and lists accepted (the top level counts as 1).
MAX_DEPTH = 10
#: The largest YAML file accepted, in bytes.
MAX_BYTES = 20_000_000


class _Refused(yaml.YAMLError):
    """A YAML construct the reader refuses (raised inside PyYAML, re-raised as CorpusError)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.line = message, mark.line + 1


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases/anchors, duplicate keys or deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(f"alias *{event.anchor} (aliases are not allowed)", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(f"anchor &{event.anchor} (anchors are not allowed)", event.start_mark)
        nested = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
        self.depth += nested
        if self.depth > MAX_DEPTH:
            raise _Refused(f"nesting deeper than {MAX_DEPTH} levels", event.start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= nested

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                first = seen.setdefault(key, line)
            except TypeError:  # an unhashable key: PyYAML's own error follows
                continue
            if first != line:
                raise _Refused(
                    f"duplicate key {key!r} (first at line {first}; each key may appear once)",
                    key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: str | Path) -> Any:
    """The data of a YAML file, read safely (see the module notes).

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    object
        Plain data: dicts, lists, strings, numbers, booleans, ``None``.

    Raises
    ------
    CorpusError
        The file is too large, is not valid YAML, or uses an anchor/alias, a duplicate
        key or nesting deeper than :data:`MAX_DEPTH` (the message names the file and line).
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise CorpusError(f"{path}: {size:,} bytes; a YAML file may have at most {MAX_BYTES:,}")
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        return loader.get_single_data()
    except _Refused as exc:
        raise CorpusError(f"{path}, line {exc.line}: {exc.message}") from None
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: not valid YAML: {exc}") from exc
    except RecursionError:  # pragma: no cover - MAX_DEPTH stops nesting long before
        raise CorpusError(f"{path}: nesting too deep (at most {MAX_DEPTH} levels)") from None
    finally:
        loader.dispose()
