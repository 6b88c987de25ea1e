"""Every setting of the web app, declared once (a test checks the README documents each); the
defaults the CLI and the query side share come from `indexer.vocabulary`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indexer import vocabulary
from indexer.store import default_index_dir


@dataclass(frozen=True)
class Setting:
    name: str
    default: Callable[[], object]
    help: str


SETTINGS = (
    Setting(
        "INDEX_DIR",
        lambda: str(default_index_dir()),
        "index folder to serve (env MINUTES_INDEX_DIR; default data/index)",
    ),
    Setting("PAGE_SIZE", lambda: vocabulary.PAGE_SIZE, "hits per search page (env MINUTES_PAGE_SIZE)"),
    Setting("FACET_SIZE", lambda: 10, "facet values shown before “显示更多” (env MINUTES_FACET_SIZE)"),
    Setting("EXPORT_LIMIT", lambda: 10000, "most rows in a CSV export (env MINUTES_EXPORT_LIMIT)"),
    Setting("FEED_SIZE", lambda: 20, "entries in an Atom feed (env MINUTES_FEED_SIZE)"),
    Setting(
        "PUBLIC_URL",
        lambda: "",
        "the address links in feeds, CSV files and citations start with, e.g. https://minutes.example.org "
        "(env MINUTES_PUBLIC_URL; default: the request's own, for a loopback or listed host only)",
    ),
    Setting(
        "HOSTS",
        lambda: "",
        "comma-separated host names whose requests may name the address links start with (env MINUTES_HOSTS)",
    ),
    Setting(
        "DEMO",
        lambda: False,
        "a banner on every page saying the meetings are generated (env MINUTES_DEMO=1; `make demo` sets it)",
    ),
    Setting(
        "QUERY_TIMEOUT",
        lambda: vocabulary.QUERY_TIMEOUT,
        "seconds one search may take before it is stopped with a message (env MINUTES_QUERY_TIMEOUT)",
    ),
)
