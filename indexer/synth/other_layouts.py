"""The stories of `other_records` as they are published, in every form, and the record each form
must parse to.

    txt   a district's or office's 纪要: the text extracted from its PDF (hard wraps, spaced digits,
          page-break spaces) or the portal's text of it (whole paragraphs); a labelled page: its
          text; a report: a crawler's text — a metadata block (标题: 发布时间: 原文链接: …) up to
          `==== 正文 ====`, sometimes with portal furniture (a breadcrumb with the time and
          微信 微博 QQ空间 before the article, 来源：… 附件下载 after it)
    html  a report: the portal's article page (PubDate and ArticleTitle meta tags, a canonical
          link, the article in div.TRS_Editor among breadcrumb, share buttons and footer); the
          others: a government portal page (ucaptitle, publishtime, ucapcontent, canonical link)
    docx  real paragraphs; a labelled page's fields in a two-column table; a report saved from
          the portal's 信息公开 page, its 索引号/信息名称/发布机构/发布日期 block first
    pdf   whole paragraphs flowed into lines of the text block's width and justified
          (`layouts.draw_pdf`), alternately an office export and a typeset file

Published this way every document reads back to its record; where the parser would misjudge a
form (`_misjudged`, `flush_ends`), the document is published in the form it reads right, as said
where it is decided.
"""

from __future__ import annotations

import io
from html import escape

from ..parse.layout import is_hard_wrapped
from .layouts import PDF_PAGE_LINES, PDF_SIZE, _flow, _pdf_digits, _pdf_width, _Printed, _wrap, draw_pdf, extracted_text
from .other_records import Story
from .records import WIDTH


def expected_story_json(story: Story, fmt: str) -> dict:
    """The record the parser must produce from `story` published as `fmt`: what every form says,
    with the publication date and address only where the form carries them; items without
    `departments` (which departments a passage names as responsible is the reader's judgement)."""
    data = story.record.to_dict()
    data.pop("text")
    published, url = None, None
    if fmt == "html":
        published, url = story.published.date().isoformat(), story.url
    elif story.layout == "report":  # the crawler's block (txt) or the 信息公开 block (docx, pdf)
        published = story.published.date().isoformat()
        url = story.url if fmt == "txt" else None
    data["published"], data["source_url"] = published, url
    for item in data["items"]:
        del item["departments"]
    return data


def render_story(story: Story, fmt: str, positioned: bool = False) -> str | bytes:
    if fmt == "txt":
        return render_story_text(story)
    if fmt == "html":
        return render_story_html(story)
    if fmt == "docx":
        return render_story_docx(story)
    return render_story_pdf(story, positioned)


# ---------------------------------------------------------------- text


def _article(story: Story) -> list[str]:
    """A report's article paragraphs, the byline in the first."""
    paragraphs = list(story.paragraphs)
    paragraphs[0] = story.byline + paragraphs[0]
    return paragraphs


def _with_title(story: Story) -> list[str]:
    assert story.record.title
    return [story.record.title, *story.paragraphs]


def _extracted(paragraphs: list[str]) -> str:
    """Text as extracted from a published PDF, as `layouts.render` lays it out."""
    return extracted_text([line for p in paragraphs for line in _wrap(_pdf_digits(p))])


def render_story_text(story: Story) -> str:
    """A report: the crawler's text; a labelled page: its text; a district's or office's 纪要: the
    text extracted from its PDF or the portal's text of it, as `flags` says, the other when the
    text would be misjudged (`_misjudged`)."""
    if story.layout == "report":
        return _crawled(story)
    lines = _with_title(story)
    plain = "\n".join(lines) + "\n"
    if story.layout == "labelled":
        return plain
    extracted = _extracted(lines)
    if story.flags.get("extracted"):
        return plain if _misjudged(extracted, True) and not _misjudged(plain, False) else extracted
    return extracted if _misjudged(plain, False) else plain


