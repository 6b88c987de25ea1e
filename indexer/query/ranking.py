"""Relevance in tiers a user can predict, computed for every matched meeting at once with numpy.

For the positive text leaves of a query (the strings it looks for, outside NOT):

0. number: a bare meeting number (`111`, `第111次`) puts the meetings with that number first;
1. title: how many of those strings occur exactly in the meeting's title or an agenda item's title;
2. exact: BM25 over the exact strings in the text (occurrences counted by the bigram phrase
   matcher; saturating in the count, normalised by the meeting's length), summed over the strings;
3. words: BM25F over the strings' jieba words in `title` and `words` (whole-word matches), as
   Whoosh's BM25F would score them (a test checks they agree).

Meetings are ordered by title, then exact, then words, then newest first. Filters and excluded
terms do not score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from whoosh import query as wq

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


@dataclass
class Scores:
    number: np.ndarray
    title: np.ndarray
    exact: np.ndarray
    words: np.ndarray

    def order(self, docnums: np.ndarray, date: np.ndarray) -> np.ndarray:
        """Indexes into `docnums`, best first (ties: newest first)."""
        return np.lexsort(
            (-date[docnums], -self.words[docnums], -self.exact[docnums], -self.title[docnums], -self.number[docnums])
        )


def scores(parsed: ParsedQuery, searcher, columns, lengths: dict[str, np.ndarray]) -> Scores:
    n = columns.n_docs
    result = Scores(*(np.zeros(n, dtype=np.float32) for _ in range(4)))
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
    _add_words(parsed.query, searcher, result.words, lengths, 1.0)
    return result


def words_bm25(searcher, fieldname: str, text: str, lengths: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(document numbers, BM25F score) of one term of a ranked field, as Whoosh's BM25F scores it."""
    ids, tf = term_occurrences(searcher.reader(), fieldname, text)
    if not len(ids):
        return ids, tf
    avg = searcher.avg_field_length(fieldname) or 1.0
    # Whoosh's idf, with the document frequency counted from the postings (deleted ones included,
    # as Whoosh counts them) instead of another look-up in every segment
    idf = math.log(searcher.get_parent().doc_count_all() / (len(ids) + 1)) + 1
    return ids, bm25(tf, lengths[fieldname][ids], avg, idf)


def _add_words(node, searcher, total, lengths, boost: float) -> None:
    if isinstance(node, wq.Not):
        return
    boost *= getattr(node, "boost", 1.0)
    if isinstance(node, wq.AndNot):
        _add_words(node.a, searcher, total, lengths, boost)
        return
    if isinstance(node, wq.Term) and node.fieldname in RANKED_FIELDS:
        ids, score = words_bm25(searcher, node.fieldname, node.text, lengths)
        total[ids] += boost * score
        return
    for child in node.children():
        _add_words(child, searcher, total, lengths, boost)
