"""Word lists the parser and the analyzer share: known departments, surnames, institutional suffixes.

The lists live in `data/dict/` (override with the MINUTES_DICT_DIR environment variable).
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

DEFAULT_DICT_DIR = Path(__file__).resolve().parent.parent / "data" / "dict"

# Endings that mark a name as an institution (longest first matters only for readability).
INSTITUTION_SUFFIXES = (
    "管委会",
    "委员会",
    "办公室",
    "工作组",
    "调查队",
    "研究室",
    "督查室",
    "分公司",
    "分局",
    "支队",
    "大队",
    "中支",
    "支行",
    "分行",
    "银行",
    "海关",
    "专班",
    "中心",
    "公司",
    "集团",
    "园区",
    "新区",
    "街道",
    "工委",
    "监委",
    "政协",
    "法院",
    "检察院",
    "工会",
    "妇联",
    "科协",
    "残联",
    "侨联",
    "商联",
    "局",
    "委",
    "办",
    "厅",
    "部",
    "院",
    "会",
    "处",
    "科",
    "室",
    "所",
    "站",
    "队",
    "署",
    "组",
    "社",
    "馆",
    "校",
    "台",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "州",
    "省",
)
_SUFFIX_RE = re.compile("(?:" + "|".join(sorted(INSTITUTION_SUFFIXES, key=len, reverse=True)) + ")$")


def dict_dir() -> Path:
    return Path(os.environ.get("MINUTES_DICT_DIR") or DEFAULT_DICT_DIR)


def _read_words(name: str) -> list[str]:
    path = dict_dir() / name
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words.extend(line.split())
    return words


@cache
def known_departments() -> frozenset[str]:
    return frozenset(_read_words("departments.txt"))


@cache
def surnames() -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames)."""
    words = _read_words("surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


def has_institution_suffix(text: str) -> bool:
    return bool(_SUFFIX_RE.search(text))


def surname_of(name: str) -> str | None:
    """The surname a name starts with, compound surnames first, or None."""
    single, compound = surnames()
    if name[:2] in compound:
        return name[:2]
    if name[:1] in single:
        return name[:1]
    return None
