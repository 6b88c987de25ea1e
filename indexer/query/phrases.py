"""Exact phrase matching over the bigram field, faster than Whoosh's generic span matcher.

A phrase of n characters is n-1 overlapping bigrams, but a non-overlapping cover (the bigrams at
offsets 0, 2, 4, … plus the last one) pins down every character, so only those are checked. Each
one's postings come out of the segment packs as arrays (`whoosh_internals.term_arrays`), become
sorted (document, position − offset) keys, and are intersected
with numpy, rarest bigram first. Their document lists are intersected before any position is
read, so positions are decoded only for documents holding every bigram of the cover. What survives
is every place the phrase starts, so the number of occurrences per document (for ranking by the
exact string) comes for free.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from ..arrays import distinct, intersect_sorted, member_of, offsets_of, ranges
from ..budget import check_time
from ..whoosh_internals import TermArrays, expand_prefix, live_docs, subsearcher_offset, term_arrays, term_size

SEARCHER_CACHE = "_minutes_phrase_docs"
SEARCHER_CACHE_BYTES = 48 << 20  # a common phrase at 100,000 meetings holds ~1 MB of matches
READER_CACHE = "_minutes_term_occurrences"
READER_CACHE_BYTES = 32 << 20


def _remember(cache: OrderedDict, key, value: tuple[np.ndarray, np.ndarray], budget: int) -> None:
    """Keep `value` in an LRU cache held to `budget` bytes of arrays."""
    cache[key] = value
    cache.move_to_end(key)
    size = sum(a.nbytes for v in cache.values() for a in v)
    while size > budget and len(cache) > 1:
        _, old = cache.popitem(last=False)
        size -= sum(a.nbytes for a in old)


def _start_keys(t: TermArrays, off: int, within: np.ndarray) -> np.ndarray:
    """Sorted keys document << 32 | (position − off) of a bigram's occurrences (`t`) in `within`'s
    documents (ascending, each one of `t`'s): where a phrase with it at offset `off` could start.
    Only those documents' positions are read."""
    assert t.counts is not None and t.positions is not None  # asked for with positions=True
    if within.size == t.docs.size:
        counts, positions = t.counts, t.positions
    elif within.size * 8 < t.docs.size:  # a few documents: gather their positions' ranges
        at = np.searchsorted(t.docs, within)
        counts = t.counts[at]
        starts = offsets_of(t.counts)[at].astype(np.int64)
        positions = t.positions[ranges(starts, starts + counts)]
    else:  # most of them: a flag per posting, then per position, costs less than the ranges
        wanted = np.zeros(int(t.docs[-1]) + 1, dtype=bool)
        wanted[within] = True
        keep = wanted[t.docs]
        counts = t.counts[keep]
        positions = t.positions[np.repeat(keep, t.counts)]
    keys = np.repeat(within, counts) << 32
    keys += positions  # document << 32 | position (a position is below 2³²)
    if not off:
        return keys
    keys -= off
    return keys[positions >= off]


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
            return shared[key]
        found = self._global_occurrences(top)
        _remember(shared, key, found, SEARCHER_CACHE_BYTES)
        return found

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
        none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        sizes = [term_size(reader, field, word) for word in self.words]
        if not min(sizes):  # a bigram found nowhere: no position need be read
            return none
        cover = self.cover()
        rarest = int(np.argmin(sizes))  # far rarer than the cover's: it narrows the candidates first
        if sizes[rarest] * 4 < min(sizes[off] for off, _ in cover):
            cover.append((rarest, self.words[rarest]))
        postings = [(off, term_arrays(reader, field, word, positions=True)) for off, word in cover]
        postings.sort(key=lambda p: p[1].docs.size)  # rarest first, so the candidates shrink early
        within = postings[0][1].docs
        for _, t in postings[1:]:  # the documents holding every bigram of the cover
            within = intersect_sorted(within, t.docs)
            if not within.size:
                return none
        keys: np.ndarray | None = None  # where the phrase may start, as document << 32 | position
        for off, t in postings:
            check_time()
            found = _start_keys(t, off, within)
            keys = found if keys is None else found[member_of(found, keys)]
            if not keys.size:
                return none
            within = distinct(keys >> 32, presorted=True)
        assert keys is not None
        starts = keys >> 32
        docs = distinct(starts, presorted=True)
        counts = np.diff(np.searchsorted(starts, np.append(docs, docs[-1] + 1)))
        if reader.has_deletions():
            live = live_docs(reader)[docs]
            docs, counts = docs[live], counts[live]
        return docs, counts.astype(np.float32)


def term_occurrences(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, frequency) of one term; deleted documents may appear.

    Kept on the reader for its next requests (matching and ranking read the same terms; a reader
    belongs to one thread's searcher of one index version)."""
    check_time()
    cache = reader.__dict__.setdefault(READER_CACHE, OrderedDict())
    key = (field, text)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    t = term_arrays(reader, field, text)
    t.docs.flags.writeable = t.weights.flags.writeable = False  # shared: nobody may change them
    _remember(cache, key, (t.docs, t.weights), READER_CACHE_BYTES)
    return t.docs, t.weights


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
        for btext in expand_prefix(reader, node.fieldname, node.text):
            text = btext.decode("utf-8") if isinstance(btext, bytes) else btext
            for d, tf in zip(*term_occurrences(reader, node.fieldname, text)):
                total[int(d)] = total.get(int(d), 0.0) + float(tf)
        docs = sorted(total)
        return np.asarray(docs, dtype=np.int64), np.asarray([total[d] for d in docs], dtype=np.float32)
    raise TypeError(f"not an exact-string query: {node!r}")
