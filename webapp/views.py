"""Routes. Each page's data comes from one function that both the HTML view and its /api/ twin use."""

from __future__ import annotations

import csv
import html
import io
import re
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from indexer import catalog, snippets
from indexer.errors import MinutesError
from indexer.facets import BY_NAME, FACETS, SHOWN
from indexer.models import UNKNOWN_CITY
from indexer.names import by_initial
from indexer.numerals import int_to_cn
from indexer.query import MAX_PAGE_SIZE, QueryError, SearchRequest, facet_matches, listing, parse_query, search, trends
from indexer.sources import decode

from . import charts
from .searcher import get_index
from .serving import SECURITY_HEADERS

bp = Blueprint("minutes", __name__)

FACET_LABELS = {facet.name: facet.label for facet in FACETS}
SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


class BadRequest(Exception):
    """A request the user can fix: shown as a 400 page (or JSON) with the reason."""


# ---------------------------------------------------------------- request parsing


def _int(name: str, default: int | None) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
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
        number_from=_int("number_from", None),
        number_to=_int("number_to", None),
        sort=args.get("sort") or "relevance",
        page=_int("page", 1),
        page_size=min(_int("size", current_app.config["PAGE_SIZE"]), MAX_PAGE_SIZE),
        facet_limit=_int("facet_size", 200),
    )
    try:
        return req.validate()
    except QueryError as exc:
        raise BadRequest(str(exc)) from None


def _args(**changes) -> dict:
    """The current URL parameters with changes (None removes); list parameters stay lists."""
    params = {k: request.args.getlist(k) for k in request.args}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value if isinstance(value, list) else [value]
    return params


def url_with(endpoint: str = "minutes.search_page", **changes) -> str:
    """This request's parameters with changes, on `endpoint` (its own path arguments kept when it is
    this page's endpoint)."""
    params = _args(**changes)
    query = urlencode([(k, v) for k, values in params.items() for v in values if v != ""])
    path_args = (request.view_args or {}) if endpoint == request.endpoint else {}
    return url_for(endpoint, **path_args) + (f"?{query}" if query else "")


def pager(page: int, last: int, anchor: str = "") -> Markup:
    """Numbered pages: first, last, and two either side of this one; ellipses between."""
    if last <= 1:
        return Markup("")
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    parts, previous = [], 0
    for n in shown:
        if n - previous > 1:
            parts.append('<span class="gap">…</span>')
        href = html.escape(url_with(request.endpoint, page=str(n)) + anchor)
        parts.append(
            f'<span class="current" aria-current="page">{n}</span>' if n == page else f'<a href="{href}">{n}</a>'
        )
        previous = n
    if page > 1:
        parts.insert(
            0, f'<a rel="prev" href="{html.escape(url_with(request.endpoint, page=str(page - 1)) + anchor)}">上一页</a>'
        )
    if page < last:
        parts.append(
            f'<a rel="next" href="{html.escape(url_with(request.endpoint, page=str(page + 1)) + anchor)}">下一页</a>'
        )
    return Markup(f'<nav class="pages" aria-label="分页">{"".join(parts)}</nav>')


def toggle_url(name: str, value: str) -> str:
    current = request.args.getlist(name)
    values = [v for v in current if v != value] if value in current else current + [value]
    return url_with(**{name: values, "page": None})


