"""The parser against the real sample, its other renderings, and bad input."""

import json
import re

import pytest
from helpers import assert_matches_golden, minutes, work_ratio
from variants import portal_page, sample_text, web_paragraphs

from indexer import lexicon
from indexer.errors import NotMinutes, ParseError, SourceError
from indexer.numerals import cn_to_int, int_to_cn
from indexer.parse import (
    clean_prose,
    list_entries,
    paragraphs,
    parse_file,
    parse_text,
    responsible_departments,
    split_department,
)


def test_sample_matches_golden(sample_path, golden):
    record = parse_file(sample_path).to_dict()
    assert record["source"] == golden["source"]
    assert_matches_golden(record, golden)
    assert list(record) == [
        "source",
        "layout",
        "source_url",
        "published",
        "title",
        "doc_number",
        "city",
        "body",
        "meeting_type",
        "number",
        "date",
        "session",
        "chair",
        "chair_title",
        "items",
        "attendees",
        "observers",
        "representatives",
        "positions",
        "recorder",
        "compiled_by",
        "compiled_date",
        "issued_date",
        "text",
        "warnings",
    ]
    # The source's own slip (黄戟 under two departments) is reported, not fixed.
    assert any("黄戟" in w and "市公安局" in w and "市资源规划局" in w for w in record["warnings"])


def test_normalised_text_has_no_layout_spaces(sample_path):
    text = parse_file(sample_path).text
    assert "第111次常务会议" in text and "2020年9月14日" in text
    prose = text.split("出席：")[0]
    assert " " not in prose and "\u3000" not in prose


def test_cli_json_contract(sample_path, golden):
    out = minutes("parse", sample_path, "--json", text=False, check=True)
    raw = out.stdout.decode("utf-8")
    assert "\\u" not in raw  # not ASCII-escaped
    assert_matches_golden(json.loads(raw), golden)


def test_cli_summary_is_readable(sample_path):
    out = minutes("parse", sample_path, check=True)
    assert "第111次常务会议" in out.stdout and "李亚平" in out.stdout and "栗涛" in out.stdout


# ------------------------------------------------------------- other renderings of the sample


@pytest.mark.parametrize(
    "encoding,newline",
    [
        ("gb18030", "\r\n"),
        ("gbk", "\n"),
        ("utf-8-sig", "\r\n"),
        ("utf-16", "\n"),
        ("utf-16-le", "\r\n"),
    ],
)
def test_encodings_and_line_endings(tmp_path, golden, encoding, newline):
    path = tmp_path / "minutes.dat"  # the extension says nothing: detection is by content
    path.write_bytes(sample_text().replace("\n", newline).encode(encoding))
    assert_matches_golden(parse_file(path).to_dict(), golden)


@pytest.mark.parametrize(
    "pattern,replacement",
    [
        (r" {2,}", "\u3000"),  # separators as one ideographic space
        (r" ", "\u3000"),  # every space ideographic
        (r" {2,}", "\u3000\u3000"),
        (r" ", "\u00a0"),  # no-break spaces
    ],
)
def test_ideographic_space_separators(tmp_path, golden, pattern, replacement):
    path = tmp_path / "minutes.txt"
    path.write_text(re.sub(pattern, replacement, sample_text()), encoding="utf-8")
    assert_matches_golden(parse_file(path).to_dict(), golden)


def test_web_page(tmp_path, golden):
    path = tmp_path / "a1b2.shtml"
    path.write_text(portal_page(web_paragraphs(sample_text())), encoding="utf-8")
    record = parse_file(path)
    assert_matches_golden(record.to_dict(), golden)
    assert record.title == "市政府第111次常务会议纪要"
    assert record.doc_number == "常务会议纪要〔2020〕11号"
    for noise in ("分享到", "打印本页", "网站地图", "当前位置", "首页"):
        assert noise not in record.text


def test_web_page_gb18030_crlf(tmp_path, golden):
    page = portal_page(web_paragraphs(sample_text())).replace('charset="utf-8"', 'charset="gb2312"')
    path = tmp_path / "page.htm"
    path.write_bytes(page.replace("\n", "\r\n").encode("gb18030"))
    assert_matches_golden(parse_file(path).to_dict(), golden)


def test_web_page_without_portal_containers_uses_densest_element(tmp_path, golden):
    path = tmp_path / "page.html"
    path.write_text(portal_page(web_paragraphs(sample_text()), with_containers=False), encoding="utf-8")
    record = parse_file(path)
    assert_matches_golden(record.to_dict(), golden)
    assert "网站地图" not in record.text and "政务公开" not in record.text


# ------------------------------------------------------------- bad input


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file(tmp_path):
    with pytest.raises(SourceError, match="empty"):
        parse_file(_write(tmp_path, "empty.txt", b""))


def test_binary_file(tmp_path):
    with pytest.raises(SourceError, match="binary"):
        parse_file(_write(tmp_path, "x.txt", bytes(range(256)) * 20))


