"""Every use of Whoosh's private internals, in one place (pinned: whoosh-reloaded 2.7.5; a test
checks each against the installed version):

- `ArrayCodec`: W3's files with posting blocks stored as flat arrays, so that `term_arrays` hands
  a term's documents, weights and values (positions) over as numpy arrays, decoded in bulk; its
  writer also skips the stock writer's per-posting checks (a test compares every posting with a
  stock-written index);
- `searcher_at`: a searcher over one committed generation (`TOC.read`, `FileIndex._reader`,
  `TOC._latest_generation`), so a request never mixes two versions;
- `expand`: the terms a prefix or wildcard query stands for (`_btexts`), read lazily so that a
  caller can stop at a limit;
- `unlocked_writer`: a writer that does not take the write lock (the indexer holds it for the whole
  run), `_lk=False`; with `procs > 1` it is a `ForkedWriter`, which builds segments in child
  processes from `SegmentWriter`'s segment-level steps (`_finalize_segment`, `_merge_segments`,
  `_commit_toc`, `_finish`);
- `subsearcher_offset`: where a sub-searcher's documents start in its parent;
- `PackingWriter.add_document`: `SegmentWriter.add_document`'s steps (`_check_state`,
  `_check_fields`, the per-document writer's `start_doc`, `add_field`, `add_column_value`,
  `finish_doc`, `cancel_doc`, the pool's `add`), the `PACK_ONLY` fields' terms going to the pack;
- `segment_tables`: the summaries every snapshot reads, as one table of arrays per segment written
  beside it (`summary_tables`; `deleted_docs_set`);
- `doc_lengths`: a segment's field lengths as one array (W3's lengths column: `_perdoc`,
  `_cached_reader`, the column reader's `_dbfile`, `_basepos`, `_count`);
- `PackingWriter`: the segment writer that, once a segment is assembled, writes its postings pack
  (`packs`) as a file of its own beside it (`_assemble_segment`, `get_segment`); `term_arrays` reads
  a segment's postings from its pack (or a merged pack of several) where there is one;
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import struct
import time
import zlib
from array import array
from collections.abc import Iterator
from pickle import dumps
from typing import Any, NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    _lenfield,
)
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, FileIndex
from whoosh.reading import TermNotFound
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from . import atomic, packs, summary_tables
from .analysis import BigramTokenizer
from .summary_tables import SummaryTable

PINNED = "2.7.5"

log = logging.getLogger(__name__)


def searcher_at(storage, index_name: str, generation: int, schema) -> Searcher:
    """A searcher over exactly one committed generation, its packs opened with it (OSError when a
    later commit removed its files, or the packs it reads, meanwhile: the caller opens a newer one).

    The packs are opened now, not at the first text search: a later commit's compaction removes
    the packs an older generation read, and a reader that looked for them only then would miss
    its documents' text."""
    toc = TOC.read(storage, index_name, generation, schema=schema)
    reader = FileIndex._reader(storage, toc.schema, toc.segments, toc.generation)

    def superseded() -> bool:
        return TOC._latest_generation(storage, index_name) != generation

    try:
        reader.__dict__[_SOURCES] = _pack_sources(reader, superseded)
    except OSError:
        reader.close()
        raise
    return Searcher(reader)


def expand(node: wq.Query, reader) -> Iterator[str]:
    """The terms a Prefix or Wildcard query matches in `reader`, one at a time (a `PACK_ONLY`
    field's from the packs and, for its longest terms, Whoosh's term index)."""
    if node.field() not in packs.PACK_ONLY:
        for btext in node._btexts(reader):
            yield btext.decode("utf-8") if isinstance(btext, bytes) else btext
        return
    if isinstance(node, wq.Prefix):
        candidates = expand_prefix(reader, node.fieldname, node.text)
        pattern = None
    else:  # as `PatternQuery._btexts` filters them
        candidates = expand_prefix(reader, node.fieldname, node._find_prefix(node.text))
        pattern = re.compile(node._get_pattern())
    for btext in candidates:
        text = btext.decode("utf-8")
        if pattern is None or pattern.match(text):
            yield text


