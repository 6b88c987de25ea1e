"""A real server: answering while a real indexer commits (every request reads one version), and in
several worker processes."""

import json
import os
import shutil
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from helpers import minutes, serving_process
from variants import SAMPLE

from indexer.build import index_paths
from indexer.synth import generate

pytestmark = pytest.mark.slow  # real servers and indexers, seconds each

SAMPLE_ID = "苏州市-2020-09-14-111"


def _get(url: str) -> int:
    return _fetch(url)[0]


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_no_5xx_while_an_indexer_commits_small_batches(tmp_path):
    docs = tmp_path / "docs"
    files = generate(90, docs, seed=4)
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    ix = tmp_path / "ix"
    assert not index_paths([docs / SAMPLE.name, *files[:10]], ix).failed
    paths = [
        "/meetings/" + quote(SAMPLE_ID),
        "/api/meetings/" + quote(SAMPLE_ID),
        "/api/search?q=" + quote("审计"),
        "/?q=" + quote("审计整改") + "&year=2020",
        "/people/" + quote("王翔"),
        "/browse",
        "/api/people",
        "/trends?q=" + quote("审计"),
        "/departments/" + quote("市审计局"),
        "/export/search.csv?q=" + quote("工作"),
    ]
    unchanged = "/api/search?q=" + quote("国务院安委会")  # in the sample alone, which no run changes
    paths.append(unchanged)
    statuses: list[tuple[str, int]] = []
    found: list[list[str]] = []  # what each answer to `unchanged` found
    done = threading.Event()

    with serving_process(ix, "--threads", "8") as (url, server):

        def hammer(offset: int) -> None:
            n = offset
            while not done.is_set():
                path = paths[n % len(paths)]
                status, body = _fetch(url + path)
                statuses.append((path, status))
                if path == unchanged and status == 200:
                    found.append([hit["id"] for hit in json.loads(body)["hits"]])
                n += 1

        threads = [threading.Thread(target=hammer, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        try:
            cmd = ["index", docs, "--index", ix, "--workers", "1"]
            first = minutes(*cmd, "--batch-size", "4")
            for f in files[10:40]:  # changed files: deletions and re-additions in the same commits
                f.write_text(
                    f.read_text(encoding="utf-8").replace("会议议定以下意见", "会议议定以下意见："), encoding="utf-8"
                )
            for f in files[40:50]:
                f.unlink()
            second = minutes(*cmd, "--batch-size", "3", "--prune")
        finally:
            done.set()
            for t in threads:
                t.join()
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert "30 updated" in second.stdout and "10 pruned" in second.stdout
    errors = [(p, s) for p, s in statuses if s >= 500]
    log = server.stdout.read() if errors and server.stdout else ""  # (the server has stopped)
    assert errors == [], log[-4000:]
    assert len(statuses) > 100 and {s for _, s in statuses} <= {200}
    assert found and all(ids == [SAMPLE_ID] for ids in found)  # never a version read without its text


def _children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


def test_workers_share_the_port_a_dead_one_is_replaced_and_all_stop_together(tmp_path):
    ix = tmp_path / "ix"
    assert not index_paths([SAMPLE], ix).failed
    search = "/api/search?q=" + quote("审计整改")
    with serving_process(ix, "--workers", "2", "--threads", "2") as (url, proc):
        workers = _children(proc.pid)
        assert len(workers) == 2
        results = []

        def client() -> None:
            for _ in range(10):
                results.append(_get(url + search))

        threads = [threading.Thread(target=client) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [200] * 60
        time.sleep(5.5)  # past the supervisor's start-up window: a later death is a crash to recover from
        dead = min(workers)
        os.kill(dead, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (len(_children(proc.pid)) < 2 or dead in _children(proc.pid)):
            time.sleep(0.2)
        replaced = _children(proc.pid)
        assert len(replaced) == 2 and dead not in replaced
        assert all(_get(url + search) == 200 for _ in range(20))
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    assert not any(os.path.exists(f"/proc/{pid}") for pid in replaced)


def test_workers_that_cannot_open_the_index_stop_the_server_with_one_message(tmp_path):
    (tmp_path / "ix").mkdir()
    (tmp_path / "ix" / "notes.txt").write_text("not an index")
    out = minutes("serve", "--index", tmp_path / "ix", "--port", "0", "--workers", "2", timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"minutes: {tmp_path / 'ix'}: no index here; build one with `minutes index PATH`"
    ]


def test_slow_clients_do_not_block_others_and_are_cut_off(index_dir):
    """500 connections that send half their headers and then nothing (two workers took 200 before
    every new connection waited): a request is still answered at once, and the slow ones are
    closed once their request is past its deadline (MINUTES_REQUEST_SECONDS)."""
    import resource
    import socket

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    with serving_process(index_dir, "--workers", "2", env={"MINUTES_REQUEST_SECONDS": "3"}) as (url, _):
        port = int(url.rsplit(":", 1)[1])
        slow = []
        try:
            for _ in range(500):
                s = socket.create_connection(("127.0.0.1", port), timeout=5)
                s.sendall(b"GET /?q=%E5%AE%A1%E8%AE%A1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                slow.append(s)
            started = time.monotonic()
            assert _get(url + "/api/search?q=" + quote("审计")) == 200
            assert time.monotonic() - started < 5
            time.sleep(3 + 2 + 2)  # the deadline, one sweep, and some slack
            closed = 0
            for s in slow:
                s.settimeout(2)
                try:
                    closed += s.recv(1) == b""
                except OSError:
                    closed += 1
            assert closed == len(slow)
        finally:
            for s in slow:
                s.close()
