"""A facet's values as a search shows them: ordered, limited, the selected ones kept visible, and
people and departments labelled with their city only where the bare name is ambiguous."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..analysis import fold
from .columns import Column
from .request import FacetValue


def facet_values(column: Column, counts: np.ndarray, selected: list[str], limit: int, name: str) -> list[FacetValue]:
    """The values with a count (most meetings first; years newest first), at most `limit`, plus
    every selected value (at 0 where it matches nothing)."""
    codes = np.flatnonzero(counts)
    rank = column.value_rank()
    if name == "year":  # newest first
        codes = codes[np.argsort(-rank[codes], kind="stable")]
    else:  # most meetings first, then by value
        if codes.size > limit > 0:  # only the values counted at least as often as the limit-th can show
            counted = counts[codes]
            codes = codes[counted >= np.partition(counted, codes.size - limit)[codes.size - limit]]
        codes = codes[np.lexsort((rank[codes], -counts[codes]))]
    chosen = {c for v in selected for c in column.codes_for(v)}
    top = [(int(c), int(counts[c])) for c in codes[:limit]]
    shown = {c for c, _ in top}
    top += [(c, int(counts[c])) for c in sorted(chosen - shown)]  # a selected value stays visible, even at 0
    missing = [FacetValue(v, 0, True, v) for v in selected if not column.codes_for(v)]
    if not column.per_city:
        return [FacetValue(column.values[c], n, c in chosen, column.values[c]) for c, n in top] + missing
    names = [column.identities[c].name for c, _ in top]
    repeated = {n for n, k in Counter(names).items() if k > 1}
    out = []
    for (c, n), bare in zip(top, names):
        keyed = column.values[c]
        value = keyed if len(column.by_name.get(fold(bare), ())) > 1 else bare
        out.append(FacetValue(value, n, c in chosen, keyed if bare in repeated else bare))
    return out + missing


def matching_values(
    column: Column, counts: np.ndarray, needle: str, selected: list[str], limit: int, name: str
) -> list[FacetValue]:
    """The values whose (folded) name contains `needle`, with their counts: a filter box's answer."""
    wanted = [
        c
        for c in np.flatnonzero(counts)
        if needle in fold(column.identities[c].name if column.per_city else column.values[c])
    ]
    narrowed = np.zeros_like(counts)
    narrowed[wanted] = counts[wanted]
    return [v for v in facet_values(column, narrowed, selected, limit, name) if v.count or v.selected]
