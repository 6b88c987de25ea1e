"""Generated meetings in the layouts beyond Suzhou, as stories: the record a reader must produce
and the paragraphs that say it, deterministic per seed (`other_layouts` publishes them).

    district  区/县政府常务会议纪要: `现纪要如下：`, `一、会议审议了《…》` items followed by prose
              passages, `参加人员：`/`列席人员：` bare names separated by 、 (a name may repeat)
    report    新区管委会主任办公会 news reports: a day-only date, sometimes a byline, the agenda
              as clauses of the opening sentence, `会议强调…` passages, one attendance sentence
    labelled  会议回放 pages: 会议名称/会议时间/…/会议过程 fields, 【speaker】 passages
    office    市长办公会议/专题会议 纪要: the Suzhou shape, numbers in Chinese numerals,
              `参加此次会议的有：（1）市领导：…（2）…（3）有关部门：…`

Each place (a district, a new area, a city) keeps its own people over the years, as the Suzhou
cities of `records` do; the generic topics and phrases are the same.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..models import AgendaItem, Minutes, Observer, Position
from ..numerals import int_to_cn
from .decisions import Document, Scene, agenda_decisions, cn_number, district_decisions, part, passage
from .records import CITIES, DEPARTMENTS, SYNTHETIC_NOTE, TOPICS, _City, new_city, person_name

LAYOUTS = ("suzhou", "district", "report", "labelled", "office")
LAYOUTS_VERSION = 4  # bump when these layouts' output changes (benchmarks cache mixed archives by it)

DISTRICTS = (
    ("武进区", "wujin"),
    ("新北区", "xinbei"),
    ("天宁区", "tianning"),
    ("钟楼区", "zhonglou"),
    ("金坛区", "jintan"),
    ("江宁区", "jiangning"),
    ("浦口区", "pukou"),
    ("栖霞区", "qixia"),
    ("余杭区", "yuhang"),
    ("萧山区", "xiaoshan"),
    ("鄞州区", "yinzhou"),
    ("海曙区", "haishu"),
    ("龙湾区", "longwan"),
    ("瓯海区", "ouhai"),
    ("秀洲区", "xiuzhou"),
    ("南浔区", "nanxun"),
    ("柯桥区", "keqiao"),
    ("婺城区", "wucheng"),
    ("椒江区", "jiaojiang"),
    ("黄岩区", "huangyan"),
    ("莲都区", "liandu"),
    ("蜀山区", "shushan"),
    ("包河区", "baohe"),
    ("镜湖区", "jinghu"),
    ("思明区", "siming"),
    ("湖里区", "huli"),
    ("集美区", "jimei"),
    ("历下区", "lixia"),
    ("睢宁县", "suining"),
    ("东海县", "donghai"),
    ("灌云县", "guanyun"),
    ("涟水县", "lianshui"),
    ("沭阳县", "shuyang"),
    ("泗洪县", "sihong"),
    ("如东县", "rudong"),
    ("宝应县", "baoying"),
    ("建湖县", "jianhu"),
    ("射阳县", "sheyang"),
    ("长兴县", "changxing"),
    ("德清县", "deqing"),
    ("安吉县", "anji"),
    ("桐庐县", "tonglu"),
    ("淳安县", "chunan"),
    ("象山县", "xiangshan"),
    ("宁海县", "ninghai"),
    ("仙居县", "xianju"),
)
LABELLED_PLACES = (
    ("滨湖区", "binhu"),
    ("梁溪区", "liangxi"),
    ("惠山区", "huishan"),
    ("锡山区", "xishan"),
    ("新吴区", "xinwu"),
    ("江阴市", "jiangyin"),
    ("宜兴市", "yixing"),
    ("溧阳市", "liyang"),
    ("丹阳市", "danyang"),
    ("句容市", "jurong"),
    ("扬中市", "yangzhong"),
    ("靖江市", "jingjiang"),
    ("泰兴市", "taixing"),
    ("兴化市", "xinghua"),
    ("高邮市", "gaoyou"),
    ("仪征市", "yizheng"),
    ("海门区", "haimen"),
    ("启东市", "qidong"),
    ("如皋市", "rugao"),
    ("海安市", "haian"),
    ("东台市", "dongtai"),
    ("邳州市", "pizhou"),
    ("新沂市", "xinyi"),
    ("盱眙县", "xuyi"),
    ("金湖县", "jinhu"),
    ("洪泽区", "hongze"),
    ("淮阴区", "huaiyin"),
    ("赣榆区", "ganyu"),
    ("宿城区", "sucheng"),
    ("宿豫区", "suyu"),
)
NEW_AREAS = (
    ("滨海新区", "binhai"),
    ("江北新区", "jiangbei"),
    ("南沙新区", "nansha"),
    ("天府新区", "tianfu"),
    ("两江新区", "liangjiang"),
    ("西咸新区", "xixian"),
    ("贵安新区", "guian"),
    ("金普新区", "jinpu"),
    ("湘江新区", "xiangjiang"),
    ("赣江新区", "ganjiang"),
    ("兰州新区", "lanzhou"),
    ("福州新区", "fuzhou"),
    ("长春新区", "changchun"),
    ("浦东新区", "pudong"),
    ("雄安新区", "xiongan"),
    ("滇中新区", "dianzhong"),
)
OFFICE_CITIES = tuple(reversed(CITIES))  # from the other end of the list than the Suzhou layout's
PLACES = {"district": DISTRICTS, "report": NEW_AREAS, "labelled": LABELLED_PLACES}

# Departments a district or county also has (its own 区发改委, 县教育局, …).
LOCAL_DEPARTMENTS = tuple(
    d
    for d in DEPARTMENTS
    if d not in ("市人大常委会预算工委", "市港口发展中心", "市轨道交通集团", "市住房公积金管理中心")
)
ROOMS = ("{gov}第一会议室", "{gov}常务会议室", "{gov}第二会议室", "行政中心三楼会议室", "行政中心1号会议室")
OUTSIDE = (
    ("自然资源部海岛研究中心", "副主任"),
    ("国家海洋局第三海洋研究所", "所长"),
    ("中国城市规划设计研究院", "副院长"),
    ("省城乡规划设计研究院", "院长"),
    ("省社会科学院", "副院长"),
    ("福州大学", "副校长"),
)
ROUTINE = ("调度当前重点工作", "部署下阶段重点工作")
LEADS = ("是推动新区高质量发展的重要举措", "事关新区发展大局", "是当前的一项重点工作", "是保障和改善民生的重要事项")


@dataclass
class Story:
    """One generated meeting in a layout: the record its reader must produce (title, published and
    source_url as the forms that carry them give them) and what the document says."""

    layout: str
    record: Minutes
    paragraphs: list[str]  # the text, a paragraph each (no title line; a report's article)
    published: dt.datetime  # when the page (or the file) was published
    url: str  # where the page lives
    site: str  # who publishes it (a portal's owner, a news site)
    byline: str = ""  # a report's 滨海网8月26日讯（融媒体记者 王婷）, part of its first paragraph
    fields: list[tuple[str, str]] = field(default_factory=list)  # a labelled page's fields before 会议过程
    flags: dict[str, bool] = field(default_factory=dict)  # how it is published: extracted, crumbs, trailer


@dataclass
class Place:
    """A place that publishes in one layout, with its people (`city`) and its meeting counts."""

    layout: str
    city: _City
    level: str  # 区, 县, 市 or 新区
    slug: str  # its portal's host name part
    scheme: str  # how a district numbers its meetings: year (2025年度第9次), term (十九届…第42次), plain
    counts: dict[str, int] = field(default_factory=dict)  # meetings this term by type (and by year)
    outsiders: dict[str, str] = field(default_factory=dict)  # an outside organisation's person
    reporters: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.city.name

    def count(self, key: str) -> int:
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    @property
    def numbering(self) -> str:
        """How its meetings' numbers run: "year" (restarting each year) or "term"."""
        return "year" if self.layout == "report" or (self.layout == "district" and self.scheme == "year") else "term"


