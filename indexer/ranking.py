"""Relevance scores for every matched meeting at once, with numpy, instead of Whoosh's per-document
collector loop (which dominated the time of common-term queries).

The score follows Whoosh's BM25F on the ranking fields (`title`, `words`, whose field boosts are
already in the posting weights) plus the bigram term frequency, each times its query boost;
filters and excluded terms do not score.
"""
from __future__ import annotations

import numpy as np
from whoosh import query as wq

from .phrases import BigramPhrase
from .postings import posting_blocks

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
    """(global document numbers, weights) of one term."""
    ids, weights = [], []
    for block_ids, _, block_weights in posting_blocks(reader, field, text, weights=True):
        ids.extend(block_ids)
        weights.extend(block_weights)
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


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
