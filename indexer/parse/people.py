"""Attendance lists: entries separated by spaces or 、, names told from departments, and an
observer's entry split into department and name."""

from __future__ import annotations

import re
from collections.abc import Callable

from .. import lexicon

_LIST_SEP = re.compile(r"[\s、，,；;]+")
_ENTRY = re.compile(r"[^\s，,；;：:。]+")
_REPRESENTED = re.compile(r"(.+?)(?:等(?:单位|部门))?(?:的|派)?(?:有关)?(?:负责同志|代表)")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


def replace_representatives(content: str, take: Callable[[str], str]) -> str:
    """Each entry naming organisations that sent representatives (`市检察院、市法院的代表`,
    `…有关负责同志`) replaced by what `take` makes of the organisations. One pass over the entries,
    so linear in the text (a lazy pattern over the whole list took minutes on a long entry)."""
    out, last = [], 0
    for m in _ENTRY.finditer(content):
        entry = m.group()
        if not entry.endswith(("代表", "负责同志")) or content[m.end() : m.end() + 1] in ("：", ":"):
            continue
        named = _REPRESENTED.fullmatch(entry)
        if named is not None:
            out += [content[last : m.start()], take(named.group(1))]
            last = m.end()
    out.append(content[last:])
    return "".join(out)


def list_entries(content: str) -> list[str]:
    """Split an attendance list; two single characters in a row are one padded name (王  翔)."""
    tokens = [t for t in _LIST_SEP.split(content.strip().rstrip("。")) if t]
    entries: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if len(tok) == 1 and _CJK_ONLY.match(tok):
            if i + 1 < len(tokens) and len(tokens[i + 1]) == 1:
                entries.append(tok + tokens[i + 1])
                i += 2
                continue
            if entries:  # a stray padded character belongs to the entry before it
                entries[-1] += tok
                i += 1
                continue
        entries.append(tok)
        i += 1
    return entries


def looks_like_name(entry: str) -> bool:
    if not _CJK_ONLY.match(entry):
        return False
    if entry in lexicon.known_departments():
        return False
    if len(entry) in (2, 3):
        return True
    return len(entry) == 4 and (surname := lexicon.surname_of(entry)) is not None and len(surname) == 2


def split_department(entry: str, known: frozenset[str] | set[str]) -> tuple[str, str, bool]:
    """Split '市发改委夏文' into ('市发改委', '夏文', certain)."""
    candidates = []
    for k in (2, 3, 4):
        dept, name = entry[:-k], entry[-k:]
        if len(dept) < 2 or not _CJK_ONLY.match(name):
            continue
        surname = lexicon.surname_of(name)
        if k == 4 and (surname is None or len(surname) != 2):
            continue
        score = 0.0
        if dept in known:
            score += 4
        elif lexicon.has_institution_suffix(dept):
            score += 2
        else:
            score -= 2  # a department without an institutional ending is implausible
        if surname:
            score += 2
        if lexicon.has_institution_suffix(name[0]):
            score -= 1
        if k == 3:
            score += 0.5  # three-character names are the more common
        candidates.append((score, dept, name))
    if not candidates:
        return entry, "", False
    candidates.sort(key=lambda c: c[0], reverse=True)
    best = candidates[0]
    certain = best[0] >= 4 and (len(candidates) == 1 or best[0] - candidates[1][0] >= 2)
    return best[1], best[2], certain