def _misjudged(text: str, wrapped: bool) -> bool:
    """Whether the parser would take the text for what it is not: printed lines for whole
    paragraphs, or the reverse. Plain text is told from its shape (`parse.layout.is_hard_wrapped`),
    which a short record misjudges: lines of one width (its items' headings) look printed, and a
    short PDF text, its widths spread by the spaces around numbers, does not."""
    raw = text.split("\n")
    lines = [line for line in raw if line.strip()]
    followed = sum(1 for a, b in zip(raw, raw[1:]) if a.strip() and not b.strip())
    return is_hard_wrapped(lines, followed / max(len(lines), 1)) != wrapped


def _crawled(story: Story) -> str:
    """A crawler's text of the portal page: its metadata block, then the article."""
    r, when = story.record, story.published
    doc_id = story.url.rsplit("_", 1)[-1].split(".")[0]
    article = _article(story)
    if story.flags.get("crumbs"):
        article[0] = (
            f"当前位置： 首页政务公开政府会议主任办公会 {r.title} 时间：{when:%Y-%m-%d %H:%M} 微信 微博 QQ空间 "
            + article[0]
        )
    if story.flags.get("trailer"):
        article[-1] += f" 来源：{story.site} 附件下载 扫一扫在手机上查看当前页面 关闭"
    head = [
        f"标题: {r.title}",
        f"发布时间: {when:%Y-%m-%d %H:%M}",
        "文号: ",
        f"发布机构: {story.site}",
        "栏目: 主任办公会",
        f"原文链接: {story.url}",
        f"本地目录: zwgk/zfhy/zrbgh/{when:%Y%m}/{doc_id}_{r.title}",
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]
    return "\n".join(head + article) + "\n"


def _information_block(story: Story) -> list[str]:
    """The 信息公开 block a report's saved page or printout starts with."""
    r = story.record
    return [
        f"索引号：{story.url.split('.')[1].upper()[:6]}-0401-{story.published.year}-{r.number:05d}",
        f"信息名称：{r.title}",
        f"发布机构：{r.body}办公室",
        f"发布日期：{story.published:%Y-%m-%d}",
    ]


# ---------------------------------------------------------------- web pages


def render_story_html(story: Story) -> str:
    if story.layout == "report":
        return _report_page(story)
    r = story.record
    title = escape(r.title or "")
    if story.layout == "labelled":
        labelled = [p.partition("：") for p in story.paragraphs]
        body = "".join(
            f"<p><strong>{escape(label)}：</strong>{escape(value)}</p>"
            if sep and len(label) <= 6
            else f"<p>{escape(p)}</p>"
            for (label, sep, value), p in zip(labelled, story.paragraphs)
        )
    else:
        body = "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    site = escape(story.site)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - {site}</title>'
        f'<link rel="canonical" href="{story.url}"></head><body><div class="nav">首页 政务公开 政府会议</div>'
        f'<div class="article"><ucaptitle>{title}</ucaptitle><publishtime>{story.published:%Y-%m-%d %H:%M}'
        f'</publishtime><div class="contentShow"><ucapcontent>{body}</ucapcontent></div>'
        f'<div id="shareNode">分享到：微信 微博</div></div><div class="footer">主办：{site}办公室</div></body></html>\n'
    )


