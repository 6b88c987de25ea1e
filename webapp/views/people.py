"""People and departments. Both are who they are in one city: /people/<city>/<name>;
/people/<name> leads to the city, or lists the cities when the name is in several. The lists of
everyone (/people, /departments) are grouped by pinyin initial."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from flask import abort, request, url_for

from indexer import catalog
from indexer.analysis import folding_into
from indexer.models import shown_number
from indexer.names import Suggestion, by_initial
from indexer.vocabulary import ROLES

from .. import charts
from ..searcher import get_index
from .downloads import csv_response, meeting_address
from .pages import Page, bp, page
from .params import int_arg

PERSON_TABLE_SIZE = 50


@dataclass(frozen=True)
class _Kind:
    column: str  # the facet column that says where the name appears
    label: str
    endpoint: str  # the per-city page ("_api" for its twin)
    profile: Callable[..., Any]  # catalog function (index, name, city) → profile or None


KINDS = {
    "people": _Kind("person", "人员", "minutes.person_page", catalog.person_profile),
    "departments": _Kind("department", "部门", "minutes.department_page", catalog.department_profile),
}


def _which_city(kind: str, name: str) -> Page:
    """The cities a name is in: the page goes straight to the one city, or lists them."""
    k = KINDS[kind]
    cities = catalog.cities_of(get_index(), k.column, name)
    if not cities:
        abort(404, description=f"索引中没有{k.label} {name}")
    api = k.endpoint.replace("_page", "_api")
    return Page(
        lambda: {
            "name": name,
            "cities": [{"city": c, "meetings": n, "url": url_for(api, city=c, name=name)} for c, n in cities],
        },
        lambda: {"name": name, "label": k.label, "endpoint": k.endpoint, "cities": cities},
        redirect=url_for(k.endpoint, city=cities[0][0], name=name) if len(cities) == 1 else None,
    )


def _profile(kind: str, city: str, name: str) -> Any:
    """One city's person or department, or a 404."""
    profile = KINDS[kind].profile(get_index(), name, city)
    if profile is None:
        abort(404, description=f"索引中没有{city}的 {name}")
    return profile


@page("person_lookup", "/people/<name>", "/api/people/<name>", "which_city.html")
def person_lookup(name: str) -> Page:
    return _which_city("people", name)


@page("department_lookup", "/departments/<name>", "/api/departments/<name>", "which_city.html")
def department_lookup(name: str) -> Page:
    return _which_city("departments", name)


@dataclass
class _Table:
    rows: list
    total: int
    page: int
    pages: int
    year: str
    role: str


@page("person", "/people/<city>/<name>", "/api/people/<city>/<name>", "person.html")
def person_view(city: str, name: str) -> Page:
    profile = _profile("people", city, name)

    def context() -> dict:
        chart = charts.stacked_chart(profile.by_year, label=f"{name} 每年参加会议次数（每次会议按主要角色计一次）")
        year, role = request.args.get("year", ""), request.args.get("role", "")
        rows = [m for m in profile.attended if (not year or m.date[:4] == year) and (not role or role in m.roles)]
        pages = max(1, -(-len(rows) // PERSON_TABLE_SIZE))
        at = min(max(1, int_arg("page", 1)), pages)
        shown = rows[(at - 1) * PERSON_TABLE_SIZE : at * PERSON_TABLE_SIZE]
        return {
            "p": profile,
            "chart": chart,
            "roles": ROLES,
            "swatch": charts.swatch,
            "table": _Table(shown, len(rows), at, pages, year, role),
        }

    return Page(lambda: asdict(profile), context)


@bp.get("/people/<city>/<name>.csv")
def person_csv(city: str, name: str):
    """A person's meetings, one row each, with every role they had there."""
    profile = _profile("people", city, name)
    rows = [
        (
            city,
            m.date,
            shown_number(m.number),
            "、".join(m.roles),
            "、".join(m.departments),
            m.title,
            meeting_address(m.id),
            m.id,
        )
        for m in profile.attended
    ]
    header = ("城市", "日期", "第几次会议", "角色", "部门", "标题", "网址", "会议标识")
    return csv_response(f"{name}（{city}）.csv", header, rows)


@page("department", "/departments/<city>/<name>", "/api/departments/<city>/<name>", "department.html")
def department_view(city: str, name: str) -> Page:
    profile = _profile("departments", city, name)
    return Page(
        lambda: asdict(profile),
        lambda: {"d": profile, "chart": charts.bar_chart(profile.by_year, label=f"{name} 每年出现的会议数")},
    )


COLLAPSED_OVER = 200  # names on a list page beyond which its initials start closed


def names_page(
    title: str,
    kind: str,
    named: Callable[[], list[catalog.Named]],
    sort_name: Callable[[str], str] = lambda name: name,
    grouped_by: str = "",
) -> Page:
    """Everyone (or every document) of a kind with their count (read only for the answer asked
    for), by the initial of `sort_name` (a department's name after its level word: 市发改委 under
    F); a long list opens one initial at a time. The page's filter folds what is typed
    (traditional, full-width) with `fold`, which the page carries for its own names' characters."""

    def context() -> dict:
        everyone = named()
        return {
            "title": title,
            "kind": kind,
            "total": len(everyone),
            "groups": by_initial(everyone, key=lambda n: sort_name(n.name)),
            "collapsed": len(everyone) > COLLAPSED_OVER,
            "grouped_by": grouped_by,
            "folding": folding_into(
                {ch for n in everyone for ch in n.name} | set("abcdefghijklmnopqrstuvwxyz0123456789")
            ),
        }

    return Page(lambda: [asdict(n) for n in named()], context)


@page("departments", "/departments", "/api/departments", "names.html")
def departments_view() -> Page:
    return names_page(
        "部门",
        "departments",
        lambda: catalog.department_counts(get_index()),
        department_sort_name,
        "按去掉“市”“区”“县”之后的名称排序：市发改委在 F 下",
    )


@page("people", "/people", "/api/people", "names.html")
def people_view() -> Page:
    """Everyone; the twin with `q` answers the people a name, pinyin (huangji, huang ji) or
    initials (hj) stand for, and names one character off or sounding the same when none does."""
    q = request.args.get("q", "").strip()
    everyone = names_page("人员", "people", lambda: catalog.people_counts(get_index()))
    if not q:
        return everyone

    def found() -> dict:
        people, close = catalog.find_people(get_index(), q)

        def entry(s: Suggestion) -> dict:
            return {**asdict(s), "url": url_for("minutes.person_page", city=s.city, name=s.name)}

        return {"q": q, "people": [entry(s) for s in people], "did_you_mean": [entry(s) for s in close]}

    return Page(found, everyone.context)


def department_sort_name(name: str) -> str:
    """A department's name as a list sorts it: after its level word (市发改委 → 发改委)."""
    return re.sub(r"^(?:全?[市区县]|新区)(?=.)", "", name)
