"""Documents followed across meetings (beside `catalog`): one document of one place with every
decision that named it, its statuses over time, its series and the departments involved; the
list of every document; and a decision's thread (此前 / 此后) with what each decision did.

A document is who it is in one place (`doctitles`: statuses do not change it, years and periods
make the documents of a series); each reads one snapshot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from . import doctitles
from .analysis import fold
from .catalog import Named, named_counts
from .models import UNKNOWN_CITY, Decision, DocumentRef, Minutes, decision_details, decision_id, decision_text
from .query import SearchIndex, Snapshot
from .query.threads import Linked, cited_meetings, decisions_naming, keys_of, thread
from .store import load_record


@dataclass
class Mention:
    """One decision naming a document, and what it did to it."""

    id: str
    meeting_id: str
    date: str
    number: int
    item: int
    decision: int
    item_title: str
    title: str  # as this decision writes it (without its status)
    status: str | None
    action: str  # approved, reviewed, mentioned
    kinds: list[str]
    presenters: list[str]
    responsible: list[str]
    text: str


@dataclass
class DocumentProfile:
    title: str  # the document's key: its periods and its title without place or status
    city: str
    mentions: list[Mention]  # oldest first
    series: list[tuple[str, int]] = field(default_factory=list)  # the series' other documents, with decisions
    departments: list[tuple[str, int]] = field(default_factory=list)  # presenters and responsible, counted

    @property
    def statuses(self) -> list[tuple[str, str | None, str]]:
        """(date, status, action) in date order: the document's life."""
        return [(m.date, m.status, m.action) for m in self.mentions]


class _Records:
    """Meeting records read once per lookup."""

    def __init__(self, snap: Snapshot):
        self.snap = snap
        self.by_doc: dict[int, Minutes] = {}

    def of(self, d: int) -> Minutes:
        meeting = int(self.snap.decisions.meeting[d])
        if meeting not in self.by_doc:
            self.by_doc[meeting] = load_record(self.snap.stored(meeting))
        return self.by_doc[meeting]


def _decision(snap: Snapshot, d: int, records: _Records):
    record = records.of(d)
    s = snap.decisions.summaries
    item = record.items[int(s.at[d])]
    n = int(s.n_in_item[d])
    return record, item, n, decision_details(item, n)


def _ref(record: Minutes, details: Decision, key: str) -> DocumentRef | None:
    places = doctitles.place_names(record.city, record.body)
    return next((r for r in details.documents if doctitles.same(doctitles.document_key(r.title, places), key)), None)


def document_profile(index: SearchIndex, key: str, city: str) -> DocumentProfile | None:
    snap = index.snapshot()
    docs = decisions_naming(snap, "document", key, city)
    if not len(docs):
        return None
    records = _Records(snap)
    mentions: list[Mention] = []
    departments: Counter[str] = Counter()
    series_keys: set[str] = set()
    for d in docs.tolist():
        record, item, n, details = _decision(snap, d, records)
        ref = _ref(record, details, key) or DocumentRef(key)
        responsible = [r.department for r in details.responsible]
        departments.update({*details.presenters, *responsible})
        series_keys.update(keys_of(snap, d, "series"))
        mentions.append(
            Mention(
                decision_id(record.id, item.number, n),
                record.id,
                record.date or "",
                record.number or 0,
                item.number,
                n,
                item.title,
                ref.title,
                ref.status,
                ref.action,
                list(details.kinds),
                list(details.presenters),
                responsible,
                decision_text(item, n),
            )
        )
    mine = doctitles.series_key(key, [])
    others: Counter[str] = Counter()
    for s in series_keys:
        if not doctitles.same(s, mine):
            continue
        for d in decisions_naming(snap, "series", s, city).tolist():
            for other in keys_of(snap, d, "documents"):
                if not doctitles.same(other, key) and doctitles.same(doctitles.series_key(other, []), s):
                    others[other] += 1
    return DocumentProfile(
        key,
        city,
        mentions,
        sorted(others.items()),
        sorted(departments.items(), key=lambda kv: (-kv[1], kv[0])),
    )


def document_counts(index: SearchIndex) -> list[Named]:
    """Every document, by place, with the number of decisions naming it, most named first."""
    snap = index.snapshot()
    return named_counts(snap.decisions.columns["document"], snap.decisions.live)


def find_documents(index: SearchIndex, typed: str, city: str | None = None) -> list[Named]:
    """The documents a title as typed names (its status, place prefix and layout spaces do not
    matter): in each place, the one it keys to, or else those whose title holds it."""
    exact, holding = [], []
    for n in document_counts(index):
        if city not in (None, n.city):
            continue
        places = doctitles.place_names(n.city, None)
        if doctitles.same(n.name, doctitles.document_key(typed, places)):
            exact.append(n)
        elif fold(doctitles.series_key(typed, places)) in fold(n.name):
            holding.append(n)
    return exact or holding


