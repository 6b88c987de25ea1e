"""One result line: a meeting's title, its snippet and its matching agenda items, bounded
(ITEM_HITS items, fixed snippet widths) whatever the size of the meeting."""

from __future__ import annotations

import re

from ..models import MeetingSummary
from ..numerals import int_to_cn
from ..store import load_record
from . import highlight
from .request import Hit, ItemHit

ITEM_HITS = 10  # most matching agenda items one hit carries
SNIPPET_WIDTH = 120


def hit_of(stored: dict, summary: MeetingSummary, pattern: re.Pattern | None) -> Hit:
    """One result line; what it carries is bounded (ITEM_HITS items, snippet widths), whatever
    the size of the meeting."""
    record = load_record(stored)
    items = []
    if pattern is not None:
        for item in record.items:
            parts = [(None, "", item.title)] + [
                (i + 1, f"（{int_to_cn(i + 1)}）" if i < 99 else "", d) for i, d in enumerate(item.decisions)
            ]
            for decision, marker, part in parts:
                snip = highlight.snippet(part, pattern, width=80)
                if snip:  # the decision marker says which decision matched
                    items.append(ItemHit(item.number, highlight.clip(item.title, 80), snip.prefixed(marker), decision))
                    break
            if len(items) == ITEM_HITS:
                break
    body_snip = highlight.snippet(record.text, pattern, width=SNIPPET_WIDTH) if pattern else None
    return Hit(
        id=summary["id"],
        city=summary.get("city"),
        number=summary["number"],
        date=summary["date"],
        title=highlight.clip(summary["title"], 200),
        chair=summary.get("chair"),
        snippet=body_snip or highlight.lead(record.text, SNIPPET_WIDTH),
        items=items,
    )
