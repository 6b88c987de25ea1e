"""Reading and parsing files in worker processes: each answers with the meeting's Whoosh fields,
or with why there are none (one bad file never stops the others)."""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait

from ..errors import MinutesError, NotMinutes
from ..parse import parse_source
from ..sources import read_source
from ..vocabulary import PARSE_MEMORY_ENV, PARSE_MEMORY_MB, PARSE_SECONDS, PARSE_SECONDS_ENV
from .documents import meeting_documents, user_words

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
        fields, decisions = meeting_documents(record, path, sha)
        return Parsed(path, sha, record.id, fields, user_words(record), decisions)
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


class _Worker:
    """One parsing process with a pipe of its own each way: it shares no queue or lock with its
    siblings, so one that dies (killed, out of memory, mid-answer) can block nobody."""

    def __init__(self, limits: tuple[int, int]):
        ctx = multiprocessing.get_context("fork")
        tasks_in, self.tasks = ctx.Pipe(duplex=False)
        self.answers, answers_out = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_serve, args=(tasks_in, answers_out, limits), daemon=True)
        self.process.start()
        tasks_in.close()  # the child's ends: only the child holds them, so its death is seen
        answers_out.close()
        self.task: tuple[int, Task] | None = None  # (its place in the run, the task) in flight

    def give(self, i: int, task: Task) -> None:
        self.task = (i, task)
        try:
            self.tasks.send(task)
        except OSError:  # it has just died: its sentinel says so, and the task is read alone
            pass

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.tasks.close()
        self.answers.close()


def _serve(tasks, answers, limits: tuple[int, int]) -> None:
    """In a parsing process: read tasks until the pipe closes, answer each."""
    _limit_worker(*limits)
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            os._exit(0)
        answers.send(_parse_limited(task))


class Parsers:
    """The processes that read and parse files for a run. A process that dies (killed, out of
    memory) costs only the file it was reading: that file is read again in a process of its own,
    reported failed if it kills that one too, and a new process takes the dead one's place."""

    def __init__(self, workers: int):
        self.workers = workers
        self.limits = (parse_memory_mb(), parse_seconds())
        self._pool: list[_Worker] = []

    def __enter__(self) -> Parsers:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._pool:
            worker.stop()
        self._pool = []

    def parse(self, tasks: list[Task], progress: Progress) -> Iterator[Parsed]:
        """Each task's answer, in the order of the tasks."""
        todo = deque(enumerate(tasks))
        done: dict[int, Parsed] = {}
        shown = 0
        while shown < len(tasks):
            for worker in [w for w in self._pool if w.task is None and not w.process.is_alive()]:
                worker.stop()  # died after its last answer
                self._pool.remove(worker)
            while len(self._pool) < min(self.workers, len(tasks)):
                self._pool.append(_Worker(self.limits))
            for worker in self._pool:
                if worker.task is None and todo:
                    worker.give(*todo.popleft())
            busy = [w for w in self._pool if w.task is not None]
            if busy:
                ready = set(wait([w.answers for w in busy] + [w.process.sentinel for w in busy]))
                for worker in busy:
                    if worker.answers in ready or worker.process.sentinel in ready:
                        self._collect(worker, done)
            while shown in done:
                progress.step()
                yield done.pop(shown)
                shown += 1

    def _collect(self, worker: _Worker, done: dict[int, Parsed]) -> None:
        assert worker.task is not None
        i, task = worker.task
        try:
            done[i] = worker.answers.recv()
            worker.task = None
            return
        except (EOFError, OSError):  # it died before or while answering
            pass
        worker.stop()
        self._pool.remove(worker)
        done[i] = self._alone(task)

    def _alone(self, task: Task) -> Parsed:
        """A task read in a process of its own, after the one reading it died."""
        solo = _Worker(self.limits)
        try:
            solo.give(0, task)
            wait([solo.answers, solo.process.sentinel])
            try:
                return solo.answers.recv()
            except (EOFError, OSError):
                return Parsed(
                    task[0], task[1], error="the process reading it died (out of memory, or killed); not indexed"
                )
        finally:
            solo.stop()
