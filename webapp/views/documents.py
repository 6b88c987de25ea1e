"""Documents followed across meetings: one document of one place (/documents/<city>/<title>) with
every decision that named it, its statuses, its series and departments; /documents/<title> leads
to the place (or lists them); /documents lists every document."""

from __future__ import annotations

import re
from dataclasses import asdict

from flask import abort, url_for

from indexer import documents

from ..searcher import get_index
from .pages import Page, page
from .people import names_page


@page("document", "/documents/<city>/<path:title>", "/api/documents/<city>/<path:title>", "document.html")
def document_view(city: str, title: str) -> Page:
    profile = documents.document_profile(get_index(), title, city)
    if profile is None:
        abort(404, description=f"索引中没有{city}的文件《{title}》")
    return Page(lambda: {**asdict(profile), "statuses": profile.statuses}, lambda: {"doc": profile})


@page("document_lookup", "/documents/<title>", "/api/documents/<title>", "which_city.html")
def document_lookup(title: str) -> Page:
    cities = documents.document_cities(get_index(), title)
    if not cities:
        abort(404, description=f"索引中没有文件《{title}》")
    return Page(
        lambda: {
            "title": title,
            "cities": [
                {"city": c, "decisions": n, "url": url_for("minutes.document_api", city=c, title=title)}
                for c, n in cities
            ],
        },
        lambda: {
            "name": title,
            "label": "文件",
            "endpoint": "minutes.document_page",
            "cities": cities,
            "unit": "条决定",
        },
        redirect=url_for("minutes.document_page", city=cities[0][0], title=title) if len(cities) == 1 else None,
    )


@page("documents", "/documents", "/api/documents", "names.html")
def documents_view() -> Page:
    return names_page(
        "文件",
        "documents",
        lambda: documents.document_counts(get_index()),
        lambda title: (
            re.sub(r"^(?:\d{4}(?:[—至-]\d{4})?年度?|[“「]?十[一二三四五六七八九]五[”」]?)", "", title) or title
        ),
        "按去掉年份之后的标题排序",
    )
