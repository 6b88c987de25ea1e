"""Test helpers, in one place: the `minutes` command as a subprocess (run, in the background, as a
server), searches paged to the end, small indexes made straight from records, and the golden
record's comparison. Test modules import from here (and from `variants`), never from each other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.build import create_index
from indexer.build.documents import meeting_documents
from indexer.parse import parse_source
from indexer.query import SearchIndex, SearchRequest, search
from indexer.sources import read_source

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent / "screenshots"

# ---------------------------------------------------------------- the command line


def _command(*args: object) -> list[str]:
    return [sys.executable, "-m", "indexer", *map(str, args)]


def minutes(*args: object, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """`minutes ARGS…` to the end, its output captured as text (`env` is added to ours)."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(_command(*args), env={**os.environ, **(env or {})}, **kwargs)


def start_minutes(*args: object, **kwargs) -> subprocess.Popen:
    """`minutes ARGS…` as its own process (for tests that kill it or talk to it)."""
    return subprocess.Popen(_command(*args), **kwargs)


def start_indexer(corpus: Path, ix: Path, *extra: str) -> subprocess.Popen:
    """`minutes index CORPUS --index IX …` in the background, its output discarded."""
    return start_minutes("index", corpus, "--index", ix, *extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving_process(index_dir, *extra: str, env: dict[str, str] | None = None):
    """Yields (base URL, the `minutes serve` process) once the server answers; stops it afterwards."""
    port = free_port()
    proc = start_minutes(
        "serve",
        "--index",
        index_dir,
        "--port",
        port,
        *extra,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
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


@contextmanager
def serving(index_dir, *extra: str):
    """Yields the base URL of a real `minutes serve` once it answers; stops it afterwards."""
    with serving_process(index_dir, *extra) as (url, _):
        yield url


# ---------------------------------------------------------------- searches and indexes


def hit_ids(index: SearchIndex, q: str = "", **kwargs) -> list[str]:
    """The ids of every hit of a search, in order, read page by page to the end."""
    ids: list[str] = []
    page = 1
    while True:
        result = search(index, SearchRequest(q=q, page=page, page_size=100, **kwargs))
        ids += [h.id for h in result.hits]
        if page * 100 >= result.total:
            return ids
        page += 1


def index_of(records, folder: Path) -> SearchIndex:
    """A real Whoosh index on disk holding exactly these records (items' titles added to the text
    as a parser would see them)."""
    ix = create_index(folder)
    with ix.writer() as w:
        for r in records:
            path = str(folder.parent / r.source)
            meeting, decisions = meeting_documents(r, path, "0")
            w.add_document(**meeting)
            for fields in decisions:
                w.add_document(**fields)
    return SearchIndex(folder)


def fields_again(reader) -> Iterator[tuple[int, dict]]:
    """(document number, Whoosh fields) of every document of an index, made again as the indexer
    makes them from each meeting's source file parsed anew (a decision's from its meeting's, which
    the indexer writes right before it)."""
    decisions: dict[str, dict] = {}
    for d in range(reader.doc_count_all()):
        stored = reader.stored_fields(d)
        if "record" in stored:
            record = parse_source(read_source(stored["path"]))
            fields, decided = meeting_documents(record, stored["path"], stored["sha256"])
            decisions = {f["decision"]: f for f in decided}
        else:
            fields = decisions[stored["decision"]]
        yield d, fields


def stock_index(reader, folder: Path):
    """The same documents, in the same order, written by stock Whoosh (its writer, codec and pool,
    one segment): what Whoosh itself makes of them, to compare with."""
    from whoosh import index as whoosh_index

    from indexer.schema import build_schema

    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer()
    for _, fields in fields_again(reader):
        writer.add_document(**fields)
    writer.commit(merge=False)
    return ix


# ---------------------------------------------------------------- the golden record


def assert_matches_golden(record: dict, golden: dict) -> None:
    for key, expected in golden.items():
        if key in ("source", "items", "text_contains", "item_departments_include"):
            continue
        assert record[key] == expected, key
    assert [i["number"] for i in record["items"]] == [i["number"] for i in golden["items"]]
    for got, want in zip(record["items"], golden["items"]):
        assert got["title"] == want["title"]
        assert len(got["decisions"]) == len(want["decision_prefixes"])
        for decision, prefix in zip(got["decisions"], want["decision_prefixes"]):
            assert decision.startswith(prefix), (decision[:30], prefix)
    for number, departments in golden["item_departments_include"].items():
        item = next(i for i in record["items"] if i["number"] == int(number))
        assert set(departments) <= set(item["departments"]), (number, item["departments"])
    for fragment in golden["text_contains"]:
        assert fragment in record["text"]


PDF_SAMPLE = Path(__file__).resolve().parent / "data" / "suzhou-2020-111.pdf"


def as_generated(record: dict) -> dict:
    """A parsed record as the generator's expected records hold it: every field, each decision's
    `details` too (the generator plants decisions with known data: indexer/synth/decisions.py)."""
    return record


# ---------------------------------------------------------------- linear work


def seconds_per_call(fn, at_least: float = 0.03) -> float:
    """Seconds one call of `fn` takes, timed over enough calls to last `at_least` seconds."""
    runs, started = 0, time.perf_counter()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - started
        if elapsed >= at_least:
            return elapsed / runs


def work_ratio(small, large, rounds: int = 7) -> float:
    """How many times the work of `small()` `large()` takes: the median of `rounds` ratios, each
    of the two timed one right after the other, so a busy moment of the machine moves one ratio,
    not the answer."""
    import gc

    # The cyclic collector walks every object the test session holds (its fixtures' archives and
    # indexes), so its pauses grow with the session, not with the work measured: off while timing.
    gc.collect()
    gc.disable()
    try:
        ratios = sorted(seconds_per_call(large) / seconds_per_call(small) for _ in range(rounds))
    finally:
        gc.enable()
    return ratios[len(ratios) // 2]
