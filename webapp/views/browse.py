"""Browsing: every meeting by city and year, with the archive's statistics."""

from __future__ import annotations

from dataclasses import asdict

from indexer import catalog

from ..searcher import get_index
from .pages import Page, page


@page("browse", "/browse", "/api/browse", "browse.html")
def browse_view() -> Page:
    index = get_index()
    cities, stats = catalog.meetings_by_city_and_year(index), catalog.stats(index)
    return Page(
        lambda: {
            "stats": asdict(stats),
            "cities": {city: {y: [m["id"] for m in ms] for y, ms in years.items()} for city, years in cities.items()},
        },
        lambda: {"cities": cities, "stats": stats},
    )
