"""Dictionary (category) counts in the style of quanteda's ``dictionary()`` / ``tokens_lookup()``.

A dictionary maps categories to term patterns: ``*`` matches any run of characters and
``?`` exactly one (quanteda's "glob" patterns), matching is case-insensitive and on whole
tokens, and a pattern with a space (``"verenigde staten"``) matches consecutive tokens of
one sentence. Dictionaries are read from YAML files laid out like quanteda's YAML
dictionaries (``category: [term, term*, ...]``, nested categories joined with ``.``), from
LIWC ``.dic`` and from WordStat ``.cat`` files (:mod:`~discourse.analysis.dictionary_formats`).

References
----------
Benoit, K., Watanabe, K., Wang, H., Nulty, P., Obeng, A., Müller, S. & Matsuo, A. (2018).
quanteda: An R package for the quantitative analysis of textual data. *Journal of Open
Source Software* 3(30), 774. https://doi.org/10.21105/joss.00774
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse._docstrings import fill_doc
from discourse._validate import (
    Column,
    Constraint,
    Context,
    Options,
    Table,
    Values,
    require_columns,
    validate_params,
)
from discourse.analysis.dictionary_formats import (
    FORMATS,
    dictionary_format,
    read_liwc,
    read_wordstat,
)
from discourse.analysis.patterns import (
    TokenMatcher,
    find_terms,
)
from discourse.analysis.safe_yaml import read_yaml
from discourse.errors import CorpusError
from discourse.paths import data_dir
from discourse.provenance import documents_of, with_documents, with_provenance

__all__ = ["dictionary_counts", "list_dictionaries", "load_dictionary"]

#: Unit id columns for each ``level=`` (``"corpus"`` pools everything, or each ``by`` group).
LEVEL_IDS: dict[str, list[str]] = {
    "sentence": ["doc_id", "seg_id", "sent_id"],
    "segment": ["doc_id", "seg_id"],
    "document": ["doc_id"],
    "corpus": [],
}


def _dictionaries_dir() -> Path:
    return data_dir() / "dictionaries"


@validate_params()
def list_dictionaries() -> list[str]:
    """Names of the dictionaries bundled in ``data/dictionaries/`` (e.g. ``"modality"``)."""
    return sorted(p.stem for p in _dictionaries_dir().glob("*.yaml"))


def _dictionary_path(name_or_path: str | Path) -> Path | None:
    """The YAML file of a bundled name or a path (``None``: no such file)."""
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _dictionaries_dir() / f"{name_or_path}.yaml"
    return path if path.is_file() else None


@dataclass
class Dictionary(Constraint):
    """A dictionary argument: a bundled name, a YAML/LIWC/WordStat path, a mapping (or,
    ``table=True``, a :func:`load_dictionary` table)."""

    table: bool = False

    def ok(self, value: Any, ctx: Context) -> bool:
        if isinstance(value, Mapping) or (self.table and isinstance(value, pd.DataFrame)):
            return True
        return isinstance(value, (str, Path)) and _dictionary_path(value) is not None

    def allowed(self, ctx: Context) -> str:
        names = ", ".join(map(repr, list_dictionaries())) or "(none)"
        table = ", or a table of load_dictionary()" if self.table else ""
        return (
            f"one of {names} (bundled), the path of a YAML, LIWC (.dic) or WordStat (.cat) "
            f"file, a mapping{table}"
        )

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_dictionary__", 3]


def _flatten(node: object, prefix: str, source: str, out: list[tuple[str, str]]) -> None:
    if isinstance(node, Mapping):
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            _flatten(value, name, source, out)
        return
    terms = [node] if isinstance(node, str) else node
    if not prefix or not isinstance(terms, list) or not terms:
        raise CorpusError(
            f"{source}: category {prefix or '(top level)'!r} must map to a non-empty list of terms"
        )
    for i, term in enumerate(terms):
        if not isinstance(term, str) or not term.strip():
            raise CorpusError(f"{source}: category {prefix!r}, entry {i + 1}: not a term: {term!r}")
        out.append((prefix, " ".join(term.lower().split())))


@validate_params(
    name_or_path=Dictionary(),
    format=Options(*FORMATS, none=True, none_label="from the file extension"),
)
def load_dictionary(
    name_or_path: str | Path | Mapping[str, Sequence[str]] = "modality",
    *,
    format: str | None = None,
) -> pd.DataFrame:
    """Read a category dictionary into a tidy table with columns ``category``, ``pattern``.

    Parameters
    ----------
    name_or_path
        A bundled dictionary name (see :func:`list_dictionaries`: ``"modality"``,
        ``"frames"``), the path of a YAML file, or a mapping ``{category: [terms]}``.
        YAML layout as in quanteda: ``category: [term, ...]``; nested mappings give
        categories ``parent.child``. Patterns are lower-cased; ``*``/``?`` are wildcards;
        spaces separate the words of a multi-word pattern.
    format : {"yaml", "liwc", "wordstat"} or None
        The file format; ``None`` (default): from the extension, as quanteda's
        ``dictionary(file=, format=)`` does: ``.yaml``/``.yml`` YAML, ``.dic`` LIWC
        (``%`` header of ``number<TAB>category`` lines, then ``word<TAB>1 5`` entries),
        ``.cat`` WordStat (category lines nested by indentation, ``WORD (1)`` entries);
        see :mod:`~discourse.analysis.dictionary_formats`. Ignored for a mapping.

    Returns
    -------
    DataFrame
        One row per (category, pattern), in file order; ``attrs["dictionary"]`` holds the name.

    Raises
    ------
    CorpusError
        Unknown bundled name (the message lists the available ones); a malformed file (the
        message names the file, category and entry); a file with a duplicate category,
        an anchor/alias or nesting deeper than
        :data:`~discourse.analysis.safe_yaml.MAX_DEPTH` (read with
        :func:`~discourse.analysis.safe_yaml.read_yaml`; the message names the line); a
        LIWC or WordStat file that breaks its layout (the message names file and line).

    Examples
    --------
    >>> d = load_dictionary({"security": ["veilig*", "dreiging"], "economy": ["handel"]})
    >>> d.to_dict("list")["category"]
    ['security', 'security', 'economy']
    """
    if isinstance(name_or_path, Mapping):
        source, raw, label = "<dict>", name_or_path, "custom"
    else:
        path = _dictionary_path(name_or_path)  # a file (checked by Dictionary())
        source, label = str(path), path.stem
        kind = dictionary_format(path, format)
        if kind != "yaml":
            reader = read_liwc if kind == "liwc" else read_wordstat
            return _dictionary_frame(reader(path), label)
        raw = read_yaml(path)  # no aliases, duplicate keys or deep nesting
        if not isinstance(raw, Mapping) or not raw:
            raise CorpusError(f"{path}: expected a mapping 'category: [terms]' at the top level")
    rows: list[tuple[str, str]] = []
    _flatten(raw, "", source, rows)
    return _dictionary_frame(rows, label)


def _dictionary_frame(rows: list[tuple[str, str]], label: str) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["category", "pattern"]).drop_duplicates(ignore_index=True)
    out.attrs["dictionary"] = label
    return out


def term_mask(
    words: Sequence[str],
    alt: Sequence[str] | None,
    patterns: Iterable[str],
    breaks: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Positions where one of ``patterns`` starts, and every token a match covers.

    ``words`` (and optionally ``alt``, e.g. lemmas) are lower-cased token strings; a
    single-word pattern matches a token if it matches ``words[i]`` or ``alt[i]``. A
    multi-word pattern must match consecutive tokens that do not cross a ``breaks`` position
    (``breaks[i]`` True means token ``i`` starts a new sentence). Longer patterns are
    matched first and consume their tokens (as quanteda does), so no token is counted twice
    (:func:`~discourse.analysis.patterns.find_terms` with quanteda globs). Patterns with the
    same number of words are matched in the order given.
    """
    matcher = _matcher(words, alt)
    n = len(matcher.columns[0][0])
    block = np.zeros(n, dtype=np.int64) if breaks is None else np.cumsum(breaks)
    first, _, cover = find_terms(list(patterns), matcher, block, repeats="leftmost")
    starts = np.zeros(n, dtype=bool)
    starts[first] = True
    covered = np.zeros(n, dtype=bool)
    covered[cover] = True
    return starts, covered


