"""Exact phrase matching over the bigram field, faster than Whoosh's generic span matcher.

A phrase of n characters is n-1 overlapping bigrams, but a non-overlapping cover (the bigrams at
offsets 0, 2, 4, … plus the last one) pins down every character, so only those are checked: their are decoded in C (pickle, itertools.accumulate) and intersected as sets, rarest bigram
first, a posting block at a time.
"""
from __future__ import annotations

from collections import OrderedDict
from itertools import accumulate
from pickle import loads

from whoosh import query as wq
from whoosh.matching import ListMatcher, NullMatcher

from .postings import posting_blocks

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

    def matcher(self, searcher, context=None):
        """Matches are computed once over the whole index, then sliced for each segment."""
        top = searcher.get_parent()
        key = id(top.reader())
        cache = self._docs
        if key not in cache:
            # Searchers live as long as an index version (one per thread), so the matches of
            # recent phrases are kept on the searcher: refining a search by facets re-uses them.
            shared = top.__dict__.setdefault(SEARCHER_CACHE, OrderedDict())
            words = tuple(self.words)
            if words in shared:
                shared.move_to_end(words)
            else:
                shared[words] = self._global_docs(top)
                while len(shared) > SEARCHER_CACHE_SIZE:
                    shared.popitem(last=False)
            cache[key] = shared[words]
        docs = cache[key]
        if top is not searcher:
            offset = top._offset_for_subsearcher(searcher)
            end = offset + searcher.reader().doc_count_all()
            docs = [d - offset for d in docs if offset <= d < end]
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()

    def _global_docs(self, searcher) -> list[int]:
        reader = searcher.reader()
        field = self.fieldname
        cover = self.cover()
        if any((field, word) not in reader for _, word in cover):
            return []
        by_size = sorted(cover, key=lambda c: reader.doc_frequency(field, c[1]))
        if len(self.words) == 1:
            return sorted(reader.postings(field, self.words[0]).all_ids())
        starts: dict[int, set[int]] | None = None  # document → where the phrase may start
        for off, word in by_size:  # rarest first, so the candidate set shrinks early
            survivors: dict[int, set[int]] = {}
            for doc, value in _postings_with_values(reader, field, word):
                if starts is not None and doc not in starts:
                    continue
                shifted = {p - off for p in _positions(value)}
                if starts is not None:
                    shifted &= starts[doc]
                if shifted:
                    survivors[doc] = shifted
            starts = survivors
            if not starts:
                return []
        candidates = set(starts) & set(reader.all_doc_ids()) if reader.has_deletions() else set(starts)
        return sorted(candidates)