class DurableStorage(FileStorage):
    """Whoosh's file storage, with a commit made durable: when the table of contents of a new
    generation is renamed into place (Whoosh's last step of a commit), every file written since
    the storage was opened, and the table itself, are flushed to disk first, and the folder after
    (as Lucene and SQLite do). A commit the indexer acknowledges is then on disk."""

    def __init__(self, path: str, **kwargs):
        super().__init__(path, **kwargs)
        self._since = time.time() - 2  # file times are coarse on some file systems

    def rename_file(self, oldname, newname, safe=False):
        if not newname.endswith(".toc"):
            return super().rename_file(oldname, newname, safe)
        for name in os.listdir(self.folder):
            full = os.path.join(self.folder, name)
            try:
                if os.path.isfile(full) and os.path.getmtime(full) >= self._since:
                    atomic.fsync_file(full)
            except FileNotFoundError:  # removed meanwhile (a merged segment)
                pass
        atomic.fault("written", newname)
        super().rename_file(oldname, newname, safe)
        atomic.fault("renamed", newname)
        atomic.fsync_folder(self.folder)


def remove_unreferenced(index_dir: str, index_name: str, measure: bool = False) -> int:
    """Delete what an interrupted or failed commit left behind (segment files no table of contents
    names, tables of contents being written, the writer's temporary folder), as Whoosh does at
    each commit. Returns the bytes freed when `measure`. The caller holds the write lock."""
    from whoosh.index import TOC, clean_files

    storage = FileStorage(index_dir)
    before = _folder_bytes(index_dir) if measure else 0
    try:
        toc = TOC.read(storage, index_name)
    except Exception:  # no committed generation yet
        return 0
    clean_files(storage, index_name, toc.generation, toc.segments)
    for name in os.listdir(index_dir):
        full = os.path.join(index_dir, name)
        if name.startswith(f"_{index_name}_") and ".toc." in name and os.path.isfile(full):
            os.remove(full)  # a table of contents whose rename never happened
        elif name == f"{index_name}.tmp" and os.path.isdir(full):
            for inner in os.listdir(full):  # the writer's temporary storage: only its own files
                os.remove(os.path.join(full, inner))
            os.rmdir(full)
    return before - _folder_bytes(index_dir) if measure else 0


def _folder_bytes(folder: str) -> int:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def adopt_segments(staging_dir: str, index_dir: str, index_name: str, generation: int) -> int:
    """Commit, in `index_dir`, the segments of the index in `staging_dir` (their files already moved
    in) as generation `generation`: a table of contents written and renamed durably. Returns it."""
    from whoosh.index import TOC

    staged = TOC.read(FileStorage(staging_dir), index_name)
    TOC(staged.schema, staged.segments, generation).write(DurableStorage(index_dir), index_name)
    return generation


def compact_packs(index_dir: str, index_name: str) -> int:
    """Merge the postings packs of the latest generation's segments as `packs.merge_plan` says,
    durably (`packs.compact`). Returns how many packs were merged into one (0: none)."""
    try:
        toc = TOC.read(FileStorage(index_dir), index_name)
    except Exception:  # noqa: BLE001 - no committed generation yet
        return 0
    merged = packs.compact(index_dir, [(s.segment_id(), s.doc_count_all()) for s in toc.segments])
    if merged:
        atomic.fsync_folder(index_dir)
    return merged


def segments_without_packs(index_dir: str, index_name: str) -> list[str]:
    """The latest generation's segments that no complete pack covers (a pack removed, damaged, or
    never written): their `PACK_ONLY` fields are in no file but their stored records."""
    try:
        toc = TOC.read(FileStorage(index_dir), index_name)
    except Exception:  # noqa: BLE001 - no committed generation yet
        return []
    held = [(s.segment_id(), s.doc_count_all()) for s in toc.segments]
    return [held[a][0] for pack, a, _ in packs.cover(index_dir, held, read_ahead=False) if pack is None]


