"""Decisions planted with known data: each generated decision is written from parts whose meaning
is known — who reported (`原则同意市发改委关于…的汇报`), who must act and in what role (`由市应急局
根据…发文`, `市政府办公室牵头，市发改委具体负责…`, `会同`, `配合`), whom it tells without naming a
department (`各地各部门要…`), by when (`10月底前`, and the date the meeting's date makes of it),
which documents in 《》 (nested `<…>` `〈…〉`, half-width brackets, a status suffix) and what it did
to them — so the record it produces (`Decision`) is what the text truly says, not what a parser
reads. Departments are the meeting's own (a city's 市…, a district's 区…).

Some decisions cite earlier meetings of the place by number (`按照市政府第111次常务会议确定的工作
要求，…`, `根据管委会2022年第4次主任办公会议定事项，…`, `经区政府第5次常务会议审议通过的《…》`):
only meetings of its own body and kind it has held (`papers.Desk.held`), with the year written
where a plain number would be read as a later meeting's; the meetings each citing sentence means
are kept (`Desk.plant`) for the truth. Beside them come near misses that cite no meeting of its
own: a higher or another body's (`会议传达了省政府第3次常务会议精神`, `市委常委会第5次会议`) and its
own body's meeting of another kind (`区政府第2次全体会议`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..models import Deadline, Decision, DocumentRef, Responsible
from ..numerals import int_to_cn
from .papers import Desk, Held, Paper, write

# Generic sentences every layout's decisions say (`Scene.said` knows what each records).
SENTENCES = (
    "各地各部门要提高思想认识，压紧压实工作责任，确保各项任务落到实处",
    "要坚持问题导向，聚焦重点领域和关键环节，加快补齐短板弱项",
    "要加强统筹协调，健全工作机制，形成推进{short}工作的强大合力",
    "要强化督查考核，定期通报工作进展，对工作不力的单位进行约谈",
    "要注重总结提炼，及时推广典型经验做法，推动{short}工作提质增效",
    "要坚持稳中求进，统筹发展和安全，切实防范化解重大风险",
    "今年以来，全市{short}工作总体平稳，主要指标好于预期，但仍面临不少困难和挑战",
    "要加大政策支持力度，优化资源配置，进一步激发市场主体活力",
    "要坚持以人民为中心，着力解决群众急难愁盼问题，不断增强群众获得感",
    "要加快项目建设进度，确保年内完成1～9月计划投资的{pct}以上",
)
KINDS = ("传达", "同意", "听取", "部署", "暂缓")  # the order a record lists a decision's kinds in
HIGHER = ("国务院常务会议", "省政府常务会议", "省委常委会会议", "全省安全生产工作会议", "全国稳就业工作电视电话会议")
ADDRESSEES = ("各地各部门", "各有关部门", "各级各部门", "各有关单位")
_AT_ONCE = ("抓紧制定具体实施方案", "加快推进各项工作", "抓紧研究制定配套政策", "做好跟踪督办和协调服务工作")

# Citing earlier meetings: the share of decisions whose generic sentences open with a citation of
# the place's own (`CITE_SHARE`) or a near miss (`NEAR_SHARE`), and of prose that names a document
# an earlier meeting approved (`CITE_DOCUMENT_SHARE`).
CITE_SHARE = 0.075
NEAR_SHARE = 0.085
CITE_DOCUMENT_SHARE = 0.04
_CITING = (  # {c}: the meeting(s) cited; {x}: what to do
    "按照{c}确定的工作要求，{x}。",
    "根据{c}议定事项，{x}。",
    "要认真落实{c}精神，{x}。",
    "对照{c}明确的目标任务，{x}。",
    "{c}议定的事项要抓紧落实到位。",
)
_CITING_DOCUMENT = (  # {d}: a document the meeting approved
    "要抓紧推进经{c}审议通过的《{d}》各项任务落实。",
    "要扎实推进经{c}审议通过的《{d}》落实。",
)
# (a printed line that begins 会议议定 starts a block for the reader, so a citation never writes
# 常务会议议定事项, which a line may break before 会议议定: 常务会议研究议定的事项)
_BLOCK_START = ("会议议定", "会议研究议定")
_RELAYING = ("会议传达了{c}精神。", "传达学习了{c}精神，{x}。")
_CARRY_ON = (
    "扎实推进各项工作",
    "抓好{short}各项任务落实",
    "持续推动{short}工作取得新进展",
    "确保{short}工作按计划推进",
)
# Meetings of the citing body of another kind than its own (no link)
_OTHER_KINDS = {
    "常务会议": ("全体会议",),
    "主任办公会": ("全体会议",),
    "市长办公会议": ("常务会议", "专题会议"),
    "专题会议": ("常务会议", "市长办公会议"),
}


def cn_number(n: int) -> str:
    """1–999 in Chinese numerals as meeting numbers write them: 八十, 一百零五, 二百一十 (numbers
    restart each term, a few hundred meetings at most)."""
    if n < 100:
        return int_to_cn(n)
    if n > 999:
        raise ValueError(f"out of range for a meeting number: {n}")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    head = digits[hundreds] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + digits[rest]
    tens, ones = divmod(rest, 10)
    return head + digits[tens] + "十" + (digits[ones] if ones else "")


@dataclass
class Draft:
    """A decision's text as it is written, part by part, with what each part records."""

    text: str = ""
    truth: Decision = field(default_factory=Decision)
    written: list[tuple[str, bool]] = field(default_factory=list)  # each 《》 title as written, approved?

    def __add__(self, other: Draft) -> Draft:
        a, b = self.truth, other.truth
        joined = Decision(
            kinds=[k for k in KINDS if k in a.kinds or k in b.kinds],
            presenters=list(dict.fromkeys(a.presenters + b.presenters)),
            addressees=list(dict.fromkeys(a.addressees + b.addressees)),
            deadlines=a.deadlines + b.deadlines,
            documents=a.documents + [d for d in b.documents if all(d.title != e.title for e in a.documents)],
        )
        named = {r.department for r in a.responsible}
        joined.responsible = a.responsible + [r for r in b.responsible if r.department not in named]
        return Draft(self.text + other.text, joined, self.written + other.written)

    @property
    def named(self) -> list[str]:
        """The departments it names, presenters and responsible, in the order the text does."""
        names = self.truth.presenters + [r.department for r in self.truth.responsible]
        return sorted(dict.fromkeys(names), key=self.text.find)


