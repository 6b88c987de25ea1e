"""The query side: one `search()` the CLI and the web app both call, plus stats and person lookups."""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from . import ranking, snippets
from .columns import Columns, compact_summary
from .numerals import int_to_cn
from .phrases import SEARCHER_CACHE, BigramPhrase
from .index import META_NAME, default_index_dir, index_generation, load_record, open_index
from .schema import FACET_FIELDS

PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
FACET_LIMIT = 30
SORTS = ("relevance", "newest", "oldest")
QUERY_FIELDS = ("id", "title", "words", "ngrams", "number", "date", "year", "month", "chair", "attendee",
                "observer", "person", "department", "responsible", "city", "meeting_type")
FIELD_ALIASES = {"text": "ngrams", "正文": "ngrams", "标题": "title", "主持": "chair", "出席": "attendee",
                 "列席": "observer", "人员": "person", "部门": "department", "年份": "year", "日期": "date"}


class QueryError(ValueError):
    """A query string or filter that cannot be run; str() says why, for the user."""


# ---------------------------------------------------------------- request and result

@dataclass
class SearchRequest:
    q: str = ""
    attendee: list[str] = field(default_factory=list)
    observer: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    department: list[str] = field(default_factory=list)
    chair: list[str] = field(default_factory=list)
    year: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    number_from: int | None = None
    number_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    facet_limit: int = FACET_LIMIT

    def validate(self) -> "SearchRequest":
        if self.sort not in SORTS:
            raise QueryError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise QueryError(f"{name.replace('date_', '')} date {value!r} is not YYYY-MM-DD")
        for value in self.year:
            if not re.fullmatch(r"\d{4}", str(value)):
                raise QueryError(f"year {value!r} is not a four-digit year")
        self.year = [str(y) for y in self.year]
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError(f"page must be between 1 and {MAX_PAGE}")
        if not 1 <= self.page_size <= MAX_PAGE_SIZE:
            raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}")
        self.facet_limit = max(1, min(int(self.facet_limit), 10000))
        return self

    def cache_key(self) -> tuple:
        return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in asdict(self).items())


@dataclass
class ItemHit:
    number: int
    title: str
    snippet: str


@dataclass
class Hit:
    id: str
    number: int
    date: str
    title: str
    chair: str | None
    snippet: str
    items: list[ItemHit]
    score: float = 0.0


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    facet_totals: dict[str, int] = field(default_factory=dict)  # distinct values before truncation

    def to_json(self) -> dict:
        """The JSON contract shared by `minutes search --json` and `/api/search`."""
        return {
            "query": self.query, "total": self.total, "page": self.page, "page_size": self.page_size,
            "hits": [{"id": h.id, "number": h.number, "date": h.date, "title": h.title, "chair": h.chair,
                      "snippet": h.snippet,
                      "items": [{"number": i.number, "title": i.title, "snippet": i.snippet} for i in h.items]}
                     for h in self.hits],
            "facets": {name: [{"value": v.value, "count": v.count} for v in values]
                       for name, values in self.facets.items()},
        }


# ---------------------------------------------------------------- the index as the query side sees it

