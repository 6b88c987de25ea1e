"""Equal-work peers: `python -m bench.equal INDEX PROBES [--peers tantivy-bigram,fts5-trigram,floor]`.

Each peer answers the query mix doing the work our `search()` does for a page of results: the
matches of the text (every meeting holding the exact string: a phrase of its character bigrams,
folded as our `ngrams` field folds them), the filters, the total, the counts of every sidebar
facet (`facets.SHOWN`, each without its own filter, as ours), the facet values a page shows (our
`facet_values`), the first 10 meetings, and those 10 hits rendered by our code (`hit_of`). Its
total, facet values and distinct-value counts are checked equal to ours for every query; a
mismatch is printed and recorded. Queries in our decision-field syntax (`类型:`, `负责:`) have no
peer form and are left out of the ratios (ours are measured over the same subset as well).

What the peers index is their own, not our index's: each meeting is parsed again by our parser
(`indexer.parse.parse_file`, two processes, timed: a peer's full build is that plus its own), its
`ngrams` text cut into bigrams by our `BigramTokenizer.term_positions` (the same folding), its
facet values read by `facets.values_of` from its summary and keyed per city as our columns key
them. A peer's own facet codes are mapped to our columns' codes once, to render the sidebar with
our code; its rows are mapped to our document numbers by meeting id, to render hits.

- tantivy-bigram: tantivy over each meeting's bigrams (whitespace-separated, positions kept, so a
  phrase query of a string's bigrams is an exact substring match; one character: a regex prefix
  over the bigrams, as ours), facets as multi-valued u64 fast fields counted by tantivy's terms
  aggregation, (date, number) as a fast field for newest-first.
- fts5-trigram: SQLite FTS5 with its trigram tokenizer over the folded, space-free text (a quoted
  MATCH: a substring), strings of one or two characters on a second FTS5 table of each meeting's
  distinct bigrams (hex-encoded tokens; one character: a prefix query), facets by GROUP BY over a
  (document, facet, code) table, filters as INTERSECTed subqueries.
- floor: one sorted array of documents and one of positions per bigram, written to disk and
  memory-mapped (numpy), a phrase by intersecting (document, position − offset) keys, facets by
  `bincount` over the facet codes: what the design could cost with nothing but arrays.

Ours is timed with its caches cleared before every run; the peers' caches (tantivy's, SQLite's
page cache, the OS's) cannot be cleared: they run warm. Prints JSON: per peer, build seconds (its
index over texts already parsed) and the parse seconds, p50/p95 over the runnable queries (every
sample of REPEATS runs each), per-query medians, phrase recall over the probes, mismatches; and
ours over the same queries.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from indexer.analysis import BigramTokenizer, fold
from indexer.facets import BY_NAME, SHOWN, values_of
from indexer.identity import Identity
from indexer.models import UNKNOWN_CITY, summary_of
from indexer.parse import parse_file
from indexer.query import SearchIndex, SearchRequest, search
from indexer.query.facetvalues import facet_values
from indexer.query.highlight import compile_matcher
from indexer.query.hits import hit_of

REPEATS = 7
PAGE = 10
NO_PEER_FORM = ("类型:", "负责:", "期限:")
PEERS = ("tantivy-bigram", "fts5-trigram", "floor")


def query_mix(docs: Sequence[tuple], seed: int) -> list[dict]:
    """The benchmark's query mix over parsed meetings `(id, text, year, attendees, …)`: the same
    for `python -m bench`, its peers and the tests."""
    rng = random.Random(seed)
    common_attendee = statistics.mode(a for d in docs for a in d[3])
    years = sorted({d[2] for d in docs})
    rare = rng.choice([a for d in docs[:50] for a in d[3]])
    return [
        {"name": "common term", "q": "审计"},
        {"name": "rare term", "q": rare},
        {"name": "quoted phrase", "q": '"加快补齐短板弱项"'},
        {"name": "person filter", "attendee": common_attendee},
        {"name": "department + year", "department": "市审计局", "year": years[len(years) // 2]},
        {"name": "term + person", "q": "安全生产", "attendee": common_attendee},
        {"name": "newest first", "q": "数字政府", "sort": "newest"},
        {"name": "decision kind + term", "q": "类型:同意 规划"},
        {"name": "responsible + deadline", "q": "负责:市财政局 期限:年底前"},
    ]


def request_of(q: dict) -> SearchRequest:
    req = dict(q)
    req.pop("name", None)
    for key in ("attendee", "department", "year"):
        if key in req:
            req[key] = [req[key]]
    return SearchRequest(**req)


def runnable(q: dict) -> bool:
    """Whether every peer can express the query: a plain (or quoted) string, sidebar filters."""
    if any(mark in q.get("q", "") for mark in NO_PEER_FORM):
        return False
    return all(name in SHOWN for name, values in request_of(q).filters.items() if values)


def _string_of(q: dict) -> str:
    text = q.get("q", "").strip()
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text


def _folded(text: str) -> str:
    """A string as our bigram field sees it: whitespace removed, folded."""
    return fold(re.sub(r"\s+", "", text))


def _bigrams(text: str) -> list[str]:
    folded = _folded(text)
    return [folded[i : i + 2] for i in range(len(folded) - 1)]


def _in_order(positions: dict[str, list[int]]) -> list[str]:
    """Our tokenizer's bigrams (`term_positions`) back in text order."""
    seq = [""] * sum(len(p) for p in positions.values())
    for gram, where in positions.items():
        for p in where:
            seq[p] = gram
    return seq