def _matcher(words: Sequence[str], alt: Sequence[str] | None) -> TokenMatcher:
    """Quanteda globs matched on the distinct strings of ``words`` and ``alt``."""
    columns = [pd.factorize(np.asarray(words, dtype=object))]
    if alt is not None:
        columns.append(pd.factorize(np.asarray(alt, dtype=object)))
    return TokenMatcher(columns, syntax="quanteda")


def _sentence_breaks(df: pd.DataFrame) -> np.ndarray:
    key = df["doc_id"].astype(str) + "\x00" + df["sent_id"].astype(str)
    brk = (key != key.shift()).to_numpy()
    return brk


def _dictionary_table(dictionary) -> pd.DataFrame:
    """The ``category``/``pattern`` table of a dictionary argument, its patterns checked."""
    if not isinstance(dictionary, pd.DataFrame):
        return load_dictionary(dictionary)
    require_columns("dictionary_counts", dictionary, ["category", "pattern"], "in dictionary=")
    pattern = dictionary["pattern"]
    blank = ~pattern.map(lambda p: isinstance(p, str) and bool(p.strip())).to_numpy(dtype=bool)
    if blank.any():
        i = int(np.flatnonzero(blank)[0])
        raise CorpusError(
            f"dictionary_counts(): dictionary row {i + 1} (category "
            f"{dictionary['category'].iloc[i]!r}): pattern {pattern.iloc[i]!r} is not valid; "
            "allowed: a non-blank string (word, phrase or glob)"
        )
    return dictionary


