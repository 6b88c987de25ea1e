"""Postings packs (indexer/packs.py): every term's postings read from a segment's pack, or from a
merged pack of several, equal what Whoosh's own files hold, read posting by posting, and the
fields that packs alone hold equal the documents' text indexed again (stock Whoosh for the words and keywords); merging is
log-structured; a pack that is missing, damaged or half written is never used, never fatal, and
written again by the next run."""

from __future__ import annotations

import logging
import shutil

import numpy as np
import pytest
from helpers import fields_again
from whoosh.fields import KEYWORD, TEXT

from indexer import packs
from indexer.analysis import BigramTokenizer
from indexer.build import index_paths
from indexer.query import SearchIndex, SearchRequest, search
from indexer.store import INDEX_NAME
from indexer.synth import generate
from indexer.whoosh_internals import (
    _leaf_arrays,
    compact_packs,
    expand_prefix,
    pack_sources,
    searcher_at,
    term_arrays,
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("packs")
    generate(240, root / "a", seed=11, layout="mixed")
    generate(30, root / "b", seed=12, layout="mixed")
    # Indexed once first, so that jieba holds every name in this process from the first batch of
    # each build on (as `_pack_only_truth`, tokenizing afterwards, does)
    index_paths([root / "a", root / "b"], root / "warm")
    return root


def _build(root, name: str, *folders, batch_size: int = 40):
    ix = root / name
    report = index_paths([root / f for f in folders], ix, batch_size=batch_size)
    assert not report.failed, report.failed
    return ix


def _segments(ix) -> list[tuple[str, int]]:
    """The latest generation's segments, (id, documents), as its table of contents lists them."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    return [(s.segment_id(), s.doc_count_all()) for s in TOC.read(FileStorage(str(ix)), INDEX_NAME).segments]


def _whoosh_postings(reader, field: str, text: str):
    """The term's postings read from Whoosh's files, segment by segment (no pack)."""
    docs, weights, counts, positions = [], [], [], []
    for leaf, offset in reader.leaf_readers():
        _leaf_arrays(leaf, offset, field, text, True, docs, weights, counts, positions)
    cat = lambda parts, dtype: np.concatenate(parts) if parts else np.zeros(0, dtype)  # noqa: E731
    return cat(docs, np.int64), cat(weights, np.float32), cat(counts, np.uint32), cat(positions, np.uint32)


def _stock_field(field):
    """The field as stock Whoosh indexes it (its own tokenizers and formats, not this project's
    fast paths): the keyword fields by its comma tokenizer, the ranked ones by the analyzer's
    tokens."""
    if isinstance(field, KEYWORD):
        return KEYWORD(commas=True, lowercase=False, scorable=False, field_boost=field.format.field_boost)
    return TEXT(analyzer=field.analyzer, phrase=False, field_boost=field.format.field_boost)


def _pack_only_truth(reader) -> dict[tuple[str, str], list[tuple[int, float, list[int] | None]]]:
    """(field, term) -> [(document, weight, positions)] of the fields only packs hold (but their
    longest terms), from each document's fields made again (`fields_again`): the bigrams by the tokenizer's own grouping (`term_positions`, not the packs' integer
    keys), the other fields by stock Whoosh (`_stock_field`)."""
    truth: dict[tuple[str, str], list[tuple[int, float, list[int] | None]]] = {}
    stock = {name: _stock_field(reader.schema[name]) for name in packs.PACK_ONLY - packs.POSITIONAL}
    for d, fields in fields_again(reader):
        for field in sorted(packs.PACK_ONLY):
            value = fields.get(field)
            if value is None:
                continue
            if field in packs.POSITIONAL:
                for term, positions in BigramTokenizer.term_positions(value).items():
                    truth.setdefault((field, term), []).append((d, float(len(positions)), positions))
                continue
            for btext, _, weight, _ in stock[field].index(value):
                truth.setdefault((field, btext.decode("utf-8")), []).append((d, weight, None))
    return truth


def _assert_every_term_equal(index_dir, reader=None) -> int:
    """Every packed term's postings as `term_arrays` reads them (from `reader`, else the index's
    current version): the fields Whoosh holds equal its own files, the fields packs alone hold
    equal the documents' text indexed again."""
    if reader is None:
        reader = SearchIndex(index_dir).snapshot().searcher().reader()
    checked = 0
    for field, btext in reader.all_terms():
        if field not in packs.PACKED:
            continue
        assert field not in packs.PACK_ONLY or len(btext) > packs.MAX_TERM_BYTES, field  # too long for a pack
        text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        got = term_arrays(reader, field, text, positions=True)
        docs, weights, _, _ = _whoosh_postings(reader, field, text)
        assert np.array_equal(got.docs, docs) and np.array_equal(got.weights, weights), (field, text)
        checked += 1
    truth = _pack_only_truth(reader)
    for (field, term), postings in truth.items():
        got = term_arrays(reader, field, term, positions=True)
        assert got.docs.tolist() == [d for d, _, _ in postings], (field, term)
        assert got.weights.tolist() == [w for _, w, _ in postings], (field, term)
        if field in packs.POSITIONAL:
            assert got.counts.tolist() == [len(p or []) for _, _, p in postings], (field, term)
            assert got.positions.tolist() == [i for _, _, p in postings for i in p or []], (field, term)
        checked += 1
    for field in packs.PACK_ONLY:  # and no term the text does not hold
        held = {t.decode("utf-8") for t in expand_prefix(reader, field, "")}
        assert held == {term for f, term in truth if f == field}, field
    assert {f for f, _ in truth} == packs.PACK_ONLY
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


