"""Postings packs: a segment's postings of the searched fields as flat arrays in one file, read
memory-mapped, so that a term's postings are one binary search and a few array slices away.

Whoosh remains the index of record (its documents, stored fields, field lengths, and the terms of
its identifying fields); a pack holds the postings of the `PACKED` fields in the layout the query
side computes with, and for the `PACK_ONLY` fields (all of them but `doctype`) it is their only copy:
a document's terms go from the writer straight into the pack, never through Whoosh's pool. The
array codec writes one pack beside each segment it writes (`MAIN_<segment>.pak`, removed with its
segment), and `merge` concatenates the packs of consecutive segments into one
(`MAIN_postings-….mpk`) (document numbers offset), so that a query term costs one look-up however
many segments were committed. A segment whose pack is lost is packed again from its stored records
(`build.repack`).

A pack file (little-endian):

    b"MINPACK1" | uint64 directory offset | uint64 directory length
    arrays, each at a multiple of 64 bytes
    directory (JSON): {"segments": [[segment id, documents], …], "fields": {field: {array: [offset,
    dtype, count], …}}}

and per field, its terms in Whoosh's order (bytes, ascending):

    terms      S<width>[n]   the terms (at most MAX_TERM_BYTES; longer ones are left to Whoosh)
    starts     uint64[n+1]   term i's postings are [starts[i], starts[i + 1])
    docs       uint32[m]     document numbers, ascending within a term (from the pack's first segment)
    weights    float32[m]
    pstarts    uint64[n+1]   positional fields: term i's positions are [pstarts[i], pstarts[i + 1])
    counts     uint32[m]       positions of each posting
    positions  uint32[p]       each posting's positions, in document order
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import struct
import threading
import weakref
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .analysis import bigram_text
from .arrays import ranges
from .facets import KEYWORD_FACETS
from .store import INDEX_NAME

log = logging.getLogger(__name__)

MAGIC = b"MINPACK1"
_HEAD = struct.Struct("<8sQQ")
ALIGN = 64
EXTENSION = ".pak"
MAX_TERM_BYTES = 96
POSITIONAL = frozenset({"ngrams", "titlegrams", "docgrams"})
PACKED = POSITIONAL | {"words", "title", "deadline", "doctype"} | {f.name for f in KEYWORD_FACETS}
# Fields whose postings only packs hold: Whoosh's pool and posting writer never see them
# (`whoosh_internals.PackingWriter`), only their lengths and stored values. A term longer than
# MAX_TERM_BYTES (a long document title in a keyword field) stays in Whoosh's files. `doctype` stays
# there too: counting decisions reads it (`store`).
PACK_ONLY = PACKED - {"doctype"}


class Postings(NamedTuple):
    """One term's postings from one pack (views into the mapped file)."""

    docs: np.ndarray  # uint32, from the pack's first segment
    weights: np.ndarray  # float32
    counts: np.ndarray | None  # uint32 positions per posting (positional fields)
    positions: np.ndarray | None  # uint32


# ---------------------------------------------------------------- writing


class _FieldCollector:
    """A field's postings as they stream out of Whoosh's pool: sorted by term, then document."""

    def __init__(self, positional: bool):
        self.positional = positional
        self.terms: list[bytes] = []
        self.sizes = array("Q")
        self.docs = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []

    def arrays(self) -> dict[str, np.ndarray]:
        width = max(map(len, self.terms), default=1)
        starts = np.zeros(len(self.terms) + 1, np.uint64)
        np.cumsum(np.frombuffer(self.sizes, np.uint64), out=starts[1:])
        out = {
            "terms": np.array(self.terms, dtype=f"S{width}"),
            "starts": starts,
            "docs": np.frombuffer(self.docs, np.uint32),
            "weights": np.frombuffer(self.weights, np.float32),
        }
        if self.positional:
            counts = np.fromiter(map(len, self.values), np.uint32, len(self.values)) // 4
            ends = np.zeros(counts.size + 1, np.uint64)
            np.cumsum(counts, out=ends[1:])
            out["pstarts"] = ends[starts.astype(np.int64)]
            out["counts"] = counts
            out["positions"] = np.frombuffer(b"".join(self.values), "<u4")
        return out


