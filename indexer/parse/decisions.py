"""What one decision records, read from its text in any layout: its kinds (同意 传达 听取 部署 暂缓),
who presented the report, the departments given a task with their roles, the addressees without a
department (各地各部门), the deadlines as written and as dates, and the documents it names.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..models import Deadline, Decision, DocumentRef, Responsible
from .departments import department_starting_at, responsible_departments
from .meeting import approves, book_titles_at

_RELAYS = re.compile(r"会议(?:还)?传达(?:学习)?了?|传达学习了?")
_HEARS = re.compile(r"听取了?")
_DEFERS = re.compile(r"暂缓|另行研究|待[^。；]{1,30}后再(?:议|研究|审议)")
_ADDRESSEES = re.compile(
    r"各地各部门|各级各部门|各地各单位|各有关部门|各有关单位|各部门|各单位|各地|各级|各区|各县(?:市、区)?|"
    r"市政府系统全体人员|全体人员|有关部门"
)
# Who must act: an addressee or a department, then 要/牵头/负责… (not 我们也要, 要素, 主要).
_TASKED = re.compile(
    r"(?:各地各部门|各级各部门|各部门|各单位|各地|全体人员|同志|[局委办室厅院所站队]|中心|部门|单位|政府|专班)"
    r"(?:都|也|还|一定|必须|务必|进一步)?(?:要|牵头|负责|抓紧|尽快)"
    r"|由[^。；，]{2,20}?(?:牵头|负责|会同|根据|按照)"
)
_PRESENTED = re.compile(r"(?:原则)?同意|听取了?|审议了?")
_REPORT_END = re.compile(r"汇报|报告|提出的|提交的|关于")
# 市发改委牵头, 市发改委具体负责, 市财政局配合; not 市财政局会同市住建局 (the one 会同 names is 会同).
_ROLE_AFTER = re.compile(r"^(?:要)?(?:具体)?(牵头|负责|配合|协助)")
_ROLE_BEFORE = re.compile(r"(会同|配合|协助)$")
_STATUS = re.compile(r"[（(](送审稿|报批稿|草案|修订稿|征求意见稿|修订版|试行|暂行|讨论稿|代拟稿)[）)]\s*$")
_DEADLINE = re.compile(
    r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日|(?P<end>底|末))?|(?P<yearend>年底|年末)"
    r"|(?P<q>[一二三四])季度(?:末)?|(?P<half>上半年|下半年))(?:之)?前|(?P<within>年内)"
)
_QUARTER_END = {"一": 3, "二": 6, "三": 9, "四": 12}


def read_decision(text: str, meeting_date: str | None, known: set[str]) -> Decision:
    decision = Decision()
    presenters = _presenters(text, known)
    decision.presenters = presenters
    kinds = []
    if _RELAYS.search(text):
        kinds.append("传达")
    agrees = approves(text.split("《", 1)[0] if "《" in text else text) and bool(re.search(r"(?:原则)?同意|通过", text))
    if agrees:
        kinds.append("同意")
    elif _HEARS.search(text):
        kinds.append("听取")
    if _TASKED.search(text):
        kinds.append("部署")
    if _DEFERS.search(text):
        kinds.append("暂缓")
    decision.kinds = kinds
    named = [d for d in responsible_departments(text, known) if d not in presenters]
    decision.responsible = [Responsible(d, _role(text, d, named)) for d in named]
    decision.addressees = list(dict.fromkeys(m.group() for m in _ADDRESSEES.finditer(text)))
    decision.deadlines = [Deadline(m.group(), _deadline_date(m, meeting_date)) for m in _DEADLINE.finditer(text)]
    decision.documents = _documents(text)
    return decision


def _presenters(text: str, known: set[str]) -> list[str]:
    """`原则同意市发改委关于…的汇报`, `听取市审计局…汇报`, `同意区住建局提出的《…》`."""
    found = []
    for verb in _PRESENTED.finditer(text):
        dept = department_starting_at(text, verb.end(), known)
        if dept and _REPORT_END.search(text[verb.end() + len(dept) : verb.end() + len(dept) + 60]):
            found.append(dept)
    return list(dict.fromkeys(found))


def _role(text: str, department: str, named: list[str]) -> str | None:
    """The role written after the department (市发改委牵头) or before it (会同市财政局), also
    across a 、-list of the others `named` (会同市财政局、市住建局; 市财政局、市住建局配合), where
    it is named with one (not as the speaker of 【区水务局】…)."""
    for found in re.finditer(re.escape(department), text):
        at, end = found.start(), found.end()
        while text[end : end + 1] == "、" and (nxt := next((d for d in named if text.startswith(d, end + 1)), None)):
            end += 1 + len(nxt)
        if m := _ROLE_AFTER.match(text[end:]):
            return m.group(1)
        while text[at - 1 : at] == "、" and (prev := next((d for d in named if text.endswith(d, 0, at - 1)), None)):
            at -= 1 + len(prev)
        if m := _ROLE_BEFORE.search(text[max(0, at - 2) : at]):
            return m.group(1)
    return None


def _deadline_date(m: re.Match[str], meeting_date: str | None) -> str | None:
    if not meeting_date:
        return None
    held = dt.date.fromisoformat(meeting_date)
    year = int(m.group("y")) if m.group("y") else held.year
    if m.group("m"):
        month = int(m.group("m"))
        if not 1 <= month <= 12:
            return None
        if not m.group("y") and month < held.month:
            year += 1  # 3月底前 at a November meeting: next March
        day = int(m.group("d")) if m.group("d") else calendar.monthrange(year, month)[1]
    elif m.group("q"):
        month = _QUARTER_END[m.group("q")]
        if not m.group("y") and month < held.month:
            year += 1
        day = calendar.monthrange(year, month)[1]
    elif m.group("half"):
        month, day = (6, 30) if m.group("half") == "上半年" else (12, 31)
    else:  # 年底, 年末, 年内
        month, day = 12, 31
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _documents(text: str) -> list[DocumentRef]:
    out: list[DocumentRef] = []
    since = 0  # the words that act on a title follow the title before it
    for at, raw in book_titles_at(text):
        title = re.sub(r"\s+", "", raw).replace("(", "（").replace(")", "）")
        status = None
        if m := _STATUS.search(title):
            status, title = m.group(1), title[: m.start()]
        before = text[max(since, at - 30) : at]
        since = at + len(raw) + 2
        if out and not re.search(r"[\u4e00-\u9fff]", before.strip("和及、与")):
            action = out[-1].action  # 审议并原则通过《A》《B》和《C》: the same verb for each
        else:
            action = "approved" if approves(before) else "reviewed" if "审议" in before else "mentioned"
        if all(d.title != title for d in out):
            out.append(DocumentRef(title, status, action))
    return out
