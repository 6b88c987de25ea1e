"""Suzhou-style 纪要: a header (…主持召开第N次常务会议…), agenda items with their decisions, the
attendance lists (出席, 列席 with departments, 记录) and the footer (整理, 印发, the body)."""

from __future__ import annotations

import re
from collections import Counter

from ... import lexicon
from ...errors import NotMinutes
from ...models import AgendaItem, Minutes, Observer, Representative
from ...numerals import CN_NUM, NUMERAL, cn_to_int
from ...vocabulary import ATTENDEE, OBSERVER, RECORDER
from ..dates import DATE_RE, date_of, first_date
from ..departments import responsible_departments
from ..document import Document
from ..layout import AGREED_RE, DECISION_RE, FOOTER_RE, ITEM_RE, JOIN_RE, ROLE_RE
from ..people import list_entries, looks_like_name, replace_representatives, split_department
from . import Reader

_HEADER_RE = re.compile(
    rf"主持召开(?P<who>[\u4e00-\u9fff]{{0,12}}?)第(?P<num>{NUMERAL})次(?P<type>[\u4e00-\u9fff]{{0,8}}?会议)"
)
_NUMBER_ANY = re.compile(rf"第(?P<num>{NUMERAL})次(?P<type>[\u4e00-\u9fff]{{0,8}}?会议)")
_SESSION_RE = re.compile(r"日(上午|下午|晚上|晚)")
_TITLES = (
    "常务副市长",
    "副市长",
    "代市长",
    "市长",
    "副省长",
    "省长",
    "副区长",
    "区长",
    "副县长",
    "县长",
    "副主任",
    "主任",
    "副书记",
    "书记",
    "秘书长",
)
_CHAIR_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:同志)?(?:在[\u4e00-\u9fff\d]{1,20})?主持召开")
_COMPILED_RE = re.compile(r"([\u4e00-\u9fff]{2,20}?办公[室厅])整理")
_ISSUED_RE = re.compile(
    rf"([\u4e00-\u9fff]{{2,20}}?办公[室厅])?(\d{{4}}|[{CN_NUM}]{{4}})年({NUMERAL})月({NUMERAL})日印发"
)
_BODY_RE = re.compile(r"^(.+?(?:人民政府|政府))办公[室厅]$")
_CITY_RE = re.compile(r"^(.+?[市县区州盟])人民政府")
_META_RE = re.compile(r"^(信息名称|索引号|法定主动公开分类|主题分类|文件编号|发文机关|成文日期|发布日期)[：:]\s*(.*)$")


def _parse_chair(header: str) -> tuple[str | None, str | None]:
    m = _CHAIR_RE.search(header)
    if not m:
        return None, None
    who = re.split(r"[日午上下晚，,]", m.group(1))[-1]
    for title in _TITLES:
        if who.endswith(title) and 2 <= len(who) - len(title) <= 4:
            return who[: -len(title)], title
        idx = who.rfind(title)
        if idx >= 0 and 2 <= len(who) - idx - len(title) <= 4:
            return who[idx + len(title) :], title
    if 2 <= len(who) <= 4:
        return who, None
    return None, None


