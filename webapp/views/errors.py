"""Errors as pages (or JSON under /api/) in Chinese, with the query kept in a search box; and the
headers every response carries."""

from __future__ import annotations

import time

from flask import Flask, Response, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.errors import MinutesError, QueryError

from ..headers import SECURITY_HEADERS
from .params import BadRequest, url_with

SEARCH_PAGES = ("minutes.search_page", "minutes.decisions_page", "minutes.trends_page")
TITLES = {404: "找不到页面", 405: "不支持的请求方法", 400: "请求有误", 413: "请求太大", 500: "服务器出错"}
MESSAGES = {  # instead of Werkzeug's English texts
    404: "没有这个页面：请检查地址，或从搜索页重新开始。",
    405: "这个地址不接受这种请求方法。",
    400: "请求无法理解。",
    413: "请求的内容太大。",
    500: "服务器处理请求时出错，请稍后再试。",
}


def error_response(status: int, title: str, message: str, code: str | None = None, suggestion: str | None = None):
    """The error as a page (the query kept in its box, and a query that would run as a link) or,
    under /api/, as JSON."""
    if request.path.startswith("/api/"):
        body = {"error": title, "message": message, "status": status, "code": code or f"http_{status}"}
        if suggestion:
            body["suggestion"] = suggestion
        return jsonify(body), status
    q = request.args.get("q", "")
    endpoint = request.endpoint if request.endpoint in SEARCH_PAGES else "minutes.search_page"
    instead = url_with(endpoint, q=suggestion, page=None) if suggestion else None
    page = render_template(
        "error.html", status=status, title=title, message=message, q=q, suggestion=suggestion, instead=instead
    )
    return page, status


def init_app(app: Flask) -> None:
    @app.errorhandler(BadRequest)
    def bad_request(exc: BadRequest):
        return error_response(400, "请求有误", str(exc), "bad_request")

    @app.errorhandler(QueryError)
    def bad_query(exc: QueryError):
        return error_response(400, "请求有误", str(exc), exc.code, exc.suggestion)

    @app.errorhandler(MinutesError)
    def no_index(exc: MinutesError):  # the reason only: the server's folders are nobody's business
        return error_response(
            503, "索引不可用", f"{exc.reason}。请先运行 minutes index 建立索引。", "index_unavailable"
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        own = exc.description and exc.description != type(exc).description  # ours (Chinese), not Werkzeug's
        message = str(exc.description) if own else MESSAGES.get(exc.code or 0, "请求无法完成。")
        return error_response(exc.code or 500, TITLES.get(exc.code or 0, "出错了"), message, f"http_{exc.code}")

    @app.before_request
    def start_timer() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def security_headers(response: Response) -> Response:
        if "started" in g:  # how long the app took, for load tests and browser dev tools
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - g.started) * 1000:.1f}"
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
