"""A mirrored portal section (`wget -r`): listing pages, news that are not meetings, attachments,
images and the meeting pages. `minutes index` indexes exactly the meeting pages, counts the rest
as skipped (不是会议记录), exits 0, and no portal furniture reaches a record's text."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from helpers import hit_ids, minutes

from indexer.query import SearchIndex
from indexer.synth import SYNTHETIC_NOTE, generate

FURNITURE = ("当前位置", "首页", "分享到", "微信", "打印本页", "关闭窗口", "版权所有", "附件下载")


def _page(title: str, published: str, paragraphs: list[str], url: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{published}">
<link rel="canonical" href="{url}"><title>{title}_东海新区管委会</title>
<script>var _hmt = _hmt || []; function share() {{ return 1; }}</script></head><body>
<div class="header">东海新区管委会门户网站</div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府会议 &gt; 主任办公会</div>
<div class="article"><h1>{title}</h1><div class="info">发布时间：{published} 来源：东海新区</div>
<div class="TRS_Editor">{body}</div>
<div class="bdsharebuttonbox">分享到：微信 微博 QQ空间</div><div class="tools">【打印本页】【关闭窗口】</div>
<div class="attach">附件下载</div></div><div class="footer">版权所有：东海新区管委会</div></body></html>"""


def _report(number: int, day: int, published: str, topic: str) -> tuple[str, str]:
    title = f"2023年东海新区召开管委会第{number}次主任办公会"
    text = [
        f"{day}日，新区党工委副书记、管委会主任林海波主持召开管委会2023年第{number}次主任办公会，"
        f"研究{topic}工作，审议并原则通过《东海新区{topic}实施方案（送审稿）》。",
        f"会议强调，要扎实推进{topic}工作，确保各项任务落到实处。{SYNTHETIC_NOTE}",
        "会议还研究了其他事项。新区领导陈志明、欧阳晓东，二级巡视员王建国参加会议。",
    ]
    url = f"https://www.donghai.example.gov.cn/zwgk/zfhy/zrbgh/2023/t{number:04d}.htm"
    return title, _page(title, published, text, url)


def _listing(entries: list[tuple[str, str]], page: int) -> str:
    rows = "".join(f'<li><a href="t{i}.htm">{t}</a><span>{d}</span></li>' for i, (t, d) in enumerate(entries))
    return (
        '<html><head><meta charset="utf-8"><title>主任办公会_东海新区管委会</title></head><body>'
        '<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府会议</div>'
        f'<ul class="list">{rows}</ul><div class="page">共3页 当前第{page}页 首页 上一页 下一页 尾页</div>'
        "</body></html>"
    )


def _attachment_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 12)
    for n, line in enumerate(
        ["2023年东海新区重点项目计划表", "单位：万元", "项目名称  总投资  2023年计划", "海堤加固  12000  3000"]
    ):
        c.drawString(60, 780 - 20 * n, line)
    c.showPage()
    c.save()
    return out.getvalue()


def _mirror(root: Path) -> tuple[list[Path], list[Path]]:
    """(meeting pages, everything else that is read) of a mirrored section under root."""
    section = root / "www.donghai.example.gov.cn" / "zwgk" / "zfhy" / "zrbgh"
    (section / "2023").mkdir(parents=True)
    (root / "www.donghai.example.gov.cn" / "images").mkdir()
    meetings, others = [], []
    entries = []
    for number, day, published, topic in (
        (1, 17, "2023-01-18 10:20", "海岛旅游"),
        (2, 30, "2023-02-02 09:00", "渔港建设"),
    ):
        title, page = _report(number, day, published, topic)
        path = section / "2023" / f"t{number:04d}.htm"
        path.write_text(page, encoding="utf-8")
        meetings.append(path)
        entries.append((title, published[:10]))
    entries.append(("2023年东海新区召开管委会第3次主任办公会", "2023-02-20"))
    for n, name in enumerate(("index.html", "index_1.html")):
        (section / name).write_text(_listing(entries, n + 1), encoding="utf-8")
        others.append(section / name)
    news = section / "2023" / "t0100.htm"
    news.write_text(
        _page(
            "东海新区开展义务植树活动",
            "2023-03-12 08:00",
            ["12日上午，新区机关干部职工在海堤沿线开展义务植树活动，共植树2000余株。", SYNTHETIC_NOTE],
            "https://www.donghai.example.gov.cn/xwzx/t0100.htm",
        ),
        encoding="utf-8",
    )
    others.append(news)
    attachment = section / "2023" / "P020230212.pdf"
    attachment.write_bytes(_attachment_pdf())
    others.append(attachment)
    (section / "2023" / "P020230212.xls").write_bytes(
        b"\xd0\xcf\x11\xe0" + b"\0" * 512
    )  # not read: not a document type
    (root / "www.donghai.example.gov.cn" / "images" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    [minutes_page] = generate(1, root / "generated", seed=5, fmt="html")  # a Suzhou-style portal page too
    moved = section / "2023" / "t0200.shtml"
    shutil.move(minutes_page, moved)
    shutil.rmtree(root / "generated")
    meetings.append(moved)
    return meetings, others


def test_a_mirror_indexes_its_meeting_pages_and_skips_the_rest(tmp_path):
    meetings, others = _mirror(tmp_path / "mirror")
    out = minutes("index", tmp_path / "mirror", "--index", tmp_path / "ix")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert re.search(rf"^indexed: {len(meetings)} added, .* 0 failed, {len(others)} skipped", out.stdout, re.M), (
        out.stdout
    )
    skipped = [line for line in out.stderr.splitlines() if line.startswith("skipped: ")]
    assert sorted(Path(line.split(": ")[1]).name for line in skipped) == sorted(p.name for p in others)
    assert all("不是会议记录" in line for line in skipped)
    assert any("listing of 3 meetings" in line for line in skipped)

    index = SearchIndex(tmp_path / "ix")
    stored = [s for _, s in index.snapshot().live()]
    assert len(stored) == len(meetings)
    from indexer.parse import parse_file

    for page in meetings:
        record = parse_file(page)
        assert not any(word in record.text for word in FURNITURE), (page.name, record.text)
        assert "_hmt" not in record.text and "function" not in record.text
        assert record.id in hit_ids(index, "“" + record.text.split("，")[1][:8] + "”")
    report = parse_file(meetings[1])  # 30日 published 2 February: the meeting was on 30 January
    assert (report.date, report.number, report.body) == ("2023-01-30", 2, "东海新区管委会")
    assert report.source_url == "https://www.donghai.example.gov.cn/zwgk/zfhy/zrbgh/2023/t0002.htm"
    assert [p.name for p in report.positions] == ["陈志明", "欧阳晓东", "王建国"]


def test_a_listing_page_given_alone_is_skipped_with_why(tmp_path):
    _mirror(tmp_path / "mirror")
    listing = next((tmp_path / "mirror").rglob("index.html"))
    out = minutes("index", listing, "--index", tmp_path / "ix")
    assert out.returncode == 0 and "0 added" in out.stdout and "1 skipped" in out.stdout
    assert "listing of 3 meetings" in out.stderr
