"""What every layout says of the meeting itself, read the same way by each reader: its number,
type and year (`管委会2022年第24次主任办公会`, `十九届区政府第42次常务会议`, `五届104次`), the
body and its place (`平潭综合实验区管委会`, `XX区人民政府`), a person's title and name
(`实验区党工委副书记、管委会主任黄建波`), the titles in 《》 and dates written with the day alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import lexicon
from ..models import AgendaItem, Position
from ..numerals import CN_NUM, NUMERAL, cn_to_int

# ---------------------------------------------------------------- number, type, year

_TYPE = r"[\u4e00-\u9fff]{0,8}?(?:会议|办公会|联席会|碰头会|党组会|会)议?"
MEETING_RE = re.compile(
    rf"(?:(?<![{CN_NUM}\d])(?P<term>[{CN_NUM}\d]+)届)?(?P<who>[\u4e00-\u9fff]{{0,12}}?)"
    rf"(?:(?P<year>\d{{4}}|[{CN_NUM}]{{4}})年度?)?(?P<nth>第)?(?<![{CN_NUM}\d])(?P<num>{NUMERAL})次(?P<type>{_TYPE})"
)
_TERM = re.compile(rf"^([{CN_NUM}\d]+)届(.*)$")
MEETING_TYPES = ("常务会议", "主任办公会", "市长办公会议", "区长办公会议", "县长办公会议", "专题会议", "全体会议")


@dataclass
class Meeting:
    number: int
    type: str
    who: str  # the body as the sentence names it (管委会, 区政府, 市政府), or ""
    year: int | None  # a year written into the number (2022年第24次)
    term: str | None  # a term written before it (十九届)


def meeting_in(text: str) -> Meeting | None:
    """The first `第N次…会议` (or `N次…会`) in the text that reads as a meeting."""
    for m in MEETING_RE.finditer(text):
        who = re.split(r"主持召开|召开|主持|[在了的]", m.group("who"))[-1]
        term = m.group("term")
        if termed := _TERM.match(who):  # 十九届区政府第42次, 五届104次
            term, who = termed.group(1), termed.group(2)
        if not m.group("nth") and not term:
            continue  # `104次` alone is a count, not a meeting number, unless a term precedes it
        try:
            number = cn_to_int(m.group("num"))
            year = cn_to_int(m.group("year")) if m.group("year") else None
        except ValueError:
            continue
        return Meeting(number, _meeting_type(m.group("type")), who, year, term)
    return None


def _meeting_type(text: str) -> str:
    for known in MEETING_TYPES:
        if text.endswith(known):
            return known
    return text


# ---------------------------------------------------------------- body and place

_PLACE_RE = re.compile(
    r"([\u4e00-\u9fff]{2,10}?(?:综合实验区|经济技术开发区|开发区|高新区|新区|自治州|自治县|地区|[省市县区州旗盟]))"
    r"(?:召开|举行)?[区县市]?(管委会|管理委员会|人民政府|政府)"
)
_ORG_OF_WHO = {"管委会": "管委会", "区政府": "人民政府", "县政府": "人民政府", "市政府": "人民政府", "政府": "人民政府"}


def body_and_place(*texts: str | None) -> tuple[str | None, str | None]:
    """(body, place) from the first text naming one: 平潭综合实验区召开管委会… →
    (平潭综合实验区管委会, 平潭综合实验区); 武进区人民政府 → (武进区人民政府, 武进区)."""
    for text in texts:
        m = _PLACE_RE.search(re.sub(r"\d{4}年度?|[^\u4e00-\u9fff]", " ", text or ""))
        if m:
            place, org = m.group(1), m.group(2)
            org = "人民政府" if org == "政府" else org
            return place + org, place
    return None, None


# ---------------------------------------------------------------- titles and names

TITLE_WORDS = (
    "总工程师",
    "董事长",
    "理事长",
    "总经理",
    "秘书长",
    "负责人",
    "巡视员",
    "调研员",
    "领导",
    "主任",
    "书记",
    "局长",
    "院长",
    "部长",
    "厅长",
    "处长",
    "科长",
    "区长",
    "县长",
    "市长",
    "镇长",
    "乡长",
    "主席",
    "委员",
    "经理",
    "行长",
    "社长",
    "校长",
    "所长",
    "站长",
    "队长",
    "会长",
    "专员",
    "组长",
    "总监",
    "同志",
)
_TITLE_END = re.compile("(?:" + "|".join(TITLE_WORDS) + ")")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_DEPT_END = re.compile(
    r"(?:管委会|委员会|办公室|研究中心|中心|集团|公司|大学|学院|银行|分行|支行|政府|工委|局|委|办|院|所|部|厅|站|队|会)"
)
_TITLE_ONLY = re.compile(r"^(?:副|常务|党组|党委|党工委|一级|二级|三级|四级|总|首席|执行|专职|兼职|、)*$")


def plausible_name(text: str) -> bool:
    """A person's name: two to four Chinese characters beginning with a surname (four only with a
    two-character surname)."""
    if not _CJK.match(text) or not 2 <= len(text) <= 4:
        return False
    surname = lexicon.surname_of(text)
    if len(text) == 4:
        return surname is not None and len(surname) == 2
    return surname is not None


def title_and_name(text: str) -> tuple[str, str] | None:
    """(title, name) of `实验区党工委副书记、管委会主任黄建波` → (…管委会主任, 黄建波): the name is what
    follows the last title word; None when no plausible name ends the text."""
    ends = [m.end() for m in _TITLE_END.finditer(text)]
    if ends and plausible_name(text[ends[-1] :]):
        return text[: ends[-1]], text[ends[-1] :]
    return None


def department_and_title(prefix: str) -> tuple[str | None, str]:
    """`自然资源部海岛研究中心副主任` → (自然资源部海岛研究中心, 副主任); `实验区领导` → (None, …)."""
    if len(prefix) > 60:  # no organisation and title is this long
        return None, prefix
    best = None
    for m in _DEPT_END.finditer(prefix):
        rest = prefix[m.end() :]
        head = _TITLE_END.search(rest)
        if head and _TITLE_ONLY.match(rest[: head.start()]) and m.end() >= 3:
            best = m.end()
            break
    if best is None:
        return None, prefix
    return prefix[:best], prefix[best:]


# ---------------------------------------------------------------- approval

_AGREE = re.compile(r"(?:原则)?(?:同意|通过)")
_DENY = re.compile(r"(?:不|未|暂不|不予|暂缓|没有)(?:原则)?(?:予以)?(?:同意|通过)")


def approves(text: str) -> bool:
    """Whether the words before a document's title approve it (原则同意, 审议并原则通过), and not
    refuse it (不同意, 未通过, 暂缓通过)."""
    return bool(_AGREE.search(text)) and not _DENY.search(text)


# ---------------------------------------------------------------- 《》 titles


def book_titles(text: str) -> list[str]:
    """The outermost 《…》 titles, nesting kept (《关于〈X〉的报告》, 《A<B>》)."""
    return [title for _, title in book_titles_at(text)]


def book_titles_at(text: str) -> list[tuple[int, str]]:
    """The outermost 《…》 titles with where each opens."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                out.append((start - 1, text[start:i]))
    return out