def _parsed(path: str) -> tuple[str, str, int, dict[str, list[str]]]:
    """One meeting as the peers index it: id, `ngrams` text, (date, number) key, facet values."""
    record = parse_file(path)
    summary = summary_of(record)
    city = summary.get("city") or UNKNOWN_CITY
    values = {}
    for name in SHOWN:
        facet = BY_NAME[name]
        found = [v for v in values_of(facet, summary) if v]
        keys = [Identity.of(v, city).key for v in found] if facet.per_city else found
        values[name] = list(dict.fromkeys(keys))
    date = int(record.date.replace("-", "")) if record.date else 0
    text = record.text + ("\n" + record.title if record.title else "")
    return record.id, text, date * 1_000_000 + (record.number or 0), values


class Corpus:
    """The meetings of our index, parsed again from their files (`paths`: what our index stored),
    with the peers' own facet tables; `texts[i]` is our document `docnums[i]`."""

    def __init__(self, index: SearchIndex, workers: int = 2):
        self.snap = snap = index.snapshot()
        cols = snap.columns
        live = np.flatnonzero(cols.live)
        paths = sorted({snap.stored(int(d))["path"] for d in live.tolist()})
        start = time.perf_counter()
        with ProcessPoolExecutor(workers) as pool:
            parsed = list(pool.map(_parsed, paths, chunksize=64))
        self.parse_s = time.perf_counter() - start
        docnum_of = {cols.summaries.ids[d]: int(d) for d in live.tolist()}
        rows, seen = [], set()
        for p in parsed:  # a meeting our index holds, once
            if p[0] in docnum_of and p[0] not in seen:
                seen.add(p[0])
                rows.append(p)
        self.docnums = np.array([docnum_of[p[0]] for p in rows], np.int64)
        self.row_of = {int(d): i for i, d in enumerate(self.docnums.tolist())}
        self.texts = [p[1] for p in rows]
        self.when = np.array([p[2] for p in rows], np.int64)
        self.values: dict[str, list[str]] = {}  # facet → code → value (the peers' own codes)
        self.codes: dict[str, list[np.ndarray]] = {}  # facet → per meeting, its value codes
        self.to_ours: dict[str, np.ndarray] = {}  # facet → our column's code of each code
        self._exact: dict[str, dict[str, list[int]]] = {}
        self._by_name: dict[str, dict[str, list[int]]] = {}
        for name in SHOWN:
            code_of: dict[str, int] = {}
            self.codes[name] = [
                np.array([code_of.setdefault(v, len(code_of)) for v in p[3][name]], np.int64) for p in rows
            ]
            self.values[name] = list(code_of)
            ours = cols.columns[name].codes_of
            self.to_ours[name] = np.array([ours.get(v, -1) for v in code_of], np.int64)
            exact: dict[str, list[int]] = {}
            by_name: dict[str, list[int]] = {}
            for value, code in code_of.items():
                exact.setdefault(fold(value), []).append(code)
                if BY_NAME[name].per_city:
                    by_name.setdefault(fold(Identity.parse(value).name), []).append(code)
            self._exact[name], self._by_name[name] = exact, by_name

    def __len__(self) -> int:
        return len(self.texts)

    def filter_codes(self, req: SearchRequest) -> dict[str, list[int]]:
        """Each active filter's values as the peers' codes (a bare name: that name in any city)."""
        out = {}
        for name, values in req.filters.items():
            if not values:
                continue
            codes: set[int] = set()
            for value in values:
                per_city = BY_NAME[name].per_city and Identity.parse(value).city is None
                codes.update((self._by_name if per_city else self._exact)[name].get(fold(value), []))
            out[name] = sorted(codes)
        return out

    def page(self, req: SearchRequest, counts: dict[str, np.ndarray], rows: list[int], total: int, q: dict):
        """What the page shows, from a peer's counts (its codes) and first rows, by our code."""
        cols = self.snap.columns
        facets, totals = {}, {}
        for name in SHOWN:
            column = cols.columns[name]
            ours = np.zeros(len(column.values), np.int64)
            ours[self.to_ours[name]] = counts[name]
            facets[name] = facet_values(column, ours, req.filters[name], req.facet_limit, name)
            totals[name] = int(np.count_nonzero(counts[name]))
        text = _string_of(q)
        pattern = compile_matcher([text]) if text else None
        docnums = self.docnums[rows[:PAGE]].tolist() if rows else []
        hits = [hit_of(self.snap.stored(d), cols.summaries.at(d), pattern) for d in docnums]
        return total, facets, hits, totals


