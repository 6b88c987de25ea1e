"""The query side: one `search()` the CLI and the web app both call, plus trends and listings.

Every request reads one `Snapshot` of the index, taken once: the searcher, the facet columns, the
stored summaries and the version they belong to, so a writer committing meanwhile never mixes two
versions into one answer. Results are cached per snapshot.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from . import ranking, snippets
from .analysis import fold
from .columns import Columns, Summaries
from .facets import BY_NAME, SHOWN, split_key
from .index import INDEX_NAME, META_NAME, default_index_dir, index_generation, load_record, open_index
from .names import NameIndex
from .numerals import int_to_cn
from .phrases import READER_CACHE, SEARCHER_CACHE, BigramPhrase, exact_occurrences
from .processes import release_free_memory, return_large_blocks_promptly
from .querysyntax import MAX_EXPANSION, ParsedQuery, QueryError, check_time, parse, parse_date, time_budget
from .whoosh_internals import searcher_at

PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
FACET_LIMIT = 30
SORTS = ("relevance", "newest", "oldest")
DEFAULT_TIME_BUDGET = 2.0  # seconds a query may take (MINUTES_QUERY_TIMEOUT)
ITEM_HITS = 10  # most matching agenda items one hit carries
SNIPPET_WIDTH = 120

__all__ = ["QueryError", "SearchIndex", "SearchRequest", "SearchResult", "parse_query", "search"]


# ---------------------------------------------------------------- request and result


class SearchRequest:
    """A search: the query, one list of values per filter in `facets.FACETS` (values of one filter
    are OR-ed, filters AND-ed), date and number ranges, order and page. `req.attendee` reads a
    filter's values."""

    def __init__(
        self,
        q: str = "",
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        number_from: int | None = None,
        number_to: int | None = None,
        sort: str = "relevance",
        page: int = 1,
        page_size: int = PAGE_SIZE,
        facet_limit: int = FACET_LIMIT,
        **filters,
    ):
        unknown = set(filters) - set(BY_NAME)
        if unknown:
            raise TypeError(f"unknown filter {sorted(unknown)[0]!r}: use one of {', '.join(BY_NAME)}")
        self.q = q
        self.filters = {name: [str(v) for v in filters.get(name) or []] for name in BY_NAME}
        self.date_from, self.date_to = date_from, date_to
        self.number_from, self.number_to = number_from, number_to
        self.sort, self.page, self.page_size, self.facet_limit = sort, page, page_size, facet_limit

    def __getattr__(self, name: str):
        filters = self.__dict__.get("filters")
        if filters is not None and name in filters:
            return filters[name]
        raise AttributeError(name)

    def validate(self) -> SearchRequest:
        if self.sort not in SORTS:
            raise QueryError(f"未知的排序 {self.sort!r}：可用 {', '.join(SORTS)}", "bad_sort")
        self.date_from = parse_date(self.date_from, "起始日期") if self.date_from else None
        self.date_to = parse_date(self.date_to, "结束日期") if self.date_to else None
        for value in self.filters["year"]:
            if not value.isdigit() or len(value) != 4:
                raise QueryError(f"年份 {value!r} 不是四位数字", "bad_year")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"页码必须在 1 到 {MAX_PAGE} 之间", "bad_page")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise QueryError(f"每页条数必须在 1 到 {MAX_PAGE_SIZE} 之间", "bad_page_size")
        self.facet_limit = max(1, min(int(self.facet_limit), 10000))
        return self

    def filter_values(self) -> list[tuple[str, str]]:
        """(filter name, value) of every active filter."""
        return [(name, v) for name, values in self.filters.items() for v in values]

    def cache_key(self) -> tuple:
        return (
            self.q,
            tuple((k, tuple(v)) for k, v in self.filters.items() if v),
            self.date_from,
            self.date_to,
            self.number_from,
            self.number_to,
            self.sort,
            self.page,
            self.page_size,
            self.facet_limit,
        )


