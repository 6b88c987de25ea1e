"""Query latency of this project's search() in a fresh process: `python -m bench.latency INDEX PROBES`.

Prints JSON: p50/p95 over the query mix (each query run uncached several times), the same for
decision search over the same mix (one hit per decision), the cached repeat latency, phrase recall
over the probes, and the process's RSS at the end and at its peak.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time

from indexer.query import SearchIndex, SearchRequest, parse_query, search, search_decisions
from indexer.query.matching import match_mask

REPEATS = 7


def _status_mb(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":")) / 1024


def _current_rss_mb() -> float:
    return _status_mb("VmRSS")


def _p95(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(index: SearchIndex, queries: list[dict], run) -> tuple[list[float], dict[str, float]]:
    """Each query run REPEATS times with the caches cleared: every time (ms), and each one's median."""
    samples, per_query = [], {}
    for q in queries:
        req = dict(q)
        name = req.pop("name")
        for key in ("attendee", "department", "year"):
            if key in req:
                req[key] = [req[key]]
        times = []
        for _ in range(REPEATS):
            index.clear_caches()  # measure the work, not the caches
            start = time.perf_counter()
            run(index, SearchRequest(**req))
            times.append((time.perf_counter() - start) * 1000)
        samples += times
        per_query[name] = statistics.median(times)
    return samples, per_query


def main(index_dir: str, probe_file: str) -> None:
    data = json.loads(open(probe_file, encoding="utf-8").read())
    start = time.perf_counter()
    index = SearchIndex(index_dir)  # what a server pays for every new version of the index
    open_s = time.perf_counter() - start
    open_rss_mb = _current_rss_mb()
    samples, per_query = _timed(index, data["queries"], search)
    decision_samples, decision_per_query = _timed(index, data["queries"], search_decisions)
    # Refining a search by a facet (the phrase matches are then re-used; results are not cached).
    refine = []
    for q in data["queries"]:
        if not q.get("q"):
            continue
        for year in ("1995", "2000", "2005"):
            index.clear_caches()
            search(index, SearchRequest(q=q["q"]))
            index.clear_results()
            start = time.perf_counter()
            search(index, SearchRequest(q=q["q"], year=[year]))
            refine.append((time.perf_counter() - start) * 1000)
    cached = []
    for _ in range(50):
        start = time.perf_counter()
        search(index, SearchRequest(q="审计", page=2))
        cached.append((time.perf_counter() - start) * 1000)

    found = 0
    snap = index.snapshot()
    s = snap.searcher()
    docs_by_id = {summary["id"]: n for n, summary in snap.live()}
    for doc_id, sub in data["probes"]:
        mask = match_mask(parse_query(f'"{sub}"', s).query, snap)
        found += bool(mask[docs_by_id[doc_id]])
    samples.sort()
    decision_samples.sort()
    print(
        json.dumps(
            {
                "p50_ms": statistics.median(samples),
                "p95_ms": _p95(samples),
                "per_query_p50_ms": per_query,
                "decisions_p50_ms": statistics.median(decision_samples),
                "decisions_p95_ms": _p95(decision_samples),
                "decisions_per_query_p50_ms": decision_per_query,
                "cached_p50_ms": statistics.median(cached),
                "refine_p50_ms": statistics.median(refine),
                "refine_p95_ms": sorted(refine)[min(len(refine) - 1, round(0.95 * (len(refine) - 1)))],
                "recall": found / len(data["probes"]),
                "open_s": open_s,
                "open_rss_mb": open_rss_mb,
                "serve_rss_mb": _current_rss_mb(),
                # of it, the process's own memory, and pages of mapped index files (postings
                # packs: the kernel's page cache, shared and given back under pressure)
                "serve_anon_mb": _status_mb("RssAnon"),
                "serve_file_mb": _status_mb("RssFile"),
                "serve_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
