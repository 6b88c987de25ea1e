"""Which meetings a request selects, and in what order.

The text query is evaluated by set algebra over its leaves' document lists (numpy masks), the
date and number ranges and the list filters by the facet columns; `Selection` keeps each part
apart, so that facet counts can leave out their own filter and zero-hit notes can say which part
removed everything. Relevance order is `ranking`'s; the others are by date.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

from ..budget import check_time
from ..errors import QueryError
from ..vocabulary import OLDEST, RELEVANCE
from ..whoosh_internals import expand_prefix, term_arrays
from . import ranking, syntax
from .phrases import BigramPhrase, exact_occurrences
from .request import SearchRequest
from .snapshot import Snapshot
from .syntax import ParsedQuery

GRAM_FIELDS = ("ngrams", "titlegrams", "docgrams")  # the bigram fields (`packs.POSITIONAL`)


def parse_query(text: str, searcher=None) -> ParsedQuery:
    """Read a query as users type it (see `syntax`); the searcher expands name prefixes."""
    return syntax.parse(text, searcher.reader() if searcher is not None else None)


def ids_mask(ids, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[ids if isinstance(ids, np.ndarray) else np.fromiter(ids, dtype=np.int64)] = True
    return mask


def match_mask(node: wq.Query, snap: Snapshot) -> np.ndarray:
    """The documents a query matches, by set algebra over its leaves' document lists.

    Equivalent to `node.docs(searcher)`, without running Whoosh's combined matchers document by
    document (which costs more than the leaves themselves on large result sets). Meeting numbers
    are read from the number column: Whoosh's `NumericRange` over the tiered numeric terms matches
    every meeting for some numbers (`NumericRange("number", 11, 11)` in whoosh-reloaded 2.7.5).
    """
    check_time()
    searcher, n = snap.searcher(), snap.columns.n_docs
    if isinstance(node, wq.AndMaybe):  # the optional side only adds to the score
        return match_mask(node.a, snap)
    if isinstance(node, wq.AndNot):
        return match_mask(node.a, snap) & ~match_mask(node.b, snap)
    if isinstance(node, wq.Not):
        return ~match_mask(node.query, snap)
    if isinstance(node, wq.And) and not isinstance(node, wq.Phrase):
        mask = np.ones(n, dtype=bool)
        for child in node.subqueries:
            mask &= match_mask(child, snap)
        return mask
    if isinstance(node, (wq.Or, wq.DisjunctionMax)):
        mask = np.zeros(n, dtype=bool)
        for child in node.subqueries:
            mask |= match_mask(child, snap)
        return mask
    if node is wq.NullQuery:
        return np.zeros(n, dtype=bool)
    if isinstance(node, wq.NumericRange) and node.fieldname == "number":
        numbers = snap.columns.number_mask(node.start, node.end)
        return snap.columns.live.copy() if numbers is None else numbers & snap.columns.live
    if isinstance(node, BigramPhrase) or (isinstance(node, (wq.Term, wq.Prefix)) and node.fieldname in GRAM_FIELDS):
        return ids_mask(exact_occurrences(searcher, node)[0], n)
    if isinstance(node, wq.Term):  # deleted documents may appear: `select` keeps the live ones
        mask = np.zeros(n, dtype=bool)
        mask[term_arrays(searcher.reader(), node.fieldname, node.text).docs] = True
        return mask
    if isinstance(node, wq.Prefix):  # a name prefix, bounded as query syntax expands them
        reader = searcher.reader()
        terms = list(itertools.islice(expand_prefix(reader, node.fieldname, node.text), syntax.MAX_EXPANSION + 1))
        if len(terms) > syntax.MAX_EXPANSION:
            raise QueryError(
                f"{node.text}* 对应的名称超过 {syntax.MAX_EXPANSION} 个，请写得更具体", "too_many_expansions"
            )
        mask = np.zeros(n, dtype=bool)
        for btext in terms:
            mask[term_arrays(reader, node.fieldname, btext).docs] = True
        return mask
    return ids_mask(node.docs(searcher), n)


@dataclass
class Selection:
    """Which meetings a request selects: before list filters, per filter, and in the end."""

    parsed: ParsedQuery | None
    matched: np.ndarray  # text query, date and number ranges
    masks: dict[str, np.ndarray]  # one per active list filter
    final: np.ndarray  # everything applied
    text_only: np.ndarray  # the text query alone

    def without(self, name: str) -> np.ndarray:
        base = self.matched.copy()
        for other, mask in self.masks.items():
            if other != name:
                base &= mask
        return base


def select(snap: Snapshot, req: SearchRequest) -> Selection:
    cols = snap.columns
    searcher = snap.searcher()
    parsed = parse_query(req.q, searcher) if req.q.strip() else None
    matched = cols.live.copy()
    if parsed is not None:
        matched &= match_mask(parsed.query, snap)
    text_only = matched.copy()
    for mask in (cols.date_mask(req.date_from, req.date_to), cols.number_mask(req.number_from, req.number_to)):
        if mask is not None:
            matched &= mask
    masks = {name: cols.columns[name].any_of(values, cols.n_docs) for name, values in req.filters.items() if values}
    final = matched.copy()
    for mask in masks.values():
        final &= mask
    return Selection(parsed, matched, masks, final, text_only)


def ordered(snap: Snapshot, m: Selection, req: SearchRequest, limit: int) -> list[int]:
    """Document numbers of the first `limit` selected meetings in the requested order."""
    docnums = np.flatnonzero(m.final)
    cols = snap.columns
    if m.parsed is None or req.sort != RELEVANCE:
        return [int(d) for d in cols.order(docnums, newest_first=req.sort != OLDEST)[:limit]]
    if not len(docnums):
        return []
    scores = ranking.scores(m.parsed, snap.searcher(), cols, snap.lengths)
    return scores.order(docnums, cols.date, limit).tolist()
