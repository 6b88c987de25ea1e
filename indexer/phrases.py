"""Exact phrase matching over the bigram field, faster than Whoosh's generic span matcher.

A phrase of n characters is n-1 overlapping bigrams, but a non-overlapping cover (the bigrams at
offsets 0, 2, 4, … plus the last one) pins down every character, so only those are checked: their
positions are decoded in C (pickle, itertools.accumulate) and intersected as sets, rarest bigram
first, a posting block at a time. What survives is every place the phrase starts, so the number of
occurrences per document (for ranking by the exact string) comes for free.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from .whoosh_internals import posting_blocks, subsearcher_offset
from .querysyntax import check_time

_INT_SIZE = 4  # the Positions format's leading count
SEARCHER_CACHE = "_minutes_phrase_docs"
SEARCHER_CACHE_SIZE = 256


def _positions(value: bytes) -> accumulate:
    if not value.endswith(b"."):
        value += b"."
    return accumulate(loads(value[_INT_SIZE:]))


def _postings_with_values(reader, field: str, word: str):
    """(global document number, encoded positions) for every posting of a term."""
    for ids, values, _ in posting_blocks(reader, field, word, values=True):
        yield from zip(ids, values)


class BigramPhrase(wq.Phrase):
    """A phrase on the bigram field; matches exactly the documents containing the substring."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._docs: dict[int, list[int]] = {}  # reader id → matching document numbers

    def cover(self) -> list[tuple[int, str]]:
        last = len(self.words) - 1
        offsets = list(range(0, last + 1, 2))
        if offsets[-1] != last:
            offsets.append(last)
        return [(off, self.words[off]) for off in offsets]

    def occurrences(self, searcher) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, occurrences in each) over the whole index, kept per searcher.

        Searchers live as long as an index version (one per thread), so the matches of recent
        phrases are kept on the searcher: refining a search by facets re-uses them."""
        top = searcher.get_parent()
        shared = top.__dict__.setdefault(SEARCHER_CACHE, OrderedDict())
        key = (self.fieldname, tuple(self.words))
        if key in shared:
            shared.move_to_end(key)
        else:
            shared[key] = self._global_occurrences(top)
            while len(shared) > SEARCHER_CACHE_SIZE:
                shared.popitem(last=False)
        return shared[key]

    def matcher(self, searcher, context=None):
        """Matches are computed once over the whole index, then sliced for each segment."""
        top = searcher.get_parent()
        key = id(top.reader())
        if key not in self._docs:
            self._docs[key] = self.occurrences(top)[0].tolist()
        docs = self._docs[key]
        if top is not searcher:
            offset = subsearcher_offset(top, searcher)
            end = offset + searcher.reader().doc_count_all()
            docs = [d - offset for d in docs if offset <= d < end]
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()

    def _global_occurrences(self, searcher) -> tuple[np.ndarray, np.ndarray]:
        reader = searcher.reader()
        field = self.fieldname
        if len(self.words) == 1:
            return term_occurrences(reader, field, self.words[0])
        cover = self.cover()
        none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        if any((field, word) not in reader for _, word in cover):
            return none
        by_size = sorted(cover, key=lambda c: reader.doc_frequency(field, c[1]))
        starts: dict[int, set[int]] | None = None  # document → where the phrase may start
        for off, word in by_size:  # rarest first, so the candidate set shrinks early
            survivors: dict[int, set[int]] = {}
            for n, (doc, value) in enumerate(_postings_with_values(reader, field, word)):
                if not n % 256:
                    check_time()
                if starts is not None and doc not in starts:
                    continue
                shifted = {p - off for p in _positions(value)}
                if starts is not None:
                    shifted &= starts[doc]
                if shifted:
                    survivors[doc] = shifted
            starts = survivors
            if not starts:
                return none
        docs = sorted(set(starts) & set(reader.all_doc_ids()) if reader.has_deletions() else starts)
        return (np.asarray(docs, dtype=np.int64),
                np.fromiter((len(starts[d]) for d in docs), dtype=np.float32, count=len(docs)))


def term_occurrences(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, frequency) of one term; deleted documents may appear."""
    ids, weights = [], []
    for block_ids, _, block_weights in posting_blocks(reader, field, text, weights=True):
        check_time()
        ids.extend(block_ids)
        weights.extend(block_weights)
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float32)


def exact_occurrences(searcher, node: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, occurrences) of the exact string a `querysyntax.bigram_query` stands for.

    A single character counts the bigrams that start with it."""
    reader = searcher.reader()
    if isinstance(node, BigramPhrase):
        return node.occurrences(searcher)
    if isinstance(node, wq.Term):
        return term_occurrences(reader, node.fieldname, node.text)
    if isinstance(node, wq.Prefix):
        total: dict[int, float] = {}
        for btext in reader.expand_prefix(node.fieldname, node.text):
            text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            for d, tf in zip(*term_occurrences(reader, node.fieldname, text)):
                total[int(d)] = total.get(int(d), 0.0) + float(tf)
        docs = sorted(total)
        return np.asarray(docs, dtype=np.int64), np.asarray([total[d] for d in docs], dtype=np.float32)
    raise TypeError(f"not an exact-string query: {node!r}")
