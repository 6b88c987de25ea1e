"""The synthetic archive in every layout (Suzhou 纪要, district 纪要, news-style reports, labelled
pages, mayor's office meetings) and every form (txt, html, docx, pdf): each document parses to the
record its generator wrote down, the text looks like the real thing, a mixed archive indexes whole,
and `minutes synth --layout` writes it."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import minutes

from indexer.build import index_paths
from indexer.parse import parse_file, parse_text
from indexer.synth import FORMATS, GENERATOR_VERSION, LAYOUT_CHOICES, LAYOUTS, SYNTHETIC_NOTE, generate

COUNT = {"txt": 100, "html": 100, "docx": 100, "pdf": 100}  # documents of each layout in each form
SLOW_FORMS = ("docx", "pdf")  # seconds for each layout


def _expected(folder: Path, path: Path) -> dict:
    return json.loads((folder / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))


def _mismatches(folder: Path, path: Path) -> list[tuple[str, str]]:
    """(file, field) for each field the expected record holds that the parser read otherwise; an
    item is compared by the fields its expected record holds (other layouts leave `departments`
    out: which departments a passage names as responsible is the reader's judgement)."""
    want = _expected(folder, path)
    got = parse_file(path).to_dict()
    out = []
    for key, value in want.items():
        if key == "items":
            items = [{k: item[k] for k in expected} for item, expected in zip(got["items"], value)]
            if len(got["items"]) != len(value) or items != value:
                out.append((path.name, key))
        elif got[key] != value:
            out.append((path.name, key))
    return out


@pytest.mark.parametrize(
    "layout,fmt",
    [
        pytest.param(layout, fmt, marks=[pytest.mark.slow] if fmt in SLOW_FORMS else [], id=f"{layout}-{fmt}")
        for layout in LAYOUTS
        for fmt in FORMATS
    ],
)
def test_every_layout_in_every_form_parses_to_its_generated_record(tmp_path, layout, fmt):
    files = generate(COUNT[fmt], tmp_path, seed=29, fmt=fmt, layout=layout)
    assert len(files) == COUNT[fmt]
    assert [m for path in files for m in _mismatches(tmp_path, path)] == []
    assert {_expected(tmp_path, path)["layout"] for path in files} == {layout}


# ---------------------------------------------------------------- what the documents look like


def _texts(tmp_path: Path, layout: str, fmt: str = "txt", count: int = 100) -> list[tuple[str, dict]]:
    files = generate(count, tmp_path / f"{layout}-{fmt}", seed=31, fmt=fmt, layout=layout)
    return [(path.read_text(encoding="utf-8"), _expected(path.parents[2], path)) for path in files]


def test_reports_read_like_the_real_ones(tmp_path):
    """Day-only dates completed from the publication date (a later day: the month before), bylines,
    the crawler's metadata block and furniture, 审议并原则通过 and 审议 alone, people with titles
    and one from an outside organisation."""
    docs = _texts(tmp_path, "report")
    seen: Counter = Counter()
    for text, record in docs:
        meta, _, article = text.partition("==================== 正文 ====================\n")
        assert meta.startswith(f"标题: {record['title']}\n发布时间: {record['published']} ")
        assert f"原文链接: {record['source_url']}" in meta
        assert SYNTHETIC_NOTE in article and "主持召开管委会" in article
        day = re.search(r"(?:讯（[^）]+）|^|\s)((?:\d{1,2}月)?\d{1,2}日)(?:上午|下午)?，", article)
        assert day, article[:80]
        seen["day only"] += "月" not in day.group(1)
        seen["month before"] += record["date"][:7] != record["published"][:7]
        seen["byline"] += "日讯（融媒体记者" in article
        seen["breadcrumb"] += article.startswith("当前位置：")
        seen["source line"] += "附件下载" in article
        seen["outside"] += any(p["department"] for p in record["positions"])
        seen["reviewed only"] += any(i["documents"] and not i["approved"] for i in record["items"])
        seen["approved"] += any(i["approved"] for i in record["items"])
        assert record["body"].endswith("新区管委会") and record["meeting_type"] == "主任办公会"
        assert {p["title"] for p in record["positions"]} & {"新区领导", record["city"] + "领导"}
    assert all(seen[what] >= 5 for what in ("day only", "month before", "byline", "breadcrumb", "outside")), seen
    assert seen["reviewed only"] >= 5 and seen["approved"] >= 20, seen


def test_report_pages_carry_their_date_address_and_article_among_furniture(tmp_path):
    for text, record in _texts(tmp_path, "report", "html", 10):
        assert f'<meta name="PubDate" content="{record["published"]} ' in text
        assert f'<meta name="ArticleTitle" content="{record["title"]}"/>' in text
        assert f'<link rel="canonical" href="{record["source_url"]}"/>' in text
        assert "<div class=TRS_Editor><p" in text and 'class="breadcrumb"' in text and 'class="share"' in text


def test_district_minutes_list_bare_names_and_sometimes_one_twice(tmp_path):
    docs = _texts(tmp_path, "district")
    twice = [r for _, r in docs if r["warnings"]]
    assert len(twice) >= 20
    for text, record in docs:
        flat = re.sub(r"\s+", "", text)
        assert SYNTHETIC_NOTE in flat and "纪要如下" in flat
        assert record["chair_title"] in ("区长", "副区长", "县长", "副县长")
        assert record["attendees"][0] == record["chair"] and all(o["department"] is None for o in record["observers"])
        listed = flat.split("参加人员：")[1].split("列席人员：")[0].split("、")
        assert [f"{name} 在参加人员名单中出现了不止一次" for name, n in Counter(listed).items() if n > 1] == record[
            "warnings"
        ]
    assert any("\n\n" in text for text, _ in docs) and any(
        "\n\n" not in text for text, _ in docs
    )  # PDF text, portal text


def test_office_meetings_are_numbered_in_chinese_and_attend_in_groups(tmp_path):
    docs = _texts(tmp_path, "office")
    assert {r["meeting_type"] for _, r in docs} == {"市长办公会议", "专题会议"}
    for text, record in docs:
        flat = re.sub(r"\s+", "", text)
        assert re.search(r"第[一二三四五六七八九十百零]+次(?:市长办公会议|专题会议)", flat)
        assert "参加此次会议的有：（1）市领导：" in flat and SYNTHETIC_NOTE in flat
        assert {p["title"] for p in record["positions"]} <= {"市领导", "市政府副秘书长"}


def test_labelled_pages_have_their_fields_and_speakers(tmp_path):
    for text, record in _texts(tmp_path, "labelled", count=20):
        for label in (
            "会议名称：",
            "会议时间：",
            "会议地点：",
            "会议主持人：",
            "列席情况：",
            "会议议题：",
            "会议过程：",
        ):
            assert label in text
        assert all(d.startswith("【") for item in record["items"] for d in item["decisions"])
        assert SYNTHETIC_NOTE in text


@pytest.mark.slow
def test_pdfs_of_every_layout_come_in_both_producer_styles(tmp_path):
    from pdfminer.high_level import extract_text

    for layout in LAYOUTS:
        files = generate(12, tmp_path / layout, seed=5, fmt="pdf", layout=layout)
        styles = {"typeset" if "-1-" in extract_text(path) else "office export" for path in files}
        assert styles == {"typeset", "office export"}, layout


def test_the_generator_is_deterministic_and_the_suzhou_layout_unchanged(tmp_path):
    a = generate(25, tmp_path / "a", seed=3, layout="mixed")
    b = generate(25, tmp_path / "b", seed=3, layout="mixed")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    # The Suzhou layout is the default and writes what it always wrote (benchmark caches depend on it).
    suzhou = generate(6, tmp_path / "s", seed=1, layout="suzhou")
    assert [p.read_bytes() for p in suzhou] == [p.read_bytes() for p in generate(6, tmp_path / "d", seed=1)]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in suzhou)).hexdigest()
    if GENERATOR_VERSION == 6:
        assert digest == SUZHOU_V6, "the Suzhou output changed: bump records.GENERATOR_VERSION (and this digest)"


