"""The search page (and /api/search), the facet filter box's values, and trends."""

from __future__ import annotations

import time
from dataclasses import asdict

from flask import abort, current_app, jsonify, request, url_for

from indexer.facets import BY_NAME, SHOWN
from indexer.numerals import marker
from indexer.query import FacetValue, SearchRequest, facet_matches, search, trends
from indexer.query.rereading import reread

from .. import charts
from ..searcher import get_index
from .pages import Page, bp, page
from .params import SEARCH, search_request, sort_chosen, toggle_url, url_with


@page("search", "/", "/api/search", "search.html")
def search_view() -> Page:
    req = search_request()
    started = time.perf_counter()
    result = search(get_index(), req, literal=bool(request.args.get("literal")))
    took_ms = max(1, round((time.perf_counter() - started) * 1000))
    # A query read again (a person's pinyin, a field's short name) is sent to its own address, so
    # its filters show as chips and the facets keep it; the page says what was read and how.
    instead = None
    if result.reread:
        instead = url_with(SEARCH, q=result.reread["q"] or None, page=None, reread=result.reread["from"])
        for name, values in result.reread["filters"].items():
            instead = _with_filter(instead, name, values)

    def context() -> dict:
        chips = [(BY_NAME[name].label, value, toggle_url(name, value)) for name, value in req.filter_values()]
        if req.date_from or req.date_to:
            dates = f"{req.date_from or '…'} 至 {req.date_to or '…'}"
            chips.append(("日期", dates, url_with(SEARCH, **{"from": None, "to": None, "page": None})))
        return {
            "req": req,
            "result": result,
            "chips": chips,
            "last_page": max(1, -(-result.total // req.page_size)),
            "cn": marker,
            "took_ms": took_ms,
            "sort_chosen": sort_chosen(),
            "reread": _reread_note(request.args.get("reread", "")),
            "literal_url": url_for(SEARCH, q=request.args.get("reread"), literal="1"),
            "back": request.full_path.rstrip("?"),
            "facet_size": current_app.config["FACET_SIZE"],
            "facet_names": SHOWN,
        }

    return Page(result.to_json, context, redirect=instead)


def _reread_note(typed: str) -> str | None:
    """What a query sent here from `typed` was read as (`rereading`)."""
    if not typed:
        return None
    again = reread(get_index().snapshot(), SearchRequest(q=typed))
    return again.note if again else f"「{typed}」在正文中没有结果，已按它可能的含义检索"


def _with_filter(url: str, name: str, values: list[str]) -> str:
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query) if k != name] + [(name, v) for v in values]
    return urlunsplit(parts._replace(query=urlencode(params)))


@bp.get("/api/facets/<name>")
def facet_api(name: str):
    """The values of one facet containing `contains`, for the sidebar's filter box (every value,
    not only those on the page), each with the search URL that toggles it."""
    if name not in BY_NAME:
        abort(404, description=f"没有名为 {name} 的筛选项")
    contains = request.args.get("contains", "")
    values = facet_matches(get_index(), search_request(), name, contains)
    return jsonify(facet_box(name, contains, values, SEARCH))


def facet_box(name: str, contains: str, values: list[FacetValue], endpoint: str) -> dict:
    """A filter box's answer: the values, each with the URL (on `endpoint`) that toggles it."""
    return {
        "facet": name,
        "contains": contains,
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
                "url": toggle_url(name, v.value, endpoint, drop=("contains",)),
            }
            for v in values
        ],
    }


FEW_MEETINGS = 5  # a year with fewer meetings: its share says little


@page("trends", "/trends", "/api/trends", "trends.html")
def trends_view() -> Page:
    req = search_request()
    trend = trends(get_index(), req)

    def context() -> dict:
        months = dict(list(trend.months.items())[-36:])
        chips = [
            (
                BY_NAME[name].label,
                value,
                url_with("minutes.trends_page", **{name: [v for v in req.filters[name] if v != value]}),
            )
            for name, value in req.filter_values()
        ]
        return {
            "req": req,
            "trend": trend,
            "chips": chips,
            "months_shown": len(months),
            "FEW_MEETINGS": FEW_MEETINGS,
            "year_chart": charts.bar_chart(trend.years, label="每年匹配的会议数", bar_width=30),
            "share_chart": charts.bar_chart(
                trend.shares, label="每年匹配的会议占当年会议的百分比", value_format="{:.0f}%", bar_width=30
            ),
            "month_chart": charts.bar_chart(months, label="每月匹配的会议数（空月份计为 0）", bar_width=10),
        }

    return Page(lambda: asdict(trend), context)
