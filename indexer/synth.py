"""A synthetic archive: deterministic minutes in the published-PDF text layout, with ground truth.

Each document is laid out like the real Suzhou sample (hard wraps at a fixed width, an empty line
after every printed line, padded two-character names, entries split across lines, page-break
spaces) so that the parser is exercised for real, and each says in its text that it is synthetic.
`DIR/expected/<name>.json` holds the record the parser must produce.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from .models import AgendaItem, Minutes, Observer, Representative
from .numerals import int_to_cn

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
WIDTH = 30
GENERATOR_VERSION = 4  # bump when the output changes (benchmarks cache archives by it)
PAGE_LINES = 36
SYNTHETIC_NOTE = "（本纪要为合成测试数据，人名均为虚构）"


# Names common enough to recur in many cities: each city's 王伟 is a different person.
COMMON_NAMES = ("王伟", "李娜", "张伟", "刘洋", "王静", "李强", "张敏", "陈杰", "王磊", "夏文", "刘军", "张建国")


def _name(rng: random.Random, used: set[str]) -> str:
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


def _new_city(rng: random.Random, name: str, start: dt.date) -> _City:
    used: set[str] = set()
    members = [_name(rng, used) for _ in range(12)]
    return _City(
        name=name,
        mayor=_name(rng, used),
        members=members,
        deputies=[_name(rng, used) for _ in range(rng.randint(8, 13))],
        heads={d: _name(rng, used) for d in DEPARTMENTS},
        recorder=_name(rng, used),
        date=start,
        number=0,
        used=used,
    )


def _reshuffle(rng: random.Random, city: _City) -> None:
    """People move between departments and new people arrive."""
    depts = list(city.heads)
    for _ in range(rng.randint(2, 5)):
        a, b = rng.sample(depts, 2)
        city.heads[a], city.heads[b] = city.heads[b], city.heads[a]
    for d in rng.sample(depts, rng.randint(1, 4)):
        city.heads[d] = _name(rng, city.used)
    if rng.random() < 0.3:
        city.members[rng.randrange(len(city.members))] = _name(rng, city.used)


def _make_record(rng: random.Random, city: _City, source: str) -> Minutes:
    topics = rng.sample(TOPICS, rng.randint(2, 5))
    items = []
    for i, (topic, short, dept) in enumerate(topics, 1):
        verb = rng.choice(("听取", "研究", "审议"))
        title = f"{verb}{topic}的汇报" if verb == "听取" else f"{verb}{topic}有关事项"
        decisions = [f"原则同意{dept}关于{topic}的汇报。"]
        departments = [dept]
        for _ in range(rng.randint(1, 3)):
            sents = rng.sample(SENTENCES, rng.randint(2, 4))
            text = "；".join(s.format(short=short, pct=f"{rng.randint(60, 95)}%") for s in sents) + "。"
            if rng.random() < 0.5:
                other = rng.choice([d for d in DEPARTMENTS[:30] if d not in departments])
                text += rng.choice(
                    (f"由{other}牵头，抓紧制定具体实施方案。", f"{other}要加强跟踪督办，按时报告进展情况。")
                )
                departments.append(other)
            decisions.append(text)
        items.append(AgendaItem(number=i, title=title, decisions=decisions, departments=departments))
    observer_depts = rng.sample(DEPARTMENTS, rng.randint(25, 40))
    reps = [Representative(d) for d in rng.sample(REPRESENTED, rng.randint(0, 2))]
    compiled = city.date + dt.timedelta(days=rng.randint(3, 9))
    issued = compiled + dt.timedelta(days=rng.randint(0, 3))
    attendees = [city.mayor] + rng.sample(city.members, rng.randint(8, 12))
    return Minutes(
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


# ---------------------------------------------------------------- the PDF-text layout


def _pdf_digits(text: str) -> str:
    """PDF text puts spaces around runs of ASCII digits: 2020 年 9 月."""
    out, i = [], 0
    while i < len(text):
        if text[i].isdigit() and text[i].isascii():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isdigit()):
                j += 1
            out.append(f" {text[i:j]} ")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _wrap(text: str) -> list[str]:
    """Hard-wrap at WIDTH cells; the last line of the paragraph ends with a space."""
    lines, cur, cells = [], "", 0
    for ch in text:
        cur += ch
        cells += 1 if not ch.isspace() else 0
        if cells >= WIDTH:
            lines.append(cur)
            cur, cells = "", 0
    if cur.strip():
        lines.append(cur)
    lines = [line.rstrip() for line in lines if line.strip()]  # wraps never leave trailing spaces
    if lines:
        lines[-1] += " "
    return lines


def _list_lines(label: str, entries: list[str]) -> list[str]:
    """An attendance list: entries separated by two spaces, two-character names padded."""
    text = label + "  ".join(_shown(entries)) + " "
    lines, cur, cells = [], "", 0
    for ch in text:
        cur += ch
        cells += 1
        if cells >= WIDTH:
            lines.append(cur)
            cur, cells = "", 0
    if cur.strip():
        lines.append(cur.rstrip() + " ")
    for i in range(len(lines) - 1):  # separator spaces stay at the end of the line they follow
        while lines[i + 1].startswith(" "):
            lines[i] += " "
            lines[i + 1] = lines[i + 1][1:]
    return [line for line in lines if line.strip()]


@dataclass
class _Printed:
    """One printed line: trailing spaces where it ends an entry or a paragraph."""

    text: str
    kind: str  # "prose" (justified when full), "list" (every character one cell), "plain"


def _shown(entries: list[str]) -> list[str]:
    return [f"{e[0]}  {e[1]}" if len(e) == 2 else e for e in entries]


def _flow(text: str, fits) -> list[str]:
    """An office suite's wrap: each line as long as `fits`, spaces hanging at the end of a line."""
    lines, cur = [], ""
    for ch in text:
        if cur and not ch.isspace() and not fits(cur + ch):
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur.strip() else [])


