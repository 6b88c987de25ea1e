"""Nothing is ever lost: the index folder is checked, a refused run writes nothing, a rebuild is
swapped in, a killed indexer leaves no orphans holding the lock, bad arguments get one line."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import minutes, start_indexer, start_minutes
from variants import SAMPLE, sample_text

import indexer.build.folders
import indexer.store
from indexer.build import WriteLock, index_paths
from indexer.parse import parse_file
from indexer.query import SearchIndex, SearchRequest, search
from indexer.store import INDEX_NAME, index_generation
from indexer.synth import generate

SAMPLE_ID = "苏州市-2020-09-14-111"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(out) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.fixture()
def docs(tmp_path):
    folder = tmp_path / "docs"
    generate(12, folder, seed=5)
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    return folder


# ---------------------------------------------------------------- the index folder


def test_the_documents_folder_is_never_the_index(docs):
    before = snapshot(docs)
    line = one_line_error(minutes("index", docs, "--index", docs))
    assert "inside the documents folder" in line
    line = one_line_error(minutes("index", docs, "--index", docs / "idx"))
    assert "inside the documents folder" in line
    assert snapshot(docs) == before  # not one file touched, none added


def test_a_non_empty_folder_that_is_no_index_is_refused(docs, tmp_path):
    other = tmp_path / "thesis"
    other.mkdir()
    (other / "chapter1.docx").write_bytes(b"my work")
    (other / "notes").mkdir()
    before = snapshot(other)
    line = one_line_error(minutes("index", docs, "--index", other))
    assert "not empty and holds no index" in line
    assert snapshot(other) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    assert minutes("index", docs, "--index", empty).returncode == 0  # an empty folder is fine


@pytest.mark.parametrize(
    "make_target,reason",
    [
        (lambda tmp: (tmp / "file.txt", (tmp / "file.txt").write_text("x"))[0], "is a file"),
        (lambda tmp: (tmp / "file.txt", (tmp / "file.txt").write_text("x"))[0] / "ix", "cannot create"),
        (lambda tmp: Path("/proc/minutes-no-such-index"), "cannot create"),
    ],
)
def test_unusable_index_folders_get_one_line(docs, tmp_path, make_target, reason):
    line = one_line_error(minutes("index", docs, "--index", make_target(tmp_path)))
    assert reason in line


@pytest.mark.parametrize("size", ["0", "-5"])
def test_batch_size_must_be_positive(docs, tmp_path, size):
    line = one_line_error(minutes("index", docs, "--index", tmp_path / "ix", f"--batch-size={size}"))
    assert "--batch-size" in line and "positive" in line
    assert not (tmp_path / "ix").exists()


def test_a_refused_run_writes_nothing(docs, tmp_path):
    ix = tmp_path / "ix"
    index_paths([docs], ix)
    extra = tmp_path / "more"
    generate(5, extra, seed=99)  # new names: a run would add them to the dictionary
    before = snapshot(ix)
    with WriteLock(ix):
        line = one_line_error(minutes("index", extra, "--index", ix))
    assert "another process is writing" in line
    after = snapshot(ix)
    after.pop(f"{INDEX_NAME}_WRITELOCK", None), before.pop(f"{INDEX_NAME}_WRITELOCK", None)
    assert after == before
    assert index_paths([extra], ix).added == 5  # and the next run does the work


# ---------------------------------------------------------------- rebuilds


def test_a_rebuild_is_made_beside_the_live_index_and_keeps_every_meeting(docs, tmp_path, monkeypatch):
    ix = tmp_path / "ix"
    other = tmp_path / "other"
    generate(6, other, seed=77)
    index_paths([docs], ix)
    index_paths([other], ix)  # the index holds two folders' meetings
    held = {s["id"] for _, s in SearchIndex(ix).snapshot().live()}
    live_before = snapshot(ix)
    seen = {}
    real_exchange = indexer.build.folders.exchange

    def exchange(a, b):  # just before the swap: the live index is whole and untouched
        now = snapshot(a)
        now.pop(f"{INDEX_NAME}_WRITELOCK", None)
        seen["live"] = now == {k: v for k, v in live_before.items() if k != f"{INDEX_NAME}_WRITELOCK"}
        seen["staging"] = b
        real_exchange(a, b)

    monkeypatch.setattr(indexer.build.folders, "exchange", exchange)
    monkeypatch.setattr(indexer.store, "schema_signature", lambda: "another-version")
    report = index_paths([docs], ix)  # only one of the two folders is named
    assert report.rebuilt and seen["live"] and seen["staging"].parent == ix.parent
    assert not seen["staging"].exists()  # the old index was removed after the swap
    assert {s["id"] for _, s in SearchIndex(ix).snapshot().live()} == held


# ---------------------------------------------------------------- a killed indexer


def _descendants(pid: int) -> set[int]:
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for c in map(int, children):
                if c not in found:
                    found.add(c)
                    todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_request_while_commits_keep_coming_reads_the_version_it_holds_else_says_why(docs, tmp_path, monkeypatch):
    """Opening the newest version can fail while commits keep superseding it: a thread that reads
    a version already answers from it (consistent, a commit behind); one without gives up after
    `OPEN_PATIENCE`; an unchanged version that will not open is an error at once, named."""
    import threading

    import indexer.query.snapshot as snapshot_module

    ix = tmp_path / "ix"
    assert not index_paths([docs], ix).failed
    index = SearchIndex(ix)
    held = index.snapshot()
    stamps = iter(range(10**6))
    monkeypatch.setattr(index, "_current_stamp", lambda: ("commit", next(stamps)))

    def superseded(stamp, ix):
        raise OSError("a newer commit removed its files")

    monkeypatch.setattr(snapshot_module, "Snapshot", superseded)
    monkeypatch.setattr(snapshot_module, "OPEN_PATIENCE", 0.3)
    assert index.snapshot() is held
    assert search(index, SearchRequest(q="审计")).total == search(index, SearchRequest(q="审计")).total > 0
    errors: list[str] = []

    def fresh_thread() -> None:
        try:
            index.snapshot()
        except OSError as exc:
            errors.append(str(exc))

    t = threading.Thread(target=fresh_thread)
    t.start()
    t.join()
    assert len(errors) == 1 and "kept changing while it was being opened" in errors[0]
    assert "a newer commit removed its files" in errors[0]
    monkeypatch.setattr(index, "_current_stamp", lambda: ("still", 1))
    errors.clear()
    t = threading.Thread(target=fresh_thread)
    started = time.monotonic()
    t.start()
    t.join()
    assert len(errors) == 1 and "could not be opened" in errors[0] and time.monotonic() - started < 0.3


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_indexer_leaves_no_orphans_and_no_stale_lock(tmp_path):
    corpus = tmp_path / "docs"
    generate(700, corpus, seed=8)
    ix = tmp_path / "ix"
    proc = start_indexer(corpus, ix, "--batch-size", "600", "--workers", "2")
    children: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(children) < 3:  # the parse pool, then Whoosh's sub-writers
        children |= _descendants(proc.pid)
        time.sleep(0.05)
    assert children, "the indexer started no worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(c) for c in children):
        time.sleep(0.1)
    assert not [c for c in children if _alive(c)]
    rerun = minutes("index", corpus, "--index", ix)  # not refused: the lock died with its holders
    assert rerun.returncode == 0, rerun.stderr
    assert search(SearchIndex(ix), SearchRequest()).total == 700


# ---------------------------------------------------------------- damaged and oversized documents


def test_a_file_cut_mid_character_is_read_with_a_warning(tmp_path):
    data = SAMPLE.read_bytes()
    cut = data[: data.rindex("印发".encode()) + 1]  # one byte into 印
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    record = parse_file(path)
    assert record.number == 111 and any("字符的中间" in w for w in record.warnings)
    out = minutes("parse", path)
    assert out.returncode == 0 and "字符的中间" in out.stdout


def test_a_copy_without_footer_is_the_same_meeting(tmp_path):
    text = sample_text()
    cut = text[: text.index("市交通局陆文华")]
    for order in (("full", "cut"), ("cut", "full")):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        ix = tmp_path / ("ix-" + "-".join(order))
        paths = []
        for name in order:
            path = folder / f"{name}.txt"
            path.write_text(text if name == "full" else cut, encoding="utf-8")
            paths.append(path)
            index_paths([path], ix)
        report = index_paths(paths, ix)
        live = [s["id"] for _, s in SearchIndex(ix).snapshot().live()]
        assert live == [SAMPLE_ID], order  # one meeting, with its city, whichever came first
        assert [p for p, _ in report.failed] == [str(folder / "cut.txt")]
        assert "no footer" in report.failed[0][1]


def test_a_document_over_the_size_limit_is_refused_and_the_others_indexed(docs, tmp_path):
    env = {"MINUTES_MAX_DOCUMENT_CHARS": "20000"}
    huge = docs / "huge.txt"
    huge.write_text(sample_text() + "\n附件：" + "审计整改" * 60000, encoding="utf-8")
    line = one_line_error(minutes("parse", huge, env=env))
    assert "huge.txt" in line and "MINUTES_MAX_DOCUMENT_CHARS" in line
    out = minutes("index", docs, "--index", tmp_path / "ix", env=env)
    assert out.returncode == 1 and "13 added" in out.stdout and "1 failed" in out.stdout
    assert "huge.txt" in out.stderr


def test_a_pdf_is_judged_by_its_text_not_its_weight(tmp_path):
    """PDF and Word files carry fonts and images: the limit is on the text they hold."""
    from variants import GOLDEN

    pdf = GOLDEN.parent / "suzhou-2020-111.pdf"
    text_chars = len(parse_file(pdf).text)
    limit = pdf.stat().st_size // 4 - 1000  # below the PDF's size in bytes / 4, above its text
    assert limit > 2 * text_chars
    out = minutes("parse", pdf, env={"MINUTES_MAX_DOCUMENT_CHARS": str(limit)})
    assert out.returncode == 0, out.stderr
    small = minutes("parse", pdf, env={"MINUTES_MAX_DOCUMENT_CHARS": str(text_chars // 2)})
    assert small.returncode == 2 and "MINUTES_MAX_DOCUMENT_CHARS" in small.stderr


# ---------------------------------------------------------------- dead writer children, moved folders, FIFOs


def _held_ids(ix: Path) -> set[str]:
    snap = SearchIndex(ix).snapshot()
    return {s["id"] for _, s in snap.live()}


@pytest.mark.slow
def test_a_writer_child_that_dies_costs_no_meeting(tmp_path, monkeypatch):
    """Batches of 500 or more are written by several processes; when a writer child dies (SIGKILL,
    as the out-of-memory killer does), its share is written again, on a new run and on an update."""
    from indexer import whoosh_internals

    docs = tmp_path / "docs"
    files = generate(600, docs, seed=5)
    expected = {parse_file(f).id for f in files}
    marker = tmp_path / "killed"
    real = whoosh_internals._write_share

    def dying(storage, index_name, docs, subargs, send):  # in the writer's child process
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return real(storage, index_name, docs, subargs, send)
        os.kill(os.getpid(), signal.SIGKILL)  # the first child to get documents dies

    monkeypatch.setattr(whoosh_internals, "_write_share", dying)
    ix = tmp_path / "ix"
    first = index_paths([docs], ix, workers=2, batch_size=600)
    assert marker.exists()  # a child did die
    assert (first.added, first.failed) == (600, [])
    assert _held_ids(ix) == expected

    for f in files:  # every file changed: the update deletes the old copies in the same commit
        f.write_text(f.read_text(encoding="utf-8").replace("会议议定以下意见", "会议议定以下意见："), encoding="utf-8")
    marker.unlink()
    second = index_paths([docs], ix, workers=2, batch_size=600)
    assert marker.exists()
    assert (second.updated, second.failed) == (600, [])
    assert _held_ids(ix) == expected
    assert index_paths([docs], ix).unchanged == 600  # the manifest claims what the index holds


def test_a_rebuild_carries_the_meetings_whose_files_moved(docs, tmp_path, monkeypatch):
    """Index two folders, move one, change the schema: the rebuild holds every meeting the old
    index held (the moved ones from their stored records); given the folder's new place, it holds
    each meeting once; with --prune, the moved ones are dropped and counted."""
    ix = tmp_path / "ix"
    city = tmp_path / "city"
    generate(8, city, seed=78)
    index_paths([docs], ix)
    index_paths([city], ix)
    held = _held_ids(ix)
    moved = tmp_path / "moved"
    city.rename(moved)
    monkeypatch.setattr(indexer.store, "schema_signature", lambda: "another-version")
    report = index_paths([docs], ix)
    assert report.rebuilt and report.carried == 8 and not report.failed
    assert "8 carried from the old index" in report.summary_line()
    assert _held_ids(ix) == held
    hit = search(SearchIndex(ix), SearchRequest(q="加快补齐短板弱项")).hits  # carried meetings are searchable
    assert hit

    monkeypatch.setattr(indexer.store, "schema_signature", lambda: "a-third-version")
    again = index_paths([docs, moved], ix)  # the folder's new place: each meeting once
    assert again.carried == 0 and not again.failed and _held_ids(ix) == held

    monkeypatch.setattr(indexer.store, "schema_signature", lambda: "a-fourth-version")
    shutil.rmtree(moved)
    pruned = index_paths([docs], ix, prune=True)
    assert pruned.pruned == 8 and pruned.carried == 0
    assert len(_held_ids(ix)) == len(held) - 8


def test_only_regular_files_are_read_the_rest_skipped_with_why(docs, tmp_path):
    """A FIFO would block the indexer forever while it holds the lock; links that lead nowhere
    or to themselves get their line too; a newline in a name cannot forge a line."""
    os.mkfifo(docs / "pipe.txt")
    (docs / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (docs / "loop.txt").symlink_to(docs / "loop.txt")
    shutil.copy(SAMPLE, docs / "bad\nfailed: forged.txt")
    (docs / "bad\nfailed: forged.txt").write_text("没有会议内容", encoding="utf-8")
    out = minutes("index", docs, "--index", tmp_path / "ix", timeout=120)
    lines = out.stderr.splitlines()
    assert any(line.startswith("skipped: ") and "pipe.txt" in line and "FIFO" in line for line in lines), lines
    assert any("dangling.txt" in line and "broken symbolic link" in line for line in lines), lines
    assert any("loop.txt" in line and "symbolic link loop" in line for line in lines), lines
    assert not any(line.startswith("failed: forged") for line in lines)  # the newline is shown escaped
    assert any("bad\\x0afailed: forged.txt" in line for line in lines), lines
    assert "Traceback" not in out.stderr
    assert _held_ids(tmp_path / "ix")  # the documents beside them are indexed


def _walked(root: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """What a folder holds to be read, by brute force: os.walk, a stat of every name."""
    import stat as st

    found, skipped = [], []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in indexer.build.files.SUPPORTED_SUFFIXES:
                continue
            path = os.path.join(folder, name)
            try:
                regular = st.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = False
            shown = os.path.join(str(root), os.path.relpath(path, root))
            if regular:
                found.append((os.path.realpath(path), shown))
            else:
                skipped.append(shown)
    first: dict[str, str] = {}  # a file reached twice (a link to it) is read once
    for real, shown in sorted(found, key=lambda f: f[1]):
        first.setdefault(real, shown)
    return list(first.items()), sorted(skipped)


def test_a_folder_s_documents_are_what_a_walk_of_it_finds(tmp_path):
    """Collecting a folder (one listing per folder, no stat of a plain file) finds what os.walk and
    a stat of every name find: nested folders, hidden ones and links to folders passed over,
    suffixes in any case, links to files read as their targets, the rest skipped."""
    root = tmp_path / "docs"
    generate(30, root / "a", seed=5)
    (root / "b" / "c").mkdir(parents=True)
    (root / "b" / "c" / "X.TXT").write_text("x", encoding="utf-8")
    (root / "b" / "notes.md").write_text("x", encoding="utf-8")
    (root / "b" / "a.").write_text("x", encoding="utf-8")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "h.txt").write_text("x", encoding="utf-8")
    (root / "b" / ".h.txt").write_text("x", encoding="utf-8")
    (root / "b" / "link.txt").symlink_to(root / "b" / "c" / "X.TXT")
    (root / "b" / "folder.txt").symlink_to(root / "a")  # a link to a folder, with a document's name
    (root / "b" / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    os.mkfifo(root / "b" / "pipe.htm")
    (root / "b" / "real.docx").mkdir()  # a folder with a document's name: walked, not read
    (root / "b" / "real.docx" / "in.html").write_text("x", encoding="utf-8")
    found, missing, skipped = indexer.build.files.collect_files([root])
    want_found, want_skipped = _walked(root)
    assert found == want_found and not missing
    assert sorted(shown for shown, _ in skipped) == want_skipped
    assert len(found) == 32 and len(skipped) == 2


# ---------------------------------------------------------------- a parsing child that dies or runs away


@pytest.mark.slow
def test_a_reader_that_dies_or_runs_away_costs_only_its_file(tmp_path, monkeypatch):
    """One file kills the process reading it (SIGKILL), one never finishes, one takes all memory:
    each is reported failed with why, every other file is indexed, and the run goes on."""
    import indexer.build.workers

    docs = tmp_path / "docs"
    files = generate(150, docs, seed=9)
    for name in ("poison.txt", "endless.txt", "greedy.txt"):
        shutil.copy(files[0], docs / name)
    real = indexer.build.workers.read_source

    def reader(path):  # in the parsing processes (forked with this patch)
        name = os.path.basename(path)
        if name == "poison.txt":
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "endless.txt":
            time.sleep(3600)
        if name == "greedy.txt":
            hoard = [bytearray(64 << 20) for _ in range(1000)]
            return hoard
        return real(path)

    monkeypatch.setattr(indexer.build.workers, "read_source", reader)
    monkeypatch.setenv("MINUTES_PARSE_SECONDS", "3")
    monkeypatch.setenv("MINUTES_PARSE_MEMORY_MB", "300")
    report = index_paths([docs], tmp_path / "ix", workers=2)
    failed = {Path(p).name: why for p, why in report.failed}
    assert set(failed) == {"poison.txt", "endless.txt", "greedy.txt"}, failed
    assert "died" in failed["poison.txt"]
    assert "more than 3 s" in failed["endless.txt"]
    assert "more than 300 MB" in failed["greedy.txt"]
    assert report.added == 150
    assert _held_ids(tmp_path / "ix") == {parse_file(f).id for f in files}


@pytest.mark.slow
def test_an_index_folder_that_is_a_mount_point_can_be_rebuilt(docs, tmp_path, monkeypatch):
    """A container volume: the index folder is a mount point, so it cannot be renamed and beside it
    is another file system. The rebuild is made inside it and swapped in file by file, the new
    generation's table of contents the one atomic step."""
    if os.geteuid() != 0:
        pytest.skip("a bind mount needs root (CI runs as root)")
    real, ix = tmp_path / "volume", tmp_path / "ix"
    real.mkdir()
    ix.mkdir()
    if subprocess.run(["mount", "--bind", str(real), str(ix)], capture_output=True).returncode:
        pytest.skip("this machine does not allow a bind mount")
    try:
        assert indexer.build.folders.in_place(ix)  # seen as a mount point (os.path.ismount misses a bind mount)
        index_paths([docs], ix)
        held = _held_ids(ix)
        before = index_generation(ix)
        monkeypatch.setattr(indexer.store, "schema_signature", lambda: "another-version")
        report = index_paths([docs], ix)
        assert report.rebuilt and not report.failed
        assert index_generation(ix) > before and indexer.store.is_current(ix)
        assert _held_ids(ix) == held
        assert sorted(os.listdir(ix)) == sorted(n for n in os.listdir(ix) if not n.startswith("."))  # no staging left
        again = index_paths([docs], ix)  # the manifest describes the swapped-in generation
        assert again.unchanged == len(held) and not again.failed
    finally:  # (lazily: a searcher not yet collected may still hold a file in it)
        subprocess.run(["umount", "--lazy", str(ix)], capture_output=True)


