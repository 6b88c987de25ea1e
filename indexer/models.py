"""The data model: one meeting's minutes as plain dataclasses.

Everything downstream (index, web) depends on these classes, never on a source format.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, NotRequired, TypedDict

UNKNOWN_CITY = "未知"  # in the id of a meeting whose document does not say its city (a cut-off copy)
UNDATED = "日期不详"  # shown for, and the year of, a meeting whose record gives no date
UNNUMBERED = "次数不详"  # shown for a meeting whose record gives no number


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value):
    """`dataclasses.asdict` for this model's values (dataclasses, lists, dicts, strings, numbers,
    None), without its deep copies (2.5 times faster on the sample): a test checks it against `asdict`."""
    cls = type(value)
    if cls in (str, int, float, bool) or value is None:
        return value
    names = _FIELD_NAMES.get(cls)
    if names is None and hasattr(cls, "__dataclass_fields__"):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: _plain(getattr(value, name)) for name in names}
    if cls is list:
        return [_plain(v) for v in value]
    if cls is tuple:
        return tuple(_plain(v) for v in value)
    if cls is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


def shown_date(date: str | None) -> str:
    return date or UNDATED


def shown_number(number: int | None) -> str:
    """第111次, or 次数不详 (a summary holds 0 for a number not known)."""
    return f"第{number}次" if number else UNNUMBERED


@dataclass
class Deadline:
    """A time a decision sets, as written (10月底前) and as a date where the meeting's gives one."""

    text: str
    date: str | None = None  # YYYY-MM-DD


@dataclass
class Responsible:
    """A department a decision gives a task, with its role where written (牵头, 负责, 会同, 配合)."""

    department: str
    role: str | None = None


@dataclass
class DocumentRef:
    """A document a decision names in 《》: its title without the layout's spaces or a status
    suffix, the status (送审稿, 草案 …) and what the decision did to it (approved, reviewed,
    mentioned)."""

    title: str
    status: str | None = None
    action: str = "mentioned"


@dataclass
class Decision:
    """What one decision records, beside its text (`AgendaItem.decisions`, same order)."""

    kinds: list[str] = field(default_factory=list)  # 同意 传达 听取 部署 暂缓
    presenters: list[str] = field(default_factory=list)  # who reported
    responsible: list[Responsible] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)  # 各地各部门 …: told, but no department
    deadlines: list[Deadline] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> Decision:
        return cls(
            kinds=list(data.get("kinds") or []),
            presenters=list(data.get("presenters") or []),
            responsible=[Responsible(**r) for r in data.get("responsible") or []],
            addressees=list(data.get("addressees") or []),
            deadlines=[Deadline(**d) for d in data.get("deadlines") or []],
            documents=[DocumentRef(**d) for d in data.get("documents") or []],
        )


@dataclass
class AgendaItem:
    """An agenda item (一、…) with the decisions (（一）…) taken on it."""

    number: int
    title: str
    decisions: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # named as responsible
    documents: list[str] = field(default_factory=list)  # titles in 《》 the item puts before the meeting
    approved: list[str] = field(default_factory=list)  # those of them the meeting approved (审议通过)
    details: list[Decision] = field(default_factory=list)  # what each decision records, in order


@dataclass
class Observer:
    """A non-voting attendee (列席); department is None for bare names."""

    name: str
    department: str | None = None


@dataclass
class Position:
    """What a record says a person is: a title (二级巡视员, 实验区领导) and, for someone from outside
    the body, the organisation (自然资源部海岛研究中心)."""

    name: str
    title: str | None = None
    department: str | None = None


@dataclass
class Representative:
    """An organisation that sent an unnamed representative (…的代表)."""

    department: str


