"""Acknowledged means durable: a commit is on disk (files, table of contents, folder flushed)
before the manifest says so; a crash between any write and its rename leaves an index that opens
at the previous generation or the new one, never between, and a plain re-run converges. A full
disk is one line, and what the failed run wrote is removed."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import minutes

import indexer.atomic
from indexer.build import index_paths
from indexer.parse import parse_file
from indexer.query import SearchIndex
from indexer.store import INDEX_NAME, index_generation
from indexer.synth import generate


class Crash(BaseException):
    """The process stops here (nothing catches a BaseException but the test)."""


def _held(ix: Path) -> set[str]:
    return {s["id"] for _, s in SearchIndex(ix).snapshot().live()}


@pytest.mark.parametrize(
    "point,file",
    [
        ("written", ".toc"),
        ("renamed", ".toc"),
        ("written", "minutes-manifest.json"),
        ("renamed", "minutes-manifest.json"),
    ],
)
def test_a_crash_between_a_write_and_its_rename_leaves_one_generation(tmp_path, monkeypatch, point, file):
    files = generate(11, tmp_path / "docs", seed=31)
    first, both = files[:6], files
    old = {parse_file(f).id for f in first}
    new = {parse_file(f).id for f in files[6:]}
    ix = tmp_path / "ix"
    index_paths(first, ix)
    generation = index_generation(ix)

    def fault(at, name):
        if at == point and name.endswith(file):
            raise Crash(f"{at} {name}")

    monkeypatch.setattr(indexer.atomic, "fault", fault)
    with pytest.raises(Crash):
        index_paths(both, ix)
    monkeypatch.undo()
    now = index_generation(ix)
    held = _held(ix)
    if now == generation:
        assert held == old  # the previous generation, whole
    else:
        assert now == generation + 1 and held == old | new  # the new one, whole
    again = index_paths(both, ix)
    assert not again.failed and _held(ix) == old | new
    assert index_paths(both, ix).unchanged == 11  # and the manifest agrees


def test_what_an_interrupted_commit_left_is_removed_by_the_next_run(tmp_path):
    docs = tmp_path / "docs"
    generate(4, docs, seed=33)
    ix = tmp_path / "ix"
    index_paths([docs], ix)
    gen = index_generation(ix)
    (ix / f"_{INDEX_NAME}_{gen + 1}.toc.1764612345.5").write_bytes(b"half a table")
    (ix / f"{INDEX_NAME}_orphanseg0000.seg").write_bytes(b"x" * 1000)
    (ix / f"{INDEX_NAME}.tmp").mkdir()
    (ix / f"{INDEX_NAME}.tmp" / "run0.pick").write_bytes(b"y")
    (ix / "notes.txt").write_text("mine")  # not the index's: it stays
    index_paths([docs], ix)
    names = set(os.listdir(ix))
    assert not any(".toc." in n or "orphanseg" in n for n in names) and f"{INDEX_NAME}.tmp" not in names
    assert "notes.txt" in names and len(_held(ix)) == 4


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_leaves_no_orphans(tmp_path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        docs = tmp_path / "docs"
        generate(400, docs, seed=34)
        ix = disk / "ix"
        out = minutes("index", docs, "--index", ix, "--batch-size", "20", "--workers", "1", timeout=300)
        assert out.returncode == 2, out.stderr
        assert "Traceback" not in out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "the disk is full" in lines[0] and str(ix) in lines[0], lines
        # What is left is the last commit, whole, and nothing else of ours.
        held = _held(ix)
        assert held
        files = set(os.listdir(ix))
        assert not any(".toc." in n for n in files) and f"{INDEX_NAME}.tmp" not in files
        from whoosh.filedb.filestore import FileStorage
        from whoosh.index import TOC

        toc = TOC.read(FileStorage(str(ix)), INDEX_NAME)
        live = {s.segment_id() for s in toc.segments}
        assert all(
            n.split(".")[0] in live for n in files if n.startswith(f"{INDEX_NAME}_") and n != f"{INDEX_NAME}_WRITELOCK"
        )
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)
