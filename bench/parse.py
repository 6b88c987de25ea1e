"""Parser throughput on one core: `python -m bench.parse [FILE ...]`.

By default, meeting 111 in its three published forms (PDF-extracted text, the PDF itself, the
.docx), so that their costs are compared in the same run. For each: documents per second (median
of 5 rounds), milliseconds per printed page (the PDF's page count), the cost of only reading the
file into text, and the ratio to the text form.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from indexer.parse import parse_file
from indexer.sources import read_source

ROOT = Path(__file__).resolve().parent.parent
FORMS = [
    ROOT / "data" / "minutes" / "suzhou-2020-111.txt",
    ROOT / "tests" / "data" / "suzhou-2020-111.pdf",
    ROOT / "tests" / "data" / "suzhou-2020-111.docx",
]
PAGES = 5  # meeting 111 prints on five A4 pages


def rate(fn, path, seconds: float = 1.0) -> float:
    """Calls per second, median of 5 rounds of about `seconds` each."""
    start = time.perf_counter()
    fn(path)
    n = max(1, int(seconds / max(time.perf_counter() - start, 1e-6)))
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn(path)
        rounds.append(n / (time.perf_counter() - start))
    return statistics.median(rounds)


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or FORMS
    base = None
    print(f"{'file':<26} {'docs/s':>8} {'ms/page':>8} {'read only docs/s':>17} {'× text':>7}")
    for path in paths:
        parsed = rate(parse_file, path)
        read = rate(read_source, path)
        base = base or parsed
        print(f"{path.name:<26} {parsed:>8.0f} {1000 / parsed / PAGES:>8.2f} {read:>17.0f} {base / parsed:>7.1f}")


if __name__ == "__main__":
    main()