# The numpydoc docstring documents the table and its options (~45 lines); the body is ~35.
@validate_params(
    tokens=Table(),
    dictionary=Dictionary(table=True),
    by=Column(many=True, none=True, empty=True, none_label="no groups"),
    level=Options(*LEVEL_IDS),
    unit=Options("lemma", "lower"),
    role=Values("role"),
)
@fill_doc
def dictionary_counts(
    tokens: pd.DataFrame,
    dictionary: str | Path | Mapping[str, Sequence[str]] | pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    level: str = "document",
    unit: str = "lemma",
    role: str | Sequence[str] | None = "government",
) -> pd.DataFrame:
    """Count dictionary categories per unit (and group), as a rate per 10,000 words.

    Parameters
    ----------
    tokens
        Token table (``docs/design.md``): needs ``doc_id``, ``sent_id``, ``lower`` (and
        ``lemma`` for ``unit="lemma"``, ``seg_id`` for ``level="segment"``/``"sentence"``,
        ``is_punct`` to leave punctuation out of ``n_tokens``, ``role`` unless
        ``role=None``).
    dictionary
        Anything :func:`load_dictionary` accepts, or its output (a table with ``category``
        and non-blank ``pattern`` values).
    %(by_many)s
        With ``level="corpus"`` one row per group; at finer levels they must be constant
        within each unit.
    level : {"document", "segment", "sentence", "corpus"}
        The unit counted in.
    unit : {"lemma", "lower"}
        ``"lemma"``: a single-word pattern matches the lemma **or** the lower-cased form
        (so both ``moeten`` and ``moet`` hit); ``"lower"``: the lower-cased form only.
    %(role)s

    Returns
    -------
    DataFrame
        Long and tidy: the unit id and ``by`` columns, ``category``, ``count`` (matches;
        a multi-word match counts once), ``n_tokens`` (non-punctuation tokens of the unit)
        and ``per_10k`` = ``10,000 * count / n_tokens`` (0 for an empty unit). Every
        unit × category combination is present (zero counts included), categories in
        dictionary order. Patterns with more words are matched first and consume their
        tokens; patterns of equal length in dictionary order. ``attrs["params"]`` records
        the dictionary, ``by``, ``level``, ``unit`` and ``role``; with ``by``,
        ``attrs["documents"]`` the documents with counted words per group (printed by
        :func:`discourse.provenance.provenance`).

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4, "sent_id": [0] * 4,
    ...                      "lower": ["veiligheid", "en", "handel", "."],
    ...                      "lemma": ["veiligheid", "en", "handel", "."],
    ...                      "is_punct": [False, False, False, True]})
    >>> d = {"security": ["veilig*"], "economy": ["handel*", "economie"]}
    >>> counts = dictionary_counts(toks, d, role=None)
    >>> counts[["category", "count", "n_tokens", "per_10k"]].values.tolist()
    [['security', 1, 3, 3333.3333333333335], ['economy', 1, 3, 3333.3333333333335]]

    References
    ----------
    Benoit et al. (2018), quanteda (``dictionary()``, ``tokens_lookup()``, ``dfm_lookup()``).
    """
    dic = _dictionary_table(dictionary)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    ids = LEVEL_IDS[level]
    needed = ["doc_id", "sent_id", "lower", *ids, *by_cols] + ["lemma"] * (unit == "lemma")
    require_columns("dictionary_counts", tokens, needed)
    df = tokens
    if role is not None:
        df = df[df["role"].isin([role] if isinstance(role, str) else list(role))]
    keys = ids + [c for c in by_cols if c not in ids]
    categories = list(dict.fromkeys(dic["category"]))
    frame = _match_counts(df, dic, categories, keys, unit)
    if level != "corpus" and by_cols and ids:
        uniq = df.groupby(ids, observed=True, sort=False)[by_cols].nunique(dropna=False)
        if (uniq > 1).to_numpy().any():
            raise CorpusError(
                f"dictionary_counts(): by={by!r} varies within a {level}; "
                "use a coarser level (or level='corpus')"
            )
    if keys:
        wide = frame.groupby(keys, observed=True, sort=False, dropna=False).sum(numeric_only=True)
        wide = wide.reset_index()
    else:
        wide = frame.sum(numeric_only=True).to_frame().T
    out = with_provenance(
        _long(wide, keys, categories),
        tokens,
        dictionary=dic.attrs.get("dictionary", "custom"),
        by=by_cols or None,
        level=level,
        unit=unit,
        role=role,
    )
    if by_cols:
        with_documents(out, _documents(wide if "doc_id" in keys else frame, df, by_cols))
    return out


