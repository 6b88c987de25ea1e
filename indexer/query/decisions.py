"""Decision search: each hit is one decision, with its meeting, its item, what it records, its
citation and a snippet. `minutes search --decisions`, `/decisions` and `/api/decisions` call it.

Which decisions a request selects: the decisions of the meetings the same request selects (so a
decision hit always belongs to a meeting hit) that the query selects when each decision is judged
by itself (`_decision_mask`: its own text and item title, its own decision fields 类型 汇报 牵头 负责
文件 期限 文件状态, its meeting's fields; of the strings an AND looks for, one is enough). The decision filters (kind, presenter, lead, responsible, document
status) and the year, city and body filters are counted per decision.

Relevance: decisions holding more of the query's strings first (every word before some), then
the meeting-search tiers per decision (meeting number, item title, the exact strings' BM25 over
the decision's text), then newest first and in the meeting's order.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq

from ..analysis import fold
from ..citations import anchor, cite
from ..facets import DECISION_SHOWN
from ..models import Minutes, decision_details, decision_id, decision_text
from ..store import load_record
from ..vocabulary import OLDEST, RELEVANCE
from . import highlight, ranking
from .facetvalues import facet_values, matching_values
from .highlight import Marked
from .matching import Selection, match_mask, select
from .notes import why_nothing
from .phrases import BigramPhrase, exact_occurrences
from .request import FacetValue, SearchRequest
from .snapshot import SearchIndex, Snapshot
from .syntax import ParsedQuery, bigram_query

# Filters a decision meets itself (the others select its meeting)
DECISION_FILTERS = (*DECISION_SHOWN, "lead", "series")
# Query fields a decision meets itself
DECISION_FIELDS = frozenset(
    {"kind", "presenter", "lead", "responsible", "docstatus", "deadline", "docgrams", "document", "series"}
)
SNIPPET_WIDTH = 160
EXPORT_RECORDS = 512  # meeting records an export keeps (relevance order interleaves meetings)


@dataclass
class DecisionHit:
    id: str
    meeting: str
    city: str | None
    body: str | None
    number: int | None
    date: str | None
    meeting_title: str
    item: int
    item_title: str
    decision: int
    kinds: list[str]
    presenters: list[str]
    responsible: list[tuple[str, str | None]]  # (department, role)
    addressees: list[str]
    deadlines: list[tuple[str, str | None]]  # (as written, date)
    documents: list[tuple[str, str | None, str]]  # (title, status, action)
    citation: str  # without the page's address (`citations.cite`)
    anchor: str  # the meeting page's anchor of the decision
    url: str | None  # the original's address, where the document gives one
    snippet: Marked
    text: str

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "meeting": self.meeting,
            "city": self.city,
            "body": self.body,
            "number": self.number,
            "date": self.date,
            "meeting_title": self.meeting_title,
            "item": self.item,
            "item_title": self.item_title,
            "decision": self.decision,
            "kinds": self.kinds,
            "presenters": self.presenters,
            "responsible": [{"department": d, "role": r} for d, r in self.responsible],
            "addressees": self.addressees,
            "deadlines": [{"text": t, "date": d} for t, d in self.deadlines],
            "documents": [{"title": t, "status": s, "action": a} for t, s, a in self.documents],
            "citation": self.citation,
            "anchor": self.anchor,
            "url": self.url,
            "snippet": self.snippet.tagged(),
            "text": self.text,
        }


@dataclass
class DecisionResult:
    query: str
    total: int
    meetings: int  # meetings the decisions belong to
    page: int
    page_size: int
    hits: list[DecisionHit]
    facets: dict[str, list[FacetValue]]
    facet_totals: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The JSON contract shared by `minutes search --decisions --json` and `/api/decisions`."""
        return {
            "query": self.query,
            "total": self.total,
            "meetings": self.meetings,
            "page": self.page,
            "page_size": self.page_size,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for name, values in self.facets.items()
            },
            "notes": self.notes,
        }


@dataclass
class DecisionSelection:
    meetings: Selection  # the meetings the request selects (without the decision filters)
    parsed: ParsedQuery | None
    base: np.ndarray  # decisions before the decision filters
    masks: dict[str, np.ndarray]  # one per active decision filter
    final: np.ndarray
    coverage: np.ndarray | None  # how many of the query's strings each decision holds

    def without(self, name: str) -> np.ndarray:
        base = self.base.copy()
        for other, mask in self.masks.items():
            if other != name:
                base &= mask
        return base


def search_decisions(index: SearchIndex, req: SearchRequest) -> DecisionResult:
    req.validate()
    snap = index.snapshot()
    return index.cached(snap, ("decisions", req.cache_key()), lambda: _search(snap, req))