def test_text_without_header(tmp_path):
    path = _write(tmp_path, "notes.txt", "今天天气很好。\n我们讨论了公园的绿化工作。\n".encode())
    with pytest.raises(ParseError, match=r"no meeting date and no meeting number"):
        parse_file(path)


def test_cut_off_inside_attendance_list(tmp_path):
    text = sample_text()
    cut = text[: text.index("市交通局陆文华")]
    record = parse_file(_write(tmp_path, "cut.txt", cut.encode()))
    assert record.number == 111 and len(record.items) == 3
    assert record.observers[-1].name == "赵金龙"
    assert record.recorder is None and record.issued_date is None
    assert any("不完整" in w for w in record.warnings)
    assert any("落款" in w for w in record.warnings)


def test_web_page_without_body(tmp_path):
    page = "<html><head><title>404</title></head><body><div class='nav'>首页 政务公开</div></body></html>"
    with pytest.raises(NotMinutes, match="without body text"):
        parse_file(_write(tmp_path, "x.html", page.encode()))


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02\xff" * 100, "没有会议".encode(), b"<html></html>"])
def test_cli_bad_input_is_one_line_exit_2(tmp_path, content):
    path = _write(tmp_path, "bad.txt", content)
    out = minutes("parse", path, "--json")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.count("\n") == 1 and str(path) in out.stderr
    assert "Traceback" not in out.stderr


# ------------------------------------------------------------- general rules, unseen documents


@pytest.mark.parametrize(
    "entry,dept,name",
    [
        ("市发改委夏文", "市发改委", "夏文"),
        ("团市委方芳", "团市委", "方芳"),
        ("国家统计局苏州调查队金建国", "国家统计局苏州调查队", "金建国"),
        ("市“331”专班李玉琪", "市“331”专班", "李玉琪"),
        ("张家港市韩卫", "张家港市", "韩卫"),
        # Departments that are in no dictionary:
        ("市体育局欧阳明远", "市体育局", "欧阳明远"),
        ("无锡市轨道交通集团孙立", "无锡市轨道交通集团", "孙立"),
        ("市数字经济发展中心钱晓东", "市数字经济发展中心", "钱晓东"),
        ("南通市崇川区人民政府办公室黎明", "南通市崇川区人民政府办公室", "黎明"),
        ("市港口管理委员会邵卫平", "市港口管理委员会", "邵卫平"),
    ],
)
def test_split_department(entry, dept, name):
    got_dept, got_name, certain = split_department(entry, lexicon.known_departments())
    assert (got_dept, got_name) == (dept, name)
    assert certain


@pytest.mark.parametrize(
    "content,entries",
    [
        ("李亚平  王  翔  洪宗明  江  海 ", ["李亚平", "王翔", "洪宗明", "江海"]),
        ("李亚平\u3000王\u3000翔\u3000洪宗明", ["李亚平", "王翔", "洪宗明"]),
        ("张三、李四、王五", ["张三", "李四", "王五"]),
        ("市发改委夏  文  市教育局张曙", ["市发改委夏文", "市教育局张曙"]),
    ],
)
def test_list_entries(content, entries):
    assert list_entries(content) == entries


@pytest.mark.parametrize(
    "text,value",
    [
        ("111", 111),
        ("八十", 80),
        ("一百一十一", 111),
        ("十二", 12),
        ("二〇二〇", 2020),
        ("三十", 30),
    ],
)
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


def test_int_to_cn_round_trips():
    assert [int_to_cn(n) for n in (1, 10, 12, 20, 23)] == ["一", "十", "十二", "二十", "二十三"]
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 100))


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("第 111 次常务会议", "第111次常务会议"),
        ("2020 年 9 月 14 日上午", "2020年9月14日上午"),
        ("治理 PM 2.5 污染", "治理PM 2.5污染"),
        ("总书记\u3000关于", "总书记关于"),
    ],
)
def test_clean_prose(raw, clean):
    assert clean_prose(raw) == clean


def test_responsible_departments():
    text = (
        "原则同意市发改委关于全市经济运行情况的汇报。由市应急局牵头，市公安局、市交通局配合开展检查。"
        "各地各部门要认真落实。按照中央、省和市委关于经济工作的部署。市政府办公室牵头做好督办。"
    )
    found = responsible_departments(text, set())
    assert found[:2] == ["市发改委", "市应急局"]
    assert {"市公安局", "市交通局", "市政府办公室"} <= set(found)
    assert not any(d in found for d in ("各地各部门", "省和市委", "市委"))


OTHER_CITY = """信息名称：无锡市人民政府第八十次常务会议纪要
索引号：014109429/2023-00077
文件编号：锡政纪〔2023〕5号
2023年3月2日下午，市长赵建军在市政府会议中心主持召开市政府第八十次常务会议，纪要如下：
一、会议审议了《无锡市城市更新管理办法》。会议指出，城市更新是推动城市高质量发展的重要抓手。会议原则同意该办法，由市住建局牵头抓紧组织实施。
二、会议听取了市财政局关于2022年度预算执行情况的汇报
（一）原则同意市财政局关于2022年度预算执行情况的汇报。
（二）市审计局要加强审计监督。
出席：赵建军　周文栋　欧阳明远　钱　进
列席：孙海东　市发改委陈　杰　市数字经济发展中心钱晓东
市检察院、联通无锡分公司的代表
记录：刘　洋
无锡市人民政府办公室2023年3月6日印发
"""


