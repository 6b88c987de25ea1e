"""Build other renderings of the real sample: web pages, encodings, separators (test helpers)."""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "minutes" / "suzhou-2020-111.txt"
GOLDEN = Path(__file__).resolve().parent / "data" / "suzhou-2020-111.json"


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def web_paragraphs(text: str) -> list[str]:
    """The sample as a portal would show it: whole paragraphs, no layout spaces in prose,
    attendance separated by ideographic spaces (U+3000) and no-break spaces."""
    paras, cur = [], ""
    for line in text.split("\n"):
        if not line.strip():
            continue
        cur += line.strip()
        if line[-1].isspace():
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    out: list[str] = []
    in_list = False
    for p in paras:
        if re.match(r"^(出席|列席|记录)：", p):
            in_list = True
        elif "办公室" in p:
            in_list = False
        if in_list:
            p = re.sub(r"(?<=\S) (?=\S)", "\u3000", p)  # padding inside two-character names
            p = re.sub(r" {2,}", "\u3000\u00a0", p)
        else:
            p = re.sub(r"\s+", "", p)
        out.append(p)
    # A portal joins the list's printed lines into one paragraph per role.
    merged: list[str] = []
    for p in out:
        if (
            merged
            and merged[-1].startswith(("出席", "列席"))
            and not re.match(r"^(列席|记录)：", p)
            and "办公室" not in p
        ):
            merged[-1] += "\u3000" + p
        else:
            merged.append(p)
    return merged


def portal_page(
    paragraphs: list[str],
    *,
    title: str = "市政府第111次常务会议纪要",
    doc_number: str = "常务会议纪要〔2020〕11号",
    with_containers: bool = True,
) -> str:
    body = "\n".join(f"<p>{html.escape(p).replace(chr(0xA0), '&nbsp;')}</p>" for p in paragraphs)
    if with_containers:
        article = f"""<div class="contentShow"><ucaptitle>{title}</ucaptitle>
  <div class="article-auxiliary">时间: 2020-09-28 09:20 来源: 苏州市人民政府办公室 <publishtime>2020-09-28 09:20</publishtime></div>
  <ucapcontent>{body}</ucapcontent>
  <div id="shareNode">分享到：微信 微博 QQ空间</div>
  <div class="article-extended">【打印本页】【关闭窗口】</div></div>"""
    else:
        article = f"<div class='main'><h1>{title}</h1><div class='txt'>{body}</div></div>"
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{title}_苏州市人民政府</title>
<script>var nav = "首页 政务公开 政府会议";</script></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="#">政务公开</a> <a href="#">政府会议</a> <a href="#">政府常务会议</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府会议</div>
<div class="meta">文号：{doc_number}</div>
{article}
<div class="footer">主办：苏州市人民政府办公室 网站标识码 3205000001 苏ICP备05020000号 联系我们 网站地图</div>
</body></html>"""
