"""Every use of Whoosh's private internals, in one place (pinned: whoosh-reloaded 2.7.5; a test
checks each against the installed version):

- `posting_blocks`: a term's postings a block at a time across segments (the W3 leaf matcher's
  block attributes), faster than `matcher.next()`; a generic per-posting path for other codecs;
- `searcher_at`: a searcher over one committed generation (`TOC.read`, `FileIndex._reader`), so a
  request never mixes two versions;
- `expand`: the terms a prefix or wildcard query stands for (`_btexts`), read lazily so that a
  caller can stop at a limit;
- `unlocked_writer`: a writer that does not take the write lock (the indexer holds it for the whole
  run), `_lk=False`;
- `subsearcher_offset`: where a sub-searcher's documents start in its parent;
- `FastW3Codec`: the stock W3 segment format written with fewer per-posting checks (a test
  compares every posting with the stock writer's).
"""
from __future__ import annotations

from typing import Iterator

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PostingsWriter
from whoosh.index import TOC, FileIndex
from whoosh.searching import Searcher

PINNED = "2.7.5"


def searcher_at(storage, index_name: str, generation: int, schema) -> Searcher:
    """A searcher over exactly one committed generation (OSError when a later commit removed it)."""
    toc = TOC.read(storage, index_name, generation, schema=schema)
    return Searcher(FileIndex._reader(storage, toc.schema, toc.segments, toc.generation))


def expand(node: wq.Query, reader) -> Iterator[str]:
    """The terms a Prefix or Wildcard query matches in `reader`, one at a time."""
    for btext in node._btexts(reader):
        yield btext.decode("utf-8") if isinstance(btext, bytes) else btext


def unlocked_writer(ix, **kwargs):
    """A writer that leaves the write lock to its caller (which must hold it)."""
    if kwargs.get("procs", 1) > 1:
        kwargs.setdefault("subargs", {k: v for k, v in kwargs.items() if k in ("limitmb", "codec")})
    return ix.writer(_lk=False, **kwargs)


def subsearcher_offset(parent, sub) -> int:
    return parent._offset_for_subsearcher(sub)


def posting_blocks(reader, field: str, text, *, values: bool = False,
                   weights: bool = False) -> Iterator[tuple[list[int], list | None, list | None]]:
    """(global document numbers, encoded values or None, weights or None) per posting block."""
    for leaf, offset in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        m = leaf.postings(field, text)
        m = getattr(m, "child", m)  # unwrap the deleted-documents filter
        if isinstance(m, W3LeafMatcher):
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if values and m._values is None:
                    m._read_values()
                if weights and m._weights is None:
                    m._read_weights()
                start = m._i
                yield ([d + offset for d in m._ids[start:]],
                       m._values[start:] if values else None,
                       list(m._weights[start:]) if weights else None)
                m._next_block()
        else:  # pragma: no cover - another codec
            ids, vals, wts = [], [], []
            while m.is_active():
                ids.append(m.id() + offset)
                vals.append(m.value() if values else None)
                wts.append(m.weight() if weights else None)
                m.next()
            yield ids, (vals if values else None), (wts if weights else None)


# ---------------------------------------------------------------- a faster segment writer
# A faster writer for Whoosh's standard on-disk format (W3), for bulk indexing.
#
# Whoosh spends most of an index build turning sorted postings into posting blocks, in Python,
# one posting at a time. This writer produces byte-for-byte the same format (segments still name the
# stock `W3Codec`, so any Whoosh reads them) while skipping per-posting work that sorted input from
# Whoosh's own pool does not need: order checks, type assertions, and field-length look-ups for
# fields that are not scored. A test compares every posting with the stock writer's.

class _PostingsWriter(W3PostingsWriter):
    def add_posting(self, id_, weight, vbytes, length=None):
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length


class _FieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        dfl = lengths.doc_field_length if lengths else None
        lastfn = lasttext = None
        add = None
        scored = False
        start_term, finish_term = self.start_term, self.finish_term
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    finish_term()
                if lastfn is not None:
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                add = self._postwriter.add_posting
                scored = dfl is not None and fieldobj.scorable
                lastfn, lasttext = fieldname, None
            if docnum == -1:  # spelling words, which this project does not use
                continue
            if btext != lasttext:
                if lasttext is not None:
                    finish_term()
                start_term(btext)
                lasttext = btext
            add(docnum, weight, value or b"", dfl(docnum, fieldname) if scored else 0)
        if lasttext is not None:
            finish_term()
        if lastfn is not None:
            self.finish_field()


class FastW3Codec(W3Codec):
    """Writes W3 segments faster; the segments it creates are read with the stock W3Codec."""

    def field_writer(self, storage, segment):
        return _FieldWriter(self, storage, segment)

    def postings_writer(self, dbfile, byteids=False):
        return _PostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                               compression=self._compression, inlinelimit=self._inlinelimit)

    def new_segment(self, storage, indexname):
        segment = super().new_segment(storage, indexname)
        segment._codec = W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return segment