def _documents(counted: pd.DataFrame, df: pd.DataFrame, by_cols: list) -> dict[str, int]:
    """Documents with counted words (``n_tokens > 0`` after ``role``) per group of ``by``,
    0 for a group without any: from the per-unit sums when the units lie in documents,
    else from the token rows."""
    words = counted["_n"].to_numpy() > 0
    if "doc_id" not in counted.columns:
        counted = df[by_cols + ["doc_id"]]
    return documents_of(counted.assign(doc_id=counted["doc_id"].where(words)), by_cols)


def _match_counts(df, dic, categories, keys, unit) -> pd.DataFrame:
    """Per token: the ``keys`` columns, ``_n`` (counted in ``n_tokens``) and, per category
    ``i``, ``_c{i}`` = 1 where a match of the category starts."""
    words = df["lower"].astype(str).str.lower().to_numpy(dtype=object)
    alt = df["lemma"].astype(str).str.lower().to_numpy(dtype=object) if unit == "lemma" else None
    block = np.cumsum(_sentence_breaks(df))
    counted = np.ones(len(df), bool)
    if "is_punct" in df:
        counted = ~df["is_punct"].astype(bool).to_numpy()
    frame = df[keys].copy() if keys else pd.DataFrame(index=df.index)
    frame["_n"] = counted.astype("int64")
    matcher = _matcher(words, alt)
    for i, cat in enumerate(categories):
        patterns = list(dic.loc[dic["category"] == cat, "pattern"])  # dictionary order
        first = find_terms(patterns, matcher, block, repeats="leftmost")[0]
        starts = np.zeros(len(df), dtype="int64")
        starts[first] = 1
        frame[f"_c{i}"] = starts
    return frame


def _long(wide: pd.DataFrame, keys: list, categories: list) -> pd.DataFrame:
    """One row per unit × category, categories in dictionary order, with ``per_10k``."""
    wide["_u"] = np.arange(len(wide))
    long = wide.melt(id_vars=[*keys, "_n", "_u"], var_name="_cat", value_name="count")
    long["category"] = [categories[int(c[2:])] for c in long["_cat"]]
    long = long.rename(columns={"_n": "n_tokens"})
    long["_o"] = [int(c[2:]) for c in long["_cat"]]
    long = long.sort_values(["_u", "_o"], kind="stable", ignore_index=True)
    out = long[[*keys, "category", "count", "n_tokens"]].copy()
    out["count"] = out["count"].astype("int64")
    out["n_tokens"] = out["n_tokens"].astype("int64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["per_10k"] = np.where(out["n_tokens"] > 0, 1e4 * out["count"] / out["n_tokens"], 0.0)
    return out