def segment_stored(index_dir: str, index_name: str, segment_id: str) -> Iterator[tuple[int, dict]]:
    """(document, stored fields) of every document of one segment of the latest generation, the
    deleted ones too (document numbers from the segment's first)."""
    ix = FileIndex(FileStorage(index_dir), indexname=index_name)
    with ix.reader() as reader:
        (leaf,) = [leaf for leaf, _ in reader.leaf_readers() if leaf.segment().segment_id() == segment_id]
        for d in range(leaf.doc_count_all()):
            yield d, leaf.stored_fields(d)


def repack_segment(
    index_dir: str, index_name: str, segment_id: str, documents: Iterator[tuple[int, dict[str, Any]]]
) -> None:
    """Write a segment's own pack again: the postings of the packed fields Whoosh holds from its
    files, and the `PACK_ONLY` fields from `documents`, (document, fields) in document order, as
    its writer had them (their longest terms are in Whoosh's files already). The caller holds the
    write lock; `compact_packs` then merges it with the rest."""
    ix = FileIndex(FileStorage(index_dir), indexname=index_name)
    with ix.reader() as reader:
        (leaf,) = [leaf for leaf, _ in reader.leaf_readers() if leaf.segment().segment_id() == segment_id]
        pack = packs.PackWriter()
        for field in sorted(packs.PACKED - packs.PACK_ONLY):
            if field not in leaf.schema or not pack.start_field(field):
                continue
            for btext in leaf.lexicon(field):
                if pack.start_term(btext):
                    docs: list[np.ndarray] = []
                    weights: list[np.ndarray] = []
                    _leaf_arrays(leaf, 0, field, btext.decode("utf-8"), False, docs, weights, [], [])
                    for ds, ws in zip(docs, weights):
                        for d, w in zip(ds.tolist(), ws.tolist()):
                            pack.add(d, w, b"")
            pack.end_field()
        schema = leaf.schema
        names = [name for name in sorted(packs.PACK_ONLY) if name in schema]
        for d, fields in documents:
            for name in names:
                if fields.get(name) is not None:
                    _index_field(pack, _in_whoosh_already, d, name, schema[name], fields[name])
        pack.write(packs.segment_pack_path(index_dir, segment_id), [(segment_id, leaf.doc_count_all())])


def _in_whoosh_already(posting) -> None:
    """A posting too long for a pack, which the segment's own files hold."""


def open_writable(index_dir: str, index_name: str, schema) -> FileIndex:
    """An existing index opened for writing, its commits durable."""
    return DurableStorage(index_dir).open_index(index_name, schema=schema)


def create_writable(index_dir: str, index_name: str, schema) -> FileIndex:
    """A new index, its commits durable."""
    return DurableStorage(index_dir).create_index(schema, index_name)


def unlocked_writer(ix, procs: int = 1, **kwargs):
    """A writer that leaves the write lock to its caller (which must hold it); with `procs > 1`, one
    that writes the added documents in that many processes."""
    if procs > 1:
        return ForkedWriter(ix, procs, _lk=False, **kwargs)
    return PackingWriter(ix, _lk=False, **kwargs)


class PackingWriter(SegmentWriter):
    """Whoosh's segment writer; with the array codec, each segment it writes gets its postings
    pack (`packs`), written once the segment's own files are assembled, so that the pack stays a
    file of its own (memory-mapped by readers, removed by Whoosh with its segment)."""

    def add_document(self, **fields):
        """Whoosh's `SegmentWriter.add_document` (no boosts, spelling or vectors, which this schema
        has none of), with the `PACK_ONLY` fields' terms put into the segment's pack instead of
        Whoosh's pool: their stored values and lengths are recorded as Whoosh records them."""
        for name in SIDE_STORED:
            if name in fields:
                self._side.append((self.docnum, name, fields[name]))
        fieldwriter = self.fieldwriter
        if not isinstance(fieldwriter, _FieldWriter):  # another codec: Whoosh's own
            super().add_document(**fields)
            return
        self._check_state()
        perdoc, schema, docnum = self.perdocwriter, self.schema, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = _index_field(fieldwriter.pack, self.pool.add, docnum, name, field, value)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    @property
    def _side(self) -> list:
        """(document, field, value) of the `SIDE_STORED` fields of this segment's documents."""
        return self.__dict__.setdefault("_side_stored", [])

    def _assemble_segment(self):
        super()._assemble_segment()
        fieldwriter = self.fieldwriter
        if isinstance(fieldwriter, _FieldWriter):
            segment = self.get_segment()
            name = segment.segment_id()
            folder = self.storage.folder
            fieldwriter.pack.write(packs.segment_pack_path(folder, name), [(name, segment.doc_count_all())])
            # made durable with the commit (`DurableStorage`)
            SummaryTable.of_rows(self._side, segment.doc_count_all()).write(_table_path(folder, name), name)


