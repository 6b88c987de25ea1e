"""Benchmark: build and query a synthetic archive, side by side with peers, in one run.

    python -m bench --meetings 10000            # or `make bench` (10,000) / `make bench-quick` (1,000)
    python -m bench --meetings 10000 --layout suzhou   # the Suzhou layout only (default: mixed)
    python -m bench --meetings 100000 --peers tantivy-bigram   # one peer only
    python -m bench --meetings 10000 --reuse-index --load-seconds 0   # iterate on an index built already

Prints a table and writes bench/out/results-<N>.json. Peers (the `bench` extra), all by default
(`--peers`):

- equal work (`bench.equal`, in a fresh process as ours): tantivy over character bigrams
  (tantivy-bigram), SQLite FTS5 with trigrams (fts5-trigram), and a numpy floor (floor); each
  computes the total, every sidebar facet and the first 10 hits rendered by our code, checked
  equal to ours on every query of the mix it can express;
- less work, labelled for what they do: SQLite FTS5 and tantivy over the same jieba-tokenized text
  (fts5-jieba, tantivy-jieba; jieba alone is the tokenization floor), Whoosh with jieba's stock
  ChineseAnalyzer (naive-whoosh, the naive design).

Each is asked the same queries and the same 1,000 random substrings (phrase recall).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

warnings.filterwarnings("ignore", category=SyntaxWarning)

import jieba  # noqa: E402

from bench import equal  # noqa: E402
from indexer.parse import parse_file  # noqa: E402
from indexer.synth import GENERATOR_VERSION, LAYOUT_CHOICES, LAYOUTS_VERSION, generate  # noqa: E402

jieba.setLogLevel(logging.WARNING)
HERE = Path(__file__).resolve().parent


def _text_of(path: str) -> tuple[str, str, str, list[str], str]:
    r = parse_file(path)
    return r.id, r.text, r.date[:4], r.attendees, path


def archive(n: int, seed: int, out: Path, layout: str = "mixed") -> Path:
    """The synthetic archive of `n` meetings in `layout` (generated once, then cached by size,
    seed, layout and generator version)."""
    if layout == "suzhou":
        folder = out / f"archive-{n}-{seed}-v{GENERATOR_VERSION}"
    else:
        folder = out / f"archive-{n}-{seed}-{layout}-v{GENERATOR_VERSION}.{LAYOUTS_VERSION}"
    marker = folder / ".complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate(n, folder, seed=seed, layout=layout)
        marker.write_text("ok")
    return folder


def run_cli(*args) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "indexer", *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"minutes {' '.join(map(str, args))} failed:\n{out.stderr}")
    return time.perf_counter() - start, out.stdout


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def substrings(docs, count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    picked = []
    while len(picked) < count:
        doc_id, text = rng.choice(docs)[:2]
        n = rng.randint(2, 8)
        start = rng.randrange(0, len(text) - n)
        sub = text[start : start + n]
        if '"' in sub or not sub.strip():
            continue
        picked.append((doc_id, sub))
    return picked


def jieba_tokens(text: str) -> list[str]:
    return [t for t in jieba.cut(text) if t.strip() and not re.fullmatch(r"[\W_]+", t)]


# ---------------------------------------------------------------- peers


def peer_fts5(docs, tokens, queries, probes) -> dict:
    db = sqlite3.connect(":memory:")
    start = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61')")
    db.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, year TEXT)")
    db.execute("CREATE TABLE attendee(rowid INTEGER, name TEXT)")
    for i, ((_, _, year, attendees, _), toks) in enumerate(zip(docs, tokens)):
        db.execute("INSERT INTO t(rowid, body) VALUES (?, ?)", (i, " ".join(toks)))
        db.execute("INSERT INTO meta VALUES (?, ?)", (i, year))
        db.executemany("INSERT INTO attendee VALUES (?, ?)", [(i, a) for a in attendees])
    db.execute("CREATE INDEX att ON attendee(name)")
    db.commit()
    build = time.perf_counter() - start

    def match(text: str) -> str:
        return '"' + " ".join(jieba_tokens(text)).replace('"', "") + '"'

    times = []
    for q in queries:
        for _ in range(5):
            t = time.perf_counter()
            where, params = "1", []
            if q.get("q"):
                where, params = "t MATCH ?", [match(q["q"])]
            if q.get("attendee"):
                where += " AND rowid IN (SELECT rowid FROM attendee WHERE name = ?)"
                params.append(q["attendee"])
            if q.get("year"):
                where += " AND rowid IN (SELECT rowid FROM meta WHERE year = ?)"
                params.append(q["year"])
            db.execute(f"SELECT rowid FROM t WHERE {where} ORDER BY rank LIMIT 10", params).fetchall()
            db.execute(
                f"SELECT meta.year, count(*) FROM t JOIN meta ON meta.rowid = t.rowid WHERE {where} GROUP BY meta.year",
                params,
            ).fetchall()
            times.append((time.perf_counter() - t) * 1000)
    index_of = {d[0]: i for i, d in enumerate(docs)}
    found = 0
    for doc_id, sub in probes:
        toks = jieba_tokens(sub)
        if not toks:
            continue
        hit = db.execute("SELECT 1 FROM t WHERE t MATCH ? AND rowid = ?", (match(sub), index_of[doc_id])).fetchone()
        found += bool(hit)
    return {
        "build_s": build,
        "p50_ms": statistics.median(times),
        "p95_ms": pct(times, 95),
        "recall": found / len(probes),
    }


def peer_tantivy(docs, tokens, queries, probes, tmp: Path) -> dict:
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("attendee", stored=False, tokenizer_name="raw")
    sb.add_facet_field("year")
    schema = sb.build()
    path = tmp / "tantivy"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    start = time.perf_counter()
    index = tantivy.Index(schema, path=str(path))
    writer = index.writer(heap_size=200_000_000, num_threads=2)
    for (doc_id, _, year, attendees, _), toks in zip(docs, tokens):
        doc = tantivy.Document(body=" ".join(toks), id=doc_id, year=tantivy.Facet.from_string(f"/{year}"))
        for a in attendees:
            doc.add_text("attendee", a)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    build = time.perf_counter() - start
    index.reload()
    searcher = index.searcher()

    def phrase(text: str) -> str:
        toks = [t.replace('"', "") for t in jieba_tokens(text)]
        return '"' + " ".join(toks) + '"' if toks else ""

    times = []
    for q in queries:
        for _ in range(5):
            t = time.perf_counter()
            parts = []
            if q.get("q"):
                parts.append(f"body:{phrase(q['q'])}")
            if q.get("attendee"):
                parts.append(f'+attendee:"{q["attendee"]}"')
            if q.get("year"):
                parts.append(f'+year:"/{q["year"]}"')
            query = index.parse_query(
                " ".join(("+" + p if not p.startswith("+") else p) for p in parts) or "*", ["body"]
            )
            searcher.search(query, 10)
            times.append((time.perf_counter() - t) * 1000)
    found = 0
    for doc_id, sub in probes:
        ph = phrase(sub)
        if not ph:
            continue
        query = index.parse_query(f'+body:{ph} +id:"{doc_id}"', ["body"])
        found += searcher.search(query, 1).count > 0
    return {
        "build_s": build,
        "p50_ms": statistics.median(times),
        "p95_ms": pct(times, 95),
        "recall": found / len(probes),
        "size_mb": dir_mb(path),
    }


def peer_naive_whoosh(docs, queries, probes, tmp: Path) -> dict:
    from jieba.analyse import ChineseAnalyzer
    from whoosh import index as wi
    from whoosh.fields import ID, KEYWORD, TEXT, Schema
    from whoosh.qparser import QueryParser
    from whoosh.query import And, Every, Term

    path = tmp / "naive-whoosh"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    schema = Schema(
        id=ID(stored=True, unique=True),
        year=ID(stored=True),
        attendee=KEYWORD(commas=True),
        body=TEXT(analyzer=ChineseAnalyzer()),
    )
    start = time.perf_counter()
    ix = wi.create_in(str(path), schema)
    with ix.writer(limitmb=256) as w:
        for doc_id, text, year, attendees, _ in docs:
            w.add_document(id=doc_id, year=year, attendee=",".join(attendees), body=text)
    build = time.perf_counter() - start
    parser = QueryParser("body", schema)
    times = []
    with ix.searcher() as s:
        for q in queries:
            for _ in range(5):
                t = time.perf_counter()
                text = q.get("q") or ""
                parts = [parser.parse(text)] if text else []
                if q.get("attendee"):
                    parts.append(Term("attendee", q["attendee"]))
                if q.get("year"):
                    parts.append(Term("year", q["year"]))
                query = And(parts) if parts else Every()
                s.search(query, limit=10, groupedby="year")
                times.append((time.perf_counter() - t) * 1000)
        found = 0
        for doc_id, sub in probes:
            query = parser.parse('"' + sub.replace('"', "") + '"')
            found += len(s.search(And([query, Term("id", doc_id)]), limit=1)) > 0
    return {
        "build_s": build,
        "p50_ms": statistics.median(times),
        "p95_ms": pct(times, 95),
        "recall": found / len(probes),
        "size_mb": dir_mb(path),
    }


def load_test(index_dir: Path, workers: int, clients: int, seconds: float) -> dict:
    """`minutes serve --workers N` under `bench.load` (HTML search pages with facets)."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "indexer",
            "serve",
            "--index",
            str(index_dir),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            try:
                urllib.request.urlopen(url + "/api/search?size=1", timeout=5).read()
                break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"minutes serve did not start: {server.stderr.read()}") from exc
                time.sleep(0.5)
        out = subprocess.run(
            [sys.executable, "-m", "bench.load", url, "--clients", str(clients), "--seconds", str(seconds)],
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout)
        children = subprocess.run(
            ["ps", "-o", "rss=", "--ppid", str(server.pid)], capture_output=True, text=True
        ).stdout
        result["workers"] = workers
        result["worker_rss_mb"] = [round(int(r) / 1024) for r in children.split()]
        return result
    finally:
        server.terminate()
        server.wait(30)


