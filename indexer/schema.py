"""The Whoosh schema: one document per meeting, keyed by date, number, people and departments, and
one per decision (`doctype` "decision"), with its own text, documents and decision fields, so that
decision search reads postings as meeting search does. A meeting and its decisions are written and
deleted in the same commit (`build.writing`)."""

from __future__ import annotations

from whoosh.fields import NUMERIC, STORED, Schema

from .analysis import FastID, FastKeyword, FastText, bigram_analyzer, dictionary_fingerprint, word_analyzer
from .facets import KEYWORD_FACETS

# Bump when fields, analyzers or what goes into them change: the next `minutes index` rebuilds.
SCHEMA_VERSION = 23


def _keyword() -> FastKeyword:
    return FastKeyword()


def _unscored(field):
    """Bigrams only guarantee recall; ranking is the words' and titles' job. Without per-document
    lengths the field scores by plain term frequency and indexes markedly faster."""
    field.scorable = False
    return field


def build_schema() -> Schema:
    return Schema(
        id=FastID(stored=True, unique=True),
        path=FastID(stored=True),
        sha256=STORED(),  # (read from the stored fields, never searched)
        number=NUMERIC(int, stored=True, signed=False),
        date=FastID(stored=True, sortable=True),
        year=FastID(stored=True),
        month=FastID(stored=True),
        # Titles' words rank (no positions: an exact string in a title is the titlegrams' job).
        title=FastText(analyzer=word_analyzer(), phrase=False, stored=True, field_boost=3.0, multitoken_query="phrase"),
        # Words rank whole-word matches; no positions (phrases are the bigrams' job).
        words=FastText(analyzer=word_analyzer(), phrase=False, multitoken_query="and"),
        ngrams=_unscored(FastText(analyzer=bigram_analyzer(), multitoken_query="phrase")),
        # Bigrams of the meeting and item titles: an exact string in a title is the first ranking tier.
        titlegrams=_unscored(FastText(analyzer=bigram_analyzer(), multitoken_query="phrase")),
        # Bigrams of the titles in 《》 (文件:…)
        docgrams=_unscored(FastText(analyzer=bigram_analyzer(), multitoken_query="phrase")),
        **{facet.name: _keyword() for facet in KEYWORD_FACETS},
        deadline=_keyword(),  # the deadlines' years, months and dates, and their text as written
        summary=STORED(),  # small dict: what facets, filters and result lists need
        record=STORED(),  # zlib-compressed JSON of the whole record, read for shown hits only
        # A decision's own: its id, its meeting's id and source file (to delete it with its meeting)
        doctype=FastID(),
        decision=FastID(stored=True),
        meeting=FastID(),
        source=FastID(),
        dsummary=STORED(),  # `models.DecisionSummary`
    )


def schema_signature() -> str:
    return f"{SCHEMA_VERSION}-{dictionary_fingerprint()}"