@dataclass
class Minutes:
    """A parsed minutes document. Missing values are None, never invented."""

    source: str
    number: int | None  # None: the record does not say (a warning names it)
    date: str | None  # YYYY-MM-DD; None: the record does not say
    layout: str | None = None  # which reader read it (`parse.readers`): suzhou, district, report, …
    source_url: str | None = None  # where the document says it was published (原文链接, canonical)
    published: str | None = None  # YYYY-MM-DD the page or file says it was published
    title: str | None = None
    doc_number: str | None = None
    city: str | None = None
    body: str | None = None
    meeting_type: str | None = None
    session: str | None = None  # 上午 / 下午
    chair: str | None = None
    chair_title: str | None = None
    items: list[AgendaItem] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    observers: list[Observer] = field(default_factory=list)
    representatives: list[Representative] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    recorder: str | None = None
    compiled_by: str | None = None
    compiled_date: str | None = None
    issued_date: str | None = None
    text: str = ""
    warnings: list[str] = field(default_factory=list)

    # Key order of the JSON contract (`minutes parse --json`).
    JSON_KEYS = (
        "source",
        "layout",
        "source_url",
        "published",
        "title",
        "doc_number",
        "city",
        "body",
        "meeting_type",
        "number",
        "date",
        "session",
        "chair",
        "chair_title",
        "items",
        "attendees",
        "observers",
        "representatives",
        "positions",
        "recorder",
        "compiled_by",
        "compiled_date",
        "issued_date",
        "text",
        "warnings",
    )

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def id(self) -> str:
        """A stable identifier: city (or body), date and meeting number (numbers restart each term).
        A record without its date or number is told apart by what it has and by its text."""
        who = self.city or self.body or UNKNOWN_CITY
        if self.date and self.number is not None:
            return f"{who}-{self.date}-{self.number}"
        digest = hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:10]  # the same text: the same meeting
        return f"{who}-{self.date or UNDATED}-{self.number if self.number is not None else '次数不详'}-{digest}"

    @property
    def display_title(self) -> str:
        """The published title, or one built from the facts (never stored as `title`)."""
        if self.title:
            return self.title
        who = self.body or "市政府"
        number = f"第{self.number}次" if self.number is not None else ""
        return f"{who}{number}{self.meeting_type or '会议'}纪要"

    @property
    def departments(self) -> list[str]:
        """Every department present or responsible, in first-seen order."""
        seen: dict[str, None] = {}
        for o in self.observers:
            if o.department:
                seen.setdefault(o.department)
        for r in self.representatives:
            seen.setdefault(r.department)
        for p in self.positions:
            if p.department:
                seen.setdefault(p.department)
        for item in self.items:
            for d in item.departments:
                seen.setdefault(d)
        return list(seen)

    @property
    def people(self) -> list[str]:
        """Everyone named at the meeting (chair, attendees, observers, recorder)."""
        seen: dict[str, None] = {}
        for name in [self.chair, *self.attendees, *(o.name for o in self.observers), self.recorder]:
            if name:
                seen.setdefault(name)
        return list(seen)

    def to_dict(self) -> dict:
        return {key: _plain(getattr(self, key)) for key in self.JSON_KEYS}

    @classmethod
    def from_dict(cls, data: dict) -> Minutes:
        fields: dict[str, Any] = {k: data.get(k) for k in cls.JSON_KEYS if k in data}
        fields["items"] = [
            AgendaItem(**{**i, "details": [Decision.from_dict(d) for d in i.get("details") or []]})
            for i in data.get("items") or []
        ]
        fields["observers"] = [Observer(**o) for o in data.get("observers") or []]
        fields["representatives"] = [Representative(**r) for r in data.get("representatives") or []]
        fields["positions"] = [Position(**p) for p in data.get("positions") or []]
        for key in ("attendees", "warnings"):
            fields[key] = list(data.get(key) or [])
        fields["text"] = data.get("text") or ""
        return cls(**fields)


class MeetingSummary(TypedDict):
    """What result lists, facets, filters and profiles read of a meeting, without its text: stored
    with each indexed meeting, held for every meeting by `query.columns.Summaries`."""

    id: str
    number: int  # 0: not known
    date: str  # YYYY-MM-DD; "": not known
    title: str  # the display title
    city: str | None
    body: str | None
    meeting_type: str | None
    chair: str | None
    attendees: Sequence[str]
    observers: Sequence[Sequence[str | None]]  # (name, department or None)
    departments: Sequence[str]
    responsible: Sequence[str]  # departments some agenda item or decision names as responsible
    recorder: str | None
    chars: int  # length of the text without whitespace, for ranking
    # what its decisions record (`DecisionSummary`), over all of them (stored; not in result lists)
    kinds: NotRequired[Sequence[str]]
    presenters: NotRequired[Sequence[str]]
    leads: NotRequired[Sequence[str]]
    docstatus: NotRequired[Sequence[str]]
    documents: NotRequired[Sequence[str]]
    series: NotRequired[Sequence[str]]


