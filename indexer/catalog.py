"""Lookups beside search: one meeting, a person's record, a department's, browse lists, statistics.

Each reads one `Snapshot` of the index (its columns and its searcher, taken once), so a commit
in the middle of a lookup cannot mix two versions; only full meeting records are read from disk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .identity import Identity
from .models import UNDATED, UNKNOWN_CITY, MeetingSummary, Minutes, decision_details, decision_id, decision_text
from .query import SearchIndex, Snapshot
from .store import load_record
from .vocabulary import ATTENDEE, CHAIR, OBSERVER, RECORDER, ROLE_ORDER


@dataclass
class MeetingPage:
    record: Minutes
    id: str
    previous: MeetingSummary | None  # summary of the same city and body's meeting before (by date), or None
    next: MeetingSummary | None
    source_path: str | None


def get_meeting(index: SearchIndex, meeting_id: str) -> MeetingPage | None:
    """One meeting's full record with its neighbours in date order, or None."""
    snap = index.snapshot()
    cols = snap.columns
    docnum = snap.searcher().document_number(id=meeting_id)
    if docnum is None:
        return None
    stored = snap.stored(docnum)
    same = np.flatnonzero(cols.live & (cols.series == cols.series[docnum]))  # the same city's same body
    order = cols.order(same, newest_first=False)
    where = int(np.flatnonzero(order == docnum)[0])
    prev_doc = cols.summaries.at(order[where - 1]) if where > 0 else None
    next_doc = cols.summaries.at(order[where + 1]) if where + 1 < len(order) else None
    return MeetingPage(load_record(stored), meeting_id, prev_doc, next_doc, stored.get("path"))


@dataclass
class Appearance:
    id: str
    city: str | None
    number: int
    date: str
    title: str
    role: str
    department: str | None


def _roles(s: MeetingSummary, name: str) -> list[tuple[str, str | None]]:
    roles: list[tuple[str, str | None]] = []
    if s["chair"] == name:
        roles.append((CHAIR.word, None))
    if name in s["attendees"]:
        roles.append((ATTENDEE.word, None))
    roles += [(OBSERVER.word, dept) for person, dept in s["observers"] if person == name]
    if s["recorder"] == name:
        roles.append((RECORDER.word, None))
    return roles


def _docs(snap: Snapshot, column: str, name: str, city: str | None) -> np.ndarray:
    """Live meetings with a person or department: that city's, or (city None) any city's."""
    cols = snap.columns
    return np.flatnonzero(cols.columns[column].any_of([Identity(name, city).key], cols.n_docs) & cols.live)


def cities_of(index: SearchIndex, column: str, name: str) -> list[tuple[str, int]]:
    """(city, meetings) where a person (column "person") or a department has appeared."""
    snap = index.snapshot()
    counts = Counter(snap.summaries.at(d).get("city") or UNKNOWN_CITY for d in _docs(snap, column, name, None))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def person_appearances(
    index: SearchIndex, name: str, city: str | None = None, snap: Snapshot | None = None, docs: np.ndarray | None = None
) -> list[Appearance]:
    """Every meeting a person appears in (in one city, or in any), with role and department, oldest first."""
    snap = snap or index.snapshot()
    cols = snap.columns
    found: list[Appearance] = []
    docs = _docs(snap, "person", name, city) if docs is None else docs
    for d in cols.order(docs, newest_first=False):
        s = cols.summaries.at(d)
        found.extend(
            Appearance(s["id"], s.get("city"), s["number"], s["date"], s["title"], role, dept)
            for role, dept in _roles(s, name)
        )
    return found


@dataclass
class Tenure:
    name: str  # a person (on a department page) or a department (on a person page)
    first: str
    last: str
    meetings: int


@dataclass
class Attended:
    """One meeting a person was at, once, with every role they had there."""

    id: str
    number: int
    date: str
    title: str
    roles: list[str]
    departments: list[str]


@dataclass
class PersonProfile:
    name: str
    city: str
    appearances: list[Appearance]  # one per role (a chair who also attended: two)
    attended: list[Attended]  # one per meeting, newest first
    meetings: int
    departments: list[Tenure]  # departments represented, in order of first appearance
    by_year: dict[str, dict[str, int]]  # year → main role → meetings (each meeting once)
    companions: list[tuple[str, int]]  # people most often at the same meetings
    years: list[TimelineYear] = field(default_factory=list)  # newest first


