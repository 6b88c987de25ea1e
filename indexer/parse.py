"""Text → Minutes: undo the published layout, then read header, agenda, attendance and footer.

See FORMAT notes in README. Parsing never imports the index or the web app.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import lexicon
from .errors import ParseError
from .models import AgendaItem, Minutes, Observer, Representative
from .numerals import CN_NUM, cn_to_int
from .sources import Source, read_source

# ---------------------------------------------------------------- numerals and dates

_NUM = rf"(?:\d+|[{CN_NUM}]+)"
DATE_RE = re.compile(rf"(\d{{4}}|[{CN_NUM}]{{4}})年({_NUM})月({_NUM})日")


def _date(match: re.Match) -> str | None:
    try:
        y, m, d = (cn_to_int(g) for g in match.groups()[:3])
    except ValueError:
        return None
    if not (1949 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def first_date(text: str) -> str | None:
    for m in DATE_RE.finditer(text):
        value = _date(m)
        if value:
            return value
    return None


# ---------------------------------------------------------------- layout: lines → paragraphs

_ITEM_RE = re.compile(r"^([一二三四五六七八九十]+)、")
_DECISION_RE = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
_ROLE_RE = re.compile(r"^(出\s*席|列\s*席|记\s*录|请\s*假|缺\s*席)(?:人员|同志|领导)?\s*[：:]")
_JOIN_RE = re.compile(r"^参加(?:此次|本次)?会议(?:的)?(?:有|人员|同志)\s*[：:]")
_FOOTER_RE = re.compile(r"^(?:分送|抄送|[（(]此件|此件公开)|办公[室厅]\s*整理|办公[室厅].*印发")
_AGREED_RE = re.compile(r"^会议(?:议定|决定|确定|认为|纪要如下)|纪要如下[：:]?$")
_CLOSING_PUNCT = "。：:；;！？!?”"


def _is_block_start(line: str) -> bool:
    return bool(
        _DECISION_RE.match(line)
        or _ROLE_RE.match(line)
        or _JOIN_RE.match(line)
        or line.startswith("会议议定")
        or _FOOTER_RE.search(line)
    )


def _collapse(line: str) -> str:
    return re.sub(r"\s+", "", line)


def is_hard_wrapped(lines: list[str], blank_after: float = 0.0) -> bool:
    """PDF-extracted text: many lines filled to the same printed width.

    `blank_after` is the share of lines followed by an empty line, which PDF extraction produces
    for every printed line; with it, a smaller share of full-width lines is enough (short
    documents have proportionally more short lines).
    """
    widths = [len(line.strip()) for line in lines]
    widths = [w for w in widths if w]
    if len(widths) < 8 or max(widths) < 16:
        return False
    full = max(sum(1 for w in widths if abs(w - center) <= 2) for center in set(widths) if center >= 16)
    return full >= 0.4 * len(widths) or (blank_after >= 0.7 and full >= 0.25 * len(widths))


def paragraphs(text: str, hard_wrapped: bool | None = None) -> list[str]:
    """Rejoin hard-wrapped lines into paragraphs; inner spacing is kept for the list parser.

    In PDF text a line ending in whitespace ends a paragraph (or an attendance entry), a line
    ending in a character continues, and a page break's leading space is not a separator.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    raw_lines = text.split("\n")
    lines = [line for line in raw_lines if line.strip()]
    if hard_wrapped is None:
        followed = sum(1 for a, b in zip(raw_lines, raw_lines[1:]) if a.strip() and not b.strip())
        hard_wrapped = is_hard_wrapped(lines, followed / max(len(lines), 1))
    if not hard_wrapped:
        return [line.strip() for line in lines]

    result: list[str] = []
    current = ""
    last_item = 0
    for line in lines:
        body = line.strip()
        if current and _breaks_before(current, body, last_item):
            result.append(current)
            current = ""
        item = _ITEM_RE.match(body)
        if item and not current:
            last_item = _safe_num(item.group(1))
        current += body
        if line[-1].isspace():  # a line ending in whitespace ends the paragraph or entry
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return result


