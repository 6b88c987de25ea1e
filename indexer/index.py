"""Minutes → Whoosh documents; incremental, crash-safe index builds over files and folders."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import zlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from . import analysis, manifest
from .analysis import fold
from .errors import MinutesError
from .facets import KEYWORD_FACETS, values_of
from .models import UNKNOWN_CITY, Minutes
from .parse import parse_source
from .processes import die_with_parent
from .schema import build_schema, schema_signature
from .sources import SUPPORTED_SUFFIXES, read_source
from .whoosh_internals import ArrayCodec, unlocked_writer

DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "data" / "index"
META_NAME = "minutes-meta.json"
INDEX_NAME = "MAIN"


def default_index_dir() -> Path:
    return Path(os.environ.get("MINUTES_INDEX_DIR") or DEFAULT_INDEX_DIR)


# ---------------------------------------------------------------- documents


def summary_of(record: Minutes) -> dict:
    """What result lists, facets and filters need (see `columns.Summaries`), without the text."""
    return {
        "id": record.id,
        "number": record.number,
        "date": record.date,
        "title": record.display_title,
        "city": record.city,
        "body": record.body,
        "chair": record.chair,
        "attendees": record.attendees,
        "observers": [[o.name, o.department] for o in record.observers],
        "departments": record.departments,
        "responsible": sorted({d for item in record.items for d in item.departments}),
        "recorder": record.recorder,
        "chars": len(re.sub(r"\s+", "", record.text)),  # text length, for ranking
    }


def _keywords(values) -> str:
    """A keyword field's value: queries look names up in the same folded form."""
    return ",".join(sorted({fold(v).replace(",", " ") for v in values if v}))


