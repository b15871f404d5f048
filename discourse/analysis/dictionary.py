"""Dictionary (category) counts in the style of quanteda's ``dictionary()`` / ``tokens_lookup()``.

A dictionary maps categories to term patterns: ``*`` matches any run of characters and
``?`` exactly one (quanteda's "glob" patterns), matching is case-insensitive and on whole
tokens, and a pattern with a space (``"verenigde staten"``) matches consecutive tokens of
one sentence. Dictionaries are read from YAML files laid out like quanteda's YAML
dictionaries (``category: [term, term*, ...]``, nested categories joined with ``.``).

References
----------
Benoit, K., Watanabe, K., Wang, H., Nulty, P., Obeng, A., Müller, S. & Matsuo, A. (2018).
quanteda: An R package for the quantitative analysis of textual data. *Journal of Open
Source Software* 3(30), 774. https://doi.org/10.21105/joss.00774
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from discourse.errors import CorpusError
from discourse.paths import data_dir
from discourse.provenance import with_provenance

__all__ = ["dictionary_counts", "load_dictionary", "list_dictionaries"]

#: Unit id columns for each ``level=`` (``"corpus"`` pools everything, or each ``by`` group).
LEVEL_IDS: dict[str, list[str]] = {
    "sentence": ["doc_id", "seg_id", "sent_id"],
    "segment": ["doc_id", "seg_id"],
    "document": ["doc_id"],
    "corpus": [],
}


def _dictionaries_dir() -> Path:
    return data_dir() / "dictionaries"


def list_dictionaries() -> list[str]:
    """Names of the dictionaries bundled in ``data/dictionaries/`` (e.g. ``"modality"``)."""
    return sorted(p.stem for p in _dictionaries_dir().glob("*.yaml"))


#: One piece of a glob: a ``[...]`` set as :mod:`fnmatch` delimits it (``]`` right after
#: ``[`` or ``[!`` is a member; no closing ``]``: the ``[`` is literal), or one character.
_GLOB_PIECE = re.compile(r"\[!?(?>\]?)[^\]]*\]|.", re.DOTALL)


def glob_source(pattern: str) -> str:
    """Regex source of a token glob, for full matching against one token's string.

    ``*`` matches any run of characters, ``?`` exactly one, ``[...]`` / ``[!...]`` one
    character in / not in a set (as in :mod:`fnmatch`); everything else is literal. The
    single token-pattern translation of the package: :func:`glob_regex` (dictionaries) and
    the node and collocate patterns of :func:`discourse.collocations` and
    :func:`discourse.kwic` on token tables use it. (A text table in :func:`discourse.kwic`
    matches running text instead, where ``*`` may not run past a word.)

    >>> glob_source("amerika*"), glob_source("[ek]u?")
    ('amerika.*', '[ek]u.')
    """
    out = []
    for piece in _GLOB_PIECE.findall(pattern):
        if piece == "*":
            out.append(".*")
        elif piece == "?":
            out.append(".")
        elif len(piece) > 1:  # a set: fnmatch's translation, without its "(?s:" ... ")\Z"
            inner = re.fullmatch(r"\(\?s:(.*)\)\\[Zz]", fnmatch.translate(piece), re.DOTALL)
            if inner is None:  # pragma: no cover - a future fnmatch with another wrapping
                raise RuntimeError(f"unexpected fnmatch.translate output for {piece!r}")
            out.append(inner.group(1))
        else:
            out.append(re.escape(piece))
    return "".join(out)


def glob_escape(term: str) -> str:
    """A token glob (:func:`glob_source`) that matches ``term`` literally.

    >>> glob_escape("c*?[x]")
    'c[*][?][[]x]'
    """
    return re.sub(r"([*?\[])", r"[\1]", term)


def glob_regex(pattern: str) -> re.Pattern[str]:
    """Compile a quanteda-style glob (``*`` any run, ``?`` one character) to a full-match regex.

    The pattern is lower-cased; ``[`` is literal (quanteda globs have no character sets).
    Translation by :func:`glob_source`.

    >>> bool(glob_regex("veilig*").fullmatch("veiligheid"))
    True
    >>> bool(glob_regex("veilig*").fullmatch("onveilig"))
    False
    """
    return re.compile(glob_source(pattern.lower().replace("[", "[[]")))


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


def load_dictionary(
    name_or_path: str | Path | Mapping[str, Sequence[str]] = "modality",
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

    Returns
    -------
    DataFrame
        One row per (category, pattern), in file order; ``attrs["dictionary"]`` holds the name.

    Raises
    ------
    ValueError
        Unknown bundled name (the message lists the available ones).
    CorpusError
        A malformed file; the message names the file, category and entry.

    Examples
    --------
    >>> d = load_dictionary({"security": ["veilig*", "dreiging"], "economy": ["handel"]})
    >>> d.to_dict("list")["category"]
    ['security', 'security', 'economy']
    """
    if isinstance(name_or_path, Mapping):
        source, raw, label = "<dict>", name_or_path, "custom"
    else:
        path = Path(name_or_path)
        if not path.suffix and not path.exists():
            path = _dictionaries_dir() / f"{name_or_path}.yaml"
            if not path.is_file():
                raise ValueError(
                    f"unknown dictionary {name_or_path!r}; bundled dictionaries: "
                    f"{', '.join(list_dictionaries()) or '(none)'}; or give a YAML file path"
                )
        if not path.is_file():
            raise CorpusError(f"{path}: dictionary file not found")
        source, label = str(path), path.stem
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise CorpusError(f"{path}: not valid YAML: {exc}") from exc
        if not isinstance(raw, Mapping) or not raw:
            raise CorpusError(f"{path}: expected a mapping 'category: [terms]' at the top level")
    rows: list[tuple[str, str]] = []
    _flatten(raw, "", source, rows)
    out = pd.DataFrame(rows, columns=["category", "pattern"]).drop_duplicates(ignore_index=True)
    out.attrs["dictionary"] = label
    return out


def pattern_starts(
    parts: Sequence[str], match: Callable[[str], np.ndarray], n: int, breaks: np.ndarray | None
) -> np.ndarray:
    """Where the words ``parts`` of one pattern match consecutive tokens, per start position.

    ``match(part)`` gives one bool per token (of ``n``); a match may not cross a ``breaks``
    position (token ``i`` starting a new sentence). Returns ``n - len(parts) + 1`` bools
    (``len(parts) <= n``).
    """
    k = len(parts)
    ok = np.ones(n - k + 1, dtype=bool)
    for j, part in enumerate(parts):
        ok &= match(part)[j : n - k + 1 + j]
        if j and breaks is not None:
            ok &= ~breaks[j : n - k + 1 + j]
    return ok


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
    matched first and consume their tokens (as quanteda does), so no token is counted twice.
    """
    words_a = np.asarray(words, dtype=object)
    alt_a = words_a if alt is None else np.asarray(alt, dtype=object)
    n = len(words_a)
    starts = np.zeros(n, dtype=bool)
    covered = np.zeros(n, dtype=bool)
    cache: dict[str, np.ndarray] = {}

    words_s, alt_s = pd.Series(words_a, dtype=object), pd.Series(alt_a, dtype=object)
    vocab = [v for v in pd.unique(np.concatenate([words_a, alt_a])) if isinstance(v, str)]

    def match(part: str) -> np.ndarray:
        if part not in cache:
            rx = glob_regex(part)
            hits = [v for v in vocab if rx.fullmatch(v)]
            cache[part] = (words_s.isin(hits) | alt_s.isin(hits)).to_numpy()
        return cache[part]

    for pattern in sorted(set(patterns), key=lambda p: -len(p.split())):
        parts = pattern.split()
        k = len(parts)
        if k > n:
            continue
        ok = pattern_starts(parts, match, n, breaks)
        for j in range(k):
            ok &= ~covered[j : n - k + 1 + j]
        hit = np.flatnonzero(ok)
        if k > 1:  # overlapping repeats of one multi-word pattern: keep left-most
            keep, last = [], -k
            for h in hit:
                if h >= last + k:
                    keep.append(h)
                    last = h
            hit = np.asarray(keep, dtype=int)
        starts[hit] = True
        for j in range(k):
            covered[hit + j] = True
    return starts, covered


def _sentence_breaks(df: pd.DataFrame) -> np.ndarray:
    key = df["doc_id"].astype(str) + "\x00" + df["sent_id"].astype(str)
    brk = (key != key.shift()).to_numpy()
    return brk


def dictionary_counts(
    tokens: pd.DataFrame,
    dictionary: str | Path | Mapping[str, Sequence[str]] | pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    level: str = "document",
    unit: str = "lemma",
    role: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Count dictionary categories per unit (and group), normalised per 1,000 tokens.

    Parameters
    ----------
    tokens
        Token table (``docs/design.md``): needs ``doc_id``, ``sent_id``, ``lower`` (and
        ``lemma`` for ``unit="lemma"``, ``seg_id`` for ``level="segment"``/``"sentence"``,
        ``is_punct`` to leave punctuation out of ``n_tokens``, ``role`` for ``role=``).
    dictionary
        Anything :func:`load_dictionary` accepts, or its output.
    by
        Grouping column(s) kept in the result (e.g. ``"period"``). With ``level="corpus"``
        one row per group; at finer levels they must be constant within each unit.
    level
        ``"document"`` (default), ``"segment"``, ``"sentence"`` or ``"corpus"``.
    unit
        ``"lemma"``: a single-word pattern matches the lemma **or** the lower-cased form
        (so both ``moeten`` and ``moet`` hit); ``"lower"``: the lower-cased form only.
    role
        Keep only tokens of this role / these roles (``"government"``, ``"parliament"``).

    Returns
    -------
    DataFrame
        Long and tidy: the unit id and ``by`` columns, ``category``, ``count`` (matches;
        a multi-word match counts once), ``n_tokens`` (non-punctuation tokens of the unit)
        and ``per_1000`` = ``1000 * count / n_tokens``. Every unit × category combination
        is present (zero counts included), categories in dictionary order.

    Examples
    --------
    >>> toks = pd.DataFrame({"doc_id": ["a"] * 4, "sent_id": [0] * 4,
    ...                      "lower": ["veiligheid", "en", "handel", "."],
    ...                      "lemma": ["veiligheid", "en", "handel", "."],
    ...                      "is_punct": [False, False, False, True]})
    >>> d = {"security": ["veilig*"], "economy": ["handel*", "economie"]}
    >>> dictionary_counts(toks, d)[["category", "count", "n_tokens", "per_1000"]].values.tolist()
    [['security', 1, 3, 333.3333333333333], ['economy', 1, 3, 333.3333333333333]]

    References
    ----------
    Benoit et al. (2018), quanteda (``dictionary()``, ``tokens_lookup()``, ``dfm_lookup()``).
    """
    if level not in LEVEL_IDS:
        raise ValueError(f"level must be one of {sorted(LEVEL_IDS)}, got {level!r}")
    if unit not in ("lemma", "lower"):
        raise ValueError(f"unit must be 'lemma' or 'lower', got {unit!r}")
    dic = dictionary if isinstance(dictionary, pd.DataFrame) else load_dictionary(dictionary)
    by_cols = [by] if isinstance(by, str) else list(by or [])
    ids = LEVEL_IDS[level]
    needed = {"doc_id", "sent_id", "lower", *ids, *by_cols}
    needed |= {"lemma"} if unit == "lemma" else set()
    needed |= {"role"} if role is not None else set()
    missing = sorted(needed - set(tokens.columns))
    if missing:
        raise ValueError(f"token table lacks column(s) {missing} needed here")
    df = tokens
    if role is not None:
        df = df[df["role"].isin([role] if isinstance(role, str) else list(role))]
    words = df["lower"].astype(str).str.lower().to_numpy(dtype=object)
    alt = df["lemma"].astype(str).str.lower().to_numpy(dtype=object) if unit == "lemma" else None
    breaks = _sentence_breaks(df)
    counted = np.ones(len(df), bool)
    if "is_punct" in df:
        counted = ~df["is_punct"].astype(bool).to_numpy()
    keys = ids + [c for c in by_cols if c not in ids]
    frame = df[keys].copy() if keys else pd.DataFrame(index=df.index)
    frame["_n"] = counted.astype("int64")
    categories = list(dict.fromkeys(dic["category"]))
    for cat in categories:
        starts, _ = term_mask(words, alt, dic.loc[dic["category"] == cat, "pattern"], breaks)
        frame[f"_c{categories.index(cat)}"] = starts.astype("int64")
    if keys:
        grouped = frame.groupby(keys, observed=True, sort=False, dropna=False)
        if level != "corpus" and by_cols and ids:
            uniq = df.groupby(ids, observed=True, sort=False)[by_cols].nunique(dropna=False)
            if (uniq > 1).to_numpy().any():
                raise ValueError(
                    f"by column(s) {by_cols} vary within a {level}; use a coarser level"
                )
        wide = grouped.sum(numeric_only=True).reset_index()
    else:
        wide = frame.sum(numeric_only=True).to_frame().T
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
        out["per_1000"] = np.where(out["n_tokens"] > 0, 1000 * out["count"] / out["n_tokens"], 0.0)
    return with_provenance(
        out,
        tokens,
        dictionary=dic.attrs.get("dictionary", "custom"),
        by=by_cols or None,
        level=level,
        unit=unit,
        role=role,
    )
