"""Serving the app with waitress, in one process or several.

The responses waitress makes itself (400, 413, 431 …) carry the same security headers as the
app's own. With `workers` > 1 the parent binds the port once and forks that many worker processes,
each with its own app, index snapshot and waitress threads, all accepting on the shared socket (so
searches use every core; one Python process is held to one by its interpreter lock). The parent
only supervises: a worker that dies is replaced, SIGTERM/SIGINT stop them all, and the workers die
with the parent if it is killed.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
from collections.abc import Callable

from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from indexer.processes import die_with_parent

from .headers import SECURITY_HEADERS

RESTART_GIVE_UP_S = 5.0  # a worker that dies this soon after it started is not restarted


class _ErrorTask(ErrorTask):
    def execute(self):
        self.response_headers.extend(SECURITY_HEADERS.items())
        super().execute()


# Slow clients (a connection that sends its request a byte at a time, or half its headers and then
# nothing) must not take the connections others need: each worker takes many connections, polled
# (no select() limit of 1,024 descriptors), closes one that has been idle for IDLE_SECONDS, and one
# that has not finished sending its request REQUEST_SECONDS after it began. A reverse proxy in
# front should still bound connections per client (nginx `limit_conn`, `client_header_timeout`).
CONNECTION_LIMIT = 2000  # per worker process
IDLE_SECONDS = 30
REQUEST_SECONDS = 20
SWEEP_SECONDS = 2  # how often channels are checked


class _Channel(HTTPChannel):
    error_task_class = _ErrorTask
    request_started = 0.0  # when the request being received began

    def received(self, data):
        if data and self.request is None:
            self.request_started = time.time()
        return super().received(data)


def _sweep(server, now: float, request_seconds: float) -> None:
    """Waitress's own maintenance (idle channels), and channels still sending one request past
    the deadline (a slow-loris client keeps a channel active forever)."""
    type(server).maintenance(server, now)
    for channel in list(server.active_channels.values()):
        if channel.request is not None and now - channel.request_started > request_seconds:
            channel.will_close = True


def _server(app, threads: int, request_seconds: float | None = None, **where):
    server = create_server(
        app,
        threads=threads,
        ident="minutes",
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=IDLE_SECONDS,
        cleanup_interval=SWEEP_SECONDS,
        asyncore_use_poll=True,
        **where,
    )
    server.channel_class = _Channel
    deadline = (
        request_seconds
        if request_seconds is not None
        else float(os.environ.get("MINUTES_REQUEST_SECONDS") or REQUEST_SECONDS)
    )
    server.maintenance = lambda now: _sweep(server, now, deadline)
    return server


def _allow_many_connections() -> None:
    """Open-file limit raised to its hard limit: each connection is a descriptor."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass


def serve(
    make_app: Callable[[], object],
    host: str,
    port: int,
    threads: int,
    workers: int = 1,
    on_ready: Callable[[], None] = lambda: None,
) -> int:
    """Serve until stopped; returns the exit status. `make_app` builds a ready app (in each worker)."""
    _allow_many_connections()
    if workers <= 1:
        server = _server(make_app(), threads, host=host, port=port)
        on_ready()
        server.run()
        return 0
    sock = socket.create_server((host, port), backlog=1024)
    return _Supervisor(make_app, sock, threads, workers).run(on_ready)


class _Supervisor:
    def __init__(self, make_app, sock: socket.socket, threads: int, workers: int):
        self.make_app, self.sock, self.threads, self.workers = make_app, sock, threads, workers
        self.children: dict[int, float] = {}  # pid → when it started
        self.stopping = False

    def _start_worker(self, ready_fd: int | None) -> None:
        started = time.monotonic()
        pid = os.fork()
        if pid:
            self.children[pid] = started
            return
        status = 1
        try:  # the worker: default signal handling, its own app and index, the shared socket
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                server = _server(self.make_app(), self.threads, sockets=[self.sock])
            except Exception as exc:  # noqa: BLE001 - the parent reports it once, for all workers
                message = " ".join(str(exc).split()) or type(exc).__name__
                if ready_fd is None:
                    print(f"minutes serve: {message}", file=sys.stderr, flush=True)
                else:
                    os.write(ready_fd, b"!" + message.encode("utf-8")[:4000] + b"\n")
                return
            if ready_fd is not None:
                os.write(ready_fd, b"+\n")
                os.close(ready_fd)
            server.run()
            status = 0
        finally:
            os._exit(status)

    def _stop(self, signum, frame) -> None:
        self.stopping = True
        for pid in list(self.children):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def run(self, on_ready: Callable[[], None]) -> int:
        die_with_parent()
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        read_fd, write_fd = os.pipe()
        for _ in range(self.workers):
            self._start_worker(write_fd)
        os.close(write_fd)
        ready, failure, buffer = 0, None, b""
        while ready < self.workers and failure is None:  # every worker has its index open, or one failed
            got = os.read(read_fd, 4096)
            if not got:
                failure = "a worker exited while starting"
            buffer += got
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if line == b"+":
                    ready += 1
                elif failure is None:
                    failure = line[1:].decode("utf-8", "replace")
        os.close(read_fd)
        if failure is not None:
            self._stop(None, None)
            self._supervise()  # collects the others
            print(f"minutes: {failure}", file=sys.stderr, flush=True)
            return 2
        on_ready()
        return self._supervise()

    def _supervise(self) -> int:
        """Replace workers that die until stopped; then collect them all. The exit status."""
        status = 0
        while self.children:
            try:
                pid, wait_status = os.wait()
            except InterruptedError:
                continue
            except ChildProcessError:
                break
            started = self.children.pop(pid, None)
            if started is None or self.stopping:
                continue
            code = os.waitstatus_to_exitcode(wait_status)
            if time.monotonic() - started < RESTART_GIVE_UP_S:
                print(
                    f"minutes serve: worker {pid} exited ({code}) right after starting; stopping",
                    file=sys.stderr,
                    flush=True,
                )
                self._stop(None, None)
                status = 1
                continue
            print(f"minutes serve: worker {pid} exited ({code}); starting another", file=sys.stderr, flush=True)
            self._start_worker(None)
        return status
