"""HTTP load against a running server on loopback: `python -m bench.load URL [--clients 16] [--seconds 30]`.

Each client thread requests search pages (random queries and facet filters, HTML with facets)
in a loop until the time is up. Prints requests/s, errors, client-side latency and the app's
own time per request (from the Server-Timing header), as medians and p95.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from urllib.parse import quote, urlsplit

QUERIES = [
    "审计",
    "安全生产",
    "数字政府",
    '"加快补齐短板弱项"',
    "科技创新 OR 外贸外资",
    "城市更新",
    "教育",
    "",
    "乡村振兴 NOT 审计",
]
DEPARTMENTS = ["市审计局", "市发改委", "市教育局", "市应急局", "市财政局"]


def filters(rng: random.Random) -> str:
    """Random facet filters, sorts and pages: thousands of combinations, so few cache hits."""
    parts = []
    if rng.random() < 0.5:
        parts.append(f"year={rng.randint(1990, 2025)}")
    if rng.random() < 0.3:
        parts.append("department=" + quote(rng.choice(DEPARTMENTS)))
    if rng.random() < 0.3:
        parts.append("sort=" + rng.choice(["newest", "oldest"]))
    parts.append(f"page={rng.randint(1, 3)}")
    return "&" + "&".join(parts)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=30)
    args = ap.parse_args(argv)
    parts = urlsplit(args.url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("load tests only target this machine's loopback")
    stop = time.monotonic() + args.seconds
    lock = threading.Lock()
    latencies, app_times, errors = [], [], []

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.monotonic() < stop:
            path = "/?q=" + quote(rng.choice(QUERIES)) + filters(rng)
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                elapsed = (time.perf_counter() - start) * 1000
                timing = resp.getheader("Server-Timing", "")
                with lock:
                    if resp.status != 200:
                        errors.append(f"{resp.status} {path}")
                    latencies.append(elapsed)
                    if "dur=" in timing:
                        app_times.append(float(timing.split("dur=")[1]))
            except Exception as exc:  # counted, never fatal: the run must report every failure
                with lock:
                    errors.append(f"{type(exc).__name__} {path}")
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    print(
        json.dumps(
            {
                "clients": args.clients,
                "seconds": round(elapsed, 1),
                "requests": len(latencies),
                "requests_per_s": round(len(latencies) / elapsed, 1),
                "errors": len(errors),
                "error_samples": errors[:5],
                "latency_p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "latency_p95_ms": round(pct(latencies, 95), 1),
                "app_p50_ms": round(statistics.median(app_times), 1) if app_times else None,
                "app_p95_ms": round(pct(app_times, 95), 1),
            },
            ensure_ascii=False,
        )
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
