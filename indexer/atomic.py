"""Writing so that a reader, or a process killed half-way, or a machine that loses power, sees the
old content or the new, never a part: written beside it as `<name>.tmp`, flushed to disk, renamed
over it, and the folder flushed (the rename itself is then on disk).

`fault(point, name)` is called at each step ("written", "renamed"); tests replace it to simulate a crash
there (`tests/test_durability.py`).
"""

from __future__ import annotations

import os
from pathlib import Path


def fault(point: str, name: str) -> None:
    """A fault-injection hook at `point` of writing file `name`: nothing happens; a test makes it raise."""


def tmp_name(name: str) -> str:
    """The name a file is written under before it is renamed into place."""
    return name + ".tmp"


def fsync_file(path: Path | str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path | str) -> None:
    """Make the names in a folder (new files, renames) durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path: Path, text: str) -> None:
    tmp = path.with_name(tmp_name(path.name))
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    fault("written", path.name)
    tmp.replace(path)
    fault("renamed", path.name)
    fsync_folder(path.parent)
