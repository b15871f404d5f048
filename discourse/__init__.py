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

from .clean import clean_text
from .collocation import collocations
from .corpus import load_letters
from .dictionary import dictionary_counts, list_dictionaries, load_dictionary
from .dispersion import dispersion
from .errors import CorpusError, PipelineError
from .figures import save_figure
from .keyness import keyness, keyness_table, term_counts
from .kwic import kwic, kwic_html
from .lexicon import list_lexicons
from .nlp import load_pipeline, pipeline_info
from .parallel import parse_corpus, read_tokens
from .plots import (
    plot_collocation_network,
    plot_collocations,
    plot_keyness,
    plot_keyness_heatmap,
    plot_sentiment,
    plot_sentiment_timeline,
    sentiment_html,
)
from .provenance import provenance
from .segment import segments
from .sentiment import load_lexicon, score_tokens, sentiment, summarise_sentiment
from .tokens import cache_info, tokens
from .widgets import collocations_widget, dashboard, keyness_widget, sentiment_widget

__version__ = "0.1.0"

__all__ = [
    "CorpusError",
    "PipelineError",
    "__version__",
    "cache_info",
    "clean_text",
    "collocations",
    "collocations_widget",
    "dashboard",
    "dictionary_counts",
    "dispersion",
    "keyness",
    "keyness_table",
    "keyness_widget",
    "kwic",
    "kwic_html",
    "list_dictionaries",
    "list_lexicons",
    "load_dictionary",
    "load_letters",
    "load_lexicon",
    "load_pipeline",
    "parse_corpus",
    "pipeline_info",
    "plot_collocation_network",
    "plot_collocations",
    "plot_keyness",
    "plot_keyness_heatmap",
    "plot_sentiment",
    "plot_sentiment_timeline",
    "provenance",
    "read_tokens",
    "save_figure",
    "score_tokens",
    "segments",
    "sentiment",
    "sentiment_html",
    "sentiment_widget",
    "summarise_sentiment",
    "term_counts",
    "tokens",
]
