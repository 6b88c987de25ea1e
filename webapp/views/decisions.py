"""Decision search (/decisions and /api/decisions), its filter box's values, and every decision of
a search as CSV or JSONL, streamed."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator

from flask import Response, abort, current_app, jsonify, request, stream_with_context

from indexer.facets import BY_NAME, DECISION_SHOWN
from indexer.numerals import marker
from indexer.query.decision_export import CSV_HEADER, csv_row, json_row
from indexer.query.decisions import (
    DECISION_FILTERS,
    DecisionHit,
    decision_facet_matches,
    decision_rows,
    search_decisions,
)
from indexer.vocabulary import ACTION_LABELS

from ..searcher import get_index
from .downloads import cell, disposition, meeting_address
from .pages import Page, bp, page
from .params import search_request, sort_chosen, toggle_url
from .search import facet_box

DECISIONS = "minutes.decisions_page"


@page("decisions", "/decisions", "/api/decisions", "decisions.html")
def decisions_view() -> Page:
    req = search_request()
    started = time.perf_counter()
    result = search_decisions(get_index(), req)
    took_ms = max(1, round((time.perf_counter() - started) * 1000))

    def context() -> dict:
        chips = [
            (BY_NAME[name].label, value, toggle_url(name, value, DECISIONS)) for name, value in req.filter_values()
        ]
        return {
            "req": req,
            "sort_chosen": sort_chosen(),
            "result": result,
            "chips": chips,
            "last_page": max(1, -(-result.total // req.page_size)),
            "cn": marker,
            "took_ms": took_ms,
            "back": request.full_path.rstrip("?"),
            "facet_size": current_app.config["FACET_SIZE"],
            "facet_names": DECISION_SHOWN,
            "actions": ACTION_LABELS,
            "citation": _citation,
        }

    return Page(result.to_json, context)


@bp.get("/api/decision-facets/<name>")
def decision_facet_api(name: str):
    """The values of one decision facet containing `contains`, with decision counts."""
    if name not in DECISION_FILTERS:
        abort(404, description=f"决定搜索没有名为 {name} 的筛选项")
    contains = request.args.get("contains", "")
    values = decision_facet_matches(get_index(), search_request(), name, contains)
    return jsonify(facet_box(name, contains, values, DECISIONS))


@bp.get("/export/decisions.csv")
def decisions_csv():
    """Every decision of the search, one row each, streamed (a large archive is never held in
    memory): its meeting, item, kinds, presenters, responsible departments with roles, deadlines,
    documents with status, citation, addresses and text."""
    rows = _rows()

    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        yield "\ufeff"  # so that spreadsheet programs read UTF-8
        writer.writerow(CSV_HEADER)
        for hit in rows:
            writer.writerow([cell(v) for v in csv_row(hit, _address(hit))])
            if out.tell() > 1 << 16:
                yield out.getvalue()
                out.seek(0)
                out.truncate()
        yield out.getvalue()

    return Response(
        stream_with_context(lines()),
        mimetype="text/csv",
        headers={"Content-Disposition": disposition("attachment", "decisions.csv")},
    )


@bp.get("/export/decisions.jsonl")
def decisions_jsonl():
    """The same, one JSON object a line."""
    rows = _rows()

    def lines() -> Iterator[str]:
        for hit in rows:
            yield json.dumps(json_row(hit, _address(hit)), ensure_ascii=False) + "\n"

    return Response(
        stream_with_context(lines()),
        mimetype="application/x-ndjson",
        headers={"Content-Disposition": disposition("attachment", "decisions.jsonl")},
    )


def _rows() -> Iterator[DecisionHit]:
    req = search_request()  # read before the response streams (a bad request is a 400, not a broken file)
    return decision_rows(get_index(), req)


def _citation(hit: DecisionHit) -> str:
    """As the meeting page cites it: the citation, the page's address with the anchor, the original's."""
    original = f" 原文：{hit.url}" if hit.url else ""
    return f"{hit.citation} {_address(hit)}{original}"


def _address(hit: DecisionHit) -> str:
    return f"{meeting_address(hit.meeting)}#{hit.anchor}"
