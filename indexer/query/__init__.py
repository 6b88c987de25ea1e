"""The query side: one `search()` the CLI and the web app both call, plus trends and listings.

    request     SearchRequest, SearchResult, Hit, FacetValue (and the JSON contract)
    snapshot    Snapshot (one committed version), SearchIndex (opened once, cached results)
    syntax      the query language, read into Whoosh queries
    matching    which meetings a request selects, and their order
    phrases     exact substrings over the bigram field, with numpy
    ranking     the ranking tiers (title, exact string, words, newest)
    columns     per-meeting summaries and facet columns as arrays
    facetvalues a facet's values as shown; notes: why nothing matched; hits: one result line
    highlight   where a query matched, as text and spans
    search      search, facet_matches, listing; trends: per year and month
    decisions   decision search: one hit per decision (decision_columns: their arrays)

It reads the index through `indexer.store` and never imports the builder or the parser.
"""

from ..errors import QueryError
from .decisions import DecisionHit, DecisionResult, decision_rows, search_decisions
from .matching import parse_query
from .request import FacetValue, Hit, ItemHit, SearchRequest, SearchResult
from .search import facet_matches, listing, search
from .snapshot import SearchIndex, Snapshot
from .trends import Trend, trends

__all__ = [
    "DecisionHit",
    "DecisionResult",
    "decision_rows",
    "search_decisions",
    "FacetValue",
    "Hit",
    "ItemHit",
    "QueryError",
    "SearchIndex",
    "SearchRequest",
    "SearchResult",
    "Snapshot",
    "Trend",
    "facet_matches",
    "listing",
    "parse_query",
    "search",
    "trends",
]