def _report_page(story: Story) -> str:
    """The portal's article page: meta tags, furniture, the article in div.TRS_Editor."""
    r, when = story.record, story.published
    title, body, stamp = escape(r.title or ""), escape(r.body or ""), f"{when:%Y-%m-%d %H:%M}"
    style = ' style="margin: 0px 0px 20px; text-indent: 2em; line-height: 32px;"'
    paragraphs = [f"<p{style}>{escape(p)}</p>" for p in story.paragraphs]
    if story.byline:
        dateline, _, reporter = story.byline.partition("讯")
        paragraphs[0] = (
            f'<p{style}><span style="font-weight: bolder;">{escape(dateline)}讯</span>{escape(reporter)}'
            f"{escape(story.paragraphs[0])}</p>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}_{body}</title>\n"
        f'<meta name="SiteName" content="{body}"/>\n<meta name="ColumnName" content="主任办公会"/>\n'
        f'<meta name="ArticleTitle" content="{title}"/>\n<meta name="PubDate" content="{stamp}"/>\n'
        f'<meta name="ContentSource" content="{escape(story.site)}"/>\n<meta name="Url" content="{story.url}"/>\n'
        f'<link rel="canonical" href="{story.url}"/>\n<script>var pageId = "{r.number}";</script></head>\n<body>'
        f'<div class="header"><div class="logo">{body}</div><ul class="nav-menu"><li>首页</li><li>政务公开</li>'
        "<li>政府会议</li><li>互动交流</li></ul></div>\n"
        '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; <a>政府会议</a> &gt; '
        "<a>主任办公会</a></div>\n"
        f'<div class="article"><div class="article_title">{title}</div>\n'
        f'<div class="article_extend"><span class="article_time">时间：{stamp}</span>'
        '<span class="share">分享到：<a>微信</a><a>微博</a><a>QQ空间</a></span></div>\n'
        f'<div class="article_content"><div class=TRS_Editor>{"".join(paragraphs)}</div></div>\n'
        f'<div class="article_source">来源：{escape(story.site)} 附件下载</div></div>\n'
        f'<div class="footer">主办：{body}办公室 版权所有</div></body></html>\n'
    )


# ---------------------------------------------------------------- Word


def render_story_docx(story: Story) -> bytes:
    import docx

    document = docx.Document()
    if story.layout == "report":
        for para in _information_block(story) + _article(story):
            document.add_paragraph(para)
    elif story.layout == "labelled":
        document.add_paragraph(story.record.title or "")
        table = document.add_table(rows=len(story.fields), cols=2)
        for row, (label, value) in zip(table.rows, story.fields):
            row.cells[0].text, row.cells[1].text = f"{label}：", value
        for para in story.paragraphs[len(story.fields) :]:
            document.add_paragraph(para)
    else:
        for para in _with_title(story):
            document.add_paragraph(para)
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF


def story_pdf_lines(story: Story) -> list[_Printed]:
    """The printed lines: each paragraph flowed into lines as wide as the text block (characters
    of their own widths, a space too), the last ending in a space."""
    paragraphs = _information_block(story) + _article(story) if story.layout == "report" else _with_title(story)
    width, room = _pdf_width(), WIDTH * PDF_SIZE + 0.01
    lines = []
    for p in paragraphs:
        flowed = [line.rstrip() for line in _flow(p, lambda line: width(line) <= room) if line.strip()]
        lines += [_Printed(line, "prose") for line in flowed[:-1]] + [_Printed(flowed[-1] + " ", "prose")]
    return lines


def flush_ends(lines: list[_Printed]) -> bool:
    """Whether a paragraph ends flush with the right margin: without the space glyph an office
    export draws there, or an indent, its end cannot be seen (the next character would not have
    fitted on the line either)."""
    width = _pdf_width()
    for line, following in zip(lines, [*lines[1:], None]):
        if line.text.endswith(" "):
            room = WIDTH * PDF_SIZE - width(line.text.rstrip())
            if room < 0.98 * (width(following.text.strip()[0]) if following else PDF_SIZE) + 1:
                return True
    return False


def render_story_pdf(story: Story, positioned: bool = False) -> bytes:
    """The story as a PDF: a typeset file (every character positioned, a running header when it
    runs to more than one page) when `positioned`, else an office export.

    A typeset district 纪要 or labelled page is exported by the office producer instead when one of
    its paragraphs ends flush with the margin: their paragraphs start with nothing the unwrapping
    breaks on (`会议强调…` after an item's heading, `参加人员：`, `会议地点：`), while the others'
    start with markers (一、 （一） 记录：) or read the same however they join (a report)."""
    lines = story_pdf_lines(story)
    if story.layout in ("district", "labelled"):
        positioned = positioned and not flush_ends(lines)
    header = story.record.title if positioned and len(lines) > PDF_PAGE_LINES else None
    return draw_pdf(lines, positioned, header)