@pytest.mark.slow
def test_children_killed_at_random_moments_cost_no_acknowledged_meeting(tmp_path_factory):
    """20 runs of `minutes index` over 520 files (one batch, so Whoosh's multi-process writer
    writes it) while a random child (a parsing process or a writer process) is killed with SIGKILL
    at a random moment: every meeting a run counts as added is in the index, added + failed covers
    every file, the manifest never claims a file the index lacks, and a plain re-run completes it."""
    import random

    root = tmp_path_factory.mktemp("random-kills")
    docs = root / "docs"
    expected = {parse_file(f).id for f in generate(520, docs, seed=44)}
    rng = random.Random(20)
    killed = 0
    for trial in range(20):
        ix = root / f"ix{trial}"
        proc = start_minutes("index", docs, "--index", ix, "--batch-size", "520", "--workers", "2",
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + rng.uniform(0.3, 4.0)
        victim = None
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        children = sorted(_descendants(proc.pid)) if proc.poll() is None else []
        if children:
            victim = rng.choice(children)
            try:
                os.kill(victim, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        out, err = proc.communicate(timeout=300)
        assert "Traceback" not in err, err
        held = _held_ids(ix)
        summary = next(line for line in out.splitlines() if line.startswith("indexed:"))
        added = int(summary.split()[1])
        failed = int(summary.split(", ")[3].split()[0])
        assert len(held) == added and added + failed == 520, (trial, summary, err)
        again = index_paths([docs], ix)  # the manifest claims only what the index holds
        assert (again.unchanged, again.added, again.failed) == (added, 520 - added, []), trial
        assert _held_ids(ix) == expected
        shutil.rmtree(ix)
    assert killed >= 10  # most trials did kill a child while it worked