def decision_facet_matches(
    index: SearchIndex, req: SearchRequest, name: str, contains: str, limit: int = 50
) -> list[FacetValue]:
    """A decision facet's values containing `contains` (folded), with decision counts under the
    request's other filters: the decision page's filter box asks for these."""
    req.validate()
    snap = index.snapshot()
    needle = fold(contains.strip())

    def compute() -> list[FacetValue]:
        column = snap.decisions.columns[name]
        counts = column.counts(select_decisions(snap, req).without(name))
        return matching_values(column, counts, needle, req.filters[name], limit, name)

    return index.cached(snap, ("decision-facet", name, needle, limit, req.cache_key()), compute)


def decision_rows(index: SearchIndex, req: SearchRequest, limit: int | None = None) -> Iterator[DecisionHit]:
    """Every selected decision in the requested order, one at a time (for exports: the records of
    the last EXPORT_RECORDS meetings are kept, so memory stays bounded whatever the archive). The
    selection is made before this returns: a query that cannot be read raises here, not mid-file."""
    req.validate()
    snap = index.snapshot()
    sel = select_decisions(snap, req)
    docs = ordered(snap, sel, req, limit)
    pattern = _pattern(sel)

    def rows() -> Iterator[DecisionHit]:
        records: OrderedDict[int, Minutes] = OrderedDict()  # the most recent meetings' records
        for d in docs.tolist():
            meeting = int(snap.decisions.meeting[d])
            if meeting in records:
                records.move_to_end(meeting)
            else:
                records[meeting] = load_record(snap.stored(meeting))
                if len(records) > EXPORT_RECORDS:
                    records.popitem(last=False)
            yield _hit(snap, d, records[meeting], pattern)

    return rows()


def select_decisions(snap: Snapshot, req: SearchRequest) -> DecisionSelection:
    dcols = snap.decisions
    meeting_req = _without_decision_filters(req)
    m = select(snap, meeting_req)
    base = dcols.lift(m.final)
    coverage = None
    if m.parsed is not None:
        coverage = _coverage(snap, m.parsed)
        base &= _decision_mask(m.parsed.query, snap)
    masks = {
        name: dcols.columns[name].any_of(req.filters[name], dcols.n_docs)
        for name in DECISION_FILTERS
        if req.filters[name]
    }
    final = base.copy()
    for mask in masks.values():
        final &= mask
    return DecisionSelection(m, m.parsed, base, masks, final, coverage)


def ordered(snap: Snapshot, sel: DecisionSelection, req: SearchRequest, limit: int | None) -> np.ndarray:
    """Document numbers of the first `limit` selected decisions in the requested order."""
    dcols = snap.decisions
    docnums = np.flatnonzero(sel.final)
    if sel.parsed is None or req.sort != RELEVANCE or not len(docnums):
        return dcols.order(docnums, newest_first=req.sort != OLDEST)[:limit]
    s = ranking.scores(sel.parsed, snap.searcher(), dcols, snap.lengths)
    cover = sel.coverage[docnums] if sel.coverage is not None else np.zeros(len(docnums))
    summaries = dcols.summaries
    keys = np.lexsort(
        (
            summaries.n_in_item[docnums],
            summaries.at[docnums],
            -dcols.number[docnums],
            -dcols.date[docnums],
            -s.exact[docnums],
            -s.title[docnums],
            -s.number[docnums],
            -cover,
        )
    )
    return docnums[keys][:limit]


def _search(snap: Snapshot, req: SearchRequest) -> DecisionResult:
    dcols = snap.decisions
    sel = select_decisions(snap, req)
    facets, totals = {}, {}
    for name in DECISION_SHOWN:
        counts = dcols.columns[name].counts(sel.without(name))
        facets[name] = facet_values(dcols.columns[name], counts, req.filters[name], req.facet_limit, name)
        totals[name] = int(np.count_nonzero(counts))
    total = int(np.count_nonzero(sel.final))
    start = (req.page - 1) * req.page_size
    page = ordered(snap, sel, req, start + req.page_size)[start:] if start < total else np.zeros(0, np.int64)
    pattern = _pattern(sel)
    records: dict[int, Minutes] = {}
    hits = []
    for d in page:
        meeting = int(dcols.meeting[d])
        if meeting not in records:
            records[meeting] = load_record(snap.stored(meeting))
        hits.append(_hit(snap, int(d), records[meeting], pattern))
    meetings = len(np.unique(dcols.meeting[sel.final])) if total else 0
    return DecisionResult(
        query=req.q,
        total=total,
        meetings=meetings,
        page=req.page,
        page_size=req.page_size,
        hits=hits,
        facets=facets,
        facet_totals=totals,
        notes=_why_nothing(snap, req, sel) if total == 0 else [],
    )


