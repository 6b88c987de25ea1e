"""Each layout's reader on one core: `python -m bench.readers [--count N]`.

Generates N documents of every layout as text (`indexer.synth`, the same seed each run), parses
them all 5 times and prints, per layout, documents and characters per second (median of the 5
rounds) and the ratio of its time per character to the Suzhou reader's, the peer measured in the
same run; with the real Pingtan reports when ../shared holds them.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from indexer.parse import parse_file
from indexer.synth import generate

LAYOUTS = ("suzhou", "district", "report", "labelled", "office")
PINGTAN = Path(__file__).resolve().parents[2] / "shared" / "minutes" / "pingtan"


def _seconds(files: list[Path]) -> float:
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for f in files:
            parse_file(f)
        rounds.append(time.perf_counter() - started)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for layout in LAYOUTS:
            files = generate(args.count, Path(tmp) / layout, seed=3, fmt="txt", layout=layout)
            chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
            rows.append((layout, files, chars, _seconds(files)))
    if PINGTAN.is_dir():
        files = sorted(PINGTAN.glob("*.txt"))
        rows.append(
            ("report (real, Pingtan)", files, sum(len(f.read_text(encoding="utf-8")) for f in files), _seconds(files))
        )
    peer = rows[0][3] / rows[0][2]  # Suzhou: seconds per character
    print(f"{'layout':24s} {'docs':>5s} {'docs/s':>8s} {'M chars/s':>10s} {'time/char vs suzhou':>20s}")
    for name, files, chars, seconds in rows:
        ratio = (seconds / chars) / peer
        print(f"{name:24s} {len(files):5d} {len(files) / seconds:8.0f} {chars / seconds / 1e6:10.2f} {ratio:19.2f}×")


if __name__ == "__main__":
    main()
