"""Line ends in PDFs, at every room a line can be left with.

In an attendance list an entry that does not fit on the rest of a line starts the next one, so
a list line ends anywhere from a separator gap short of the right edge to a separator and the
next entry short of it; a full line (prose, or a list whose long entry is split) runs on. Each
room is drawn here, in tenths of a character, by a typesetting tool (every character placed on
its own, no space glyphs) and by an office export (space glyphs, justified prose), and the
parsed lists must be exactly the names drawn."""

import datetime as dt
import io
import random

import pytest
from helpers import as_generated

from indexer.models import Observer
from indexer.parse import parse_file
from indexer.pdftext import SEPARATOR
from indexer.synth import expected_json
from indexer.synth.layouts import printed_lines
from indexer.synth.records import make_record, new_city

FONT, SIZE, LEFT, TOP, LEADING, PAGE_LINES = "STSong-Light", 16.0, 60.0, 780.0, 27.0, 26
STYLES = ("typeset", "office")

ATTENDEES = "李亚平 王翔 洪宗明 蒋来清 陆春云 江海 吴晓东 曹后灵 杨知评 王飏 胡志斌 周伟".split()
OBSERVERS = [Observer(name, None) for name in ("沈志栋", "徐华东", "张剑")] + [
    Observer(name, dept)
    for dept, name in (
        entry.split("/")
        for entry in (
            "市发改委/夏文 市教育局/张曙 市科技局/张东驰 市工信局/蔡剑峰 市公安局/黄戟 市民政局/蒋亚亭 "
            "市司法局/王侃 市财政局/吴炜 市人社局/朱正 市资源规划局/黄晓 市生态环境局/毛元龙 市住建局/张伟 "
            "市城管局/赵金龙 市人大常委会预算工委/徐才 市卫生健康委/谭伟良"
        ).split()
    )
]
ENTRIES = [o.name if o.department is None else o.department + o.name for o in OBSERVERS]
DECISION = (
    "原则同意市发改委关于全市经济运行情况的汇报。今年1～8月，全市各主要经济指标稳中趋好，"
    "工业生产和财政收入“两回升”，要加快项目建设进度，确保年内完成1～9月计划投资的85%以上；"
    "要加强统筹协调，健全工作机制，形成推进经济运行工作的强大合力。"
)


def _width(text: str) -> float:
    """The width of `text` as an office export sets it, in characters (a space is 0.207 of one)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics.stringWidth(text, FONT, 1.0)


def _measure(style: str):
    return len if style == "typeset" else _width  # the typesetting tool gives each character a cell


def _shown(entry: str, style: str) -> str:
    """A two-character name padded to a three-character name's width: 王 翔 (a blank cell), 王  翔."""
    return (" " if style == "typeset" else "  ").join(entry) if len(entry) == 2 else entry


def _list(label: str, entries: list[str], width: float, style: str, split: bool = False) -> list[tuple[float, str]]:
    """An attendance list as (indent, text) lines `width` characters wide, entries two blanks
    apart: an entry that does not fit on the rest of a line starts the next one, indented under
    the first, the blanks before it left at the end of the line (with `split`, one that would
    not fit even there is split where the line is full). The typesetting tool never ends an entry
    within a separator gap of the right edge, where no reader could tell it from a full line."""
    measure = _measure(style)
    limit = width - (SEPARATOR if style == "typeset" else 0.0)
    lines, indent, cur = [], 0.0, label
    for i, entry in enumerate(entries):
        sep, shown = "  " if i else "", _shown(entry, style)
        if indent + measure(cur + sep + shown) < limit:
            cur += sep + shown
        elif not split or indent + measure(cur + sep + shown) <= width:
            lines.append((indent, cur + sep))
            indent, cur = measure(label), shown
        else:
            cur += sep
            for ch in shown:
                if indent + measure(cur + ch) > width:
                    lines.append((indent, cur))
                    indent, cur = measure(label), ""
                cur += ch
    return lines + [(indent, cur)]


def _room(line: tuple[float, str], width: float, style: str) -> float:
    indent, text = line
    return round(width - indent - _measure(style)(text.rstrip()), 6)