def summary_of(record: Minutes, decisions: Sequence[DecisionSummary] | None = None) -> MeetingSummary:
    """`decisions`: its decisions' summaries, when the caller has them (else they are made here)."""
    if decisions is None:
        decisions = [decision_summary(record, item, n, d) for item, n, d in decisions_of(record)]

    def union(key: str) -> set[str]:  # a decision field's values over all its decisions
        return {v for summary in decisions for v in summary[key]}  # type: ignore[literal-required]

    return {
        "id": record.id,
        "number": record.number or 0,
        "date": record.date or "",
        "title": record.display_title,
        "city": record.city,
        "body": record.body,
        "meeting_type": record.meeting_type,
        "chair": record.chair,
        "attendees": record.attendees,
        "observers": [[o.name, o.department] for o in record.observers],
        "departments": record.departments,
        "responsible": sorted({d for item in record.items for d in item.departments} | union("responsible")),
        "recorder": record.recorder,
        "chars": len(re.sub(r"\s+", "", record.text)),
        "kinds": sorted(union("kinds")),
        "presenters": sorted(union("presenters")),
        "leads": sorted(union("leads")),
        "docstatus": sorted(union("docstatus")),
    }


# ---------------------------------------------------------------- decisions, one at a time

DECISION_KINDS = ("同意", "传达", "听取", "部署", "暂缓")
LEAD = "牵头"


class DecisionSummary(TypedDict):
    """What decision search reads of one decision (stored with it; its meeting's facts are the
    meeting's summary)."""

    meeting: str  # the meeting's id
    item: int  # the agenda item's number (as written: a record may repeat one)
    at: int  # the agenda item's place in the record's items
    n: int  # the decision's number within the item, 1-based (0: the item itself, `decisions_of`)
    kinds: list[str]
    presenters: list[str]
    leads: list[str]  # departments given the lead (牵头)
    responsible: list[str]  # every department given a task
    docstatus: list[str]  # status suffixes of its documents (送审稿, 草案 …)
    deadlines: list[str]  # dates (YYYY-MM-DD) its deadlines come to
    chars: int
    # the documents it names and their series, as `doctitles` keys them (the builder adds them)
    documents: NotRequired[list[str]]
    series: NotRequired[list[str]]
    # the earlier meetings of its own body it cites by number (`meetingcites` keys; the builder adds them)
    cites: NotRequired[list[str]]


def decisions_of(record: Minutes) -> Iterator[tuple[AgendaItem, int, Decision]]:
    """(item, decision number, what it records) of every decision of a meeting, numbered from 1 as
    the record numbers them; an item that puts documents before the meeting (审议并原则通过《…》)
    is also a decision of its own, number 0, whose text is the item's title."""
    for item in record.items:
        if item.documents:
            yield item, 0, item_decision(item)
        for n in range(1, len(item.decisions) + 1):
            yield item, n, decision_details(item, n)


def decision_text(item: AgendaItem, n: int) -> str:
    return item.title if n == 0 else item.decisions[n - 1]


def decision_details(item: AgendaItem, n: int) -> Decision:
    if n == 0:
        return item_decision(item)
    return item.details[n - 1] if n <= len(item.details) else Decision()


# A status suffix of a title in 《》 (the parser's `decisions._STATUS` reads the same in decisions)
_STATUS_SUFFIX = re.compile(r"[（(](送审稿|报批稿|草案|修订稿|修订版|征求意见稿|讨论稿|代拟稿|试行|暂行)[）)]$")


def item_decision(item: AgendaItem) -> Decision:
    """What an item that puts documents before the meeting decides of them: approved (同意) or
    reviewed."""
    docs = []
    for title in item.documents:
        m = _STATUS_SUFFIX.search(title)
        action = "approved" if title in item.approved else "reviewed"
        docs.append(DocumentRef(title[: m.start()] if m else title, m.group(1) if m else None, action))
    return Decision(kinds=["同意"] if item.approved else [], documents=docs)


def decision_id(meeting_id: str, item: int, n: int) -> str:
    return f"{meeting_id}/{item}.{n}"


def decision_summary(record: Minutes, item: AgendaItem, n: int, decision: Decision) -> DecisionSummary:
    return {
        "meeting": record.id,
        "item": item.number,
        "at": next(i for i, it in enumerate(record.items) if it is item),
        "n": n,
        "kinds": list(decision.kinds),
        "presenters": list(decision.presenters),
        "leads": [r.department for r in decision.responsible if r.role == LEAD],
        "responsible": list(dict.fromkeys(r.department for r in decision.responsible)),
        "docstatus": list(dict.fromkeys(d.status for d in decision.documents if d.status)),
        "deadlines": [d.date for d in decision.deadlines if d.date],
        "chars": len(re.sub(r"\s+", "", decision_text(item, n))),
    }
