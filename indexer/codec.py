"""A faster writer for Whoosh's standard on-disk format (W3), for bulk indexing.

Whoosh spends most of an index build turning sorted postings into posting blocks, in Python,
one posting at a time. This writer produces byte-for-byte the same format (segments still name the
stock `W3Codec`, so any Whoosh reads them) while skipping per-posting work that sorted input from
Whoosh's own pool does not need: order checks, type assertions, and field-length look-ups for
fields that are not scored. A test compares every posting with the stock writer's.
"""
from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3PostingsWriter


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
