"""Generated meetings as records: cities with their people and departments over the years, and
each meeting's agenda, decisions and attendance, deterministic per seed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import AgendaItem, Minutes, Observer, Representative
from .decisions import SENTENCES, Scene, agenda_decisions
from .papers import Desk

__all__ = ["SENTENCES"]  # other layouts say the same generic sentences

CITIES = (
    "苏州市",
    "无锡市",
    "常州市",
    "南通市",
    "扬州市",
    "镇江市",
    "泰州市",
    "盐城市",
    "徐州市",
    "淮安市",
    "连云港市",
    "宿迁市",
    "南京市",
    "杭州市",
    "宁波市",
    "温州市",
    "嘉兴市",
    "湖州市",
    "绍兴市",
    "金华市",
    "衢州市",
    "舟山市",
    "台州市",
    "丽水市",
    "合肥市",
    "芜湖市",
    "蚌埠市",
    "淮南市",
    "马鞍山市",
    "淮北市",
    "铜陵市",
    "安庆市",
    "黄山市",
    "滁州市",
    "阜阳市",
    "宿州市",
    "六安市",
    "亳州市",
    "池州市",
    "宣城市",
    "福州市",
    "厦门市",
    "莆田市",
    "三明市",
    "泉州市",
    "漳州市",
    "南平市",
    "龙岩市",
    "宁德市",
    "南昌市",
    "景德镇市",
    "萍乡市",
    "九江市",
    "新余市",
    "鹰潭市",
    "赣州市",
    "吉安市",
    "宜春市",
    "抚州市",
    "上饶市",
    "济南市",
    "青岛市",
    "淄博市",
    "枣庄市",
    "东营市",
    "烟台市",
    "潍坊市",
    "济宁市",
    "泰安市",
    "威海市",
)
MEETINGS_PER_CITY = 1400  # about 30 years of 45 meetings: bigger archives get more cities
DEPARTMENTS = (
    "市发改委",
    "市教育局",
    "市科技局",
    "市工信局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人社局",
    "市资源规划局",
    "市生态环境局",
    "市住建局",
    "市城管局",
    "市交通局",
    "市水务局",
    "市农业农村局",
    "市商务局",
    "市文广旅局",
    "市卫生健康委",
    "市退役军人局",
    "市应急局",
    "市审计局",
    "市国资委",
    "市市场监管局",
    "市统计局",
    "市医保局",
    "市信访局",
    "市行政审批局",
    "市机关事务局",
    "市税务局",
    "市政府研究室",
    "市委宣传部",
    "市委编办",
    "市纪委监委",
    "市人大常委会预算工委",
    "市消防救援支队",
    "市数据局",
    "市体育局",
    "团市委",
    "市总工会",
    "市妇联",
    "市港口发展中心",
    "市轨道交通集团",
    "市住房公积金管理中心",
)
REPRESENTED = ("市检察院", "市法院", "联通分公司", "移动分公司", "市气象局")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃戴莫孔"
    "向汤常温康施樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申耿关焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季"
)
GIVEN = "明华建国伟芳娟敏静丽强磊军洋勇艳杰涛超秀霞平刚桂英文辉力兵晓红玲飞鹏斌峰雪梅春林海波宁志宏浩亮琳慧卫东亚凯"
TOPICS = (
    ("全市经济运行情况", "经济运行", "市发改委"),
    ("城市更新工作", "城市更新", "市住建局"),
    ("安全生产工作", "安全生产", "市应急局"),
    ("审计发现问题整改", "审计整改", "市审计局"),
    ("义务教育优质均衡发展", "教育发展", "市教育局"),
    ("生态环境保护工作", "生态环境", "市生态环境局"),
    ("乡村振兴工作", "乡村振兴", "市农业农村局"),
    ("医疗卫生服务体系建设", "医疗卫生", "市卫生健康委"),
    ("财政预算执行情况", "预算执行", "市财政局"),
    ("交通基础设施建设", "交通建设", "市交通局"),
    ("科技创新工作", "科技创新", "市科技局"),
    ("外贸外资工作", "外贸外资", "市商务局"),
    ("市场监管工作", "市场监管", "市市场监管局"),
    ("水环境治理工作", "水环境治理", "市水务局"),
    ("数字政府建设", "数字政府", "市数据局"),
    ("文化旅游融合发展", "文旅融合", "市文广旅局"),
    ("就业和社会保障工作", "就业社保", "市人社局"),
    ("国有企业改革工作", "国企改革", "市国资委"),
)
WIDTH = 30
GENERATOR_VERSION = 7  # bump when the output changes (benchmarks cache archives by it)
PAGE_LINES = 36
SYNTHETIC_NOTE = "（本纪要为合成测试数据，人名均为虚构）"


# Names common enough to recur in many cities: each city's 王伟 is a different person.
COMMON_NAMES = ("王伟", "李娜", "张伟", "刘洋", "王静", "李强", "张敏", "陈杰", "王磊", "夏文", "刘军", "张建国")


def person_name(rng: random.Random, used: set[str]) -> str:
    """A name not yet used in this city (`used`: the city's names, past and present)."""
    while True:
        if rng.random() < 0.06:
            name = rng.choice(COMMON_NAMES)
        else:
            n = rng.choice((2, 3, 3, 3))
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(n - 1))
        if name not in used:
            used.add(name)
            return name


