"""The index as the query side sees it: one `Snapshot` per committed version, and `SearchIndex`,
opened once per process, which takes a new snapshot when a writer commits or a rebuild replaces
the index and keeps a small cache of recent results keyed by snapshot.

Every request reads one snapshot, taken once: the searcher, the facet columns, the stored
summaries and the version they belong to, so a writer committing meanwhile never mixes two
versions into one answer.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np
from whoosh.index import FileIndex
from whoosh.searching import Searcher

from .. import budget
from ..names import NameIndex
from ..processes import long_lived_objects, release_free_memory, return_large_blocks_promptly
from ..store import INDEX_NAME, META_NAME, default_index_dir, index_generation, open_index
from ..summary_tables import merge
from ..vocabulary import QUERY_TIMEOUT, QUERY_TIMEOUT_ENV
from ..whoosh_internals import searcher_at, segment_tables
from . import ranking
from .columns import Columns, Summaries
from .decision_columns import DecisionColumns, DecisionSummaries
from .phrases import READER_CACHE, SEARCHER_CACHE

OPEN_PATIENCE = 10.0  # seconds a request waits for a version that commits do not supersede at once


class Snapshot:
    """One committed version of the index, as every part of a request reads it.

    `columns` and `lengths` are built from this version's reader; `searcher()` gives the calling
    thread a searcher over exactly this version (Whoosh searchers must not be shared by threads).
    """

    def __init__(self, stamp, ix: FileIndex):
        self.stamp = stamp
        self.generation = stamp[-1]
        self._storage, self._schema = ix.storage, ix.schema
        self._local = threading.local()
        searcher = self._open_searcher()
        reader = searcher.reader()
        n = reader.doc_count_all()
        with long_lived_objects():
            table = merge(segment_tables(reader))
            assert table.n == n, (table.n, n)
            meetings = Summaries(table)
            self.columns = Columns(meetings)
            self.decisions = DecisionColumns(DecisionSummaries(table, meetings), self.columns)
            self.lengths = ranking.field_lengths(reader, n)
        release_free_memory()
        self._local.searcher = searcher
        self._names: NameIndex | None = None

    def _open_searcher(self) -> Searcher:
        """A searcher over this generation (raises OSError when a newer commit removed it)."""
        return searcher_at(self._storage, INDEX_NAME, self.generation, self._schema)

    def has_searcher(self) -> bool:
        """Whether the calling thread has a searcher open on this version already."""
        return getattr(self._local, "searcher", None) is not None

    def searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._open_searcher()
        return searcher

    @property
    def summaries(self) -> Summaries:
        return self.columns.summaries

    def live(self):
        """(document number, compact summary) of every meeting in this version."""
        summaries = self.columns.summaries
        return ((int(n), summaries[n]) for n in np.flatnonzero(summaries.live))

    def stored(self, docnum: int) -> dict:
        return self.searcher().stored_fields(int(docnum))

    @property
    def names(self) -> NameIndex:
        """Everyone in this version with their pinyin, for name lookups (built on first use)."""
        if self._names is None:
            column = self.columns.columns["person"]
            counts = column.counts(self.columns.live)
            self._names = NameIndex([(column.identities[c], int(counts[c])) for c in np.flatnonzero(counts)])
        return self._names


class SearchIndex:
    """An index opened once per process; a new `Snapshot` is taken when a writer commits or a
    rebuild replaces the index. Holds a small cache of recent results, keyed by snapshot."""

    def __init__(self, index_dir: str | Path | None = None, cache_size: int = 256, time_budget: float | None = None):
        self.dir = Path(index_dir or default_index_dir())
        self.time_budget = (
            time_budget if time_budget is not None else float(os.environ.get(QUERY_TIMEOUT_ENV) or QUERY_TIMEOUT)
        )
        self._lock = threading.Lock()  # the result cache
        self._opening = threading.Lock()  # one snapshot opened at a time
        self._snapshot: Snapshot | None = None
        self._cache: OrderedDict = OrderedDict()
        self._cache_size = cache_size
        return_large_blocks_promptly()
        self.snapshot()

    def _current_stamp(self):
        """Changes at every commit, and when a rebuild replaces the index."""
        try:
            meta = (self.dir / META_NAME).stat()
            identity = (meta.st_ino, meta.st_mtime_ns)
        except OSError:
            identity = None
        return identity, index_generation(self.dir)

    def snapshot(self) -> Snapshot:
        """The current version, with this thread's searcher open on it.

        A commit can supersede a version while it is being opened (its files removed): the newest
        is then opened instead, again while commits keep coming. After a few attempts the version
        this thread already reads is answered from, if there is one (consistent, a commit or two
        behind). Without one, attempts go on for `OPEN_PATIENCE` seconds, or until three in a row
        fail on one unchanged version (then the error is not a commit's doing)."""
        previous = self._snapshot
        deadline = time.monotonic() + OPEN_PATIENCE
        failed: list = []  # the stamps of the failed attempts
        while True:
            stamp = self._current_stamp()
            try:
                snap = self._open_current(stamp)
                snap.searcher()
                return snap
            except (OSError, EOFError) as exc:  # a commit or swap in progress: look again
                error = exc
            failed.append(stamp)
            if len(failed) >= 3 and previous is not None and previous.has_searcher():
                return previous
            if failed[-3:] == [stamp] * 3:
                raise OSError(f"{self.dir}: the index could not be opened ({error})") from error
            if time.monotonic() > deadline:
                raise OSError(f"{self.dir}: the index kept changing while it was being opened ({error})") from error
            time.sleep(0.02 * len(failed))

    def _open_current(self, stamp) -> Snapshot:
        """The snapshot of `stamp`, opened if need be, by one thread at a time (one that waited for
        another's opening takes that one: a moment old at most)."""
        snap = self._snapshot
        if snap is not None and snap.stamp == stamp:
            return snap
        with self._opening:
            if self._snapshot is not snap and self._snapshot is not None:
                return self._snapshot
            opened = Snapshot(stamp, open_index(self.dir))
            with self._lock:
                self._snapshot = opened
                self._cache.clear()
            return opened

    @property
    def columns(self) -> Columns:
        return self.snapshot().columns

    def clear_results(self) -> None:
        """Forget cached results (phrase matches stay with their searcher)."""
        with self._lock:
            self._cache.clear()

    def clear_caches(self) -> None:
        """Forget cached results and phrase matches (benchmarks measure the work, not the caches)."""
        self.clear_results()
        snap = self._snapshot
        if snap is not None:
            snap.searcher().__dict__.pop(SEARCHER_CACHE, None)
            snap.searcher().reader().__dict__.pop(READER_CACHE, None)

    def cached(self, snap: Snapshot, key, compute):
        key = (snap.stamp, key)
        with self._lock:  # web requests share the cache across threads
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        with budget.time_budget(self.time_budget):
            value = compute()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return value
