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
# (the parser reads the same words as a status, so `…办法（试行）` and `…办法（试行）（送审稿）` are one)
STATUSES = ("送审稿", "报批稿", "草案", "修订稿", "修订版", "征求意见稿", "讨论稿", "代拟稿", "审议稿", "试行", "暂行")
_STATUS_END = re.compile(r"[（(](?:" + "|".join(STATUSES) + r")[）)]$")
_PERIOD = re.compile(
    r"[（(]?\d{4}\s*[-—–~～至到]\s*\d{4}\s*年?[）)]?"  # （2021-2025年）
    r"|\d{4}年度?(?:[一二三四]季度|上半年|下半年)?"  # 2022年, 2023年度, 2023年一季度
    r"|(?<!\d)\d{4}(?=[^\d年]|$)(?!-)"  # 平潭2022国民经济… (a bare year)
    r"|[“\"]?十[一二三四五六七八九]五[”\"]?"  # “十四五”
)
_GENERIC_PLACES = ("本市", "全市", "我市", "全区", "我区", "本区", "全县", "我县", "实验区", "新区")
_MUNICIPAL = ("设施", "工程", "公用", "道路", "园林", "管理", "基础")  # 市政…: the city's works
# The notice that issues a document names it: `苏州市人民政府关于印发〈X〉的通知` is X.
_NOTICE = re.compile(r"^.{0,30}?关于印发〈(.+)〉的通知$")
# What may stand before a document's name and is not part of it, once the place's names are off:
# its government as issuer (管委会, 人民政府, 政府), an office's 关于 (办公室关于), a 关于.
_ISSUER = re.compile(r"^(?:管委会|管理委员会|人民政府|政府)(?=.{3})|^(?:办公室|办公厅)?关于(?=.{3})")
# A place's level word alone (市…, 区…, 县…) begins its documents too, but not the words it starts
# (市场, 市民, 市政设施, 市委, 区域, 县域 …; 市政府 is the place's government). Where a name's level
# word begins one of them (苏州市场…), the name is the one without it (苏州 + 市场…), except before
# the words that as often follow the name (苏州市内…, 苏州市长…).
_LEVEL_WORDS = {
    "市": (*"场民容域级属直辖郊镇井值况貌面区县委内长情", "中心", "人大", "政协", *("政" + w for w in _MUNICIPAL)),
    "区": tuple("域级属直块间位划别县委内长"),
    "县": tuple("域级属直城委区乡市内长"),
}
_NOT_BEFORE_NAME = set("内长情")
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
    """The years and periods a title names, without spaces, brackets or quotes and written one way:
    ['2022年'] (also for 2022年度), ['2021-2025年'] (also for （2021—2025）), ['十四五']."""
    out = []
    for m in _PERIOD.finditer(_named(title)):
        p = re.sub(r"[\s“”\"（）()]", "", m.group())
        if r := re.fullmatch(r"(\d{4})[-—–~～至到](\d{4})年?", p):
            p = f"{r.group(1)}-{r.group(2)}年"
        out.append(re.sub(r"^(\d{4})年度", r"\1年", p))
    return out


def place_names(city: str | None, body: str | None) -> list[str]:
    """The ways a place's own documents may begin: 平潭综合实验区, 平潭, 苏州市, 苏州 …, longest first,
    and the place's level word alone (市, 区, 县: `市…` in a city's papers)."""
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
                if suffix in _LEVEL_WORDS:
                    names.add(suffix)
                break
    return sorted((n for n in names if n), key=len, reverse=True)


def _named(title: str) -> str:
    """The document a title names: the one a notice issues, else the title (without statuses)."""
    t = base_title(title)
    if m := _NOTICE.match(t):
        t = base_title(m.group(1))
    return t


def _own_start(t: str, name: str) -> int:
    """How much of `t`'s start is the place's `name`: none where `t` does not begin with it; its
    level word alone only before a word of its own (市…, not 市场…); and where the name's level
    word begins the next word, the name without it (苏州市场监管… is 苏州 + 市场监管…)."""
    if not t.startswith(name) or len(t) <= len(name) + 1:
        return 0
    after = t[len(name) :]
    if name in _LEVEL_WORDS:
        return 0 if any(after.startswith(w) for w in _LEVEL_WORDS[name]) else len(name)
    level = name[-1]
    if len(name) > 2 and level in _LEVEL_WORDS and after[0] not in _LEVEL_WORDS and after[0] not in _NOT_BEFORE_NAME:
        if any(after.startswith(w) for w in _LEVEL_WORDS[level]):
            return len(name) - 1
    return len(name)


def series_key(title: str, places: list[str]) -> str:
    """What the documents of one series share: the title without statuses, periods, 关于, the
    place's names at its start (nor a （平潭县） after them) or its government as issuer; the
    document a notice issues (`…关于印发〈X〉的通知`) for the notice."""
    t = _PERIOD.sub("", _named(title))
    changed = True
    while changed:
        changed = False
        for name in places:
            if cut := _own_start(t, name):
                t = t[cut:]
                changed = True
        if m := re.match(r"^（[^）]{1,12}）", t) or _ISSUER.match(t):
            t, changed = t[m.end() :], True
    return t


def document_key(title: str, places: list[str]) -> str:
    """One document: the periods it names, then its series key (`2022年地方储备粮轮换工作方案`)."""
    return "".join(periods(title)) + series_key(title, places)


def same(a: str, b: str) -> bool:
    """Two keys name the same document (or series): equal once folded (traditional, widths)."""
    return fold(a) == fold(b)