@dataclass
class _City:
    name: str
    mayor: str
    members: list[str]
    deputies: list[str]
    heads: dict[str, str]
    recorder: str
    date: dt.date
    number: int
    used: set[str]  # every name this city has had: one name, one person, within a city
    desk: Desk = field(default_factory=Desk)  # the documents it works on, meeting after meeting


def new_city(rng: random.Random, name: str, start: dt.date) -> _City:
    used: set[str] = set()
    members = [person_name(rng, used) for _ in range(12)]
    return _City(
        name=name,
        mayor=person_name(rng, used),
        members=members,
        deputies=[person_name(rng, used) for _ in range(rng.randint(8, 13))],
        heads={d: person_name(rng, used) for d in DEPARTMENTS},
        recorder=person_name(rng, used),
        date=start + dt.timedelta(days=rng.randint(0, 59)),  # archives begin at different days of the year
        number=0,
        used=used,
    )


def reshuffle(rng: random.Random, city: _City) -> None:
    """People move between departments and new people arrive."""
    depts = list(city.heads)
    for _ in range(rng.randint(2, 5)):
        a, b = rng.sample(depts, 2)
        city.heads[a], city.heads[b] = city.heads[b], city.heads[a]
    for d in rng.sample(depts, rng.randint(1, 4)):
        city.heads[d] = person_name(rng, city.used)
    if rng.random() < 0.3:
        city.members[rng.randrange(len(city.members))] = person_name(rng, city.used)


def make_record(
    rng: random.Random, city: _City, source: str, reads_right: Callable[[Minutes], bool] | None = None
) -> Minutes:
    """One meeting of `city`; where `reads_right` says the record as published would be misread
    (a short record's printed lines taken for paragraphs), its items get more prose until it is not."""
    topics = rng.sample(TOPICS, rng.randint(2, 5))
    scene = Scene(rng, DEPARTMENTS[:30], city.date, city.name, "市政府", "全市", city.desk)
    items = []
    for i, (topic, short, dept) in enumerate(topics, 1):
        verb = rng.choice(("听取", "研究", "审议"))
        title = f"{verb}{topic}的汇报" if verb == "听取" else f"{verb}{topic}有关事项"
        drafts = agenda_decisions(scene, verb, topic, short, dept)
        departments = list(dict.fromkeys(d for draft in drafts for d in draft.named))
        items.append(
            AgendaItem(
                number=i,
                title=title,
                decisions=[d.text for d in drafts],
                departments=departments,
                details=[d.truth for d in drafts],
            )
        )
    observer_depts = rng.sample(DEPARTMENTS, rng.randint(25, 40))
    reps = [Representative(d) for d in rng.sample(REPRESENTED, rng.randint(0, 2))]
    compiled = city.date + dt.timedelta(days=rng.randint(3, 9))
    issued = compiled + dt.timedelta(days=rng.randint(0, 3))
    attendees = [city.mayor] + rng.sample(city.members, rng.randint(8, 12))
    record = Minutes(
        layout="suzhou",
        source=source,
        number=city.number,
        date=city.date.isoformat(),
        title=None,
        doc_number=None,
        city=city.name,
        body=f"{city.name}人民政府",
        meeting_type="常务会议",
        session=rng.choice(("上午", "下午")),
        chair=city.mayor,
        chair_title="市长",
        items=items,
        attendees=attendees,
        observers=[Observer(n, None) for n in city.deputies] + [Observer(city.heads[d], d) for d in observer_depts],
        representatives=reps,
        recorder=city.recorder,
        compiled_by=f"{city.name}人民政府办公室",
        compiled_date=compiled.isoformat(),
        issued_date=issued.isoformat(),
        warnings=[],
    )
    while reads_right and not reads_right(record):
        item = rng.choice(items)
        _, short, dept = topics[item.number - 1]
        more = scene.prose(short, avoid=[dept])
        item.decisions.append(more.text)
        item.details.append(more.truth)
        item.departments = list(dict.fromkeys(item.departments + more.named))
    return record