def test_other_city_paragraph_layout_and_chinese_numerals(tmp_path):
    record = parse_text(OTHER_CITY, "wuxi.txt")
    assert record.number == 80 and record.date == "2023-03-02" and record.session == "下午"
    assert (record.chair, record.chair_title) == ("赵建军", "市长")
    assert record.title == "无锡市人民政府第八十次常务会议纪要"
    assert record.doc_number == "锡政纪〔2023〕5号"
    assert record.city == "无锡市" and record.body == "无锡市人民政府"
    assert record.issued_date == "2023-03-06" and record.compiled_date is None
    assert [i.number for i in record.items] == [1, 2]
    assert record.items[0].title == "会议审议了《无锡市城市更新管理办法》"
    assert "市住建局" in record.items[0].departments
    assert record.items[1].departments == ["市财政局", "市审计局"]
    assert record.attendees == ["赵建军", "周文栋", "欧阳明远", "钱进"]
    assert [(o.name, o.department) for o in record.observers] == [
        ("孙海东", None),
        ("陈杰", "市发改委"),
        ("钱晓东", "市数字经济发展中心"),
    ]
    assert [r.department for r in record.representatives] == ["市检察院", "联通无锡分公司"]
    assert record.recorder == "刘洋"


def test_hard_wrapped_detection():
    assert len(paragraphs(sample_text())) < len([line for line in sample_text().split("\n") if line.strip()])
    assert paragraphs(OTHER_CITY) == [line.strip() for line in OTHER_CITY.split("\n") if line.strip()]


def test_short_hard_wrapped_document_is_rejoined():
    """Found at 100,000 generated meetings: few full-width lines, but every printed line is
    followed by an empty line, as PDF extraction does."""
    from pathlib import Path

    record = parse_file(Path(__file__).resolve().parent / "data" / "short-hard-wrapped.txt")
    assert (record.number, record.date, record.session) == (25, "1998-07-18", "下午")
    assert len(record.items) == 4 and record.items[0].decisions[1].endswith("。")
    assert record.warnings == []


@pytest.mark.parametrize(
    "decision,expected",
    [
        ("由市应急局根据本次会议讨论意见按程序发文。", ["市应急局"]),
        ("由市财政局会同市审计局研究提出意见。", ["市财政局", "市审计局"]),
        ("由市城管局、市园林绿化局按程序报批。", ["市城管局", "市园林绿化局"]),
        ("由苏州海关依法处理。", ["苏州海关"]),
        ("由此可见，各地要加强统筹。", []),
    ],
)
def test_responsible_department_after_you_whatever_the_verb(decision, expected):
    from indexer import lexicon
    from indexer.parse import responsible_departments

    assert sorted(responsible_departments(decision, set(lexicon.known_departments()))) == sorted(expected)


# ---------------------------------------------------------------- linear work on hostile text


def _hostile(n: int) -> dict[str, str]:
    """The sample with one part blown up to about n characters of what its patterns scan."""
    base = sample_text()
    return {
        "observer run": base.replace("列席：", "列席：" + "市" * n, 1),  # was minutes at 70,000
        "representatives": base.replace("列席：", "列席：" + "局" * n + "的代表 ", 1),
        "attendee run": base.replace("出席：", "出席：" + "市" * n, 1),
        "padded names": base.replace("出席：", "出席：" + "王 " * (n // 2), 1),  # was quadratic (list.count)
        "header": base.replace("主持召开", "主持召开" + "第" * n, 1),
        "decision": base.replace("（一）", "（一）" + "由" * n, 1),
        "departments": base.replace("（一）", "（一）" + "市发改委" * (n // 4), 1),
        "dates": base.replace("2020年", "2020年" * (n // 5), 1),
        "numerals": base.replace("主持召开", "主持召开第" + "一" * n + "次", 1),
        "footer": base + "\n" + "办公室" * (n // 3),
        "metadata": "信息名称：" + "x" * n + "\n" + base,
    }


def _parse_quietly(text: str):
    def run() -> None:
        try:
            parse_text(text, "hostile.txt")
        except ParseError:
            pass

    return run


def test_parsing_work_grows_linearly_with_hostile_text():
    """Twice the text costs at most 2.5 times the work, for every part a pattern scans (the median
    of 7 paired timings, so a noisy machine does not decide it)."""
    small, large = _hostile(20_000), _hostile(40_000)
    ratios = {name: work_ratio(_parse_quietly(small[name]), _parse_quietly(large[name])) for name in small}
    assert all(r <= 2.5 for r in ratios.values()), {k: round(v, 2) for k, v in ratios.items()}
