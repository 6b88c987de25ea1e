"""What a reader is given: a document's text and what its file says about it.

Before any layout is read, a leading metadata block (a crawler's `标题: …` `发布时间: …`
`原文链接: …` lines up to `==== 正文 ====`, or a portal's `信息名称：` `索引号：` block) is taken
off into `meta`, and portal furniture that a page's text dump keeps (a breadcrumb `当前位置：…`,
a `时间：… 微信 微博 QQ空间` line, `来源：… 附件下载`, script text) never reaches the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

from .layout import clean_prose, paragraphs

# Keys of a metadata block, by what they say.
_META_KEYS = {
    "title": ("标题", "信息名称", "文章标题"),
    "published": ("发布时间", "发布日期", "成文日期", "日期"),
    "url": ("原文链接", "原文地址", "链接", "网址", "URL", "url"),
    "doc_number": ("文号", "文件编号", "发文字号"),
    "publisher": ("发布机构", "发文机关", "来源"),
    "column": ("栏目",),
    "index_number": ("索引号",),
}
_KEY_OF = {label: key for key, labels in _META_KEYS.items() for label in labels}
_OTHER_META = ("本地目录", "法定主动公开分类", "主题分类", "主题词", "公开方式", "有效性")
_META_LINE = re.compile(
    r"^\s*(" + "|".join(sorted((*_KEY_OF, *_OTHER_META), key=len, reverse=True)) + r")\s*[：:]\s*(.*)$"
    r"|^\s*页面链接与图片详见.*$"
)
_BODY_MARK = re.compile(r"^\s*=+\s*正\s*文\s*=+\s*$")
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")

# Portal furniture inside the article text (a crawler's text of a whole page), looked for only in
# a text that shows a portal's furniture at all: elsewhere `来源：` or `时间：` are the record's words.
_PORTAL = re.compile(r"当前位置\s*[：:]|QQ空间|附件下载|分享到|扫一扫|打印本页|关闭窗口")
_FURNITURE = (
    re.compile(
        r"当前位置 ?[：:].{0,200}?(?:QQ空间|分享到\S*|【打印】|\d{4}-\d{2}-\d{2}(?: \d{1,2}:\d{2}(?::\d{2})?)?) ?"
    ),
    re.compile(r"(?:^| )(?:时间|发布时间) ?[：:] ?\d{4}-\d{1,2}-\d{1,2}(?: \d{1,2}:\d{2}(?::\d{2})?)? ?"),
    re.compile(r"(?:微信|微博|QQ空间|分享到)(?: (?:微信|微博|QQ空间))+ ?"),
    re.compile(r" ?来源 ?[：:] ?\S{0,30}? ?(?:附件下载|扫一扫|【打印】|【关闭】).*$"),
    re.compile(r" ?(?:附件下载|【打印本页】|【关闭窗口】|【打印】|【关闭】) ?$"),
)
_SCRIPT = re.compile(r"(?:^| )(?:var \w+ ?=|function ?\w* ?\(|document\.write|\$\(|window\.)[^\u4e00-\u9fff]*")


@dataclass
class Document:
    """One document to read: its text (no metadata block, no furniture) and what its container
    says (a page's title, publication time, address)."""

    text: str
    source: str  # the file's name, as records name it
    path: str  # the path errors name
    hard_wrapped: bool | None = None
    title: str | None = None
    doc_number: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @cached_property
    def raw(self) -> list[str]:
        """The paragraphs, layout undone, inner spacing kept (for attendance lists)."""
        return paragraphs(self.text, self.hard_wrapped)

    @cached_property
    def cleaned(self) -> list[str]:
        """The paragraphs without layout spaces."""
        return [clean_prose(p) for p in self.raw]

    @cached_property
    def head(self) -> str:
        """The title and the first paragraphs: where a layout shows itself."""
        return "\n".join([self.title or "", *self.cleaned[:4]])


def date_value(text: str | None) -> str | None:
    """YYYY-MM-DD of the first date written with digits (2022-11-04 23:54, 2022年11月4日)."""
    m = _DATE.search(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not 1949 <= y <= 2100:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:  # 2023-02-30
        return None


def split_metadata(text: str) -> tuple[dict[str, str], str]:
    """A leading metadata block taken off the text: (meta by key, the rest). A block ends at a
    `==== 正文 ====` line or at the first line that is not `key：value`; it counts only with at
    least two known keys (a single `日期：` may belong to the text)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    meta: dict[str, str] = {}
    end = -1
    for n, line in enumerate(lines[:40]):
        if _BODY_MARK.match(line):
            return meta, "\n".join(lines[n + 1 :])
        if not line.strip():
            continue
        m = _META_LINE.match(line)
        if not m:
            break
        if m.group(1) in _KEY_OF:
            meta.setdefault(_KEY_OF[m.group(1)], m.group(2).strip())
        end = n
    if len(meta) >= 2:
        return meta, "\n".join(lines[end + 1 :])
    return {}, text


def strip_furniture(text: str) -> str:
    """Portal furniture taken out of each paragraph of a page's text dump (spacing collapsed
    there, which also keeps the patterns linear); a text without any is returned as it is."""
    if not _PORTAL.search(text):
        return text
    out = []
    for line in text.split("\n"):
        cleaned = re.sub(r"\s+", " ", line)
        cleaned = _SCRIPT.sub(" ", cleaned)
        for pattern in _FURNITURE:
            cleaned = pattern.sub(" ", cleaned)
        if cleaned.strip() or not line.strip():
            out.append(cleaned.strip())
    return "\n".join(out)