class SuzhouReader:
    def __init__(self, doc: Document):
        self.source = doc.source
        self.path = doc.path
        self.doc = doc
        self.raw = doc.raw
        self.warnings: list[str] = []

    def parse(self) -> Minutes:
        title, doc_number = self.doc.title, self.doc.doc_number
        raw = self.raw
        if not raw:
            raise NotMinutes(self.path, "not a meeting record (不是会议记录): no text")
        cleaned = self.doc.cleaned

        # Metadata block and title lines before the header.
        header_idx = next((i for i, p in enumerate(cleaned) if _HEADER_RE.search(p)), None)
        if header_idx is None:
            header_idx = next((i for i, p in enumerate(cleaned) if _NUMBER_ANY.search(p) and first_date(p)), None)
        meta: dict[str, str] = {}
        for p in cleaned[: header_idx if header_idx is not None else min(len(cleaned), 8)]:
            m = _META_RE.match(p)
            if m:
                meta[m.group(1)] = m.group(2).strip()
            elif title is None and p.endswith("纪要") and len(p) <= 40:
                title = p
        title = title or meta.get("信息名称")
        doc_number = doc_number or meta.get("文件编号") or None

        # Attendance starts at the first role marker after the header; footer after that.
        start = header_idx if header_idx is not None else 0
        att_idx = next(
            (i for i in range(start, len(raw)) if ROLE_RE.match(cleaned[i]) or JOIN_RE.match(cleaned[i])), None
        )
        foot_search = att_idx if att_idx is not None else start + 1
        foot_idx = next(
            (i for i in range(foot_search, len(raw)) if FOOTER_RE.search(cleaned[i]) and not ROLE_RE.match(cleaned[i])),
            len(raw),
        )
        if att_idx is None:
            att_idx = foot_idx

        header = cleaned[header_idx] if header_idx is not None else ""
        number, meeting_type = self._number(header, cleaned[:att_idx], title)
        date = first_date(header) or self._date_before_agenda(cleaned[:att_idx])
        if number is None and date is None:
            raise NotMinutes(
                self.path, "not a meeting record (不是会议记录): no meeting date and no meeting number found"
            )
        if number is None:
            self.warnings.append("没有找到会议次数（第N次）：按日期收录")
        if date is None:
            self.warnings.append("没有找到会议日期：按次数收录")

        session = _SESSION_RE.search(header)
        chair, chair_title = _parse_chair(header)
        body_paras = cleaned[(header_idx + 1 if header_idx is not None else 0) : att_idx]
        known = set(lexicon.known_departments())

        record = Minutes(
            source=self.source,
            number=number,
            date=date,
            title=title,
            doc_number=doc_number,
            meeting_type=meeting_type,
            session=session.group(1) if session else None,
            chair=chair,
            chair_title=chair_title,
        )
        att_lines = self._attendance(record, raw[att_idx:foot_idx], known)
        known |= {o.department for o in record.observers if o.department}
        record.items = self._items(body_paras, known)
        self._footer(record, cleaned[foot_idx:], "\n".join(cleaned))
        self._check(record, header_idx is not None, att_idx < foot_idx)
        text_paras = cleaned[:att_idx] + att_lines + cleaned[foot_idx:]
        record.text = "\n".join(text_paras)
        record.warnings = self.warnings
        return record

    # -- header

    def _number(self, header: str, paras: list[str], title: str | None) -> tuple[int | None, str | None]:
        for text in [header, title or "", *paras]:
            m = _HEADER_RE.search(text) or _NUMBER_ANY.search(text)
            if m:
                try:
                    return cn_to_int(m.group("num")), m.group("type")
                except ValueError:
                    continue
        return None, None

    def _date_before_agenda(self, paras: list[str]) -> str | None:
        for p in paras:
            if ITEM_RE.match(p) or AGREED_RE.match(p):
                break
            value = first_date(p)
            if value:
                return value
        return None

    # -- agenda

    def _items(self, paras: list[str], known: set[str]) -> list[AgendaItem]:
        items: list[AgendaItem] = []
        started = False
        for p in paras:
            if AGREED_RE.search(p) and not items:
                started = True
                continue
            head = ITEM_RE.match(p)
            if head:
                started = True
                title = p[head.end() :].strip()
                decisions: list[str] = []
                first_stop = title.find("。")
                if 0 <= first_stop < len(title) - 1 and len(title) > 60:
                    title, rest = title[:first_stop], title[first_stop + 1 :]
                    decisions.append(rest)
                items.append(
                    AgendaItem(number=cn_to_int(head.group(1)), title=title.rstrip("。；;：:"), decisions=decisions)
                )
                continue
            if not started:
                continue
            dec = DECISION_RE.match(p)
            if dec and items:
                items[-1].decisions.append(p[dec.end() :].strip())
            elif items:
                if items[-1].decisions and not items[-1].decisions[-1].endswith(("。", "：", ":", "；")):
                    items[-1].decisions[-1] += p  # a paragraph split by a page break
                else:
                    items[-1].decisions.append(p)
            elif dec:
                self.warnings.append(f"第（{dec.group(1)}）条出现在任何议题之前")
        for item in items:
            item.departments = responsible_departments(item.title + "。" + "。".join(item.decisions), known)
        return items

    # -- attendance

    def _attendance(self, record: Minutes, raw_paras: list[str], known: set[str]) -> list[str]:
        """Fill attendees, observers, representatives, recorder; return the normalised lines."""
        contents: dict[str, list[str]] = {}
        order: list[str] = []
        role = None
        for p in raw_paras:
            m = ROLE_RE.match(p) or JOIN_RE.match(p)
            if m:
                role = re.sub(r"\s+", "", m.group(1)) if m.re is ROLE_RE else ATTENDEE.word
                if role not in contents:
                    contents[role] = []
                    order.append(role)
                p = p[m.end() :]
            elif role == RECORDER.word and contents[RECORDER.word]:
                role = None  # a recorder line is one paragraph; anything after is stray text
            if role is None:
                continue
            contents[role].append(p)

        lines = []
        for role in order:
            content = " ".join(contents[role])
            if role == OBSERVER.word:
                content = self._representatives(record, content, known)
            entries = list_entries(content)
            if role == ATTENDEE.word:
                record.attendees = entries
                for e in entries:
                    if not looks_like_name(e):
                        self.warnings.append(f"出席名单中的「{e}」看起来不像人名")
            elif role == OBSERVER.word:
                record.observers = self._observers(entries, known)
            elif role == RECORDER.word:
                record.recorder = "、".join(entries) or None
            shown = entries + [f"{'、'.join(r.department for r in record.representatives)}的代表"] * (
                role == OBSERVER.word and bool(record.representatives)
            )
            lines.append(f"{role}：" + " ".join(shown))
        return lines

    def _representatives(self, record: Minutes, content: str, known: set[str]) -> str:
        def take(named: str) -> str:
            parts = [p for p in re.split(r"[、，,]", named) if p]
            depts: list[str] = []
            while parts:  # in a 、-separated list, only the trailing organisations sent representatives
                last = parts[-1]
                if depts and (looks_like_name(last) or split_department(last, known)[2]):
                    break
                depts.insert(0, parts.pop())
            record.representatives.extend(Representative(d) for d in depts)
            return " " + " ".join(parts) + " "

        return replace_representatives(content, take)

    def _observers(self, entries: list[str], known: set[str]) -> list[Observer]:
        observers: list[Observer] = []
        for entry in entries:
            if looks_like_name(entry):
                observers.append(Observer(entry, None))
                continue
            dept, name, certain = split_department(entry, known)
            if not name:
                self.warnings.append(f"列席名单中的「{entry}」找不到人名，按人名保留")
                observers.append(Observer(entry, None))
                continue
            if not certain:
                self.warnings.append(f"列席名单中的「{entry}」拆分不确定：{dept} + {name}")
            observers.append(Observer(name, dept))
        return observers

    # -- footer

    def _footer(self, record: Minutes, paras: list[str], full_text: str) -> None:
        footer = "\n".join(paras)
        m = _COMPILED_RE.search(footer)
        if m:
            record.compiled_by = m.group(1)
            record.compiled_date = first_date(footer[m.end() :])
        issued = _ISSUED_RE.search(footer)
        if issued:
            record.issued_date = date_of(
                re.match(DATE_RE, "".join((issued.group(2), "年", issued.group(3), "月", issued.group(4), "日")))
            )
            if (
                record.compiled_date == record.issued_date
                and m
                and footer.find("印发", m.end()) < footer.find("日", m.end()) + 3
            ):
                record.compiled_date = None  # the only date after 整理 was the issue date
        office = record.compiled_by or (issued.group(1) if issued and issued.group(1) else None)
        if office:
            b = _BODY_RE.match(office)
            record.body = b.group(1) if b else None
        if record.body:
            c = _CITY_RE.match(record.body)
            record.city = c.group(1) if c else None
        if record.city is None:
            c = re.search(r"([\u4e00-\u9fff]{2,4}?[市县])人民政府", full_text)
            if c:
                record.city = c.group(1)

    def _check(self, record: Minutes, has_header: bool, has_attendance: bool) -> None:
        w = self.warnings
        if not has_header:
            w.append("没有找到开头的会议说明（…主持召开…第N次…会议）")
        if not record.items:
            w.append("没有找到议题")
        if not has_attendance:
            w.append("没有找到出席/列席名单")
        elif record.recorder is None:
            w.append("没有“记录”一行：出席名单可能不完整（文件被截断？）")
        if record.compiled_date is None and record.issued_date is None:
            w.append("没有找到落款（整理或印发日期）：文件可能不完整")
        departments: dict[str, list[str]] = {}
        for o in record.observers:
            if o.department:
                departments.setdefault(o.name, [])
                if o.department not in departments[o.name]:
                    departments[o.name].append(o.department)
        for name, depts in departments.items():
            if len(depts) > 1:
                w.append(f"{name} 在 {len(depts)} 个部门下列出：{'、'.join(depts)}")
        observed = {o.name for o in record.observers}
        both = [n for n in record.attendees if n in observed]
        for name in both:
            w.append(f"{name} 同时列在出席和列席中")
        times = Counter(record.attendees)
        dups = sorted(n for n, k in times.items() if k > 1)
        for name in dups:
            w.append(f"{name} 在出席名单中出现了不止一次")


MEETING_MARK = re.compile(
    r"主持召开|纪要如下|出\s*席\s*[：:]|列\s*席\s*[：:]|参加会议|出席会议|列席会议|会议议定|会议决定"
)


def recognise(doc: Document) -> float:
    """Sure of a header (…主持召开第N次…会议) with 出席/列席 lists; the fallback for any other text
    that is evidently about a meeting and has its date or number (a cut-off copy)."""
    cleaned = doc.cleaned
    score = 0.0
    if any(_HEADER_RE.search(p) for p in cleaned[:12]):
        score += 2
    if any(ROLE_RE.match(p) for p in cleaned):
        score += 2
    if any(ITEM_RE.match(p) for p in cleaned) and any(AGREED_RE.search(p) for p in cleaned):
        score += 1
    if score == 0:
        text = "\n".join(cleaned)
        if MEETING_MARK.search(text) and (first_date(text) or _NUMBER_ANY.search(text)):
            score = 0.5
    return score


READER = Reader("suzhou", recognise, lambda doc: SuzhouReader(doc).parse())
