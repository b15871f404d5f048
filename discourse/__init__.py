"""discourse: comparative discourse analysis of Dutch government letters.

The public API, one verb per analysis::

    letters = load_letters()          # corpus.py
    segs = segments(letters)          # segment.py
    toks = tokens(segs)               # tokens.py (pipeline from nlp.py)
    keyness(toks, by="period", target="Van Weel")
    collocations(toks, ["VS", "Verenigde Staten"], by="period")
    kwic(toks, "Verenigde Staten")
    sentiment(toks, level="sentence")
"""

import lazy_loader as _lazy

# Every public name is loaded on first use (SPEC 1, scientific-python's lazy_loader): the
# list is in __init__.pyi. ``import discourse`` itself imports no heavy dependency, so a
# notebook's first cell is fast; ``EAGER_IMPORT=1`` loads everything at once (used in CI to
# catch an import error early).
__getattr__, _dir, _names = _lazy.attach_stub(__name__, __file__)
__all__ = sorted([*_names, "__version__"])


def __dir__() -> list[str]:
    return list(__all__)


__version__ = "0.1.0"
