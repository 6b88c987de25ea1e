"""Reading and parsing files in worker processes: each answers with the meeting's Whoosh fields,
or with why there are none (one bad file never stops the others)."""

from __future__ import annotations

import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from ..errors import MinutesError, NotMinutes
from ..parse import parse_source
from ..sources import read_source
from ..vocabulary import PARSE_MEMORY_ENV, PARSE_MEMORY_MB, PARSE_SECONDS, PARSE_SECONDS_ENV
from .documents import decision_documents, document_of, user_words

Task = tuple[str, str]  # (canonical path, sha256)


@dataclass
class Parsed:
    """A worker's answer for one file: the Whoosh fields, or why there are none."""

    path: str
    sha256: str
    id: str | None = None
    fields: dict | None = None
    words: set[str] = field(default_factory=set)
    decisions: list[dict] = field(default_factory=list)  # the Whoosh fields of each of its decisions
    error: str | None = None
    not_minutes: bool = False  # the error says it is not a meeting record: skipped, not failed


def parse_one(task: Task) -> Parsed:
    path, sha = task
    try:
        record = parse_source(read_source(path))
        fields = document_of(record, path, sha)
        return Parsed(path, sha, record.id, fields, user_words(record), decision_documents(record, path))
    except NotMinutes as exc:
        return Parsed(path, sha, error=exc.reason, not_minutes=True)
    except MinutesError as exc:
        return Parsed(path, sha, error=exc.reason)
    except MemoryError:  # over the process's limit: `_parse_limited` says so
        raise
    except Exception as exc:  # a parser bug must not stop the other files
        return Parsed(path, sha, error=f"unexpected error: {type(exc).__name__}: {exc}")


class Progress:
    """A one-line progress bar on stderr for long runs (only when stderr is a terminal)."""

    def __init__(self, total: int, label: str, enabled: bool | None = None):
        self.total, self.label, self.done = total, label, 0
        self.enabled = (sys.stderr.isatty() and total >= 200) if enabled is None else enabled
        self._last = 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.2 or self.done == self.total):
            self._last = now
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


class ReadLimit(BaseException):
    """A file took more than its time to read (raised by the worker's alarm; a BaseException, so
    that no reader's `except Exception` swallows it)."""


def _limit_worker(memory_mb: int, seconds: int) -> None:
    """In each parsing process: at most `memory_mb` more memory than it started with, and an alarm
    for each file, so a runaway reader (a zip bomb, a PDF of 10,000 pages) stops and costs its file."""
    try:
        with open("/proc/self/status") as f:
            vm_kb = next(int(line.split()[1]) for line in f if line.startswith("VmSize:"))
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = (vm_kb << 10) + (memory_mb << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (OSError, ValueError, StopIteration):  # not Linux: no memory limit
        pass

    def alarm(signum, frame):
        raise ReadLimit()

    signal.signal(signal.SIGALRM, alarm)
    global _SECONDS
    _SECONDS = seconds


_SECONDS = 0  # the time limit for one file, in a parsing process (0: none)


def _parse_limited(task: Task) -> Parsed:
    signal.alarm(_SECONDS)
    try:
        return parse_one(task)
    except ReadLimit:
        return Parsed(task[0], task[1], error=f"took more than {_SECONDS} s to read; not indexed")
    except MemoryError:
        return Parsed(task[0], task[1], error=f"needed more than {parse_memory_mb()} MB to read; not indexed")
    finally:
        signal.alarm(0)


def parse_memory_mb() -> int:
    return int(os.environ.get(PARSE_MEMORY_ENV) or PARSE_MEMORY_MB)


def parse_seconds() -> int:
    return int(os.environ.get(PARSE_SECONDS_ENV) or PARSE_SECONDS)


class Parsers:
    """The processes that read and parse files for a run. A process that dies (killed, out of
    memory) costs only the file it was reading: the files in flight are read again one by one in
    a process of their own, the one that kills its reader again is reported failed, and the run
    goes on with new processes."""

    def __init__(self, workers: int):
        self.workers = workers
        self.limits = (parse_memory_mb(), parse_seconds())
        self._pool: ProcessPoolExecutor | None = None

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_limit_worker, initargs=self.limits)

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def parse(self, tasks: list[Task], progress: Progress) -> Iterator[Parsed]:
        """Each task's answer, in the order of the tasks."""
        todo = iter(tasks)
        pending: deque[tuple[Task, Future]] = deque()

        def fill() -> None:
            if self._pool is None:
                self._pool = self._new_pool(self.workers)
            while len(pending) < 4 * self.workers and (task := next(todo, None)) is not None:
                try:
                    future = self._pool.submit(_parse_limited, task)
                except BrokenProcessPool as exc:  # a process died since the last answer: read it alone below
                    future = Future()
                    future.set_exception(exc)
                pending.append((task, future))

        fill()
        while pending:
            task, future = pending[0]
            try:
                result = future.result()
            except BrokenProcessPool:
                suspects = [t for t, _ in pending]
                pending.clear()
                self.__exit__()
                for suspect in suspects:
                    progress.step()
                    yield self._alone(suspect)
                fill()
                continue
            pending.popleft()
            progress.step()
            yield result
            fill()

    def _alone(self, task: Task) -> Parsed:
        """A task read in a process of its own, after the one reading it (or a neighbour) died."""
        with self._new_pool(1) as solo:
            try:
                return solo.submit(_parse_limited, task).result()
            except BrokenProcessPool:
                return Parsed(
                    task[0], task[1], error="the process reading it died (out of memory, or killed); not indexed"
                )