def split_outside(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside 《》, （）, () or “”."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "《（(“":
            depth += 1
        elif ch in "》）)”" and depth:
            depth -= 1
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


# ---------------------------------------------------------------- dates as reports write them

DAY_RE = re.compile(
    rf"^(?:(?P<y>\d{{4}}|[{CN_NUM}]{{4}})年)?(?:(?P<m>{NUMERAL})月)?(?P<d>{NUMERAL})日(?P<session>上午|下午|晚上|晚)?"
)


def completed_date(year: str | None, month: str | None, day: str, reference: str | None) -> str | None:
    """A date written in part (`4日`, `8月25日`) completed from a reference date (YYYY-MM-DD, the
    publication date): the reference's month and year, the month before when the day is later than
    the reference's day (the year before for a later month). None when it cannot be completed."""
    try:
        d = cn_to_int(day)
        m = cn_to_int(month) if month else None
        y = cn_to_int(year) if year else None
    except ValueError:
        return None
    if y is None or m is None:
        if reference is None:
            return None
        try:
            ref = dt.date.fromisoformat(reference)
        except ValueError:
            return None
        if m is None:
            m, y = ref.month, ref.year
            if d > ref.day:
                m, y = (m - 1, y) if m > 1 else (12, y - 1)
        elif y is None:
            y = ref.year if (m, d) <= (ref.month, ref.day) else ref.year - 1
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------- people named in a sentence

TITLE_TAIL = re.compile("(?:" + "|".join(TITLE_WORDS) + "|长)$")
_NOT_PEOPLE = re.compile(r"主持|召开|会议|[0-9]|第[^、]{0,6}次")


def people_group(group: str) -> list[Position] | None:
    """`实验区领导A、B` or `自然资源部海岛研究中心主任、党委书记张海峰` → positions; None when the group
    does not read as people (a title and names)."""
    if _NOT_PEOPLE.search(group):
        return None
    parts = [p for p in group.strip().split("、") if p]
    if not parts:
        return None
    positions: list[Position] = []
    title: str | None = None
    department: str | None = None
    pending: list[str] = []  # title words before the name (主任、党委书记张海峰)
    for part in parts:
        found = title_and_name(part)
        if found:
            department, title = department_and_title("、".join([*pending, found[0]]))
            pending = []
            positions.append(Position(found[1], title, department))
        elif plausible_name(part) and not pending:
            positions.append(Position(part, title, department))
        elif not positions and TITLE_TAIL.search(part):
            pending.append(part)
        else:
            return None
    if pending or not positions:
        return None
    return positions


# ---------------------------------------------------------------- passages under items


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


_LEAD = re.compile(r"^\s*(?:【[^】]{1,12}】|会议(?:还|同时|并)?[\u4e00-\u9fff]{2,4}?[，,：:])")


def _names_document(passage: str, document: str) -> bool:
    """Whether the passage names the document in 《》: whole, without its status suffix
    (《X》 for X（送审稿）), or the title it carries (《X》 for 关于印发<X>的通知)."""
    for title in book_titles(passage):
        if document == title or document.startswith((f"{title}（", f"{title}(")):
            return True
        if any(f"{a}{title}{b}" in document for a, b in ("<>", "〈〉")):
            return True
    return False


# Words of agenda titles that say nothing of what an item is about (关于…, …有关事项, 人民政府关于印发…).
_EMPTY_GRAMS = frozenset(
    (
        "关于",
        "有关",
        "关事",
        "事项",
        "工作",
        "情况",
        "汇报",
        "研究",
        "审议",
        "听取",
        "人民",
        "民政",
        "政府",
        "印发",
        "通知",
    )
)


def attach_passages(
    items: list[AgendaItem], passages: list[str], fallback: str = "会议议定事项", body: str | None = None
) -> None:
    """Each passage of prose (会议强调…, a speaker's words) as a decision under the item it speaks
    of: the item whose document it names (《…》), else the one it shares most words with; it stays
    under the item before unless another shares clearly more. What introduces a passage (会议强调，
    a speaker's name: 【区交通局张三】) is not what it is about, nor are words such as 关于 or 工作,
    nor the name of the `body`, which its documents' titles carry (平潭综合实验区…规划), nor the
    departments it gives a task (由区教育局…发文 says who acts, not that it is about 教育)."""
    from .departments import responsible_departments

    if not passages:
        return
    if not items:
        items.append(AgendaItem(1, fallback))
    empty = _EMPTY_GRAMS | _bigrams(body or "")
    known = set(lexicon.known_departments())
    titles = [_bigrams(item.title) - empty for item in items]
    current = 0
    for passage in passages:
        said = _LEAD.sub("", passage)
        named = [i for i, item in enumerate(items) if any(_names_document(said, d) for d in item.documents)]
        if named:
            current = current if current in named else named[0]
        else:
            for department in responsible_departments(said, known):
                said = said.replace(department, "")
            grams = _bigrams(said)
            scores = [len(grams & title) for title in titles]
            best = max(range(len(items)), key=lambda i: (scores[i], i == current))
            if scores[best] > scores[current] + 1:
                current = best
        items[current].decisions.append(passage)
