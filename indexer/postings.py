"""Reading a term's postings a block at a time, across segments (faster than matcher.next()).

Uses the block attributes of Whoosh's W3 leaf matcher (pinned: whoosh-reloaded 2.7.5), with a
generic per-posting path for anything else. Deleted documents may appear: callers intersect with
the live documents.
"""
from __future__ import annotations

from typing import Iterator

from whoosh.codec.whoosh3 import W3LeafMatcher


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
