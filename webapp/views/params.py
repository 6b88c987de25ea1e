"""Reading a request and writing URLs back: the search request from URL parameters (the CLI's
options by the same names), and this page's URL with some parameters changed."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from flask import current_app, request, url_for

from indexer.errors import QueryError
from indexer.facets import FACETS
from indexer.query import SearchRequest
from indexer.vocabulary import MAX_PAGE_SIZE, RELEVANCE, SORT_LABELS

SEARCH = "minutes.search_page"


class BadRequest(Exception):
    """A request the user can fix: shown as a 400 page (or JSON) with the reason."""


def int_arg(name: str, default: int) -> int:
    """A positive whole-number URL parameter, or `default` when it is absent."""
    value = optional_int_arg(name)
    return default if value is None else value


def optional_int_arg(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{1,9}", raw):
        raise BadRequest(f"参数 {name} 必须是正整数：{raw!r}")
    return int(raw)


def search_request() -> SearchRequest:
    """The CLI's options as URL parameters: q, attendee, …, from, to, sort, page (size)."""
    args = request.args
    req = SearchRequest(
        q=args.get("q", "").strip(),
        **{f.name: [v for v in args.getlist(f.name) if v.strip()] for f in FACETS},
        date_from=args.get("from") or None,
        date_to=args.get("to") or None,
        number_from=optional_int_arg("number_from"),
        number_to=optional_int_arg("number_to"),
        sort=args.get("sort") or RELEVANCE,
        page=int_arg("page", 1),
        page_size=min(int_arg("size", current_app.config["PAGE_SIZE"]), MAX_PAGE_SIZE),
        facet_limit=int_arg("facet_size", 200),
    )
    try:
        return req.validate()
    except QueryError as exc:
        raise BadRequest(str(exc)) from None


def _url(endpoint: str, params: dict[str, list[str]], **path_args: Any) -> str:
    query = urlencode([(k, v) for k, values in params.items() for v in values if v != ""])
    return url_for(endpoint, **path_args) + (f"?{query}" if query else "")


def url_with(endpoint: str = SEARCH, **changes: str | list[str] | None) -> str:
    """This request's parameters with changes (None removes; list parameters stay lists), on
    `endpoint` (its own path arguments kept when it is this page's endpoint)."""
    params = {k: request.args.getlist(k) for k in request.args}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value if isinstance(value, list) else [value]
    path_args = (request.view_args or {}) if endpoint == request.endpoint else {}
    return _url(endpoint, params, **path_args)


def toggled(values: list[str], value: str) -> list[str]:
    """A filter's values with `value` added, or taken out if it is there."""
    return [v for v in values if v != value] if value in values else [*values, value]


def toggle_url(name: str, value: str, endpoint: str = SEARCH, drop: tuple[str, ...] = ()) -> str:
    """The search with one filter value added or taken out (back to the first page)."""
    return url_with(endpoint, **{name: toggled(request.args.getlist(name), value), "page": None}, **dict.fromkeys(drop))


def page_numbers(page: int, last: int) -> list[int]:
    """The pages a pager shows: the first, the last, and two either side of this one."""
    return sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})


def sort_chosen() -> str:
    """The sort the URL asks for ("" when it asks none: relevance with a query, else newest)."""
    chosen = request.args.get("sort", "")
    return chosen if chosen in SORT_LABELS else ""
