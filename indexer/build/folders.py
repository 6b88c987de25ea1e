"""The index folder as the builder keeps it safe: which folders it may write to, the one write
lock, a new index, the staging folder a rebuild is made in and the atomic swap that puts it in
place, and deleting only what it made."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from .. import atomic, store
from ..errors import MinutesError
from ..schema import build_schema
from ..store import INDEX_NAME, META_NAME, OWN_FILE
from ..whoosh_internals import adopt_segments, create_writable, remove_unreferenced
from . import manifest


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
    if index_dir.is_dir() and not store.holds_index(index_dir):
        foreign = [c.name for c in index_dir.iterdir() if not OWN_FILE.match(c.name)]
        if foreign:
            raise MinutesError(
                str(index_dir),
                f"is not empty and holds no index ({foreign[0]} …); refusing to "
                "write into it: choose a new or empty folder",
            )


def make_folder(index_dir: Path) -> None:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MinutesError(str(index_dir), f"cannot create the index folder ({exc.strerror or exc})") from None


class WriteLock:
    """Whoosh's own write lock (an flock, so it dies with its holder), held for a whole run:
    taken before anything is written, so a refused run writes nothing."""

    def __init__(self, index_dir: Path):
        self.dir = index_dir
        self.lock = FileStorage(str(index_dir)).lock(f"{INDEX_NAME}_WRITELOCK")

    def __enter__(self) -> WriteLock:
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

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def create_index(index_dir: Path) -> whoosh_index.FileIndex:
    """A new, empty index in a new or empty folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = create_writable(str(index_dir), INDEX_NAME, build_schema())
    atomic.write_text(index_dir / META_NAME, json.dumps({"signature": store.schema_signature()}))
    return ix


def staging_dir(index_dir: Path) -> Path:
    """Where a rebuild is made: beside the live index (same file system, so the two folders can be
    swapped), or inside it when the index folder is a mount point or on another file system than
    its parent (a container volume: it cannot be renamed, and beside it is another disk)."""
    if in_place(index_dir):
        return index_dir / ".rebuild"
    return index_dir.parent / f".{index_dir.name}.rebuild"


def in_place(index_dir: Path) -> bool:
    """Whether a rebuild must be swapped in file by file (`swap_in_place`) rather than by folder."""
    try:
        if os.path.ismount(index_dir) or os.stat(index_dir).st_dev != os.stat(index_dir.parent).st_dev:
            return True
    except OSError:
        return False
    return os.path.realpath(index_dir) in _mount_points()  # a bind mount on the same file system


def _mount_points() -> set[str]:
    """Where something is mounted (Linux: /proc/self/mountinfo, octal escapes undone)."""
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return set()
    found = set()
    for line in lines:
        fields = line.split()
        if len(fields) > 4:
            found.add(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4]))
    return found


def swap_in_place(index_dir: Path, staging: Path) -> None:
    """Put a rebuild made inside the index folder in place of the live index, the new generation's
    table of contents as the one atomic step: its segment files are moved in first (no table names
    them yet, so no reader sees them), the dictionary beside them, then the table of contents of
    the next generation is written (from then on readers open the new index), then the signature
    and the manifest; the old segments are removed last."""
    live = store.index_generation(index_dir)
    segments = [n for n in os.listdir(staging) if n.startswith(f"{INDEX_NAME}_") and not n.endswith("WRITELOCK")]
    for name in segments:
        os.rename(staging / name, index_dir / name)
    os.replace(staging / store.USERDICT_NAME, index_dir / store.USERDICT_NAME)
    atomic.fsync_folder(index_dir)
    generation = adopt_segments(str(staging), str(index_dir), INDEX_NAME, live + 1)
    os.replace(staging / META_NAME, index_dir / META_NAME)
    entries = manifest.load(staging, store.index_generation(staging))
    if entries is not None:
        manifest.save(index_dir, generation, entries)
    atomic.fsync_folder(index_dir)
    remove_unreferenced(str(index_dir), INDEX_NAME)


def clear_stale_staging(index_dir: Path) -> None:
    """Remove what an interrupted swap or rebuild of ours left beside the index: a staging index
    of another signature, or any staging index once the live one is current."""
    staging = staging_dir(index_dir)
    if staging.is_dir() and (not store.is_current(staging) or store.is_current(index_dir)):
        remove_index(staging)


def remove_index(folder: Path) -> None:
    """Delete an index we made: only our own files, then the folder if that empties it."""
    for p in folder.iterdir():
        if p.is_file() and OWN_FILE.match(p.name):
            p.unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something that is not ours is in it: it stays


def exchange(a: Path, b: Path) -> None:
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


def stored_documents(index_dir: Path) -> list[dict]:
    """The stored fields of every meeting an index (of any schema version) holds, so that a
    rebuild loses none: those whose files are there are read again, the others are carried."""
    try:
        ix = whoosh_index.open_dir(str(index_dir), INDEX_NAME)
        with ix.searcher() as s:
            return [d for d in s.all_stored_fields() if d.get("path")]
    except Exception as exc:  # an index this version cannot read at all
        raise MinutesError(
            str(index_dir),
            f"the index cannot be read to rebuild it ({type(exc).__name__}); nothing was changed. "
            "Index into a new folder (--index), or move this one aside",
        ) from None
