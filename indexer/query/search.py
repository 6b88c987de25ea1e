"""Searching: a page of hits with facet counts and notes (`search`), one facet's values for the
filter box (`facet_matches`), and every selected meeting for exports (`listing`). Each reads one
snapshot and runs in the time budget; results are cached per snapshot."""

from __future__ import annotations

import dataclasses

import numpy as np

from ..analysis import fold
from ..facets import SHOWN
from . import highlight
from .facetvalues import facet_values, matching_values
from .hits import hit_of
from .matching import ordered, select
from .notes import why_nothing
from .request import FacetValue, Hit, SearchRequest, SearchResult
from .rereading import reread
from .snapshot import SearchIndex, Snapshot


def search(index: SearchIndex, req: SearchRequest, literal: bool = False) -> SearchResult:
    """Run a query with filters, facets, sorting and paging; results are cached per snapshot.
    A query that finds nothing is read again (`rereading`: a person's pinyin, a field's short name)
    and, where one reading fits and finds meetings, answered by it with `reread` saying so;
    `literal`: never."""
    req.validate()
    snap = index.snapshot()
    result = index.cached(snap, ("search", req.cache_key()), lambda: _search(snap, req))
    if result.total or literal:
        return result
    again = reread(snap, req)
    if again is None:
        return result
    if again.request is not None:
        other = index.cached(snap, ("search", again.request.cache_key()), lambda: _search(snap, again.request))
        if other.total:
            return dataclasses.replace(
                other,
                reread={
                    "from": req.q,
                    "q": again.request.q,
                    "filters": {name: values for name, values in again.request.filters.items() if values},
                    "note": again.note,
                },
            )
        return result
    return dataclasses.replace(result, notes=[*result.notes, again.note], offers=again.offers)


def _search(snap: Snapshot, req: SearchRequest) -> SearchResult:
    cols = snap.columns
    m = select(snap, req)
    facets, totals = {}, {}
    for name in SHOWN:
        counts = cols.columns[name].counts(m.without(name))
        facets[name] = facet_values(cols.columns[name], counts, req.filters[name], req.facet_limit, name)
        totals[name] = int(np.count_nonzero(counts))
    total = int(np.count_nonzero(m.final))
    start = (req.page - 1) * req.page_size
    page = ordered(snap, m, req, start + req.page_size)[start:] if start < total else []
    pattern = highlight.compile_matcher(m.parsed.match_strings()) if m.parsed is not None else None
    hits = [hit_of(snap.stored(d), cols.summaries.at(d), pattern) for d in page]
    notes = why_nothing(snap, req, m) if total == 0 else []
    return SearchResult(
        query=req.q,
        total=total,
        page=req.page,
        page_size=req.page_size,
        hits=hits,
        facets=facets,
        facet_totals=totals,
        notes=notes,
    )


def facet_matches(
    index: SearchIndex, req: SearchRequest, name: str, contains: str, limit: int = 50
) -> list[FacetValue]:
    """A facet's values containing `contains` (folded: 黃 finds 黄), with counts under the request's
    other filters, most frequent first: the sidebar's filter box asks for these."""
    req.validate()
    snap = index.snapshot()
    needle = fold(contains.strip())

    def compute() -> list[FacetValue]:
        column = snap.columns.columns[name]
        counts = column.counts(select(snap, req).without(name))
        return matching_values(column, counts, needle, req.filters[name], limit, name)

    return index.cached(snap, ("facet", name, needle, limit, req.cache_key()), compute)


def listing(index: SearchIndex, req: SearchRequest, limit: int = 10000) -> list[Hit]:
    """Every selected meeting (up to `limit`) in the requested order, with its snippet and matching
    items: for exports. The matching runs in the time budget; building the rows is bounded by `limit`."""
    req.validate()
    snap = index.snapshot()
    m = index.cached(snap, ("listing", req.cache_key()), lambda: select(snap, req))
    docs = index.cached(snap, ("listing-order", limit, req.cache_key()), lambda: ordered(snap, m, req, limit))
    pattern = highlight.compile_matcher(m.parsed.match_strings()) if m.parsed is not None else None
    return [hit_of(snap.stored(d), snap.summaries.at(d), pattern) for d in docs]
