"""Equal-work peers: `python -m bench.equal INDEX PROBES [--peers tantivy-bigram,floor]`.

Each peer answers the query mix doing the work our `search()` does for a page of results: the
matches of the text (every meeting holding the exact string: a phrase of its character bigrams,
folded as our `ngrams` field folds them), the filters, the total, the counts of every sidebar
facet (each without its own filter, as ours), the facet values a page shows (our
`facet_values`), the first 10 meetings, and those 10 hits rendered by our code (`hit_of`). Its
total and facet values are checked equal to ours for every query; a mismatch is printed and
recorded. Queries in our decision-field syntax (`类型:`, `负责:`) have no peer form and are left
out of the ratios (ours are measured over the same subset).

- tantivy-bigram: tantivy over each meeting's bigrams (whitespace-separated, so a phrase query
  of a string's bigrams is an exact substring match), facets as multi-valued u64 fast fields
  counted by tantivy's terms aggregation, the date as a fast field for newest-first.
- floor: one sorted array of documents and one of positions per bigram, in memory (numpy), a
  phrase by intersecting (document, position − offset) keys, facets by `bincount` over the
  same facet codes: what the design could cost with nothing but arrays.

Prints JSON: per peer, build seconds (the bigram index over texts already parsed; add the parse
time for a full build), p50/p95 over the runnable queries, per-query medians, phrase recall
over the probes, mismatches; and ours over the same queries.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from indexer.analysis import BigramTokenizer, fold
from indexer.facets import SHOWN
from indexer.query import SearchIndex, SearchRequest, search
from indexer.query.facetvalues import facet_values
from indexer.query.highlight import compile_matcher
from indexer.query.hits import hit_of
from indexer.store import load_record

REPEATS = 7
PAGE = 10
NO_PEER_FORM = ("类型:", "负责:", "期限:")


def request_of(q: dict) -> SearchRequest:
    req = dict(q)
    req.pop("name", None)
    for key in ("attendee", "department", "year"):
        if key in req:
            req[key] = [req[key]]
    return SearchRequest(**req)


def runnable(q: dict) -> bool:
    return not any(mark in q.get("q", "") for mark in NO_PEER_FORM)


def _string_of(q: dict) -> str:
    text = q.get("q", "").strip()
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text


def _bigrams(text: str) -> list[str]:
    folded = fold("".join(text.split()))
    return [folded[i : i + 2] for i in range(len(folded) - 1)]


class Corpus:
    """What the peers index, read from our index: each live meeting's `ngrams` text, date and
    facet codes (our columns' codes, so that counts compare value for value)."""

    def __init__(self, index: SearchIndex):
        self.snap = snap = index.snapshot()
        cols = snap.columns
        self.docnums = np.flatnonzero(cols.live)
        self.texts = []
        for d in self.docnums.tolist():
            record = load_record(snap.stored(d))
            self.texts.append(record.text + ("\n" + record.title if record.title else ""))
        self.codes = {}
        for name in (*SHOWN, "person"):
            column = cols.columns[name]
            self.codes[name] = [column.codes[column.starts[d] : column.starts[d + 1]] for d in self.docnums.tolist()]

    def filter_codes(self, req: SearchRequest) -> dict[str, list[int]]:
        cols = self.snap.columns.columns
        return {
            name: sorted({c for v in values for c in cols[name].codes_for(v)})
            for name, values in req.filters.items()
            if values
        }

    def page(self, req: SearchRequest, counts: dict[str, np.ndarray], docnums: list[int], total: int, q: dict):
        """What the page shows, from a peer's counts and first documents, by our code."""
        cols = self.snap.columns
        facets = {
            name: facet_values(cols.columns[name], counts[name], req.filters[name], req.facet_limit, name)
            for name in SHOWN
        }
        text = _string_of(q)
        pattern = compile_matcher([text]) if text else None
        hits = [hit_of(self.snap.stored(d), cols.summaries.at(d), pattern) for d in docnums[:PAGE]]
        return total, facets, hits


# ---------------------------------------------------------------- tantivy over bigrams


class TantivyBigram:
    name = "tantivy-bigram"

    def __init__(self, corpus: Corpus, folder: Path):
        import tantivy

        self.t, self.corpus = tantivy, corpus
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("grams", stored=False, tokenizer_name="whitespace", index_option="position")
        sb.add_unsigned_field("docnum", stored=True, fast=True, indexed=True)
        sb.add_unsigned_field("date", fast=True)
        for name in (*SHOWN, "person"):
            sb.add_unsigned_field(name, fast=True, indexed=True)
        self.schema = sb.build()
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        start = time.perf_counter()
        index = tantivy.Index(self.schema, path=str(folder))
        writer = index.writer(heap_size=400_000_000, num_threads=2)
        dates = corpus.snap.columns.date
        for i, d in enumerate(corpus.docnums.tolist()):
            doc = tantivy.Document(grams=" ".join(_bigrams(corpus.texts[i])))
            doc.add_unsigned("docnum", d)
            doc.add_unsigned("date", int(dates[d]))
            for name, per_doc in corpus.codes.items():
                for c in per_doc[i].tolist():
                    doc.add_unsigned(name, c)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.build_s = time.perf_counter() - start
        index.reload()
        self.index, self.searcher = index, index.searcher()

    def _text(self, text: str):
        t = self.t
        grams = _bigrams(text)
        if not grams:
            return t.Query.all_query()
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
        cols = self.corpus.snap.columns.columns
        aggs = {name: {"terms": {"field": name, "size": len(cols[name].values) + 1}} for name in names}
        found = self.searcher.aggregate(query, aggs)
        out = {}
        for name in names:
            counts = np.zeros(len(cols[name].values), np.int64)
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
            if name in SHOWN:
                counts.update(self._counts(self._filtered(base, filters, name), [name]))
        newest = req.sort == "newest" or not _string_of(q)
        if newest:
            found = self.searcher.search(query, PAGE, count=True, order_by_field="date")
        else:
            found = self.searcher.search(query, PAGE, count=True)
        total = found.count
        docnums = [self.searcher.doc(address)["docnum"][0] for _, address in found.hits]
        return self.corpus.page(req, counts, docnums, total, q)

    def holds(self, docnum: int, text: str) -> bool:
        t = self.t
        query = t.Query.boolean_query(
            [(t.Occur.Must, self._text(text)), (t.Occur.Must, t.Query.term_query(self.schema, "docnum", docnum))]
        )
        return self.searcher.search(query, 1, count=True).count > 0


# ---------------------------------------------------------------- the numpy floor


class Floor:
    """The floor: per bigram, sorted documents and positions in memory; facets by bincount."""

    name = "numpy floor"

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        start = time.perf_counter()
        grams, docs, positions = [], [], []
        for i, text in enumerate(corpus.texts):
            for gram, where in BigramTokenizer.term_positions(text).items():
                grams.append(gram)
                docs.append(np.full(len(where), i, np.int64))
                positions.append(np.asarray(where, np.int64))
        sizes = np.array([len(p) for p in positions])
        gram_of = {g: k for k, g in enumerate(dict.fromkeys(grams))}
        ids = np.repeat(np.array([gram_of[g] for g in grams]), sizes)
        all_docs, all_pos = np.concatenate(docs), np.concatenate(positions)
        order = np.lexsort((all_pos, all_docs, ids))
        self.docs, self.positions, ids = all_docs[order], all_pos[order], ids[order]
        self.starts = np.searchsorted(ids, np.arange(len(gram_of) + 1))
        self.gram_of = gram_of
        n = len(corpus.texts)
        self.entries = {}
        for name, per_doc in corpus.codes.items():
            lens = np.array([c.size for c in per_doc])
            self.entries[name] = (np.repeat(np.arange(n), lens), np.concatenate(per_doc) if n else np.zeros(0, int))
        self.date = corpus.snap.columns.date[corpus.docnums]
        self.build_s = time.perf_counter() - start

    def _matches(self, text: str) -> np.ndarray:
        grams = _bigrams(text)
        n = len(self.corpus.texts)
        if not grams:
            return np.ones(n, bool)
        keys = None
        for off, gram in enumerate(grams):
            k = self.gram_of.get(gram)
            if k is None:
                return np.zeros(n, bool)
            a, b = self.starts[k], self.starts[k + 1]
            found = (self.docs[a:b] << 32) | (self.positions[a:b] - off)
            keys = found if keys is None else found[np.isin(found, keys, assume_unique=True)]
        mask = np.zeros(n, bool)
        assert keys is not None
        mask[keys >> 32] = True
        return mask

    def run(self, q: dict, req: SearchRequest):
        cols = self.corpus.snap.columns.columns
        matched = self._matches(_string_of(q))
        filters = self.corpus.filter_codes(req)
        masks = {}
        for name, codes in filters.items():
            rows, values = self.entries[name]
            masks[name] = np.bincount(rows[np.isin(values, codes)], minlength=matched.size).astype(bool)
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
            counts[name] = np.bincount(values[keep[rows]], minlength=len(cols[name].values))
        chosen = np.flatnonzero(final)
        first = chosen[np.argsort(-self.date[chosen], kind="stable")[:PAGE]]
        return self.corpus.page(req, counts, self.corpus.docnums[first].tolist(), int(chosen.size), q)

    def holds(self, docnum: int, text: str) -> bool:
        i = int(np.searchsorted(self.corpus.docnums, docnum))
        return bool(self._matches(text)[i])


# ---------------------------------------------------------------- measuring


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def _ours(index: SearchIndex, q: dict):
    r = search(index, request_of(q))
    return r.total, r.facets, r.hits


def _same(ours, theirs) -> list[str]:
    """What differs between two pages: total, facet values shown (value and count)."""
    problems = []
    if ours[0] != theirs[0]:
        problems.append(f"total {ours[0]} vs {theirs[0]}")
    for name in SHOWN:
        a = [(v.value, v.count) for v in ours[1][name]]
        b = [(v.value, v.count) for v in theirs[1][name]]
        if a != b:
            problems.append(f"{name}: {a[:3]}… vs {b[:3]}…")
    return problems


def measure(index: SearchIndex, peers: list, queries: list[dict], probes) -> dict:
    out: dict = {"queries": [q["name"] for q in queries]}
    timings: dict[str, dict[str, list[float]]] = {"ours": {}, **{p.name: {} for p in peers}}
    mismatches: dict[str, list[str]] = {p.name: [] for p in peers}
    for q in queries:
        req = request_of(q)
        ours = _ours(index, q)
        for peer in peers:
            problems = _same(ours, peer.run(q, req))
            mismatches[peer.name] += [f"{q['name']}: {p}" for p in problems]
        for _ in range(REPEATS):  # interleaved, so that the machine's noise falls on all alike
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
            "p50_ms": statistics.median(samples),
            "p95_ms": _pct(samples, 95),
            "per_query_p50_ms": {k: statistics.median(v) for k, v in per_query.items()},
        }
    for peer in peers:
        out[peer.name]["build_s"] = peer.build_s
        out[peer.name]["mismatches"] = mismatches[peer.name]
        found = sum(peer.holds(d, sub) for d, sub in probes)
        out[peer.name]["recall"] = found / len(probes) if probes else 1.0
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.equal", description=__doc__.split("\n\n")[0])
    ap.add_argument("index")
    ap.add_argument("probes", help="the query mix and probes bench writes (bench/out/probes-N.json)")
    ap.add_argument("--peers", default="tantivy-bigram,floor")
    ap.add_argument("--probe-count", type=int, default=300, help="probes checked for each peer's recall")
    args = ap.parse_args(argv)
    data = json.loads(Path(args.probes).read_text(encoding="utf-8"))
    queries = [q for q in data["queries"] if runnable(q)]
    index = SearchIndex(args.index, time_budget=600)
    corpus = Corpus(index)
    by_id = {corpus.snap.columns.summaries.ids[d]: int(d) for d in corpus.docnums.tolist()}
    probes = [(by_id[i], s) for i, s in data["probes"][: args.probe_count] if i in by_id]
    wanted = args.peers.split(",")
    peers: list = []
    with tempfile.TemporaryDirectory(prefix="bench-equal-") as tmp:
        if "tantivy-bigram" in wanted:
            peers.append(TantivyBigram(corpus, Path(tmp) / "tantivy"))
        if "floor" in wanted:
            peers.append(Floor(corpus))
        result = measure(index, peers, queries, probes)
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
