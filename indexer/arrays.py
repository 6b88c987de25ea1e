"""Small numpy helpers shared by the columns, the phrase matcher and the postings packs."""

from __future__ import annotations

import numpy as np


def distinct(values: np.ndarray, presorted: bool = False) -> np.ndarray:
    """The distinct values, ascending: `np.unique` by sorting (numpy 2's hash-based `np.unique`
    takes seconds on the millions of keys a facet column has at 100,000 meetings; this takes ms)."""
    values = values if presorted else np.sort(values)
    if values.size < 2:
        return values
    return values[np.concatenate(([True], values[1:] != values[:-1]))]


def factorize(keys: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(keys, return_inverse=True)` for integer keys in [0, bound): the distinct keys,
    ascending, and each key's place among them, by a table of `bound` flags instead of a sort
    (where `bound` is within a few times the number of keys and none is negative; a sort otherwise)."""
    keys = np.asarray(keys, dtype=np.int64)
    if bound > 4 * keys.size + (1 << 20) or (keys.size and int(keys.min()) < 0):
        uniq, inverse = np.unique(keys, return_inverse=True)
        return uniq, inverse.ravel()
    present = np.zeros(bound, dtype=bool)
    present[keys] = True
    uniq = np.flatnonzero(present)
    place = np.cumsum(present, dtype=np.int64) - 1
    return uniq, place[keys]


def offsets_of(counts: np.ndarray) -> np.ndarray:
    """[0, c0, c0 + c1, …]: where each row's entries start (and the total), as int32 while the total
    fits (half the memory of int64 for the per-document arrays a snapshot holds)."""
    ends = np.cumsum(counts, dtype=np.int64)
    dtype = np.int32 if not ends.size or ends[-1] < 2**31 else np.int64
    out = np.zeros(len(counts) + 1, dtype=dtype)
    out[1:] = ends
    return out


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of arange(starts[i], ends[i]) for every i."""
    sizes = (ends - starts).astype(np.int64)
    keep = sizes > 0  # an empty or reversed range has nothing
    starts, sizes = starts[keep].astype(np.int64), sizes[keep]
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, np.int64)
    steps = np.ones(total, np.int64)
    heads = np.cumsum(sizes)[:-1]
    steps[0] = starts[0]
    steps[heads] = starts[1:] - (starts[:-1] + sizes[:-1]) + 1
    return np.cumsum(steps)


def member_of(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_set` (ascending): a binary search for each value, so it
    costs len(values) · log(len(sorted_set)) rather than `np.isin`'s sort of both."""
    if not sorted_set.size:
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(sorted_set, values)
    np.minimum(at, sorted_set.size - 1, out=at)
    return sorted_set[at] == values


def intersect_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values in both of two ascending arrays of distinct non-negative integers: by a table of
    flags where the values are dense enough, else by searching the longer for the shorter's."""
    small, large = (a, b) if a.size <= b.size else (b, a)
    if not small.size:
        return small
    bound = int(max(small[-1], large[-1])) + 1
    if bound <= 8 * (small.size + large.size):
        present = np.zeros(bound, dtype=bool)
        present[large] = True
        return small[present[small]]
    return small[member_of(small, large)]