def _index_field(pack: packs.PackWriter, add_post, docnum: int, name: str, field, value) -> int:
    """Index one field's value: a `PACK_ONLY` field's terms into the pack (the longest into
    Whoosh's pool, `add_post`), any other field's into the pool. Returns the length Whoosh records."""
    if name in packs.POSITIONAL:  # unscored bigrams, keyed as the pack sorts them
        if value:
            pack.add_bigrams(name, docnum, BigramTokenizer.bigram_keys(value))
        return 0
    if not field.indexed:
        return 0
    length = 0
    scorable, packed, add_term = field.scorable, name in packs.PACK_ONLY, pack.add_term
    for btext, freq, weight, vbytes in field.index(value):
        if scorable:
            length += freq
        if packed and len(btext) <= packs.MAX_TERM_BYTES:
            add_term(name, docnum, btext, weight)
        else:
            add_post((name, btext, docnum, weight, vbytes))
    return length


SIDE_STORED = ("summary", "dsummary")  # stored fields every snapshot reads of every document


def _table_path(folder: str, segment_id: str) -> str:
    return os.path.join(folder, f"{segment_id}{summary_tables.SUFFIX}")


def segment_tables(reader) -> list[tuple[SummaryTable, np.ndarray | None]]:
    """Each segment's summary table (the `SIDE_STORED` fields of its documents, `summary_tables`)
    with its deleted documents, in order: read from the file its writer put beside it, else (a
    segment written otherwise, or its file damaged) made from its stored fields."""
    tables = []
    for leaf, _ in reader.leaf_readers():
        folder, n, segment = _folder_of(leaf), leaf.doc_count_all(), leaf.segment()  # an empty index: none
        table = None
        if folder is not None and segment is not None:
            table = SummaryTable.read(_table_path(folder, segment.segment_id()), segment.segment_id(), n)
        if table is None:
            rows = ((d, name, stored[name]) for d, stored in leaf.iter_docs() for name in SIDE_STORED if name in stored)
            table = SummaryTable.of_rows(rows, n)
        deleted = np.fromiter(leaf.deleted_docs_set, np.int64) if leaf.has_deletions() else None
        tables.append((table, deleted))
    return tables


