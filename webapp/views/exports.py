"""A search as a spreadsheet (one row per meeting); its Atom feed is in `feeds`."""

from __future__ import annotations

from flask import current_app

from indexer.models import shown_number
from indexer.numerals import marker
from indexer.query import listing

from ..searcher import get_index
from .downloads import csv_response, meeting_address
from .pages import bp
from .params import search_request


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
