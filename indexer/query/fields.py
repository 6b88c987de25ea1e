"""The fields a query may name (in English or Chinese), the Whoosh field each reads and what kind
of value it takes; the facets' names come from their registry."""

from __future__ import annotations

from ..facets import FACETS

TITLE, BODY, KEYWORD, YEAR, MONTH, DATE, NUMBER = "title", "body", "keyword", "year", "month", "date", "number"
FIELDS = {  # name a user may type → (Whoosh field, kind); the facets' names come from their registry
    **{alias: (f.name, YEAR if f.name == "year" else KEYWORD) for f in FACETS for alias in (f.name, *f.aliases)},
    "title": ("title", TITLE),
    "标题": ("title", TITLE),
    "text": ("ngrams", BODY),
    "正文": ("ngrams", BODY),
    "responsible": ("responsible", KEYWORD),
    "负责": ("responsible", KEYWORD),
    "id": ("id", KEYWORD),
    "month": ("month", MONTH),
    "月份": ("month", MONTH),
    "date": ("date", DATE),
    "日期": ("date", DATE),
    "number": ("number", NUMBER),
    "次数": ("number", NUMBER),
}
FIELD_HELP = (
    "出席 列席 主持 人员 部门 负责 城市 机构 会议类型 标题 正文 年份 月份 日期 次数 "
    "(attendee observer chair person department responsible city body meeting_type title text year month date number)"
)

PER_CITY_FIELDS = (*(f.name for f in FACETS if f.per_city), "responsible")
