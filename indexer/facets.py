"""The filters and facets, defined once: name (URL parameter, JSON key, CLI flag --name), label,
how values are keyed, whether the sidebar shows it, and which fields of a meeting's summary
(`columns.Summaries`) its values come from. Columns, search requests, the CLI, the web views,
templates and exports all read this list.

People and departments are who they are in one city (`identity.Identity`): their values are
keyed `name（city）`.
A filter value may be written either way: `夏文（南通市）` is that city's 夏文, `夏文` is 夏文 in any
city. Facets show the bare name unless it is ambiguous among the values shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .models import UNKNOWN_CITY


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    per_city: bool  # values are people or departments, keyed by city
    shown: bool  # a sidebar facet (else a filter only)
    fields: tuple[str, ...]  # the `columns.Summaries` fields its values come from
    aliases: tuple[str, ...] = ()  # other names for it in query syntax (出席:王翔)


FACETS = (
    Facet("city", "城市", False, True, ("place",), ("城市",)),
    Facet("body", "机构", False, True, ("body",), ("机构",)),
    Facet("meeting_type", "会议类型", False, True, ("meeting_type",), ("会议类型", "类型")),
    Facet("year", "年份", False, True, ("year",), ("年份",)),
    Facet("chair", "主持人", True, True, ("chair",), ("主持", "主持人")),
    Facet("attendee", "出席", True, True, ("attendees",), ("出席",)),
    Facet("observer", "列席", True, True, ("observers",), ("列席",)),
    Facet("department", "部门", True, True, ("departments",), ("部门",)),
    Facet("person", "人员", True, False, ("chair", "attendees", "observers", "recorder"), ("人员",)),
    # What decisions record (`models.DecisionSummary`): a meeting has the values of its decisions
    Facet("kind", "决定类型", False, False, ("kinds",), ("决定类型",)),
    Facet("presenter", "汇报单位", True, False, ("presenters",), ("汇报", "汇报单位")),
    Facet("lead", "牵头单位", True, False, ("leads",), ("牵头", "牵头单位")),
    Facet("responsible", "负责单位", True, False, ("responsible",), ("负责", "负责单位")),
    Facet("docstatus", "文件状态", False, False, ("docstatus",), ("文件状态",)),
    # The documents decisions name, one document of one place whatever its status, and their series
    # (`doctitles`): keyed by place as people and departments are
    Facet("document", "文件", True, False, ("documents",), ("文件名",)),
    Facet("series", "文件系列", True, False, ("series",), ("系列",)),
)
KEYWORD_FACETS = tuple(f for f in FACETS if f.name != "year")  # indexed as keyword fields (year is an ID)
BY_NAME = {f.name: f for f in FACETS}
SHOWN = tuple(f.name for f in FACETS if f.shown)
# The decision search's sidebar; its columns count decisions (`query.decisions`)
DECISION_SHOWN = ("kind", "presenter", "responsible", "document", "docstatus", "year", "city", "body")


def values_of(facet: Facet, summary: Mapping[str, Any]) -> list[str]:
    """A meeting's values of a facet (not keyed by city), from a summary dict."""
    out: list[str] = []
    for field in facet.fields:
        if field == "place":
            out.append(summary.get("city") or UNKNOWN_CITY)
        elif field == "year":
            if summary["date"]:
                out.append(summary["date"][:4])
        elif field == "observers":
            out.extend(p for p, _ in summary["observers"])
        elif isinstance(summary.get(field), (list, tuple)):
            out.extend(summary[field])
        elif summary.get(field):
            out.append(summary[field])
    return out