# ---------------------------------------------------------------- tantivy over bigrams


class TantivyBigram:
    name = "tantivy-bigram"

    def __init__(self, corpus: Corpus, folder: Path):
        import tantivy

        self.t, self.corpus = tantivy, corpus
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("grams", stored=False, tokenizer_name="whitespace", index_option="position")
        sb.add_unsigned_field("row", stored=True, fast=True, indexed=True)
        sb.add_unsigned_field("when", fast=True)
        for name in SHOWN:
            sb.add_unsigned_field(name, fast=True, indexed=True)
        self.schema = sb.build()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        start = time.perf_counter()
        index = tantivy.Index(self.schema, path=str(folder))
        writer = index.writer(heap_size=400_000_000, num_threads=2)
        for i, text in enumerate(corpus.texts):
            doc = tantivy.Document(grams=" ".join(_in_order(BigramTokenizer.term_positions(text))))
            doc.add_unsigned("row", i)
            doc.add_unsigned("when", int(corpus.when[i]))
            for name in SHOWN:
                for c in corpus.codes[name][i].tolist():
                    doc.add_unsigned(name, c)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.build_s = time.perf_counter() - start
        index.reload()
        self.index, self.searcher = index, index.searcher()

    def _text(self, text: str):
        t = self.t
        folded = _folded(text)
        if not folded:
            return t.Query.all_query()
        if len(folded) == 1:  # a bigram starting with it, as ours (a prefix query)
            return t.Query.regex_query(self.schema, "grams", re.escape(folded) + ".")
        grams = _bigrams(folded)
        if len(grams) == 1:
            return t.Query.term_query(self.schema, "grams", grams[0])
        return t.Query.phrase_query(self.schema, "grams", grams)

    def _filtered(self, base, filters: dict[str, list[int]], leave_out: str | None = None):
        t = self.t
        parts = [(t.Occur.Must, base)]
        for name, codes in filters.items():
            if name == leave_out:
                continue
            any_of = t.Query.boolean_query(
                [(t.Occur.Should, t.Query.term_query(self.schema, name, c)) for c in codes]
                or [(t.Occur.Must, t.Query.empty_query())]
            )
            parts.append((t.Occur.Must, any_of))
        return t.Query.boolean_query(parts) if len(parts) > 1 else base

    def _counts(self, query, names: list[str]) -> dict[str, np.ndarray]:
        values = self.corpus.values
        aggs = {name: {"terms": {"field": name, "size": len(values[name]) + 1}} for name in names}
        found = self.searcher.aggregate(query, aggs) if names else {}
        out = {}
        for name in names:
            counts = np.zeros(len(values[name]), np.int64)
            for bucket in found[name]["buckets"]:
                counts[int(bucket["key"])] = bucket["doc_count"]
            out[name] = counts
        return out

    def run(self, q: dict, req: SearchRequest):
        base = self._text(_string_of(q))
        filters = self.corpus.filter_codes(req)
        query = self._filtered(base, filters)
        counts = self._counts(query, [n for n in SHOWN if n not in filters])  # one pass for the rest
        for name in filters:
            counts.update(self._counts(self._filtered(base, filters, name), [name]))
        if req.sort == "newest" or not _string_of(q):
            found = self.searcher.search(query, PAGE, count=True, order_by_field="when")
        else:
            found = self.searcher.search(query, PAGE, count=True)
        rows = [self.searcher.doc(address)["row"][0] for _, address in found.hits]
        return self.corpus.page(req, counts, rows, found.count, q)

    def holds(self, docnum: int, text: str) -> bool:
        t = self.t
        row = self.corpus.row_of[docnum]
        query = t.Query.boolean_query(
            [(t.Occur.Must, self._text(text)), (t.Occur.Must, t.Query.term_query(self.schema, "row", row))]
        )
        return self.searcher.search(query, 1, count=True).count > 0


