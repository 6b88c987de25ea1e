"""Each layout is recognised from its text and read by its own reader into the one model: a
hand-written sample of each (tests/data/layouts), with what it must read as."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import work_ratio

from indexer.errors import NotMinutes
from indexer.models import Observer, Position
from indexer.parse import parse_file, parse_text
from indexer.parse.readers import readers

SAMPLES = Path(__file__).resolve().parent / "data" / "layouts"


def test_every_layout_has_a_reader_of_its_own():
    assert {r.name for r in readers()} == {"suzhou", "district", "report", "labelled", "office"}


def test_district_minutes():
    record = parse_file(SAMPLES / "district.txt")
    assert (record.layout, record.body, record.city, record.number, record.date) == (
        "district",
        "武进区人民政府",
        "武进区",
        9,
        "2025-03-05",
    )
    assert (record.chair, record.chair_title, record.meeting_type, record.session) == (
        "张三丰",
        "区长",
        "常务会议",
        "上午",
    )
    first, second = record.items
    assert first.title == "会议审议了《武进区城市更新实施方案（送审稿）》"
    assert first.documents == first.approved == ["武进区城市更新实施方案（送审稿）"]
    assert [d[:4] for d in first.decisions] == ["会议强调", "会议原则"]
    assert second.documents == [] and second.departments == ["区应急局"]
    assert record.attendees == ["张三丰", "李四", "王小五"]  # the repeated name once, with a warning
    assert record.warnings == ["李四 在参加人员名单中出现了不止一次"]
    assert record.observers == [Observer("赵六"), Observer("钱七")]


def test_labelled_page():
    record = parse_file(SAMPLES / "labelled.txt")
    assert (record.layout, record.body, record.number, record.date, record.session) == (
        "labelled",
        "武进区人民政府",
        12,
        "2024-05-06",
        "上午",
    )
    assert (record.chair, record.chair_title) == ("张三丰", "区长")
    assert [i.title for i in record.items] == [
        "审议《武进区城市更新实施方案（送审稿）》",
        "听取全区安全生产工作情况汇报",
    ]
    assert [i.decisions[0][:5] for i in record.items] == ["【张三丰】", "【李四】安"]
    assert record.observers == [Observer("赵六", "区发改局"), Observer("钱七", "区财政局")]
    assert record.warnings == []


def test_mayors_office_meeting():
    record = parse_file(SAMPLES / "office.txt")
    assert (record.layout, record.meeting_type, record.number, record.chair) == ("office", "市长办公会议", 80, "杜小刚")
    assert record.attendees == ["杜小刚", "王进健", "徐劼", "张明", "李华"]
    assert Position("张明", "市政府副秘书长") in record.positions
    assert record.observers == [
        Observer("夏文", "市发改委"),
        Observer("王伟", "市住建局"),
        Observer("陈军", "市财政局"),
    ]
    assert record.recorder == "刘洋" and record.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "首页 > 政务公开 > 政府会议\n第1页 共5页\n下一页",
        "2023年5月1日，全市各地举行丰富多彩的劳动节活动，市民踊跃参与。",
        "关于印发《某某办法》的通知\n各区人民政府，市各委办局：现将《某某办法》印发给你们，请认真贯彻执行。",
    ],
    ids=["listing", "news", "notice"],
)
def test_what_is_not_a_meeting_record_is_refused_with_the_reason(text):
    with pytest.raises(NotMinutes, match="不是会议记录"):
        parse_text(text, "page.html")


# ---------------------------------------------------------------- a record lacking a field


def _without(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def test_a_record_without_its_date_is_indexed_named_and_found(tmp_path):
    """No date in the header and none before the agenda: the meeting is still a meeting record —
    indexed with what could be read, the missing field named in a warning, its page says so."""
    from urllib.parse import quote
    from urllib.request import urlopen

    from helpers import hit_ids, serving
    from variants import sample_text

    from indexer.build import index_paths
    from indexer.query import SearchIndex

    text = _without(sample_text(), "2020 年 9 月 14 日上午，", "上午，")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "undated.txt").write_text(text, encoding="utf-8")
    record = parse_file(folder / "undated.txt")
    assert record.date is None and record.number == 111 and record.chair == "李亚平"
    assert "没有找到会议日期：按次数收录" in record.warnings
    report = index_paths([folder], tmp_path / "ix")
    assert (report.added, report.failed) == (1, [])
    index = SearchIndex(tmp_path / "ix")
    assert hit_ids(index, "经济运行") == [record.id]
    assert hit_ids(index, "次数:111") == [record.id]
    assert hit_ids(index, "经济运行", date_to="2030-01-01") == []  # no date: in no date range
    with serving(tmp_path / "ix") as base:
        page = urlopen(f"{base}/meetings/{quote(record.id)}").read().decode()
        home = urlopen(f"{base}/?q={quote('经济运行')}").read().decode()
        for path in ("/browse", "/api/browse", "/feed.atom?q=" + quote("经济运行")):
            assert urlopen(base + path).status == 200, path
    from helpers import minutes

    stats = minutes("stats", "--index", tmp_path / "ix")
    assert stats.returncode == 0 and "None" not in stats.stdout
    assert "日期不详" in page and "没有找到会议日期" in page
    assert "第111次" in home and "日期不详" in home


def test_a_report_whose_day_cannot_be_completed_keeps_the_rest():
    text = (
        "4日，区政府党组书记、区长张三丰主持召开区政府第5次常务会议，审议并原则通过《武进区城市更新"
        "实施方案（送审稿）》。会议强调，城市更新要抓紧。副区长李四、王小五参加会议。"
    )
    record = parse_text(text, "report.txt")
    assert record.layout == "report" and record.date is None and record.number == 5
    assert record.warnings == ["会议日期没有写全，也没有发布日期可以补全"]
    assert (record.chair, record.attendees) == ("张三丰", ["李四", "王小五"])
    dated = parse_text("发布时间: 2025-03-06 10:00\n标题: 武进区召开区政府第5次常务会议\n" + text, "r.txt")
    assert dated.date == "2025-03-04" and dated.body == "武进区人民政府" and dated.warnings == []


# ---------------------------------------------------------------- what every layout says of a meeting


@pytest.mark.parametrize(
    "text, number, kind, year, term",
    [
        ("主持召开管委会2022年第24次主任办公会，", 24, "主任办公会", 2022, None),
        ("主持召开区政府2025年度第9次常务会议。", 9, "常务会议", 2025, None),
        ("主持召开十九届区政府第42次常务会议", 42, "常务会议", None, "十九"),
        ("主持召开五届104次常务会议", 104, "常务会议", None, "五"),
        ("主持召开第八十次市长办公会议", 80, "市长办公会议", None, None),
        ("李亚平市长主持召开市政府第 111 次常务会议".replace(" ", ""), 111, "常务会议", None, None),
    ],
)
def test_meeting_numbers_as_written(text, number, kind, year, term):
    from indexer.parse.meeting import meeting_in

    found = meeting_in(text)
    assert found is not None
    assert (found.number, found.type, found.year, found.term) == (number, kind, year, term)


def test_a_count_is_not_a_meeting_number():
    from indexer.parse.meeting import meeting_in

    assert meeting_in("全年召开会议104次") is None


@pytest.mark.parametrize(
    "day, month, reference, expected",
    [
        ("4", None, "2022-11-04", "2022-11-04"),
        ("30", None, "2023-02-02", "2023-01-30"),  # later than the publication day: the month before
        ("31", None, "2023-01-02", "2022-12-31"),
        ("30", "12", "2023-01-03", "2022-12-30"),  # a later month: the year before
        ("4", None, None, None),
        ("31", None, "2023-05-01", None),  # no 31 April
    ],
)
def test_a_day_alone_completed_from_the_publication_date(day, month, reference, expected):
    from indexer.parse.meeting import completed_date

    assert completed_date(None, month, day, reference) == expected


def test_titles_names_organisations_and_book_titles():
    from indexer.parse.meeting import body_and_place, book_titles, department_and_title, people_group, title_and_name

    assert title_and_name("实验区党工委副书记、管委会主任黄建波") == ("实验区党工委副书记、管委会主任", "黄建波")
    assert department_and_title("自然资源部海岛研究中心副主任") == ("自然资源部海岛研究中心", "副主任")
    assert department_and_title("二级巡视员") == (None, "二级巡视员")
    assert people_group("自然资源部海岛研究中心主任、党委书记张海峰") == [
        Position("张海峰", "主任、党委书记", "自然资源部海岛研究中心")
    ]
    assert [p.name for p in people_group("实验区领导许永西、欧阳晓波、郑晓东") or []] == [
        "许永西",
        "欧阳晓波",
        "郑晓东",
    ]
    assert people_group("研究部署下阶段工作") is None
    assert book_titles("审议《关于〈A〉的报告》《B<C>（送审稿)》和《D》") == ["关于〈A〉的报告", "B<C>（送审稿)", "D"]
    assert body_and_place("2022年平潭综合实验区召开管委会第1次主任办公会") == ("平潭综合实验区管委会", "平潭综合实验区")
    assert body_and_place("武进区召开区政府第5次常务会议") == ("武进区人民政府", "武进区")


def test_attendance_inside_the_opening_sentence():
    text = (
        "3日，区长张三丰主持召开区政府第5次常务会议，副区长李四、王小五，区政府办主任赵六出席会议，"
        "审议并原则通过《武进区城市更新实施方案（送审稿）》。会议强调，城市更新要抓紧。"
    )
    record = parse_text(text, "x.txt", published="2025-03-04")
    assert (record.layout, record.date, record.chair) == ("report", "2025-03-03", "张三丰")
    assert record.attendees == ["李四", "王小五", "赵六"]
    assert Position("赵六", "主任", "区政府办") in record.positions
    assert [i.title for i in record.items] == ["审议并原则通过《武进区城市更新实施方案（送审稿）》"]
    assert record.items[0].decisions == ["会议强调，城市更新要抓紧。"]


# ---------------------------------------------------------------- what a review found


def test_an_original_address_must_be_a_web_address():
    text = "原文链接: javascript:alert(document.domain)\n发布时间: 2025-03-06 10:00\n" + (
        SAMPLES / "district.txt"
    ).read_text(encoding="utf-8")
    record = parse_text(text, "x.txt")
    assert record.source_url is None and any("不是网址" in w for w in record.warnings)


def test_a_lead_sentence_or_a_headline_before_the_report():
    lead = parse_text(
        "据悉。5日，管委会主任林海波主持召开管委会2023年第5次主任办公会，研究工作。新区领导陈志明参加会议。",
        "x.txt",
        published="2023-05-06",
    )
    assert (lead.date, lead.number, lead.chair, lead.attendees) == ("2023-05-05", 5, "林海波", ["陈志明"])
    headline = parse_text(
        "东海新区召开主任办公会\n5日，新区党工委副书记、管委会主任林海波主持召开管委会2023年第5次主任办公会，"
        "新区领导陈志明、欧阳晓东参加会议，研究工作。",
        "x.txt",
        published="2023-05-06",
    )
    assert (headline.chair, headline.attendees) == ("林海波", ["陈志明", "欧阳晓东"])


def test_an_impossible_publication_date_completes_nothing():
    record = parse_text(
        "发布时间: 2023-02-30 10:00\n标题: 东海新区召开管委会第5次主任办公会\n"
        + "5日，管委会主任林海波主持召开管委会2023年第5次主任办公会，研究工作。新区领导陈志明参加会议。",
        "x.txt",
    )
    assert record.date is None and record.number == 5


def test_a_record_naming_other_meetings_is_not_a_listing():
    text = (SAMPLES / "district.txt").read_text(encoding="utf-8")
    text = text.replace(
        "二、会议听取了全区安全生产工作情况汇报",
        "二、会议传达学习了省政府第12次常务会议精神\n三、会议传达了市政府第30次常务会议精神",
    )
    record = parse_text(text, "x.txt")
    assert record.layout == "district" and record.number == 9 and len(record.items) == 3


def test_furniture_is_only_taken_from_a_portal_dump():
    from indexer.parse import strip_furniture

    assert strip_furniture("（三）统计数据来源：市统计局") == "（三）统计数据来源：市统计局"
    assert strip_furniture("时间：2024-05-06 09:00") == "时间：2024-05-06 09:00"
    assert strip_furniture("当前位置：首页 政务公开 时间：2023-07-17 21:00 微信 微博 QQ空间 17日，会议") == "17日，会议"


def test_a_labelled_page_without_date_and_number_is_refused():
    with pytest.raises(NotMinutes, match="no meeting date and no meeting number"):
        parse_text(
            "会议地点：区政府第一会议室\n会议主持人：区长 张三丰\n会议议题：1.审议方案\n会议过程：【张三丰】要抓紧。",
            "x.txt",
        )


def test_refusing_is_not_approving():
    text = (SAMPLES / "district.txt").read_text(encoding="utf-8")
    text = text.replace("会议原则同意区住建局提出的", "会议不同意区住建局提出的")
    first = parse_text(text, "x.txt").items[0]
    assert first.documents == ["武进区城市更新实施方案（送审稿）"] and first.approved == []


def test_two_undated_records_are_two_meetings(tmp_path):
    from indexer.build import index_paths

    for n, chair in enumerate(("张三丰", "李思远")):
        folder = tmp_path / f"site{n}"
        folder.mkdir()
        text = (SAMPLES / "district.txt").read_text(encoding="utf-8").replace("2025年3月5日上午", "上午")
        (folder / "content.txt").write_text(text.replace("张三丰", chair), encoding="utf-8")
    report = index_paths([tmp_path / "site0", tmp_path / "site1"], tmp_path / "ix")
    assert (report.added, report.failed) == (2, [])


# ---------------------------------------------------------------- linear work in every reader

_REPORT = (
    "发布时间: 2025-03-06 10:00\n标题: 武进区召开区政府第5次常务会议\n"
    "4日，区政府党组书记、区长张三丰主持召开区政府第5次常务会议，审议并原则通过《武进区城市更新实施方案》。"
    "会议强调，城市更新要抓紧。副区长李四、王小五参加会议。"
)


def _hostile_layouts(n: int) -> dict[str, str]:
    district = (SAMPLES / "district.txt").read_text(encoding="utf-8")
    labelled = (SAMPLES / "labelled.txt").read_text(encoding="utf-8")
    return {
        "report passages": _REPORT.replace("会议强调，城市更新要抓紧。", "会议强调，城市更新要抓紧。" * (n // 13)),
        "report clauses": _REPORT.replace("审议并原则通过", "研究工作，" * (n // 5) + "审议并原则通过"),
        "report titles": _REPORT.replace("《武进区城市更新实施方案》", "《方案》" * (n // 4)),
        "report attendance": _REPORT.replace("副区长李四、", "副区长李四、" * (n // 6)),
        "report furniture": _REPORT.replace("4日，", "当前位置：" * (n // 5) + " " * 50 + "4日，"),
        "report spaces": _REPORT.replace("4日，", "当前位置：首页 " + " " * n + "4日，"),
        "district decisions": district.replace("会议指出，", "会议指出，《方案》。" * (n // 10) + "会议指出，"),
        "district items": district.replace(
            "参加人员", "".join(f"{k % 9 + 1}、会议审议了《方案{k}》\n" for k in range(n // 12)) + "参加人员"
        ),
        "labelled speakers": labelled + "【李四】安全生产要抓好。\n" * (n // 13),
        "labelled topics": labelled.replace("会议议题：", "会议议题：" + "1.审议工作；" * (n // 7)),
        "metadata spaces": "标题: " + "x" + " " * n + "y\n发布时间: 2025-03-06\n" + _REPORT,
    }


def _parse_quietly(text: str):
    def run() -> None:
        try:
            parse_text(text, "hostile.txt")
        except NotMinutes:
            pass

    return run


def test_every_reader_works_linearly_on_hostile_text():
    """Twice the text costs at most 3 times the work (the median of 7 paired timings), in every
    reader and in taking the metadata block and furniture off. Quadratic work would cost 4 times;
    linear work measures 1.9 to 2.6 on these noisy two-core machines (caches grow with the text)."""
    small, large = _hostile_layouts(20_000), _hostile_layouts(40_000)
    ratios = {name: work_ratio(_parse_quietly(small[name]), _parse_quietly(large[name])) for name in small}
    assert all(r <= 3.0 for r in ratios.values()), {k: round(v, 2) for k, v in ratios.items()}
