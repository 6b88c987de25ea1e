"""Every document's summary as arrays: what a snapshot holds of every meeting and decision
(`query.columns`, `query.decision_columns`), one table per segment.

A segment's writer builds its table from the summaries it indexes and writes it beside the segment
(`whoosh_internals.PackingWriter`); opening a version loads each segment's table and `merge`s them
into one, so that a snapshot's opening concatenates arrays where it unpickled and walked a dict
per document (34.7 s at 100,000 meetings).

A table has its own strings; a value is an integer code into them (-1: none). Per document (n
entries each): whether it is a meeting (`m.live`) or a decision (`d.live`), a meeting's id, title,
number, length and scalar facts, a decision's meeting (its id's code), item, place and length, and
for every list field the number of its values; per list field, the codes of every document's
values, in document order. Document numbers are the segment's own until merged.
"""

from __future__ import annotations

import os
import pickle
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .arrays import offsets_of

MEETING_SCALARS = ("date", "city", "body", "meeting_type", "chair", "recorder")
MEETING_LISTS = (
    "attendees",
    "observers",
    "observer_departments",
    "departments",
    "responsible",
    "kinds",
    "presenters",
    "leads",
    "docstatus",
    "documents",
    "series",
)
DECISION_LISTS = ("kinds", "presenters", "leads", "responsible", "docstatus", "documents", "series", "cites")
SUFFIX = ".sums"  # beside a segment: MAIN_<segment>.sums
_FORMAT = 1

_PER_DOCUMENT: dict[str, Any] = {
    "m.live": bool,
    "m.id": np.int32,
    "m.title": np.int32,
    "m.number": np.int32,
    "m.chars": np.float32,
    **{f"m.{name}": np.int32 for name in MEETING_SCALARS},
    **{f"m:{name}.count": np.int32 for name in MEETING_LISTS},
    "d.live": bool,
    "d.meeting": np.int32,
    "d.item": np.int32,
    "d.at": np.int32,
    "d.n": np.int32,
    "d.chars": np.float32,
    **{f"d:{name}.count": np.int32 for name in DECISION_LISTS},
}
_CODES = (*(f"m:{name}" for name in MEETING_LISTS), *(f"d:{name}" for name in DECISION_LISTS))
_STRING_CODES = ("m.id", "m.title", *(f"m.{name}" for name in MEETING_SCALARS), "d.meeting")


class SummaryTable:
    """The summaries of n documents as arrays (see the module's docstring)."""

    def __init__(
        self, n: int, strings: list[str], arrays: dict[str, np.ndarray], code_of: dict[str, int] | None = None
    ):
        self.n, self.strings, self.arrays = n, strings, arrays
        self._code_of = code_of

    @property
    def code_of(self) -> dict[str, int]:
        """string → code (made on first use where the table was read)."""
        if self._code_of is None:
            self._code_of = {s: c for c, s in enumerate(self.strings)}
        return self._code_of

    def __getitem__(self, key: str) -> np.ndarray:
        return self.arrays[key]

    def offsets(self, key: str) -> np.ndarray:
        """Where each document's values of a list field start in `self[key]` (n + 1 entries)."""
        return offsets_of(self.arrays[key + ".count"])

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[int, str, Any]], n: int) -> SummaryTable:
        """The table of (document, "summary" or "dsummary", its `MeetingSummary` or
        `DecisionSummary`) rows: a meeting's empty values are none (-1), a decision's are kept."""
        strings: list[str] = []
        code_of: dict[str, int] = {}

        def keep(value: str) -> int:
            c = code_of.get(value)
            if c is None:
                c = code_of[value] = len(strings)
                strings.append(value)
            return c

        def code(value: str | None) -> int:
            return keep(value) if value else -1

        per = {key: np.zeros(n, dtype=t) for key, t in _PER_DOCUMENT.items()}
        for key in _STRING_CODES:
            per[key][:] = -1
        flat = {key: array("i") for key in _CODES}
        m_lists = [(name, per[f"m:{name}.count"], flat[f"m:{name}"]) for name in MEETING_LISTS]
        d_lists = [(name, per[f"d:{name}.count"], flat[f"d:{name}"]) for name in DECISION_LISTS]
        for d, kind, s in rows:
            if kind == "summary":
                per["m.live"][d] = True
                per["m.id"][d], per["m.title"][d] = keep(s["id"]), keep(s["title"])
                per["m.number"][d], per["m.chars"][d] = s["number"], s["chars"]
                for name in MEETING_SCALARS:
                    per[f"m.{name}"][d] = code(s.get(name))
                observers = s["observers"]
                lists = {
                    **{name: s.get(name, ()) for name in MEETING_LISTS},
                    "observers": [p for p, _ in observers],
                    "observer_departments": [dept for _, dept in observers],
                }
                for name, counts, codes in m_lists:
                    values = lists[name]
                    counts[d] = len(values)
                    codes.extend(map(code, values))
            else:
                per["d.live"][d] = True
                per["d.meeting"][d] = keep(s["meeting"])
                per["d.item"][d], per["d.n"][d], per["d.chars"][d] = s["item"], s["n"], s["chars"]
                per["d.at"][d] = s.get("at", 0)
                for name, counts, codes in d_lists:
                    values = s.get(name) or []
                    counts[d] = len(values)
                    codes.extend(map(keep, values))
        arrays = per | {key: np.frombuffer(v, dtype=np.intc).astype(np.int32) for key, v in flat.items()}
        return cls(n, strings, arrays, code_of)

    def write(self, path: str, segment: str) -> None:
        """The table of `segment`'s documents, written whole or not at all (a temporary file renamed
        into place; its writer's commit makes it durable)."""
        with open(path + ".tmp", "wb") as f:
            pickle.dump((_FORMAT, segment, self.n, self.strings, self.arrays), f, protocol=5)
        os.replace(path + ".tmp", path)

    @classmethod
    def read(cls, path: str, segment: str, n: int) -> SummaryTable | None:
        """The table written at `path` for `segment`, of n documents, or None (no such file, or not
        that segment's whole table)."""
        try:
            with open(path, "rb") as f:
                form, written_for, count, strings, arrays = pickle.load(f)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return None
        if (form, written_for, count) != (_FORMAT, segment, n) or set(arrays) != set(_PER_DOCUMENT) | set(_CODES):
            return None
        return cls(n, strings, arrays)


