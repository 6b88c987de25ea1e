"""The incremental pass of one run as one object: what the index holds (by source file), which
files must be read, which parsed meetings may go in (a second copy of a meeting is refused; a copy
that has its footer replaces one cut off before it), and what the manifest says once a batch is
committed."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .. import store
from ..models import UNKNOWN_CITY, Minutes
from . import files, manifest
from .documents import meeting_documents, user_words
from .files import Failed, Found
from .manifest import Entry
from .workers import Parsed, Task


def _city_unknown(meeting_id: str) -> bool:
    return meeting_id.startswith(UNKNOWN_CITY + "-")


@dataclass
class Admitted:
    """A parsed meeting that goes into the next batch."""

    parsed: Parsed
    id: str  # the meeting's id
    fields: dict  # its Whoosh fields
    previous_id: str | None  # the meeting its file held before this run (None: a new file)
    superseded: str | None  # the id of an incomplete copy of the same meeting it replaces


@dataclass
class Plan:
    entries: dict[str, Entry]  # source path → what the index holds of it (the manifest)
    before: dict[str, str]  # source path → meeting id, as the run found the index
    owner: dict[str, str]  # meeting id → the source path holding it
    same_day: dict[tuple[str | None, int | None], set[str]]  # (date, number) → meeting ids, to find copies
    tasks: list[Task] = field(default_factory=list)  # files to read and parse
    stats: dict[str, os.stat_result] = field(default_factory=dict)  # their sizes and times

    @classmethod
    def of_index(cls, ix, index_dir: Path, generation: int) -> Plan:
        entries = manifest.load(index_dir, generation)
        if entries is not None and len({e.id for e in entries.values()}) != store.meeting_count(ix):
            entries = None  # it claims meetings the index lacks (or lacks some it holds): not trusted
        if entries is None:  # no manifest for this version of the index: read what it stores
            with ix.searcher() as s:
                entries = manifest.from_stored(d for d in s.all_stored_fields() if "path" in d)
        same_day: dict[tuple[str | None, int | None], set[str]] = {}
        for e in entries.values():
            same_day.setdefault((e.date, e.number), set()).add(e.id)
        before = {path: e.id for path, e in entries.items()}
        return cls(entries, before, {mid: path for path, mid in before.items()}, same_day)

    def select(self, found: list[Found]) -> tuple[int, list[Failed]]:
        """Decide which files to read: one `stat` for a file the manifest knows, a hash when its
        size or time changed. Returns (files unchanged, files that cannot be read)."""
        unchanged, failed = 0, []
        for path, shown in found:
            try:
                st = os.stat(path)
                if not stat.S_ISREG(st.st_mode):
                    failed.append((shown, "not a regular file; not read"))
                    continue
                entry = self.entries.get(path)
                if entry is not None and entry.same_stat(st):  # same size and time: not read again
                    unchanged += 1
                    continue
                sha = files.sha256(path)
            except OSError as exc:
                failed.append((shown, f"cannot be read ({exc.strerror or exc})"))
                continue
            self.stats[path] = st
            if entry is not None and entry.sha256 == sha:  # touched, not changed
                entry.size, entry.mtime_ns = st.st_size, st.st_mtime_ns
                unchanged += 1
            else:
                self.tasks.append((path, sha))
        return unchanged, failed

    def _duplicate_of(self, parsed: Parsed) -> tuple[str | None, str | None]:
        """(path of the copy already indexed, id of an incomplete copy this one supersedes)."""
        assert parsed.id is not None and parsed.fields is not None
        holder = self.owner.get(parsed.id)
        if holder and holder != parsed.path and (holder not in self.before or Path(holder).exists()):
            return holder, None
        day = (parsed.fields.get("date"), parsed.fields.get("number"))
        if None in day:  # copies are found by date and number: without both, only by id
            return None, None
        for other in sorted(self.same_day.get(day, ())):
            path = self.owner.get(other)
            if other == parsed.id or path in (None, parsed.path):
                continue
            if _city_unknown(parsed.id):  # a copy without its footer: the meeting is already here
                return path, None
            if _city_unknown(other):  # this complete copy replaces an incomplete one
                return None, other
        return None, None

    def admit(self, parsed: Parsed) -> Admitted | Failed:
        """The meeting as it goes into the batch, or why it does not."""
        if parsed.fields is None or parsed.id is None:
            return (parsed.path, parsed.error or "unknown error")
        holder, superseded = self._duplicate_of(parsed)
        if holder:
            why = " (this copy has no footer, so its city is unknown)" if _city_unknown(parsed.id) else ""
            return (parsed.path, f"same meeting ({parsed.id}) as {holder}{why}; not indexed")
        self.owner[parsed.id] = parsed.path
        self.same_day.setdefault((parsed.fields.get("date"), parsed.fields.get("number")), set()).add(parsed.id)
        return Admitted(parsed, parsed.id, parsed.fields, self.before.get(parsed.path), superseded)

    def carry(self, path: str, sha: str, record: Minutes) -> Admitted | None:
        """A meeting whose file is gone, from its stored record, unless this run holds it already."""
        if record.id in self.owner:
            return None
        self.owner[record.id] = path
        fields, decisions = meeting_documents(record, path, sha)
        parsed = Parsed(path, sha, record.id, fields, user_words(record), decisions)
        return Admitted(parsed, record.id, fields, None, None)

    def committed(self, batch: list[Admitted], index_dir: Path, generation: int) -> None:
        """A batch is in the index: the manifest says so."""
        for a in batch:
            if a.superseded:
                path = self.owner.pop(a.superseded, None)
                if path is not None:
                    self.entries.pop(path, None)
        for a in batch:
            p, st = a.parsed, self.stats.get(a.parsed.path)  # none for a carried meeting: its file is gone
            size, mtime = (st.st_size, st.st_mtime_ns) if st else (-1, -1)
            self.entries[p.path] = Entry(size, mtime, p.sha256, a.id, a.fields.get("date"), a.fields.get("number"))
        self.save(index_dir, generation)

    def save(self, index_dir: Path, generation: int) -> None:
        manifest.save(index_dir, generation, self.entries)

    def gone(self) -> list[str]:
        """Files the index held when the run began that are no longer there."""
        return [p for p in self.before if not Path(p).exists()]

    def pruned(self, paths: list[str]) -> None:
        for p in paths:
            self.entries.pop(p, None)
