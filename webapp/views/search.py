"""The search page (and /api/search), the facet filter box's values, and trends."""

from __future__ import annotations

import time
from dataclasses import asdict

from flask import abort, current_app, jsonify, request

from indexer.facets import BY_NAME, SHOWN
from indexer.numerals import marker
from indexer.query import FacetValue, facet_matches, search, trends

from .. import charts
from ..searcher import get_index
from .pages import Page, bp, page
from .params import SEARCH, search_request, sort_chosen, toggle_url, url_with


@page("search", "/", "/api/search", "search.html")
def search_view() -> Page:
    req = search_request()
    started = time.perf_counter()
    result = search(get_index(), req)
    took_ms = max(1, round((time.perf_counter() - started) * 1000))

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
            "back": request.full_path.rstrip("?"),
            "facet_size": current_app.config["FACET_SIZE"],
            "facet_names": SHOWN,
        }

    return Page(result.to_json, context)


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
            "year_chart": charts.bar_chart(trend.years, label="每年匹配的会议数"),
            "share_chart": charts.bar_chart(
                trend.shares, label="每年匹配的会议占当年会议的百分比", value_format="{:.0f}%"
            ),
            "month_chart": charts.bar_chart(months, label="每月匹配的会议数（空月份计为 0）", bar_width=10),
        }

    return Page(lambda: asdict(trend), context)
