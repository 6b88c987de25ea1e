"""Index builds: incremental runs, pruning, duplicates, failures, crash safety, the CLI."""

import json
import os
import shutil
import signal
import time

import pytest
from helpers import minutes, start_indexer
from variants import SAMPLE
from whoosh import index as whoosh_index

from indexer.build import index_paths
from indexer.query import SearchIndex, SearchRequest, search
from indexer.store import INDEX_NAME, index_generation
from indexer.synth import generate


def stored_docs(index_dir) -> set[tuple[str, str, str]]:
    ix = whoosh_index.open_dir(str(index_dir), INDEX_NAME)
    with ix.searcher() as s:
        return {(d["id"], d["path"], d["sha256"]) for d in s.all_stored_fields() if "id" in d}


@pytest.fixture()
def small_corpus(tmp_path):
    folder = tmp_path / "docs"
    generate(20, folder, seed=3)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


def test_incremental_runs(small_corpus, tmp_path):
    ix = tmp_path / "ix"
    first = index_paths([small_corpus], ix)
    assert (first.added, first.updated, first.unchanged, first.failed, first.rebuilt) == (21, 0, 0, [], True)
    generation = index_generation(ix)

    again = index_paths([small_corpus], ix)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 21)
    assert index_generation(ix) == generation  # nothing was written

    changed = next(small_corpus.rglob("synth-000004.txt"))
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("会议议定以下意见", "会议议定以下意见（修订）"), encoding="utf-8"
    )
    third = index_paths([small_corpus], ix)
    assert (third.added, third.updated, third.unchanged) == (0, 1, 20)
    assert len(stored_docs(ix)) == 21

    removed = next(small_corpus.rglob("synth-000007.txt"))
    removed.unlink()
    kept = index_paths([small_corpus], ix)
    assert kept.pruned == 0 and len(stored_docs(ix)) == 21  # without --prune the meeting stays
    pruned = index_paths([small_corpus], ix, prune=True)
    assert pruned.pruned == 1 and len(stored_docs(ix)) == 20
    assert str(removed.resolve()) not in {p for _, p, _ in stored_docs(ix)}


