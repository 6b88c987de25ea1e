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


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of arange(starts[i], ends[i]) for every i."""
    sizes = (ends - starts).astype(np.int64)
    total = int(sizes.sum())
    if not total:
        return np.zeros(0, np.int64)
    keep = sizes > 0
    starts, sizes = starts[keep].astype(np.int64), sizes[keep]
    steps = np.ones(total, np.int64)
    heads = np.cumsum(sizes)[:-1]
    steps[0] = starts[0]
    steps[heads] = starts[1:] - (starts[:-1] + sizes[:-1]) + 1
    return np.cumsum(steps)