SUZHOU_V6 = "e182b049cf1e76f081c2d2637d7e95c1509216d3f28be3f22a0d8d2d83c3e486"  # documents planted as chains


def test_a_mixed_archive_indexes_every_document(tmp_path):
    folder = tmp_path / "mixed"
    files = generate(40, folder, seed=8, layout="mixed")
    assert Counter(_expected(folder, p)["layout"] for p in files) == {layout: 8 for layout in LAYOUTS}
    report = index_paths([folder], tmp_path / "ix")
    assert (report.added, report.failed) == (40, [])


def test_synth_cli_writes_a_mixed_archive(tmp_path):
    from indexer.cli import SYNTH_LAYOUTS

    assert SYNTH_LAYOUTS == LAYOUT_CHOICES
    out = minutes("synth", "--count", "10", "--out", tmp_path / "m", "--layout", "mixed", "--format", "html")
    assert out.returncode == 0, out.stderr
    assert "10 synthetic minutes (html, mixed layout)" in out.stdout
    pages = sorted((tmp_path / "m").rglob("*.html"))
    assert len(pages) == 10
    assert {_expected(tmp_path / "m", p)["layout"] for p in pages} == set(LAYOUTS)
    bad = minutes("synth", "--count", "1", "--out", tmp_path / "x", "--layout", "minutes")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


# ---------------------------------------------------------------- what the generator steers clear of


def test_a_short_plain_district_text_is_read_as_paragraphs():
    """Its item headings cluster at one width, but its paragraphs are longer: not printed lines."""
    text = (
        "武进区人民政府常务会议纪要\n"
        "2025年3月5日上午，区长张三丰在区政府第一会议室主持召开区政府2025年度第9次常务会议，听取了区审计局关于"
        "审计发现问题整改的汇报，听取了区商务局关于外贸外资工作的汇报，听取了区水务局关于水环境治理工作的汇报。"
        "现纪要如下：\n"
        "一、会议听取了区审计局关于审计发现问题整改的汇报\n"
        "会议指出，要注重总结提炼，及时推广典型经验做法，推动审计整改工作提质增效；要坚持问题导向，聚焦重点领域和"
        "关键环节，加快补齐短板弱项。\n"
        "二、会议听取了区商务局关于外贸外资工作的汇报\n"
        "会议指出，要加大政策支持力度，优化资源配置，进一步激发市场主体活力；各地各部门要提高思想认识，压紧压实"
        "工作责任，确保各项任务落到实处。\n"
        "三、会议听取了区水务局关于水环境治理工作的汇报\n"
        "会议指出，要加强统筹协调，健全工作机制，形成推进水环境治理工作的强大合力。\n"
        "参加人员：张三丰、李四、王小五、赵大海\n"
        "列席人员：赵六、钱七、孙建国、周海波、吴文华\n"
        "（此件公开发布）\n"
        "抄送：区委办公室，区人大常委会办公室，区政协办公室。\n"
        "武进区人民政府办公室  2025年3月7日印发\n"
    )
    record = parse_text(text, "district.txt")
    assert record.attendees == ["张三丰", "李四", "王小五", "赵大海"]
