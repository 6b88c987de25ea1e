"""Parser throughput on one core: `python -m bench.parse [FILE]` (default: the real sample).

Parses the file repeatedly and prints documents per second (median of 5 rounds) and, for
comparison in the same run, the cost of only reading and decoding it.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from indexer.parse import parse_file
from indexer.sources import read_source

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "minutes" / "suzhou-2020-111.txt"


def rate(fn, path, n=200) -> float:
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn(path)
        rounds.append(n / (time.perf_counter() - start))
    return statistics.median(rounds)


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else str(SAMPLE)
    parse_file(path)  # warm up
    parsed = rate(parse_file, path)
    read = rate(read_source, path)
    print(f"{Path(path).name}: parse {parsed:.0f} docs/s (median of 5), read+decode only {read:.0f} docs/s")


if __name__ == "__main__":
    main()
