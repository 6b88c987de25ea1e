"""Finding a person however the name is typed: characters (traditional too), pinyin with or
without spaces in any case (`huang ji`, `huangji`, `HuangJi`), initials (`hj`), and — when nothing
matches — the names one character off or sounding the same ("did you mean").

Readings come from pypinyin; surnames read differently from the same character elsewhere
(单 shàn, 曾 zēng, 解 xiè …) come from a surname table, since pypinyin reads a name as a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .analysis import fold
from .identity import Identity
from .models import UNKNOWN_CITY

# Surnames whose reading differs from the character's common one (compound surnames first).
SURNAME_READINGS = {
    "万俟": "moqi",
    "尉迟": "yuchi",
    "澹台": "tantai",
    "长孙": "zhangsun",
    "单于": "chanyu",
    "单": "shan",
    "曾": "zeng",
    "解": "xie",
    "区": "ou",
    "查": "zha",
    "仇": "qiu",
    "朴": "piao",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "乐": "yue",
    "员": "yun",
    "种": "chong",
    "黑": "he",
    "召": "shao",
    "秘": "bi",
    "繁": "po",
    "句": "gou",
    "折": "she",
    "厍": "she",
    "谌": "chen",
    "郇": "huan",
    "祭": "zhai",
    "隗": "wei",
    "柏": "bai",
    "薄": "bo",
    "都": "du",
    "纪": "ji",
    "燕": "yan",
    "宁": "ning",
    "任": "ren",
    "殷": "yin",
    "沈": "shen",
    "华": "hua",
    "尉": "yu",
    "蕃": "pi",
    "能": "nai",
    "阚": "kan",
    "曲": "qu",
    "郝": "hao",
}
_LATIN = re.compile(r"^[a-z' ]+$")


@cache
def _reading(ch: str) -> str:
    from pypinyin import lazy_pinyin

    found = lazy_pinyin(ch, errors="ignore")
    return found[0].lower() if found else ""


@lru_cache(maxsize=200_000)
def readings(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name: 黄戟 → ("huangji", "hj"), 单雄信 → ("shanxiongxin", "sxx").

    Read a character at a time (a name is not a word: 殷红 the surname is yīn hóng, not the word
    yānhóng), the surname from the table; about a microsecond a name once characters are cached."""
    syllables: list[str] = []
    rest = name
    for surname in (name[:2], name[:1]):
        if surname in SURNAME_READINGS and len(name) > len(surname):
            reading = SURNAME_READINGS[surname]
            syllables = [reading] if len(surname) == 1 else [reading[: len(reading) // 2], reading[len(reading) // 2 :]]
            rest = name[len(surname) :]
            break
    syllables += [r for r in map(_reading, rest) if r]
    return "".join(syllables), "".join(s[0] for s in syllables)


@dataclass
class Suggestion:
    name: str
    city: str
    meetings: int
    match: str  # "name", "pinyin", "initials", "homophone", "one character off"


class NameIndex:
    """Every person (name, city, meetings) of one snapshot with their readings, built on first use."""

    def __init__(self, counted: list[tuple[Identity, int]]):
        """`counted`: (person, meetings) pairs."""
        self.people = [(person.name, person.city or UNKNOWN_CITY, n) for person, n in counted]
        self._readings: list[tuple[str, str]] | None = None

    @property
    def readings(self) -> list[tuple[str, str]]:
        if self._readings is None:
            self._readings = [readings(name) for name, _, _ in self.people]
        return self._readings

    def find(self, typed: str, limit: int = 20) -> list[Suggestion]:
        """People a typed string stands for: exact names first, then prefixes; pinyin and initials."""
        q = fold(typed).strip()
        if not q:
            return []
        found: list[tuple[int, Suggestion]] = []
        if _LATIN.match(q):
            compact = re.sub(r"[ ']", "", q)
            for (name, city, n), (full, initials) in zip(self.people, self.readings):
                if full == compact:
                    found.append((0, Suggestion(name, city, n, "pinyin")))
                elif initials == compact:
                    found.append((1, Suggestion(name, city, n, "initials")))
                elif len(compact) >= 3 and full.startswith(compact):
                    found.append((2, Suggestion(name, city, n, "pinyin")))
        else:
            for name, city, n in self.people:
                folded = fold(name)
                if folded == q:
                    found.append((0, Suggestion(name, city, n, "name")))
                elif folded.startswith(q):
                    found.append((2, Suggestion(name, city, n, "name")))
        found.sort(key=lambda kv: (kv[0], -kv[1].meetings, kv[1].name, kv[1].city))
        return [s for _, s in found[:limit]]

    def did_you_mean(self, typed: str, limit: int = 5) -> list[Suggestion]:
        """Names close to one that matches nothing: one character off, or the same sound."""
        q = fold(typed).strip()
        if not q or _LATIN.match(q):
            return []
        sound = readings(q)[0]
        found = []
        for (name, city, n), (full, _) in zip(self.people, self.readings):
            folded = fold(name)
            if folded == q:
                continue
            if full == sound:
                found.append((0, Suggestion(name, city, n, "homophone")))
            elif len(folded) == len(q) and sum(a != b for a, b in zip(folded, q)) == 1:
                found.append((1, Suggestion(name, city, n, "one character off")))
        found.sort(key=lambda kv: (kv[0], -kv[1].meetings, kv[1].name, kv[1].city))
        return [s for _, s in found[:limit]]


def by_initial(names: list, key=lambda n: n) -> dict[str, list]:
    """Names grouped by the first letter of their pinyin (A–Z, then # for the rest), each group in
    pinyin order: how a long list of people or departments is read on a phone."""
    groups: dict[str, list] = {}
    for item in sorted(names, key=lambda n: (readings(key(n))[0], key(n))):
        letter = readings(key(item))[0][:1].upper()
        groups.setdefault(letter if "A" <= letter <= "Z" else "#", []).append(item)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "#", kv[0])))