def _cells(label: str, entries: list[str]) -> list[str]:
    """A typesetting tool's list: one cell a character, two blank cells between entries; an entry
    is never set flush against the right edge (it starts the next line instead), so the end of
    every line shows whether an entry ended there."""
    lines, cur = [], label
    for i, entry in enumerate(_shown(entries)):
        sep = "  " if i else ""
        if len(cur) + len(sep) >= WIDTH - 1 or len(cur) + len(sep) + len(entry) == WIDTH:
            lines.append(cur + sep)
            cur, sep = "", ""
        cur += sep
        for ch in entry:
            if len(cur) == WIDTH:
                lines.append(cur)
                cur = ""
            cur += ch
    return lines + [cur + " "]


def printed_lines(record: Minutes, digits_spaced: bool = True, lists=None) -> list[_Printed]:
    """The record as printed on the page, line by line (`digits_spaced`: as PDF text extraction
    gives it, with spaces around numbers; `lists(label, entries)`: how a producer sets the
    attendance lists, by default as the text layout does)."""
    digits = _pdf_digits if digits_spaced else (lambda text: text)
    y, m, d = (int(x) for x in record.date.split("-"))
    header = (
        f"{y}年{m}月{d}日{record.session}，{record.chair}{record.chair_title}主持召开市政府第{record.number}"
        f"次常务会议，" + "、".join(i.title for i in record.items) + "。"
    )
    prose = _wrap(digits(header)) + _wrap("会议议定以下意见：")
    for item in record.items:
        prose += _wrap(f"{int_to_cn(item.number)}、{digits(item.title)}")
        for n, decision in enumerate(item.decisions, 1):
            prose += _wrap(f"（{int_to_cn(n)}）{digits(decision)}")
    lines = [_Printed(line, "prose") for line in prose]
    lists = lists or _list_lines
    lines += [_Printed(line, "list") for line in lists("出席：", record.attendees)]
    lines += [_Printed(line, "list") for line in lists("列席：", _observer_entries(record))]
    cy, cm, cd = (int(x) for x in record.compiled_date.split("-"))
    iy, im, idd = (int(x) for x in record.issued_date.split("-"))
    lines += [
        _Printed(line, "plain")
        for line in [
            f"记录：{record.recorder}  ",
            f"{record.compiled_by}整理 ",
            f"{cy}年 {cm}月 {cd}日 ",
            "（此件公开发布） ",
            SYNTHETIC_NOTE + " ",
            "分送：各市、区人民政府，市各有关部门和单位。 ",
            f"{record.compiled_by}                  {iy}年 {im}月 {idd}日印发  ",
        ]
    ]
    return lines