def part(text: str, **truth) -> Draft:
    return Draft(text, Decision(**truth))


@dataclass
class Document:
    """A document to name in 《》: its title (full-width brackets), status, and as written."""

    title: str
    status: str | None
    written: str
    bare: str  # what a passage calls it: the title a notice carries, without a status
    paper: Paper | None = None  # what it truly is (`papers`)

    def ref(self, action: str) -> DocumentRef:
        return DocumentRef(self.title, self.status, action)


@dataclass
class Scene:
    """What one meeting's decisions may name: its own departments, its date, its place."""

    rng: random.Random
    departments: Sequence[str]  # the place's own (市发改委 in a city, 区发改委 in a district)
    held: dt.date
    place: str  # 苏州市, 武进区, 滨海新区
    gov: str  # 市政府, 区政府, 管委会
    whole: str  # 全市, 全区, 新区
    desk: Desk = field(default_factory=Desk)  # the place's papers and meetings, kept from meeting to meeting
    meeting: str = "常务会议"  # the kind of meeting (its `meeting_type`): the kind its citations cite
    # Citations draw from a stream of their own (per place, day and kind), so that planting them
    # leaves the rest of a seeded archive — dates, people, documents — as it was.
    aside: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.aside = random.Random(f"{self.place}/{self.held.isoformat()}/{self.meeting}")

    # -------------------------------------------------------- parts

    def said(self, short: str, low: int = 1, high: int = 3) -> Draft:
        """Generic sentences about `short` (one tells 各地各部门, one sets 年内), at times after a
        sentence citing an earlier meeting (`citation`) or a near miss (`near_citation`)."""
        out = Draft()
        roll = self.aside.random()
        if roll < CITE_SHARE:
            out = self.citation(short) or out
        elif roll < CITE_SHARE + NEAR_SHARE:
            out = self.near_citation(short)
        for n, s in enumerate(self.rng.sample(SENTENCES, self.rng.randint(low, high))):
            text = s.format(short=short, pct=f"{self.rng.randint(60, 95)}%").replace("全市", self.whole)
            truth: dict = {}
            if "各地各部门要" in s:
                truth = {"kinds": ["部署"], "addressees": ["各地各部门"]}
            if "年内" in s:
                truth = {"deadlines": [Deadline("年内", f"{self.held.year}-12-31")]}
            out += part(("；" if n else "") + text, **truth)
        return out + part("。")

    def deadline(self) -> Deadline:
        """A time as written, with the date the meeting's date makes of it."""
        rng, held = self.rng, self.held
        shape = rng.randrange(5)
        if shape == 0:
            return Deadline("年底前", f"{held.year}-12-31")
        if shape == 1:
            q = rng.randint(1, 4)
            year = held.year + (3 * q < held.month)
            return Deadline(f"{int_to_cn(q)}季度末前", _last_day(year, 3 * q))
        month = rng.randint(1, 12)
        year = held.year + (month < held.month)
        if shape == 2:
            return Deadline(f"{month}月底前", _last_day(year, month))
        day = rng.choice((10, 15, 20, 25, 28, 30)) if month != 2 else 28
        if shape == 3:
            return Deadline(f"{month}月{day}日前", dt.date(year, month, day).isoformat())
        year = held.year + rng.randint(0, 1)
        return Deadline(f"{year}年{month}月{day}日前", dt.date(year, month, day).isoformat())

    def by_when(self) -> Draft:
        when = self.deadline()
        text = self.rng.choice(("，确保{}全面完成", "，{}完成", "，力争{}取得阶段性成果")).format(when.text)
        return part(text, deadlines=[when])

    def task(self, avoid: Sequence[str] = ()) -> Draft:
        """Who must act: named departments with their roles, or addressees without one."""
        rng = self.rng
        a, b, c = rng.sample([d for d in self.departments if d not in avoid], 3)
        shape = rng.randrange(8)
        then = rng.choice(_AT_ONCE)
        if shape == 0:
            out = part(f"由{a}牵头，{then}", kinds=["部署"], responsible=[Responsible(a, "牵头")])
        elif shape == 1:
            out = part(f"{a}要加强跟踪督办，按时报告进展情况", kinds=["部署"], responsible=[Responsible(a)])
        elif shape == 2:
            out = part(f"由{a}根据会议意见发文", kinds=["部署"], responsible=[Responsible(a)])
        elif shape == 3:
            a = f"{self.gov}办公室" if self.gov.endswith("政府") and rng.random() < 0.5 else a
            out = part(
                f"{a}牵头，{b}具体负责，{then}",
                kinds=["部署"],
                responsible=[Responsible(a, "牵头"), Responsible(b, "负责")],
            )
        elif shape == 4:
            out = part(
                f"由{a}牵头，会同{b}、{c}{then}",
                kinds=["部署"],
                responsible=[Responsible(a, "牵头"), Responsible(b, "会同"), Responsible(c, "会同")],
            )
        elif shape == 5:
            out = part(
                f"{a}负责，{b}、{c}配合，{then}",
                kinds=["部署"],
                responsible=[Responsible(a, "负责"), Responsible(b, "配合"), Responsible(c, "配合")],
            )
        elif shape == 6:
            out = part(f"{a}要会同{b}{then}", kinds=["部署"], responsible=[Responsible(a), Responsible(b, "会同")])
        else:
            who = rng.choice(ADDRESSEES)
            out = part(f"{who}要{then}", kinds=["部署"], addressees=[who])
        if rng.random() < 0.5:
            out += self.by_when()
        return out + part("。")

    def document(self, short: str, half: bool = True, formal: bool = False) -> Document:
        """A document's title as the meeting's papers name it: one of the place's papers (`desk`:
        a draft, its approval, a revision, next year's of a series, a near miss), sometimes inside
        a notice (<…> or 〈…〉), with a status suffix in full- or (`half`) half-width brackets;
        `formal`: as a page listing the agenda writes it, with the place's full name and a status."""
        rng = self.rng
        paper = self.desk.pick(rng, self.place, short, self.held.year)
        name = write(rng, paper, formal)
        self.desk.register(name, paper)
        bare = name
        if rng.random() < 0.2:
            opening, closing = rng.choice((("<", ">"), ("〈", "〉")))
            issuer = self.place + ("管委会" if self.place.endswith("新区") else "人民政府")
            name = f"{issuer}关于印发{opening}{name}{closing}的通知"
            self.desk.register(name, paper)
        written = name
        status = self.desk.status(rng, paper) or ("送审稿" if formal else None)
        if status:
            brackets = rng.choice((("（", "）"), ("(", ")"), ("（", ")"))) if half else ("（", "）")
            written += f"{brackets[0]}{status}{brackets[1]}"
            self.desk.register(written, paper)  # as an item lists it
        return Document(name, status, written, bare, paper)

    def earlier(self, short: str) -> Document | None:
        """A document on `short` an earlier meeting had before it, named afresh without a status."""
        paper = self.desk.earlier(self.rng, short)
        if paper is None:
            return None
        name = write(self.rng, paper)
        self.desk.register(name, paper)
        return Document(name, None, name, name, paper)

    # -------------------------------------------------------- earlier meetings cited

    def _numeral(self, n: int) -> str:
        office = self.meeting in ("市长办公会议", "专题会议")  # which write their own numbers so
        return cn_number(n) if self.aside.random() < (0.7 if office else 0.3) else str(n)

    def _body(self) -> str:
        """How a citation names the meeting's own body: not at all, 市政府, 苏州市人民政府, …"""
        rng = self.aside
        if self.meeting == "市长办公会议":
            return rng.choice(("", "", "", self.gov))
        if self.gov == "管委会":
            return rng.choice(("", "管委会", "管委会", "管委会", f"{self.place}管委会", "新区管委会"))
        return rng.choice(("", self.gov, self.gov, self.gov, f"{self.place}{rng.choice(('人民政府', '政府'))}"))

    def cited(self, meeting: Held, year: bool, body: str | None = None) -> str:
        """An earlier meeting of the place's own as a decision names it: 市政府第111次常务会议,
        管委会2022年第4次主任办公会议, 第十二次市长办公会议 (`year`: with its year)."""
        rng = self.aside
        body = self._body() if body is None else body
        when = f"{meeting.date.year}年{'度' if rng.random() < 0.3 else ''}" if year else ""
        kind = rng.choice(("主任办公会", "主任办公会议")) if meeting.kind == "主任办公会" else meeting.kind
        return f"{body}{when}第{self._numeral(meeting.number)}次{kind}"

    def citation(self, short: str) -> Draft | None:
        """A sentence citing one or two earlier meetings of the place's own body and kind
        (`按照市政府第10次常务会议和第12次常务会议确定的工作要求，…`), kept for the truth; None where
        the place has held none yet."""
        rng = self.aside
        first = self.desk.citable(rng, self.meeting)
        if first is None:
            return None
        meetings = [first]
        if rng.random() < 0.2 and (second := self.desk.citable(rng, self.meeting, avoid=(first[0],))):
            meetings = sorted([first, second], key=lambda m: m[0].date)
        names = [self.cited(*meetings[0])]
        if len(meetings) == 2:  # 市政府第10次常务会议和第12次常务会议, …、2022年第3次常务会议
            names.append(self.cited(*meetings[1], body="" if rng.random() < 0.6 else None))
        x = rng.choice(_CARRY_ON).format(short=short)
        text = rng.choice(_CITING).format(c=rng.choice(("和", "、")).join(names), x=x).replace(*_BLOCK_START)
        self.desk.plant(text, tuple(m for m, _ in meetings))
        return part(text)

    def cited_document(self) -> Draft | None:
        """A document an earlier meeting approved, named with that meeting (`要抓紧推进经市政府第5次
        常务会议审议通过的《…》各项任务落实`): read as approved (审议通过的《…》), the decision as 同意."""
        rng = self.aside
        found = self.desk.citable(rng, self.meeting, approving=True)
        if found is None:
            return None
        meeting, year = found
        paper = rng.choice(meeting.approved)
        name = write(rng, paper)
        self.desk.register(name, paper)
        text = rng.choice(_CITING_DOCUMENT).format(c=self.cited(meeting, year), d=name)
        self.desk.plant(text, (meeting,))
        return Draft(text, Decision(kinds=["同意"], documents=[DocumentRef(name, None, "approved")]), [(name, True)])

    def near_citation(self, short: str) -> Draft:
        """A sentence citing a meeting that is not one of the place's own kind: a higher or another
        body's (省政府第3次常务会议, 市委常委会第5次会议, 县十八届人大常委会第三次会议; relayed: 传达)
        or its own body's of another kind (区政府第2次全体会议)."""
        rng = self.aside
        n = self._numeral(rng.randint(1, 60))
        level = self.gov[0] if self.gov.endswith("政府") else None
        higher = [f"省政府第{n}次常务会议", f"国务院第{n}次常务会议", f"省委常委会第{n}次会议"]
        roll = rng.random()
        if roll < 0.25:
            # (not 会议传达了… in a report, where a sentence that opens so puts more items before the meeting)
            relaying = _RELAYING[1:] if self.meeting == "主任办公会" else _RELAYING
            text = rng.choice(relaying).format(c=rng.choice(higher), x=rng.choice(_CARRY_ON).format(short=short))
            return part(text, kinds=["传达"])
        if level:
            term = cn_number((self.held.year - 1988) // 5 + 12)  # the people's congress of these years
            higher += [f"{level}委常委会第{n}次会议", f"{level}{term}届人大常委会第{n}次会议"]
        else:
            higher.append(f"党工委{self.held.year}年第{n}次会议")
        others = [f"第{n}次{k}" if k == "市长办公会议" else f"{self.gov}第{n}次{k}" for k in _OTHER_KINDS[self.meeting]]
        named = rng.choice(higher) if roll < 0.7 else rng.choice(others)
        return part(
            rng.choice(_CITING).format(c=named, x=rng.choice(_CARRY_ON).format(short=short)).replace(*_BLOCK_START)
        )

    # -------------------------------------------------------- decisions

    def approve_report(self, presenter: str, topic: str, lead: str = "", relay: bool = True) -> Draft:
        """`原则同意市发改委关于…的汇报`, at times (`relay`) after relaying a higher meeting."""
        if relay and self.rng.random() < 0.2:
            higher = self.rng.choice(HIGHER)
            return part(
                f"会议传达了{higher}精神，原则同意{presenter}关于{topic}的汇报。",
                kinds=["传达", "同意"],
                presenters=[presenter],
            )
        return part(f"{lead}原则同意{presenter}关于{topic}的汇报。", kinds=["同意"], presenters=[presenter])

    def hear_on(self, presenter: str, document: Document) -> Draft:
        """A report on how an earlier document is carried out: `听取市发改委关于《…》实施情况的汇报`."""
        verb = self.rng.choice(("听取", "听取了"))
        how = self.rng.choice(("实施情况", "贯彻落实情况", "执行情况"))
        return Draft(
            f"{verb}{presenter}关于《{document.written}》{how}的汇报。",
            Decision(kinds=["听取"], presenters=[presenter], documents=[document.ref("mentioned")]),
            [(document.written, False)],
        )

    def hear_report(self, presenter: str, topic: str) -> Draft:
        verb = self.rng.choice(("听取", "听取了"))
        return part(f"{verb}{presenter}关于{topic}的汇报", kinds=["听取"], presenters=[presenter])

    def approve_documents(self, documents: Sequence[Document], presenter: str | None = None) -> Draft:
        """`会议原则同意区住建局提出的《…》` or `审议并原则通过《A》《B》`."""
        shown = "".join(f"《{d.written}》" for d in documents)
        refs = [d.ref("approved") for d in documents]
        written = [(d.written, True) for d in documents]
        if presenter:
            text = f"会议原则同意{presenter}提出的{shown}，作进一步修改完善后按程序印发。"
            return Draft(text, Decision(kinds=["同意"], presenters=[presenter], documents=refs), written)
        return Draft(f"会议审议并原则通过{shown}。", Decision(kinds=["同意"], documents=refs), written)

    def defer_document(self, document: Document, who: str | None) -> Draft:
        """`会议审议了《…》` and put off: to be reworked by `who` and brought back, or deferred."""
        head = Draft(
            f"会议审议了《{document.written}》，",
            Decision(kinds=["暂缓"], documents=[document.ref("reviewed")]),
            [(document.written, False)],
        )
        if who:
            return head + part(
                f"{who}要根据会议讨论意见作进一步修改完善，待征求意见后再审议。",
                kinds=["部署"],
                responsible=[Responsible(who)],
            )
        return head + part(self.rng.choice(("暂缓出台。", "暂缓实施，另行研究。")))

    def follow_document(self, document: Document, short: str) -> Draft:
        """A decision that names a document without acting on it: `要认真落实《…》`."""
        who = self.rng.choice(self.departments)
        return Draft(
            f"{who}要认真落实《{document.written}》，推动{short}工作取得实效。",
            Decision(kinds=["部署"], responsible=[Responsible(who)], documents=[document.ref("mentioned")]),
            [(document.written, False)],
        )

    def defer_matter(self, topic: str) -> Draft:
        return part(f"{topic}有关事项另行研究。", kinds=["暂缓"])

    def prose(self, short: str, lead: str = "", avoid: Sequence[str] = ()) -> Draft:
        """Generic sentences, sometimes followed by a task or a deadline, or (ahead of them) by a
        document an earlier meeting approved (`cited_document`)."""
        out = part(lead) + self.said(short, 2, 4)
        if self.aside.random() < CITE_DOCUMENT_SHARE and (document := self.cited_document()):
            out += document
        roll = self.rng.random()
        if roll < 0.55:
            out += self.task(avoid)
        elif roll < 0.7:
            when = self.deadline()
            out += part(f"上述工作要在{when.text}完成。", deadlines=[when])
        return out


def _last_day(year: int, month: int) -> str:
    return dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()


def agenda_decisions(scene: Scene, verb: str, topic: str, short: str, dept: str) -> list[Draft]:
    """An item's decisions in the Suzhou shape (（一）（二）…): one on what was put before the
    meeting (a report `dept` gave, documents), then prose with tasks and deadlines."""
    rng = scene.rng
    documents: list[Document] = []
    roll = rng.random()
    if verb == "审议" and roll < 0.85:
        documents = [scene.document(short) for _ in range(rng.choice((1, 1, 2)))]
        documents = list({d.paper: d for d in documents}.values())  # one plan named twice: once
        if roll < 0.55:
            lead = scene.approve_documents(documents)
        else:
            lead = scene.defer_document(documents[0], dept if rng.random() < 0.6 else None)
    elif verb == "听取" and roll < 0.3:
        lead = scene.hear_report(dept, topic) + part("。")
    elif verb == "听取" and roll < 0.6 and (earlier := scene.earlier(short)):
        lead = scene.hear_on(dept, earlier)
    elif verb == "研究" and roll < 0.15:
        lead = scene.defer_matter(topic)
    else:
        lead = scene.approve_report(dept, topic)
    out = [lead] + [scene.prose(short, avoid=[dept]) for _ in range(rng.randint(1, 3))]
    if documents and rng.random() < 0.3:
        out.append(scene.follow_document(documents[-1], short))
    return out


def district_decisions(
    scene: Scene, kind: str, topic: str, short: str, dept: str
) -> tuple[list[Draft], Document | None]:
    """A district item's passages (each opens 会议强调/指出/要求/同意…, the reader's marks): for a
    document reviewed (`kind` review, the document returned for the heading), a report heard, a
    matter studied."""
    rng, gov = scene.rng, scene.gov
    if kind == "review":
        document = scene.document(short)
        said = scene.prose(short, f"会议{rng.choice(('强调', '指出'))}，{short}工作事关{scene.whole}发展大局。", [dept])
        if rng.random() < 0.75:
            return [said, scene.approve_documents([document], presenter=dept)], document
        again = Draft(
            f"会议要求，{dept}要根据会议讨论意见对《{document.written}》作进一步修改完善，待征求意见后再审议。",
            Decision(kinds=["部署", "暂缓"], responsible=[Responsible(dept)], documents=[document.ref("mentioned")]),
            [(document.written, False)],
        )
        return [said, again], document
    if kind == "hear":
        first = scene.approve_report(dept, topic, "会议") if rng.random() < 0.4 else scene.prose(short, "会议指出，")
        out = [first]
        if rng.random() < 0.6:
            out.append(part("会议要求，") + scene.said(short, 1, 2) + scene.task([dept]))
        if rng.random() < 0.4 and (earlier := scene.earlier(short)):  # how an earlier document is carried out
            out.append(part("会议要求，") + scene.follow_document(earlier, short))
        return out, None
    agreed = part(f"会议同意{dept}提出的{short}工作安排。", kinds=["同意"], presenters=[dept])
    if rng.random() < 0.2:
        agreed = part(f"会议认为，{topic}有关事项另行研究，待条件成熟后再提交{gov}常务会议审议。", kinds=["暂缓"])
    return [agreed, scene.prose(short, "会议强调，", [dept])], None


def passage(
    scene: Scene, lead: str | Draft, short: str, document: Document | None = None, avoid: Sequence[str] = ()
) -> Draft:
    """A report's or a labelled page's passage (`lead`: 会议强调，…, 【speaker】…): generic
    sentences, sometimes a task; `document`: the document it names in 《》 by its bare title
    (mentioned)."""
    out = part(lead) if isinstance(lead, str) else lead
    if document:
        out.truth.documents = [DocumentRef(document.bare)]
    out += scene.said(short, 1, 2)
    if scene.rng.random() < 0.4:
        out += scene.task([*avoid, *out.truth.presenters])
    return out