# ---------------------------------------------------------------- SQLite FTS5, trigrams


def _hex(gram: str) -> str:
    """A bigram (or a prefix) as one ASCII token of FTS5's ascii tokenizer."""
    return "".join(f"{ord(ch):06x}" for ch in gram)


class FTS5Trigram:
    """SQLite FTS5 (trigram tokenizer) for strings of three characters or more, a table of each
    meeting's distinct bigrams for one or two, facets by GROUP BY. Per query the matches are
    written once into a temporary table, the selection (matches and filters) into another."""

    name = "fts5-trigram"

    def __init__(self, corpus: Corpus, folder: Path):
        self.corpus = corpus
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.path = folder / "fts5.db"
        start = time.perf_counter()
        db = sqlite3.connect(self.path, isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
        db.execute("CREATE VIRTUAL TABLE tri USING fts5(body, tokenize='trigram', content='')")
        db.execute("CREATE VIRTUAL TABLE bi USING fts5(grams, tokenize='ascii', content='', detail='none')")
        db.execute("CREATE TABLE meta(doc INTEGER PRIMARY KEY, stamp INTEGER)")
        db.execute("CREATE TABLE facet(doc INTEGER, f INTEGER, code INTEGER, PRIMARY KEY (doc, f, code)) WITHOUT ROWID")
        for i, text in enumerate(corpus.texts):
            grams = BigramTokenizer.term_positions(text)
            db.execute("INSERT INTO tri(rowid, body) VALUES (?, ?)", (i, _folded(text)))
            db.execute("INSERT INTO bi(rowid, grams) VALUES (?, ?)", (i, " ".join(map(_hex, grams))))
            db.execute("INSERT INTO meta VALUES (?, ?)", (i, int(corpus.when[i])))
            db.executemany(
                "INSERT INTO facet VALUES (?, ?, ?)",
                [(i, f, c) for f, name in enumerate(SHOWN) for c in corpus.codes[name][i].tolist()],
            )
        db.execute("CREATE INDEX facet_code ON facet(f, code, doc)")
        db.execute("INSERT INTO tri(tri) VALUES ('optimize')")
        db.execute("INSERT INTO bi(bi) VALUES ('optimize')")
        db.execute("COMMIT")
        db.execute("ANALYZE")
        db.execute("CREATE TEMP TABLE m(doc INTEGER PRIMARY KEY)")  # the text's matches
        db.execute("CREATE TEMP TABLE s(doc INTEGER PRIMARY KEY)")  # and every filter
        self.build_s = time.perf_counter() - start
        self.db = db

    @staticmethod
    def _match(text: str) -> tuple[str, str] | None:
        """(table, MATCH expression) of the meetings holding a string; None: every meeting."""
        folded = _folded(text)
        if not folded:
            return None
        if len(folded) <= 2:  # no trigram in it: the bigram table (one character: a prefix)
            return "bi", f'"{_hex(folded)}"' + ("*" if len(folded) == 1 else "")
        return "tri", '"' + folded.replace('"', '""') + '"'

    def _selection(self, source: str, filters: dict[str, list[int]], leave_out: str | None = None) -> str:
        parts = [source]
        for name, codes in filters.items():
            if name != leave_out:
                f = SHOWN.index(name)
                parts.append(f"SELECT doc FROM facet WHERE f = {f} AND code IN ({','.join(map(str, codes))})")
        return " INTERSECT ".join(parts)

    def _counts(self, within: str, names: list[str]) -> dict[str, np.ndarray]:
        out = {name: np.zeros(len(self.corpus.values[name]), np.int64) for name in names}
        if not names:
            return out
        fs = ",".join(str(SHOWN.index(n)) for n in names)
        sql = f"SELECT f, code, count(*) FROM facet WHERE doc IN ({within}) AND f IN ({fs}) GROUP BY f, code"
        for f, code, count in self.db.execute(sql):
            out[SHOWN[f]][code] = count
        return out

    def run(self, q: dict, req: SearchRequest):
        db = self.db
        match = self._match(_string_of(q))
        filters = self.corpus.filter_codes(req)
        source = "SELECT doc FROM meta"
        if match is not None:
            db.execute("DELETE FROM m")
            db.execute(f"INSERT INTO m SELECT rowid FROM {match[0]} WHERE {match[0]} MATCH ?", (match[1],))
            source = "SELECT doc FROM m"
        db.execute("DELETE FROM s")
        db.execute(f"INSERT INTO s {self._selection(source, filters)}")
        counts = self._counts("SELECT doc FROM s", [n for n in SHOWN if n not in filters])
        for name in filters:
            counts.update(self._counts(self._selection(source, filters, leave_out=name), [name]))
        (total,) = db.execute("SELECT count(*) FROM s").fetchone()
        if req.sort == "newest" or match is None:
            sql, params = f"SELECT meta.doc FROM s JOIN meta USING (doc) ORDER BY stamp DESC LIMIT {PAGE}", ()
        else:
            # `+rowid`: not a constraint FTS5 is handed (it would run the MATCH once per row of s)
            table = match[0]
            where = " AND +rowid IN s" if filters else ""
            sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ?{where} ORDER BY rank LIMIT {PAGE}"
            params = (match[1],)
        rows = [r for (r,) in db.execute(sql, params)]
        return self.corpus.page(req, counts, rows, total, q)

    def holds(self, docnum: int, text: str) -> bool:
        match = self._match(text)
        if match is None:
            return True
        sql = f"SELECT 1 FROM {match[0]} WHERE {match[0]} MATCH ? AND rowid = ?"
        return self.db.execute(sql, (match[1], self.corpus.row_of[docnum])).fetchone() is not None


# ---------------------------------------------------------------- the numpy floor


def _pair_keys(text: str) -> np.ndarray:
    """A text's bigrams in order, each as one integer (first code point << 21 | second), folded
    and spaced as our `BigramTokenizer` (a test checks they are its bigrams)."""
    cps = np.frombuffer(_folded(text).encode("utf-32-le"), np.uint32).astype(np.int64)
    return (cps[:-1] << 21) | cps[1:]


def _key_of(gram: str) -> int:
    return (ord(gram[0]) << 21) | ord(gram[1])


class Floor:
    """The floor: per bigram, sorted documents and positions (memory-mapped); facets by bincount."""

    name = "numpy floor"

    def __init__(self, corpus: Corpus, folder: Path | None = None):
        self.corpus = corpus
        n = len(corpus)
        start = time.perf_counter()
        parts = [_pair_keys(text) for text in corpus.texts]
        lens = np.array([p.size for p in parts], np.int64)
        keys = np.concatenate(parts) if parts else np.zeros(0, np.int64)
        del parts
        firsts = np.concatenate(([0], np.cumsum(lens)))
        docs = np.repeat(np.arange(n, dtype=np.int32), lens)
        positions = (np.arange(keys.size, dtype=np.int64) - np.repeat(firsts[:-1], lens)).astype(np.int32)
        order = np.argsort(keys, kind="stable")  # stable: (document, position) ascend within a bigram
        keys = keys[order]
        bounds = np.flatnonzero(np.diff(keys)) + 1 if keys.size else np.zeros(0, np.int64)
        heads = np.concatenate(([0], bounds)) if keys.size else np.zeros(0, np.int64)
        arrays = {
            "grams": keys[heads],  # each bigram's key, ascending: a prefix is a range
            "starts": np.concatenate((heads, [keys.size])).astype(np.int64),
            "docs": docs[order],
            "positions": positions[order],
        }
        del keys, docs, positions, order
        self._tmp = None
        if folder is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="bench-floor-")
            folder = Path(self._tmp.name)
        folder.mkdir(parents=True, exist_ok=True)
        for key, values in arrays.items():
            np.save(folder / f"{key}.npy", values)
        del arrays
        self.grams = np.load(folder / "grams.npy", mmap_mode="r")
        self.starts = np.load(folder / "starts.npy", mmap_mode="r")
        self.docs = np.load(folder / "docs.npy", mmap_mode="r")
        self.positions = np.load(folder / "positions.npy", mmap_mode="r")
        self.entries = {}
        for name in SHOWN:
            per = corpus.codes[name]
            sizes = np.array([c.size for c in per], np.int64)
            self.entries[name] = (np.repeat(np.arange(n), sizes), np.concatenate(per) if n else np.zeros(0, np.int64))
        self.build_s = time.perf_counter() - start

    def _id(self, gram: str) -> int | None:
        key = _key_of(gram)
        k = int(np.searchsorted(self.grams, key))
        return k if k < len(self.grams) and int(self.grams[k]) == key else None

    def _matches(self, text: str) -> np.ndarray:
        folded = _folded(text)
        n = len(self.corpus)
        mask = np.zeros(n, bool)
        if not folded:
            return ~mask
        if len(folded) == 1:  # every bigram starting with it
            c = ord(folded)
            lo, hi = np.searchsorted(self.grams, [c << 21, (c + 1) << 21])
            mask[self.docs[self.starts[lo] : self.starts[hi]]] = True
            return mask
        found_ids = [self._id(g) for g in _bigrams(folded)]
        if any(k is None for k in found_ids):
            return mask
        ids = [int(k) for k in found_ids if k is not None]
        keys: np.ndarray | None = None
        # rarest first: fewest keys to carry through the intersections
        for off, k in sorted(enumerate(ids), key=lambda e: int(self.starts[e[1] + 1] - self.starts[e[1]])):
            a, b = int(self.starts[k]), int(self.starts[k + 1])
            found = (self.docs[a:b].astype(np.int64) << 32) | (self.positions[a:b].astype(np.int64) - off + (1 << 20))
            keys = found if keys is None else keys[np.isin(keys, found, assume_unique=True)]
            if not keys.size:
                return mask
        assert keys is not None
        mask[keys >> 32] = True
        return mask

    def run(self, q: dict, req: SearchRequest):
        matched = self._matches(_string_of(q))
        filters = self.corpus.filter_codes(req)
        n = matched.size
        masks = {}
        for name, codes in filters.items():
            rows, values = self.entries[name]
            masks[name] = np.bincount(rows[np.isin(values, codes)], minlength=n).astype(bool)
        final = matched.copy()
        for mask in masks.values():
            final &= mask
        counts = {}
        for name in SHOWN:
            keep = matched.copy()
            for other, mask in masks.items():
                if other != name:
                    keep &= mask
            rows, values = self.entries[name]
            counts[name] = np.bincount(values[keep[rows]], minlength=len(self.corpus.values[name]))
        chosen = np.flatnonzero(final)
        first = chosen[np.argsort(-self.corpus.when[chosen], kind="stable")[:PAGE]]
        return self.corpus.page(req, counts, first.tolist(), int(chosen.size), q)

    def holds(self, docnum: int, text: str) -> bool:
        return bool(self._matches(text)[self.corpus.row_of[docnum]])


