"""Formal 纪要 of district and county governments:

    XX区人民政府常务会议纪要
    2025年3月5日上午，区长张三在区政府第一会议室主持召开区政府2025年度第9次常务会议，
    审议了…，听取了…。现纪要如下：
    一、会议审议了《关于…的方案》
    会议强调，…。会议原则同意区住建局提出的《…》，作进一步修改完善后按程序印发。
    二、…
    参加人员：张三、李四、…        (bare names separated by 、, the chair first; a name may repeat)
    列席人员：赵六、钱七            (bare names, no departments)

Items are `一、` headings followed by prose, with no （一） decisions: each 会议强调/指出/原则同意…
passage of an item is one of its decisions. A document is approved when a passage agrees to it
(原则同意…《…》, 审议通过《…》).
"""

from __future__ import annotations

import re
from collections import Counter

from ... import lexicon
from ...models import AgendaItem, Minutes, Observer
from ..dates import first_date
from ..departments import responsible_departments
from ..document import Document
from ..layout import ITEM_RE
from ..meeting import approves, body_and_place, book_titles, book_titles_at, meeting_in, plausible_name, title_and_name
from ..people import list_entries
from . import Reader

_OPENED = re.compile(r"(?:现将会议(?:议定事项|主要内容|主要精神)?|会议议定事项|现)?纪要如下[：:]?$")
_PRESENT = re.compile(r"^(参加人员|出席人员|参会人员|参加会议人员)\s*[：:]")
_SITTING_IN = re.compile(r"^(列席人员|列席)\s*[：:]")
_ABSENT = re.compile(r"^(请假人员|请假|缺席)\s*[：:]")
_PASSAGE = re.compile(r"(?<=[。；])(?=会议(?:强调|指出|要求|认为|决定|同意|原则同意|明确|提出|审议通过|原则通过))")
_SESSION = re.compile(r"日(上午|下午|晚上|晚)")


def recognise(doc: Document) -> float:
    cleaned = doc.cleaned
    score = 0.0
    if any(_OPENED.search(p) for p in cleaned[:8]):
        score += 2
    if any(_PRESENT.match(p) or _SITTING_IN.match(p) for p in cleaned):
        score += 2
    if any(ITEM_RE.match(p) and re.match(r"^[一二三四五六七八九十]+、会议", p) for p in cleaned):
        score += 1
    if any(re.match(r"^(?:出\s*席|列\s*席|记\s*录)\s*[：:]", p) for p in cleaned):
        score -= 2  # Suzhou's lists
    return score if score >= 3 else 0.0


def read(doc: Document) -> Minutes:
    cleaned = doc.cleaned
    warnings: list[str] = []
    header_idx = next((i for i, p in enumerate(cleaned) if "主持召开" in p and meeting_in(p)), None)
    header = cleaned[header_idx] if header_idx is not None else ""
    title = doc.title or next((p for p in cleaned[:3] if p.endswith("纪要") and len(p) <= 40), None)
    meeting = meeting_in(header) or meeting_in(title or "")
    date = first_date(header) or first_date("\n".join(cleaned[:3]))
    session = _SESSION.search(header)

    chair, chair_title = None, None
    if "主持召开" in header:
        before = header[: header.index("主持召开")]
        before = re.sub(r"(?:同志)?在[^，。]{1,30}$", "", re.split(r"[，,]", before)[-1])
        found = title_and_name(before)
        chair, chair_title = (
            (found[1], found[0]) if found else ((before, None) if plausible_name(before) else (None, None))
        )
    body, place = body_and_place(title, header, doc.meta.get("publisher"))

    start = (header_idx + 1) if header_idx is not None else 0
    items: list[AgendaItem] = []
    attendees: list[str] = []
    observers: list[Observer] = []
    text_end = len(cleaned)
    for i in range(start, len(cleaned)):
        p = cleaned[i]
        present, sitting, absent = _PRESENT.match(p), _SITTING_IN.match(p), _ABSENT.match(p)
        if present or sitting or absent:
            text_end = min(text_end, i)
            m = present or sitting or absent
            assert m is not None
            names = list_entries(p[m.end() :])
            if present:
                attendees += names
            elif sitting:
                observers += [Observer(n, None) for n in names]
            continue
        if text_end < len(cleaned):
            continue  # after the lists: the footer
        head = ITEM_RE.match(p)
        if head:
            heading, _, rest = p[head.end() :].partition("。")
            items.append(AgendaItem(len(items) + 1, heading.strip("：: "), documents=book_titles(heading)))
            if rest.strip():
                items[-1].decisions += _passages(rest)
        elif items:
            items[-1].decisions += _passages(p)
    known = set(lexicon.known_departments())
    for item in items:
        said = "".join(item.decisions)
        approved: set[str] = set()
        listed = set(item.documents)
        for passage in item.decisions:  # each title once, judged by the words just before it
            for at, name in book_titles_at(passage):
                if name not in listed:
                    listed.add(name)
                    item.documents.append(name)
                if approves(passage[max(0, at - 40) : at]):
                    approved.add(name)
        item.approved = [d for d in item.documents if d in approved]
        item.departments = responsible_departments(item.title + "。" + said, known)

    times = Counter(attendees)
    for name in sorted(n for n, k in times.items() if k > 1):
        warnings.append(f"{name} 在参加人员名单中出现了不止一次")
    attendees = list(dict.fromkeys(attendees))
    if meeting is None:
        warnings.append("没有找到会议次数（第N次）")
    if date is None:
        warnings.append("没有找到会议日期")
    if chair is None:
        warnings.append("没有找到主持人")
    if not items:
        warnings.append("没有找到议题")
    if not attendees:
        warnings.append("没有找到参加人员名单")
    return Minutes(
        source=doc.source,
        number=meeting.number if meeting else None,
        date=date,
        title=title,
        doc_number=doc.doc_number,
        city=place,
        body=body,
        meeting_type=meeting.type if meeting else None,
        session=session.group(1) if session else None,
        chair=chair,
        chair_title=chair_title,
        items=items,
        attendees=attendees,
        observers=observers,
        text="\n".join(cleaned),
        warnings=warnings,
    )


def _passages(text: str) -> list[str]:
    return [p.strip() for p in _PASSAGE.split(text) if p.strip()]


READER = Reader("district", recognise, read)