def _observer_entries(record: Minutes) -> list[str]:
    entries = [o.name if o.department is None else f"{o.department}{o.name}" for o in record.observers]
    if record.representatives:
        entries.append("、".join(r.department for r in record.representatives) + "的代表")
    return entries


def render(record: Minutes) -> str:
    """The record as text extracted from a published PDF."""
    lines = [line.text for line in printed_lines(record)]
    lines[-7:-7] = [" "]  # extraction leaves a stray blank-ish line before the recorder …
    lines[-6:-6] = [" "]  # … and after it
    out = []
    for n, line in enumerate(lines, 1):
        if n % PAGE_LINES == 0 and not line.startswith(" "):
            line = " " + line  # a page break leaves one leading space
        out.append(line)
    return "\n\n".join(out) + "\n"


def web_title(record: Minutes) -> str:
    return f"市政府第{record.number}次常务会议纪要"


def _paragraphs(record: Minutes, separator: str, pad_names: bool) -> list[str]:
    """The record as whole paragraphs (web pages, Word documents)."""
    y, m, d = (int(x) for x in record.date.split("-"))
    paras = [
        f"{y}年{m}月{d}日{record.session}，{record.chair}{record.chair_title}主持召开市政府第{record.number}"
        f"次常务会议，" + "、".join(i.title for i in record.items) + "。",
        "会议议定以下意见：",
    ]
    for item in record.items:
        paras.append(f"{int_to_cn(item.number)}、{item.title}")
        paras += [f"（{int_to_cn(n)}）{decision}" for n, decision in enumerate(item.decisions, 1)]

    def names(entries: list[str]) -> str:
        return separator.join(f"{e[0]}  {e[1]}" if pad_names and len(e) == 2 else e for e in entries)

    cy, cm, cd = (int(x) for x in record.compiled_date.split("-"))
    iy, im, idd = (int(x) for x in record.issued_date.split("-"))
    paras += [
        f"出席：{names(record.attendees)}",
        f"列席：{names(_observer_entries(record))}",
        f"记录：{record.recorder}",
        f"{record.compiled_by}整理",
        f"{cy}年{cm}月{cd}日",
        "（此件公开发布）",
        SYNTHETIC_NOTE,
        "分送：各市、区人民政府，市各有关部门和单位。",
        f"{record.compiled_by}{separator * 3}{iy}年{im}月{idd}日印发",
    ]
    return paras


def render_html(record: Minutes) -> str:
    """The record as the city's portal would publish it (entries separated by ideographic spaces)."""
    from html import escape

    title = escape(web_title(record))
    body = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(record, "\u3000", pad_names=False))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - {escape(record.body or "")}</title>'
        f'</head><body><div class="nav">首页 政务公开 政府会议</div><div class="article"><ucaptitle>{title}'
        f'</ucaptitle><publishtime>{record.issued_date} 09:20</publishtime><div class="contentShow"><ucapcontent>'
        f'{body}</ucapcontent></div><div id="shareNode">分享到：微信 微博</div></div>'
        f'<div class="footer">主办：{escape(record.body or "")}办公室</div></body></html>\n'
    )


def render_docx(record: Minutes) -> bytes:
    """The record as an office .docx: real paragraphs, padded names, tabs between entries, the
    page number in the footer part."""
    import io

    import docx

    document = docx.Document()
    for para in _paragraphs(record, "\t", pad_names=True):
        document.add_paragraph(para)
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF_FONT, PDF_SIZE, PDF_LEFT, PDF_TOP, PDF_LEADING, PDF_PAGE_LINES = "STSong-Light", 16.0, 60.0, 770.0, 29.0, 24


def _pdf_width():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return lambda text: pdfmetrics.stringWidth(text, PDF_FONT, PDF_SIZE)


def pdf_lines(record: Minutes, positioned: bool = False) -> list[_Printed]:
    """The lines `render_pdf` prints, PDF_PAGE_LINES a page."""
    if positioned:
        return printed_lines(record, digits_spaced=False, lists=_cells)
    width, room = _pdf_width(), WIDTH * PDF_SIZE + 0.01
    return printed_lines(
        record,
        digits_spaced=False,
        lists=lambda label, entries: _flow(label + "  ".join(_shown(entries)) + " ", lambda line: width(line) <= room),
    )


