"""Labelled-field pages (会议回放): fields instead of prose.

    会议名称：XX区人民政府第12次常务会议
    会议时间：2024年5月6日上午 9:00
    会议地点：区政府第一会议室
    会议主持人：区长 张三
    出席人员：张三、李四、王五
    列席情况：区发改局李四、区财政局 王五
    会议议题：1.审议《…》；2.听取…
    会议过程：
    【张三】…
    【李四】…

The 议题 are the items; each speaker's words in 会议过程 are a decision under the item they speak
of most, kept with the speaker's name (【张三】…).
"""

from __future__ import annotations

import re

from ... import lexicon
from ...models import AgendaItem, Minutes, Observer
from ..dates import first_date
from ..departments import responsible_departments
from ..document import Document
from ..meeting import attach_passages, body_and_place, book_titles, meeting_in, plausible_name, title_and_name
from ..people import list_entries, looks_like_name, split_department
from . import Reader

_LABELS = {
    "name": ("会议名称", "会议主题"),
    "time": ("会议时间", "时间"),
    "place": ("会议地点", "地点"),
    "chair": ("会议主持人", "主持人", "会议主持"),
    "present": ("出席人员", "参会人员", "出席情况", "参加人员", "出席领导"),
    "sitting": ("列席情况", "列席人员", "列席单位"),
    "topics": ("会议议题", "议题", "会议内容"),
    "process": ("会议过程", "会议纪实", "会议实录"),
    "recorder": ("记录人", "记录"),
}
_KEY_OF = {label: key for key, labels in _LABELS.items() for label in labels}
_LABEL_RE = re.compile(r"^(" + "|".join(sorted(_KEY_OF, key=len, reverse=True)) + r")\s*[：:]\s*")
_TOPIC_SPLIT = re.compile(r"(?:^|[；;。\s])(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.、．)）]\s*")
_SPEAKER = re.compile(r"【([^】]{2,12})】")
_SESSION = re.compile(r"(上午|下午|晚上)")


def recognise(doc: Document) -> float:
    keys = {_KEY_OF[m.group(1)] for p in doc.cleaned if (m := _LABEL_RE.match(p))}
    core = keys & {"time", "chair", "topics", "process", "sitting"}
    return 5.0 if len(core) >= 3 else 0.0


def read(doc: Document) -> Minutes:
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for raw, p in zip(doc.raw, doc.cleaned):
        m = _LABEL_RE.match(p)
        if m:
            current = _KEY_OF[m.group(1)]
            value = p[m.end() :]
            raw_m = _LABEL_RE.match(raw.strip())
            fields.setdefault(current, []).append(raw.strip()[raw_m.end() :] if raw_m else value)
        elif current in ("process", "topics"):
            fields[current].append(raw.strip())
    one = {key: re.sub(r"\s+", "", values[0]) if values else "" for key, values in fields.items()}
    warnings: list[str] = []

    title = doc.title or next((p for p in doc.cleaned[:2] if not _LABEL_RE.match(p) and len(p) <= 40), None)
    name = one.get("name") or title or ""
    meeting = meeting_in(name) or meeting_in(title or "")
    date = first_date(one.get("time", ""))
    session = _SESSION.search(one.get("time", ""))
    body, place = body_and_place(name, title, doc.meta.get("publisher"))

    chair, chair_title = None, None
    if "chair" in fields:
        who = re.sub(r"\s+", "", fields["chair"][0])
        found = title_and_name(who)
        chair, chair_title = (found[1], found[0]) if found else ((who, None) if plausible_name(who) else (None, None))

    known = set(lexicon.known_departments())
    attendees = list_entries(fields["present"][0]) if "present" in fields else []
    observers: list[Observer] = []
    for entry in _joined(list_entries(fields["sitting"][0]) if "sitting" in fields else []):
        if looks_like_name(entry):
            observers.append(Observer(entry, None))
            continue
        dept, person, certain = split_department(entry, known)
        if not person:
            warnings.append(f"列席情况中的「{entry}」找不到人名，按人名保留")
            observers.append(Observer(entry, None))
        else:
            if not certain:
                warnings.append(f"列席情况中的「{entry}」拆分不确定：{dept} + {person}")
            observers.append(Observer(person, dept))

    topics = "；".join(re.sub(r"\s+", "", t) for t in fields.get("topics", []))
    items: list[AgendaItem] = []
    for topic in (t.strip("；;。 ") for t in _TOPIC_SPLIT.split(topics)):
        if topic:
            items.append(AgendaItem(len(items) + 1, topic, documents=book_titles(topic)))
    process = "".join(re.sub(r"\s+", "", t) for t in fields.get("process", []))
    marks = [m.start() for m in _SPEAKER.finditer(process)]
    passages = [process[a:b].strip() for a, b in zip(marks, [*marks[1:], len(process)])] if marks else []
    if process and not marks:
        passages = [process]
    attach_passages(items, passages, body=body)
    for item in items:
        item.departments = responsible_departments(item.title + "。" + "。".join(item.decisions), known)

    read_ok = {
        "会议次数（第N次）": meeting is not None,
        "会议时间": bool(date),
        "会议主持人": bool(chair),
        "会议议题": bool(items),
    }
    warnings += [f"没有找到{what}" for what, ok in read_ok.items() if not ok]
    return Minutes(
        source=doc.source,
        number=meeting.number if meeting else None,
        date=date,
        title=title if title and not _LABEL_RE.match(title) else None,
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
        recorder=one.get("recorder") or None,
        text="\n".join(doc.cleaned),
        warnings=warnings,
    )


def _joined(entries: list[str]) -> list[str]:
    """`区发改局 李四`, split at its space, made one entry again."""
    out: list[str] = []
    for entry in entries:
        if out and lexicon.has_institution_suffix(out[-1]) and not looks_like_name(out[-1]) and plausible_name(entry):
            out[-1] += entry
        else:
            out.append(entry)
    return out


READER = Reader("labelled", recognise, read)
