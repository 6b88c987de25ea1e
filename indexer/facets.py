"""The filters and facets, defined once: name (URL parameter, JSON key, CLI flag --name), label,
how values are keyed, whether the sidebar shows it, and how a meeting's values are read from its
stored summary. Columns, search requests, the CLI, the web views, templates and exports all read
this list.

People and departments are who they are in one city: their values are keyed `name（city）`.
A filter value may be written either way: `夏文（南通市）` is that city's 夏文, `夏文` is 夏文 in any
city. Facets show the bare name unless it is ambiguous among the values shown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .models import UNKNOWN_CITY


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    per_city: bool                        # values are people or departments, keyed by city
    shown: bool                           # a sidebar facet (else a filter only)
    values: Callable[[dict], list[str]]   # a meeting's values, from its compact summary
    aliases: tuple[str, ...] = ()         # other names for it in query syntax (出席:王翔)


def _city(s: dict) -> str:
    return s.get("city") or UNKNOWN_CITY


FACETS = (
    Facet("city", "城市", False, True, lambda s: [_city(s)], ("城市",)),
    Facet("year", "年份", False, True, lambda s: [s["date"][:4]], ("年份",)),
    Facet("chair", "主持人", True, True, lambda s: [s["chair"]] if s.get("chair") else [], ("主持", "主持人")),
    Facet("attendee", "出席", True, True, lambda s: list(s["attendees"]), ("出席",)),
    Facet("observer", "列席", True, True, lambda s: [p for p, _ in s["observers"]], ("列席",)),
    Facet("department", "部门", True, True, lambda s: list(s["departments"]), ("部门",)),
    Facet("person", "人员", True, False, lambda s: [p for p in [s.get("chair"), *s["attendees"],
                                                              *(p for p, _ in s["observers"]), s.get("recorder")] if p],
          ("人员",)),
)
KEYWORD_FACETS = tuple(f for f in FACETS if f.name != "year")  # indexed as keyword fields (year is an ID)
BY_NAME = {f.name: f for f in FACETS}
SHOWN = tuple(f.name for f in FACETS if f.shown)


def key(name: str, city: str | None) -> str:
    """The identity of a person or department: `name（city）`."""
    return f"{name}（{city or UNKNOWN_CITY}）"


_KEY = re.compile(r"^(?P<name>.+?)[（(](?P<city>[^（）()]+)[）)]$")


def split_key(value: str) -> tuple[str, str | None]:
    """(name, city) of a filter value; city is None for a bare name."""
    m = _KEY.match(value.strip())
    return (m.group("name"), m.group("city")) if m else (value.strip(), None)


def keyed_values(facet: Facet, summary: dict) -> list[str]:
    """A meeting's values of a facet as the columns hold them."""
    values = facet.values(summary)
    if facet.per_city:
        city = _city(summary)
        return [key(v, city) for v in values]
    return values