class SearchIndex:
    """An index opened once per process; reopened when a writer commits or a rebuild replaces it.

    Holds the per-meeting summaries (loaded once per index generation) that filters, facets and
    result lists are computed from, and a small cache of recent results.
    """

    def __init__(self, index_dir: str | Path | None = None, cache_size: int = 256):
        self.dir = Path(index_dir or default_index_dir())
        self._lock = threading.Lock()
        self._local = threading.local()
        self._ix = None
        self._stamp = None
        self.columns: Columns | None = None
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        self.refresh()

    def _current_stamp(self):
        """Changes at every commit, and when a rebuild replaces the index."""
        try:
            meta = (self.dir / META_NAME).stat().st_mtime_ns
        except OSError:
            meta = None
        return index_generation(self.dir), meta

    def refresh(self) -> None:
        stamp = self._current_stamp()
        if stamp == self._stamp and self._ix is not None:
            return
        with self._lock:
            if stamp == self._stamp and self._ix is not None:
                return
            ix = open_index(self.dir)
            with ix.searcher() as s:
                reader = s.reader()
                summaries: list[dict | None] = [None] * reader.doc_count_all()
                for docnum, stored in reader.iter_docs():
                    summaries[docnum] = compact_summary(stored["summary"])  # drop the rest early
                lengths = ranking.field_lengths(reader, len(summaries))
            self._ix, self.columns, self.lengths, self._stamp = ix, Columns(summaries), lengths, stamp
            self._cache.clear()

    @contextmanager
    def searcher(self):
        """This thread's searcher for the current index version (opening one costs ~100 ms at
        10,000 meetings, so it is kept; Whoosh searchers must not be shared between threads)."""
        self.refresh()
        local = self._local
        if getattr(local, "stamp", None) != self._stamp:
            if getattr(local, "searcher", None) is not None:
                local.searcher.close()
            local.searcher, local.stamp = self._ix.searcher(), self._stamp
        yield local.searcher

    @property
    def schema(self):
        return self._ix.schema

    def clear_caches(self) -> None:
        """Forget cached results and phrase matches (benchmarks measure the work, not the caches)."""
        with self._lock:
            self._cache.clear()
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.__dict__.pop(SEARCHER_CACHE, None)

    def cached(self, key, compute):
        with self._lock:  # web requests share the cache across threads
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value

    def live(self):
        """(document number, compact summary) of every meeting in the index."""
        return ((n, s) for n, s in enumerate(self.columns.summaries) if s is not None)


# ---------------------------------------------------------------- query parsing

_FIELD_RE = re.compile(r"(?<![\w\"])([A-Za-z_\u4e00-\u9fff]+):(?=\S)")