def new_place(rng: random.Random, layout: str, name: str, slug: str, start: dt.date) -> Place:
    city = new_city(rng, name, start)
    level = "新区" if name.endswith("新区") else name[-1]
    place = Place(layout, city, level, slug, rng.choice(("year", "term", "plain")))
    place.reporters = [person_name(rng, city.used) for _ in range(2)]
    return place


def places_for(rng: random.Random, layout: str, count: int, per_place: int) -> list[Place]:
    """The places of a layout for `count` meetings (at least eight, more for bigger archives)."""
    from pypinyin import lazy_pinyin

    names = PLACES.get(layout) or tuple((c, "".join(lazy_pinyin(c.removesuffix("市")))) for c in OFFICE_CITIES)
    n = min(len(names), max(8, -(-count // per_place)))
    return [new_place(rng, layout, name, slug, dt.date(1996 + i % 8, 1, 3)) for i, (name, slug) in enumerate(names[:n])]


# ---------------------------------------------------------------- wording


def local(dept: str, level: str) -> str:
    """A city department's counterpart in a district or county: 市发改委 → 区发改委, 团市委 → 团区委."""
    lv = "区" if level == "新区" else level
    if dept == "团市委":
        return f"团{lv}委"
    return lv + dept[1:] if dept.startswith("市") else dept


def _whole(level: str) -> str:
    return {"区": "全区", "县": "全县", "市": "全市", "新区": "新区"}[level]


def _topics(rng: random.Random, level: str, k: int) -> list[tuple[str, str, str]]:
    return [(t.replace("全市", _whole(level)), s, local(d, level)) for t, s, d in rng.sample(TOPICS, k)]


def _date_cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _published(rng: random.Random, day: dt.date, low: int, high: int) -> dt.datetime:
    when = day + dt.timedelta(days=rng.randint(low, high))
    return dt.datetime(when.year, when.month, when.day, rng.randint(8, 22), rng.choice((0, 5, 15, 20, 31, 42, 54)))


def _url(place: Place, column: str, when: dt.datetime, rng: random.Random) -> str:
    return f"https://www.{place.slug}.gov.cn/{column}/{when:%Y%m}/t{when:%Y%m%d}_{rng.randint(10000, 99999)}.html"


def _minutes(layout: str, source: str, place: Place, **fields) -> Minutes:
    return Minutes(layout=layout, source=source, city=place.name, date=place.city.date.isoformat(), **fields)


def _term(year: int) -> int:
    return (year - 1988) // 5 + 12  # 2025: the 十九届


# ---------------------------------------------------------------- district 纪要


def district_story(rng: random.Random, place: Place, source: str) -> Story:
    city, lv = place.city, place.level
    gov, body, day = f"{lv}政府", f"{place.name}人民政府", place.city.date
    if place.scheme == "year":
        number = place.count(f"year{day.year}")
        meeting = f"{gov}{day.year}年度第{number}次常务会议"
    else:
        number = city.number
        meeting = (f"{cn_number(_term(day.year))}届" if place.scheme == "term" else "") + f"{gov}第{number}次常务会议"
    chair, chair_title = city.mayor, f"{lv}长"
    if rng.random() < 0.15:  # chaired by a deputy
        chair, chair_title = rng.choice(city.members), f"副{lv}长"
    session = rng.choice(("上午", "下午"))

    items, agenda, texts = [], [], []
    scene = Scene(rng, [local(d, lv) for d in LOCAL_DEPARTMENTS[:30]], day, place.name, gov, _whole(lv), city.desk)
    for i, (topic, short, dept) in enumerate(_topics(rng, lv, rng.randint(2, 4)), 1):
        kind = rng.choice(("review", "review", "hear", "study"))
        drafts, doc = district_decisions(scene, kind, topic, short, dept)
        written = [title for draft in drafts for title, _ in draft.written]
        documents = list(dict.fromkeys(([doc.written] if doc else []) + written))
        approved = [t for t in documents if any(t == title and yes for d in drafts for title, yes in d.written)]
        if doc:
            title, clause = f"会议审议了《{doc.written}》", f"审议了《{doc.written}》"
        elif kind == "hear":
            title, clause = f"会议听取了{dept}关于{topic}的汇报", f"听取了{dept}关于{topic}的汇报"
        else:
            title, clause = f"会议研究了{topic}有关事项", f"研究了{topic}有关事项"
        decisions = [d.text for d in drafts]
        items.append(
            AgendaItem(i, title, decisions, documents=documents, approved=approved, details=[d.truth for d in drafts])
        )
        agenda.append(clause)
        texts.append((f"{int_to_cn(i)}、{title}", decisions))

    others = [m for m in [city.mayor, *city.members] if m != chair]
    attendees = [chair] + rng.sample(others, rng.randint(5, 9))
    listed, warnings = list(attendees), []
    if rng.random() < 0.4:  # a name typed twice
        twice = rng.choice(attendees[1:])
        listed.insert(rng.randint(listed.index(twice) + 1, len(listed)), twice)
        warnings.append(f"{twice} 在参加人员名单中出现了不止一次")
    sitting = rng.sample(city.deputies, rng.randint(1, 3)) + [
        city.heads[d] for d in rng.sample(LOCAL_DEPARTMENTS, rng.randint(3, 8))
    ]
    opened = rng.choice(("现纪要如下：", "现纪要如下：", "纪要如下：", "现将会议议定事项纪要如下："))
    room = rng.choice(ROOMS).format(gov=gov)
    paragraphs = [
        f"{_date_cn(day)}{session}，{chair_title}{chair}在{room}主持召开{meeting}，{'，'.join(agenda)}。{opened}"
    ]
    for heading, decisions in texts:
        paragraphs.append(heading)
        paragraphs += ["".join(decisions)] if rng.random() < 0.5 else decisions
    issued = day + dt.timedelta(days=rng.randint(2, 6))
    paragraphs += [
        "参加人员：" + "、".join(listed),
        "列席人员：" + "、".join(sitting),
        "（此件公开发布）",
        SYNTHETIC_NOTE,
        f"抄送：{lv}委办公室，{lv}人大常委会办公室，{lv}政协办公室。",
        f"{body}办公室  {_date_cn(issued)}印发",
    ]
    record = _minutes(
        "district",
        source,
        place,
        number=number,
        title=f"{body}常务会议纪要",
        body=body,
        meeting_type="常务会议",
        session=session,
        chair=chair,
        chair_title=chair_title,
        items=items,
        attendees=attendees,
        observers=[Observer(n) for n in sitting],
        warnings=warnings,
    )
    published = _published(rng, issued, 0, 2)
    story = Story("district", record, paragraphs, published, _url(place, "zwgk/cwhy", published, rng), body)
    story.flags["extracted"] = rng.random() < 0.5  # its text: extracted from the PDF, or the portal's
    return story


# ---------------------------------------------------------------- news-style reports


def report_story(rng: random.Random, place: Place, source: str) -> Story:
    city, day = place.city, place.city.date
    number = place.count(f"year{day.year}")
    published = _published(rng, day, 0, 5)  # a day-only date later than the publication day: the month before
    session = rng.choice((None, None, None, "上午", "下午"))
    said_day = (f"{day.month}月{day.day}日" if rng.random() < 0.2 else f"{day.day}日") + (session or "")
    outlet = place.name.removesuffix("新区") + "网"
    byline = ""
    if rng.random() < 0.4:
        byline = f"{outlet}{published.month}月{published.day}日讯（融媒体记者 {rng.choice(place.reporters)}）"
    chair, chair_title = city.mayor, "新区党工委副书记、管委会主任"

    kinds = rng.sample(("study", "hear", "approve", "review"), rng.randint(1, 3))
    if "approve" not in kinds and rng.random() < 0.5:
        kinds.append("approve")
    topics = _topics(rng, "新区", len(kinds))
    departments = [local(d, "新区") for d in LOCAL_DEPARTMENTS[:30]]
    scene = Scene(rng, departments, day, place.name, "管委会", "新区", city.desk, "主任办公会")
    while True:  # drawn again where the reader would put a passage under another item
        items: list[AgendaItem] = []
        clauses: list[str] = []
        for kind, (topic, short, dept) in zip(kinds, topics):
            docs: list[Document] = []
            if kind == "study":
                clause = f"研究{topic}"
            elif kind == "hear":
                clause = f"听取{topic}汇报" if topic.endswith("情况") else f"听取{topic}情况汇报"
            else:
                docs = [scene.document(short, half=False)]
                if kind == "approve" and rng.random() < 0.4:
                    docs.append(scene.document(short, half=False))
                    docs = list({d.paper: d for d in docs}.values())  # one plan named twice: once
                shown = "".join(f"《{d.written}》" for d in docs)
                clause = f"审议并原则通过{shown}" if kind == "approve" else f"审议{shown}"
            documents = [d.written for d in docs]
            item = AgendaItem(
                len(items) + 1, clause, documents=documents, approved=documents if kind == "approve" else []
            )
            leads = rng.sample(LEADS, 2)
            for n in range(rng.choice((0, 1, 1, 1, 2)) if kind != "approve" else rng.randint(1, 2)):
                named = docs[n % len(docs)] if docs else None
                about = f"《{named.bare}》" if named else topic
                if kind == "hear" and n == 0 and rng.random() < 0.5:
                    draft = scene.approve_report(dept, topic, "会议", relay=False)
                elif rng.random() < 0.3:
                    lead = f"会议要求，要{rng.choice(('抓紧推进', '扎实做好', '统筹抓好'))}{about}相关工作。"
                    draft = passage(scene, lead, short, named)
                else:
                    draft = passage(scene, f"会议{rng.choice(('强调', '指出'))}，{about}{leads[n]}。", short, named)
                item.decisions.append(draft.text)
                item.details.append(draft.truth)
            items.append(item)
            clauses.append(clause)
        if rng.random() < 0.3:
            routine = rng.choice(ROUTINE)
            clauses.append(routine)
            items.append(AgendaItem(len(items) + 1, routine))
        if not _misattached(items, f"{place.name}管委会"):
            break
    passages = [d for item in items for d in item.decisions]

    leaders = rng.sample(city.members, rng.randint(2, 6))
    inspectors = rng.sample(city.deputies, rng.choice((0, 1, 2, 3)))
    leader_title = rng.choice(("新区领导", f"{place.name}领导"))
    positions = [Position(n, leader_title) for n in leaders] + [Position(n, "二级巡视员") for n in inspectors]
    groups = [f"{leader_title}{'、'.join(leaders)}"] + ([f"二级巡视员{'、'.join(inspectors)}"] if inspectors else [])
    if rng.random() < 0.3:
        org, title = rng.choice(OUTSIDE)
        if org not in place.outsiders:
            place.outsiders[org] = person_name(rng, city.used)
        groups.append(f"{org}{title}{place.outsiders[org]}")
        positions.append(Position(place.outsiders[org], title, org))
    attendance = "，".join(groups) + rng.choice(("参加会议。", "参加会议。", "出席会议。", "等参加会议。"))
    closing = ("会议还研究了其他事项。" if rng.random() < 0.7 else "") + attendance

    opening = (
        f"{said_day}，{chair_title}{chair}主持召开管委会{day.year}年第{number}次主任办公会，{'，'.join(clauses)}。"
    )
    if rng.random() < 0.25:  # the whole article one paragraph, as some are
        paragraphs = [opening + "".join(passages) + closing]
    else:
        paragraphs = [opening, *passages]
        if rng.random() < 0.3 and len(paragraphs) > 1:
            paragraphs[0:2] = [paragraphs[0] + paragraphs[1]]
        if rng.random() < 0.6:
            paragraphs[-1] += closing
        else:
            paragraphs.append(closing)
    paragraphs.append(SYNTHETIC_NOTE)
    record = _minutes(
        "report",
        source,
        place,
        number=number,
        title=f"{day.year}年{place.name}召开管委会第{number}次主任办公会",
        body=f"{place.name}管委会",
        meeting_type="主任办公会",
        session=session,
        chair=chair,
        chair_title=chair_title,
        items=items,
        attendees=[p.name for p in positions],
        positions=positions,
    )
    url = _url(place, "zwgk/zfhy/zrbgh", published, rng)
    story = Story("report", record, paragraphs, published, url, outlet, byline=byline)
    story.flags.update(crumbs=rng.random() < 0.2, trailer=rng.random() < 0.3)  # furniture in the crawl
    return story


# ---------------------------------------------------------------- labelled-field pages


def _misattached(items: list[AgendaItem], body: str) -> bool:
    """Whether the reader would put a passage under another item than the one it was written for
    (it goes by the words a passage shares with the items' titles: a short title's 实施方案 can
    outweigh the topic of the item after it)."""
    from ..parse.meeting import attach_passages

    read = [AgendaItem(i.number, i.title, documents=list(i.documents)) for i in items]
    attach_passages(read, [d for i in items for d in i.decisions], body=body)
    return [i.decisions for i in read] != [i.decisions for i in items]


def labelled_story(rng: random.Random, place: Place, source: str) -> Story:
    city, lv, day = place.city, place.level, place.city.date
    body = f"{place.name}人民政府"
    name = f"{body}第{city.number}次常务会议"
    session = rng.choice(("上午", "下午"))
    clock = rng.choice(("8:30", "9:00", "9:30")) if session == "上午" else rng.choice(("14:30", "15:00", "16:00"))
    chair, chair_title = city.mayor, f"{lv}长"
    attendees = [chair] + rng.sample(city.members, rng.randint(4, 8))
    sitting = rng.sample(LOCAL_DEPARTMENTS, rng.randint(3, 7))
    observers = [Observer(city.heads[d], local(d, lv)) for d in sitting]
    shown = [
        f"{o.department}{' ' if o.department and len(o.department) >= 4 and rng.random() < 0.3 else ''}{o.name}"
        for o in observers
    ]
    speakers = [chair, *attendees[1:], *(f"{o.department}{o.name}" for o in observers)]

    items: list[AgendaItem] = []
    scene = Scene(
        rng, [local(d, lv) for d in LOCAL_DEPARTMENTS[:30]], day, place.name, f"{lv}政府", _whole(lv), city.desk
    )
    while not items or _misattached(items, body):  # drawn again where the reader would misplace a passage
        items = []
        for i, (topic, short, dept) in enumerate(_topics(rng, lv, rng.randint(2, 4)), 1):
            kind = rng.choice(("review", "hear", "study"))
            documents = []
            doc: Document | None = None
            if kind == "review":  # (a bare short title would draw the next item's passages to it)
                doc = scene.document(short, half=False, formal=True)
                documents = [doc.written]
                title, about = f"审议《{doc.written}》", f"《{doc.bare}》要抓紧修改完善"
            elif kind == "hear":
                title = f"听取{topic}汇报" if topic.endswith("情况") else f"听取{topic}情况汇报"
                about = f"关于{topic}"
            else:
                title, about = f"研究{topic}有关事项", f"{topic}要统筹推进"
            drafts = [
                passage(scene, f"【{who}】{about}，", short, doc)
                for who in (
                    [dept, *rng.sample(speakers, rng.randint(0, 1))] if kind == "hear" else rng.sample(speakers, 1)
                )
            ]
            if kind == "hear" and rng.random() < 0.4:  # the chair's words on the report
                heard = part(f"【{chair}】") + scene.hear_report(dept, topic) + part("后指出，")
                drafts.append(passage(scene, heard, short))
            decisions = [d.text for d in drafts]
            items.append(AgendaItem(i, title, decisions, documents=documents, details=[d.truth for d in drafts]))
    topics = "；".join(f"{i.number}.{i.title}" for i in items)
    fields = [
        ("会议名称", name),
        ("会议时间", f"{_date_cn(day)}{session} {clock}"),
        ("会议地点", rng.choice(ROOMS).format(gov=f"{lv}政府")),
        ("会议主持人", f"{chair_title} {chair}"),
        ("出席人员", "、".join(attendees)),
        ("列席情况", "、".join(shown)),
        ("会议议题", topics),
    ]
    paragraphs = [f"{label}：{value}" for label, value in fields] + ["会议过程："]
    paragraphs += [d for item in items for d in item.decisions]
    paragraphs += [f"记录人：{city.recorder}", SYNTHETIC_NOTE]
    record = _minutes(
        "labelled",
        source,
        place,
        number=city.number,
        title=name,
        body=body,
        meeting_type="常务会议",
        session=session,
        chair=chair,
        chair_title=chair_title,
        items=items,
        attendees=attendees,
        observers=observers,
        recorder=city.recorder,
    )
    published = _published(rng, day, 1, 4)
    return Story("labelled", record, paragraphs, published, _url(place, "hyhf", published, rng), body, fields=fields)


# ---------------------------------------------------------------- mayor's office and special meetings


def office_story(rng: random.Random, place: Place, source: str) -> Story:
    city, day = place.city, place.city.date
    body = f"{place.name}人民政府"
    special = rng.random() < 0.3
    kind = "专题会议" if special else "市长办公会议"
    number = place.count(kind)
    session = rng.choice(("上午", "下午"))
    topics = _topics(rng, "市", rng.randint(1, 2) if special else rng.randint(2, 4))
    if special:
        chair, chair_title = rng.choice(city.members), "副市长"
        meeting = f"市政府第{cn_number(number)}次专题会议，专题研究{topics[0][0]}有关工作。现纪要如下："
    else:
        chair, chair_title = city.mayor, "市长"
        shorts = "、".join(t for t, _, _ in topics)
        meeting = (
            f"第{cn_number(number)}次市长办公会议，研究{shorts}等事项。{rng.choice(('纪要如下：', '现纪要如下：'))}"
        )
    items = []
    scene = Scene(rng, DEPARTMENTS[:30], day, place.name, "市政府", "全市", city.desk, kind)
    for i, (topic, short, dept) in enumerate(topics, 1):
        drafts = agenda_decisions(scene, rng.choice(("听取", "研究", "审议")), topic, short, dept)
        decisions = [d.text for d in drafts]
        items.append(AgendaItem(i, f"关于{topic}", decisions, details=[d.truth for d in drafts]))

    others = [m for m in [city.mayor, *city.members] if m != chair]
    leaders = [chair] + rng.sample(others, rng.randint(1, 4))
    secretaries = rng.sample(city.deputies, rng.randint(1, 3))
    sitting = rng.sample(DEPARTMENTS, rng.randint(4, 10))
    groups = [
        "（1）市领导：" + "、".join(leaders),
        "（2）市政府副秘书长：" + "、".join(secretaries),
        "（3）有关部门：" + "、".join(f"{d}{city.heads[d]}" for d in sitting),
    ]
    paragraphs = [f"{_date_cn(day)}{session}，{chair_title}{chair}主持召开{meeting}"]
    for item in items:
        paragraphs.append(f"{int_to_cn(item.number)}、{item.title}")
        paragraphs += [f"（{int_to_cn(n)}）{d}" for n, d in enumerate(item.decisions, 1)]
    issued = day + dt.timedelta(days=rng.randint(2, 6))
    if rng.random() < 0.3:
        paragraphs.append("参加此次会议的有：" + "".join(groups))
    else:
        paragraphs += ["参加此次会议的有：" + groups[0], *groups[1:]]
    paragraphs += [
        f"记录：{city.recorder}",
        "（此件公开发布）",
        SYNTHETIC_NOTE,
        "抄送：市委办公室，市人大常委会办公室，市政协办公室。",
        f"{body}办公室  {_date_cn(issued)}印发",
    ]
    record = _minutes(
        "office",
        source,
        place,
        number=number,
        title=f"{body}{kind}纪要",
        body=body,
        meeting_type=kind,
        session=session,
        chair=chair,
        chair_title=chair_title,
        items=items,
        attendees=leaders + secretaries,
        observers=[Observer(city.heads[d], d) for d in sitting],
        positions=[Position(n, "市领导") for n in leaders] + [Position(n, "市政府副秘书长") for n in secretaries],
        recorder=city.recorder,
        issued_date=issued.isoformat(),
    )
    published = _published(rng, issued, 0, 2)
    story = Story("office", record, paragraphs, published, _url(place, "zwgk/szbgh", published, rng), body)
    story.flags["extracted"] = rng.random() < 0.7  # its text: extracted from the PDF, or the portal's
    return story


STORIES = {"district": district_story, "report": report_story, "labelled": labelled_story, "office": office_story}