def _breaks_before(current: str, line: str, last_item: int) -> bool:
    """Whether a wrapped line starts a new paragraph although the previous line ran on."""
    item = _ITEM_RE.match(line)
    if item:
        return current[-1] in _CLOSING_PUNCT or _safe_num(item.group(1)) == last_item + 1
    return _is_block_start(line)


def _safe_num(text: str) -> int:
    try:
        return cn_to_int(text)
    except ValueError:
        return -1


def clean_prose(text: str) -> str:
    """Drop layout spaces; keep one space only between two ASCII words (e.g. 'PM 2.5' stays)."""
    text = re.sub(
        r"(?<=[A-Za-z0-9])[ \t\u00a0\u3000]+(?=[A-Za-z])|(?<=[A-Za-z])[ \t\u00a0\u3000]+(?=[A-Za-z0-9])", "\x00", text
    )
    return re.sub(r"\s+", "", text).replace("\x00", " ")


# ---------------------------------------------------------------- attendance lists

_LIST_SEP = re.compile(r"[\s、，,；;]+")
_REPRESENTATIVES_RE = re.compile(
    r"([^\s，,；;：:。]+?)(?:等(?:单位|部门))?(?:的|派)?(?:有关)?(?:负责同志|代表)(?=[\s，,；;。]|$)"
)
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")


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
    return len(entry) == 4 and lexicon.surname_of(entry) is not None and len(lexicon.surname_of(entry)) == 2


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
        score = 0
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


# ---------------------------------------------------------------- responsible departments

_RESPONSIBLE_VERB = re.compile(
    r"(?:要|牵头|负责|会同|关于|抓紧|尽快|做好|进一步|切实|加快|联合|配合|共同|组织|研究|认真|继续|积极|全力|统筹|承担|具体|将|已)"
)
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


def _department_starting_at(text: str, start: int, known: set[str]) -> str | None:
    """The department named at `start`: the longest known one, else the shortest that reads as one
    (so that 市财政局会同… is 市财政局)."""
    for end in range(min(len(text), start + 16), start + 1, -1):
        if text[start:end] in known:
            return text[start:end]
    for end in range(start + 3, min(len(text), start + 16) + 1):
        if _valid_department(text[start:end], known):
            return text[start:end]
    return None


def responsible_departments(text: str, known: set[str]) -> list[str]:
    """Departments a decision names as responsible: '市审计局要…', '原则同意市发改委关于…', and
    '由X…' whatever follows (由市应急局根据…发文, 由市财政局会同…), also 、-joined lists."""
    found: list[tuple[int, str]] = []  # (where it is named, department)
    for by in re.finditer("由", text):
        pos = by.end()
        while (dept := _department_starting_at(text, pos, known)) is not None:
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


# ---------------------------------------------------------------- the parser

_HEADER_RE = re.compile(
    rf"主持召开(?P<who>[\u4e00-\u9fff]{{0,12}}?)第(?P<num>{_NUM})次(?P<type>[\u4e00-\u9fff]{{0,8}}?会议)"
)
_NUMBER_ANY = re.compile(rf"第(?P<num>{_NUM})次(?P<type>[\u4e00-\u9fff]{{0,8}}?会议)")
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
_ISSUED_RE = re.compile(rf"([\u4e00-\u9fff]{{2,20}}?办公[室厅])?(\d{{4}}|[{CN_NUM}]{{4}})年({_NUM})月({_NUM})日印发")
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


