"""Packs written anew for segments that lack one (removed, damaged, or written by another writer):
the searched fields' postings are in no file but the packs (`packs.PACK_ONLY`), so they are made
again from each document's stored record, as the run that wrote it made them (`documents`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from ..packs import PACK_ONLY
from ..store import INDEX_NAME, load_record
from ..whoosh_internals import repack_segment, segment_stored, segments_without_packs
from .documents import meeting_documents

log = logging.getLogger(__name__)


def repair_packs(index_dir: Path) -> list[str]:
    """Give every segment of the latest generation that no complete pack covers its own pack
    again. Returns those segments. The caller holds the write lock."""
    missing = segments_without_packs(str(index_dir), INDEX_NAME)
    for segment in missing:
        log.warning(
            "%s: segment %s had no complete postings pack; written again from its stored records",
            index_dir,
            segment,
        )
        repack_segment(str(index_dir), INDEX_NAME, segment, _packed_fields(index_dir, segment))
    return missing


def _packed_fields(index_dir: Path, segment: str) -> Iterator[tuple[int, dict]]:
    """(document, its `PACK_ONLY` fields) of each document of the segment: a meeting's from its
    stored record, each of its decisions' from the same record (written right after it, in one group)."""
    decisions: dict[str, dict] = {}
    for d, stored in segment_stored(str(index_dir), INDEX_NAME, segment):
        if "record" in stored:
            record = load_record(stored)
            fields, decided = meeting_documents(record, stored.get("path", ""), stored.get("sha256", ""))
            decisions = {f["decision"]: f for f in decided}
        else:
            fields = decisions.get(stored.get("decision", ""), {})
        yield d, {name: fields[name] for name in PACK_ONLY if name in fields}
