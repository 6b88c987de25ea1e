"""`index_paths`: one run of the builder, from the paths given to committed batches.

A run checks the folder, takes the write lock, and then indexes into the live index (the usual
case), into a new one, or, when the schema or dictionary changed, into a staging index beside the
live one that is swapped in when complete. Each batch is parsed, admitted by the plan, written as
one commit, and then recorded in the manifest.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index

from .. import store
from ..errors import MinutesError
from ..processes import die_with_parent
from ..schema import build_schema
from ..store import INDEX_NAME, load_record
from ..whoosh_internals import compact_packs, open_writable, remove_unreferenced
from . import folders
from .files import collect_files
from .plan import Admitted, Plan
from .repack import repair_packs
from .workers import Parsers, Progress
from .writing import add_words, delete_paths, write_batch


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    pruned: int = 0
    carried: int = 0  # meetings a rebuild took from the old index's stored records (their files are gone)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # not a regular file, not a meeting record
    rebuilt: bool = False
    seconds: float = 0.0

    def summary_line(self) -> str:
        line = f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {len(self.failed)} failed"
        if self.pruned:
            line += f", {self.pruned} pruned"
        if self.carried:
            line += f", {self.carried} carried from the old index (their files are gone)"
        if self.skipped:
            line += f", {len(self.skipped)} skipped"
        return line + f" in {self.seconds:.1f}s" + (" (index rebuilt)" if self.rebuilt else "")


def _carry(ix, index_dir: Path, plan: Plan, stored: Sequence[dict], words: set[str], report: IndexReport) -> None:
    """Write the meetings whose files are gone from their stored records (one commit), except
    those this run indexed from another file (a moved folder given again)."""
    batch: list[Admitted] = []
    for fields in stored:
        try:
            record = load_record(fields)
        except Exception as exc:
            raise MinutesError(
                fields["path"],
                f"the file is gone and its stored record cannot be read ({type(exc).__name__}); the rebuild "
                "stopped and the old index is unchanged: put the file back, or run again with --prune to drop it",
            ) from None
        admitted = plan.carry(fields["path"], fields.get("sha256") or "", record)
        if admitted is not None:
            batch.append(admitted)
    if not batch:
        return
    add_words(index_dir, words, batch)
    lost = write_batch(ix, batch, 1)
    if lost:
        raise MinutesError(
            str(index_dir), f"{len(lost)} meetings could not be carried into the rebuild; the old index is unchanged"
        )
    report.carried += len(batch)
    plan.committed(batch, index_dir, store.index_generation(index_dir))


@dataclass(frozen=True)
class _Options:
    prune: bool
    workers: int
    batch_size: int
    progress: bool | None


def index_paths(
    paths: Sequence[str | Path],
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
    options = _Options(prune, workers or min(2, os.cpu_count() or 1), batch_size, progress)
    index_dir = Path(index_dir or store.default_index_dir())
    folders.check_index_dir(index_dir, [Path(p) for p in paths])
    folders.make_folder(index_dir)
    die_with_parent()
    with folders.WriteLock(index_dir):
        folders.clear_stale_staging(index_dir)
        remove_unreferenced(str(index_dir), INDEX_NAME)
        try:
            report = _run(index_dir, paths, options)
            repair_packs(index_dir)  # a segment whose pack is gone or damaged gets its own again
            compact_packs(str(index_dir), INDEX_NAME)  # postings of new segments merged with the rest
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            freed = remove_unreferenced(str(index_dir), INDEX_NAME, measure=True)
            staging = folders.staging_dir(index_dir)
            if staging.is_dir() and not store.is_current(index_dir):
                folders.remove_index(staging)  # a rebuild that did not fit: the live index stays
            free = shutil.disk_usage(index_dir).free
            raise MinutesError(
                str(index_dir),
                f"the disk is full ({free >> 20} MB free); nothing of this run's unfinished batch was kept "
                f"({freed >> 20} MB removed) and the index is as its last commit left it. Free at least "
                f"{max(freed >> 20, 1) * 2} MB and run `minutes index` again",
            ) from None
    report.seconds = time.perf_counter() - started
    return report


def _run(index_dir: Path, paths: Sequence[str | Path], options: _Options) -> IndexReport:
    """Into the live index, a new one, or (another schema or dictionary) a rebuild beside it."""
    exists = whoosh_index.exists_in(str(index_dir), INDEX_NAME)
    if exists and store.is_current(index_dir):
        return _index_into(index_dir, paths, options, IndexReport())
    if not exists:  # a new folder: nothing is served from it yet
        folders.create_index(index_dir)
        return _index_into(index_dir, paths, options, IndexReport(rebuilt=True))
    return _rebuild(index_dir, paths, options)


def _rebuild(index_dir: Path, paths: Sequence[str | Path], options: _Options) -> IndexReport:
    """Another schema or dictionary: rebuild beside the live index, with every file it holds."""
    staging = folders.staging_dir(index_dir)
    staging.mkdir(exist_ok=True)
    with folders.WriteLock(staging):
        if not whoosh_index.exists_in(str(staging), INDEX_NAME):
            folders.create_index(staging)
        stored = folders.stored_documents(index_dir)
        kept = [d["path"] for d in stored if Path(d["path"]).exists()]
        # Meetings whose files are gone (moved, on a drive not mounted) come from their stored
        # records, unless the run prunes them.
        gone = [d for d in stored if not Path(d["path"]).exists()]
        report = _index_into(
            staging, [*paths, *kept], options, IndexReport(rebuilt=True), [] if options.prune else gone
        )
        if options.prune:
            report.pruned += len(gone)
        if folders.in_place(index_dir):
            folders.swap_in_place(index_dir, staging)
        else:
            folders.exchange(index_dir, staging)
    folders.remove_index(staging)  # the old index, now beside the new one (or what is left of the rebuild in it)
    return report


def _index_into(
    index_dir: Path,
    paths: Sequence[str | Path],
    options: _Options,
    report: IndexReport,
    carried: Sequence[dict] = (),
) -> IndexReport:
    found, missing, skipped = collect_files(paths)
    report.failed.extend(missing)
    report.skipped.extend(skipped)
    ix = open_writable(str(index_dir), INDEX_NAME, build_schema())
    plan = Plan.of_index(ix, index_dir, store.index_generation(index_dir))
    unchanged, unreadable = plan.select(found)
    report.unchanged += unchanged
    report.failed.extend(unreadable)

    # Parse and write a batch at a time: memory stays bounded by the batch, and each batch is a
    # commit, so an interrupted run keeps what it finished.
    words = set(store.read_userdict(index_dir))
    store.load_index_dictionary(index_dir)
    bar = Progress(len(plan.tasks), "indexing", options.progress)
    with Parsers(options.workers) as parsers:
        for start in range(0, len(plan.tasks), options.batch_size):
            batch: list[Admitted] = []
            for parsed in parsers.parse(plan.tasks[start : start + options.batch_size], bar):
                admitted = plan.admit(parsed)
                if isinstance(admitted, Admitted):
                    batch.append(admitted)
                elif parsed.not_minutes:  # a listing page, a news item, an attachment
                    report.skipped.append(admitted)
                else:
                    report.failed.append(admitted)
            # A complete copy replaces an incomplete one admitted earlier in the same batch (a
            # writer's deletions do not reach documents it added itself)
            replaced = {a.superseded for a in batch if a.superseded}
            report.skipped += [
                (a.parsed.path, f"an incomplete copy of {a.id}: the complete one is indexed")
                for a in batch
                if a.id in replaced
            ]
            batch = [a for a in batch if a.id not in replaced]
            if batch:
                add_words(index_dir, words, batch)
                lost = write_batch(ix, batch, options.workers)
                report.failed += [
                    (a.parsed.path, "was not written to the index; run `minutes index` again") for a in lost
                ]
                written = [a for a in batch if all(a is not b for b in lost)]
                report.added += sum(a.previous_id is None for a in written)
                report.updated += sum(a.previous_id is not None for a in written)
                plan.committed(written, index_dir, store.index_generation(index_dir))
    bar.close()

    if carried:
        _carry(ix, index_dir, plan, carried, words, report)
    if options.prune and (gone := plan.gone()):
        delete_paths(ix, gone)
        plan.pruned(gone)
        report.pruned = len(gone)
    plan.save(index_dir, store.index_generation(index_dir))  # sizes and times learnt this run
    return report