def person_profile(index: SearchIndex, name: str, city: str, companions: int = 15) -> PersonProfile | None:
    """One person: a name in one city. Departments, co-attendance and tenure never mix cities."""
    snap = index.snapshot()
    docs = _docs(snap, "person", name, city)
    appearances = person_appearances(index, name, city, snap, docs)
    if not appearances:
        return None
    tenures: dict[str, Tenure] = {}
    attended: dict[str, Attended] = {}
    for a in appearances:
        if a.department:
            t = tenures.setdefault(a.department, Tenure(a.department, a.date, a.date, 0))
            t.last = a.date
            t.meetings += 1
        seen = attended.setdefault(a.id, Attended(a.id, a.number, a.date, a.title, [], []))
        if a.role not in seen.roles:
            seen.roles.append(a.role)
        if a.department and a.department not in seen.departments:
            seen.departments.append(a.department)
    by_year: dict[str, Counter] = {}
    for m in attended.values():
        m.roles.sort(key=ROLE_ORDER.index)
        by_year.setdefault(m.date[:4] or UNDATED, Counter())[m.roles[0]] += 1
    cols = snap.columns
    together: Counter = Counter()
    represented: dict[str, list[int]] = {}  # the departments they sat in for → at which meetings
    for d in docs.tolist():
        s = cols.summaries.at(d)
        people = {*s["attendees"], *(p for p, _ in s["observers"])}
        people.discard(name)
        together.update(people)
        for dept in dict.fromkeys(dept for p, dept in s["observers"] if p == name and dept):
            represented.setdefault(Identity(dept, city).key, []).append(d)
    found = _decisions_of(snap, {key: np.asarray(at, dtype=np.int64) for key, at in represented.items()})
    meetings = {y: sum(c.values()) for y, c in by_year.items()}
    return PersonProfile(
        name,
        city,
        appearances,
        list(attended.values())[::-1],
        len(attended),
        list(tenures.values()),
        {y: dict(c) for y, c in sorted(by_year.items())},
        sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:companions],
        _timeline(snap, found, meetings, {y: dict(c) for y, c in by_year.items()}),
    )


@dataclass
class Responsibility:
    meeting_id: str
    date: str
    number: int
    item_number: int
    item_title: str
    decisions: list[str]


DECISIONS_PER_YEAR = 20  # of each kind a department's page lists per year (all are counted)


@dataclass
class DecisionRef:
    """One decision as a department's page lists it."""

    id: str
    meeting_id: str
    date: str
    number: int
    item: int
    decision: int
    item_title: str
    text: str
    kinds: list[str]
    role: str | None  # the department's role in it (牵头, 负责, 会同 …), where written
    deadlines: list[tuple[str, str | None]]  # (as written, date)
    documents: list[tuple[str, str | None, str]]  # (title, status, action)
    department: str = ""  # the department it is listed for (on a person's page: the one they sat in for)


@dataclass
class TimelineYear:
    """One year of what a department, or a person, was part of: the meetings (a person's by main
    role), the decisions presented (and the documents brought), and those that gave a task (and by
    when). A person presents and is tasked through the department they sat in for at that meeting."""

    year: str
    presented: list[DecisionRef]
    presented_total: int
    tasked: list[DecisionRef]
    tasked_total: int
    meetings: int = 0  # meetings it appeared at that year (sat in, represented, tasked …)
    roles: dict[str, int] = field(default_factory=dict)  # a person's meetings that year by main role


@dataclass
class DepartmentProfile:
    name: str
    city: str
    meetings: list[MeetingSummary]  # newest first
    representatives: list[Tenure]  # people who sat in for it, by first appearance
    responsibilities: list[Responsibility]  # decisions naming it as responsible, newest first
    responsibilities_total: int = 0
    by_year: dict[str, int] = field(default_factory=dict)
    years: list[TimelineYear] = field(default_factory=list)  # newest first


