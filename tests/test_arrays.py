"""The numpy helpers (`indexer.arrays`) against numpy's own functions over random inputs."""

from __future__ import annotations

import numpy as np
import pytest

from indexer.arrays import distinct, factorize, intersect_sorted, member_of, offsets_of, ranges


@pytest.mark.parametrize("bound", [1, 7, 1000, 10**9])
def test_factorize_is_np_unique_with_the_inverse(bound):
    rng = np.random.default_rng(bound)
    for size in (0, 1, 5, 2000):
        keys = rng.integers(0, bound, size)
        uniq, inverse = factorize(keys, bound)
        want_uniq, want_inverse = np.unique(keys, return_inverse=True)
        assert uniq.tolist() == want_uniq.tolist()
        assert inverse.tolist() == want_inverse.ravel().tolist()


def test_factorize_takes_negative_keys_by_sorting():
    keys = np.array([3, -1, 3, 0, -1])
    uniq, inverse = factorize(keys, 4)
    assert uniq.tolist() == [-1, 0, 3] and inverse.tolist() == [2, 0, 2, 1, 0]


def test_distinct_and_ranges_are_numpy_s():
    rng = np.random.default_rng(5)
    values = rng.integers(0, 50, 300)
    assert distinct(values).tolist() == np.unique(values).tolist()
    starts = rng.integers(0, 100, 40)
    ends = starts + rng.integers(-3, 10, 40)
    want = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)])
    assert ranges(starts, ends).tolist() == want.tolist()


def test_offsets_are_the_running_totals_as_int32_while_they_fit():
    counts = np.array([3, 0, 2, 5], dtype=np.int32)
    got = offsets_of(counts)
    assert got.tolist() == [0, 3, 3, 5, 10] and got.dtype == np.int32
    assert offsets_of(np.zeros(0, np.int32)).tolist() == [0]
    big = offsets_of(np.array([2**30, 2**30, 5], dtype=np.int64))
    assert big.dtype == np.int64 and big[-1] == 2**31 + 5


@pytest.mark.parametrize("bound", [3, 100, 10**4, 10**12])
def test_member_of_and_intersect_sorted_are_isin_and_intersect1d(bound):
    """Dense values take the table of flags, sparse ones the binary search: both agree with numpy."""
    rng = np.random.default_rng(bound % 1000)
    for a_size, b_size in ((0, 5), (5, 0), (1, 1), (50, 3000), (3000, 50), (2000, 2000)):
        a = np.unique(rng.integers(0, bound, a_size))
        b = np.unique(rng.integers(0, bound, b_size))
        assert intersect_sorted(a, b).tolist() == np.intersect1d(a, b).tolist()
        values = rng.integers(0, bound, 400)
        assert member_of(values, b).tolist() == np.isin(values, b).tolist()
