"""What a search asks (`SearchRequest`) and what it answers (`SearchResult` with its hits and facet
values); `SearchResult.to_json` is the JSON contract of `minutes search --json` and `/api/search`."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import QueryError
from ..facets import BY_NAME
from ..vocabulary import FACET_LIMIT, MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE, RELEVANCE, SORT_NAMES
from .highlight import Marked
from .syntax import parse_date


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
        sort: str = RELEVANCE,
        page: int = 1,
        page_size: int = PAGE_SIZE,
        facet_limit: int = FACET_LIMIT,
        **filters: list[str],
    ):
        unknown = set(filters) - set(BY_NAME)
        if unknown:
            raise TypeError(f"unknown filter {sorted(unknown)[0]!r}: use one of {', '.join(BY_NAME)}")
        self.q = q
        self.filters = {name: [str(v) for v in filters.get(name) or []] for name in BY_NAME}
        self.date_from, self.date_to = date_from, date_to
        self.number_from, self.number_to = number_from, number_to
        self.sort, self.page, self.page_size, self.facet_limit = sort, page, page_size, facet_limit

    def __getattr__(self, name: str) -> list[str]:
        filters = self.__dict__.get("filters")
        if filters is not None and name in filters:
            return filters[name]
        raise AttributeError(name)

    def validate(self) -> SearchRequest:
        if self.sort not in SORT_NAMES:
            raise QueryError(f"未知的排序 {self.sort!r}：可用 {', '.join(SORT_NAMES)}", "bad_sort")
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

    def has_filters(self) -> bool:
        """Anything beyond the text query: list filters, dates, meeting numbers."""
        return bool(self.filter_values() or self.date_from or self.date_to or self.number_from or self.number_to)

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
    snippet: Marked
    decision: int | None = None  # the decision (1-based) the snippet is from; None: the item's title


@dataclass
class Hit:
    id: str
    city: str | None
    number: int
    date: str
    title: str
    chair: str | None
    snippet: Marked
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
    # a query that found nothing, read again (`rereading`): the query and filters run instead, why,
    # and other readings to follow
    reread: dict | None = None
    offers: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The JSON contract shared by `minutes search --json` and `/api/search` (snippets as
        escaped text with <mark> around the matches)."""
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
                    "snippet": h.snippet.tagged(),
                    "items": [
                        {"number": i.number, "decision": i.decision, "title": i.title, "snippet": i.snippet.tagged()}
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
            **({"reread": self.reread} if self.reread else {}),
            **({"offers": self.offers} if self.offers else {}),
        }
