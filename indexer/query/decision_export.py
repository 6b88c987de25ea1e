"""One decision as an export row: the same columns in CSV (Chinese headers) and JSONL (English
keys), for `minutes search --decisions --format csv|jsonl` and the web app's downloads."""

from __future__ import annotations

from ..models import shown_number
from ..numerals import marker
from ..vocabulary import ACTION_LABELS
from .decisions import DecisionHit

# (JSONL key, CSV header)
COLUMNS = (
    ("city", "城市"),
    ("body", "机构"),
    ("number", "会议次数"),
    ("date", "日期"),
    ("item", "议题"),
    ("decision", "第几条"),
    ("kinds", "决定类型"),
    ("presenters", "汇报单位"),
    ("responsible", "负责单位"),
    ("deadlines", "期限"),
    ("documents", "文件"),
    ("citation", "引用"),
    ("address", "网址"),
    ("url", "原文"),
    ("text", "决定"),
    ("id", "决定标识"),
)
CSV_HEADER = tuple(header for _, header in COLUMNS)


def json_row(hit: DecisionHit, address: str | None) -> dict:
    """A JSONL line: the decision with its fields as data (`address`: its page's, with the anchor)."""
    data = hit.to_json()
    return {
        "city": hit.city,
        "body": hit.body,
        "number": hit.number,
        "date": hit.date,
        "item": {"number": hit.item, "title": hit.item_title},
        "decision": hit.decision,
        "kinds": hit.kinds,
        "presenters": hit.presenters,
        "responsible": data["responsible"],
        "deadlines": data["deadlines"],
        "documents": data["documents"],
        "citation": hit.citation,
        "address": address,
        "url": hit.url,
        "text": hit.text,
        "id": hit.id,
    }


def csv_row(hit: DecisionHit, address: str | None) -> tuple[object, ...]:
    """A CSV row: lists joined with 、, roles and statuses in （）."""
    return (
        hit.city or "",
        hit.body or "",
        shown_number(hit.number),
        hit.date or "",
        f"{marker(hit.item)}、{hit.item_title}",
        hit.decision,
        "、".join(hit.kinds),
        "、".join(hit.presenters),
        "、".join(d + (f"（{r}）" if r else "") for d, r in hit.responsible),
        "、".join(t + (f"（{d}）" if d else "") for t, d in hit.deadlines),
        "、".join(
            f"《{t}》" + (f"（{s}）" if s else "") + f"（{ACTION_LABELS.get(a, a)}）" for t, s, a in hit.documents
        ),
        hit.citation,
        address or "",
        hit.url or "",
        hit.text,
        hit.id,
    )
