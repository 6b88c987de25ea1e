"""Reading sources: bytes → text. Encodings are detected from content, web pages parsed with lxml."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from .encodings import decode
from .errors import NotMinutes, SourceError

# What folders are searched for; .doc is picked up to be reported ("save it as .docx"), not skipped.
SUPPORTED_SUFFIXES = (".txt", ".text", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc")
DEFAULT_MAX_CHARS = 1_000_000  # one document's text (about 500 pages); MINUTES_MAX_DOCUMENT_CHARS


CONTAINER_BYTES_PER_CHAR = 100  # the most a PDF or .docx file may weigh per character of text allowed


def max_document_chars() -> int:
    return int(os.environ.get("MINUTES_MAX_DOCUMENT_CHARS") or DEFAULT_MAX_CHARS)


@dataclass
class Source:
    """Decoded text of one source file, with what the container itself says."""

    path: str
    text: str
    kind: str  # "text", "html", "pdf" or "docx"
    encoding: str
    title: str | None = None
    doc_number: str | None = None
    published: str | None = None  # YYYY-MM-DD from the page's publish time
    url: str | None = None  # the address the page gives for itself (canonical link, og:url)
    warnings: list[str] = field(default_factory=list)  # what reading noticed (a cut-off file)

    @property
    def hard_wrapped(self) -> bool | None:
        """The layout hint for the parser: PDF lines are printed lines; web pages and Word
        documents hold whole paragraphs; plain text is recognised from its shape."""
        return {"pdf": True, "html": False, "docx": False}.get(self.kind)


# ---------------------------------------------------------------- web pages

_HTML_SNIFF = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|p)\b", re.I | re.S
)
_NOISE_XPATH = (
    "//script|//style|//noscript|//nav|//header|//footer|//form|//iframe|//button"
    "|//*[@id='shareNode']|//*[contains(concat(' ', normalize-space(@class), ' '), ' article-extended ')]"
    "|//*[@class and re:test(@class, '(^|[ _-])(nav|menu|share|footer|breadcrumb|crumb|header|toolbar)([ _-]|$)', 'i')]"
    "|//*[@id and re:test(@id, '(^|[ _-])(nav|menu|share|footer|breadcrumb|crumb|header|toolbar)([ _-]|$)', 'i')]"
)
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ucapcontent",
    "ucaptitle",
    "blockquote",
    "pre",
    "td",
    "dd",
    "dt",
}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{2,16}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d+\s*号")
_NTH = re.compile(r"第\s*(\d+|[〇一二三四五六七八九十百]+)\s*次")
_DATE_ANY = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_PUBLISHED = re.compile(r"(?:时间|发布|日期)[^0-9]{0,6}(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})")


def is_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(data[:2000])) or (b"<html" in data[:2000].lower())


def _block_text(el) -> str:
    """Text of an element with block boundaries as newlines (tags like <br>, <p> end a line)."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(el)
    return "".join(parts)


def _cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _densest_element(root):
    """Fallback body: the element whose own paragraphs hold the most Chinese text."""
    best, best_score = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag.lower() in ("html", "head", "title"):
            continue
        score = _cjk_count(el.text or "")
        for child in el:
            if isinstance(child.tag, str) and child.tag.lower() in ("p", "br", "span", "font", "strong", "b"):
                score += _cjk_count(child.text_content() if child.tag.lower() != "br" else "")
            score += _cjk_count(child.tail or "")
        if score > best_score:
            best, best_score = el, score
    return best


def _first_text(root, xpath: str) -> str | None:
    for el in root.xpath(xpath):
        text = " ".join(el.text_content().split())
        if text:
            return text
    return None


