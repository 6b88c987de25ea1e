"""Departments a decision names as responsible (由市发改委牵头…, 市审计局要…)."""

from __future__ import annotations

import re

from .. import lexicon

_RESPONSIBLE_VERB = re.compile(
    r"(?:要|牵头|负责|会同|关于|抓紧|尽快|做好|进一步|切实|加快|联合|配合|共同|组织|研究|认真|继续|积极|全力|统筹|承担|具体|将|已)"
)
# What may follow a department's name: a verb, 根据/提出的…, punctuation, the end.
_AFTER_DEPARTMENT = re.compile(r"[，。；：、,;:（）()]|$|" + _RESPONSIBLE_VERB.pattern + r"|根据|按照|提出|提交|的")
_DEPT_START = re.compile(r"^(?:市|区|县|省|团市委|团区委|苏州|国家|中国|人行|江苏)")
_NOT_DEPT = re.compile(r"[各全我和及与等其该本]|会同|牵头|负责|联合|配合")
_TOP_BODIES = {"市委", "省委", "市政府", "省政府", "区政府", "县政府", "市人大", "国务院", "党中央", "市委市政府"}


def _valid_department(text: str, known: set[str]) -> bool:
    if text in known:
        return True
    return (
        3 <= len(text) <= 16
        and text not in _TOP_BODIES
        and bool(_DEPT_START.match(text))
        and lexicon.has_institution_suffix(text)
        and not _NOT_DEPT.search(text)
        and not text.endswith(("市", "区", "县", "省"))
    )


def _department_ending_at(text: str, end: int, known: set[str]) -> tuple[str, int] | None:
    start = end
    while start > 0 and text[start - 1] not in "，。；：、,;:（）()“”\n" and end - start < 24:
        start -= 1
    for s in range(start, end - 1):
        if _valid_department(text[s:end], known):
            return text[s:end], s
    return None


def department_starting_at(text: str, start: int, known: set[str]) -> str | None:
    """The department named at `start`: the longest known one, else the longest that reads as one
    and is followed by what may follow a department (区人社局根据…, not 区人社), else the shortest
    (so that 市财政局会同… is 市财政局)."""
    for end in range(min(len(text), start + 16), start + 1, -1):
        if text[start:end] in known:
            return text[start:end]
    ends = [e for e in range(start + 3, min(len(text), start + 16) + 1) if _valid_department(text[start:e], known)]
    if not ends:
        return None
    followed = [e for e in ends if _AFTER_DEPARTMENT.match(text, e)]
    return text[start : (followed or ends)[-1 if followed else 0]]


def responsible_departments(text: str, known: set[str]) -> list[str]:
    """Departments a decision names as responsible: '市审计局要…', '原则同意市发改委关于…', and
    '由X…' whatever follows (由市应急局根据…发文, 由市财政局会同…), also 、-joined lists."""
    found: list[tuple[int, str]] = []  # (where it is named, department)
    for by in re.finditer("由", text):
        pos = by.end()
        while (dept := department_starting_at(text, pos, known)) is not None:
            found.append((pos, dept))
            pos += len(dept)
            if text[pos : pos + 1] != "、":
                break
            pos += 1
    for verb in _RESPONSIBLE_VERB.finditer(text):
        hit = _department_ending_at(text, verb.start(), known)
        while hit:
            dept, start = hit
            found.append((start, dept))
            hit = _department_ending_at(text, start - 1, known) if start > 0 and text[start - 1] == "、" else None
    return list(dict.fromkeys(dept for _, dept in sorted(found)))
