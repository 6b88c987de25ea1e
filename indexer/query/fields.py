"""The fields a query may name (in English or Chinese), the Whoosh field each reads and what kind
of value it takes; the facets' names come from their registry."""

from __future__ import annotations

from ..facets import FACETS

TITLE, BODY, KEYWORD, YEAR, MONTH, DATE, NUMBER = "title", "body", "keyword", "year", "month", "date", "number"
DOCUMENT, DEADLINE = "document", "deadline"
FIELDS = {  # name a user may type → (Whoosh field, kind); the facets' names come from their registry
    **{alias: (f.name, YEAR if f.name == "year" else KEYWORD) for f in FACETS for alias in (f.name, *f.aliases)},
    "title": ("title", TITLE),
    "标题": ("title", TITLE),
    "text": ("ngrams", BODY),
    "正文": ("ngrams", BODY),
    "document": ("docgrams", DOCUMENT),
    "文件": ("docgrams", DOCUMENT),
    "deadline": ("deadline", DEADLINE),
    "期限": ("deadline", DEADLINE),
    "id": ("id", KEYWORD),
    "month": ("month", MONTH),
    "月份": ("month", MONTH),
    "date": ("date", DATE),
    "日期": ("date", DATE),
    "number": ("number", NUMBER),
    "次数": ("number", NUMBER),
}
FIELD_HELP = (
    "出席 列席 主持 人员 部门 城市 机构 会议类型 标题 正文 年份 月份 日期 次数 类型 汇报 牵头 负责 文件 期限 文件状态 "
    "(attendee observer chair person department city body meeting_type title text year month date number "
    "kind presenter lead responsible document deadline docstatus)"
)
# `类型:` is a decision's kind when the value is one (类型:同意), else the meeting's type (类型:常务会议)
KIND_ALIAS = "类型"

PER_CITY_FIELDS = tuple(f.name for f in FACETS if f.per_city)