def read_html(text: str, path: str) -> Source:
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(path, f"unreadable web page ({exc})") from None
    ns = {"re": "http://exslt.org/regular-expressions"}
    for el in root.xpath(_NOISE_XPATH, namespaces=ns):
        if el.getparent() is not None:
            el.drop_tree()

    title = _meta(root, "ArticleTitle", "og:title") or _first_text(root, "//ucaptitle") or _first_text(root, "//h1")
    if title is None:
        raw = _first_text(root, "//title")
        title = re.split(r"\s*[-_|｜]\s*", raw)[0] if raw else None

    stamp = _first_text(root, "//publishtime") or _meta(root, "PubDate", "article:published_time") or ""
    page_text = root.text_content()
    m = _DATE_ANY.search(stamp) or _PUBLISHED.search(page_text)
    published = _calendar_date(*(int(g) for g in m.groups())) if m else None

    containers = (
        root.xpath("//ucapcontent")
        or root.xpath(
            "//*[contains(concat(' ', normalize-space(@class), ' '), ' contentShow ')]"
            "|//div[contains(concat(' ', normalize-space(@class), ' '), ' detail ')]"
        )
        or root.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]")
    )
    body = containers[0] if containers else _densest_element(root)
    body_text = _block_text(body) if body is not None else ""
    if _cjk_count(body_text) == 0:
        raise NotMinutes(path, "not a meeting record (不是会议记录): a web page without body text")
    linked = {m.group(1) for a in root.xpath("//a") if (m := _NTH.search(a.text_content()))}
    if len(linked) >= 3 and _cjk_count(body_text) < 150:  # its densest text is one of many links
        raise NotMinutes(path, f"not a meeting record (不是会议记录): a listing of {len(linked)} meetings")

    doc_number = None
    m = re.search(r"文件编号[：:]\s*(\S+)", page_text) or _DOC_NUMBER.search(page_text)
    if m:
        doc_number = re.sub(r"\s+", "", m.group(1) if m.lastindex else m.group(0))
    lines = [line.strip() for line in body_text.replace("\r", "").split("\n")]
    return Source(
        path=path,
        text="\n".join(line for line in lines if line),
        kind="html",
        encoding="",
        title=title,
        doc_number=doc_number,
        published=published,
        url=_page_url(root),
    )


def _calendar_date(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat() if 1949 <= y <= 2100 else None
    except ValueError:  # <meta name=PubDate content="2023-13-05">
        return None


def _meta(root, *names: str) -> str | None:
    """The content of the first <meta name|property=…> among `names` that has one."""
    for name in names:
        for el in root.xpath("//meta[@name=$n or @property=$n]", n=name):
            content = " ".join((el.get("content") or "").split())
            if content:
                return content
    return None


def _page_url(root) -> str | None:
    """Where the page says it lives: <link rel=canonical>, og:url, or a portal's Url meta tag."""
    for el in root.xpath("//link[@rel='canonical']"):
        if (el.get("href") or "").startswith(("http://", "https://")):
            return el.get("href")
    url = _meta(root, "og:url", "Url", "url")
    return url if url and url.startswith(("http://", "https://")) else None


# ---------------------------------------------------------------- entry point


def read_source(path: str | Path) -> Source:
    """Read one file (text or web page, any supported encoding) into a Source."""
    p = Path(path)
    limit = max_document_chars()
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(1024)
        # Text takes at most four bytes a character; PDF and Word files also carry fonts and images,
        # so they are judged by the text they yield, with only a generous cap on what is read.
        container = head.lstrip().startswith(b"%PDF-") or head.startswith(b"PK\x03\x04")
        if size > limit * (CONTAINER_BYTES_PER_CHAR if container else 4):
            raise SourceError(
                str(p),
                f"is {size / 1e6:.1f} MB, more than one document may be "
                f"(at most {limit:,} characters; MINUTES_MAX_DOCUMENT_CHARS)",
            )
        data = p.read_bytes()
    except IsADirectoryError:
        raise SourceError(str(p), "is a directory, not a file") from None
    except OSError as exc:
        raise SourceError(str(p), f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise SourceError(str(p), "is empty")
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        from .pdftext import read_pdf

        return _checked(Source(path=str(p), text=read_pdf(data, str(p)), kind="pdf", encoding=""), limit)
    if data.startswith(b"PK\x03\x04"):
        if b"word/" not in data[:65536] and not p.suffix.lower() == ".docx":
            raise SourceError(str(p), "a ZIP archive, not a Word document or minutes text")
        from .wordtext import read_docx

        return _checked(Source(path=str(p), text=read_docx(data, str(p)), kind="docx", encoding=""), limit)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SourceError(str(p), "old binary Word (.doc) or Office file: save it as .docx or PDF first")
    warnings: list[str] = []
    text, encoding = decode(data, str(p), warnings)
    text = text.lstrip("\ufeff")
    if is_html(text.encode("utf-8", "ignore")[:2000]):
        source = read_html(text, str(p))
        source.encoding = encoding
    else:
        source = Source(path=str(p), text=text, kind="text", encoding=encoding)
    source.warnings = warnings
    return _checked(source, limit)


def _checked(source: Source, limit: int) -> Source:
    if len(source.text) > limit:
        raise SourceError(
            source.path,
            f"has {len(source.text):,} characters, more than one document may have "
            f"({limit:,}; MINUTES_MAX_DOCUMENT_CHARS)",
        )
    return source