class ForkedWriter(PackingWriter):
    """Added documents are written as `procs` new segments: `procs - 1` forked children each write
        their share (inherited, not pickled) and send back the segment through a pipe of their own, and
        this process writes the last share. Documents added within `writer.group()` go into one share.
    Deletions apply to the existing segments, as in any writer.

        Whoosh's own `MpWriter` shares one job queue among its children: a child killed while holding
        the queue's lock leaves its siblings blocked on it, and the commit waiting for them, for ever.
        Here a child shares nothing with its siblings; one that dies or fails costs only its share,
        which the commit leaves out (the caller checks what a commit holds and writes what it lost
        again)."""

    def __init__(self, ix, procs: int, **kwargs):
        super().__init__(ix, **kwargs)
        self.procs = procs
        self.subargs = {k: v for k, v in kwargs.items() if k in ("limitmb", "codec")}
        self.groups: list[list[dict]] = []  # documents added in one group go into the same share
        self._open_group: list[dict] | None = None

    def start_group(self):
        self._open_group = []

    def end_group(self):
        if self._open_group:
            self.groups.append(self._open_group)
        self._open_group = None

    def add_document(self, **fields):
        if self._open_group is not None:
            self._open_group.append(fields)
        else:
            self.groups.append([fields])

    def commit(self, mergetype=None, optimize=None, merge=None):
        self._check_state()
        groups, self.groups = self.groups, []
        size = max(1, -(-len(groups) // self.procs))
        shares = [[f for g in groups[i : i + size] for f in g] for i in range(0, len(groups), size)]
        children = [_start_share(self.storage, self.indexname, share, self.subargs) for share in shares[:-1]]
        for fields in shares[-1] if shares else []:
            PackingWriter.add_document(self, **fields)
        finalsegments = self._merge_segments(mergetype, optimize, merge)
        finalsegments += [seg for seg in (_share_segment(*child) for child in children) if seg is not None]
        if self._added:
            finalsegments.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc(finalsegments)
        self._finish()


def _start_share(storage, index_name: str, docs: list[dict], subargs: dict):
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_write_share, args=(storage, index_name, docs, subargs, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def _write_share(storage, index_name: str, docs: list[dict], subargs: dict, send) -> None:
    """In a child: one segment of these documents, sent to the parent (nothing on failure: the
    parent's commit then lacks them, and its caller writes them again)."""
    try:
        writer = PackingWriter(storage.open_index(index_name), _lk=False, **subargs)
        for fields in docs:
            writer.add_document(**fields)
        send.send(writer._finalize_segment())
    except BaseException:  # noqa: BLE001 - the parent rewrites the share in-process, reporting errors there
        os._exit(1)
    os._exit(0)


def _share_segment(child, receive):
    """The segment a child wrote, or None when it died or failed (its pipe ends without one)."""
    try:
        segment = receive.recv()
    except (EOFError, OSError):
        segment = None
    finally:
        receive.close()
    child.join()
    return segment if child.exitcode == 0 else None


_LENGTH_OF_BYTE = np.array([0.0] + [byte_to_length(b) for b in range(1, 256)], np.float32)


def doc_lengths(leaf, field: str) -> np.ndarray:
    """Every document's length in `field` as Whoosh's `doc_field_length` gives it (its one-byte
    quantised lengths, read as one array from the segment's lengths column)."""
    n = leaf.doc_count_all()
    perdoc: Any = getattr(leaf, "_perdoc", None)  # (an empty index's reader has none)
    reader = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN) if hasattr(perdoc, "_cached_reader") else None
    if reader is None:
        return np.array([leaf.doc_field_length(d, field, 0) for d in range(n)], np.float32)
    count = min(reader._count, n)
    raw = np.zeros(n, np.uint8)
    if count:
        raw[:count] = np.frombuffer(reader._dbfile.get(reader._basepos, count), np.uint8)
    return _LENGTH_OF_BYTE[raw]


def subsearcher_offset(parent, sub) -> int:
    return parent._offset_for_subsearcher(sub)


class TermArrays(NamedTuple):
    """A term's postings over a whole index as arrays (deleted documents may appear)."""

    docs: np.ndarray  # int64 global document numbers, ascending
    weights: np.ndarray  # float32
    counts: np.ndarray | None  # uint32 positions of each posting (asked for, positional fields)
    positions: np.ndarray | None  # uint32 every posting's positions, in document order


_NONE = np.zeros(0, np.uint32)


def term_arrays(reader, field: str, text, *, positions: bool = False) -> TermArrays:
    """Every posting of a term as arrays: from the postings packs that cover the reader's segments
    (one binary search per pack, views into the mapped files), else block by block with numpy from
    an ArrayCodec segment, else through Whoosh's public matcher."""
    btext = text.encode("utf-8") if isinstance(text, str) else text
    docs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    found: list[np.ndarray] = []
    packable = packs.packs_field(field, btext)
    for source in pack_sources(reader):
        if source.pack is not None and packable:
            p = source.pack.postings(field, btext)
            if p is not None:
                docs.append(p.docs.astype(np.int64) + source.offset)
                weights.append(p.weights)
                if positions and p.counts is not None and p.positions is not None:
                    counts.append(p.counts)
                    found.append(p.positions)
            continue
        for leaf, offset in source.leaves:
            _leaf_arrays(leaf, offset, field, text, positions, docs, weights, counts, found)
    if not docs:
        return TermArrays(np.zeros(0, np.int64), np.zeros(0, np.float32), _NONE, _NONE)
    one = len(docs) == 1
    return TermArrays(
        docs[0] if one else np.concatenate(docs),
        weights[0] if one else np.concatenate(weights),
        (counts[0] if len(counts) == 1 else np.concatenate(counts)) if positions and counts else _NONE,
        (found[0] if len(found) == 1 else np.concatenate(found)) if positions and found else _NONE,
    )


def term_size(reader, field: str, text) -> int:
    """How many postings a term has (deleted documents included): from the packs without reading
    them, else by reading them."""
    btext = text.encode("utf-8") if isinstance(text, str) else text
    sources = pack_sources(reader)
    if packs.packs_field(field, btext) and all(source.pack is not None for source in sources):
        return sum(source.pack.size(field, btext) for source in sources if source.pack is not None)
    return int(term_arrays(reader, field, text).docs.size)


def _leaf_arrays(leaf, offset: int, field: str, text, positions: bool, docs, weights, counts, found) -> None:
    positions = positions and field in packs.POSITIONAL  # positions as ArrayPositions encodes them
    try:  # one term look-up per segment (not `in` and then `postings`)
        m = leaf.postings(field, text)
    except TermNotFound:
        return
    m = getattr(m, "child", m)  # unwrap the deleted-documents filter
    if isinstance(m, ArrayLeafMatcher):
        for ids, wts, lens, blob in m.blocks():
            docs.append(ids + offset)
            weights.append(wts)
            if positions and blob:
                counts.append(lens // 4)
                found.append(np.frombuffer(blob, "<u4"))
        return
    ids, wts, vals = [], [], []
    while m.is_active():
        ids.append(m.id() + offset)
        wts.append(m.weight())
        if positions:
            vals.append(m.value() or b"")
        m.next()
    docs.append(np.asarray(ids, np.int64))
    weights.append(np.asarray(wts, np.float32))
    if positions and any(vals):
        counts.append(np.fromiter(map(len, vals), np.uint32, len(vals)) // 4)
        found.append(np.frombuffer(b"".join(vals), "<u4"))


def expand_prefix(reader, field: str, prefix: str) -> Iterator[bytes]:
    """The terms of `field` that begin with `prefix`, in order: for a `PACK_ONLY` field from the
    packs' term arrays and (its terms too long for a pack) Whoosh's term index, else from Whoosh's."""
    if field not in packs.PACK_ONLY:
        yield from reader.expand_prefix(field, prefix)
        return
    low = prefix.encode("utf-8")
    high = low + b"\xff"  # above every term that begins with it (UTF-8 has no 0xff byte)
    # (a bigram is never too long for a pack: Whoosh holds none)
    long_terms = field not in packs.POSITIONAL and field in reader.schema
    found: set[bytes] = set(reader.expand_prefix(field, prefix)) if long_terms else set()
    for source in pack_sources(reader):
        if source.pack is not None:
            terms = source.pack.terms(field)
            a, b = np.searchsorted(terms, [low, high])
            found.update(terms[a:b].tolist())
    yield from sorted(found)


def live_docs(reader) -> np.ndarray:
    """Which of the reader's documents are not deleted, as a mask (kept on the reader)."""
    live = reader.__dict__.get("_minutes_live")
    if live is None:
        live = np.ones(reader.doc_count_all(), bool)
        for leaf, offset in reader.leaf_readers():
            if leaf.has_deletions():
                live[np.fromiter(leaf.deleted_docs_set, np.int64) + offset] = False
        reader.__dict__["_minutes_live"] = live
    return live


class PackSource(NamedTuple):
    """Consecutive segments of a reader: read from `pack` when there is one, else leaf by leaf."""

    pack: packs.Pack | None
    offset: int  # the first segment's first document number in the reader
    leaves: list  # (leaf reader, offset)


_SOURCES = "_minutes_pack_sources"


def pack_sources(reader) -> list[PackSource]:
    """How the reader's segments are read: kept on the reader (one index version)."""
    sources = reader.__dict__.get(_SOURCES)
    if sources is None:
        sources = reader.__dict__[_SOURCES] = _pack_sources(reader)
    return sources


def _pack_sources(reader, superseded=None) -> list[PackSource]:
    """The reader's pack sources. A segment found without its pack is looked for once more (a
    compaction renames the merged pack into place before it removes the packs it holds, so a
    second look sees the merged one); still without one, the reader's generation is either
    superseded (`superseded()`: OSError, so the caller opens the newer one) or really lacks it
    (a warning, and its text is read from nowhere until the next run writes the pack again)."""
    leaves = reader.leaf_readers()
    folder = _folder_of(leaves[0][0]) if leaves else None
    if folder is None:
        return [PackSource(None, offset, [(leaf, offset)]) for leaf, offset in leaves]
    held = [(leaf.segment().segment_id(), leaf.doc_count_all()) for leaf, _ in leaves]
    for _look in range(2):
        sources = [
            PackSource(pack, leaves[start][1], leaves[start:end]) for pack, start, end in packs.cover(folder, held)
        ]
        bare = [leaf.segment().segment_id() for source in sources if source.pack is None for leaf, _ in source.leaves]
        if not bare:
            return sources
    if superseded is not None and superseded():
        raise OSError(f"{folder}: a newer commit removed the packs of the version being opened")
    log.warning(
        "%s: %d segments have no complete postings pack (%s): text searches miss their documents "
        "until `minutes index` runs again, which writes their packs anew from the stored records",
        folder,
        len(bare),
        ", ".join(bare[:3]) + (", …" if len(bare) > 3 else ""),
    )
    return sources


def _folder_of(leaf) -> str | None:
    storage = leaf.storage() if hasattr(leaf, "storage") else None
    while storage is not None and not hasattr(storage, "folder"):
        storage = getattr(storage, "b", None)  # OverlayStorage(compound file, folder)
    return getattr(storage, "folder", None)


# ---------------------------------------------------------------- the array posting codec
# Whoosh's W3 format pickles each block of postings (128 at most) as Python tuples of delta-coded
# ids, weights and values: reading a common term means unpickling and delta-decoding in Python, one
# posting at a time. The ArrayCodec keeps W3's files, term index and block headers (so skipping and
# block statistics work as before) and stores each block's body as flat little arrays instead:
#
#     uint32 n | uint8 has_weights | uint8 has_values
#     n × uint32 id deltas | [n × float32 weights] | [n × uint32 value lengths, the values joined]
#
# (zlib-compressed as W3 does). numpy decodes a block in a few calls, and `term_arrays` hands a
# term's documents, weights and values over as arrays; Whoosh's own matchers read the same blocks.

_BLOCK_HEAD = struct.Struct("<IBB")


def _encode_block(ids, weights, values) -> bytes:
    n = len(ids)
    id_arr = np.frombuffer(ids, np.uint32) if isinstance(ids, array) else np.asarray(ids, np.uint32)
    deltas = np.diff(id_arr, prepend=np.uint32(0)).astype("<u4")
    has_weights = any(w != 1.0 for w in weights)
    has_values = bool(values)
    if has_values and len(values) != n:
        raise ValueError("a posting block with some values empty")
    parts = [_BLOCK_HEAD.pack(n, has_weights, has_values), deltas.tobytes()]
    if has_weights:
        parts.append(np.asarray(weights, "<f4").tobytes())
    if has_values:
        parts.append(np.fromiter(map(len, values), "<u4", n).tobytes())
        parts.extend(values)
    return b"".join(parts)


def _decode_block(data: bytes):
    n, has_weights, has_values = _BLOCK_HEAD.unpack_from(data)
    at = _BLOCK_HEAD.size
    ids = np.cumsum(np.frombuffer(data, "<u4", n, at), dtype=np.int64)
    at += 4 * n
    if has_weights:
        weights = np.frombuffer(data, "<f4", n, at)
        at += 4 * n
    else:
        weights = np.ones(n, np.float32)
    if has_values:
        lengths = np.frombuffer(data, "<u4", n, at)
        at += 4 * n
        blob = data[at:]
    else:
        lengths, blob = np.zeros(n, np.uint32), b""
    return ids, weights, lengths, blob


class _ArrayPostingsWriter(W3PostingsWriter):
    _maxweight: float  # set by W3PostingsWriter for each term
    _minlength: int | None
    _maxlength: int

    def add_posting(self, id_, weight, vbytes, length=None):
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:  # a format's values are all empty (Existence) or none are
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = _encode_block(self._ids, self._weights, self._values)
        comp = self._compression
        if comp:
            data = zlib.compress(data, comp)
        ids = self._ids
        info = dumps(
            (
                len(ids),
                ids[-1],
                self._maxweight,
                comp,
                length_to_byte(self._minlength),
                length_to_byte(self._maxlength),
            ),
            2,
        )
        length = len(info) + len(data)
        self._postfile.write_int(-length if last else length)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


class ArrayLeafMatcher(W3LeafMatcher):
    """Reads ArrayCodec blocks, for Whoosh's matchers and (`blocks`) as arrays."""

    def _read_data(self):
        data = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        self._data = _decode_block(zlib.decompress(data) if self._compression else data)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = self._data[0].tolist()

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = self._data[1].tolist()

    def _read_values(self):
        if self._data is None:
            self._read_data()
        ids, _, lengths, blob = self._data
        if not blob:  # as W3 reads a format without values
            self._values = (None,) * len(ids)
            return
        ends = np.cumsum(lengths).tolist()
        self._values = tuple(blob[a:b] for a, b in zip([0] + ends[:-1], ends))

    def blocks(self):
        """(ids, weights, value lengths, values joined) of each remaining block."""
        while not self._atend:
            if self._data is None:
                self._read_data()
            yield self._data
            self._next_block()


class ArrayCodec(W3Codec):
    """W3 with array-coded posting blocks, larger blocks, and a faster bulk writer."""

    def __init__(self, blocklimit=512, compression=3, inlinelimit=1):
        super().__init__(blocklimit, compression, inlinelimit)

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors, which this project does not store
            return super().postings_writer(dbfile, byteids)
        return _ArrayPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=False,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, _ = terminfo.extent()
        return ArrayLeafMatcher(dbfile, offset, None, format_, term=term, scorer=scorer)


# ---------------------------------------------------------------- the codec's field writer
# Whoosh spends most of an index build turning sorted postings into posting blocks, in Python, one
# posting at a time. This field writer skips the per-posting work that sorted input from Whoosh's
# own pool does not need: order checks, type assertions, and field-length look-ups for fields that
# are not scored.


class _FieldWriter(W3FieldWriter):
    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self.pack = packs.PackWriter()  # the segment's postings pack, written by PackingWriter

    def add_postings(self, schema, lengths, items):
        dfl: Any = lengths.doc_field_length if lengths else None  # only called for scored fields
        lastfn = lasttext = None
        add: Any = None  # the postings writer's add_posting, once a field has started
        scored = False
        pack = self.pack
        pack_add = pack.add
        packing = packed = False  # the field is packed; the term is
        start_term, finish_term = self.start_term, self.finish_term
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    finish_term()
                if lastfn is not None:
                    self.finish_field()
                    pack.end_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                packing = pack.start_field(fieldname)
                add = self._postwriter.add_posting
                scored = dfl is not None and fieldobj.scorable
                lastfn, lasttext = fieldname, None
            if docnum == -1:  # spelling words, which this project does not use
                continue
            if btext != lasttext:
                if lasttext is not None:
                    finish_term()
                start_term(btext)
                packed = packing and pack.start_term(btext)
                lasttext = btext
            add(docnum, weight, value or b"", dfl(docnum, fieldname) if scored else 0)
            if packed:
                pack_add(docnum, weight, value)
        if lasttext is not None:
            finish_term()
        if lastfn is not None:
            self.finish_field()
            pack.end_field()