@dataclass
class ItemHit:
    number: int
    title: str
    snippet: str
    decision: int | None = None  # the decision (1-based) the snippet is from; None: the item's title


@dataclass
class Hit:
    id: str
    city: str | None
    number: int
    date: str
    title: str
    chair: str | None
    snippet: str
    items: list[ItemHit]


@dataclass
class FacetValue:
    value: str  # what the filter takes: a name, or `name（city）` where the name is in several cities
    count: int
    selected: bool = False
    label: str = ""  # what is shown: the name, with its city where it is ambiguous among the values shown


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facet_totals: dict[str, int] = field(default_factory=dict)  # distinct values before truncation
    notes: list[str] = field(default_factory=list)  # why there are no hits, where it can be said

    def to_json(self) -> dict:
        """The JSON contract shared by `minutes search --json` and `/api/search`."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "hits": [
                {
                    "id": h.id,
                    "city": h.city,
                    "number": h.number,
                    "date": h.date,
                    "title": h.title,
                    "chair": h.chair,
                    "snippet": h.snippet,
                    "items": [
                        {"number": i.number, "decision": i.decision, "title": i.title, "snippet": i.snippet}
                        for i in h.items
                    ],
                }
                for h in self.hits
            ],
            "facets": {
                name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for name, values in self.facets.items()
            },
            "notes": self.notes,
        }


# ---------------------------------------------------------------- the index as the query side sees it


class Snapshot:
    """One committed version of the index, as every part of a request reads it.

    `columns` and `lengths` are built from this version's reader; `searcher()` gives the calling
    thread a searcher over exactly this version (Whoosh searchers must not be shared by threads).
    """

    def __init__(self, stamp, ix: FileIndex):
        self.stamp = stamp
        self.generation = stamp[-1]
        self._storage, self._schema = ix.storage, ix.schema
        self._local = threading.local()
        searcher = self._open_searcher()
        reader = searcher.reader()
        n = reader.doc_count_all()
        self.columns = Columns(Summaries(((d, stored["summary"]) for d, stored in reader.iter_docs()), n))
        self.lengths = ranking.field_lengths(reader, n)
        release_free_memory()
        self._local.searcher = searcher
        self._names: NameIndex | None = None

    def _open_searcher(self) -> Searcher:
        """A searcher over this generation (raises OSError when a newer commit removed it)."""
        return searcher_at(self._storage, INDEX_NAME, self.generation, self._schema)

    def searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._open_searcher()
        return searcher

    @property
    def summaries(self) -> Summaries:
        return self.columns.summaries

    def live(self):
        """(document number, compact summary) of every meeting in this version."""
        summaries = self.columns.summaries
        return ((int(n), summaries[n]) for n in np.flatnonzero(summaries.live))

    def stored(self, docnum: int) -> dict:
        return self.searcher().stored_fields(int(docnum))

    @property
    def names(self) -> NameIndex:
        """Everyone in this version with their pinyin, for name lookups (built on first use)."""
        if self._names is None:
            column = self.columns.columns["person"]
            counts = column.counts(self.columns.live)
            self._names = NameIndex([(column.values[c], int(counts[c])) for c in np.flatnonzero(counts)])
        return self._names


class SearchIndex:
    """An index opened once per process; a new `Snapshot` is taken when a writer commits or a
    rebuild replaces the index. Holds a small cache of recent results, keyed by snapshot."""

    def __init__(self, index_dir: str | Path | None = None, cache_size: int = 256, time_budget: float | None = None):
        self.dir = Path(index_dir or default_index_dir())
        self.time_budget = (
            time_budget
            if time_budget is not None
            else float(os.environ.get("MINUTES_QUERY_TIMEOUT") or DEFAULT_TIME_BUDGET)
        )
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        return_large_blocks_promptly()
        self.snapshot()

    def _current_stamp(self):
        """Changes at every commit, and when a rebuild replaces the index."""
        try:
            meta = (self.dir / META_NAME).stat()
            identity = (meta.st_ino, meta.st_mtime_ns)
        except OSError:
            identity = None
        return identity, index_generation(self.dir)

    def snapshot(self) -> Snapshot:
        """The current version, with this thread's searcher open on it."""
        for attempt in range(5):
            stamp = self._current_stamp()
            snap = self._snapshot
            if snap is None or snap.stamp != stamp:
                with self._lock:
                    snap = self._snapshot
                    if snap is None or snap.stamp != stamp:
                        try:
                            snap = Snapshot(stamp, open_index(self.dir))
                        except (OSError, EOFError):  # a commit or swap in progress: look again
                            if attempt == 4:
                                raise
                            continue
                        self._snapshot = snap
                        self._cache.clear()
            try:
                snap.searcher()
                return snap
            except (OSError, EOFError):  # this version was superseded and cleaned up meanwhile
                with self._lock:
                    if self._snapshot is snap:
                        self._snapshot = None
        raise OSError(f"{self.dir}: the index kept changing while it was being opened")

    @property
    def columns(self) -> Columns:
        return self.snapshot().columns

    def clear_results(self) -> None:
        """Forget cached results (phrase matches stay with their searcher)."""
        with self._lock:
            self._cache.clear()

    def clear_caches(self) -> None:
        """Forget cached results and phrase matches (benchmarks measure the work, not the caches)."""
        self.clear_results()
        snap = self._snapshot
        if snap is not None:
            snap.searcher().__dict__.pop(SEARCHER_CACHE, None)
            snap.searcher().reader().__dict__.pop(READER_CACHE, None)

    def cached(self, snap: Snapshot, key, compute):
        key = (snap.stamp, key)
        with self._lock:  # web requests share the cache across threads
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        with time_budget(self.time_budget):
            value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value


