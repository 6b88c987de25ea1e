"""Trends: selected meetings per year, as counts and as shares of that year's meetings under the
same filters, and per month with empty months included."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .matching import select
from .request import SearchRequest
from .snapshot import SearchIndex


@dataclass
class Trend:
    query: str
    total: int
    years: dict[str, int]  # matching meetings per year (every year of the archive, zeros included)
    meetings: dict[str, int]  # all meetings per year under the same filters (the base of the share)
    shares: dict[str, float]  # matching / all, per year, in percent
    months: dict[str, int]  # matching meetings per month, every month from the first to the last
    # matching meetings per year in each of the cities with most of them (or the cities filtered
    # by), for a comparison by city: city → year → meetings (every year, zeros included)
    cities: dict[str, dict[str, int]] = field(default_factory=dict)


CITIES_COMPARED = 6


def _by_month(dates: np.ndarray) -> dict[str, int]:
    if not len(dates):
        return {}
    months = dates // 100
    counts = dict(zip(*np.unique(months, return_counts=True)))
    first, last = int(months.min()), int(months.max())
    out = {}
    y, m = divmod(first, 100)
    while y * 100 + m <= last:
        out[f"{y}-{m:02d}"] = int(counts.get(y * 100 + m, 0))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def trends(index: SearchIndex, req: SearchRequest) -> Trend:
    """Selected meetings per year, as counts and as shares of that year's meetings under the same
    filters, and per month (empty months included)."""
    req.validate()
    snap = index.snapshot()

    def compute() -> Trend:
        cols = snap.columns
        m = select(snap, req)
        base = cols.live.copy()  # every filter but the text query
        for mask in (
            cols.date_mask(req.date_from, req.date_to),
            cols.number_mask(req.number_from, req.number_to),
            *m.masks.values(),
        ):
            if mask is not None:
                base &= mask
        dates = cols.date[m.final]
        dates = dates[dates > 0]  # a meeting whose record gives no date has no year
        base &= cols.date > 0
        all_years = [str(y) for y in np.unique(cols.date[cols.live & (cols.date > 0)] // 10000)]
        years = dict.fromkeys(all_years, 0) | {
            str(y): int(c) for y, c in zip(*np.unique(dates // 10000, return_counts=True))
        }
        meetings = dict.fromkeys(all_years, 0) | {
            str(y): int(c) for y, c in zip(*np.unique(cols.date[base] // 10000, return_counts=True))
        }
        shares = {y: round(100.0 * years[y] / meetings[y], 1) if meetings[y] else 0.0 for y in all_years}
        city = cols.columns["city"]
        counts = city.counts(m.final)
        top = [int(c) for c in np.argsort(-counts, kind="stable")[:CITIES_COMPARED] if counts[c]]
        cities = {}
        for code in top:
            mine = cols.date[m.final & city.any_of([city.values[code]], cols.n_docs)]
            mine = mine[mine > 0] // 10000
            cities[city.values[code]] = dict.fromkeys(all_years, 0) | {
                str(y): int(c) for y, c in zip(*np.unique(mine, return_counts=True))
            }
        return Trend(req.q, int(len(dates)), years, meetings, shares, _by_month(dates), cities)

    return index.cached(snap, ("trends", req.cache_key()), compute)