# ---------------------------------------------------------------- errors and headers


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        url_with=url_with,
        toggle_url=toggle_url,
        FACET_LABELS=FACET_LABELS,
        SORT_LABELS=SORT_LABELS,
        FACETS=FACETS,
        pager=pager,
    )

    @app.errorhandler(BadRequest)
    def bad_request(exc):
        return _error(400, "请求有误", str(exc), "bad_request")

    @app.errorhandler(QueryError)
    def bad_query(exc):
        return _error(400, "请求有误", str(exc), exc.code)

    @app.errorhandler(MinutesError)
    def no_index(exc):  # the reason only: the server's folders are nobody's business
        return _error(503, "索引不可用", f"{exc.reason}。请先运行 minutes index 建立索引。", "index_unavailable")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        titles = {404: "找不到页面", 405: "不支持的请求方法", 400: "请求有误", 413: "请求太大", 500: "服务器出错"}
        defaults = {
            404: "没有这个页面：请检查地址，或从搜索页重新开始。",
            405: "这个地址不接受这种请求方法。",
            400: "请求无法理解。",
            413: "请求的内容太大。",
            500: "服务器处理请求时出错，请稍后再试。",
        }
        own = exc.description and exc.description != type(exc).description  # ours (Chinese), not Werkzeug's
        message = exc.description if own else defaults.get(exc.code, "请求无法完成。")
        return _error(exc.code or 500, titles.get(exc.code, "出错了"), message, f"http_{exc.code}")

    @app.before_request
    def start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def security_headers(response: Response) -> Response:
        if "started" in g:  # how long the app took, for load tests and browser dev tools
            response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - g.started) * 1000:.1f}"
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def _error(status: int, title: str, message: str, code: str | None = None):
    if _wants_json():
        return jsonify({"error": title, "message": message, "status": status, "code": code or f"http_{status}"}), status
    return render_template(
        "error.html", status=status, title=title, message=message, q=request.args.get("q", "")
    ), status


# ---------------------------------------------------------------- search


