"""The query side: one `search()` the CLI and the web app both call, plus stats and person lookups."""
from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from whoosh import query as wq
from whoosh.qparser import MultifieldParser

from . import snippets
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
        self._ix = None
        self._stamp = None
        self.summaries: list[dict | None] = []
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
            summaries: list[dict | None]
            with ix.searcher() as s:
                reader = s.reader()
                summaries = [None] * reader.doc_count_all()
                for docnum, stored in reader.iter_docs():
                    summaries[docnum] = _prepare(stored["summary"])
            self._ix, self.summaries, self._stamp = ix, summaries, stamp
            self._cache.clear()

    def searcher(self):
        self.refresh()
        return self._ix.searcher()

    @property
    def schema(self):
        return self._ix.schema

    def cached(self, key, compute):
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
        return ((n, s) for n, s in enumerate(self.summaries) if s is not None)


def _prepare(summary: dict) -> dict:
    """Add the derived sets that filters and facets test against."""
    s = dict(summary)
    s["year"] = s["date"][:4]
    s["observer_names"] = [name for name, _ in s["observers"]]
    people = [s.get("chair"), *s["attendees"], *s["observer_names"], s.get("recorder")]
    s["people"] = list(dict.fromkeys(p for p in people if p))
    s["facet_values"] = {
        "year": [s["year"]], "chair": [s["chair"]] if s.get("chair") else [],
        "attendee": list(dict.fromkeys(s["attendees"])), "observer": list(dict.fromkeys(s["observer_names"])),
        "department": s["departments"], "person": s["people"],
    }
    return s


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
    - A phrase on `words` (no positions) becomes all of its words.
    - For a plain term, searched in title, words and bigrams at once, the bigrams decide whether a
      meeting matches (an exact substring) and titles and whole words only add to the score.
    """
    if isinstance(node, wq.Phrase) and node.fieldname == "words":
        terms = [wq.Term("words", w, boost=node.boost) for w in node.words]
        return terms[0] if len(terms) == 1 else wq.And(terms, boost=node.boost)
    if isinstance(node, wq.Term) and node.fieldname == "ngrams" and len(node.text) == 1:
        return wq.Prefix("ngrams", node.text, boost=node.boost)
    if isinstance(node, wq.Phrase) and node.fieldname == "ngrams" and len(node.words) == 1 and len(node.words[0]) == 1:
        return wq.Prefix("ngrams", node.words[0], boost=node.boost)
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

_LIST_FILTERS = {"attendee": "attendee", "observer": "observer", "person": "person",
                 "department": "department", "chair": "chair", "year": "year"}


def _failed_filters(summary: dict, req: SearchRequest) -> int:
    """Bitmask of the filters this meeting fails (bit i = FACET order, then the rest)."""
    mask = 0
    values = summary["facet_values"]
    for bit, name in enumerate(_LIST_FILTERS):
        wanted = getattr(req, name)
        if wanted and not any(w in values[name] for w in wanted):
            mask |= 1 << bit
    extra = 1 << len(_LIST_FILTERS)
    date = summary["date"]
    if (req.date_from and date < req.date_from) or (req.date_to and date > req.date_to):
        mask |= extra
    n = summary["number"]
    if (req.number_from is not None and n < req.number_from) or (req.number_to is not None and n > req.number_to):
        mask |= extra
    return mask


def _facet_counts(matched, req: SearchRequest) -> tuple[dict[str, list[FacetValue]], dict[str, int]]:
    bits = {name: 1 << i for i, name in enumerate(_LIST_FILTERS)}
    counters = {name: Counter() for name in FACET_FIELDS}
    for summary, mask in matched:
        for name in FACET_FIELDS:
            if mask & ~bits[name] == 0:
                counters[name].update(summary["facet_values"][name])
    facets, totals = {}, {}
    for name, counter in counters.items():
        selected = set(getattr(req, name))
        if name == "year":
            ordered = sorted(counter.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        top = ordered[: req.facet_limit]
        shown = {v for v, _ in top}
        top += [(v, counter.get(v, 0)) for v in getattr(req, name) if v not in shown]
        facets[name] = [FacetValue(v, c, v in selected) for v, c in top]
        totals[name] = len(counter)
    return facets, totals


def search(index: SearchIndex, req: SearchRequest) -> SearchResult:
    """Run a query with filters, facets, sorting and paging; results are cached per index version."""
    req.validate()
    index.refresh()
    return index.cached(req.cache_key(), lambda: _search(index, req))


def _search(index: SearchIndex, req: SearchRequest) -> SearchResult:
    with index.searcher() as s:
        if req.q.strip():
            q = parse_query(req.q, s.schema)
            results = s.search(q, limit=None, terms=False)
            scored = [(score, docnum) for score, docnum in results.top_n]
            pattern = snippets.compile_matcher(snippets.match_strings(q))
        else:
            scored = [(0.0, n) for n, _ in index.live()]
            pattern = None

        matched, hits_pool = [], []
        for score, docnum in scored:
            summary = index.summaries[docnum]
            if summary is None:
                continue
            mask = _failed_filters(summary, req)
            matched.append((summary, mask))
            if mask == 0:
                hits_pool.append((score, docnum, summary))
        facets, totals = _facet_counts(matched, req)

        if req.sort == "newest":
            hits_pool.sort(key=lambda h: (h[2]["date"], h[2]["number"]), reverse=True)
        elif req.sort == "oldest":
            hits_pool.sort(key=lambda h: (h[2]["date"], h[2]["number"]))
        elif not req.q.strip():
            hits_pool.sort(key=lambda h: (h[2]["date"], h[2]["number"]), reverse=True)
        start = (req.page - 1) * req.page_size
        page = hits_pool[start:start + req.page_size]
        hits = [_hit(s.stored_fields(docnum), summary, score, pattern) for score, docnum, summary in page]
    return SearchResult(query=req.q, total=len(hits_pool), page=req.page, page_size=req.page_size,
                        hits=hits, facets=facets, facet_totals=totals)


def _hit(stored: dict, summary: dict, score: float, pattern) -> Hit:
    record = load_record(stored)
    items = []
    if pattern is not None:
        for item in record.items:
            parts = [("", item.title)] + [(f"（{_cn(i + 1)}）", d) for i, d in enumerate(item.decisions)]
            for marker, part in parts:
                snip = snippets.snippet(part, pattern, width=80)
                if snip:  # the decision marker says which decision matched
                    items.append(ItemHit(item.number, item.title, marker + snip))
                    break
    body_snip = snippets.snippet(record.text, pattern) if pattern else None
    return Hit(id=summary["id"], number=summary["number"], date=summary["date"], title=summary["title"],
               chair=summary.get("chair"), snippet=body_snip or snippets.lead(record.text), items=items,
               score=round(float(score), 4))


_CN_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


# ---------------------------------------------------------------- meetings, people, stats

def get_meeting(index: SearchIndex, meeting_id: str):
    """The full record of one meeting, or None."""
    with index.searcher() as s:
        stored = s.document(id=meeting_id)
        return load_record(stored) if stored else None


@dataclass
class Appearance:
    id: str
    number: int
    date: str
    title: str
    role: str
    department: str | None


def person_appearances(index: SearchIndex, name: str) -> list[Appearance]:
    """Every meeting a person appears in, with role and department, oldest first."""
    index.refresh()
    found = []
    for _, s in index.live():
        if name not in s["people"]:
            continue
        roles = []
        if s.get("chair") == name:
            roles.append(("主持", None))
        if name in s["attendees"]:
            roles.append(("出席", None))
        roles += [("列席", dept) for person, dept in s["observers"] if person == name]
        if s.get("recorder") == name:
            roles.append(("记录", None))
        for role, dept in roles:
            found.append(Appearance(s["id"], s["number"], s["date"], s["title"], role, dept))
    found.sort(key=lambda a: (a.date, a.number))
    return found


@dataclass
class Stats:
    meetings: int
    first_date: str | None
    last_date: str | None
    people: int
    departments: int
    years: dict[str, int]


def stats(index: SearchIndex) -> Stats:
    index.refresh()
    live = [s for _, s in index.live()]
    dates = sorted(s["date"] for s in live)
    people = {p for s in live for p in s["people"]}
    departments = {d for s in live for d in s["departments"]}
    years = Counter(s["year"] for s in live)
    return Stats(len(live), dates[0] if dates else None, dates[-1] if dates else None, len(people),
                 len(departments), dict(sorted(years.items())))