def test_failed_files_are_listed_and_others_indexed(small_corpus, tmp_path):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (small_corpus / "notes.html").write_text("<html><body><p>没有会议内容。</p></body></html>", encoding="utf-8")
    out = minutes("index", small_corpus, "--index", tmp_path / "ix")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    failed = [line for line in out.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert any("empty.txt" in line and "empty" in line.split("empty.txt")[1] for line in failed)
    skipped = [line for line in out.stderr.splitlines() if line.startswith("skipped:")]
    assert len(skipped) == 1 and "notes.html" in skipped[0] and "不是会议记录" in skipped[0]
    assert "21 added" in out.stdout and "2 failed" in out.stdout and "1 skipped" in out.stdout
    assert len(stored_docs(tmp_path / "ix")) == 21


def test_two_files_for_one_meeting_are_reported(small_corpus, tmp_path):
    shutil.copy(SAMPLE, small_corpus / "copy-of-111.txt")
    report = index_paths([small_corpus], tmp_path / "ix")
    assert len(report.failed) == 1
    path, reason = report.failed[0]
    assert "same meeting" in reason and "111" in reason
    assert len(stored_docs(tmp_path / "ix")) == 21


def test_schema_change_triggers_rebuild(small_corpus, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    index_paths([small_corpus], ix)
    import indexer.store

    monkeypatch.setattr(indexer.store, "schema_signature", lambda: "other-version")
    report = index_paths([small_corpus], ix)
    assert report.rebuilt and report.added == 21


@pytest.mark.slow
def test_killed_indexer_leaves_a_readable_index_and_rerun_converges(tmp_path):
    corpus = tmp_path / "docs"
    generate(400, corpus, seed=21)
    ix = tmp_path / "ix"
    proc = start_indexer(corpus, ix, "--batch-size", "40", "--workers", "1")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait for a couple of committed batches, then kill
        if index_generation(ix) >= 2:
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    partial = stored_docs(ix)  # opens and reads
    assert 0 < len(partial) < 400
    rerun = index_paths([corpus], ix)
    assert rerun.unchanged == len(partial) and rerun.added == 400 - len(partial)
    clean = tmp_path / "clean"
    index_paths([corpus], clean)
    assert stored_docs(ix) == stored_docs(clean)
    a = search(SearchIndex(ix), SearchRequest(q="审计", page_size=50))
    b = search(SearchIndex(clean), SearchRequest(q="审计", page_size=50))
    assert a.total == b.total and {h.id for h in a.hits} == {h.id for h in b.hits}


def test_cli_search_json_contract(index_dir):
    out = minutes("search", "审计", "--index", index_dir, "--json", "--year", "2020")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"query", "total", "page", "page_size", "hits", "facets", "notes"}
    assert data["total"] == 1
    hit = data["hits"][0]
    assert set(hit) == {"id", "city", "number", "date", "title", "chair", "snippet", "items"}
    assert set(hit["items"][0]) == {"number", "decision", "title", "snippet"}
    assert set(data["facets"]) == {
        "city",
        "body",
        "meeting_type",
        "year",
        "chair",
        "attendee",
        "observer",
        "department",
    }
    assert all(set(v) == {"value", "label", "count"} for values in data["facets"].values() for v in values)


@pytest.mark.slow
def test_cli_search_filters_and_errors(index_dir):
    out = minutes("search", "--person", "黄戟", "--from", "2020-09-14", "--to", "2020-09-14", "--index", index_dir)
    assert out.returncode == 0 and "第111次" in out.stdout
    bad = minutes("search", '"审计', "--index", index_dir)
    assert bad.returncode == 2 and "引号没有配对" in bad.stderr and "Traceback" not in bad.stderr
    bad_date = minutes("search", "审计", "--from", "2020-02-30", "--index", index_dir)
    assert bad_date.returncode == 2 and "不是日历上的日期" in bad_date.stderr
    nothing = minutes("search", "审计工作报告", "--attendee", "查无此人", "--index", index_dir)
    assert nothing.returncode == 0 and "0 meetings match" in nothing.stdout
    assert "查无此人" in nothing.stdout and "去掉筛选条件后有" in nothing.stdout


@pytest.mark.slow
def test_cli_stats_and_person(index_dir, records):
    out = minutes("stats", "--index", index_dir, "--json")
    assert json.loads(out.stdout)["meetings"] == len(records)
    person = minutes("person", "黄戟", "--index", index_dir)
    assert "市公安局" in person.stdout and "市资源规划局" in person.stdout
    missing = minutes("search", "审计", "--index", "/nonexistent/index")
    assert missing.returncode == 2 and "no index here" in missing.stderr


def test_a_second_writer_gets_a_clear_message(small_corpus, tmp_path):
    ix_dir = tmp_path / "ix"
    index_paths([small_corpus], ix_dir)
    (small_corpus / SAMPLE.name).write_text(SAMPLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    lock = whoosh_index.open_dir(str(ix_dir), INDEX_NAME).lock("WRITELOCK")
    assert lock.acquire()
    try:
        out = minutes("index", small_corpus, "--index", ix_dir)
    finally:
        lock.release()
    assert out.returncode == 2 and "another process is writing" in out.stderr and "Traceback" not in out.stderr
    assert index_paths([small_corpus], ix_dir).updated == 1  # and the next run does the work


def test_a_no_op_rerun_reads_no_file_and_no_stored_record(small_corpus, tmp_path, monkeypatch):
    import indexer.build.files
    import indexer.build.manifest

    ix = tmp_path / "ix"
    index_paths([small_corpus], ix)
    hashed = []
    real_sha = indexer.build.files.sha256
    monkeypatch.setattr(indexer.build.files, "sha256", lambda p: hashed.append(p) or real_sha(p))

    def no_stored_fields(_):
        raise AssertionError("stored records read although the manifest is current")

    monkeypatch.setattr(indexer.build.manifest, "from_stored", no_stored_fields)
    again = index_paths([small_corpus], ix)
    assert (again.unchanged, again.added, hashed) == (21, 0, [])

    changed = next(small_corpus.rglob("synth-000004.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = index_paths([small_corpus], ix)
    assert (third.updated, third.unchanged, len(hashed)) == (1, 20, 1)  # only the edited file is read


def test_a_manifest_of_another_generation_is_not_trusted(small_corpus, tmp_path):
    import json

    from indexer.store import MANIFEST_NAME

    ix = tmp_path / "ix"
    index_paths([small_corpus], ix)
    data = json.loads((ix / MANIFEST_NAME).read_text(encoding="utf-8"))
    data["generation"] -= 1  # as if a run was killed between its commit and the manifest's write
    victim = next(iter(data["files"]))
    data["files"][victim][2] = "0" * 64  # and the manifest lied about a file
    (ix / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    again = index_paths([small_corpus], ix)
    assert (again.unchanged, again.updated, again.added) == (21, 0, 0)  # the index's own record wins
    assert json.loads((ix / MANIFEST_NAME).read_text(encoding="utf-8"))["files"][victim][2] != "0" * 64
