"""Minutes → Whoosh documents; incremental, crash-safe index builds over files and folders."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError

from . import analysis
from .analysis import fold
from .codec import FastW3Codec
from .errors import MinutesError
from .models import Minutes
from .parse import parse_source
from .schema import build_schema, schema_signature
from .sources import SUPPORTED_SUFFIXES, read_source


DEFAULT_INDEX_DIR = Path(__file__).resolve().parent.parent / "data" / "index"
META_NAME = "minutes-meta.json"
INDEX_NAME = "MAIN"


def default_index_dir() -> Path:
    return Path(os.environ.get("MINUTES_INDEX_DIR") or DEFAULT_INDEX_DIR)


# ---------------------------------------------------------------- documents

def summary_of(record: Minutes) -> dict:
    """What result lists, facets and filters need (see `columns.compact_summary`), without the text."""
    return {
        "id": record.id, "number": record.number, "date": record.date, "title": record.display_title,
        "chair": record.chair, "attendees": record.attendees,
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
    """The Whoosh fields for one meeting."""
    titles = "\n".join([record.display_title, *(item.title for item in record.items)])
    return {
        "id": record.id, "path": path, "sha256": sha256, "number": record.number, "date": record.date,
        "year": record.date[:4], "month": record.date[:7], "title": titles, "titlegrams": titles,
        # Bigrams decide what matches: the text, plus a published title (not one we made up).
        "words": record.text, "ngrams": record.text + ("\n" + record.title if record.title else ""),
        "chair": _keywords([record.chair]), "attendee": _keywords(record.attendees),
        "observer": _keywords(o.name for o in record.observers), "person": _keywords(record.people),
        "department": _keywords(record.departments),
        "responsible": _keywords(d for item in record.items for d in item.departments),
        "city": _keywords([record.city]), "meeting_type": _keywords([record.meeting_type]),
        "summary": summary_of(record),
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


def open_for_writing(index_dir: Path) -> tuple[whoosh_index.Index, bool]:
    """Open the index, or (re)create it when missing or built with another schema/dictionary."""
    index_dir.mkdir(parents=True, exist_ok=True)
    signature = schema_signature()
    meta = _read_meta(index_dir)
    if whoosh_index.exists_in(str(index_dir), INDEX_NAME) and meta.get("signature") == signature:
        ix = whoosh_index.open_dir(str(index_dir), INDEX_NAME, schema=build_schema())
        return ix, False
    for child in index_dir.iterdir():
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    ix = whoosh_index.create_in(str(index_dir), build_schema(), INDEX_NAME)
    _write_meta(index_dir, {"signature": signature})
    return ix, True


def index_generation(index_dir: str | Path) -> int:
    """The last committed generation (-1 when there is no index): bumps at every commit."""
    gens = [int(m.group(1)) for p in Path(index_dir).glob(f"_{INDEX_NAME}_*.toc")
            if (m := re.fullmatch(rf"_{INDEX_NAME}_(\d+)\.toc", p.name))]
    return max(gens, default=-1)


def open_index(index_dir: str | Path) -> whoosh_index.Index:
    """Open an existing index for reading, loading its dictionary into jieba."""
    index_dir = Path(index_dir)
    if not whoosh_index.exists_in(str(index_dir), INDEX_NAME):
        raise MinutesError(str(index_dir), "no index here; build one with `minutes index PATH`")
    meta = _read_meta(index_dir)
    if meta.get("signature") != schema_signature():
        raise MinutesError(str(index_dir), "index was built with another schema or dictionary; "
                                           "run `minutes index` to rebuild it")
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
        line = (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed")
        if self.pruned:
            line += f", {self.pruned} pruned"
        return line + f" in {self.seconds:.1f}s" + (" (index rebuilt)" if self.rebuilt else "")


def collect_files(paths) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files named directly, and supported files in folders (recursive); plus missing paths."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.is_file():
            files.append(p)
        else:
            missing.append((str(p), "no such file or folder"))
    seen: dict[str, Path] = {}
    for f in files:
        seen.setdefault(str(f.resolve()), f)
    return list(seen.values()), missing


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


def _parse_all(tasks: list[tuple[str, str]], workers: int, progress: _Progress) -> Iterator[_Parsed]:
    if workers > 1 and len(tasks) >= 100:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_parse_one, tasks, chunksize=32):
                progress.step()
                yield result
    else:
        for task in tasks:
            result = _parse_one(task)
            progress.step()
            yield result


def index_paths(paths, index_dir: str | Path | None = None, *, prune: bool = False,
                workers: int | None = None, batch_size: int = 2000, progress: bool | None = None) -> IndexReport:
    """Index files and folders incrementally; commits every `batch_size` documents."""
    started = time.perf_counter()
    index_dir = Path(index_dir or default_index_dir())
    workers = workers or min(2, os.cpu_count() or 1)
    report = IndexReport()
    files, missing = collect_files(paths)
    report.failed.extend(missing)

    ix, report.rebuilt = open_for_writing(index_dir)
    existing: dict[str, tuple[str, str]] = {}  # path → (sha256, meeting id)
    with ix.searcher() as s:
        for stored in s.all_stored_fields():
            existing[stored["path"]] = (stored["sha256"], stored["id"])
    owner = {mid: path for path, (_, mid) in existing.items()}  # meeting id → path holding it

    tasks: list[tuple[str, str]] = []
    for f in files:
        key = str(f.resolve())
        try:
            sha = _sha256(key)
        except OSError as exc:
            report.failed.append((str(f), f"cannot be read ({exc.strerror or exc})"))
            continue
        if key in existing and existing[key][0] == sha:
            report.unchanged += 1
        else:
            tasks.append((key, sha))

    # Parse and write a batch at a time: memory stays bounded by the batch, and each batch is a
    # commit, so an interrupted run keeps what it finished.
    words = set(analysis.read_userdict(index_dir))
    analysis.load_index_dictionary(index_dir)
    bar = _Progress(len(tasks), "indexing", progress)
    for start in range(0, len(tasks), batch_size):
        batch: list[_Parsed] = []
        for parsed in _parse_all(tasks[start:start + batch_size], workers, bar):
            if parsed.fields is None:
                report.failed.append((parsed.path, parsed.error or "unknown error"))
                continue
            holder = owner.get(parsed.id)
            if holder and holder != parsed.path and (holder not in existing or Path(holder).exists()):
                report.failed.append((parsed.path, f"same meeting ({parsed.id}) as {holder}; not indexed"))
                continue
            owner[parsed.id] = parsed.path
            batch.append(parsed)
        if not batch:
            continue
        new_words = set().union(*(p.words for p in batch)) - words
        if new_words:  # before the writer starts: its worker processes inherit the dictionary
            words |= new_words
            analysis.write_userdict(index_dir, words)
            analysis.load_user_words(new_words)
        writer = _writer(ix, len(batch), workers, index_dir)
        try:
            for parsed in batch:
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
    bar.close()

    if prune:
        gone = [p for p in existing if not Path(p).exists()]
        if gone:
            with _writer(ix, 0, 1, index_dir) as writer:
                for p in gone:
                    writer.delete_by_term("path", p)
            report.pruned = len(gone)
    report.seconds = time.perf_counter() - started
    return report


def _writer(ix, n_docs: int, workers: int, index_dir: Path):
    """Batches are written as new segments (no merging, which would redo the postings in Python);
    the posting pool holds a whole batch in memory so that nothing is spilled and re-read."""
    try:
        if workers > 1 and n_docs >= 500:
            return ix.writer(procs=workers, multisegment=True, limitmb=1024, batchsize=50, codec=FastW3Codec())
        return ix.writer(limitmb=1024, codec=FastW3Codec())
    except LockError:
        raise MinutesError(str(index_dir), "another process is writing to this index; "
                                           "run `minutes index` again when it has finished") from None