def document_of(record: Minutes, path: str, sha256: str) -> dict:
    """The Whoosh fields for one meeting (the facets' keyword fields read the same summary as the
    columns do)."""
    titles = "\n".join([record.display_title, *(item.title for item in record.items)])
    summary = summary_of(record)
    return {
        "id": record.id,
        "path": path,
        "sha256": sha256,
        "number": record.number,
        "date": record.date,
        "year": record.date[:4],
        "month": record.date[:7],
        "title": titles,
        "titlegrams": titles,
        # Bigrams decide what matches: the text, plus a published title (not one we made up).
        "words": record.text,
        "ngrams": record.text + ("\n" + record.title if record.title else ""),
        **{facet.name: _keywords(values_of(facet, summary)) for facet in KEYWORD_FACETS},
        "responsible": _keywords(d for item in record.items for d in item.departments),
        "meeting_type": _keywords([record.meeting_type]),
        "summary": summary,
        "record": zlib.compress(json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8"), 1),
    }


def load_record(stored: dict) -> Minutes:
    return Minutes.from_dict(json.loads(zlib.decompress(stored["record"]).decode("utf-8")))


def user_words(record: Minutes) -> set[str]:
    return {w for w in [*record.people, *record.departments] if w and len(w) >= 2}


# ---------------------------------------------------------------- opening


def _read_meta(index_dir: Path) -> dict:
    try:
        return json.loads((index_dir / META_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_meta(index_dir: Path, meta: dict) -> None:
    tmp = index_dir / (META_NAME + ".tmp")
    tmp.write_text(json.dumps(meta), encoding="utf-8")
    tmp.replace(index_dir / META_NAME)


# Files an index folder holds that we made: Whoosh's (MAIN_*, _MAIN_*), the meta file, the
# dictionary. Nothing else in a folder is ever deleted.
_OWN_FILE = re.compile(
    rf"^(_?{INDEX_NAME}_[\w.-]+|{re.escape(META_NAME)}(\.tmp)?|minutes-manifest\.json(\.tmp)?"
    rf"|{analysis.USERDICT_NAME}|userdict\.tmp)$"
)


def _own_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file() and _OWN_FILE.match(p.name)]


def _holds_index(folder: Path) -> bool:
    return (folder / META_NAME).exists() or whoosh_index.exists_in(str(folder), INDEX_NAME)


def check_index_dir(index_dir: Path, inputs: list[Path]) -> None:
    """Refuse an index folder that would put documents or other files at risk."""
    if index_dir.exists() and not index_dir.is_dir():
        raise MinutesError(str(index_dir), "is a file, not an index folder")
    target = index_dir.resolve()
    for p in inputs:
        if p.is_dir() and (target == p.resolve() or p.resolve() in target.parents):
            raise MinutesError(
                str(index_dir), f"is inside the documents folder {p}; choose an index folder outside the documents"
            )
    if index_dir.is_dir() and not _holds_index(index_dir):
        foreign = [c.name for c in index_dir.iterdir() if not _OWN_FILE.match(c.name)]
        if foreign:
            raise MinutesError(
                str(index_dir),
                f"is not empty and holds no index ({foreign[0]} …); refusing to "
                "write into it: choose a new or empty folder",
            )


class WriteLock:
    """Whoosh's own write lock (an flock, so it dies with its holder), held for a whole run:
    taken before anything is written, so a refused run writes nothing."""

    def __init__(self, index_dir: Path):
        self.dir = index_dir
        self.lock = FileStorage(str(index_dir)).lock(f"{INDEX_NAME}_WRITELOCK")

    def __enter__(self):
        try:
            acquired = self.lock.acquire()
        except OSError as exc:
            raise MinutesError(str(self.dir), f"cannot write here ({exc.strerror or exc})") from None
        if not acquired:
            raise MinutesError(
                str(self.dir),
                "another process is writing to this index; run `minutes index` again when it has finished",
            )
        return self

    def __exit__(self, *exc):
        self.lock.release()


def create_index(index_dir: Path) -> whoosh_index.Index:
    """A new, empty index in a new or empty folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(index_dir), build_schema(), INDEX_NAME)
    _write_meta(index_dir, {"signature": schema_signature()})
    return ix


def _staging_dir(index_dir: Path) -> Path:
    """Where a rebuild is made, beside the live index (same file system, so it can be swapped in)."""
    return index_dir.parent / f".{index_dir.name}.rebuild"


def _remove_index(folder: Path) -> None:
    """Delete an index we made: only our own files, then the folder if that empties it."""
    for p in _own_files(folder):
        p.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something that is not ours is in it: it stays


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE): a reader of `a` sees the old
    index or the new one, never none. Elsewhere, two renames."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        at_fdcwd, rename_exchange = -100, 2
        if libc.renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    except (AttributeError, OSError):
        pass
    aside = a.with_name(a.name + ".old")
    a.rename(aside)
    b.rename(a)
    aside.rename(b)


def _stored_paths(index_dir: Path) -> list[str]:
    """Source paths an index (of any schema version) holds, so that a rebuild loses none."""
    try:
        ix = whoosh_index.open_dir(str(index_dir), INDEX_NAME)
        with ix.searcher() as s:
            return [d["path"] for d in s.all_stored_fields() if d.get("path")]
    except Exception:  # an index too old to read: the rebuild covers the paths given
        return []


def index_generation(index_dir: str | Path) -> int:
    """The last committed generation (-1 when there is no index): bumps at every commit."""
    gens = [
        int(m.group(1))
        for p in Path(index_dir).glob(f"_{INDEX_NAME}_*.toc")
        if (m := re.fullmatch(rf"_{INDEX_NAME}_(\d+)\.toc", p.name))
    ]
    return max(gens, default=-1)


def open_index(index_dir: str | Path) -> whoosh_index.Index:
    """Open an existing index for reading, loading its dictionary into jieba."""
    index_dir = Path(index_dir)
    if not whoosh_index.exists_in(str(index_dir), INDEX_NAME):
        raise MinutesError(str(index_dir), "no index here; build one with `minutes index PATH`")
    meta = _read_meta(index_dir)
    if meta.get("signature") != schema_signature():
        raise MinutesError(
            str(index_dir), "index was built with another schema or dictionary; run `minutes index` to rebuild it"
        )
    analysis.load_index_dictionary(index_dir)
    # Plain reads instead of mmap: a serving process should not hold the whole index in its RSS.
    storage = FileStorage(str(index_dir), supports_mmap=False)
    return storage.open_index(INDEX_NAME, schema=build_schema())


# ---------------------------------------------------------------- building


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    pruned: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    rebuilt: bool = False
    seconds: float = 0.0

    def summary_line(self) -> str:
        line = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {len(self.failed)} failed"
        if self.pruned:
            line += f", {self.pruned} pruned"
        return line + f" in {self.seconds:.1f}s" + (" (index rebuilt)" if self.rebuilt else "")


def collect_files(paths) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(canonical path, path as given) of files named directly and of supported files in folders
    (recursive, hidden ones skipped, symbolic links to folders not followed); plus missing paths.
    A folder is resolved once, not every file in it."""
    files: list[tuple[str, str]] = []
    missing: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            root = p.resolve()
            found = []
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                        continue
                    real = os.path.join(folder, name)
                    if os.path.islink(real):
                        real = os.path.realpath(real)
                        if not os.path.isfile(real):
                            continue
                    found.append((real, str(p / os.path.relpath(os.path.join(folder, name), root))))
            files.extend(sorted(found, key=lambda f: f[1]))
        elif p.is_file():
            files.append((str(p.resolve()), str(p)))
        else:
            missing.append((str(p), "no such file or folder"))
    seen: dict[str, str] = {}
    for real, shown in files:
        seen.setdefault(real, shown)
    return list(seen.items()), missing


@dataclass
class _Parsed:
    """A worker's answer for one file: the Whoosh fields, or why there are none."""

    path: str
    sha256: str
    id: str | None = None
    fields: dict | None = None
    words: set[str] = field(default_factory=set)
    error: str | None = None


def _parse_one(task: tuple[str, str]) -> _Parsed:
    path, sha = task
    try:
        record = parse_source(read_source(path))
        return _Parsed(path, sha, record.id, document_of(record, path, sha), user_words(record))
    except MinutesError as exc:
        return _Parsed(path, sha, error=exc.reason)
    except Exception as exc:  # a parser bug must not stop the other files
        return _Parsed(path, sha, error=f"unexpected error: {type(exc).__name__}: {exc}")


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Progress:
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


@contextmanager
def _parse_pool(workers: int, n_tasks: int):
    """Worker processes for the whole run (None: parse in this process)."""
    if workers > 1 and n_tasks >= 100:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield pool
    else:
        yield None


def _parse_all(tasks: list[tuple[str, str]], pool, progress: _Progress) -> Iterator[_Parsed]:
    results = pool.map(_parse_one, tasks, chunksize=32) if pool is not None else map(_parse_one, tasks)
    for result in results:
        progress.step()
        yield result


def index_paths(
    paths,
    index_dir: str | Path | None = None,
    *,
    prune: bool = False,
    workers: int | None = None,
    batch_size: int = 2000,
    progress: bool | None = None,
) -> IndexReport:
    """Index files and folders incrementally; commits every `batch_size` documents.

    Nothing is lost: the index folder must be new, empty or an index (never the documents'
    folder); one lock is held for the whole run; an index built with another schema is rebuilt
    beside the live one, with every file it held, and swapped in when complete."""
    started = time.perf_counter()
    if batch_size < 1:
        raise MinutesError(f"--batch-size {batch_size}", "must be a positive number of documents per commit")
    if workers is not None and workers < 1:
        raise MinutesError(f"--workers {workers}", "must be at least 1")
    index_dir = Path(index_dir or default_index_dir())
    check_index_dir(index_dir, [Path(p) for p in paths])
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MinutesError(str(index_dir), f"cannot create the index folder ({exc.strerror or exc})") from None
    die_with_parent()
    with WriteLock(index_dir):
        staging = _staging_dir(index_dir)
        if staging.is_dir() and (
            _read_meta(staging).get("signature") != schema_signature()
            or _read_meta(index_dir).get("signature") == schema_signature()
        ):
            _remove_index(staging)  # what an interrupted swap or rebuild of ours left behind
        current = whoosh_index.exists_in(str(index_dir), INDEX_NAME)
        if current and _read_meta(index_dir).get("signature") == schema_signature():
            return _index_into(index_dir, paths, prune, workers, batch_size, progress, started, rebuilt=False)
        if not current:  # a new folder: nothing is served from it yet
            create_index(index_dir)
            return _index_into(index_dir, paths, prune, workers, batch_size, progress, started, rebuilt=True)
        # Another schema or dictionary: rebuild beside the live index, with every file it holds.
        staging.mkdir(exist_ok=True)
        with WriteLock(staging):
            if not whoosh_index.exists_in(str(staging), INDEX_NAME):
                create_index(staging)
            kept = [p for p in _stored_paths(index_dir) if Path(p).exists()]
            report = _index_into(staging, [*paths, *kept], prune, workers, batch_size, progress, started, rebuilt=True)
            _exchange(index_dir, staging)
        _remove_index(staging)  # the old index, now beside the new one
        return report


def _index_into(
    index_dir: Path,
    paths,
    prune: bool,
    workers: int | None,
    batch_size: int,
    progress: bool | None,
    started: float,
    rebuilt: bool,
) -> IndexReport:
    workers = workers or min(2, os.cpu_count() or 1)
    report = IndexReport(rebuilt=rebuilt)
    files, missing = collect_files(paths)
    report.failed.extend(missing)
    ix = whoosh_index.open_dir(str(index_dir), INDEX_NAME, schema=build_schema())

    entries = manifest.load(index_dir, index_generation(index_dir))
    if entries is None:  # no manifest for this version of the index: read what it stores
        with ix.searcher() as s:
            entries = manifest.from_stored(s.all_stored_fields())
    existing = {path: (e.sha256, e.id) for path, e in entries.items()}  # path → (sha256, meeting id)
    same_day: dict[tuple[str, int], set[str]] = {}  # (date, number) → meeting ids
    for e in entries.values():
        same_day.setdefault((e.date, e.number), set()).add(e.id)
    owner = {mid: path for path, (_, mid) in existing.items()}  # meeting id → path holding it

    tasks: list[tuple[str, str]] = []
    stats: dict[str, os.stat_result] = {}
    for key, shown in files:
        try:
            st = os.stat(key)
            entry = entries.get(key)
            if entry is not None and entry.same_stat(st):  # same size and time: not read again
                report.unchanged += 1
                continue
            sha = _sha256(key)
        except OSError as exc:
            report.failed.append((shown, f"cannot be read ({exc.strerror or exc})"))
            continue
        stats[key] = st
        if entry is not None and entry.sha256 == sha:
            entry.size, entry.mtime_ns = st.st_size, st.st_mtime_ns
            report.unchanged += 1
        else:
            tasks.append((key, sha))

    def duplicate_of(parsed: _Parsed) -> tuple[str | None, str | None]:
        """(path of the copy already indexed, id of an incomplete copy this one supersedes)."""
        holder = owner.get(parsed.id)
        if holder and holder != parsed.path and (holder not in existing or Path(holder).exists()):
            return holder, None
        date, number = parsed.fields["date"], parsed.fields["number"]
        city_known = not parsed.id.startswith(UNKNOWN_CITY + "-")
        for other in sorted(same_day.get((date, number), ())):
            path = owner.get(other)
            if other == parsed.id or path in (None, parsed.path):
                continue
            other_city_known = not other.startswith(UNKNOWN_CITY + "-")
            if not city_known:  # a copy without its footer: the meeting is already here
                return path, None
            if not other_city_known:  # this complete copy replaces an incomplete one
                return None, other
        return None, None

    # Parse and write a batch at a time: memory stays bounded by the batch, and each batch is a
    # commit, so an interrupted run keeps what it finished.
    words = set(analysis.read_userdict(index_dir))
    analysis.load_index_dictionary(index_dir)
    bar = _Progress(len(tasks), "indexing", progress)
    with _parse_pool(workers, len(tasks)) as pool:
        for start in range(0, len(tasks), batch_size):
            batch: list[tuple[_Parsed, str | None]] = []
            for parsed in _parse_all(tasks[start : start + batch_size], pool, bar):
                if parsed.fields is None:
                    report.failed.append((parsed.path, parsed.error or "unknown error"))
                    continue
                holder, superseded = duplicate_of(parsed)
                if holder:
                    why = (
                        ""
                        if not parsed.id.startswith(UNKNOWN_CITY + "-")
                        else " (this copy has no footer, so its city is unknown)"
                    )
                    report.failed.append((parsed.path, f"same meeting ({parsed.id}) as {holder}{why}; not indexed"))
                    continue
                owner[parsed.id] = parsed.path
                same_day.setdefault((parsed.fields["date"], parsed.fields["number"]), set()).add(parsed.id)
                batch.append((parsed, superseded))
            if batch:
                replaced = [owner.get(superseded) for _, superseded in batch if superseded]
                _write_batch(ix, index_dir, batch, existing, owner, words, workers, report)
                for path in replaced:
                    entries.pop(path, None)
                for parsed, _ in batch:
                    st = stats[parsed.path]
                    f = parsed.fields
                    entries[parsed.path] = manifest.Entry(
                        st.st_size, st.st_mtime_ns, parsed.sha256, parsed.id, f["date"], f["number"]
                    )
                manifest.save(index_dir, index_generation(index_dir), entries)
    bar.close()

    if prune:
        gone = [p for p in existing if not Path(p).exists()]
        if gone:
            writer = _writer(ix, 0, 1)
            for p in gone:
                writer.delete_by_term("path", p)
                entries.pop(p, None)
            writer.commit(merge=False)
            report.pruned = len(gone)
    manifest.save(index_dir, index_generation(index_dir), entries)  # sizes and times learnt this run
    report.seconds = time.perf_counter() - started
    return report


def _write_batch(
    ix, index_dir: Path, batch, existing, owner, words: set[str], workers: int, report: IndexReport
) -> None:
    new_words = set().union(*(p.words for p, _ in batch)) - words
    if new_words:  # before the writer starts: its worker processes inherit the dictionary
        words |= new_words
        analysis.write_userdict(index_dir, words)
        analysis.load_user_words(new_words)
    writer = _writer(ix, len(batch), workers)
    try:
        for parsed, superseded in batch:
            if superseded:
                writer.delete_by_term("id", superseded)
                owner.pop(superseded, None)
            if parsed.path in existing:
                writer.delete_by_term("path", parsed.path)
                if existing[parsed.path][1] != parsed.id:
                    writer.delete_by_term("id", parsed.id)
                report.updated += 1
            else:
                writer.delete_by_term("id", parsed.id)  # a stale copy left by an interrupted run
                report.added += 1
            writer.add_document(**parsed.fields)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(merge=False)


def _writer(ix, n_docs: int, workers: int):
    """Batches are written as new segments (no merging, which would redo the postings in Python);
    the posting pool holds a whole batch in memory so that nothing is spilled and re-read. The run
    holds the write lock (`WriteLock`), so the writers do not take it."""
    if workers > 1 and n_docs >= 500:
        return unlocked_writer(ix, procs=workers, multisegment=True, limitmb=1024, batchsize=50, codec=ArrayCodec())
    return unlocked_writer(ix, limitmb=1024, codec=ArrayCodec())
