"""The files a run reads: collected from the paths given, and their content hashes."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
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
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUPPORTED_SUFFIXES:
                        continue
                    path = os.path.join(folder, name)
                    shown = path[cut:] if given == "." else os.path.join(given, path[cut:])
                    why = _not_regular(path)
                    if why:
                        skipped.append((shown, why))
                        continue
                    found.append((os.path.realpath(path) if os.path.islink(path) else path, shown))
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


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
