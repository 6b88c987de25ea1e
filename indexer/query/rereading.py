"""What a query that finds nothing was probably meant as, read again from the index's own names:
a query that is a person's pinyin or initials (`huangji`, `hj`, `huang ji`) is a search for that
person; a field value matching no meeting is matched against the names of its field (a short form
`列席：发改委` → 市发改委, `城市:苏州` → 苏州市); plain text naming a place's department
(`蘇州市審計局`) is that department of that place. Where exactly one reading fits, the search runs
with it and says so (`已按「…」检索`); where several do, they are offered as queries to follow.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..analysis import fold
from ..facets import BY_NAME
from ..identity import Identity
from ..names import readings
from .fields import FIELDS, KEYWORD
from .request import SearchRequest
from .snapshot import Snapshot
from .tokens import tokens

_LATIN = re.compile(r"^[a-z][a-z ']*$")
MAX_OFFERED = 8
_PEOPLE = ("attendee", "observer", "chair", "person")  # fields whose values are people


@dataclass
class Rereading:
    """A request read again: `request` to run (None when only offers are made), why, and other
    queries worth following."""

    request: SearchRequest | None
    note: str
    offers: list[str] = field(default_factory=list)  # queries (q) a user may follow instead


def reread(snap: Snapshot, req: SearchRequest) -> Rereading | None:
    """Another reading of a request that selects nothing, or None when there is none."""
    q = req.q.strip()
    if not q:
        return None
    return _as_person(snap, req, q) or _as_field_names(snap, req, q) or _as_department(snap, req, q)


def _as_person(snap: Snapshot, req: SearchRequest, q: str) -> Rereading | None:
    typed = fold(q)
    if not _LATIN.match(typed):
        return None
    compact = re.sub(r"[ ']", "", typed)
    exact = [s for s in snap.names.find(typed) if compact in readings(s.name)]  # whole, not a prefix
    if not exact:
        return None
    keys = [Identity(s.name, s.city).key for s in exact[:MAX_OFFERED]]
    again = copy.deepcopy(req)
    again.q = ""
    again.filters["person"] = list(dict.fromkeys([*req.filters["person"], *keys]))

    named = "、".join(keys)
    return Rereading(again, f"「{q}」不在任何会议的正文中，已按人名拼音检索：{named}")


def _candidates(snap: Snapshot, facet: str, typed: str) -> list[str]:
    """The names of a column a typed value may stand for: names ending with it (发改委 → 市发改委),
    starting with it (苏州 → 苏州市), or holding it; the closest kind that has any."""
    column = snap.columns.columns[facet]
    place = None
    if BY_NAME[facet].per_city:
        who = Identity.parse(typed)
        typed, place = who.name, who.city
        names = {i.name for i in column.identities if place in (None, i.city)}
    else:
        names = set(column.values)
    folded = fold(typed)
    for test in (str.endswith, str.startswith, str.__contains__):
        found = sorted(n for n in names if test(fold(n), folded) and fold(n) != folded)
        if found:
            return [Identity(n, place).key if place else n for n in found]
    return []


def _as_field_names(snap: Snapshot, req: SearchRequest, q: str) -> Rereading | None:
    """A field value that matches nothing, read as the name of its field it fits."""
    toks = tokens(fold(q))
    for at, tok in enumerate(toks):
        if tok.kind != "field" or at + 1 >= len(toks) or toks[at + 1].kind not in ("word", "phrase"):
            continue
        facet, kind = FIELDS[tok.text]
        if kind != KEYWORD or facet not in BY_NAME:
            continue
        value = toks[at + 1]
        column = snap.columns.columns[facet]
        if column.codes_for(value.text):
            continue  # it names something: not this one
        found = _candidates(snap, facet, value.text)
        start, end = value.at, value.at + len(value.text) + (2 if value.kind == "phrase" else 0)
        label = BY_NAME[facet].label
        if not found and facet in _PEOPLE and (found := _candidates(snap, "department", value.text)):
            start, label = tok.at, f"{label}人员"  # 列席：发改委 means the department that sat in
            found = [f"部门:{name}" for name in found]
        if not found:
            continue
        rewritten = [q[:start] + name + q[end:] for name in found[:MAX_OFFERED]]
        if len(found) == 1:
            again = copy.deepcopy(req)
            again.q = rewritten[0]
            return Rereading(again, f"没有{label}「{value.text}」，已按「{found[0]}」检索")
        return Rereading(None, f"没有{label}「{value.text}」；可能是：" + "、".join(found[:MAX_OFFERED]), rewritten)
    return None


def _as_department(snap: Snapshot, req: SearchRequest, q: str) -> Rereading | None:
    """Plain text that is a place's department written with the place (苏州市审计局, 蘇州市審計局):
    that department of that place."""
    text = fold(q)
    if " " in text or ":" in text or len(text) < 4:
        return None
    column = snap.columns.columns["department"]
    found = []
    for identity in column.identities:
        city, name = fold(identity.city or ""), fold(identity.name)
        if not city:
            continue
        short = city[:-1] if len(city) > 2 and city[-1] in "市区县" else city
        forms = {city + name, short + name}
        if name[:1] == city[-1:]:
            forms |= {city + name[1:], short + name[1:]}  # 苏州市 + 市审计局 → 苏州市审计局, 苏州审计局
        if text in forms:
            found.append(identity.key)
    if len(found) != 1:
        return None
    again = copy.deepcopy(req)
    again.q = ""
    again.filters["department"] = list(dict.fromkeys([*req.filters["department"], found[0]]))
    return Rereading(again, f"「{q}」不在任何会议的正文中，已按部门「{found[0]}」检索")
