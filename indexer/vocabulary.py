"""The words the whole program shares, defined once: the roles people have at a meeting, the
orders results come in, and the defaults of the settings that more than one part reads (the CLI,
the query side, the web app's settings).
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- roles


@dataclass(frozen=True)
class Role:
    word: str  # as minutes write it, and as pages, CSVs and charts show it
    field: str  # the meeting's field (and summary field) that holds the people in it
    colour: str  # its colour in charts


CHAIR = Role("主持", "chair", "#d1242f")
ATTENDEE = Role("出席", "attendees", "#1f6feb")
OBSERVER = Role("列席", "observers", "#8957e5")
RECORDER = Role("记录", "recorder", "#6e7781")
# In this order a meeting counts under the first role a person had there (a chair who is also
# listed as attending counts as the chair).
ROLES = (CHAIR, ATTENDEE, OBSERVER, RECORDER)
ROLE_ORDER = tuple(r.word for r in ROLES)
ROLE_COLOURS = {r.word: r.colour for r in ROLES}

# ---------------------------------------------------------------- orders


@dataclass(frozen=True)
class Sort:
    name: str  # URL parameter and CLI value
    label: str  # what the page shows


SORTS = (Sort("relevance", "相关度"), Sort("newest", "最新"), Sort("oldest", "最早"))
SORT_NAMES = tuple(s.name for s in SORTS)
SORT_LABELS = {s.name: s.label for s in SORTS}
RELEVANCE, NEWEST, OLDEST = SORT_NAMES

# ---------------------------------------------------------------- defaults and limits

PAGE_SIZE = 10  # hits per page (CLI --page-size, web MINUTES_PAGE_SIZE)
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
FACET_LIMIT = 30  # facet values a search returns by default
QUERY_TIMEOUT = 2.0  # seconds one query may take (MINUTES_QUERY_TIMEOUT)
QUERY_TIMEOUT_ENV = "MINUTES_QUERY_TIMEOUT"
INDEX_DIR_ENV = "MINUTES_INDEX_DIR"
PARSE_MEMORY_MB = 1024  # the most memory reading one file may add to its process (MINUTES_PARSE_MEMORY_MB)
PARSE_MEMORY_ENV = "MINUTES_PARSE_MEMORY_MB"
PARSE_SECONDS = 120  # the most time reading one file may take (MINUTES_PARSE_SECONDS)
PARSE_SECONDS_ENV = "MINUTES_PARSE_SECONDS"


# The layouts `parse.readers` reads, as pages name them (a reader's own label is the parse side's;
# the read side shows these), and those whose decisions are numbered （一）（二） rather than
# passages of prose, which citations call 条 and 段.
LAYOUT_LABELS = {
    "suzhou": "常务会议纪要",
    "district": "区县政府会议纪要",
    "report": "会议报道",
    "labelled": "会议回放（分栏）",
    "office": "办公会议、专题会议纪要",
}
NUMBERED_LAYOUTS = ("suzhou", "office")

# What a decision did to a document it names (`models.DocumentRef.action`), as pages and exports say it
ACTION_LABELS = {"approved": "通过", "reviewed": "审议", "mentioned": "提及"}
