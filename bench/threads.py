"""What threads cost to build: `python -m bench.threads --meetings N [--pairs K]`.

Threads (此前/此后) are read from keys the build writes on every decision: the documents it names
and their series (`doctitles`) and the meetings it cites by number (`meetingcites`). This builds
the same archive (the main benchmark's, cached in bench/out) with and without those keys, in
alternating pairs, each a full `minutes index` in a fresh process (its parsing and writing
processes included), then a no-op re-run of each; it prints wall and CPU time, medians and the
ratios with ÷ without, and writes bench/out/threads-<N>.json.

"Without" is the same build with `document_keys` and `cite_keys` answering nothing (patched in the
process that runs the build; its parsing and writing processes are forked from it and inherit it).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _without_keys(argv: list[str]) -> int:
    """`minutes index …` with no document, series or citation keys."""
    from indexer import cli, meetingcites
    from indexer.build import documents

    documents.document_keys = lambda record, decision: ([], [])  # type: ignore[assignment]
    meetingcites.cite_keys = lambda text, meeting_type, places=None: []  # type: ignore[assignment]
    return cli.main(argv)


def _timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> int:
    from bench.__main__ import archive, dir_mb

    ap = argparse.ArgumentParser(prog="python -m bench.threads", description=__doc__.split("\n\n")[0])
    ap.add_argument("--meetings", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=3, help="alternating builds with and without (default: 3)")
    ap.add_argument("--out", default=str(HERE / "out"))
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    folder = archive(args.meetings, args.seed, out)
    print(f"archive: {args.meetings} meetings (mixed) in {folder}", flush=True)
    commands = {
        "with": [sys.executable, "-m", "indexer"],
        "without": [sys.executable, "-m", "bench.threads", "--without-keys"],
    }
    runs: dict[str, dict[str, list[float]]] = {
        k: {"build_wall": [], "build_cpu": [], "noop_wall": []} for k in commands
    }
    sizes = {}
    for pair in range(args.pairs):
        order = ("with", "without") if pair % 2 == 0 else ("without", "with")
        for kind in order:
            index_dir = out / f"threads-index-{args.meetings}-{kind}"
            shutil.rmtree(index_dir, ignore_errors=True)
            wall, cpu = _timed([*commands[kind], "index", str(folder), "--index", str(index_dir)])
            noop, _ = _timed([*commands[kind], "index", str(folder), "--index", str(index_dir)])
            runs[kind]["build_wall"].append(wall)
            runs[kind]["build_cpu"].append(cpu)
            runs[kind]["noop_wall"].append(noop)
            sizes[kind] = dir_mb(index_dir)
            print(
                f"pair {pair + 1} {kind:>7}: build {wall:.1f} s wall, {cpu:.1f} s CPU; no-op {noop:.2f} s", flush=True
            )
    medians = {k: {m: statistics.median(v) for m, v in r.items()} for k, r in runs.items()}
    ratios = {m: medians["with"][m] / medians["without"][m] for m in medians["with"]}
    result = {"meetings": args.meetings, "pairs": args.pairs, "runs": runs, "medians": medians, "ratios": ratios}
    result["index_mb"] = sizes
    (out / f"threads-{args.meetings}.json").write_text(json.dumps(result, indent=1))
    print(f"\nthread keys at {args.meetings:,} meetings, median of {args.pairs} alternating pairs:")
    print(f"{'':<18} {'with':>10} {'without':>10} {'ratio':>7}")
    labels = {"build_wall": "full build, wall", "build_cpu": "full build, CPU", "noop_wall": "no-op re-run"}
    for m, label in labels.items():
        print(f"{label:<18} {medians['with'][m]:>9.1f}s {medians['without'][m]:>9.1f}s {ratios[m]:>6.2f}×")
    print(
        f"{'index size':<18} {sizes['with']:>8.0f}MB {sizes['without']:>8.0f}MB {sizes['with'] / sizes['without']:>6.2f}×"
    )
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--without-keys"]:
        sys.exit(_without_keys(sys.argv[2:]))
    sys.exit(main())