def test_packs_merge_with_a_field_empty_in_every_one(tmp_path):
    """Segments whose meetings name no document have an empty 文件 field: merged, it stays empty,
    and the others' postings are offset by the documents before."""
    paths = []
    for k, texts in enumerate((["审计工作", "工作"], ["审计"])):
        writer = packs.PackWriter()
        for d, text in enumerate(texts):
            writer.add_bigrams("ngrams", d, BigramTokenizer.bigram_keys(text))
        paths.append(tmp_path / f"{k}.pak")
        writer.write(paths[-1], [(f"s{k}", len(texts))])
    packs.merge([packs.Pack(p) for p in paths], tmp_path / "merged.mpk")
    merged = packs.Pack(tmp_path / "merged.mpk")
    assert merged.segments == [("s0", 2), ("s1", 1)] and merged.terms("docgrams").size == 0
    got = merged.postings("ngrams", "审计".encode())
    assert got is not None and got.docs.tolist() == [0, 2] and got.positions.tolist() == [0, 0]
    got = merged.postings("ngrams", "工作".encode())
    assert got is not None and got.docs.tolist() == [0, 1] and got.positions.tolist() == [2, 0]


def test_merge_plan_is_log_structured():
    assert packs.merge_plan([100]) is None
    assert packs.merge_plan([100, 100, 100]) == (0, 3)  # a fresh build: everything into one
    assert packs.merge_plan([100_000, 50]) is None  # a small addition waits
    assert packs.merge_plan([100_000, 50, 50]) == (1, 3)  # small ones merge among themselves
    assert packs.merge_plan([100_000, 20_000, 5_000]) == (0, 3)  # a quarter of the big one: all


def test_a_damaged_or_half_written_pack_is_not_used_and_the_next_run_writes_it_again(archive, tmp_path, caplog):
    """A damaged pack is never read: a warning names it, and the text of its segments is missing
    (saying so) until the next `minutes index`, which writes their packs again from the stored
    records (the bigram fields are in no other file) and removes what an interrupted merge left."""
    ix = tmp_path / "damaged"
    shutil.copytree(_build(archive, "whole", "a"), ix)
    want = search(SearchIndex(ix), SearchRequest(q="审计"))
    (merged,) = packs.merged_paths(ix)
    merged.write_bytes(merged.read_bytes()[:1000])  # cut short
    half = ix / f"{merged.name}.tmp"
    half.write_bytes(b"half a merge")  # a merge killed midway
    with caplog.at_level(logging.WARNING):
        index = SearchIndex(ix)
        damaged = search(index, SearchRequest(q="审计"))
    assert "not a complete pack" in caplog.text and merged.name in caplog.text
    assert "text searches miss their documents until `minutes index` runs again" in caplog.text
    assert all(s.pack is None for s in pack_sources(index.snapshot().searcher().reader()))
    assert want.total and damaged.total == 0
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        report = index_paths([archive / "a"], ix)
    assert report.unchanged == 240 and not report.failed
    assert "written again from its stored records" in caplog.text
    got = search(SearchIndex(ix), SearchRequest(q="审计"))
    assert (got.total, [h.id for h in got.hits]) == (want.total, [h.id for h in want.hits])
    assert packs.merged_paths(ix) == [merged] and not half.exists()  # merged again, under the same name
    assert packs.Pack(merged).segments == _segments(ix)
    _assert_every_term_equal(ix)