# ---------------------------------------------------------------- query parsing


def parse_query(text: str, searcher=None) -> ParsedQuery:
    """Read a query as users type it (see `querysyntax`); the searcher expands name prefixes."""
    return parse(text, searcher.reader() if searcher is not None else None)


# ---------------------------------------------------------------- search

GRAM_FIELDS = ("ngrams", "titlegrams")


def _facet_values(column, counts: np.ndarray, req: SearchRequest, name: str) -> list[FacetValue]:
    codes = np.flatnonzero(counts)
    rank = column.value_rank()
    if name == "year":  # newest first
        codes = codes[np.argsort(-rank[codes], kind="stable")]
    else:  # most meetings first, then by value
        codes = codes[np.lexsort((rank[codes], -counts[codes]))]
    selected = req.filters[name]
    chosen = {c for v in selected for c in column.codes_for(v)}
    top = [(int(c), int(counts[c])) for c in codes[: req.facet_limit]]
    shown = {c for c, _ in top}
    top += [(c, int(counts[c])) for c in sorted(chosen - shown)]  # a selected value stays visible, even at 0
    if not column.per_city:
        values = [FacetValue(column.values[c], n, c in chosen, column.values[c]) for c, n in top]
        missing = [v for v in selected if not column.codes_for(v)]
        return values + [FacetValue(v, 0, True, v) for v in missing]
    names = [split_key(column.values[c])[0] for c, _ in top]
    repeated = {n for n, k in Counter(names).items() if k > 1}
    out = []
    for (c, n), bare in zip(top, names):
        keyed = column.values[c]
        value = keyed if len(column.by_name.get(fold(bare), ())) > 1 else bare
        out.append(FacetValue(value, n, c in chosen, keyed if bare in repeated else bare))
    out += [FacetValue(v, 0, True, v) for v in selected if not column.codes_for(v)]
    return out