def _prose(text: str, width: float, justified: bool = True) -> list[tuple[float, str, bool]]:
    """A paragraph as (indent, text, justified) lines, with a first-line indent of two characters;
    `justified`: its full lines stretched to end at the right edge."""
    lines, indent, cur = [], 2.0, ""
    for ch in text:
        if indent + _width(cur + ch) > width:
            lines.append((indent, cur, justified))
            indent, cur = 0.0, ""
        cur += ch
    return lines + [(indent, cur, False)]


def _document(
    width: float, lists: list[tuple[float, str]], justified: bool = True, decision: str = DECISION
) -> list[tuple[float, str, bool]]:
    prose = [
        "2020年9月14日上午，李亚平市长主持召开市政府第111次常务会议，听取全市经济运行情况的汇报。",
        "会议议定以下意见：",
        "一、听取全市经济运行情况的汇报",
        "（一）" + decision,
    ]
    lines = [line for para in prose for line in _prose(para, width, justified)]
    lines += [(indent, text, False) for indent, text in lists]
    return lines + [(0.0, text, False) for text in ("记录：栗涛", "苏州市人民政府办公室整理", "2020年9月24日")]


def _pdf(lines: list[tuple[float, str, bool]], width: float, style: str) -> bytes:
    """`lines` printed `width` characters wide: the typesetting tool places each character (a
    blank is an empty cell), the office export draws each line as a string of glyphs, spaces too."""
    from reportlab.pdfgen import canvas

    _width("")  # registers the font
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(595, 842), invariant=1)
    for page, start in enumerate(range(0, len(lines), PAGE_LINES), 1):
        for n, (indent, text, justified) in enumerate(lines[start : start + PAGE_LINES]):
            x, y = LEFT + indent * SIZE, TOP - n * LEADING
            gaps = len(text) - 1
            extra = (width - indent - _width(text)) * SIZE / gaps if justified and gaps > 0 else 0.0
            if style == "office":
                t = c.beginText(x, y)
                t.setFont(FONT, SIZE)
                t.setCharSpace(extra)
                t.textOut(text)
                c.drawText(t)
                continue
            c.setFont(FONT, SIZE)
            for ch in text:
                if ch != " ":
                    c.drawString(x, y, ch)
                x += (SIZE if ch == " " else _width(ch) * SIZE) + extra
        c.setFont(FONT, 12)
        c.drawCentredString(297, 40, f"— {page} —")
        c.showPage()
    c.save()
    return out.getvalue()


def _parsed(tmp_path, lines, width: float, style: str, name: str = "wrap.pdf"):
    path = tmp_path / name
    path.write_bytes(_pdf(lines, width, style))
    return parse_file(path)


def _tenths(below: float) -> list[float]:
    """Rooms from none up to `below` characters, a tenth apart (off the tenths: no room is at a rule's edge)."""
    return [round(n / 10 + 0.05, 2) for n in range(int(below * 10))]


def _sweep():
    """(style, role, room): the first line of the list holds its first entries and leaves
    `room`, from none up to a separator and the next entry."""
    for style in STYLES:
        for role, entries, first in (("attendees", ATTENDEES, 5), ("observers", ENTRIES, 4)):
            for room in _tenths(_measure(style)("  " + _shown(entries[first], style))):
                yield pytest.param(style, role, room, id=f"{style}-{role}-{room}")


@pytest.mark.parametrize("style,role,room", list(_sweep()))
def test_an_entry_that_does_not_fit_starts_the_next_line_at_any_room(tmp_path, style, role, room):
    label, entries, first = ("出席：", ATTENDEES, 5) if role == "attendees" else ("列席：", ENTRIES, 4)
    width = _measure(style)(label + "  ".join(_shown(e, style) for e in entries[:first])) + room
    attendees, observers = _list("出席：", ATTENDEES, width, style), _list("列席：", ENTRIES, width, style)
    swept = attendees if role == "attendees" else observers
    if style == "office" or room > SEPARATOR:  # else the last of those entries starts the next line too
        assert _room(swept[0], width, style) == pytest.approx(room)
    record = _parsed(tmp_path, _document(width, attendees + observers), width, style)
    assert record.attendees == ATTENDEES
    assert record.observers == OBSERVERS
    assert record.items[0].decisions == [DECISION]  # justified prose runs on


