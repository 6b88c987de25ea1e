"""Per-decision facts held as arrays, beside the meetings' (`columns`): which document is a
decision, its meeting, its place in the meeting, and its facet columns (kind, presenter, lead,
responsible department, document status, and its meeting's year, city and body), so decision
search counts and filters decisions the way meeting search counts meetings.

Decision documents share the meetings' document numbers (one index); strings share the meetings'
table of strings.
"""

from __future__ import annotations

import numpy as np

from ..facets import BY_NAME, Facet
from ..summary_tables import DECISION_LISTS, SummaryTable
from .columns import Column, Columns, Summaries

# The facets a decision has: its own, and its meeting's
DECISION_COLUMNS = (
    "kind",
    "presenter",
    "lead",
    "responsible",
    "docstatus",
    "document",
    "series",
    "year",
    "city",
    "body",
)
OWN_LISTS = DECISION_LISTS
# The earlier meetings a decision cites by number (`meetingcites`), keyed by place: read by threads only
CITES = Facet("cites", "引用会议", True, False, ("cites",))


class DecisionSummaries:
    """Every decision's compact summary, by document number; what `Columns._column` reads."""

    def __init__(self, table: SummaryTable, meetings: Summaries):
        """`table`: the version's merged summary table, as `meetings` read it."""
        self.n = table.n
        self.meetings = meetings
        self.strings = meetings.strings  # one table: codes are comparable with the meetings'
        self.live = live = table["d.live"]
        self.meeting = table["d.meeting"].astype(np.int64)  # the meeting's document number (-1: none)
        self.item = np.where(live, table["d.item"], 0).astype(np.int32)
        self.at = np.where(live, table["d.at"], 0).astype(
            np.int32
        )  # the item's place in its record (numbers may repeat)
        self.n_in_item = np.where(live, table["d.n"], 0).astype(np.int32)
        self.chars = np.where(live, table["d.chars"], 0).astype(np.float32)
        self.offsets = {name: table.offsets(f"d:{name}") for name in OWN_LISTS}
        self.codes = {name: table[f"d:{name}"] for name in OWN_LISTS}

    def entries(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """(decision document, string code) of every value of a field; the meeting's fields
        (year, place, body) are its meeting's."""
        if field in OWN_LISTS:
            rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.offsets[field]))
            return rows, self.codes[field]
        docs, codes = self.meetings.entries(field)
        of_meeting = np.full(self.n, -1, dtype=np.int64)
        of_meeting[docs] = codes
        decisions = np.flatnonzero(self.live)
        mine = of_meeting[self.meeting[decisions]]
        keep = mine >= 0
        return decisions[keep], mine[keep]


class DecisionColumns:
    """What ranking and decision search read of every decision: `live`, `chars`, `number` and
    `date` (its meeting's), as `Columns` has them for meetings, and its facet columns."""

    def __init__(self, summaries: DecisionSummaries, meetings: Columns):
        self.summaries = summaries
        self.n_docs = summaries.n
        self.live = summaries.live
        self.chars = summaries.chars
        self.live_count = int(np.count_nonzero(self.live))  # what ranking's idf and BM25 need, once
        self.avg_chars = float(self.chars[self.live].mean()) if self.live_count else 1.0
        self.meeting = summaries.meeting
        at = np.where(summaries.live, summaries.meeting, 0)
        self.number = np.where(summaries.live, meetings.number[at], 0).astype(np.int32)
        self.date = np.where(summaries.live, meetings.date[at], 0).astype(np.int32)
        self.columns: dict[str, Column] = {name: Columns._column(BY_NAME[name], summaries) for name in DECISION_COLUMNS}
        self.columns["cites"] = Columns._column(CITES, summaries)

    def lift(self, meetings: np.ndarray) -> np.ndarray:
        """The decisions of the meetings where `meetings` is True."""
        return self.live & meetings[np.where(self.live, self.meeting, 0)]

    def order(self, docnums: np.ndarray, newest_first: bool) -> np.ndarray:
        """Decisions by their meeting's date and number (newest or oldest first), then in the order
        the meeting took them."""
        s, sign = self.summaries, -1 if newest_first else 1
        return docnums[
            np.lexsort((s.n_in_item[docnums], s.at[docnums], sign * self.number[docnums], sign * self.date[docnums]))
        ]
