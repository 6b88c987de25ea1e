"""The files a run reads: collected from the paths given, and their content hashes."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..sources import SUPPORTED_SUFFIXES

Found = tuple[str, str]  # (canonical path, path as given)
Failed = tuple[str, str]  # (path as given, why it is not indexed)


def _not_regular(path: str) -> str | None:
    """Why a path is not read as a document (a FIFO would block its reader forever), or None."""
    try:
        st = os.stat(path)  # follows symbolic links
    except FileNotFoundError:
        return "a broken symbolic link (its target is gone)" if os.path.islink(path) else "no such file or folder"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(st.st_mode):
        return None
    if stat.S_ISDIR(st.st_mode):
        return "a folder behind a link with a document's name; not followed"
    kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device"
    return f"not a regular file ({kind}); not read"


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Found], list[Failed], list[Failed]]:
    """(canonical path, path as given) of files named directly and of supported files in folders
    (recursive, hidden ones skipped, symbolic links to folders not followed); paths that are
    missing; and what is skipped with the reason (FIFOs, sockets, devices, broken links, link
    loops: only regular files are read). A folder is resolved once, not every file in it."""
    files: list[Found] = []
    missing: list[Failed] = []
    skipped: list[Failed] = []
    for p in map(Path, paths):
        if p.is_dir():
            root = p.resolve()
            cut, given = len(os.path.join(str(root), "")), str(p)  # a file's path under the folder as given
            found = []
            for entry in _documents_under(str(root)):
                path = entry.path
                shown = path[cut:] if given == "." else os.path.join(given, path[cut:])
                if not entry.is_symlink() and entry.is_file(follow_symlinks=False):
                    found.append((path, shown))  # (the folder's listing says so: no stat)
                elif why := _not_regular(path):
                    skipped.append((shown, why))
                else:
                    found.append((os.path.realpath(path), shown))
            files.extend(sorted(found, key=lambda f: f[1]))
        elif p.exists() or p.is_symlink():
            why = _not_regular(str(p))
            if why:
                skipped.append((str(p), why))
            else:
                files.append((str(p.resolve()), str(p)))
        else:
            missing.append((str(p), "no such file or folder"))
    seen: dict[str, str] = {}
    for real, shown in files:
        seen.setdefault(real, shown)
    return list(seen.items()), missing, sorted(skipped)


def _documents_under(root: str) -> Iterator[os.DirEntry]:
    """The entries under `root` with a supported suffix that are not folders, as `os.walk` would
    list them (hidden files and folders skipped, links to folders not followed, unreadable
    folders passed over), from one `scandir` per folder."""
    stack = [root]
    while stack:
        try:
            listing = os.scandir(stack.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()  # (a link's target: a link to a folder is passed over)
                except OSError:
                    is_dir = False
                if is_dir:
                    if not entry.is_symlink():
                        stack.append(entry.path)
                    continue
                dot = name.rfind(".")
                if dot > 0 and name[dot:].lower() in SUPPORTED_SUFFIXES:
                    yield entry


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