@pytest.mark.parametrize(
    "style,room",
    [("typeset", room) for room in _tenths(SEPARATOR)] + [("office", room) for room in _tenths(1.0)],
)
def test_a_list_line_filled_to_the_edge_runs_on(tmp_path, style, room):
    """Lines filled with entries, the last split, leaving less than a gap (typeset) or less than
    the next character (office: the space glyphs left at the end of a line tell where one ended)."""
    if style == "typeset":
        width = 27 + room  # every full line of both lists leaves `room`
        attendees = _list("出席：", ATTENDEES, width, style, split=True)
        observers = _list("列席：", ENTRIES, width, style, split=True)
    else:  # the names list's first line filled, its eighth name split after the first character
        filled = "出席：" + "  ".join(_shown(e, style) for e in ATTENDEES[:7]) + "  " + ATTENDEES[7][0]
        width = _width(filled) + room
        attendees = _list("出席：", ATTENDEES, width, style, split=True)
        observers = _list("列席：", ENTRIES, width, style)
    full = [line for line in attendees + observers if _room(line, width, style) == pytest.approx(room)]
    assert full and all(not text.endswith(" ") for _, text in full)
    record = _parsed(tmp_path, _document(width, attendees + observers), width, style)
    assert record.attendees == ATTENDEES
    assert record.observers == OBSERVERS


@pytest.mark.parametrize("style", STYLES)
def test_ragged_prose_runs_on_to_its_last_line(tmp_path, style):
    """Prose left unjustified: its full lines end up to a character short of the fullest, which
    is more than a separator gap."""
    rooms = []
    for width in [27 + room for room in _tenths(1.0)]:
        attendees = _list("出席：", ATTENDEES, width, style)
        lines = _document(width, attendees, justified=False)
        prose = [(indent, text) for indent, text, _ in lines[: -len(attendees) - 3]]  # not list and footer
        fullest = max(indent + _width(text) for indent, text in prose)
        rooms += [fullest - indent - _width(text) for (indent, text), after in zip(prose, prose[1:]) if after[0] == 0]
        record = _parsed(tmp_path, lines, width, style)
        assert record.items[0].decisions == [DECISION], width
        assert record.attendees == ATTENDEES
    assert max(rooms) > SEPARATOR


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("width", [24.05 + n / 4 for n in range(32)])
def test_a_short_record_of_long_lists_is_measured_by_its_justified_lines(tmp_path, style, width):
    """A line or two of full prose, and list lines that all end short of the edge: the text
    width is where the justified lines end, whatever the lists leave."""
    decision = "原则同意市发改委关于全市经济运行情况的汇报。"
    lists = _list("出席：", ATTENDEES, width, style) + _list("列席：", ENTRIES, width, style)
    record = _parsed(tmp_path, _document(width, lists, decision=decision), width, style)
    assert record.attendees == ATTENDEES
    assert record.observers == OBSERVERS
    assert record.items[0].decisions == [decision]


@pytest.mark.parametrize("seed", range(8))
def test_generated_meetings_typeset_at_any_width_parse_to_their_records(tmp_path, seed):
    """Whole generated meetings, their lists set by the typesetting tool a fraction of a
    character wider each time: agenda, decisions and attendance as generated."""
    rng = random.Random(seed)
    city = new_city(rng, "苏州市", dt.date(2020, 1, 2))
    city.number = 100 + seed
    record = make_record(rng, city, f"typeset-{seed}.pdf")
    width = 30.05 + seed / 8

    def lists(label, entries):
        return [" " * round(indent) + text for indent, text in _list(label, entries, width, "typeset")]

    lines = [
        (0.0, line.text, line.kind == "prose" and not line.text.endswith(" "))
        for line in printed_lines(record, digits_spaced=False, lists=lists)
    ]
    parsed = as_generated(_parsed(tmp_path, lines, width, "typeset", record.source).to_dict())
    expected = expected_json(record, "pdf")
    fields = ("items", "attendees", "observers", "representatives", "recorder", "compiled_by", "issued_date")
    assert {key: parsed[key] for key in fields} == {key: expected[key] for key in fields}
