"""News-style meeting reports (会议报道): one or a few paragraphs, no numbered items.

    平潭网8月26日讯（融媒体记者 王婷）25日，实验区党工委副书记、管委会主任黄建波主持召开管委会
    2023年第15次主任办公会，研究…，审议并原则通过《A》《B》。会议指出，…。会议强调，…。
    会议还研究了其他事项。实验区领导A、B，二级巡视员C参加会议。

- the date is often the day alone, completed from the publication date (a later day than the
  publication's is the month before); a byline's date is the publication's, the meeting's follows;
- the opening sentence's clauses after the meeting's name are its agenda items (审议并原则通过《…》
  approves, 审议《…》 only reviews, 听取…, 研究…);
- each 会议强调/指出/要求… passage is a decision, under the item it speaks of most;
- the attendance sentence (…参加会议, 出席会议, 列席会议) names groups separated by `，`, each a
  title (or an organisation and a title) and names separated by `、`.
"""

from __future__ import annotations

import re

from ... import lexicon
from ...errors import NotMinutes
from ...models import AgendaItem, Minutes, Observer
from ...vocabulary import OBSERVER
from ..departments import responsible_departments
from ..document import Document
from ..meeting import (
    DAY_RE,
    approves,
    attach_passages,
    body_and_place,
    book_titles,
    completed_date,
    meeting_in,
    people_group,
    plausible_name,
    split_outside,
    title_and_name,
)
from . import Reader

_BYLINE = re.compile(
    r"^(?P<outlet>[\u4e00-\u9fff]{2,10}?)(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?:电|讯|消息)"
    r"\s*(?:[（(][^）)]{0,40}[）)])?\s*"
)
_CONVENED = re.compile(r"主持召开|主持(?=[^。]{0,40}会)")
_PASSAGE = re.compile(
    r"(?:^|(?<=[。；！]))\s*会议(?:还)?(?:强调|指出|要求|认为|提出|明确|决定|同意|原则同意|研究决定|部署)"
)
_OTHER_BUSINESS = re.compile(r"会议还(?:研究|审议|讨论)了?其他事项。?")
_ATTENDED = re.compile(r"(?:等)?(参加|出席|列席)(?:了)?(?:本次|此次)?会议")
_AGENDA_SENTENCE = re.compile(r"^会议(?:还|同时|并)?(?=审议|听取|研究(?!了?其他)|传达|学习|审定)")
_AGENDA_AT = re.compile(r"(?:^|(?<=[。；！]))\s*会议(?:还|同时|并)?(?:审议|听取|研究(?!了?其他)|传达|学习|审定)")

_VERB_START = re.compile(r"^(?:会议)?(?:还)?(?:审议|听取|研究|传达|学习|分析|调度|部署|总结|通报|讨论|审定|专题)")


def recognise(doc: Document) -> float:
    """Sure when the opening paragraph convenes a numbered meeting and no 纪要 layout shows
    (no 出席：/列席： lists, no 纪要如下, no numbered items)."""
    text = "\n".join(doc.cleaned)
    if _opening(doc.cleaned) is None:
        return 0.0
    if re.search(r"^(?:出\s*席|列\s*席|记\s*录|参加人员|列席人员)\s*[：:]|纪要如下", text, re.M):
        return 0.0
    if re.search(r"^[一二三四五六七八九十]+、", text, re.M):
        return 0.0
    return 3.0 + (1.0 if _ATTENDED.search(text) else 0.0)


def _opening(paras: list[str]) -> tuple[int, int, re.Match[str] | None] | None:
    """Where the report opens: (paragraph, offset of its opening sentence, the byline) — the first
    sentence of the first three paragraphs that convenes a numbered meeting; what comes before it
    (a headline, a lead) is text but not structure. None when no sentence does."""
    for k, para in enumerate(paras[:3]):
        byline = _BYLINE.match(para)
        start = byline.end() if byline else 0
        for sentence in re.finditer(r"[^。]+。?", para[start:]):
            if _CONVENED.search(sentence.group()) and meeting_in(sentence.group()) is not None:
                return k, start + sentence.start(), byline
    return None


def read(doc: Document) -> Minutes:
    return _ReportReader(doc).read()


