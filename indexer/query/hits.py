"""One result line: a meeting's title, its snippet and its matching agenda items, bounded
(ITEM_HITS items, fixed snippet widths) whatever the size of the meeting."""

from __future__ import annotations

import re

from ..models import MeetingSummary, Minutes
from ..numerals import int_to_cn
from ..store import load_record
from . import highlight
from .request import Hit, ItemHit

ITEM_HITS = 10  # most matching agenda items one hit carries
SNIPPET_WIDTH = 120


def _item_hits(record: Minutes, pattern: re.Pattern) -> list[ItemHit]:
    """The matching items, best first: by how many of the query's strings their best decision
    holds (with the item's title, as decision search counts them), every string before some; ties
    in the meeting's order. Each points at that decision (or at the title when no decision matches)."""
    found: list[tuple[int, int, ItemHit]] = []
    for order, item in enumerate(record.items):
        best: tuple[int, int | None, str, str] | None = None  # (coverage, decision, marker, text)
        in_title = highlight.coverage(item.title, pattern)
        for i, d in enumerate(item.decisions):
            if pattern.search(d) is None:
                continue
            cover = highlight.coverage(f"{item.title}\n{d}", pattern)
            if best is None or cover > best[0]:
                best = (cover, i + 1, f"（{int_to_cn(i + 1)}）" if i < 99 else "", d)
        if best is None and in_title:
            best = (in_title, None, "", item.title)
        if best is None:
            continue
        cover, decision, marker, part = best
        snip = highlight.snippet(part, pattern, width=80)
        assert snip is not None
        hit = ItemHit(item.number, highlight.clip(item.title, 80), snip.prefixed(marker), decision)
        found.append((-cover, order, hit))
    found.sort(key=lambda f: (f[0], f[1]))
    return [hit for _, _, hit in found[:ITEM_HITS]]


def hit_of(stored: dict, summary: MeetingSummary, pattern: re.Pattern | None) -> Hit:
    """One result line; what it carries is bounded (ITEM_HITS items, snippet widths), whatever
    the size of the meeting."""
    record = load_record(stored)
    items = _item_hits(record, pattern) if pattern is not None else []
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