def _hit(snap: Snapshot, d: int, record: Minutes, pattern: re.Pattern | None) -> DecisionHit:
    s = snap.decisions.summaries
    item_number, n = int(s.item[d]), int(s.n_in_item[d])
    item = record.items[int(s.at[d])]
    text = decision_text(item, n)
    details = decision_details(item, n)
    snip = highlight.snippet(text, pattern, width=SNIPPET_WIDTH) if pattern else None
    return DecisionHit(
        id=decision_id(record.id, item_number, n),
        meeting=record.id,
        city=record.city,
        body=record.body,
        number=record.number,
        date=record.date,
        meeting_title=record.display_title,
        item=item_number,
        item_title=item.title,
        decision=n,
        kinds=list(details.kinds),
        presenters=list(details.presenters),
        responsible=[(r.department, r.role) for r in details.responsible],
        addressees=list(details.addressees),
        deadlines=[(x.text, x.date) for x in details.deadlines],
        documents=[(x.title, x.status, x.action) for x in details.documents],
        citation=cite(record, item_number, n),
        anchor=anchor(item_number, n),
        url=record.source_url,
        snippet=snip or highlight.lead(text, SNIPPET_WIDTH),
        text=text,
    )


def _pattern(sel: DecisionSelection) -> re.Pattern | None:
    return highlight.compile_matcher(sel.parsed.match_strings()) if sel.parsed is not None else None


def _without_decision_filters(req: SearchRequest) -> SearchRequest:
    meeting_req = SearchRequest(
        req.q,
        date_from=req.date_from,
        date_to=req.date_to,
        number_from=req.number_from,
        number_to=req.number_to,
        sort=req.sort,
    )
    meeting_req.filters = {name: [] if name in DECISION_FILTERS else values for name, values in req.filters.items()}
    return meeting_req


def _coverage(snap: Snapshot, parsed: ParsedQuery) -> np.ndarray | None:
    """How many of the query's positive strings each decision holds (in its text or its item's
    title); None when the query has none (field queries only)."""
    leaves = parsed.texts()
    if not leaves:
        return None
    dcols = snap.decisions
    searcher = snap.searcher()
    coverage = np.zeros(dcols.n_docs, dtype=np.int16)
    for leaf in leaves:
        assert leaf.literal is not None
        holds = np.zeros(dcols.n_docs, dtype=bool)
        holds[exact_occurrences(searcher, bigram_query("ngrams", leaf.literal))[0]] = True
        if leaf.field != "ngrams":  # 标题:… looks in the item's title only
            holds[:] = False
            holds[exact_occurrences(searcher, bigram_query("titlegrams", leaf.literal))[0]] = True
        if leaf.number is not None:  # 111: the decisions of meeting 111 hold it
            holds |= dcols.number == leaf.number
        coverage += holds & dcols.live
    return coverage


def _decision_mask(node: wq.Query, snap: Snapshot) -> np.ndarray:
    """The decisions a query selects, each judged by itself: a decision field by the decision's
    own values, a text by the decision's own text and its item's title, a meeting's field by its
    meeting; AND, OR and NOT compose as written, except that the strings an AND looks for need
    only one of them in the decision (the meeting holds them all: the meeting's selection says
    so), so a decision holding some of the words is found, and ranked below one holding all."""
    dcols = snap.decisions
    if isinstance(node, wq.AndMaybe):
        return _decision_mask(node.a, snap)
    if isinstance(node, wq.AndNot):
        return _decision_mask(node.a, snap) & ~_decision_mask(node.b, snap)
    if isinstance(node, wq.Not):
        return dcols.live & ~_decision_mask(node.query, snap)
    if isinstance(node, wq.And) and not isinstance(node, (wq.Phrase, BigramPhrase)):
        texts = [c for c in node.subqueries if _is_text(c)]
        mask = dcols.live.copy()
        for child in node.subqueries:
            if not _is_text(child):
                mask &= _decision_mask(child, snap)
        if texts:
            mask &= np.logical_or.reduce([_decision_mask(c, snap) for c in texts])
        return mask
    if isinstance(node, (wq.Or, wq.DisjunctionMax)):
        return np.logical_or.reduce([_decision_mask(c, snap) for c in node.subqueries]) & dcols.live
    if _is_text(node) or getattr(node, "fieldname", None) in DECISION_FIELDS:
        return match_mask(node, snap) & dcols.live  # the decision's own postings
    return dcols.lift(match_mask(node, snap) & snap.columns.live)  # its meeting's field


def _is_text(node: wq.Query) -> bool:
    """A text leaf: bigrams of the text or the titles (with the words that rank it)."""
    if isinstance(node, wq.AndMaybe):
        return _is_text(node.a)
    if isinstance(node, BigramPhrase):
        return True
    return isinstance(node, (wq.Term, wq.Prefix)) and node.fieldname in ("ngrams", "titlegrams")


def _why_nothing(snap: Snapshot, req: SearchRequest, sel: DecisionSelection) -> list[str]:
    if not snap.decisions.live.any():
        return ["索引里还没有决定"]
    if not sel.meetings.final.any():
        return why_nothing(snap, _without_decision_filters(req), sel.meetings)
    meetings = int(np.count_nonzero(sel.meetings.final))
    if not sel.base.any():
        return [f"有 {meetings} 场会议符合，但其中没有一条决定本身含有所找的文字或满足所找的决定字段"]
    return [f"有 {int(np.count_nonzero(sel.base))} 条决定符合检索，但没有一条同时满足所选的筛选条件"]