class _BigramCollector:
    """A `PACK_ONLY` field's postings, collected document by document as the bigrams' integer keys
    in text order (`analysis.BigramTokenizer.bigram_keys`) and sorted once, with numpy."""

    def __init__(self):
        self.keys: list[np.ndarray] = []
        self.docs = array("I")
        self.sizes = array("Q")

    def add(self, docnum: int, keys: np.ndarray) -> None:
        if keys.size:
            self.keys.append(keys)
            self.docs.append(docnum)
            self.sizes.append(keys.size)

    def arrays(self) -> dict[str, np.ndarray]:
        keys = np.concatenate(self.keys) if self.keys else np.zeros(0, np.uint64)
        sizes = np.frombuffer(self.sizes, np.uint64).astype(np.int64)
        docs = np.repeat(np.frombuffer(self.docs, np.uint32), sizes)
        positions = (np.arange(keys.size, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)).astype("<u4")
        order = np.argsort(keys, kind="stable")  # documents, then positions, stay in order
        keys, docs, positions = keys[order], docs[order], positions[order]
        n = keys.size
        first = np.ones(n, bool)  # where a posting (a term in a document) begins
        first[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
        posting_at = np.flatnonzero(first)
        posting_keys = keys[posting_at]
        new_term = np.ones(posting_at.size, bool)
        new_term[1:] = posting_keys[1:] != posting_keys[:-1]
        term_at = np.flatnonzero(new_term)  # each term's first posting
        counts = np.diff(np.append(posting_at, n)).astype(np.uint32)
        texts = [bigram_text(k).encode("utf-8") for k in posting_keys[term_at].tolist()]
        return {
            "terms": np.array(texts, dtype=f"S{max(map(len, texts), default=1)}"),
            "starts": np.append(term_at, posting_at.size).astype(np.uint64),
            "docs": docs[posting_at],
            "weights": counts.astype(np.float32),
            "pstarts": np.append(posting_at[term_at], n).astype(np.uint64),
            "counts": counts,
            "positions": positions,
        }


class _TermCollector:
    """A `PACK_ONLY` field's postings (other than bigrams), collected document by document as
    (term, weight) and sorted once, with numpy: what `_FieldCollector` would have from Whoosh's pool."""

    def __init__(self):
        self.ids: dict[bytes, int] = {}
        self.term_ids = array("I")
        self.docs = array("I")
        self.weights = array("f")

    def add(self, docnum: int, btext: bytes, weight: float) -> None:
        ids = self.ids
        i = ids.get(btext)
        if i is None:
            i = ids[btext] = len(ids)
        self.term_ids.append(i)
        self.docs.append(docnum)
        self.weights.append(weight)

    def arrays(self) -> dict[str, np.ndarray]:
        terms = sorted(self.ids)
        rank = np.empty(len(terms), np.int64)
        rank[np.fromiter((self.ids[t] for t in terms), np.int64, len(terms))] = np.arange(len(terms))
        ranks = rank[np.frombuffer(self.term_ids, np.uint32)]
        order = np.argsort(ranks, kind="stable")  # documents stay in order within a term
        starts = np.zeros(len(terms) + 1, np.uint64)
        np.cumsum(np.bincount(ranks, minlength=len(terms)), out=starts[1:])
        return {
            "terms": np.array(terms, dtype=f"S{max(map(len, terms), default=1)}"),
            "starts": starts,
            "docs": np.frombuffer(self.docs, np.uint32)[order],
            "weights": np.frombuffer(self.weights, np.float32)[order],
        }


class PackWriter:
    """Collects a segment's postings of the packed fields (`add_postings`' stream, the
    `PACK_ONLY` fields' terms, `add_term`, and their bigrams, `add_bigrams`), then `write`s."""

    def __init__(self):
        self.fields: dict[str, _FieldCollector] = {}
        self.bigrams: dict[str, _BigramCollector] = {name: _BigramCollector() for name in sorted(POSITIONAL)}
        self.terms: dict[str, _TermCollector] = {name: _TermCollector() for name in sorted(PACK_ONLY - POSITIONAL)}
        self._field: _FieldCollector | None = None
        self._size = 0

    def add_bigrams(self, field: str, docnum: int, keys: np.ndarray) -> None:
        """A document's bigrams in a `PACK_ONLY` positional field, as `bigram_keys` gives them."""
        self.bigrams[field].add(docnum, keys)

    def add_term(self, field: str, docnum: int, btext: bytes, weight: float) -> None:
        """A document's term in a `PACK_ONLY` field (documents in ascending order; a term at most
        MAX_TERM_BYTES long)."""
        self.terms[field].add(docnum, btext, weight)

    def start_field(self, name: str) -> bool:
        """True when the field is packed (its postings are then to be `add`ed)."""
        if name not in PACKED or name in PACK_ONLY:
            self._field = None
            return False
        self._field = self.fields[name] = _FieldCollector(name in POSITIONAL)
        return True

    def start_term(self, btext: bytes) -> bool:
        """False for a term too long to pack (Whoosh alone holds it)."""
        field = self._field
        assert field is not None
        self._end_term()
        if len(btext) > MAX_TERM_BYTES:
            return False
        field.terms.append(btext)
        self._size = 0
        return True

    def add(self, docnum: int, weight: float, value: bytes) -> None:
        field = self._field
        assert field is not None
        field.docs.append(docnum)
        field.weights.append(weight)
        if field.positional:
            field.values.append(value)
        self._size += 1

    def _end_term(self) -> None:
        field = self._field
        if field is not None and len(field.sizes) < len(field.terms):
            field.sizes.append(self._size)

    def end_field(self) -> None:
        self._end_term()
        self._field = None

    def write(self, path: str | Path, segments: Sequence[tuple[str, int]]) -> None:
        self._end_term()
        fields = {name: f.arrays() for name, f in self.fields.items()}
        fields |= {name: t.arrays() for name, t in self.terms.items()}
        fields |= {name: b.arrays() for name, b in self.bigrams.items()}
        write_pack(path, segments, dict(sorted(fields.items())))


def write_pack(path: str | Path, segments: Sequence[tuple[str, int]], fields: dict[str, dict[str, np.ndarray]]) -> None:
    """Write a pack (through a temporary file, renamed into place; durable when the caller
    syncs the folder, as a commit does)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    directory: dict = {"segments": [list(s) for s in segments], "fields": {}}
    try:
        with open(tmp, "wb") as f:
            f.write(_HEAD.pack(MAGIC, 0, 0))
            for name, arrays in fields.items():
                entry = directory["fields"][name] = {}
                for key, arr in arrays.items():
                    f.write(b"\0" * (-f.tell() % ALIGN))
                    entry[key] = [f.tell(), arr.dtype.str, int(arr.size)]
                    f.write(np.ascontiguousarray(arr).data)
            offset = f.tell()
            blob = json.dumps(directory).encode()
            f.write(blob)
            f.seek(0)
            f.write(_HEAD.pack(MAGIC, offset, len(blob)))
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, path)


# ---------------------------------------------------------------- reading


class BadPack(ValueError):
    """A file that is not a complete pack."""


@dataclass
class _Field:
    terms: np.ndarray
    starts: np.ndarray
    docs: np.ndarray
    weights: np.ndarray
    pstarts: np.ndarray | None
    counts: np.ndarray | None
    positions: np.ndarray | None


class Pack:
    """A pack file, memory-mapped."""

    def __init__(self, path: str | Path, read_ahead: bool = True):
        self.path = Path(path)
        with open(self.path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size < _HEAD.size:
                raise BadPack(f"{self.path}: too short to be a pack")
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if read_ahead and hasattr(mmap, "MADV_WILLNEED"):  # in the background: a first query
            self._map.madvise(mmap.MADV_WILLNEED)  # after a restart need not wait for the disk
        magic, offset, length = _HEAD.unpack_from(self._map)
        if magic != MAGIC or offset + length != size:
            raise BadPack(f"{self.path}: not a complete pack")
        try:
            directory = json.loads(self._map[offset : offset + length])
        except ValueError as exc:
            raise BadPack(f"{self.path}: unreadable directory ({exc})") from exc
        self.segments: list[tuple[str, int]] = [(s, int(n)) for s, n in directory["segments"]]
        self.fields: dict[str, _Field] = {}
        for name, entry in directory["fields"].items():
            arrays = {key: np.frombuffer(self._map, np.dtype(dt), n, at) for key, (at, dt, n) in entry.items()}
            self.fields[name] = _Field(
                arrays["terms"],
                arrays["starts"],
                arrays["docs"],
                arrays["weights"],
                arrays.get("pstarts"),
                arrays.get("counts"),
                arrays.get("positions"),
            )

    @property
    def doc_count(self) -> int:
        return sum(n for _, n in self.segments)

    def postings(self, field: str, btext: bytes) -> Postings | None:
        """The term's postings, or None when this pack has none (or does not pack the field)."""
        f = self.fields.get(field)
        if f is None:
            return None
        i = int(np.searchsorted(f.terms, btext))
        if i == f.terms.size or f.terms[i] != btext:
            return None
        a, b = int(f.starts[i]), int(f.starts[i + 1])
        if f.pstarts is None:
            return Postings(f.docs[a:b], f.weights[a:b], None, None)
        assert f.counts is not None and f.positions is not None
        return Postings(
            f.docs[a:b], f.weights[a:b], f.counts[a:b], f.positions[int(f.pstarts[i]) : int(f.pstarts[i + 1])]
        )

    def size(self, field: str, btext: bytes) -> int:
        """How many postings the term has here."""
        f = self.fields.get(field)
        if f is None:
            return 0
        i = int(np.searchsorted(f.terms, btext))
        if i == f.terms.size or f.terms[i] != btext:
            return 0
        return int(f.starts[i + 1] - f.starts[i])

    def terms(self, field: str) -> np.ndarray:
        f = self.fields.get(field)
        return f.terms if f is not None else np.zeros(0, "S1")


def packs_field(field: str, btext: bytes) -> bool:
    """Whether packs hold this term's postings."""
    return field in PACKED and len(btext) <= MAX_TERM_BYTES


# ---------------------------------------------------------------- merging


def merge(packs: Sequence[Pack], path: str | Path) -> None:
    """One pack of consecutive segments' packs (in segment order): each term's postings are the
    concatenation of its postings in each, document numbers offset by the documents before."""
    bases = np.cumsum([0] + [p.doc_count for p in packs])[:-1]
    segments = [s for p in packs for s in p.segments]
    names = sorted({name for p in packs for name in p.fields})
    write_pack(path, segments, {name: _merged_field([p.fields.get(name) for p in packs], bases) for name in names})


def _merged_field(fields: Sequence[_Field | None], bases: np.ndarray) -> dict[str, np.ndarray]:
    present = [(f, int(b)) for f, b in zip(fields, bases) if f is not None]
    positional = present[0][0].pstarts is not None
    width = max(f.terms.dtype.itemsize for f, _ in present)
    terms = np.concatenate([f.terms.astype(f"S{width}") for f, _ in present])
    source = np.concatenate([np.full(f.terms.size, k, np.int64) for k, (f, _) in enumerate(present)])
    local = np.concatenate([np.arange(f.terms.size, dtype=np.int64) for f, _ in present])
    order = np.argsort(terms, kind="stable")  # a term's entries stay in segment order
    terms, source, local = terms[order], source[order], local[order]
    first = np.ones(terms.size, bool)  # where each distinct term begins
    first[1:] = terms[1:] != terms[:-1]
    # Every source's postings laid end to end: a posting's place in `all_docs` is its source's
    # offset plus its place in the source.
    doc_offsets = np.cumsum([0] + [f.docs.size for f, _ in present])
    all_docs = np.concatenate([f.docs.astype(np.int64) + b for f, b in present]).astype(np.uint32)
    all_weights = np.concatenate([f.weights for f, _ in present])
    flat = _flat_index(present, source, local)
    lo = np.concatenate([f.starts[:-1].astype(np.int64) for f, _ in present])[flat]
    hi = np.concatenate([f.starts[1:].astype(np.int64) for f, _ in present])[flat]
    base = doc_offsets[source]
    pick = ranges(lo + base, hi + base)
    sizes = hi - lo
    out_terms = terms[first]
    starts = np.zeros(out_terms.size + 1, np.uint64)
    if sizes.size:
        np.cumsum(np.add.reduceat(sizes, np.flatnonzero(first)), out=starts[1:])
    out = {"terms": out_terms, "starts": starts, "docs": all_docs[pick], "weights": all_weights[pick]}
    if positional:
        pos_offsets = np.cumsum([0] + [f.positions.size for f, _ in present if f.positions is not None])
        all_positions = np.concatenate([f.positions for f, _ in present if f.positions is not None])
        all_counts = np.concatenate([f.counts for f, _ in present if f.counts is not None])
        plo = np.concatenate([f.pstarts[:-1].astype(np.int64) for f, _ in present if f.pstarts is not None])[flat]
        phi = np.concatenate([f.pstarts[1:].astype(np.int64) for f, _ in present if f.pstarts is not None])[flat]
        pbase = pos_offsets[source]
        counts = all_counts[pick]
        ends = np.zeros(counts.size + 1, np.uint64)
        np.cumsum(counts, out=ends[1:])
        out["pstarts"] = ends[starts.astype(np.int64)]
        out["counts"] = counts
        out["positions"] = all_positions[ranges(plo + pbase, phi + pbase)]
    return out


def _flat_index(present, source: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Where (source, local term) is in the sources' term arrays laid end to end."""
    term_offsets = np.cumsum([0] + [f.terms.size for f, _ in present])
    return term_offsets[source] + local


# ---------------------------------------------------------------- which packs a reader reads

# `MAIN_postings-<first segment>-<last segment>-<segments>.mpk`: the index's own file (`store.OWN_FILE`),
# moved with its segments by a swap, but not one of Whoosh's (a segment's files are `MAIN_<id>.<ext>`)
MERGED_PREFIX, MERGED_EXTENSION = f"{INDEX_NAME}_postings-", ".mpk"
_OPEN: weakref.WeakValueDictionary[tuple, Pack] = weakref.WeakValueDictionary()
_OPEN_LOCK = threading.Lock()
Held = Sequence[tuple[str, int]]  # a version's segments in order: (segment id, documents)


def segment_pack_path(folder: str | Path, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}{EXTENSION}"


def merged_paths(folder: str | Path) -> list[Path]:
    return sorted(Path(folder).glob(f"{MERGED_PREFIX}*{MERGED_EXTENSION}"))


def open_pack(path: Path, read_ahead: bool = True) -> Pack | None:
    """The pack at `path`, shared by every reader while one holds it; None when there is none
    (or it is not a complete pack: its segments are then read from Whoosh's own files)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
    with _OPEN_LOCK:
        pack = _OPEN.get(key)
        if pack is None:
            try:
                pack = _OPEN[key] = Pack(path, read_ahead)
            except (BadPack, OSError, ValueError, KeyError) as exc:
                log.warning("%s: not used (%s)", path, exc)
                return None
    return pack


def cover(folder: str | Path, held: Held, read_ahead: bool = True) -> list[tuple[Pack | None, int, int]]:
    """Which pack reads segments [start, end) of a version: the longest merged pack that starts
    at a segment and holds exactly the segments that follow it, else the segment's own pack, else
    None (read from Whoosh's files)."""
    held = [(str(s), int(n)) for s, n in held]
    merged: dict[str, list[Pack]] = {}
    for path in merged_paths(folder):
        pack = open_pack(path, read_ahead)
        if pack is not None and pack.segments:
            merged.setdefault(pack.segments[0][0], []).append(pack)
    out: list[tuple[Pack | None, int, int]] = []
    i = 0
    while i < len(held):
        fits = [p for p in merged.get(held[i][0], []) if held[i : i + len(p.segments)] == p.segments]
        if fits:
            best = max(fits, key=lambda p: len(p.segments))
            out.append((best, i, i + len(best.segments)))
            i += len(best.segments)
            continue
        own = open_pack(segment_pack_path(folder, held[i][0]), read_ahead)
        out.append((own if own is not None and own.segments == [held[i]] else None, i, i + 1))
        i += 1
    return out


# ---------------------------------------------------------------- merging as the index grows

FACTOR = 4  # a run of packs is merged into the pack before it once it holds a quarter of its documents


def merge_plan(sizes: Sequence[int]) -> tuple[int, int] | None:
    """Which consecutive packs to merge (log-structured, as Lucene's tiered merge): the packs from
    the first one whose followers together hold at least 1/FACTOR of its documents, to the end."""
    for i in range(len(sizes) - 1):
        if sum(sizes[i + 1 :]) * FACTOR >= sizes[i]:
            return i, len(sizes)
    return None


def compact(folder: str | Path, held: Held) -> int:
    """Merge the packs of a version's segments by `merge_plan`, then remove the packs it no longer
    reads: merged packs that do not fit its segments, segment packs a merged one holds (this
    module's files only; a reader still holding one keeps it mapped). Returns how many packs
    were merged into one."""
    held = [(str(s), int(n)) for s, n in held]
    sources = cover(folder, held, read_ahead=False)  # (a run that merges nothing reads nothing)
    merged = 0
    if all(pack is not None for pack, _, _ in sources):  # (segments without one are read from Whoosh)
        plan = merge_plan([sum(n for _, n in held[a:b]) for _, a, b in sources])
        if plan is not None:
            chosen = [pack for pack, _, _ in sources[plan[0] : plan[1]] if pack is not None]
            first, last = chosen[0].segments[0][0], chosen[-1].segments[-1][0]
            name = f"{MERGED_PREFIX}{first}-{last}-{sum(len(p.segments) for p in chosen)}{MERGED_EXTENSION}"
            merge(chosen, Path(folder) / name)
            merged = len(chosen)
            sources = cover(folder, held, read_ahead=False)
    keep = {pack.path for pack, _, _ in sources if pack is not None}
    for path in merged_paths(folder):
        if path not in keep:
            path.unlink(missing_ok=True)
    for pack, a, b in sources:  # a merged pack's segments need their own packs no more
        if pack is not None and pack.path.name.startswith(MERGED_PREFIX):
            for segment, _ in held[a:b]:
                segment_pack_path(folder, segment).unlink(missing_ok=True)
    for path in Path(folder).glob(f"{MERGED_PREFIX}*{MERGED_EXTENSION}.tmp"):
        path.unlink(missing_ok=True)  # an interrupted merge
    return merged
