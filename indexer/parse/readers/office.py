"""Mayor's office and special meetings (市长办公会议纪要, 专题会议纪要): the Suzhou shape — header,
`一、` items with `（一）` decisions, 记录, footer — with its own meeting type, numbers often in
Chinese numerals (`第八十次`), and attendance in numbered groups separated by 、:

    参加此次会议的有：（1）市领导：A、B、C（2）市政府副秘书长：D、E（3）有关部门：市发改委F、…

Groups of leaders are attendees, with the group's label as their title; groups of departments
(有关部门, 有关单位) are observers, each entry split into department and name.
"""

from __future__ import annotations

import re

from ...models import Minutes, Position
from ..document import Document
from ..layout import JOIN_RE
from ..people import list_entries
from . import Reader
from .suzhou import SuzhouReader
from .suzhou import recognise as suzhou_score

OFFICE_TYPES = re.compile(r"(?:市长|区长|县长|州长|主任)办公会议|专题会议|专题协调会")
_GROUP = re.compile(r"[（(]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]\s*([^：:（(]{1,20})[：:]")
_DEPARTMENT_GROUP = re.compile(r"部门|单位|委办局|有关方面")


def recognise(doc: Document) -> float:
    if not OFFICE_TYPES.search(doc.head):
        return 0.0
    score = suzhou_score(doc)
    return score + 1 if score >= 2 else 0.0


class OfficeReader(SuzhouReader):
    def parse(self) -> Minutes:
        self.positions: list[Position] = []
        self.raw = self._regrouped(self.raw)
        doc = self.doc
        self.doc = Document(
            "\n".join(self.raw),
            doc.source,
            doc.path,
            False,
            doc.title,
            doc.doc_number,
            doc.published,
            doc.url,
            doc.meta,
        )
        record = super().parse()
        record.positions = [p for p in self.positions if p.name in record.attendees]
        return record

    def _regrouped(self, raw: list[str]) -> list[str]:
        """`参加此次会议的有：（1）…（2）…` as Suzhou-style 出席： and 列席： lists."""
        start = next((i for i, p in enumerate(raw) if JOIN_RE.match(re.sub(r"\s+", "", p))), None)
        if start is None:
            return raw
        end = start + 1
        while end < len(raw) and _GROUP.match(raw[end].strip()):
            end += 1
        content = JOIN_RE.sub("", re.sub(r"\s+", "", " ".join(raw[start:end])), count=1)
        marks = list(_GROUP.finditer(content))
        if not marks:
            return raw
        present: list[str] = []
        sitting: list[str] = []
        for m, nxt in zip(marks, [*marks[1:], None]):
            label, names = m.group(2), content[m.end() : nxt.start() if nxt else len(content)]
            entries = list_entries(names)
            if _DEPARTMENT_GROUP.search(label):
                sitting += entries
            else:
                present += entries
                self.positions += [Position(e, label) for e in entries]
        lines = ["出席：" + "  ".join(present)] + (["列席：" + "  ".join(sitting)] if sitting else [])
        return raw[:start] + lines + raw[end:]


READER = Reader("office", recognise, lambda doc: OfficeReader(doc).parse())
