"""What came before and after a decision: the decisions of other meetings of the same place naming
the same document or one of its series (`doctitles`), in date order. Read from the decision columns: a
document's decisions are its column's entries, so a thread costs a few array scans, however long
the archive (`Column.rows_of`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    document: str  # the document key it shares (or, for a series, its own document's)
    same_document: bool  # False: another document of the same series


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


def thread(snap: Snapshot, d: int, limit: int = THREAD_LIMIT) -> tuple[list[Linked], list[Linked], int, int]:
    """(此前, 此后, how many before, how many after) of decision `d`: the nearest `limit` on each side."""
    place = place_of(snap, d)
    same = {int(x) for key in keys_of(snap, d, "documents") for x in decisions_naming(snap, "document", key, place)}
    linked = set(same)
    for key in keys_of(snap, d, "series"):
        linked |= {int(x) for x in decisions_naming(snap, "series", key, place)}
    meetings = snap.decisions.meeting
    linked = {x for x in linked if meetings[x] != meetings[d]}  # its own meeting's are on its page
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
        return Linked(
            x, meeting["id"], meeting["date"], meeting["number"], int(s.item[x]), int(s.n_in_item[x]), shared, x in same
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
