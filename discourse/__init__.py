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

from discourse.analysis.collocations import collocations
from discourse.analysis.dictionary import dictionary_counts, list_dictionaries, load_dictionary
from discourse.analysis.dispersion import dispersion
from discourse.analysis.keyness import keyness, keyness_table, term_counts
from discourse.analysis.kwic import kwic, kwic_html
from discourse.analysis.lexicon import list_lexicons
from discourse.analysis.parquet_counts import parquet_term_counts
from discourse.analysis.sentiment import load_lexicon, score_tokens, sentiment, summarise_sentiment
from discourse.corpus.clean import clean_text
from discourse.corpus.letters import load_letters
from discourse.corpus.segment import segments
from discourse.errors import CorpusError, PipelineError
from discourse.nlp.parallel import parse_corpus, read_tokens
from discourse.nlp.pipeline import load_pipeline, pipeline_info
from discourse.nlp.tokens import cache_info, tokens
from discourse.provenance import provenance
from discourse.viz.figures import save_figure
from discourse.viz.plots import (
    plot_collocation_network,
    plot_collocations,
    plot_keyness,
    plot_keyness_heatmap,
    plot_sentiment,
    plot_sentiment_timeline,
    sentiment_html,
)
from discourse.widgets.base import (
    collocations_widget,
    dashboard,
    keyness_widget,
    sentiment_widget,
)

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
    "parquet_term_counts",
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
