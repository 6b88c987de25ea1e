"""A real `minutes serve` process on a free loopback port (test helper)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(index_dir, *extra: str):
    """Yields the base URL once the server answers; stops it afterwards."""
    with serving_process(index_dir, *extra) as (url, _):
        yield url


@contextmanager
def serving_process(index_dir, *extra: str):
    """Yields (base URL, the `minutes serve` process) once the server answers; stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "serve", "--index", str(index_dir), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/api/search?size=1", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start: " + (proc.stdout.read() if proc.stdout else ""))
    if proc.poll() is not None:
        pytest.fail("server exited: " + (proc.stdout.read() if proc.stdout else ""))
    try:
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(10)
