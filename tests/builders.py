"""Small indexes made straight from records (test helper): for tests that craft meetings."""
from __future__ import annotations

from pathlib import Path

from indexer.index import create_index, document_of
from indexer.query import SearchIndex


def index_of(records, folder: Path) -> SearchIndex:
    """A real Whoosh index on disk holding exactly these records (items' titles added to the text
    as a parser would see them)."""
    ix = create_index(folder)
    with ix.writer() as w:
        for r in records:
            w.add_document(**document_of(r, str(folder.parent / r.source), "0"))
    return SearchIndex(folder)
