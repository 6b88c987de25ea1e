"""What an index holds, by source file, kept beside it (`minutes-manifest.json`): so a re-run
decides what changed from one `stat` per file, without hashing unchanged files or reading every
stored record.

The manifest names the index generation it describes. One that does not match the index (a run
killed between its commit and the manifest's write, an older index) is not trusted: the run reads
the stored fields instead, as it always could, and writes a new manifest.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import atomic
from ..store import MANIFEST_NAME


@dataclass
class Entry:
    size: int  # -1 when not known (read from the stored fields): the file is then hashed
    mtime_ns: int
    sha256: str
    id: str
    date: str | None
    number: int | None

    def same_stat(self, st: os.stat_result) -> bool:
        return self.size == st.st_size and self.mtime_ns == st.st_mtime_ns


def load(index_dir: Path, generation: int) -> dict[str, Entry] | None:
    """The entries (by source path) if the manifest describes this generation, else None."""
    try:
        data = json.loads((index_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        if data.get("generation") != generation:
            return None
        return {path: Entry(*values) for path, values in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return None


def from_stored(stored_fields) -> dict[str, Entry]:
    """Entries rebuilt from the index's stored fields (sizes unknown)."""
    return {s["path"]: Entry(-1, -1, s["sha256"], s["id"], s.get("date"), s.get("number")) for s in stored_fields}


def save(index_dir: Path, generation: int, entries: dict[str, Entry]) -> None:
    files = {p: (e.size, e.mtime_ns, e.sha256, e.id, e.date, e.number) for p, e in entries.items()}
    atomic.write_text(
        index_dir / MANIFEST_NAME, json.dumps({"generation": generation, "files": files}, ensure_ascii=False)
    )
