"""Writing a small file so that a reader, or a process killed half-way, sees the old content or
the new, never a part: written beside it as `<name>.tmp`, flushed to disk, then renamed over it."""

from __future__ import annotations

import os
from pathlib import Path


def tmp_name(name: str) -> str:
    """The name a file is written under before it is renamed into place."""
    return name + ".tmp"


def write_text(path: Path, text: str) -> None:
    tmp = path.with_name(tmp_name(path.name))
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