def department_profile(index: SearchIndex, name: str, city: str, max_decisions: int = 50) -> DepartmentProfile | None:
    """One department: a name in one city (市审计局 is a different office in every city)."""
    snap = index.snapshot()
    cols = snap.columns
    docs = _docs(snap, "department", name, city)
    if not len(docs):
        return None
    newest = cols.order(docs, newest_first=True)
    tenures: dict[str, Tenure] = {}
    for d in newest[::-1]:
        s = cols.summaries.at(d)
        for person, dept in s["observers"]:
            if dept == name and person:
                t = tenures.setdefault(person, Tenure(person, s["date"], s["date"], 0))
                t.last = s["date"]
                t.meetings += 1
    responsible = [d for d in newest if name in cols.summaries.at(d)["responsible"]]
    found: list[Responsibility] = []
    for d in responsible[:max_decisions]:
        record = load_record(snap.stored(d))
        for item in record.items:
            if name in item.departments:
                decisions = [x for x in item.decisions if name in x] or item.decisions[:1]
                found.append(
                    Responsibility(record.id, record.date or "", record.number or 0, item.number, item.title, decisions)
                )
    years = Counter(cols.summaries.at(d)["date"][:4] or UNDATED for d in docs)
    return DepartmentProfile(
        name,
        city,
        [cols.summaries.at(d) for d in newest],
        list(tenures.values()),
        found,
        len(responsible),
        dict(sorted(years.items())),
        _timeline(snap, _decisions_of(snap, {Identity(name, city).key: None}), dict(years)),
    )


Found = dict[str, tuple[np.ndarray, list[str]]]  # column → (decisions, newest first; the department in each)


def _decisions_of(snap: Snapshot, departments: dict[str, np.ndarray | None]) -> Found:
    """The decisions presented by (column "presenter") and tasking ("responsible") departments,
    each department (an identity's key) at the meetings given (None: at every meeting), newest
    first, with the department's name in each."""
    dcols = snap.decisions
    out: Found = {}
    for column in ("presenter", "responsible"):
        col = dcols.columns[column]
        docs, names = [], []
        for key, meetings in departments.items():
            rows = col.rows_of(col.codes_for(key))
            rows = rows[dcols.live[rows]]
            if meetings is not None:
                rows = rows[np.isin(dcols.meeting[rows], meetings)]
            docs.append(rows)
            names += [Identity.parse(key).name] * len(rows)
        every = np.concatenate(docs) if docs else np.zeros(0, np.int64)
        name_of = dict(zip(every.tolist()[::-1], names[::-1]))  # a decision once, for its first department
        ordered = dcols.order(np.unique(every), newest_first=True)
        out[column] = (ordered, [name_of[int(d)] for d in ordered])
    return out