def test_a_pack_is_removed_with_its_segment_and_a_segment_written_otherwise_gets_one(archive):
    """Whoosh removes a segment's files when a commit no longer names it; its pack goes with them,
    and a merged pack that no longer fits the segments is removed by the next compaction. A
    segment written by Whoosh's own writer (merging every segment, without the bigram fields)
    gets its pack from the next run."""
    ix = _build(archive, "rebuilt", "b", batch_size=10)
    want = search(SearchIndex(ix), SearchRequest(q="会议"))
    old = set(ix.glob("*" + packs.EXTENSION)) | set(packs.merged_paths(ix))
    assert old
    from whoosh import index as whoosh_index

    w = whoosh_index.open_dir(str(ix), INDEX_NAME).writer()
    w.commit(optimize=True)  # one new segment in place of all
    compact_packs(str(ix), INDEX_NAME)
    assert not old & (set(ix.glob("*" + packs.EXTENSION)) | set(packs.merged_paths(ix)))
    assert index_paths([archive / "b"], ix).unchanged == 30
    got = search(SearchIndex(ix), SearchRequest(q="会议"))
    assert want.total == 30 and (got.total, [h.id for h in got.hits]) == (want.total, [h.id for h in want.hits])
    _assert_every_term_equal(ix)


def test_a_version_opened_before_a_commit_that_removes_its_packs_still_reads_all_its_text(archive, tmp_path):
    """A server's snapshot keeps answering from the version it opened while the indexer commits:
    the packs that version reads are opened with it, so the compaction after a later commit (which
    merges them into one pack of the newer version's segments and removes them) takes nothing
    from it."""
    ix = _build(archive, "superseded", "a")
    (old_pack,) = packs.merged_paths(ix)
    index = SearchIndex(ix)
    reader = index.snapshot().searcher().reader()
    generate(60, tmp_path / "c", seed=17, layout="mixed")  # (no meeting of "a" again)
    assert not index_paths([archive / "a", tmp_path / "c"], ix, batch_size=60).failed
    assert not old_pack.exists() and len(_segments(ix)) == len(reader.leaf_readers()) + 1
    assert _assert_every_term_equal(ix, reader) > 5000
    assert index.snapshot().searcher().reader().doc_count() > reader.doc_count()  # the next request: the new one


def test_a_version_whose_packs_a_newer_commit_removed_is_not_opened_the_newest_is(archive, tmp_path, caplog):
    """Opening a version whose packs are gone: when a newer commit is there, OSError (the snapshot
    opens the newest instead); when it is the newest, it opens with a warning that names what is
    missing."""
    ix = tmp_path / "gone"
    shutil.copytree(_build(archive, "whole", "a"), ix)
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    storage = FileStorage(str(ix))
    generation = TOC._latest_generation(storage, INDEX_NAME)
    toc = TOC.read(storage, INDEX_NAME, generation)
    TOC(toc.schema, toc.segments, generation + 1).write(storage, INDEX_NAME)  # a newer commit of the same segments
    for path in packs.merged_paths(ix):
        path.unlink()
    schema = toc.schema
    with pytest.raises(OSError, match="a newer commit removed the packs of the version being opened"):
        searcher_at(storage, INDEX_NAME, generation, schema)
    with caplog.at_level(logging.WARNING):
        newest = searcher_at(storage, INDEX_NAME, generation + 1, schema)
    assert "segments have no complete postings pack" in caplog.text
    assert all(s.pack is None for s in pack_sources(newest.reader()))