def _ids_mask(ids, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[np.fromiter(ids, dtype=np.int64)] = True
    return mask


def _match_mask(node: wq.Query, searcher, n: int) -> np.ndarray:
    """The documents a query matches, by set algebra over its leaves' document lists.

    Equivalent to `node.docs(searcher)`, without running Whoosh's combined matchers document by
    document (which costs more than the leaves themselves on large result sets).
    """
    check_time()
    if isinstance(node, wq.AndMaybe):  # the optional side only adds to the score
        return _match_mask(node.a, searcher, n)
    if isinstance(node, wq.AndNot):
        return _match_mask(node.a, searcher, n) & ~_match_mask(node.b, searcher, n)
    if isinstance(node, wq.Not):
        return ~_match_mask(node.query, searcher, n)
    if isinstance(node, wq.And) and not isinstance(node, wq.Phrase):
        mask = np.ones(n, dtype=bool)
        for child in node.subqueries:
            mask &= _match_mask(child, searcher, n)
        return mask
    if isinstance(node, (wq.Or, wq.DisjunctionMax)):
        mask = np.zeros(n, dtype=bool)
        for child in node.subqueries:
            mask |= _match_mask(child, searcher, n)
        return mask
    if node is wq.NullQuery:
        return np.zeros(n, dtype=bool)
    if isinstance(node, BigramPhrase) or (isinstance(node, (wq.Term, wq.Prefix)) and node.fieldname in GRAM_FIELDS):
        return _ids_mask(exact_occurrences(searcher, node)[0], n)
    if isinstance(node, wq.Term):
        reader = searcher.reader()
        if (node.fieldname, node.text) not in reader:
            return np.zeros(n, dtype=bool)
        return _ids_mask(reader.postings(node.fieldname, node.text).all_ids(), n)
    if isinstance(node, wq.Prefix):  # a name prefix, bounded as query syntax expands them
        terms = list(itertools.islice(searcher.reader().expand_prefix(node.fieldname, node.text), MAX_EXPANSION + 1))
        if len(terms) > MAX_EXPANSION:
            raise QueryError(f"{node.text}* 对应的名称超过 {MAX_EXPANSION} 个，请写得更具体", "too_many_expansions")
    return _ids_mask(node.docs(searcher), n)


def search(index: SearchIndex, req: SearchRequest) -> SearchResult:
    """Run a query with filters, facets, sorting and paging; results are cached per snapshot."""
    req.validate()
    snap = index.snapshot()
    return index.cached(snap, ("search", req.cache_key()), lambda: _search(snap, req))


@dataclass
class _Matching:
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


def _matching(snap: Snapshot, req: SearchRequest) -> _Matching:
    cols = snap.columns
    searcher = snap.searcher()
    parsed = parse_query(req.q, searcher) if req.q.strip() else None
    matched = cols.live.copy()
    if parsed is not None:
        matched &= _match_mask(parsed.query, searcher, cols.n_docs)
    text_only = matched.copy()
    for mask in (cols.date_mask(req.date_from, req.date_to), cols.number_mask(req.number_from, req.number_to)):
        if mask is not None:
            matched &= mask
    masks = {name: cols.columns[name].any_of(values, cols.n_docs) for name, values in req.filters.items() if values}
    final = matched.copy()
    for mask in masks.values():
        final &= mask
    return _Matching(parsed, matched, masks, final, text_only)


def _ordered(snap: Snapshot, m: _Matching, req: SearchRequest, limit: int) -> list[int]:
    """Document numbers of the first `limit` selected meetings in the requested order."""
    docnums = np.flatnonzero(m.final)
    cols = snap.columns
    if m.parsed is None or req.sort != "relevance":
        return [int(d) for d in cols.order(docnums, newest_first=req.sort != "oldest")[:limit]]
    if not len(docnums):
        return []
    scores = ranking.scores(m.parsed, snap.searcher(), cols, snap.lengths)
    return [int(docnums[i]) for i in scores.order(docnums, cols.date)[:limit]]


def _search(snap: Snapshot, req: SearchRequest) -> SearchResult:
    cols = snap.columns
    m = _matching(snap, req)
    facets, totals = {}, {}
    for name in SHOWN:
        counts = cols.columns[name].counts(m.without(name))
        facets[name] = _facet_values(cols.columns[name], counts, req, name)
        totals[name] = int(np.count_nonzero(counts))
    total = int(np.count_nonzero(m.final))
    start = (req.page - 1) * req.page_size
    page = _ordered(snap, m, req, start + req.page_size)[start:] if start < total else []
    pattern = snippets.compile_matcher(m.parsed.match_strings()) if m.parsed is not None else None
    hits = [_hit(snap.stored(d), cols.summaries[d], pattern) for d in page]
    notes = _why_nothing(snap, req, m) if total == 0 else []
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


def _why_nothing(snap: Snapshot, req: SearchRequest, m: _Matching) -> list[str]:
    """Why a request selects no meeting, where it can be said: a term or filter that matches
    nothing at all, terms that never meet, and how many there would be without the filters."""
    cols, searcher = snap.columns, snap.searcher()
    notes: list[str] = []
    if not cols.live.any():
        return ["索引里还没有会议"]
    counts: list[tuple[str, int]] = []
    if m.parsed is not None:
        for leaf in m.parsed.leaves:
            if leaf.negated:
                continue
            n = int(np.count_nonzero(_match_mask(leaf.query, searcher, cols.n_docs) & cols.live))
            counts.append((leaf.label, n))
            if n == 0:
                notes.append(f"{leaf.label} 在任何会议中都没有出现" + _did_you_mean(snap, leaf.value or leaf.literal))
        if counts and all(n for _, n in counts) and not m.text_only.any():
            excluded = [leaf.label for leaf in m.parsed.leaves if leaf.negated]
            notes.append(
                "每个条件单独都有结果，但没有会议同时满足全部条件（"
                + "、".join(f"{label} {n} 条" for label, n in counts)
                + (f"；排除了 {'、'.join(excluded)}" if excluded else "")
                + "）"
            )
    for name, value in req.filter_values():
        if not cols.columns[name].any_of([value], cols.n_docs).any():
            notes.append(
                f"筛选条件「{BY_NAME[name].label}：{value}」在索引中没有任何会议"
                + (_did_you_mean(snap, split_key(value)[0]) if BY_NAME[name].per_city else "")
            )
    if req.date_from and req.date_to and req.date_from > req.date_to:
        notes.append(f"起始日期 {req.date_from} 晚于结束日期 {req.date_to}")
    has_filters = bool(req.filter_values() or req.date_from or req.date_to or req.number_from or req.number_to)
    if has_filters and m.text_only.any():
        notes.append(f"去掉筛选条件后有 {int(np.count_nonzero(m.text_only))} 条结果")
    return notes


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
        counts = column.counts(_matching(snap, req).without(name))
        wanted = [c for c in np.flatnonzero(counts) if needle in fold(split_key(column.values[c])[0])]
        narrowed = np.zeros_like(counts)
        narrowed[wanted] = counts[wanted]
        sub = SearchRequest(facet_limit=limit, **{name: req.filters[name]})
        return [v for v in _facet_values(column, narrowed, sub, name) if v.count or v.selected]

    return index.cached(snap, ("facet", name, needle, limit, req.cache_key()), compute)


def _did_you_mean(snap: Snapshot, typed: str | None) -> str:
    """'；是不是要找 黄戟（苏州市）？' for a name one character off or sounding the same."""
    if not typed or not 2 <= len(typed) <= 4:
        return ""
    close = snap.names.did_you_mean(typed)
    return ("；是不是要找 " + "、".join(f"{s.name}（{s.city}）" for s in close) + "？") if close else ""


def listing(index: SearchIndex, req: SearchRequest, limit: int = 10000) -> list[Hit]:
    """Every selected meeting (up to `limit`) in the requested order, with its snippet and matching
    items: for exports. The matching runs in the time budget; building the rows is bounded by `limit`."""
    req.validate()
    snap = index.snapshot()
    m = index.cached(snap, ("listing", req.cache_key()), lambda: _matching(snap, req))
    docs = index.cached(snap, ("listing-order", limit, req.cache_key()), lambda: _ordered(snap, m, req, limit))
    pattern = snippets.compile_matcher(m.parsed.match_strings()) if m.parsed is not None else None
    return [_hit(snap.stored(d), snap.summaries[d], pattern) for d in docs]


@dataclass
class Trend:
    query: str
    total: int
    years: dict[str, int]  # matching meetings per year (every year of the archive, zeros included)
    meetings: dict[str, int]  # all meetings per year under the same filters (the base of the share)
    shares: dict[str, float]  # matching / all, per year, in percent
    months: dict[str, int]  # matching meetings per month, every month from the first to the last


def _by_month(dates: np.ndarray) -> dict[str, int]:
    if not len(dates):
        return {}
    months = dates // 100
    counts = dict(zip(*np.unique(months, return_counts=True)))
    first, last = int(months.min()), int(months.max())
    out = {}
    y, m = divmod(first, 100)
    while y * 100 + m <= last:
        out[f"{y}-{m:02d}"] = int(counts.get(y * 100 + m, 0))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def trends(index: SearchIndex, req: SearchRequest) -> Trend:
    """Selected meetings per year, as counts and as shares of that year's meetings under the same
    filters, and per month (empty months included)."""
    req.validate()
    snap = index.snapshot()

    def compute() -> Trend:
        cols = snap.columns
        m = _matching(snap, req)
        base = cols.live.copy()  # every filter but the text query
        for mask in (
            cols.date_mask(req.date_from, req.date_to),
            cols.number_mask(req.number_from, req.number_to),
            *m.masks.values(),
        ):
            if mask is not None:
                base &= mask
        dates = cols.date[m.final]
        all_years = [str(y) for y in np.unique(cols.date[cols.live] // 10000)]
        years = dict.fromkeys(all_years, 0) | {
            str(y): int(c) for y, c in zip(*np.unique(dates // 10000, return_counts=True))
        }
        meetings = dict.fromkeys(all_years, 0) | {
            str(y): int(c) for y, c in zip(*np.unique(cols.date[base] // 10000, return_counts=True))
        }
        shares = {y: round(100.0 * years[y] / meetings[y], 1) if meetings[y] else 0.0 for y in all_years}
        return Trend(req.q, int(len(dates)), years, meetings, shares, _by_month(dates))

    return index.cached(snap, ("trends", req.cache_key()), compute)


def _hit(stored: dict, summary: dict, pattern) -> Hit:
    """One result line; what it carries is bounded (ITEM_HITS items, snippet widths), whatever
    the size of the meeting."""
    record = load_record(stored)
    items = []
    if pattern is not None:
        for item in record.items:
            parts = [(None, "", item.title)] + [
                (i + 1, f"（{int_to_cn(i + 1)}）" if i < 99 else "", d) for i, d in enumerate(item.decisions)
            ]
            for decision, marker, part in parts:
                snip = snippets.snippet(part, pattern, width=80)
                if snip:  # the decision marker says which decision matched
                    items.append(ItemHit(item.number, snippets.clip(item.title, 80), marker + snip, decision))
                    break
            if len(items) == ITEM_HITS:
                break
    body_snip = snippets.snippet(record.text, pattern, width=SNIPPET_WIDTH) if pattern else None
    return Hit(
        id=summary["id"],
        city=summary.get("city"),
        number=summary["number"],
        date=summary["date"],
        title=snippets.clip(summary["title"], 200),
        chair=summary.get("chair"),
        snippet=body_snip or snippets.lead(record.text, SNIPPET_WIDTH),
        items=items,
    )
