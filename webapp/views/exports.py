"""A search as a spreadsheet (one row per meeting) and as an Atom feed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Response, current_app, render_template, request

from indexer.models import shown_number
from indexer.numerals import marker
from indexer.query import listing, search
from indexer.vocabulary import NEWEST

from ..searcher import get_index
from .downloads import base_url, csv_response, meeting_address
from .pages import bp
from .params import search_request, url_with


@bp.get("/export/search.csv")
def search_csv():
    """The results as a spreadsheet: one row per meeting, with its address, the matching agenda
    items (original numbering) and the snippet as plain text."""
    req = search_request()
    rows = []
    for h in listing(get_index(), req, current_app.config["EXPORT_LIMIT"]):
        items = "；".join(
            f"{marker(i.number)}、{i.title}" + (f" {i.snippet.text}" if i.decision else "") for i in h.items
        )
        rows.append(
            (
                h.city or "",
                h.date,
                shown_number(h.number),
                h.title,
                h.chair or "",
                meeting_address(h.id),
                items,
                h.snippet.text,
                h.id,
            )
        )
    header = ("城市", "日期", "第几次会议", "标题", "主持人", "网址", "匹配的议定事项", "摘要", "会议标识")
    return csv_response("search.csv", header, rows)


@bp.get("/feed.atom")
def search_feed():
    req = search_request()
    req.sort, req.page, req.page_size = NEWEST, 1, current_app.config["FEED_SIZE"]
    result = search(get_index(), req)
    updated = max((h.date for h in result.hits if h.date), default="1970-01-01")
    xml = render_template(
        "feed.xml",
        req=req,
        result=result,
        updated=updated,
        now=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        self_url=base_url() + request.full_path.rstrip("?"),
        html_url=url_with(),
        base=base_url(),
    )
    return Response(_XML_INVALID.sub("", xml), mimetype="application/atom+xml")


# What XML 1.0 cannot hold at all, escaped or not (a query with \x01 or \ufffe made the feed unreadable).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
