"""What came before and after a decision: the decisions of other meetings of the same place naming
the same document or one of its series (`doctitles`), in date order, and the later decisions citing
its meeting by number (`meetingcites`: `按照市政府第111次常务会议确定的…`). Read from the decision
columns: a document's decisions are its column's entries, so a thread costs a few array scans,
however long the archive (`Column.rows_of`).

A citation names a meeting by kind, number and at times year; it is the latest meeting of the
citing decision's place with that kind and number (and year) held before it (`cited_meeting`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import meetingcites
from ..identity import Identity
from ..models import UNKNOWN_CITY
from .snapshot import Snapshot

THREAD_LIMIT = 20  # decisions shown on each side


@dataclass
class Linked:
    """A decision in a thread: where it is, and what links it (the same document, or its series)."""

    docnum: int
    meeting_id: str
    date: str
    number: int
    item: int
    decision: int
    document: str  # the document key it shares (or, for a series, its own document's; "" for a citation)
    same_document: bool  # False: another document of the same series, or a citation
    via: str = "document"  # what links it: "document", "series", or "meeting" (it cites this meeting)


def keys_of(snap: Snapshot, d: int, field: str) -> list[str]:
    """A decision's document keys (`field` "documents") or series keys ("series")."""
    s = snap.decisions.summaries
    o = s.offsets[field]
    return [s.strings[c] for c in s.codes[field][o[d] : o[d + 1]].tolist()]


def decisions_naming(snap: Snapshot, column: str, key: str, place: str) -> np.ndarray:
    """The decisions of one place naming a document (`column` "document") or a series ("series"),
    oldest first."""
    dcols = snap.decisions
    col = dcols.columns[column]
    rows = col.rows_of(col.codes_for(Identity(key, place).key))
    return dcols.order(rows[dcols.live[rows]], newest_first=False)


def place_of(snap: Snapshot, d: int) -> str:
    meeting = int(snap.decisions.meeting[d])
    return snap.summaries.at(meeting).get("city") or UNKNOWN_CITY


def cited_meeting(snap: Snapshot, key: str, place: str, before: int) -> int | None:
    """The meeting a citation key names for a decision of `place` whose meeting was held on day
    `before` (the columns' day numbers): the latest of that place, kind, number (and year) held
    earlier; None when the archive has none."""
    kind, year, number = key.split("/")
    cols = snap.columns
    best = None
    for m in np.flatnonzero(cols.live & (cols.number == int(number))).tolist():
        if not cols.date[m] or cols.date[m] >= before or (best is not None and cols.date[m] <= cols.date[best]):
            continue
        s = snap.summaries.at(m)
        if (s.get("city") or UNKNOWN_CITY) != place or meetingcites.kind_of(s.get("meeting_type")) != kind:
            continue
        if year and not (s.get("date") or "").startswith(year):
            continue
        best = m
    return best


def cited_meetings(snap: Snapshot, d: int) -> list[int]:
    """The earlier meetings decision `d` cites by number, as it cites them."""
    place, day = place_of(snap, d), int(snap.decisions.date[d])
    found = (cited_meeting(snap, key, place, day) for key in keys_of(snap, d, "cites"))
    return list(dict.fromkeys(m for m in found if m is not None))


def citing(snap: Snapshot, meeting: int) -> list[int]:
    """The later decisions citing a meeting by number (those whose citation resolves to it)."""
    s = snap.summaries.at(meeting)
    place, kind, number = s.get("city") or UNKNOWN_CITY, s.get("meeting_type"), int(snap.columns.number[meeting])
    if not kind or not number:
        return []
    col = snap.decisions.columns["cites"]
    keys = {meetingcites.cite_key(kind, None, number)}
    if s.get("date"):
        keys.add(meetingcites.cite_key(kind, int(s["date"][:4]), number))
    codes = [c for key in keys for c in col.codes_for(Identity(key, place).key)]
    rows = col.rows_of(codes)
    return [x for x in rows[snap.decisions.live[rows]].tolist() if meeting in cited_meetings(snap, x)]


def thread(snap: Snapshot, d: int, limit: int = THREAD_LIMIT) -> tuple[list[Linked], list[Linked], int, int]:
    """(此前, 此后, how many before, how many after) of decision `d`: the nearest `limit` on each side."""
    place = place_of(snap, d)
    same = {int(x) for key in keys_of(snap, d, "documents") for x in decisions_naming(snap, "document", key, place)}
    linked = set(same)
    for key in keys_of(snap, d, "series"):
        linked |= {int(x) for x in decisions_naming(snap, "series", key, place)}
    meetings = snap.decisions.meeting
    cites = set(citing(snap, int(meetings[d]))) - linked
    linked = {x for x in linked | cites if meetings[x] != meetings[d]}  # its own meeting's are on its page
    if not linked:
        return [], [], 0, 0
    ordered = snap.decisions.order(np.asarray(sorted(linked | {d}), dtype=np.int64), newest_first=False).tolist()
    at = ordered.index(d)
    before, after = ordered[:at], ordered[at + 1 :]
    mine = set(keys_of(snap, d, "documents"))

    def linked_of(x: int) -> Linked:
        s = snap.decisions.summaries
        meeting = snap.summaries.at(int(s.meeting[x]))
        docs = keys_of(snap, x, "documents")
        shared = next((k for k in docs if k in mine), docs[0] if docs else "")
        via = "meeting" if x in cites else "document" if x in same else "series"
        return Linked(
            x,
            meeting["id"],
            meeting["date"],
            meeting["number"],
            int(s.item[x]),
            int(s.n_in_item[x]),
            "" if via == "meeting" else shared,
            via == "document",
            via,
        )

    return (
        [linked_of(x) for x in before[-limit:]][::-1],  # nearest first
        [linked_of(x) for x in after[:limit]],
        len(before),
        len(after),
    )


def later_count(snap: Snapshot, d: int) -> int:
    """How many later decisions follow decision `d` (its thread after it)."""
    return thread(snap, d, limit=0)[3]
