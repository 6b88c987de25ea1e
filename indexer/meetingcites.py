"""Earlier meetings a decision cites by number: `按照市政府第111次常务会议确定的…`,
`落实区政府第5次常务会议精神`, `根据管委会2022年第4次主任办公会议定事项`.

A citation counts when it names the citing meeting's own body (nothing, 市政府, 区政府, 县政府,
管委会, 本级, or the place's own name: 苏州市人民政府) and its own kind of meeting; a higher or
another body's meeting (省政府第3次常务会议, 国务院常务会议, 市委常委会第5次会议) is not a link. Each
is keyed `kind/year/number` (the year empty where the citation writes none) and resolved on the
read side (`query.threads`) to the latest meeting of the same place with that kind, number (and
year) held before the citing meeting: numbers restart with a government's term, or each year.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numerals import CN_NUM, NUMERAL, cn_to_int

_KINDS = {"主任办公会议": "主任办公会"}  # the same kind of meeting, written two ways
# A meeting's number and kind, found first (a few in a text); what stands before it is read after
_NUMBER_RE = re.compile(rf"第(?P<num>{NUMERAL})次(?P<kind>[\u4e00-\u9fff]{{2,8}}?(?:会议|办公会议?))")
_BEFORE_RE = re.compile(rf"(?P<who>[\u4e00-\u9fff]{{0,14}}?)(?:(?P<year>\d{{4}}|[{CN_NUM}]{{4}})年度?)?$")
# The citing body's own name before the number: its place (苏州市), a term (十九届), the body
_BODY = r"(?:本级|(?:市|区|县)?(?:人民)?政府|管委会|管理委员会)"
_TERM = rf"(?:[{CN_NUM}\d]+届)"
# What ends the words before a body's name (按照…, 落实…, 经…审议, 传达了…)
_LEAD = re.compile(
    r"(?:[^\u4e00-\u9fff]|按照|根据|依照|依据|落实|贯彻|执行|对照|经过|经|在|按|据|将|的|和|及|与|了|即|由|是|为|对|于)$"
)


def kind_of(meeting_type: str | None) -> str:
    """A meeting's kind as keys write it: 主任办公会议 and 主任办公会 are one."""
    kind = (meeting_type or "").strip()
    return _KINDS.get(kind, kind)


def cite_key(kind: str, year: int | None, number: int) -> str:
    return f"{kind_of(kind)}/{year or ''}/{number}"


def cite_keys(text: str, meeting_type: str | None, places: list[str] | None = None) -> list[str]:
    """The keys of the meetings of its own body and kind that a decision's text cites (`places`:
    the place's own names, `doctitles.place_names`, which may stand before the body)."""
    own_kind = kind_of(meeting_type)
    if not own_kind or "次" not in text:
        return []
    out: list[str] = []
    for m in _NUMBER_RE.finditer(text):
        if kind_of(m.group("kind")) != own_kind:
            continue
        before = _BEFORE_RE.search(text, max(0, m.start() - 20), m.start())
        who = before.group("who") if before else ""
        own = _own_pattern(tuple(places or ())).search(who)
        rest = who[: own.start()] if own else who
        if rest and not _LEAD.search(rest):
            continue  # another body's meeting: 省政府第3次常务会议, 国务院常务会议
        try:
            number = cn_to_int(m.group("num"))
            year = cn_to_int(before.group("year")) if before and before.group("year") else None
        except ValueError:
            continue
        key = cite_key(own_kind, year, number)
        if key not in out:
            out.append(key)
    return out


@lru_cache(maxsize=4096)
def _own_pattern(places: tuple[str, ...]) -> re.Pattern[str]:
    """The citing body's own name at the end of the words before a number, for one place."""
    names = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True) if len(p) >= 2) or "(?!)"
    return re.compile(rf"(?:{names}){_TERM}?{_BODY}$|{_TERM}?{_BODY}$|$")