def render_pdf(record: Minutes, positioned: bool = False) -> bytes:
    """The record as a published PDF (A4, 16 pt, WIDTH characters a line, page numbers).

    `positioned=False`: an office export — each line drawn as a string, space glyphs between
    entries, full prose lines justified. `positioned=True`: a typesetting tool — every character
    placed on its own, no space glyphs at all, and a running header on every page."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width = _pdf_width()
    right = PDF_LEFT + WIDTH * PDF_SIZE
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    lines = pdf_lines(record, positioned)
    for page, start in enumerate(range(0, len(lines), PDF_PAGE_LINES), 1):
        if positioned:
            c.setFont(PDF_FONT, 10.5)
            c.drawString(PDF_LEFT, 805, f"{record.body}常务会议纪要")
        c.setFont(PDF_FONT, PDF_SIZE)
        for n, line in enumerate(lines[start : start + PDF_PAGE_LINES]):
            y = PDF_TOP - n * PDF_LEADING
            text = line.text
            full = line.kind == "prose" and not text.endswith(" ")
            if not positioned:
                t = c.beginText(PDF_LEFT, y)
                t.setFont(PDF_FONT, PDF_SIZE)
                # justified: stretched to the right edge (the spacing is page state: always set it)
                t.setCharSpace((right - PDF_LEFT - width(text)) / (len(text) - 1) if full and len(text) > 1 else 0)
                t.textOut(text)
                c.drawText(t)
                continue
            x = PDF_LEFT
            extra = (right - PDF_LEFT - width(text)) / (len(text) - 1) if full and len(text) > 1 else 0.0
            for ch in text:
                step = PDF_SIZE if line.kind == "list" else width(ch)
                if not ch.isspace():
                    c.drawString(x, y, ch)
                x += step + extra
        c.setFont(PDF_FONT, 12)
        c.drawCentredString(A4[0] / 2, 40, f"-{page}-" if positioned else f"— {page} —")
        c.showPage()
    c.save()
    return out.getvalue()


FORMATS = ("txt", "html", "pdf", "docx")


def expected_json(record: Minutes, fmt: str = "txt") -> dict:
    data = record.to_dict()
    data.pop("text")
    if fmt == "html":
        data["title"] = web_title(record)
    return data


def generate(count: int, out: str | Path, seed: int = 1, fmt: str = "txt") -> list[Path]:
    """Write `count` documents (and their expected records) under `out`; deterministic per seed.

    `fmt`: txt (PDF-extracted text), html (portal pages), docx, or pdf — PDFs alternate between
    an office export (space glyphs, justified) and a typeset file (every character positioned)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_cities = min(len(CITIES), max(8, -(-count // MEETINGS_PER_CITY)))
    cities = [_new_city(rng, name, dt.date(1990 + i % 8, 1, 2)) for i, name in enumerate(CITIES[:n_cities])]
    written = []
    for n in range(count):
        city = cities[n % len(cities)]
        term = (city.date.year - 1988) // 5
        city.date += dt.timedelta(days=rng.randint(5, 11))
        city.number += 1
        if (city.date.year - 1988) // 5 != term:  # a new government term restarts the numbering
            city.number = 1
            city.mayor = _name(rng, city.used)
            _reshuffle(rng, city)
        elif city.number % 12 == 0:  # a few moves a year
            _reshuffle(rng, city)
        name = f"synth-{n:06d}.{fmt}"
        record = _make_record(rng, city, name)
        folder = out / city.name / str(city.date.year)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "txt":
            (folder / name).write_text(render(record), encoding="utf-8")
        elif fmt == "html":
            (folder / name).write_text(render_html(record), encoding="utf-8")
        elif fmt == "docx":
            (folder / name).write_bytes(render_docx(record))
        else:
            (folder / name).write_bytes(render_pdf(record, positioned=n % 2 == 1))
        (out / "expected" / f"{Path(name).stem}.json").write_text(
            json.dumps(expected_json(record, fmt), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        written.append(folder / name)
    return written
