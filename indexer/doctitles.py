"""Which document a title in 《》 names, across meetings: one document of one place whatever its
status (`…办法（送审稿）` and `…办法` are one), and documents of one series where only the year or
period differs (`2022年…工作要点` and `2023年…工作要点`), also when the place prefix differs
(`2022年实验区地方储备粮轮换工作方案`, `2023年平潭综合实验区地方储备粮轮换工作方案`).

`series_key` is the title with its status suffixes, its years and periods, a leading 关于 and the
place's own names at its start taken off; `document_key` is the years and periods followed by
that (`2022年地方储备粮轮换工作方案`), so a document is (place, document key) and its series
(place, series key). Keys are readable (pages show them); they are compared folded (`same`).
Pure text: the builder indexes the keys, the read side looks them up.
"""

from __future__ import annotations

import re

from .analysis import fold

# What a title's end may say of the document's state, not its name
STATUSES = ("送审稿", "报批稿", "草案", "修订稿", "征求意见稿", "讨论稿", "代拟稿", "审议稿")
_STATUS_END = re.compile(r"[（(](?:" + "|".join(STATUSES) + r")[）)]$")
_PERIOD = re.compile(
    r"[（(]?\d{4}\s*[-—–~～至到]\s*\d{4}\s*年?[）)]?"  # （2021-2025年）
    r"|\d{4}年度?(?:[一二三四]季度|上半年|下半年)?"  # 2022年, 2023年度, 2023年一季度
    r"|(?<!\d)\d{4}(?=[^\d年]|$)(?!-)"  # 平潭2022国民经济… (a bare year)
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?"  # “十四五”
)
_GENERIC_PLACES = ("本市", "全市", "我市", "全区", "我区", "本区", "全县", "我县", "实验区", "新区")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "<": "〈", ">": "〉", "‹": "〈", "›": "〉", "《": "〈", "》": "〉"})


def clean_title(title: str) -> str:
    """A title as written, without spaces or the layout's line breaks, brackets full-width."""
    return re.sub(r"\s+", "", title).translate(_BRACKETS)


def base_title(title: str) -> str:
    """The title without its status suffixes (`…办法（修订稿）（送审稿）` → `…办法`)."""
    t = clean_title(title)
    while m := _STATUS_END.search(t):
        t = t[: m.start()]
    return t


def periods(title: str) -> list[str]:
    """The years and periods a title names, as written without spaces: ['2022年'], ['十四五']."""
    return [re.sub(r"[\s“”\"（）()]", "", m.group()) for m in _PERIOD.finditer(base_title(title))]


def place_names(city: str | None, body: str | None) -> list[str]:
    """The ways a place's own documents may begin: 平潭综合实验区, 平潭, 苏州市, 苏州 …, longest first."""
    names = set(_GENERIC_PLACES)
    for name in (city, body):
        if not name:
            continue
        names.add(name)
        short = re.sub(r"(?:管委会|管理委员会|人民政府|政府)$", "", name)
        names.add(short)
        for suffix in ("综合实验区", "实验区", "新区", "市", "县", "区"):
            if short.endswith(suffix) and len(short) - len(suffix) >= 2:
                names.add(short[: -len(suffix)])
                break
    return sorted((n for n in names if n), key=len, reverse=True)


def series_key(title: str, places: list[str]) -> str:
    """What the documents of one series share: the title without statuses, periods, 关于 and the
    place's names at its start (nor a （平潭县） after them)."""
    t = _PERIOD.sub("", base_title(title))
    t = re.sub(r"^关于", "", t)
    changed = True
    while changed:
        changed = False
        for name in places:
            if t.startswith(name) and len(t) > len(name) + 1:
                t = t[len(name) :]
                changed = True
        if m := re.match(r"^（[^）]{1,12}）", t):
            t, changed = t[m.end() :], True
    return t


def document_key(title: str, places: list[str]) -> str:
    """One document: the periods it names, then its series key (`2022年地方储备粮轮换工作方案`)."""
    return "".join(periods(title)) + series_key(title, places)


def same(a: str, b: str) -> bool:
    """Two keys name the same document (or series): equal once folded (traditional, widths)."""
    return fold(a) == fold(b)
