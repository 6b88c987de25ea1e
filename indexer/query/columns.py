"""Per-meeting facts held as arrays: the compact summaries, and the facet columns built from them.

`Summaries` holds what result lists, facets and profiles need of every meeting as integer codes
into one table of strings plus CSR lists (a few hundred bytes a meeting, where a dict of tuples
took several kilobytes); `summaries[d]` rebuilds meeting d's dict when it is shown.

Each multi-valued facet is a sparse (CSR-like) column: `rows[k]` is the document of entry k and
`codes[k]` the code of its value, so a filter is a `bincount` over the entries and a facet's counts
a `bincount` over the codes of the documents that pass. Columns are built from the summaries'
arrays with numpy; 100,000 meetings with ~100 values each count in milliseconds.
"""

from __future__ import annotations

from functools import cached_property
from typing import Protocol

import numpy as np

from ..analysis import fold
from ..arrays import distinct, factorize, ranges
from ..facets import FACETS
from ..identity import Identity
from ..models import UNKNOWN_CITY, MeetingSummary
from ..summary_tables import MEETING_LISTS, MEETING_SCALARS, SummaryTable


class Summaries:
    """Every meeting's compact summary, by document number (None for a deleted document)."""

    SCALARS = MEETING_SCALARS
    LISTS = MEETING_LISTS

    def __init__(self, table: SummaryTable):
        """`table`: the version's merged summary table (`summary_tables.merge`)."""
        self.n = table.n
        strings = table.strings
        self.live = live = table["m.live"]
        self.ids: list[str | None] = [
            strings[c] if c >= 0 else None for c in np.where(live, table["m.id"], -1).tolist()
        ]
        self.titles: list[str | None] = [
            strings[c] if c >= 0 else None for c in np.where(live, table["m.title"], -1).tolist()
        ]
        self.number = np.where(live, table["m.number"], 0).astype(np.int32)
        self.chars = np.where(live, table["m.chars"], 0).astype(np.float32)
        self.scalars = {name: np.where(live, table[f"m.{name}"], -1).astype(np.int32) for name in self.SCALARS}
        self.offsets = {name: table.offsets(f"m:{name}") for name in self.LISTS}
        self.codes = {name: table[f"m:{name}"] for name in self.LISTS}
        self.strings, self._code_of = strings, table.code_of
        self._made: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # `_derived`

    def __len__(self) -> int:
        return self.n

    def _list(self, name: str, d: int) -> list[str | None]:
        o = self.offsets[name]
        strings = self.strings
        return [strings[c] if c >= 0 else None for c in self.codes[name][o[d] : o[d + 1]].tolist()]

    def brief(self, d) -> dict:
        """What a list of meetings shows (id, number, date, title, city), without the lists."""
        d = int(d)
        date, city = int(self.scalars["date"][d]), int(self.scalars["city"][d])
        return {
            "id": self.ids[d],
            "number": int(self.number[d]),
            "title": self.titles[d],
            "date": self.strings[date] if date >= 0 else "",
            "city": self.strings[city] if city >= 0 else None,
        }

    def __getitem__(self, d) -> MeetingSummary | None:
        """Meeting d's summary, or None for a deleted document."""
        return self.at(d) if self.live[int(d)] else None

    def at(self, d) -> MeetingSummary:
        """Meeting d's summary (d is a live document)."""
        d = int(d)
        if not self.live[d]:
            raise KeyError(f"document {d} is not a meeting of this snapshot")

        def scalar(name: str) -> str | None:
            c = int(self.scalars[name][d])
            return self.strings[c] if c >= 0 else None

        def strings(name: str) -> tuple[str, ...]:
            return tuple(v for v in self._list(name, d) if v is not None)

        return {  # in the order the JSON twins have always shown
            "id": self.ids[d] or "",
            "number": int(self.number[d]),
            "title": self.titles[d] or "",
            "chars": int(self.chars[d]),
            "date": scalar("date") or "",
            "city": scalar("city"),
            "body": scalar("body"),
            "meeting_type": scalar("meeting_type"),
            "chair": scalar("chair"),
            "recorder": scalar("recorder"),
            "attendees": strings("attendees"),
            "departments": strings("departments"),
            "responsible": strings("responsible"),
            "observers": tuple(zip(self._list("observers", d), self._list("observer_departments", d))),
        }

    def entries(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """(document, string code) of every value of a field; `year` is the date's first four
        characters and `place` the city or 未知, as meetings are keyed."""
        codes: np.ndarray
        if field in self.LISTS:
            counts = np.diff(self.offsets[field])
            rows = np.repeat(np.arange(self.n, dtype=np.int64), counts)
            codes = self.codes[field]
            keep = codes >= 0
            return rows[keep], codes[keep].astype(np.int64)
        if field in ("year", "place"):
            return self._derived(field)
        else:
            codes = self.scalars[field].astype(np.int64)
        keep = self.live & (codes >= 0)
        return np.flatnonzero(keep), codes[keep]

    def _derived(self, field: str) -> tuple[np.ndarray, np.ndarray]:
        """`entries` of `year` or `place`, made once (every per-city column reads `place`)."""
        made = self._made.get(field)
        if made is not None:
            return made
        base = self.scalars["date" if field == "year" else "city"].astype(np.int64)
        uniq, inverse = factorize(base + 1, len(self.strings) + 1)  # -1 (none) is 0
        uniq -= 1
        if field == "year":
            mapped = [self._code(self.strings[c][:4]) if c >= 0 else -1 for c in uniq.tolist()]
        else:
            mapped = [c if c >= 0 else self._code(UNKNOWN_CITY) for c in uniq.tolist()]
        codes = np.asarray(mapped, dtype=np.int64)[inverse]
        keep = self.live & (codes >= 0)
        made = self._made[field] = (np.flatnonzero(keep), codes[keep])
        return made

    def _code(self, value: str) -> int:
        """The code of a string, added to the table if new (for derived values)."""
        c = self._code_of.get(value)
        if c is None:
            c = self._code_of[value] = len(self.strings)
            self.strings.append(value)
        return c


class FacetSource(Protocol):
    """What a facet column is built from: meetings' summaries, or decisions' (`decision_columns`)."""

    n: int
    strings: list[str]

    def entries(self, field: str) -> tuple[np.ndarray, np.ndarray]: ...


class Column:
    """One facet's values and which meetings have them."""

    def __init__(
        self,
        values: list[str],
        rows: np.ndarray,
        codes: np.ndarray,
        identities: tuple[np.ndarray, np.ndarray, list[str]] | None = None,
    ):
        """`identities`: a per-city column's (name code, city code) of each value, codes into the
        strings given."""
        self.values = values  # code → value (people and departments: their identity's key, `name（city）`)
        self.codes_of = {v: i for i, v in enumerate(values)}  # value → code
        self.rows = rows  # entry → document number (ascending: a document's entries are together)
        self.codes = codes  # entry → value code
        self._identities = identities
        self.per_city = identities is not None
        self.total = np.bincount(codes, minlength=len(values))  # documents per value over every meeting
        self._rank: np.ndarray | None = None
        self._by_code: tuple[np.ndarray, np.ndarray] | None = None

    @cached_property
    def identities(self) -> list[Identity]:
        """Per-city columns: code → (name, city), made on first use (none for other columns)."""
        if self._identities is None:
            return []
        names, cities, strings = self._identities
        return [Identity(strings[a], strings[b]) for a, b in zip(names.tolist(), cities.tolist())]

    @cached_property
    def by_name(self) -> dict[str, list[int]]:
        """Per-city columns: folded bare name → codes in every city (made on first use: a snapshot
        opens without folding every value)."""
        by_name: dict[str, list[int]] = {}
        for code, identity in enumerate(self.identities):
            by_name.setdefault(fold(identity.name), []).append(code)
        return by_name

    @cached_property
    def by_folded(self) -> dict[str, list[int]]:
        """Folded value → codes (蘇州市 finds 苏州市), made on first use."""
        by_folded: dict[str, list[int]] = {}
        for code, value in enumerate(self.values):
            by_folded.setdefault(fold(value), []).append(code)
        return by_folded

    def rows_of(self, codes: list[int]) -> np.ndarray:
        """The documents having any of these value codes, ascending (an index by code is built on
        first use, so a lookup costs a binary search, not a scan of the entries)."""
        if self._by_code is None:
            order = np.argsort(self.codes, kind="stable")
            self._by_code = (order, np.searchsorted(self.codes[order], np.arange(len(self.values) + 1)))
        order, starts = self._by_code
        parts = [self.rows[order[starts[c] : starts[c + 1]]] for c in codes]
        return np.unique(np.concatenate(parts)).astype(np.int64) if parts else np.zeros(0, dtype=np.int64)

    def value_rank(self) -> np.ndarray:
        """Each code's place in the sorted values (to order facet values without sorting strings)."""
        if self._rank is None:
            rank = np.empty(len(self.values), dtype=np.int64)
            rank[sorted(range(len(self.values)), key=self.values.__getitem__)] = np.arange(len(self.values))
            self._rank = rank
        return self._rank

    def codes_for(self, value: str) -> list[int]:
        """Codes a filter value stands for: `夏文（南通市）` one, a bare `夏文` the name in any city;
        traditional or full-width forms find the same."""
        code = self.codes_of.get(value)
        if code is not None:
            return [code]
        if self.per_city:
            name, city = Identity.parse(value)
            if city is None:
                return list(self.by_name.get(fold(name), []))
        return list(self.by_folded.get(fold(value), []))

    def any_of(self, wanted: list[str], n_docs: int) -> np.ndarray:
        """Boolean mask of documents having at least one of the wanted values (read from the index
        by code, `rows_of`: a filter costs its own documents, not a scan of every entry)."""
        mask = np.zeros(n_docs, dtype=bool)
        mask[self.rows_of(sorted({c for value in wanted for c in self.codes_for(value)}))] = True
        return mask

    def counts(self, docs: np.ndarray) -> np.ndarray:
        """Documents per value code, over the documents where `docs` is True. A few documents: their
        entries found by binary search in the rows. Many: a flag per entry (its document's), then
        the selected entries counted, or, when more than half of them are selected, the others
        subtracted from the totals; every step runs along the entries in order."""
        if np.count_nonzero(docs) * 32 < self.rows.size:
            docnums = np.flatnonzero(docs).astype(self.rows.dtype)  # (searching int32 rows with int64 would copy them)
            lo = np.searchsorted(self.rows, docnums)
            hi = np.searchsorted(self.rows, docnums, side="right")
            return np.bincount(self.codes[ranges(lo, hi)], minlength=len(self.values))
        selected = docs[self.rows]
        if np.count_nonzero(selected) * 2 <= selected.size:
            return np.bincount(self.codes[selected], minlength=len(self.values))
        return self.total - np.bincount(self.codes[~selected], minlength=len(self.values))


class Columns:
    """Facet columns plus the per-meeting facts a result list shows."""

    def __init__(self, summaries: Summaries):
        n = len(summaries)
        self.n_docs = n
        self.summaries = summaries
        self.live = summaries.live
        self.number = summaries.number
        self.chars = summaries.chars
        self.live_count = int(np.count_nonzero(self.live))  # what ranking's idf and BM25 need, once
        self.avg_chars = float(self.chars[self.live].mean()) if self.live_count else 1.0
        dates = summaries.scalars["date"]
        uniq, inverse = np.unique(dates, return_inverse=True)
        day = np.array(
            [int(summaries.strings[c].replace("-", "")) if c >= 0 else 0 for c in uniq.tolist()], dtype=np.int32
        )
        self.date = np.where(self.live, day[inverse.ravel()], 0).astype(np.int32)
        # (city, body): one city's one body numbers its meetings in sequence
        pair = (summaries.scalars["city"].astype(np.int64) << 32) | (
            summaries.scalars["body"].astype(np.int64) & 0xFFFFFFFF
        )
        self.series = np.where(self.live, np.unique(pair, return_inverse=True)[1].ravel(), -1).astype(np.int32)
        self.columns = {facet.name: self._column(facet, summaries) for facet in FACETS}

    @staticmethod
    def _column(facet, summaries: FacetSource) -> Column:
        parts = [summaries.entries(field) for field in facet.fields]
        rows = np.concatenate([r for r, _ in parts]) if parts else np.zeros(0, np.int64)
        codes = np.concatenate([c for _, c in parts]) if parts else np.zeros(0, np.int64)
        strings = summaries.strings
        identities = None
        if facet.per_city:  # a value is a (name, city) pair
            docs, place = summaries.entries("place")
            city_of = np.full(summaries.n, -1, dtype=np.int64)
            city_of[docs] = place
            names, name_of = factorize(codes, len(strings))
            cities, city_at = factorize(city_of[rows], len(strings))
            pairs, inverse = factorize(name_of * len(cities) + city_at, len(names) * len(cities))
            name_codes, city_codes = names[pairs // len(cities)], cities[pairs % len(cities)]
            identities = (name_codes, city_codes, strings)
            values = [
                f"{strings[a]}（{strings[b]}）" if strings[b] else strings[a]  # `Identity.key`
                for a, b in zip(name_codes.tolist(), city_codes.tolist())
            ]
        else:
            uniq, inverse = factorize(codes, len(strings))
            values = [strings[p] for p in uniq.tolist()]
        entries = distinct((rows << 32) | inverse)  # a value once per meeting
        rows = (entries >> 32).astype(np.int32)
        return Column(values, rows, (entries & 0xFFFFFFFF).astype(np.int32), identities)

    def date_mask(self, date_from: str | None, date_to: str | None) -> np.ndarray | None:
        if not date_from and not date_to:
            return None
        mask = self.date > 0  # a meeting whose record gives no date is in no date range
        if date_from:
            mask &= self.date >= int(date_from.replace("-", ""))
        if date_to:
            mask &= self.date <= int(date_to.replace("-", ""))
        return mask

    def number_mask(self, lo: int | None, hi: int | None) -> np.ndarray | None:
        """Meetings numbered lo to hi (inclusive; either may be open), or None for no bound."""
        if lo is None and hi is None:
            return None
        numbers = self.number.astype(np.int64)
        mask = numbers > 0  # nor one without its number in a number range
        if lo is not None:
            mask &= numbers >= min(lo, 1 << 62)  # a number beyond any meeting's matches none
        if hi is not None:
            mask &= numbers <= min(hi, 1 << 62)
        return mask

    def order(self, docnums: np.ndarray, newest_first: bool) -> np.ndarray:
        """Document numbers sorted by (date, meeting number)."""
        keys = np.lexsort((self.number[docnums], self.date[docnums]))
        ordered = docnums[keys]
        return ordered[::-1] if newest_first else ordered