def _check_syntax(text: str) -> str:
    if text.count('"') % 2:
        raise QueryError("unbalanced quote: every \" needs a closing \"")
    depth = 0
    outside = re.sub(r'"[^"]*"', "", text)
    for ch in outside:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: a ) has no matching (")
    if depth:
        raise QueryError("unbalanced parentheses: a ( is never closed")
    if re.search(r"(^|\s)(AND|OR|NOT)\s*$", outside) or re.match(r"^\s*(AND|OR)\b", outside):
        raise QueryError("an AND/OR/NOT operator is missing its term")

    def field(m: re.Match) -> str:
        name = FIELD_ALIASES.get(m.group(1), m.group(1))
        if name not in QUERY_FIELDS:
            raise QueryError(f"unknown field {m.group(1)!r}: use one of {', '.join(QUERY_FIELDS)}")
        return name + ":"
    # Field names are checked (and Chinese aliases translated) outside quoted phrases only.
    pieces = re.split(r'("[^"]*")', text)
    return "".join(p if p.startswith('"') else _FIELD_RE.sub(field, p) for p in pieces)


def _errors(node: wq.Query) -> list[str]:
    found = [node.error] if getattr(node, "error", None) else []
    for child in node.children():
        found += _errors(child)
    return found


def _fieldname(node: wq.Query) -> str | None:
    if hasattr(node, "fieldname"):
        return node.fieldname
    names = {_fieldname(c) for c in node.children()}
    return names.pop() if len(names) == 1 else None


def _adapt(node: wq.Query) -> wq.Query:
    """Fit a parsed query to the fields.

    - A one-character term on the bigram field matches every bigram that starts with it.
    - A phrase on `words` (no positions) or `title` becomes all of its words: these fields only
      rank, and checking word positions there would cost time for nothing.
    - For a plain term, searched in title, words and bigrams at once, the bigrams decide whether a
      meeting matches (an exact substring) and titles and whole words only add to the score.
    """
    if isinstance(node, wq.Phrase) and node.fieldname in ("words", "title"):
        terms = [wq.Term(node.fieldname, w, boost=node.boost) for w in node.words]
        return terms[0] if len(terms) == 1 else wq.And(terms, boost=node.boost)
    if isinstance(node, wq.Term) and node.fieldname == "ngrams" and len(node.text) == 1:
        return wq.Prefix("ngrams", node.text, boost=node.boost)
    if isinstance(node, wq.Phrase) and node.fieldname == "ngrams" and not isinstance(node, BigramPhrase):
        if len(node.words) == 1:
            word = node.words[0]
            return wq.Prefix("ngrams", word, boost=node.boost) if len(word) == 1 else wq.Term("ngrams", word, boost=node.boost)
        return BigramPhrase("ngrams", node.words, boost=node.boost)
    node = node.apply(_adapt)
    if isinstance(node, wq.Or):
        parts = {_fieldname(c): c for c in node.subqueries}
        if "ngrams" in parts and set(parts) <= {"title", "words", "ngrams"} and len(parts) == len(node.subqueries):
            rest = [c for name, c in parts.items() if name != "ngrams"]
            return wq.AndMaybe(parts["ngrams"], wq.Or(rest)) if rest else parts["ngrams"]
    return node


def parse_query(text: str, schema) -> wq.Query:
    """Whoosh query syntax over title, jieba words and bigrams; AND by default."""
    # Whitespace never separates characters in the index (it is layout); inside a phrase it is
    # folded to one space so that the phrase syntax, which stops at line ends, still sees it.
    text = re.sub(r'"[^"]*"', lambda m: re.sub(r"\s+", " ", m.group(0)), text.strip())
    text = _check_syntax(text)
    parser = MultifieldParser(["title", "words", "ngrams"], schema,
                              fieldboosts={"title": 3.0, "words": 2.0, "ngrams": 1.0})
    q = parser.parse(text)
    errors = _errors(q)
    if errors:
        raise QueryError(f"cannot read the query: {errors[0]}")
    return _adapt(q)


# ---------------------------------------------------------------- search

_LIST_FILTERS = ("attendee", "observer", "person", "department", "chair", "year")


def _facet_values(column, counts: np.ndarray, req: SearchRequest, name: str) -> list[FacetValue]:
    codes = np.flatnonzero(counts)
    pairs = [(column.values[c], int(counts[c])) for c in codes]
    if name == "year":
        pairs.sort(key=lambda kv: kv[0], reverse=True)
    else:
        pairs.sort(key=lambda kv: (-kv[1], kv[0]))
    selected = getattr(req, name)
    top = pairs[: req.facet_limit]
    shown = {v for v, _ in top}
    for value in selected:  # a selected value stays visible (to be unselected) even at 0
        if value not in shown:
            code = column.codes_of.get(value)
            top.append((value, int(counts[code]) if code is not None else 0))
    return [FacetValue(v, c, v in selected) for v, c in top]


def _ids_mask(ids, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[np.fromiter(ids, dtype=np.int64)] = True
    return mask


def _match_mask(node: wq.Query, searcher, n: int) -> np.ndarray:
    """The documents a query matches, by set algebra over its leaves' document lists.

    Equivalent to `node.docs(searcher)`, without running Whoosh's combined matchers document by
    document (which costs more than the leaves themselves on large result sets).
    """
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
    if isinstance(node, wq.Term):
        reader = searcher.reader()
        if (node.fieldname, node.text) not in reader:
            return np.zeros(n, dtype=bool)
        return _ids_mask(reader.postings(node.fieldname, node.text).all_ids(), n)
    return _ids_mask(node.docs(searcher), n)


def search(index: SearchIndex, req: SearchRequest) -> SearchResult:
    """Run a query with filters, facets, sorting and paging; results are cached per index version."""
    req.validate()
    index.refresh()
    return index.cached(req.cache_key(), lambda: _search(index, req))


@dataclass
class _Matching:
    """Which meetings a request selects: before list filters, per filter, and in the end."""

    text_query: wq.Query | None
    matched: np.ndarray              # text query, date and number ranges
    masks: dict[str, np.ndarray]     # one per active list filter
    final: np.ndarray                # everything applied

    def without(self, name: str) -> np.ndarray:
        base = self.matched.copy()
        for other, mask in self.masks.items():
            if other != name:
                base &= mask
        return base


def _matching(index: SearchIndex, req: SearchRequest, searcher) -> _Matching:
    cols = index.columns
    text_query = parse_query(req.q, searcher.schema) if req.q.strip() else None
    matched = cols.live.copy()
    if text_query is not None:
        matched &= _match_mask(text_query, searcher, cols.n_docs)
    for mask in (cols.date_mask(req.date_from, req.date_to), cols.number_mask(req.number_from, req.number_to)):
        if mask is not None:
            matched &= mask
    masks = {name: cols.columns[name].any_of(getattr(req, name), cols.n_docs)
             for name in _LIST_FILTERS if getattr(req, name)}
    final = matched.copy()
    for mask in masks.values():
        final &= mask
    return _Matching(text_query, matched, masks, final)


def _ordered(index: SearchIndex, m: _Matching, req: SearchRequest, searcher, limit: int) -> list[tuple[float, int]]:
    """(score, document number) of the first `limit` selected meetings in the requested order."""
    docnums = np.flatnonzero(m.final)
    if m.text_query is None or req.sort != "relevance":
        ordered = index.columns.order(docnums, newest_first=req.sort != "oldest")
        return [(0.0, int(d)) for d in ordered[:limit]]
    if not len(docnums):
        return []
    score = ranking.scores(m.text_query, searcher, index.columns.n_docs, index.lengths)[docnums]
    order = np.lexsort((-index.columns.date[docnums], -score))[:limit]  # ties: newest first
    return [(float(score[i]), int(docnums[i])) for i in order]


def _search(index: SearchIndex, req: SearchRequest) -> SearchResult:
    cols = index.columns
    with index.searcher() as s:
        m = _matching(index, req, s)
        facets, totals = {}, {}
        for name in FACET_FIELDS:
            counts = cols.columns[name].counts(m.without(name))
            facets[name] = _facet_values(cols.columns[name], counts, req, name)
            totals[name] = int(np.count_nonzero(counts))
        total = int(np.count_nonzero(m.final))
        start = (req.page - 1) * req.page_size
        page = _ordered(index, m, req, s, start + req.page_size)[start:] if start < total else []
        pattern = snippets.compile_matcher(snippets.match_strings(m.text_query)) if m.text_query is not None else None
        hits = [_hit(s.stored_fields(d), cols.summaries[d], score, pattern) for score, d in page]
    return SearchResult(query=req.q, total=total, page=req.page, page_size=req.page_size,
                        hits=hits, facets=facets, facet_totals=totals)


def listing(index: SearchIndex, req: SearchRequest, limit: int = 10000) -> list[dict]:
    """Summaries of every selected meeting (up to `limit`), in the requested order: for exports."""
    req.validate()
    index.refresh()
    with index.searcher() as s:
        m = _matching(index, req, s)
        return [index.columns.summaries[d] for _, d in _ordered(index, m, req, s, limit)]


@dataclass
class Trend:
    query: str
    total: int
    years: dict[str, int]
    months: dict[str, int]


def trends(index: SearchIndex, req: SearchRequest) -> Trend:
    """Selected meetings per year and per month (every year in the archive, zeros included)."""
    req.validate()
    index.refresh()
    cols = index.columns
    with index.searcher() as s:
        final = _matching(index, req, s).final
    dates = cols.date[final]
    all_years = np.unique(cols.date[cols.live] // 10000)
    years = {str(y): 0 for y in all_years}
    for y, c in zip(*np.unique(dates // 10000, return_counts=True)):
        years[str(y)] = int(c)
    months = {f"{m // 100}-{m % 100:02d}": int(c) for m, c in zip(*np.unique(dates // 100, return_counts=True))}
    return Trend(req.q, int(len(dates)), years, months)


def _hit(stored: dict, summary: dict, score: float, pattern) -> Hit:
    record = load_record(stored)
    items = []
    if pattern is not None:
        for item in record.items:
            parts = [("", item.title)] + [(f"（{int_to_cn(i + 1)}）", d) for i, d in enumerate(item.decisions)]
            for marker, part in parts:
                snip = snippets.snippet(part, pattern, width=80)
                if snip:  # the decision marker says which decision matched
                    items.append(ItemHit(item.number, item.title, marker + snip))
                    break
    body_snip = snippets.snippet(record.text, pattern) if pattern else None
    return Hit(id=summary["id"], number=summary["number"], date=summary["date"], title=summary["title"],
               chair=summary.get("chair"), snippet=body_snip or snippets.lead(record.text), items=items,
               score=round(float(score), 4))


# ---------------------------------------------------------------- meetings, people, stats