def _timeline(
    snap: Snapshot,
    found: Found,
    meetings: dict[str, int],
    roles: dict[str, dict[str, int]] | None = None,
    per_year: int = DECISIONS_PER_YEAR,
) -> list[TimelineYear]:
    """Per year, newest first: the meetings (`meetings`: year → count; `roles`: year → role →
    count), and the decisions of `found` (at most `per_year` of each shown, all counted)."""
    dcols = snap.decisions
    year_of = {column: dcols.date[docs] // 10000 for column, (docs, _) in found.items()}
    years = sorted(
        {int(y) for ys in year_of.values() for y in ys.tolist()} | {int(y) for y in meetings if y.isdigit()},
        reverse=True,
    )
    records: dict[int, Minutes] = {}

    def refs(column: str, year: int) -> tuple[list[DecisionRef], int]:
        docs, names = found[column]
        at = np.flatnonzero(year_of[column] == year)
        return [_decision_ref(snap, int(docs[i]), records, names[i]) for i in at[:per_year].tolist()], len(at)

    out = []
    for year in years:
        presented, presented_total = refs("presenter", year)
        tasked, tasked_total = refs("responsible", year)
        label = str(year) if year else UNDATED
        out.append(
            TimelineYear(
                label,
                presented,
                presented_total,
                tasked,
                tasked_total,
                meetings.get(label, 0),
                (roles or {}).get(label, {}),
            )
        )
    return out


def department_decisions(index: SearchIndex, name: str, city: str, limit: int) -> list[tuple[DecisionRef, str]]:
    """The newest `limit` decisions a department presented or was tasked by, each with why
    (汇报, or 负责 with its role): what its feed lists."""
    snap = index.snapshot()
    dcols = snap.decisions
    who = Identity(name, city).key
    presented = dcols.columns["presenter"].any_of([who], dcols.n_docs) & dcols.live
    tasked = dcols.columns["responsible"].any_of([who], dcols.n_docs) & dcols.live
    records: dict[int, Minutes] = {}
    out = []
    for d in dcols.order(np.flatnonzero(presented | tasked), newest_first=True)[:limit].tolist():
        ref = _decision_ref(snap, d, records, name)
        why = ["汇报"] if presented[d] else []
        if tasked[d]:
            why.append("负责" + (f"（{ref.role}）" if ref.role else ""))
        out.append((ref, "、".join(why)))
    return out


def _decision_ref(snap: Snapshot, d: int, records: dict[int, Minutes], department: str) -> DecisionRef:
    s = snap.decisions.summaries
    meeting = int(s.meeting[d])
    if meeting not in records:
        records[meeting] = load_record(snap.stored(meeting))
    record = records[meeting]
    item = record.items[int(s.at[d])]
    n = int(s.n_in_item[d])
    details = decision_details(item, n)
    return DecisionRef(
        decision_id(record.id, item.number, n),
        record.id,
        record.date or "",
        record.number or 0,
        item.number,
        n,
        item.title,
        decision_text(item, n),
        list(details.kinds),
        next((r.role for r in details.responsible if r.department == department), None),
        [(x.text, x.date) for x in details.deadlines],
        [(x.title, x.status, x.action) for x in details.documents],
        department,
    )


@dataclass
class Stats:
    meetings: int
    cities: dict[str, int]
    first_date: str | None
    last_date: str | None
    people: int
    departments: int
    years: dict[str, int]


def _value_counts(snap: Snapshot, column: str) -> list[tuple[str, int]]:
    cols = snap.columns
    counts = cols.columns[column].counts(cols.live)
    values = cols.columns[column].values
    return [(values[c], int(counts[c])) for c in np.flatnonzero(counts)]


def stats(index: SearchIndex) -> Stats:
    snap = index.snapshot()
    cols = snap.columns
    live = np.flatnonzero(cols.live)
    first = last = None
    dated = live[cols.date[live] > 0]  # a meeting whose record gives no date has no place in the span
    if dated.size:
        dates = cols.date[dated]
        first = cols.summaries.brief(dated[np.argmin(dates)])["date"]
        last = cols.summaries.brief(dated[np.argmax(dates)])["date"]
    return Stats(
        len(live),
        dict(sorted(_value_counts(snap, "city"), key=lambda kv: (-kv[1], kv[0]))),
        first,
        last,
        len(_value_counts(snap, "person")),
        len(_value_counts(snap, "department")),
        dict(sorted(_value_counts(snap, "year"))),
    )


def meetings_by_city_and_year(index: SearchIndex) -> dict[str, dict[str, list[dict]]]:
    """Every meeting, grouped by city (most meetings first) and year (newest first)."""
    cols = index.snapshot().columns
    grouped: dict[str, dict[str, list[dict]]] = {}
    for d in cols.order(np.flatnonzero(cols.live), newest_first=True):
        s = cols.summaries.brief(d)
        grouped.setdefault(s["city"] or UNKNOWN_CITY, {}).setdefault((s["date"] or "")[:4] or UNDATED, []).append(s)
    return dict(sorted(grouped.items(), key=lambda kv: (-sum(map(len, kv[1].values())), kv[0])))


@dataclass
class Named:
    name: str
    city: str
    meetings: int


def _named(index: SearchIndex, column: str) -> list[Named]:
    snap = index.snapshot()
    return named_counts(snap.columns.columns[column], snap.columns.live)


def named_counts(col, live) -> list[Named]:
    """Every value of a per-city column with its count over `live`, most frequent first."""
    counts = col.counts(live)
    found = [
        Named(col.identities[c].name, col.identities[c].city or UNKNOWN_CITY, int(counts[c]))
        for c in np.flatnonzero(counts)
    ]
    return sorted(found, key=lambda n: (-n.meetings, n.name, n.city))


def people_counts(index: SearchIndex) -> list[Named]:
    """Everyone named in the archive, by city, with the number of meetings, most frequent first."""
    return _named(index, "person")


def department_counts(index: SearchIndex) -> list[Named]:
    return _named(index, "department")


def find_people(index: SearchIndex, typed: str, limit: int = 20) -> tuple[list, list]:
    """(people a typed name or pinyin stands for, names close to it when none does)."""
    names = index.snapshot().names
    found = names.find(typed, limit)
    return found, ([] if found else names.did_you_mean(typed))
