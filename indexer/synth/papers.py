"""The documents a place works on over the years, planted as chains with their ground truth.

Each place keeps a desk of papers (`Desk`). A paper is what a document truly is — its place, its
subject, its kind, the year or period it is for, and whether it is the document itself, its 实施细则
or a report on it — and a title is one way of writing it. The same paper comes back as meetings
go on: a draft (`…办法（送审稿）` or `（征求意见稿）`), its approval (`（报批稿）`, `（送审稿）` or no
status), a revised version (`（修订稿）`), a report on how it is carried out (a decision naming it),
next year's document of a yearly series (`1991年…工作要点` after `1990年…工作要点`), each time written
with one of the place's own prefixes (苏州市…, 苏州…, 市…, 全市…, none) and at times inside the notice
that issues it (`苏州市人民政府关于印发<…>的通知`). Beside them come near misses that are other
documents: the same words in another order, one word different, `…办法` and `…办法实施细则`,
`…方案` and `关于…方案的报告`; and every place has its own papers, so the same title in another
city is another document.

`Desk.truth(title)` says which paper a planted title names: `document` and `series` ids, which
`generate` writes to `DIR/chains/<name>.json` beside the expected record.

A desk also remembers the meetings its place has held (`Held`: date, number, kind of meeting, how
its numbers run, the papers it approved), which later decisions cite by number
(`按照市政府第111次常务会议确定的…`, `Scene.citation`); `Desk.citable` says whether a meeting can be
cited by its number alone or needs its year written (numbers restart with a government's term, or
each year), and `Desk.cites(text)` which meetings a decision's text truly cites.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass, field

YEARLY = ("工作要点", "工作方案")  # a document a year: a series
ONE_OFF = ("实施方案", "管理办法", "三年行动计划", "若干措施", "考核办法", "专项规划")
SIBLING = {  # one word different: another document
    "实施方案": "工作方案",
    "工作方案": "实施方案",
    "管理办法": "考核办法",
    "考核办法": "管理办法",
    "若干措施": "若干意见",
    "若干意见": "若干措施",
    "专项规划": "发展规划",
    "发展规划": "专项规划",
    "工作要点": "工作计划",
    "工作计划": "工作要点",
    "三年行动计划": "行动方案",
    "行动方案": "三年行动计划",
}
ASPECTS = ("数字化转型", "标准化建设", "专项整治", "质量提升", "示范创建", "风险防控")
DRAFTS = ("送审稿", "送审稿", "征求意见稿", "草案", None)
APPROVALS = ("送审稿", "报批稿", "修订稿", None, None)  # approved as it was, or revised first
FORMS = ("", "细则", "报告")  # the document itself, its 实施细则, a report on it


@dataclass(frozen=True)
class Paper:
    """What a document is, whatever its title: place, subject (城市更新, 城市更新质量提升), kind, the
    year it is for (a yearly series' year, a three-year plan's first), and its form."""

    place: str
    subject: str
    kind: str
    year: int | None = None
    form: str = ""

    @property
    def series(self) -> str:
        return f"{self.place}/{self.subject}/{self.kind}/{self.form}"

    @property
    def document(self) -> str:
        return f"{self.series}/{self.year or ''}"


@dataclass(frozen=True)
class Held:
    """A meeting a place has held (and published): its date, number, kind (its `meeting_type`),
    how its numbers run (`per`: "term", restarting with a government's term, or "year"), and the
    papers it approved."""

    date: dt.date
    number: int
    kind: str
    per: str = "term"
    approved: tuple[Paper, ...] = ()


@dataclass
class Desk:
    """A place's papers and every title it has written them with (`truth`); the meetings it has
    held (`held`) and the citations of them the meeting being written plants (`planted`)."""

    papers: list[Paper] = field(default_factory=list)
    named: dict[Paper, int] = field(default_factory=dict)  # how often each was put before a meeting
    titles: dict[str, Paper] = field(default_factory=dict)
    held: list[Held] = field(default_factory=list)  # in the order held (dates ascending)
    planted: list[tuple[str, tuple[Held, ...]]] = field(default_factory=list)  # (sentence, meetings it cites)

    def truth(self, title: str) -> Paper:
        return self.titles[title]

    def register(self, title: str, paper: Paper) -> None:
        known = self.titles.setdefault(title, paper)
        if known != paper:  # a title names one document: the writing never confuses two
            raise AssertionError(f"{title!r} would name both {known} and {paper}")

    # ------------------------------------------------------------ which paper

    def pick(self, rng: random.Random, place: str, short: str, year: int) -> Paper:
        """The paper an item on `short` puts before a meeting in `year`: one of the place's own
        again (or this year's of its series), a near miss of one, or a new one."""
        mine = [p for p in self.papers if short in p.subject]
        roll = rng.random()
        if mine and roll < 0.5:
            paper = rng.choice(mine)
            if paper.kind in YEARLY and paper.year != year:
                paper = dataclasses.replace(paper, year=year)
        elif mine and roll < 0.68:
            paper = self.near_miss(rng, rng.choice(mine), short, year)
        else:
            paper = new_paper(rng, place, short, year)
        if paper not in self.papers:
            self.papers.append(paper)
        return paper

    def near_miss(self, rng: random.Random, paper: Paper, short: str, year: int) -> Paper:
        """Another document whose title reads almost like `paper`'s (all on `short`)."""
        shape = rng.randrange(4)
        parts = paper.subject.split("·")
        aspect = next((a for a in parts if a in ASPECTS), None)
        if shape == 0 and aspect:  # the same words in another order
            return dataclasses.replace(paper, subject="·".join(reversed(parts)))
        if shape == 1 and paper.kind in SIBLING:  # one word different
            kind = SIBLING[paper.kind]
            return dataclasses.replace(paper, kind=kind, year=year if kind in YEARLY else None)
        if shape == 2 and paper.form == "":  # its 实施细则, or a report on it
            return dataclasses.replace(paper, form="细则" if paper.kind.endswith("办法") else "报告")
        other = rng.choice([a for a in ASPECTS if a != aspect])  # another aspect of the subject
        return dataclasses.replace(paper, subject=f"{short}·{other}")

    def status(self, rng: random.Random, paper: Paper) -> str | None:
        """Its status this time: a draft first, then the version approved, later a revision."""
        times = self.named.get(paper, 0)
        self.named[paper] = times + 1
        if paper.form == "报告":
            return rng.choice(("送审稿", None))
        if times == 0:
            return rng.choice(DRAFTS)
        if times == 1:
            return rng.choice(APPROVALS)
        return rng.choice(("修订稿", "修订稿", "报批稿", None))

    # ------------------------------------------------------------ meetings held

    def hold(self, meeting: Held) -> None:
        """The meeting just written is held: later meetings may cite it; its citations are done."""
        self.held.append(meeting)
        self.planted.clear()

    def citable(
        self, rng: random.Random, kind: str, avoid: tuple[Held, ...] = (), approving: bool = False
    ) -> tuple[Held, bool] | None:
        """An earlier meeting of `kind` to cite (mostly a recent one; `approving`: one that approved
        papers) and whether the citation writes its year: where a later meeting of the kind had the
        same number (a new term's, or a new year's) a plain `第N次` would be read as that one, so the
        year is written (and at times where it is not needed); None when there is none to cite."""
        mine = [h for h in self.held if h.kind == kind]
        choices = [i for i, h in enumerate(mine) if h not in avoid and (h.approved or not approving)]
        if not choices:
            return None
        for _ in range(4):
            at = rng.choice(choices[-12:]) if rng.random() < 0.75 else rng.choice(choices)
            meeting, later = mine[at], mine[at + 1 :]
            plain = all(h.number != meeting.number for h in later)
            dated = all(h.number != meeting.number or h.date.year != meeting.date.year for h in later)
            if plain or dated:
                return meeting, not plain or rng.random() < 0.25
        return None

    def plant(self, sentence: str, meetings: tuple[Held, ...]) -> None:
        """A sentence of the meeting being written cites `meetings` (its truth: `cites`)."""
        self.planted.append((sentence, meetings))

    def cites(self, text: str) -> list[Held]:
        """The earlier meetings a decision of the meeting being written truly cites: those of
        the citing sentences it holds, in order."""
        found: list[Held] = []
        for sentence, meetings in sorted(self.planted, key=lambda p: text.find(p[0])):
            if sentence in text:
                found += [m for m in meetings if m not in found]
        return found

    def earlier(self, rng: random.Random, short: str) -> Paper | None:
        """A document on `short` already put before a meeting (one to report on)."""
        done = [p for p in self.papers if short in p.subject and self.named.get(p) and p.form != "报告"]
        return rng.choice(done) if done else None


def new_paper(rng: random.Random, place: str, short: str, year: int) -> Paper:
    subject = short if rng.random() < 0.6 else f"{short}·{rng.choice(ASPECTS)}"
    if rng.random() < 0.3:
        return Paper(place, subject, rng.choice(YEARLY), year)
    kind = rng.choice(ONE_OFF)
    first = year if kind == "三年行动计划" and rng.random() < 0.5 else None
    return Paper(place, subject, kind, first)


def prefixes(place: str) -> tuple[str, ...]:
    """How a place's own documents may begin: 苏州市…, 苏州…, 市…, 全市…, or with none of it."""
    for level in ("新区", "市", "区", "县"):
        if place.endswith(level):
            short = place[: -len(level)]
            whole = "新区" if level == "新区" else f"全{level}"
            own = () if level == "新区" else (level,)
            return (place, place, place, short, *own, whole, "", "")
    return (place, "")


def write(rng: random.Random, paper: Paper, formal: bool = False) -> str:
    """One way of writing a paper's title (without a status); `formal`: with the place's full name."""
    prefix = rng.choice(prefixes(paper.place))
    prefix = paper.place if formal else prefix
    subject = paper.subject.replace("·", "")
    core = f"{subject}{paper.kind}"
    if paper.form == "细则":
        core += "实施细则"
    if paper.kind == "三年行动计划" and paper.year:  # （2021—2023年）, （2021至2023年）, （2021—2023）
        # (not yet 2021-2023: rjieba keeps an ASCII-hyphened range one word where jieba splits it,
        # and the index's fast path must cut generated text as the stock one does)
        dash, end = rng.choice(("—", "—", "至")), rng.choice(("年", "年", ""))
        core += f"（{paper.year}{dash}{paper.year + 2}{end}）"
    if paper.kind in YEARLY and paper.year:
        year = f"{paper.year}年" + ("度" if rng.random() < 0.15 else "")  # 2022年, 2022年度
        name = f"{year}{prefix}{core}" if rng.random() < 0.7 or not prefix else f"{prefix}{year}{core}"
    else:
        name = f"{prefix}{core}"
    if paper.form == "报告":
        name = f"{'关于' if rng.random() < 0.7 else ''}{name}的报告"
    return name