class _ReportReader:
    def __init__(self, doc: Document):
        self.doc = doc
        self.warnings: list[str] = []

    def read(self) -> Minutes:
        doc = self.doc
        found = _opening(doc.cleaned)
        if found is None:
            raise NotMinutes(doc.path, "not a meeting record (不是会议记录): no sentence convenes a numbered meeting")
        k, offset, byline = found
        paras = list(doc.cleaned[k:])
        reference = doc.published
        if byline:
            dated = completed_date(byline.group("y"), byline.group("m"), byline.group("d"), reference)
            reference = dated or reference
        paras[0] = paras[0][offset:]
        text = "\n".join(paras)
        opening, _, rest = paras[0].partition("。")
        opening_end = len(opening) + 1

        date, session = self._date(opening, reference)
        meeting = meeting_in(opening)
        convened = _CONVENED.search(opening)
        if meeting is None or convened is None:  # _opening() saw both
            raise NotMinutes(doc.path, "not a meeting record (不是会议记录): no sentence convenes a numbered meeting")
        chair, chair_title = self._chair(opening[: convened.start()])
        body, place = body_and_place(doc.title, opening, doc.meta.get("publisher"))
        if body is None and meeting.who:
            body = meeting.who
        if date is None:
            self.warnings.append("会议日期没有写全，也没有发布日期可以补全")

        after_meeting = opening[opening.find(meeting.type, convened.end()) + len(meeting.type) :]
        attendance = self._attendance_span(text)
        clauses = [c.strip() for c in split_outside(after_meeting, "，,；;") if c.strip()]
        passages = []
        for passage in self._passages(text, opening_end, attendance):
            agenda = _AGENDA_SENTENCE.match(passage)
            if agenda:  # 会议审议并原则通过《…》。: more items, not a decision
                clauses += [c.strip() for c in split_outside(passage[agenda.end() :].rstrip("。"), "，,；;")]
            else:
                passages.append(passage)
        items = self._items(clauses)
        attach_passages(items, passages, body=body)
        known = set(lexicon.known_departments())
        for item in items:
            item.departments = responsible_departments(item.title + "。" + "。".join(item.decisions), known)

        record = Minutes(
            source=doc.source,
            number=meeting.number,
            date=date,
            title=doc.title,
            doc_number=doc.doc_number,
            city=place,
            body=body,
            meeting_type=meeting.type,
            session=session,
            chair=chair,
            chair_title=chair_title,
            items=items,
            text="\n".join(p for p in doc.cleaned),
        )
        if attendance is not None:
            self._people(record, text[attendance[0] : attendance[1]], attendance[2])
        else:
            self.warnings.append("没有找到参加会议的人员")
        if chair is None:
            self.warnings.append("没有找到主持人")
        if body is None:
            self.warnings.append("没有找到召开会议的机构")
        if not items:
            self.warnings.append("没有找到议题")
        record.warnings = self.warnings
        return record

    # -- opening sentence

    def _date(self, opening: str, reference: str | None) -> tuple[str | None, str | None]:
        m = DAY_RE.match(opening)
        if not m:
            return None, None
        return completed_date(m.group("y"), m.group("m"), m.group("d"), reference), m.group("session")

    def _chair(self, before: str) -> tuple[str | None, str | None]:
        who = re.sub(r"在[\u4e00-\u9fff\d]{1,20}$", "", re.split(r"[，,]", before)[-1])
        found = title_and_name(who)
        if found:
            return found[1], found[0]
        return (who, None) if plausible_name(who) else (None, None)

    # -- agenda and decisions

    def _items(self, clauses: list[str]) -> list[AgendaItem]:
        items: list[AgendaItem] = []
        for clause in clauses:
            if _ATTENDED.search(clause) or not (_VERB_START.match(clause) or "《" in clause):
                continue
            documents = book_titles(clause)
            approved = documents if documents and _approves(clause) else []
            items.append(AgendaItem(len(items) + 1, clause.rstrip("等"), documents=documents, approved=approved))
        return items

    def _passages(self, text: str, start: int, attendance: tuple[int, int, str] | None) -> list[str]:
        """The 会议强调/指出/要求… passages after the opening sentence, up to the attendance."""
        end = attendance[0] if attendance and attendance[0] >= start else len(text)  # not in the opening
        body = _OTHER_BUSINESS.sub("\n", text[start:end])
        marks = sorted({m.start() for m in _PASSAGE.finditer(body)} | {m.start() for m in _AGENDA_AT.finditer(body)})
        if not marks:
            return [p.strip() for p in body.split("\n") if p.strip()]
        lead = body[: marks[0]].strip()
        out = [lead] if lead else []
        for a, b in zip(marks, [*marks[1:], len(body)]):
            passage = re.sub(r"\s*\n\s*", "", body[a:b]).strip()
            if passage:
                out.append(passage)
        return out

    # -- attendance

    def _attendance_span(self, text: str) -> tuple[int, int, str] | None:
        """(start, end, verb) of the attendance: the groups before …参加会议 back to the sentence's
        start, or to the first comma-separated group that is not people."""
        marks = list(_ATTENDED.finditer(text))
        if not marks:
            return None
        m = marks[-1]
        sentence_start = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        groups = split_outside(text[sentence_start : m.start()], "，,")
        start = m.start()
        for group in reversed(groups):
            if not people_group(group):
                break
            start = text.rfind(group, sentence_start, start)
        if start == m.start():
            return None
        return start, m.start(), m.group(1)

    def _people(self, record: Minutes, span: str, verb: str) -> None:
        for group in split_outside(span, "，,"):
            for position in people_group(group) or []:
                record.positions.append(position)
                if verb == "列席":
                    record.observers.append(Observer(position.name, position.department))
                else:
                    record.attendees.append(position.name)
        if verb == "列席" and record.observers:
            self.warnings.append(f"只有{OBSERVER.word}人员，没有出席人员名单")


def _approves(clause: str) -> bool:
    head = clause.split("《", 1)[0]
    return approves(head)


READER = Reader("report", recognise, read)