def document_cities(index: SearchIndex, key: str) -> list[tuple[str, int]]:
    """(place, decisions) where a document of that title was named."""
    snap = index.snapshot()
    col = snap.decisions.columns["document"]
    counts = col.counts(snap.decisions.live)
    found = [(col.identities[c].city or UNKNOWN_CITY, int(counts[c])) for c in col.codes_for(key) if counts[c]]
    return sorted(found, key=lambda kv: (-kv[1], kv[0]))


@dataclass
class ThreadEntry:
    """A decision before or after another, with the document that links them."""

    id: str
    meeting_id: str
    date: str
    number: int
    item: int
    decision: int
    item_title: str
    document: str  # "" when it cites the meeting
    same_document: bool
    action: str | None  # what it did to that document
    via: str  # "document", "series", or "meeting" (a later decision citing this one's meeting)


@dataclass
class CitedMeeting:
    """An earlier meeting a decision cites by number (`meetingcites`)."""

    meeting_id: str
    date: str
    number: int
    title: str


@dataclass
class Thread:
    before: list[ThreadEntry]  # nearest first
    after: list[ThreadEntry]  # nearest first
    before_total: int
    after_total: int
    cited: list[CitedMeeting] = field(default_factory=list)  # the earlier meetings it cites


def decision_thread(index: SearchIndex, meeting_id: str, item: int, n: int) -> Thread | None:
    """此前 / 此后 of one decision, or None when the index has no such decision."""
    snap = index.snapshot()
    d = _decision_docnum(snap, meeting_id, item, n)
    if d is None:
        return None
    return _thread(snap, d, _Records(snap))


def meeting_threads(index: SearchIndex, meeting_id: str, limit: int = 5) -> dict[tuple[int, int], Thread]:
    """(item, decision) → its thread (the nearest `limit` on each side), for every decision of one
    meeting that has one."""
    snap = index.snapshot()
    meeting = snap.searcher().document_number(id=meeting_id)
    if meeting is None:
        return {}
    dcols = snap.decisions
    s = dcols.summaries
    records = _Records(snap)
    out = {}
    for d in np.flatnonzero(dcols.live & (dcols.meeting == meeting)).tolist():
        t = _thread(snap, d, records, limit)
        if t.before_total or t.after_total or t.cited:
            out[(int(s.item[d]), int(s.n_in_item[d]))] = t
    return out


def followed_counts(index: SearchIndex, meeting_id: str) -> dict[int, int]:
    """Item number → how many later decisions follow one of its decisions (each counted once)."""
    snap = index.snapshot()
    meeting = snap.searcher().document_number(id=meeting_id)
    if meeting is None:
        return {}
    dcols = snap.decisions
    later: dict[int, set[int]] = {}
    for d in np.flatnonzero(dcols.live & (dcols.meeting == meeting)).tolist():
        after = thread(snap, d, limit=snap.decisions.n_docs)[1]
        if after:
            later.setdefault(int(dcols.summaries.item[d]), set()).update(x.docnum for x in after)
    return {item: len(xs) for item, xs in later.items()}


def _thread(snap: Snapshot, d: int, records: _Records, limit: int | None = None) -> Thread:
    before, after, nb, na = thread(snap, d) if limit is None else thread(snap, d, limit)
    cited = []
    for m in cited_meetings(snap, d):
        s = snap.summaries.at(m)
        cited.append(CitedMeeting(s["id"], s["date"] or "", s["number"] or 0, s["title"]))
    return Thread([_entry(snap, x, records) for x in before], [_entry(snap, x, records) for x in after], nb, na, cited)


def _decision_docnum(snap: Snapshot, meeting_id: str, item: int, n: int) -> int | None:
    d = snap.searcher().document_number(decision=decision_id(meeting_id, item, n))
    return int(d) if d is not None and snap.decisions.live[d] else None


def _entry(snap: Snapshot, linked: Linked, records: _Records) -> ThreadEntry:
    record, it, n, details = _decision(snap, linked.docnum, records)
    ref = _ref(record, details, linked.document) if linked.document else None
    return ThreadEntry(
        decision_id(record.id, it.number, n),
        record.id,
        record.date or "",
        record.number or 0,
        it.number,
        n,
        it.title,
        linked.document,
        linked.same_document,
        ref.action if ref else None,
        linked.via,
    )
