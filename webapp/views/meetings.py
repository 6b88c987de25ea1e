"""One meeting: its page (and JSON), who attended as CSV, its source file, and citations."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from flask import Response, abort, request

from indexer import catalog, documents
from indexer.citations import anchor, cite
from indexer.encodings import decode
from indexer.errors import QueryError, SourceError
from indexer.models import UNKNOWN_CITY, AgendaItem, Decision, Minutes
from indexer.numerals import marker
from indexer.query import parse_query
from indexer.query.highlight import compile_matcher, mark
from indexer.vocabulary import ATTENDEE, LAYOUT_LABELS, OBSERVER, RECORDER

from ..searcher import get_index
from .downloads import csv_response, disposition, meeting_address
from .pages import Page, bp, page


def meeting_or_404(meeting_id: str) -> catalog.MeetingPage:
    found = catalog.get_meeting(get_index(), meeting_id)
    if found is None:
        abort(404, description=f"没有编号为 {meeting_id} 的会议")
    return found


def _highlighter():
    """The pattern of the query this page was opened from (none when it cannot be read)."""
    q = request.args.get("q", "").strip()
    if not q:
        return None
    try:
        return compile_matcher(parse_query(q).match_strings())
    except QueryError:
        return None


def citation(record: Minutes, item: int, decision: int | None = None) -> str:
    """`citations.cite`, then the address, readable (not percent-encoded), and the original's
    address where the document gives one."""
    original = f" 原文：{record.source_url}" if record.source_url else ""
    return f"{cite(record, item, decision)} {meeting_address(record.id)}#{anchor(item, decision)}{original}"


def _decision_facts(item: AgendaItem, n: int) -> dict:
    """What decision n of an item records, in the shape decision hits have (`macros.decision_facts`)."""
    d = item.details[n - 1] if n <= len(item.details) else Decision()
    return {
        "kinds": d.kinds,
        "presenters": d.presenters,
        "responsible": [(r.department, r.role) for r in d.responsible],
        "addressees": d.addressees,
        "deadlines": [(x.text, x.date) for x in d.deadlines],
        "documents": [(x.title, x.status, x.action) for x in d.documents],
    }


def _back_link() -> str | None:
    """The search results this page was opened from (a local search URL only)."""
    back = request.args.get("back", "")
    return back if back.startswith("/?") or back == "/" else None


@page("meeting", "/meetings/<path:meeting_id>", "/api/meetings/<path:meeting_id>", "meeting.html")
def meeting_view(meeting_id: str) -> Page:
    found = meeting_or_404(meeting_id)
    record = found.record

    threads = documents.meeting_threads(get_index(), found.id)
    followed = documents.followed_counts(get_index(), found.id)

    def data() -> dict:
        out = record.to_dict()
        out["id"] = found.id
        out["previous"] = found.previous["id"] if found.previous else None
        out["next"] = found.next["id"] if found.next else None
        out["threads"] = {anchor(item, n): asdict(t) for (item, n), t in sorted(threads.items())}
        out["followed"] = {anchor(item): count for item, count in sorted(followed.items())}
        return out

    def context() -> dict:
        pattern = _highlighter()
        groups: dict[str | None, list[str]] = {}
        for o in record.observers:
            groups.setdefault(o.department, []).append(o.name)
        return {
            "page": found,
            "record": record,
            "groups": groups,
            "positions": {p.name: p for p in record.positions},
            "layout": LAYOUT_LABELS.get(record.layout or "", record.layout),
            "city": record.city or UNKNOWN_CITY,
            "mark": lambda text: mark(text, pattern),
            "cn": marker,
            "cite": citation,
            "facts": _decision_facts,
            "threads": threads,
            "followed": followed,
            "back": _back_link(),
        }

    return Page(data, context)


@bp.get("/meetings/<path:meeting_id>/attendance.csv")
def meeting_attendance_csv(meeting_id: str):
    """Who attended one meeting: 出席, 列席 with department, organisations' representatives, 记录."""
    record = meeting_or_404(meeting_id).record
    rows = (
        [(ATTENDEE.word, "", n) for n in record.attendees]
        + [(OBSERVER.word, o.department or "", o.name) for o in record.observers]
        + [("代表", r.department, "") for r in record.representatives]
        + ([(RECORDER.word, "", record.recorder)] if record.recorder else [])
    )
    return csv_response(f"{record.id}-出席名单.csv", ("角色", "部门", "姓名"), rows)


@bp.get("/source/<path:meeting_id>")
def meeting_source(meeting_id: str):
    found = meeting_or_404(meeting_id)
    path = Path(found.source_path or "")
    if not path.is_file():
        abort(404, description="源文件已不在原处")
    data = path.read_bytes()
    headers = {"Content-Disposition": disposition("inline", path.name)}
    container = CONTAINERS.get(path.suffix.lower())
    if container:  # a PDF or Word file is shown as itself
        return Response(data, mimetype=container, headers=headers)
    try:
        text, _ = decode(data, str(path))
    except SourceError:
        abort(404, description="源文件已无法按文本读取（内容已改变）")
    return Response(text, mimetype="text/plain", headers=headers)


CONTAINERS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