# ---------------------------------------------------------------- measuring


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _ours(index: SearchIndex, q: dict):
    r = search(index, request_of(q))
    return r.total, r.facets, r.hits, r.facet_totals


def _same(ours, theirs) -> list[str]:
    """What differs between two pages: total, each facet's values shown (value and count) and its
    number of distinct values."""
    problems = []
    if ours[0] != theirs[0]:
        problems.append(f"total: ours {ours[0]} vs theirs {theirs[0]}")
    for name in SHOWN:
        a = [(v.value, v.count) for v in ours[1][name]]
        b = [(v.value, v.count) for v in theirs[1][name]]
        if a != b:
            diff = [(x, y) for x, y in zip(a, b) if x != y][:2] or [(a[len(b) :][:1], b[len(a) :][:1])]
            problems.append(f"{name}: ours {len(a)} values vs theirs {len(b)}, first differences {diff}")
        if len(ours) > 3 and len(theirs) > 3 and ours[3].get(name) != theirs[3].get(name):
            problems.append(f"{name}: distinct values ours {ours[3].get(name)} vs theirs {theirs[3].get(name)}")
    return problems


def make_peers(names: Sequence[str], corpus: Corpus, folder: Path) -> list:
    peers: list = []
    for name in names:
        start = time.perf_counter()
        if name == "tantivy-bigram":
            peers.append(TantivyBigram(corpus, folder / "tantivy-bigram"))
        elif name == "fts5-trigram":
            peers.append(FTS5Trigram(corpus, folder / "fts5-trigram"))
        elif name == "floor":
            peers.append(Floor(corpus, folder / "floor"))
        else:
            raise SystemExit(f"unknown equal-work peer {name!r}: use {', '.join(PEERS)}")
        built = folder / name
        peers[-1].size_mb = sum(f.stat().st_size for f in built.rglob("*") if f.is_file()) / 1e6
        print(f"{name}: built in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return peers


def measure(index: SearchIndex, peers: list, queries: list[dict], probes) -> dict:
    """Every peer and ours on every query (checked equal first), REPEATS runs each, interleaved so
    that the machine's noise falls on all alike; then each peer's recall over the probes."""
    out: dict = {"queries": [q["name"] for q in queries], "repeats": REPEATS}
    timings: dict[str, dict[str, list[float]]] = {"ours": {}, **{p.name: {} for p in peers}}
    mismatches: dict[str, list[str]] = {p.name: [] for p in peers}
    for q in queries:
        req = request_of(q)
        ours = _ours(index, q)
        for peer in peers:
            for problem in _same(ours, peer.run(q, req)):
                line = f"{q['name']} ({q.get('q') or ''!s}): {peer.name}: {problem}"
                print(f"MISMATCH {line}", file=sys.stderr, flush=True)
                mismatches[peer.name].append(line)
        for _ in range(REPEATS):
            index.clear_caches()
            start = time.perf_counter()
            _ours(index, q)
            timings["ours"].setdefault(q["name"], []).append((time.perf_counter() - start) * 1000)
            for peer in peers:
                start = time.perf_counter()
                peer.run(q, req)
                timings[peer.name].setdefault(q["name"], []).append((time.perf_counter() - start) * 1000)
    for engine, per_query in timings.items():
        samples = [t for ts in per_query.values() for t in ts]
        out[engine] = {
            "p50_ms": statistics.median(samples) if samples else float("nan"),
            "p95_ms": _pct(samples, 95) if samples else float("nan"),
            "per_query_p50_ms": {k: statistics.median(v) for k, v in per_query.items()},
        }
    for peer in peers:
        out[peer.name]["build_s"] = peer.build_s
        out[peer.name]["size_mb"] = getattr(peer, "size_mb", None)
        out[peer.name]["mismatches"] = mismatches[peer.name]
        out[peer.name]["equal_work"] = not mismatches[peer.name]
        found = sum(peer.holds(d, sub) for d, sub in probes)
        out[peer.name]["recall"] = found / len(probes) if probes else 1.0
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.equal", description=__doc__.split("\n\n")[0])
    ap.add_argument("index")
    ap.add_argument("probes", help="the query mix and probes bench writes (bench/out/probes-N.json)")
    ap.add_argument("--peers", default=",".join(PEERS), help=f"comma-separated: {', '.join(PEERS)}")
    ap.add_argument("--probe-count", type=int, default=0, help="probes checked for recall (0: all, as ours)")
    ap.add_argument("--keep", help="build the peers' indexes in this folder (default: a temporary one)")
    args = ap.parse_args(argv)
    data = json.loads(Path(args.probes).read_text(encoding="utf-8"))
    queries = [q for q in data["queries"] if runnable(q)]
    index = SearchIndex(args.index, time_budget=600)
    corpus = Corpus(index)
    print(f"parsed {len(corpus)} meetings in {corpus.parse_s:.1f} s", file=sys.stderr, flush=True)
    by_id = {corpus.snap.columns.summaries.ids[d]: int(d) for d in corpus.docnums.tolist()}
    probes = [(by_id[i], s) for i, s in data["probes"] if i in by_id]
    if args.probe_count:
        probes = probes[: args.probe_count]
    wanted = [p for p in args.peers.split(",") if p]
    with tempfile.TemporaryDirectory(prefix="bench-equal-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        peers = make_peers(wanted, corpus, folder)
        result = measure(index, peers, queries, probes)
    result["parse_s"] = corpus.parse_s
    result["meetings"] = len(corpus)
    result["probes"] = len(probes)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