@bp.get("/")
def search_page():
    req = search_request()
    started = time.perf_counter()
    result = search(get_index(), req)
    took_ms = max(1, round((time.perf_counter() - started) * 1000))
    last_page = max(1, -(-result.total // req.page_size))
    chips = [(BY_NAME[name].label, value, toggle_url(name, value)) for name, value in req.filter_values()]
    if req.date_from or req.date_to:
        chips.append(
            (
                "日期",
                f"{req.date_from or '…'} 至 {req.date_to or '…'}",
                url_with(**{"from": None, "to": None, "page": None}),
            )
        )
    sort_shown = req.sort if req.q or req.sort != "relevance" else "newest"  # no query: newest first
    return render_template(
        "search.html",
        req=req,
        result=result,
        chips=chips,
        last_page=last_page,
        cn=int_to_cn,
        took_ms=took_ms,
        sort_shown=sort_shown,
        back=request.full_path.rstrip("?"),
        facet_size=current_app.config["FACET_SIZE"],
        facet_names=SHOWN,
        marked=lambda s: Markup(s),
    )


@bp.get("/api/facets/<name>")
def facet_api(name: str):
    """The values of one facet containing `contains`, for the sidebar's filter box (every value,
    not only those on the page), each with the search URL that toggles it."""
    if name not in BY_NAME:
        abort(404, description=f"没有名为 {name} 的筛选项")
    contains = request.args.get("contains", "")
    values = facet_matches(get_index(), search_request(), name, contains)
    base = {k: request.args.getlist(k) for k in request.args if k not in ("contains", "page")}

    def toggled(value: str) -> str:
        params = {k: list(v) for k, v in base.items()}
        current = params.get(name, [])
        params[name] = [v for v in current if v != value] if value in current else current + [value]
        query = urlencode([(k, v) for k, vs in params.items() for v in vs if v != ""])
        return url_for("minutes.search_page") + (f"?{query}" if query else "")

    return jsonify(
        {
            "facet": name,
            "contains": contains,
            "values": [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected, "url": toggled(v.value)}
                for v in values
            ],
        }
    )


@bp.get("/api/search")
def search_api():
    return jsonify(search(get_index(), search_request()).to_json())


# ---------------------------------------------------------------- trends


def _trend_data():
    req = search_request()
    return req, trends(get_index(), req)


@bp.get("/trends")
def trends_page():
    req, trend = _trend_data()
    months = dict(list(trend.months.items())[-36:])
    chips = [
        (
            BY_NAME[name].label,
            value,
            url_with("minutes.trends_page", **{name: [v for v in req.filters[name] if v != value]}),
        )
        for name, value in req.filter_values()
    ]
    return render_template(
        "trends.html",
        req=req,
        trend=trend,
        chips=chips,
        months_shown=len(months),
        year_chart=charts.bar_chart(trend.years, label="每年匹配的会议数"),
        share_chart=charts.bar_chart(trend.shares, label="每年匹配的会议占当年会议的百分比", value_format="{:.0f}%"),
        month_chart=charts.bar_chart(months, label="每月匹配的会议数（空月份计为 0）", bar_width=10),
    )


@bp.get("/api/trends")
def trends_api():
    _, trend = _trend_data()
    return jsonify(asdict(trend))


# ---------------------------------------------------------------- meetings


def _meeting_data(meeting_id: str) -> catalog.MeetingPage:
    page = catalog.get_meeting(get_index(), meeting_id)
    if page is None:
        abort(404, description=f"没有编号为 {meeting_id} 的会议")
    return page


def _highlighter():
    q = request.args.get("q", "").strip()
    if not q:
        return None
    try:
        return snippets.compile_matcher(parse_query(q).match_strings())
    except QueryError:
        return None


def citation(record, item: int, decision: int | None = None) -> str:
    """How staff cite a decision: 苏州市人民政府第111次常务会议纪要（2020年9月14日）第三项第（二）条,
    then the address, readable (not percent-encoded)."""
    y, m, d = (int(x) for x in record.date.split("-"))
    where = f"第{int_to_cn(item)}项" + (f"第（{int_to_cn(decision)}）条" if decision else "")
    anchor = f"item-{item}" + (f"-{decision}" if decision else "")
    url = request.host_url.rstrip("/") + url_for("minutes.meeting_page", meeting_id=record.id) + "#" + anchor
    return f"{record.display_title}（{y}年{m}月{d}日）{where} {unquote(url)}"


def cite_box(text: str, anchor: str) -> Markup:
    """The citation, readable and selectable without script; the script adds a copy button."""
    return Markup(
        f'<details class="cite"><summary>引用</summary><p class="citation" id="cite-{anchor}">'
        f'{html.escape(text)}</p><button type="button" class="copy" data-copy="cite-{anchor}" hidden>'
        f"复制引用</button></details>"
    )


def _back_link() -> str | None:
    """The search results this page was opened from (a local search URL only)."""
    back = request.args.get("back", "")
    return back if back.startswith("/?") or back == "/" else None


@bp.get("/meetings/<path:meeting_id>")
def meeting_page(meeting_id: str):
    page = _meeting_data(meeting_id)
    pattern = _highlighter()
    record = page.record
    groups: dict[str | None, list[str]] = {}
    for o in record.observers:
        groups.setdefault(o.department, []).append(o.name)
    return render_template(
        "meeting.html",
        page=page,
        record=record,
        groups=groups,
        city=record.city or UNKNOWN_CITY,
        mark=lambda text: Markup(snippets.mark(text, pattern)),
        cn=int_to_cn,
        cite=citation,
        cite_box=cite_box,
        back=_back_link(),
    )


@bp.get("/meetings/<path:meeting_id>/attendance.csv")
def meeting_attendance_csv(meeting_id: str):
    """Who attended one meeting: 出席, 列席 with department, organisations' representatives, 记录."""
    record = _meeting_data(meeting_id).record
    rows = (
        [("出席", "", n) for n in record.attendees]
        + [("列席", o.department or "", o.name) for o in record.observers]
        + [("代表", r.department, "") for r in record.representatives]
        + ([("记录", "", record.recorder)] if record.recorder else [])
    )
    return _csv(f"{record.id}-出席名单.csv", ("角色", "部门", "姓名"), rows)


@bp.get("/api/meetings/<path:meeting_id>")
def meeting_api(meeting_id: str):
    page = _meeting_data(meeting_id)
    data = page.record.to_dict()
    data["id"] = page.id
    data["previous"] = page.previous["id"] if page.previous else None
    data["next"] = page.next["id"] if page.next else None
    return jsonify(data)


@bp.get("/source/<path:meeting_id>")
def meeting_source(meeting_id: str):
    page = _meeting_data(meeting_id)
    path = Path(page.source_path or "")
    if not path.is_file():
        abort(404, description="源文件已不在原处")
    text, _ = decode(path.read_bytes(), str(path))
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": _disposition("inline", path.name)})


# ---------------------------------------------------------------- people and departments
# Both are who they are in one city: /people/<city>/<name>; /people/<name> leads to the city, or
# lists the cities when the name is in several.


@dataclass(frozen=True)
class _Kind:
    column: str  # the facet column that says where the name appears
    label: str
    endpoint: str  # the per-city page ("_api" for its twin)
    profile: object  # catalog function (index, name, city) → profile or None


KINDS = {
    "people": _Kind("person", "人员", "minutes.person_page", catalog.person_profile),
    "departments": _Kind("department", "部门", "minutes.department_page", catalog.department_profile),
}


def _cities(kind: str, name: str) -> list[tuple[str, int]]:
    cities = catalog.cities_of(get_index(), KINDS[kind].column, name)
    if not cities:
        abort(404, description=f"索引中没有{KINDS[kind].label} {name}")
    return cities


def _which_city(kind: str, name: str):
    cities = _cities(kind, name)
    endpoint = KINDS[kind].endpoint
    if len(cities) == 1:
        return redirect(url_for(endpoint, city=cities[0][0], name=name))
    return render_template("which_city.html", name=name, label=KINDS[kind].label, endpoint=endpoint, cities=cities)


def _which_city_api(kind: str, name: str):
    endpoint = KINDS[kind].endpoint.replace("_page", "_api")
    return jsonify(
        {
            "name": name,
            "cities": [
                {"city": c, "meetings": n, "url": url_for(endpoint, city=c, name=name)} for c, n in _cities(kind, name)
            ],
        }
    )


def _profile(kind: str, city: str, name: str):
    """One city's person or department, or a 404."""
    profile = KINDS[kind].profile(get_index(), name, city)
    if profile is None:
        abort(404, description=f"索引中没有{city}的 {name}")
    return profile


@bp.get("/people/<name>")
def person_lookup(name: str):
    return _which_city("people", name)


@bp.get("/api/people/<name>")
def person_lookup_api(name: str):
    return _which_city_api("people", name)


PERSON_TABLE_SIZE = 50


@dataclass
class _Table:
    rows: list
    total: int
    page: int
    pages: int
    year: str
    role: str


@bp.get("/people/<city>/<name>")
def person_page(city: str, name: str):
    profile = _profile("people", city, name)
    chart = charts.stacked_chart(profile.by_year, label=f"{name} 每年参加会议次数（每次会议按主要角色计一次）")
    year, role = request.args.get("year", ""), request.args.get("role", "")
    rows = [m for m in profile.attended if (not year or m.date[:4] == year) and (not role or role in m.roles)]
    pages = max(1, -(-len(rows) // PERSON_TABLE_SIZE))
    page = min(max(1, _int("page", 1)), pages)
    table = _Table(rows[(page - 1) * PERSON_TABLE_SIZE : page * PERSON_TABLE_SIZE], len(rows), page, pages, year, role)
    return render_template("person.html", p=profile, chart=chart, roles=charts.ROLE_COLOURS, table=table)


@bp.get("/api/people/<city>/<name>")
def person_api(city: str, name: str):
    return jsonify(asdict(_profile("people", city, name)))


@bp.get("/people/<city>/<name>.csv")
def person_csv(city: str, name: str):
    """A person's meetings, one row each, with every role they had there."""
    profile = _profile("people", city, name)
    host = request.host_url.rstrip("/")
    rows = [
        (
            city,
            m.date,
            f"第{m.number}次",
            "、".join(m.roles),
            "、".join(m.departments),
            m.title,
            unquote(host + url_for("minutes.meeting_page", meeting_id=m.id)),
            m.id,
        )
        for m in profile.attended
    ]
    return _csv(
        f"{name}（{city}）.csv", ("城市", "日期", "第几次会议", "角色", "部门", "标题", "网址", "会议标识"), rows
    )


@bp.get("/departments/<name>")
def department_lookup(name: str):
    return _which_city("departments", name)


@bp.get("/api/departments/<name>")
def department_lookup_api(name: str):
    return _which_city_api("departments", name)


@bp.get("/departments/<city>/<name>")
def department_page(city: str, name: str):
    profile = _profile("departments", city, name)
    chart = charts.bar_chart(profile.by_year, label=f"{name} 每年出现的会议数")
    return render_template("department.html", d=profile, chart=chart)


@bp.get("/api/departments/<city>/<name>")
def department_api(city: str, name: str):
    return jsonify(asdict(_profile("departments", city, name)))


# ---------------------------------------------------------------- browse


@bp.get("/browse")
def browse_page():
    index = get_index()
    return render_template("browse.html", cities=catalog.meetings_by_city_and_year(index), stats=catalog.stats(index))


@bp.get("/api/browse")
def browse_api():
    index = get_index()
    return jsonify(
        {
            "stats": asdict(catalog.stats(index)),
            "cities": {
                city: {y: [m["id"] for m in ms] for y, ms in years.items()}
                for city, years in catalog.meetings_by_city_and_year(index).items()
            },
        }
    )


def _names_page(title: str, kind: str, named: list):
    groups = by_initial(named, key=lambda n: n.name)
    return render_template("names.html", title=title, kind=kind, total=len(named), groups=groups)


@bp.get("/people")
def people_page():
    return _names_page("人员", "people", catalog.people_counts(get_index()))


@bp.get("/api/people")
def people_api():
    """Everyone; with `q`, the people a name, pinyin (huangji, huang ji) or initials (hj) stand for,
    and names one character off or sounding the same when none does."""
    q = request.args.get("q", "").strip()
    if not q:
        return jsonify([asdict(n) for n in catalog.people_counts(get_index())])
    found, close = catalog.find_people(get_index(), q)

    def entry(s):
        return {**asdict(s), "url": url_for("minutes.person_page", city=s.city, name=s.name)}

    return jsonify({"q": q, "people": [entry(s) for s in found], "did_you_mean": [entry(s) for s in close]})


@bp.get("/departments")
def departments_page():
    return _names_page("部门", "departments", catalog.department_counts(get_index()))


@bp.get("/api/departments")
def departments_api():
    return jsonify([asdict(n) for n in catalog.department_counts(get_index())])


# ---------------------------------------------------------------- exports


def _disposition(kind: str, filename: str) -> str:
    """RFC 6266/5987: an ASCII fallback and the real (UTF-8, percent-encoded) name."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _cell(value) -> object:
    """A CSV cell a spreadsheet will not run: text starting like a formula gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv(filename: str, header, rows) -> Response:
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return Response(
        out.getvalue(), mimetype="text/csv", headers={"Content-Disposition": _disposition("attachment", filename)}
    )


@bp.get("/export/search.csv")
def search_csv():
    """The results as a spreadsheet: one row per meeting, with its address, the matching agenda
    items (original numbering) and the snippet as plain text."""
    req = search_request()
    host = request.host_url.rstrip("/")
    rows = []
    for h in listing(get_index(), req, current_app.config["EXPORT_LIMIT"]):
        items = "；".join(
            f"{int_to_cn(i.number)}、{i.title}" + (f" {_strip_tags(i.snippet)}" if i.decision else "") for i in h.items
        )
        rows.append(
            (
                h.city or "",
                h.date,
                f"第{h.number}次",
                h.title,
                h.chair or "",
                unquote(host + url_for("minutes.meeting_page", meeting_id=h.id)),
                items,
                _strip_tags(h.snippet),
                h.id,
            )
        )
    return _csv(
        "search.csv",
        ("城市", "日期", "第几次会议", "标题", "主持人", "网址", "匹配的议定事项", "摘要", "会议标识"),
        rows,
    )


@bp.get("/feed.atom")
def search_feed():
    req = search_request()
    req.sort, req.page, req.page_size = "newest", 1, current_app.config["FEED_SIZE"]
    result = search(get_index(), req)
    updated = max((h.date for h in result.hits), default="1970-01-01")
    xml = render_template(
        "feed.xml",
        req=req,
        result=result,
        updated=updated,
        now=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        self_url=request.url,
        html_url=url_with(),
        strip=_strip_tags,
    )
    return Response(xml, mimetype="application/atom+xml")


def _strip_tags(snippet: str) -> str:
    return html.unescape(re.sub(r"</?mark>", "", snippet))