class _Parser:
    def __init__(self, text: str, source: str, hard_wrapped: bool | None, path: str | None = None):
        self.source = source
        self.path = path or source
        self.raw = paragraphs(text, hard_wrapped)
        self.warnings: list[str] = []

    def parse(self, title: str | None = None, doc_number: str | None = None) -> Minutes:
        raw = self.raw
        if not raw:
            raise ParseError(self.path, "no text")
        cleaned = [clean_prose(p) for p in raw]

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
            (i for i in range(start, len(raw)) if _ROLE_RE.match(cleaned[i]) or _JOIN_RE.match(cleaned[i])), None
        )
        foot_search = att_idx if att_idx is not None else start + 1
        foot_idx = next(
            (
                i
                for i in range(foot_search, len(raw))
                if _FOOTER_RE.search(cleaned[i]) and not _ROLE_RE.match(cleaned[i])
            ),
            len(raw),
        )
        if att_idx is None:
            att_idx = foot_idx

        header = cleaned[header_idx] if header_idx is not None else ""
        number, meeting_type = self._number(header, cleaned[:att_idx], title)
        date = first_date(header) or self._date_before_agenda(cleaned[:att_idx])
        missing = [what for what, value in (("meeting date", date), ("meeting number", number)) if value is None]
        if missing:
            raise ParseError(self.path, "not minutes: no " + " and no ".join(missing) + " found")

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
            if _ITEM_RE.match(p) or _AGREED_RE.match(p):
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
            if _AGREED_RE.search(p) and not items:
                started = True
                continue
            head = _ITEM_RE.match(p)
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
            dec = _DECISION_RE.match(p)
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
            m = _ROLE_RE.match(p) or _JOIN_RE.match(p)
            if m:
                role = re.sub(r"\s+", "", m.group(1)) if m.re is _ROLE_RE else "出席"
                if role not in contents:
                    contents[role] = []
                    order.append(role)
                p = p[m.end() :]
            elif role == "记录" and contents["记录"]:
                role = None  # a recorder line is one paragraph; anything after is stray text
            if role is None:
                continue
            contents[role].append(p)

        lines = []
        for role in order:
            content = " ".join(contents[role])
            if role == "列席":
                content = self._representatives(record, content, known)
            entries = list_entries(content)
            if role == "出席":
                record.attendees = entries
                for e in entries:
                    if not looks_like_name(e):
                        self.warnings.append(f"出席名单中的「{e}」看起来不像人名")
            elif role == "列席":
                record.observers = self._observers(entries, known)
            elif role == "记录":
                record.recorder = "、".join(entries) or None
            shown = entries + [f"{'、'.join(r.department for r in record.representatives)}的代表"] * (
                role == "列席" and bool(record.representatives)
            )
            lines.append(f"{role}：" + " ".join(shown))
        return lines

    def _representatives(self, record: Minutes, content: str, known: set[str]) -> str:
        def take(m: re.Match) -> str:
            parts = [p for p in re.split(r"[、，,]", m.group(1)) if p]
            depts: list[str] = []
            while parts:  # in a 、-separated list, only the trailing organisations sent representatives
                last = parts[-1]
                if depts and (looks_like_name(last) or split_department(last, known)[2]):
                    break
                depts.insert(0, parts.pop())
            record.representatives.extend(Representative(d) for d in depts)
            return " " + " ".join(parts) + " "

        return _REPRESENTATIVES_RE.sub(take, content)

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
            record.issued_date = _date(
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
        both = [n for n in record.attendees if any(o.name == n for o in record.observers)]
        for name in both:
            w.append(f"{name} 同时列在出席和列席中")
        dups = sorted({n for n in record.attendees if record.attendees.count(n) > 1})
        for name in dups:
            w.append(f"{name} 在出席名单中出现了不止一次")


def parse_text(
    text: str,
    source: str = "<text>",
    *,
    hard_wrapped: bool | None = None,
    title: str | None = None,
    doc_number: str | None = None,
    path: str | None = None,
) -> Minutes:
    """Parse minutes text; raises ParseError (naming `path`, else `source`) if it is not minutes."""
    return _Parser(text, source, hard_wrapped, path).parse(title=title, doc_number=doc_number)


def parse_source(src: Source) -> Minutes:
    record = parse_text(
        src.text,
        Path(src.path).name,
        hard_wrapped=src.hard_wrapped,
        title=src.title,
        doc_number=src.doc_number,
        path=src.path,
    )
    record.warnings[:0] = src.warnings  # what reading the file noticed comes first
    return record


def parse_file(path: str | Path) -> Minutes:
    """Read and parse one file; raises SourceError or ParseError with a one-line reason."""
    return parse_source(read_source(path))
