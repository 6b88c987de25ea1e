"""Atom feeds to follow a search, a person, a department or a document (with its series): each
entry says why it is in the feed; every feed answers `If-None-Match` with 304 while the index
has not changed (its ETag is the index version and the request)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request, url_for

from indexer import catalog, documents
from indexer.citations import anchor
from indexer.query import search
from indexer.vocabulary import ACTION_LABELS, MAX_PAGE_SIZE, NEWEST

from ..searcher import get_index
from .downloads import base_url
from .pages import bp
from .params import search_request, url_with


@dataclass
class Entry:
    title: str
    path: str  # the page it links to (its id, with the site's address in front)
    date: str
    why: str  # why it is in this feed


@bp.get("/feed.atom")
def search_feed():
    req = search_request()
    req.sort, req.page, req.page_size = NEWEST, 1, min(current_app.config["FEED_SIZE"], MAX_PAGE_SIZE)
    result = search(get_index(), req)
    entries = [
        Entry(h.title, url_for("minutes.meeting_page", meeting_id=h.id), h.date, h.snippet.text) for h in result.hits
    ]
    return _feed(f"会议纪要检索：{req.q or '全部会议'}", url_with(), entries)


@bp.get("/people/<city>/<name>.atom")
def person_feed(city: str, name: str):
    seen: dict[str, Entry] = {}
    for a in reversed(catalog.person_appearances(get_index(), name, city)):
        role = a.role + (f"（{a.department}）" if a.department else "")
        if a.id in seen:
            seen[a.id].why += f"、{role}"
        elif len(seen) < current_app.config["FEED_SIZE"]:
            seen[a.id] = Entry(a.title, url_for("minutes.meeting_page", meeting_id=a.id), a.date, f"{name}：{role}")
    if not seen:
        abort(404, description=f"索引中没有{city}的 {name}")
    return _feed(f"{name}（{city}）", url_for("minutes.person_page", city=city, name=name), list(seen.values()))


@bp.get("/departments/<city>/<name>.atom")
def department_feed(city: str, name: str):
    found = catalog.department_decisions(get_index(), name, city, current_app.config["FEED_SIZE"])
    if not found and catalog.department_profile(get_index(), name, city) is None:
        abort(404, description=f"索引中没有{city}的 {name}")
    entries = [
        Entry(
            f"{r.item_title}（{r.date}）",
            url_for("minutes.meeting_page", meeting_id=r.meeting_id) + "#" + anchor(r.item, r.decision),
            r.date,
            f"{name}：{why}。{r.text}",
        )
        for r, why in found
    ]
    return _feed(f"{name}（{city}）的决定", url_for("minutes.department_page", city=city, name=name), entries)


@bp.get("/documents/<city>/<path:title>.atom")
def document_feed(city: str, title: str):
    """A document and the other documents of its series: every decision naming them."""
    doc = documents.document_profile(get_index(), title, city)
    if doc is None:
        abort(404, description=f"索引中没有{city}的文件《{title}》")
    mentions = [(m, doc.title) for m in doc.mentions]
    for other, _ in doc.series:
        series_doc = documents.document_profile(get_index(), other, city)
        mentions += [(m, other) for m in (series_doc.mentions if series_doc else [])]
    mentions.sort(key=lambda pair: (pair[0].date, pair[0].number, pair[0].item, pair[0].decision), reverse=True)
    entries = [
        Entry(
            f"《{key}》{ACTION_LABELS.get(m.action, m.action)}（{m.date}）",
            url_for("minutes.meeting_page", meeting_id=m.meeting_id) + "#" + anchor(m.item, m.decision),
            m.date,
            ("" if key == doc.title else "同一系列：")
            + f"《{m.title}》{'（' + m.status + '）' if m.status else ''}{ACTION_LABELS.get(m.action, m.action)}。{m.text}",
        )
        for m, key in mentions[: current_app.config["FEED_SIZE"]]
    ]
    return _feed(f"《{doc.title}》（{city}）", url_for("minutes.document_page", city=city, title=title), entries)


def _feed(title: str, html_path: str, entries: list[Entry]) -> Response:
    etag = hashlib.sha1(f"{get_index().snapshot().stamp}|{base_url()}|{request.full_path}".encode()).hexdigest()
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    updated = max((e.date for e in entries if e.date), default="1970-01-01")
    xml = render_template(
        "feed.xml",
        title=title,
        entries=entries,
        updated=updated,
        now=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        self_url=base_url() + request.full_path.rstrip("?"),
        html_url=base_url() + html_path,
        base=base_url(),
    )
    response = Response(_XML_INVALID.sub("", xml), mimetype="application/atom+xml")
    response.set_etag(etag)
    return response


# What XML 1.0 cannot hold at all, escaped or not (a query with \x01 or \ufffe made the feed unreadable).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
