"""Postings packs (indexer/packs.py): every term's postings read from a segment's pack, or from a
merged pack of several, equal what Whoosh's own files hold, read posting by posting; merging is
log-structured; a pack that is missing, damaged or half written is never used and never fatal."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pytest

from indexer import packs
from indexer.build import index_paths
from indexer.query import SearchIndex, SearchRequest, search
from indexer.store import INDEX_NAME
from indexer.synth import generate
from indexer.whoosh_internals import SIDE_STORED, _leaf_arrays, compact_packs, pack_sources, side_stored, term_arrays


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    generate(240, root / "a", seed=11, layout="mixed")
    generate(30, root / "b", seed=12, layout="mixed")
    return root


def _build(root, name: str, *folders, batch_size: int = 40):
    ix = root / name
    report = index_paths([root / f for f in folders], ix, batch_size=batch_size)
    assert not report.failed, report.failed
    return ix


def _whoosh_postings(reader, field: str, text: str):
    """The term's postings read from Whoosh's files, segment by segment (no pack)."""
    docs, weights, counts, positions = [], [], [], []
    for leaf, offset in reader.leaf_readers():
        _leaf_arrays(leaf, offset, field, text, True, docs, weights, counts, positions)
    cat = lambda parts, dtype: np.concatenate(parts) if parts else np.zeros(0, dtype)  # noqa: E731
    return cat(docs, np.int64), cat(weights, np.float32), cat(counts, np.uint32), cat(positions, np.uint32)


def _assert_every_term_equal(index_dir) -> int:
    reader = SearchIndex(index_dir).snapshot().searcher().reader()
    checked = 0
    for field, btext in reader.all_terms():
        if field not in packs.PACKED:
            continue
        text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        got = term_arrays(reader, field, text, positions=True)
        docs, weights, counts, positions = _whoosh_postings(reader, field, text)
        assert np.array_equal(got.docs, docs) and np.array_equal(got.weights, weights), (field, text)
        if field in packs.POSITIONAL:
            assert np.array_equal(got.counts, counts) and np.array_equal(got.positions, positions), (field, text)
        checked += 1
    return checked


def test_a_merged_pack_holds_exactly_what_the_segments_hold(archive):
    ix = _build(archive, "merged", "a")  # 6 commits of 40 meetings
    reader = SearchIndex(ix).snapshot().searcher().reader()
    sources = pack_sources(reader)
    assert len(reader.leaf_readers()) >= 6
    assert len(sources) == 1 and sources[0].pack is not None  # one look-up per term
    assert sources[0].pack.path.name.startswith(packs.MERGED_PREFIX)
    assert not list(ix.glob("*" + packs.EXTENSION))  # the segments' own packs, merged, are gone
    assert _assert_every_term_equal(ix) > 5000


def test_segment_packs_alone_hold_the_same(archive, monkeypatch):
    monkeypatch.setattr(packs, "merge_plan", lambda sizes: None)
    ix = _build(archive, "unmerged", "a")
    assert not packs.merged_paths(ix)
    reader = SearchIndex(ix).snapshot().searcher().reader()
    assert all(s.pack is not None and len(s.leaves) == 1 for s in pack_sources(reader))
    assert _assert_every_term_equal(ix) > 5000


def test_new_segments_are_read_from_their_own_packs_until_merged(archive):
    """An added batch small beside the rest stays in a pack of its own (log-structured merging):
    the merged pack still serves the segments it holds."""
    ix = _build(archive, "grown", "a")
    before = packs.merged_paths(ix)
    index_paths([archive / "a", archive / "b"], ix, batch_size=240)
    reader = SearchIndex(ix).snapshot().searcher().reader()
    sources = pack_sources(reader)
    assert [len(s.leaves) for s in sources] == [len(reader.leaf_readers()) - 1, 1]
    assert all(s.pack is not None for s in sources)
    assert len(before) == 1 and packs.merged_paths(ix) == before
    _assert_every_term_equal(ix)


def test_merge_plan_is_log_structured():
    assert packs.merge_plan([100]) is None
    assert packs.merge_plan([100, 100, 100]) == (0, 3)  # a fresh build: everything into one
    assert packs.merge_plan([100_000, 50]) is None  # a small addition waits
    assert packs.merge_plan([100_000, 50, 50]) == (1, 3)  # small ones merge among themselves
    assert packs.merge_plan([100_000, 20_000, 5_000]) == (0, 3)  # a quarter of the big one: all


def test_a_damaged_or_half_written_pack_is_not_used(archive, tmp_path, caplog):
    """Read from Whoosh's own files instead, with a warning naming the file; the next run's
    compaction removes it, and what an interrupted merge left."""
    ix = tmp_path / "damaged"
    shutil.copytree(_build(archive, "whole", "a"), ix)
    want = search(SearchIndex(ix), SearchRequest(q="审计"))
    (merged,) = packs.merged_paths(ix)
    merged.write_bytes(merged.read_bytes()[:1000])  # cut short
    half = ix / f"{merged.name}.tmp"
    half.write_bytes(b"half a merge")  # a merge killed midway
    with caplog.at_level(logging.WARNING, logger="indexer.packs"):
        index = SearchIndex(ix)
        got = search(index, SearchRequest(q="审计"))
    assert "not a complete pack" in caplog.text and merged.name in caplog.text
    assert got.total and (got.total, [h.id for h in got.hits]) == (want.total, [h.id for h in want.hits])
    assert all(s.pack is None for s in pack_sources(index.snapshot().searcher().reader()))
    _assert_every_term_equal(ix)
    compact_packs(str(ix), INDEX_NAME)
    assert not merged.exists() and not half.exists()


def test_a_pack_is_removed_with_its_segment(archive):
    """Whoosh removes a segment's files when a commit no longer names it; its pack goes with them,
    and a merged pack that no longer fits the segments is removed by the next compaction."""
    ix = _build(archive, "rebuilt", "b", batch_size=10)
    old = set(ix.glob("*" + packs.EXTENSION)) | set(packs.merged_paths(ix))
    assert old
    from whoosh import index as whoosh_index

    w = whoosh_index.open_dir(str(ix), INDEX_NAME).writer()
    w.commit(optimize=True)  # one new segment in place of all
    compact_packs(str(ix), INDEX_NAME)
    assert not old & (set(ix.glob("*" + packs.EXTENSION)) | set(packs.merged_paths(ix)))


def test_summaries_beside_each_segment_equal_the_stored_ones(archive, tmp_path):
    """`side_stored` (what a snapshot reads of every document) equals the stored fields of the live
    documents, a re-indexed meeting's old copy (deleted) left out."""
    folder = tmp_path / "b"
    shutil.copytree(archive / "b", folder)
    ix = tmp_path / "ix"
    index_paths([folder], ix, batch_size=10)
    changed = sorted(p for p in folder.rglob("*.txt") if "expected" not in p.parts)[3]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert index_paths([folder], ix).updated == 1
    reader = SearchIndex(ix).snapshot().searcher().reader()
    assert reader.has_deletions()
    want = [(d, name, s[name]) for d, s in reader.iter_docs() for name in SIDE_STORED if name in s]
    assert list(side_stored(reader)) == want and len(want) > 30
