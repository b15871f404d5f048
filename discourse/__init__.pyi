"""The public API of :mod:`discourse`, flat: the names ``discourse/__init__.py`` loads lazily.

This stub is the one list of re-exports (read by ``lazy_loader.attach_stub`` at import time
and by type checkers and IDEs). Add a public name here, and nowhere else.
"""

from .analysis.coding import validation_sample as validation_sample
from .analysis.collocations import collocations as collocations
from .analysis.counts import term_counts as term_counts
from .analysis.describe import Description as Description
from .analysis.describe import describe as describe
from .analysis.describe import documents_per_group as documents_per_group
from .analysis.dictionary import dictionary_counts as dictionary_counts
from .analysis.dictionary import list_dictionaries as list_dictionaries
from .analysis.dictionary import load_dictionary as load_dictionary
from .analysis.dispersion import dispersion as dispersion
from .analysis.export import export as export
from .analysis.export import read_result as read_result
from .analysis.keyness import keyness as keyness
from .analysis.keyness import keyness_table as keyness_table
from .analysis.kwic import kwic as kwic
from .analysis.kwic import kwic_html as kwic_html
from .analysis.lexicon import list_lexicons as list_lexicons
from .analysis.lexicon import load_lexicon as load_lexicon
from .analysis.ngrams import ngrams as ngrams
from .analysis.parquet_counts import parquet_term_counts as parquet_term_counts
from .analysis.permutation import permutation_test as permutation_test
from .analysis.scoring import score_tokens as score_tokens
from .analysis.sentiment import sentiment as sentiment
from .analysis.summaries import sentiment_per_document as sentiment_per_document
from .analysis.summaries import summarise_sentiment as summarise_sentiment
from .analysis.summaries import unit_tone as unit_tone
from .analysis.validation import validate as validate
from .corpus.check import check_corpus as check_corpus
from .corpus.clean import clean_text as clean_text
from .corpus.letters import load_letters as load_letters
from .corpus.report import cleaning_report as cleaning_report
from .corpus.reuse import TextReuse as TextReuse
from .corpus.reuse import text_reuse as text_reuse
from .corpus.reuse_marks import mark_reuse as mark_reuse
from .corpus.segment import segments as segments
from .errors import CacheWarning as CacheWarning
from .errors import CorpusError as CorpusError
from .errors import CorpusWarning as CorpusWarning
from .errors import PipelineError as PipelineError
from .errors import SegmentationWarning as SegmentationWarning
from .nlp.cache import cache_info as cache_info
from .nlp.conllu import read_conllu as read_conllu
from .nlp.conllu import to_conllu as to_conllu
from .nlp.dataset import read_tokens as read_tokens
from .nlp.parallel import parse_corpus as parse_corpus
from .nlp.pipeline import load_pipeline as load_pipeline
from .nlp.pipeline import pipeline_info as pipeline_info
from .nlp.tokens import tokens as tokens
from .provenance import provenance as provenance
from .viz.collocations import plot_collocations as plot_collocations
from .viz.figures import save_figure as save_figure
from .viz.keyness import plot_keyness as plot_keyness
from .viz.keyness import plot_keyness_heatmap as plot_keyness_heatmap
from .viz.network import plot_collocation_network as plot_collocation_network
from .viz.sentiment import plot_sentiment as plot_sentiment
from .viz.sentiment import plot_sentiment_timeline as plot_sentiment_timeline
from .viz.sentiment import sentiment_html as sentiment_html
from .widgets.coding import coding_widget as coding_widget
from .widgets.collocations import collocations_widget as collocations_widget
from .widgets.dashboard import dashboard as dashboard
from .widgets.keyness import keyness_widget as keyness_widget
from .widgets.sentiment import sentiment_widget as sentiment_widget
