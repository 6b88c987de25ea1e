"""Relevance scores for every matched meeting at once, with numpy, instead of Whoosh's per-document
collector loop (which dominated the time of common-term queries).

The score follows Whoosh's BM25F on the ranking fields (`title`, `words`, whose field boosts are
already in the posting weights) plus the bigram term frequency, each times its query boost;
filters and excluded terms do not score.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher

from .phrases import BigramPhrase

B, K1 = 0.75, 1.2
RANKED_FIELDS = ("title", "words")


def field_lengths(reader, n: int) -> dict[str, np.ndarray]:
    """Per-document lengths of the ranked fields (read once per index version)."""
    lengths = {}
    for field in RANKED_FIELDS:
        arr = np.zeros(n, dtype=np.float32)
        for leaf, offset in reader.leaf_readers():
            for d in range(leaf.doc_count_all()):
                arr[offset + d] = leaf.doc_field_length(d, field, 0)
        lengths[field] = arr
    return lengths


def _postings(reader, field: str, text) -> tuple[np.ndarray, np.ndarray]:
    """(global document numbers, weights) of one term, a block at a time."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field, text) not in leaf:
            continue
        m = leaf.postings(field, text)
        m = getattr(m, "child", m)  # unwrap the deleted-documents filter; callers mask with live docs
        if isinstance(m, W3LeafMatcher):
            while m.is_active():
                if m._ids is None:
                    m._read_ids()
                if m._weights is None:
                    m._read_weights()
                ids.append(np.asarray(m._ids[m._i:], dtype=np.int64) + offset)
                weights.append(np.asarray(m._weights[m._i:], dtype=np.float32))
                m._next_block()
        else:  # pragma: no cover - another codec
            block_ids, block_weights = [], []
            while m.is_active():
                block_ids.append(m.id() + offset)
                block_weights.append(m.weight())
                m.next()
            ids.append(np.asarray(block_ids, dtype=np.int64))
            weights.append(np.asarray(block_weights, dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def scores(node: wq.Query, searcher, n: int, lengths: dict[str, np.ndarray]) -> np.ndarray:
    total = np.zeros(n, dtype=np.float32)
    _add(node, searcher, total, lengths, 1.0)
    return total


def _add(node, searcher, total, lengths, boost: float) -> None:
    boost *= getattr(node, "boost", 1.0)
    if isinstance(node, (wq.Not,)):
        return
    if isinstance(node, (wq.AndNot,)):
        _add(node.a, searcher, total, lengths, boost)
        return
    reader = searcher.reader()
    if isinstance(node, wq.Term) and node.fieldname in RANKED_FIELDS:
        ids, tf = _postings(reader, node.fieldname, node.text)
        if len(ids):
            idf = searcher.idf(node.fieldname, node.text)
            avg = searcher.avg_field_length(node.fieldname) or 1.0
            fl = lengths[node.fieldname][ids]
            total[ids] += boost * idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avg))
        return
    if isinstance(node, wq.Term) and node.fieldname == "ngrams":
        ids, tf = _postings(reader, "ngrams", node.text)
        total[ids] += boost * tf
        return
    if isinstance(node, BigramPhrase):
        docs = node.matcher(searcher).all_ids() if searcher.get_parent() is searcher else []
        total[np.fromiter(docs, dtype=np.int64)] += boost
        return
    for child in node.children():
        _add(child, searcher, total, lengths, boost)
