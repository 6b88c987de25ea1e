"""Small indexes made straight from records, and a real `minutes index` run in the background
(test helpers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from indexer.build import create_index, document_of
from indexer.query import SearchIndex


def index_of(records, folder: Path) -> SearchIndex:
    """A real Whoosh index on disk holding exactly these records (items' titles added to the text
    as a parser would see them)."""
    ix = create_index(folder)
    with ix.writer() as w:
        for r in records:
            w.add_document(**document_of(r, str(folder.parent / r.source), "0"))
    return SearchIndex(folder)


def start_indexer(corpus: Path, ix: Path, *extra: str) -> subprocess.Popen:
    """`minutes index CORPUS --index IX …` as its own process (for tests that kill it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "index", str(corpus), "--index", str(ix), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
