"""Relevance in tiers a user can predict, computed with numpy over the matched meetings.

For the positive text leaves of a query (the strings it looks for, outside NOT):

0. number: a bare meeting number (`111`, `第111次`) puts the meetings with that number first;
1. title: how many of those strings occur exactly in the meeting's title or an agenda item's title;
2. exact: BM25 over the exact strings in the text (occurrences counted by the bigram phrase
   matcher; saturating in the count, normalised by the meeting's length), summed over the strings;
3. words: BM25F over the strings' jieba words in `title` and `words` (whole-word matches), as
   Whoosh's BM25F would score them (a test checks they agree).

Meetings are ordered by title, then exact, then words, then newest first. Filters and excluded
terms do not score. A page needs only its first meetings in order (`top`): each tier after the
first is read only for the meetings still tied at the page's cut-off, so the words tier (a
posting list per jieba word) is scored for a few meetings, not for every one that matched.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh import query as wq

from ..arrays import member_of
from ..budget import check_time
from ..whoosh_internals import doc_lengths
from .phrases import exact_occurrences, term_occurrences
from .syntax import ParsedQuery, bigram_query

B, K1 = 0.75, 1.2
RANKED_FIELDS = ("title", "words")


def field_lengths(reader, n: int) -> dict[str, np.ndarray]:
    """Per-document lengths of the ranked fields (read once per index version)."""
    lengths = {}
    for field in RANKED_FIELDS:
        arr = np.zeros(n, dtype=np.float32)
        for leaf, offset in reader.leaf_readers():
            arr[offset : offset + leaf.doc_count_all()] = doc_lengths(leaf, field)
        lengths[field] = arr
    return lengths


def idf(n_docs: int, doc_frequency: int) -> float:
    """Whoosh's idf (the one its BM25F uses)."""
    return math.log(n_docs / (doc_frequency + 1)) + 1


def bm25(tf: np.ndarray, length: np.ndarray, avg_length: float, idf_value: float) -> np.ndarray:
    return idf_value * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / (avg_length or 1.0)))


Key = Callable[[np.ndarray], np.ndarray]  # document numbers (ascending) → their values, larger first


def top(docnums: np.ndarray, keys: Sequence[Key], limit: int) -> np.ndarray:
    """The first `limit` of `docnums` (ascending) ordered by `keys`, larger first, the first key
    first, ties by document number: as `np.lexsort` over every key would order them. A key is read
    only for the documents it can still reorder: all of them for the first key; after it, those
    tied with the page's last document by every key before."""
    if limit <= 0 or not docnums.size:
        return docnums[:0]
    if not keys:
        return docnums[:limit]
    values = keys[0](docnums)
    if docnums.size <= limit:
        return _full_order(docnums, values, keys[1:])
    cut = values.size - limit
    kth = np.partition(values, cut)[cut]  # the page's last value of this key
    above = values > kth
    head = _full_order(docnums[above], values[above], keys[1:])
    return np.concatenate((head, top(docnums[values == kth], keys[1:], limit - head.size)))


def _full_order(docnums: np.ndarray, first: np.ndarray, rest: Sequence[Key]) -> np.ndarray:
    """`docnums` ordered by `first` and then every key of `rest` (larger first, ties by number)."""
    columns = [-key(docnums) for key in reversed(rest)]
    return docnums[np.lexsort((*columns, -first))] if docnums.size > 1 else docnums


@dataclass
class Scores:
    """The tiers of a query's meetings: `number`, `title` and `exact` per document; `words` is
    computed for the documents asked for only (the tier that matters least costs the most)."""

    number: np.ndarray
    title: np.ndarray
    exact: np.ndarray
    query: wq.Query
    searcher: Any
    lengths: dict[str, np.ndarray]

    def words(self, docnums: np.ndarray) -> np.ndarray:
        """BM25F over the query's jieba words in `title` and `words`, for `docnums` (ascending)."""
        out = np.zeros(docnums.size, dtype=np.float32)
        _add_words(self.query, self.searcher, docnums, out, self.lengths, 1.0)
        return out

    def order(self, docnums: np.ndarray, date: np.ndarray, limit: int) -> np.ndarray:
        """The first `limit` of `docnums` (ascending), best first: by number, title, exact, words,
        then newest first."""
        keys: list[Key] = [
            self.number.__getitem__,
            self.title.__getitem__,
            self.exact.__getitem__,
            self.words,
            date.__getitem__,
        ]
        return top(docnums, keys, limit)


def scores(parsed: ParsedQuery, searcher, columns, lengths: dict[str, np.ndarray]) -> Scores:
    n = columns.n_docs
    number, title, exact = (np.zeros(n, dtype=np.float32) for _ in range(3))
    result = Scores(number, title, exact, parsed.query, searcher, lengths)
    live, avg_chars = columns.live_count, columns.avg_chars
    for leaf in parsed.texts():
        check_time()
        assert leaf.literal is not None  # texts() are the leaves with a literal
        if leaf.number is not None:
            result.number[columns.number == leaf.number] += 1
        in_title = bigram_query("titlegrams", leaf.literal)
        ids, _ = exact_occurrences(searcher, in_title)
        result.title[ids] += 1
        if leaf.field == "ngrams":
            ids, tf = exact_occurrences(searcher, bigram_query("ngrams", leaf.literal))
            if len(ids):
                keep = columns.live[ids]
                ids, tf = ids[keep], tf[keep]
                result.exact[ids] += bm25(tf, columns.chars[ids], avg_chars, idf(live, len(ids)))
    return result


def words_bm25(
    searcher, fieldname: str, text: str, lengths: dict[str, np.ndarray], within: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, BM25F score) of one term of a ranked field, as Whoosh's BM25F scores it;
    in `within`'s documents only (ascending), when given."""
    ids, tf = term_occurrences(searcher.reader(), fieldname, text)
    if not len(ids):
        return ids, tf
    # Whoosh's idf, with the document frequency counted from the postings (deleted ones included,
    # as Whoosh counts them) instead of another look-up in every segment
    idf = math.log(searcher.get_parent().doc_count_all() / (len(ids) + 1)) + 1
    if within is not None:
        keep = member_of(ids, within)
        ids, tf = ids[keep], tf[keep]
    avg = searcher.avg_field_length(fieldname) or 1.0
    return ids, bm25(tf, lengths[fieldname][ids], avg, idf)


def _add_words(node, searcher, docnums: np.ndarray, total: np.ndarray, lengths, boost: float) -> None:
    """Add each ranked-field term's BM25F (times its boosts) to `total`, which holds `docnums`' scores."""
    if isinstance(node, wq.Not):
        return
    boost *= getattr(node, "boost", 1.0)
    if isinstance(node, wq.AndNot):
        _add_words(node.a, searcher, docnums, total, lengths, boost)
        return
    if isinstance(node, wq.Term) and node.fieldname in RANKED_FIELDS:
        ids, score = words_bm25(searcher, node.fieldname, node.text, lengths, docnums)
        total[np.searchsorted(docnums, ids)] += boost * score
        return
    for child in node.children():
        _add_words(child, searcher, docnums, total, lengths, boost)