# ---------------------------------------------------------------- main

EQUAL_PEERS = equal.PEERS  # bench.equal: the same work as ours on every query
OTHER_PEERS = ("fts5-jieba", "tantivy-jieba", "naive-whoosh")  # less work than ours: see their labels
ALL_PEERS = (*EQUAL_PEERS, *OTHER_PEERS)


def chosen_peers(args) -> list[str]:
    """--peers (default: all), less --skip-peers / --skip-naive; --equal-peers (the older option)
    names the equal-work peers to add."""
    names = ALL_PEERS if args.peers == "all" else tuple(p for p in args.peers.split(",") if p)
    unknown = set(names) - set(ALL_PEERS)
    if unknown:
        raise SystemExit(f"unknown peer {sorted(unknown)[0]!r}: use {', '.join(ALL_PEERS)} (or all)")
    if args.skip_peers:
        names = ()
    if args.equal_peers is not None:
        names = (*(n for n in names if n not in EQUAL_PEERS), *(p for p in args.equal_peers.split(",") if p))
    if args.skip_naive:
        names = tuple(n for n in names if n != "naive-whoosh")
    return [n for n in ALL_PEERS if n in names]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--meetings", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--layout",
        choices=LAYOUT_CHOICES,
        default="mixed",
        help="the archive's layout (default: mixed, the five layouts in turn; suzhou: the Suzhou layout only)",
    )
    ap.add_argument("--out", default=str(HERE / "out"))
    ap.add_argument("--probes", type=int, default=1000, help="random substrings for phrase recall")
    ap.add_argument(
        "--peers",
        default="all",
        help=f"peers to run, comma-separated ('' for none; default: all): {', '.join(ALL_PEERS)}",
    )
    ap.add_argument("--skip-naive", action="store_true", help="skip the (slow) naive Whoosh peer")
    ap.add_argument("--skip-peers", action="store_true", help="measure this project only (same as --peers '')")
    ap.add_argument("--equal-peers", default=None, help=argparse.SUPPRESS)  # older spelling of --peers
    ap.add_argument(
        "--reuse-index",
        action="store_true",
        help="reuse bench/out/index-N when it exists (its build figures from the last results-N.json)",
    )
    ap.add_argument("--load-seconds", type=float, default=30, help="HTTP load test length (0: skip it)")
    ap.add_argument("--load-clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2, help="`minutes serve --workers` for the load test")
    args = ap.parse_args(argv)
    peers = chosen_peers(args)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    folder = archive(args.meetings, args.seed, out, args.layout)
    files = sorted(str(p) for p in folder.rglob("*.txt"))
    text_mb = sum(os.path.getsize(f) for f in files) / 1e6
    print(f"archive: {len(files)} meetings ({args.layout}), {text_mb:.1f} MB of text ({folder})", flush=True)

    # Ours: a full build and a no-op re-run, through the CLI, each in a fresh process.
    index_dir = out / f"index-{args.meetings}"
    results_file = out / f"results-{args.meetings}.json"
    previous = json.loads(results_file.read_text()) if results_file.exists() else {}
    ours: dict
    if args.reuse_index and index_dir.is_dir() and any(index_dir.iterdir()) and "build_s" in previous.get("ours", {}):
        keep = ("build_s", "meetings_per_s", "mb_per_s", "peak_rss_mb", "noop_s")
        ours = {k: previous["ours"][k] for k in keep} | {"size_mb": dir_mb(index_dir), "build_reused": True}
        print(f"ours: reusing {index_dir} (built in {ours['build_s']:.1f}s by an earlier run)", flush=True)
    else:
        shutil.rmtree(index_dir, ignore_errors=True)
        build_s, _ = run_cli("index", folder, "--index", index_dir)
        build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        noop_s, _ = run_cli("index", folder, "--index", index_dir)
        ours = {
            "build_s": build_s,
            "meetings_per_s": len(files) / build_s,
            "mb_per_s": text_mb / build_s,
            "peak_rss_mb": build_rss,
            "noop_s": noop_s,
            "size_mb": dir_mb(index_dir),
        }
        print(f"ours: built in {build_s:.1f}s, no-op re-run {noop_s:.1f}s", flush=True)

    with ProcessPoolExecutor(2) as pool:
        docs = list(pool.map(_text_of, files, chunksize=64))
    probes = substrings(docs, args.probes, args.seed)
    queries = equal.query_mix(docs, args.seed)
    probe_file = out / f"probes-{args.meetings}.json"
    probe_file.write_text(json.dumps({"queries": queries, "probes": probes}, ensure_ascii=False), encoding="utf-8")
    lat = subprocess.run(
        [sys.executable, "-m", "bench.latency", str(index_dir), str(probe_file)],
        capture_output=True,
        text=True,
        check=True,
    )
    ours.update(json.loads(lat.stdout))
    print(f"ours: p50 {ours['p50_ms']:.1f} ms, p95 {ours['p95_ms']:.1f} ms, recall {ours['recall']:.3f}", flush=True)

    results: dict = {
        "meetings": len(files),
        "layout": args.layout,
        "text_mb": text_mb,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "python": platform.python_version(),
        "date": time.strftime("%Y-%m-%d"),
        "peers": peers,
        "ours": ours,
    }
    wanted = [p for p in peers if p in EQUAL_PEERS]
    if wanted:  # in a fresh process, as ours; its progress and any mismatch go to our stderr
        eq = subprocess.run(
            [sys.executable, "-m", "bench.equal", str(index_dir), str(probe_file), "--peers", ",".join(wanted)],
            stdout=subprocess.PIPE,
            text=True,
        )
        if eq.returncode != 0:
            raise SystemExit("bench.equal failed (its error above)")
        results["equal"] = json.loads(eq.stdout)
        for name in wanted:
            peer = results["equal"][equal_key(name)]
            for line in peer["mismatches"]:
                print(f"MISMATCH {line}", flush=True)
            print(
                f"{name}: p50 {peer['p50_ms']:.1f} ms, p95 {peer['p95_ms']:.1f} ms, built in {peer['build_s']:.1f}s "
                f"(+ {results['equal']['parse_s']:.1f}s parsing), recall {peer['recall']:.3f}, "
                f"{len(peer['mismatches'])} mismatches",
                flush=True,
            )

    if args.load_seconds > 0:
        ours["load"] = load_test(index_dir, args.workers, args.load_clients, args.load_seconds)
        print(f"ours: load {ours['load']}", flush=True)

    if set(peers) & {"fts5-jieba", "tantivy-jieba"}:
        start = time.perf_counter()
        tokens = [jieba_tokens(d[1]) for d in docs]
        floor = time.perf_counter() - start
        chars = sum(len(d[1]) for d in docs)
        results["jieba_floor"] = {"build_s": floor, "mchars_per_s": chars / floor / 1e6}
        print(f"jieba floor: {floor:.1f}s", flush=True)
        if "fts5-jieba" in peers:
            results["fts5"] = peer_fts5(docs, tokens, queries, probes)
            print(f"fts5: {results['fts5']}", flush=True)
        if "tantivy-jieba" in peers:
            results["tantivy"] = peer_tantivy(docs, tokens, queries, probes, out)
            print(f"tantivy: {results['tantivy']}", flush=True)
    if "naive-whoosh" in peers:
        results["naive_whoosh"] = peer_naive_whoosh(docs, queries, probes, out)
        print(f"naive whoosh: {results['naive_whoosh']}", flush=True)

    results_file.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print(table(results))
    return 0


def equal_key(name: str) -> str:
    """A peer's key in bench.equal's JSON (its `name`)."""
    return {"floor": "numpy floor"}.get(name, name)


def table(r: dict) -> str:
    o = r["ours"]
    lines = [
        f"{r['meetings']} meetings ({r.get('layout', 'suzhou')} layout), {r['text_mb']:.1f} MB text, {r['machine']}, "
        f"Python {r['python']}, {r['date']}",
        "",
    ]
    if "equal" in r:
        lines += [*equal_table(r), ""]
    lines += [
        "Every engine on its own terms (the peers below do less work than ours: see each label)",
        "",
        "| engine | build (s) | query p50 (ms) | query p95 (ms) | phrase recall | index MB |",
        "|---|---|---|---|---|---|",
        f"| this project (Whoosh, bigrams + jieba; every facet, 10 hits rendered) | {o['build_s']:.1f} | "
        f"{o['p50_ms']:.1f} | {o['p95_ms']:.1f} | {o['recall']:.3f} | {o['size_mb']:.0f} |",
        f"| this project, decision search (same queries, a hit per decision) | | {o['decisions_p50_ms']:.1f} | "
        f"{o['decisions_p95_ms']:.1f} ({o['decisions_p95_ms'] / o['p95_ms']:.2f}× meeting search) | | |",
    ]
    floor = r["jieba_floor"]["build_s"] if "jieba_floor" in r else 0.0
    for key, label in (
        ("fts5", "SQLite FTS5 over jieba tokens, year facet only, no hits rendered (+ tokenizing)"),
        ("tantivy", "tantivy over jieba tokens, no facets, no hits rendered (+ tokenizing)"),
        ("naive_whoosh", "Whoosh + jieba ChineseAnalyzer (naive), year facet only, no hits rendered"),
    ):
        if key in r:
            p = r[key]
            build = p["build_s"] + (floor if key in ("fts5", "tantivy") else 0)
            lines.append(
                f"| {label} | {build:.1f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | {p['recall']:.3f} | "
                + (f"{p['size_mb']:.0f} |" if "size_mb" in p else "– (in memory) |")
            )
    if "jieba_floor" in r:
        lines.append(f"| jieba tokenization alone (floor, one core) | {floor:.1f} | | | | |")
    lines += [
        "",
        f"ours: {o['meetings_per_s']:.0f} meetings/s, {o['mb_per_s']:.2f} MB/s, peak RSS {o['peak_rss_mb']:.0f} MB "
        f"while indexing, no-op re-run {o['noop_s']:.1f} s, index {o['size_mb'] / r['text_mb']:.1f}× the text; "
        f"serving process RSS {o['serve_rss_mb']:.0f} MB (peak {o['serve_peak_rss_mb']:.0f} MB); "
        + (f"opening the index {o['open_s']:.1f} s ({o['open_rss_mb']:.0f} MB once open); " if "open_s" in o else "")
        + f"repeated query (cache) p50 {o['cached_p50_ms']:.2f} ms; "
        f"refining a search by a facet p50 {o['refine_p50_ms']:.1f} ms, p95 {o['refine_p95_ms']:.1f} ms"
        + (" (build figures reused from an earlier run)" if o.get("build_reused") else ""),
    ]
    if "naive_whoosh" in r:
        lines.append(f"build speed-up over the naive design: {r['naive_whoosh']['build_s'] / o['build_s']:.1f}×")
    if "load" in o:
        ld = o["load"]
        lines.append(
            f"load test: `minutes serve --workers {ld['workers']}`, {ld['clients']} clients for {ld['seconds']:.0f} s: "
            f"{ld['requests_per_s']:.1f} requests/s, p50 {ld['latency_p50_ms']:.0f} ms, p95 {ld['latency_p95_ms']:.0f} ms, "
            f"{ld['errors']} errors; worker RSS {ld['worker_rss_mb']} MB"
        )
    lines += ["", "per query (ours, ms): " + ", ".join(f"{k} {v:.1f}" for k, v in o["per_query_p50_ms"].items())]
    lines += [
        "per query (decision search, ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in o["decisions_per_query_p50_ms"].items())
    ]
    return "\n".join(lines)


def equal_table(r: dict) -> list[str]:
    """Ours against the equal-work peers (bench.equal): the same queries, the same work."""
    e, o, n = r["equal"], r["ours"], f"{r['meetings']:,}"
    ours = e["ours"]
    t, f5, fl = e.get("tantivy-bigram"), e.get("fts5-trigram"), e.get("numpy floor")
    runs, total = len(e["queries"]), len(o["per_query_p50_ms"])

    def pair(x: dict | None) -> str:
        return f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f}" if x else "–"

    def ratio(x: dict | None) -> str:
        return f"{ours['p50_ms'] / x['p50_ms']:.2f} / {ours['p95_ms'] / x['p95_ms']:.2f}" if x else "–"

    def head(label: str, x: dict | None) -> str:
        return label + ("" if x is None or x.get("equal_work", not x["mismatches"]) else " (NOT equal work)")

    def floor_cell(x: dict | None) -> str:
        if not x:
            return "–"
        per = x["per_query_p50_ms"]
        return f"{per.get('common term', float('nan')):.1f}, {per.get('quoted phrase', float('nan')):.1f}"

    parse = e["parse_s"]

    def build(x: dict | None) -> float | None:
        return parse + x["build_s"] if x else None

    def build_cell(x: dict | None) -> str:
        b = build(x)
        return f"{b:.0f} s" if b is not None else "–"

    def build_ratio(x: dict | None) -> str:
        b = build(x)
        return f"{o['build_s'] / b:.2f}" if b else "–"

    lines = [
        f"Equal work: ours and each peer compute, for every query, the total, the counts of all {len(equal.SHOWN)} "
        "sidebar facets (each without its own filter), the facet values shown, the first 10, and render those "
        "10 hits with our code; totals and facets checked equal to ours on every query. Latency p50 / p95 ms "
        f"over the {runs} of the mix's {total} queries every engine can run (the {total - runs} in our "
        "decision-field syntax are left out of these columns and ratios; ours over all "
        f"{total}: {o['p50_ms']:.1f} / {o['p95_ms']:.1f}), {e.get('repeats', 7)} runs each, interleaved, "
        "p50 the median and p95 over every sample. Ours runs with its caches cleared before every run; "
        "the peers' caches (tantivy's, SQLite's, the OS page cache) cannot be cleared: they run warm. "
        "Ratios are ours ÷ peer (below 1: ours is faster). Builds include parsing with our parser "
        f"({parse:.0f} s, two processes, as our build parses).",
        "",
        f"| | ours | {head('tantivy-bigram', t)} | ratio ours÷tantivy | {head('FTS5 trigram', f5)} "
        "| ratio ours÷FTS5 | numpy floor: common term, phrase |",
        "|---|---|---|---|---|---|---|",
        f"| {n}: query mix | {pair(ours)} | {pair(t)} | {ratio(t)} | {pair(f5)} | {ratio(f5)} | {floor_cell(fl)} |",
        f"| {n}: full build (with parsing) | {o['build_s']:.0f} s | {build_cell(t)} | {build_ratio(t)} | "
        f"{build_cell(f5)} | {build_ratio(f5)} | "
        + (f"{parse + fl['build_s']:.0f} s ({fl['build_s']:.1f} s the bigram index alone) |" if fl else "– |"),
        "",
    ]
    for name, x in (("tantivy-bigram", t), ("FTS5 trigram", f5), ("numpy floor", fl)):
        if x:
            per = ", ".join(f"{k} {v:.1f}" for k, v in x["per_query_p50_ms"].items())
            verdict = (
                f"NOT equal work, {len(x['mismatches'])} mismatches: {x['mismatches'][:3]}"
                if x["mismatches"]
                else "totals and facets equal ours on every query"
            )
            size = f"index {x['size_mb']:.0f} MB; " if x.get("size_mb") else ""
            lines.append(f"{name}: phrase recall {x['recall']:.3f}; {size}{verdict}; per query (ms): {per}")
    lines.append(
        "ours (same queries, same process, ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in ours["per_query_p50_ms"].items())
    )
    return lines


if __name__ == "__main__":
    sys.exit(main())