def merge(parts: Sequence[tuple[SummaryTable, np.ndarray | None]]) -> SummaryTable:
    """One table of the segments' tables, in order (a segment's document d is document base + d,
    base the documents before it), without each segment's deleted documents (the array, or None).
    Every string is coded once; a decision whose meeting is not a live meeting of the merged table
    (replaced by a later version of it) is not live."""
    n = sum(table.n for table, _ in parts)
    code_of: dict[str, int] = {}
    remaps = []
    for table, _ in parts:
        remap = np.fromiter((code_of.setdefault(s, len(code_of)) for s in table.strings), np.int32, len(table.strings))
        remaps.append(np.append(remap, np.int32(-1)))  # -1 (none) stays -1
    strings = list(code_of)
    arrays: dict[str, np.ndarray] = {}
    alive: dict[str, list[np.ndarray]] = {"m": [], "d": []}  # per part: each document's kind, less its deletions
    for table, deleted in parts:
        for kind in alive:
            live = table[f"{kind}.live"].copy()
            if deleted is not None and deleted.size:
                live[deleted] = False
            alive[kind].append(live)
    for key in _PER_DOCUMENT:
        if key.endswith(".live"):
            continue
        pieces = [table[key] for table, _ in parts]
        if key in _STRING_CODES:
            pieces = [remap[piece] for remap, piece in zip(remaps, pieces)]
        arrays[key] = np.concatenate(pieces) if pieces else np.zeros(0, _PER_DOCUMENT[key])
    arrays["m.live"] = np.concatenate(alive["m"]) if parts else np.zeros(0, bool)
    # a live decision's meeting: the live meeting with its id (the last, should an id repeat)
    meeting_of_code = np.full(len(strings) + 1, -1, dtype=np.int64)
    meetings = np.flatnonzero(arrays["m.live"])
    meeting_of_code[arrays["m.id"][meetings]] = meetings
    d_live = np.concatenate(alive["d"]) if parts else np.zeros(0, bool)
    meeting = np.where(d_live, meeting_of_code[arrays["d.meeting"]], -1)
    arrays["d.live"] = d_live & (meeting >= 0)
    arrays["d.meeting"] = meeting  # now a document number
    for key in _CODES:
        kind = key[0]
        live = arrays[f"{kind}.live"]
        counts = arrays[key + ".count"]
        pieces = [remap[table[key]] for remap, (table, _) in zip(remaps, parts)]
        codes = np.concatenate(pieces).astype(np.int32) if pieces else np.zeros(0, np.int32)
        if not live.all():  # what is not live has no values
            codes = codes[np.repeat(live, counts)]
            arrays[key + ".count"] = np.where(live, counts, 0).astype(np.int32)
        arrays[key] = codes
    return SummaryTable(n, strings, arrays, code_of)
