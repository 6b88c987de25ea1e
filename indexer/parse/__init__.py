"""Text → Minutes: undo the published layout, then read header, agenda, attendance and footer.

    dates        dates as written (Chinese or Arabic numerals)
    layout       printed lines or paragraphs → one paragraph per block; the block markers
    people       attendance entries, names, observers' departments
    departments  departments a decision names as responsible
    document     what a reader is given: text without metadata block or portal furniture
    meeting      what every layout says of the meeting: number, type, body, place, titles
    readers      one reader per layout (Suzhou-style 纪要, district 纪要, reports, …)

Parsing never imports the index or the web app.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..models import Minutes
from ..sources import Source, read_source
from .departments import responsible_departments
from .document import Document, date_value, split_metadata, strip_furniture
from .layout import clean_prose, paragraphs
from .people import list_entries, split_department
from .readers import read_document

__all__ = [
    "clean_prose",
    "list_entries",
    "paragraphs",
    "parse_file",
    "parse_source",
    "parse_text",
    "responsible_departments",
    "split_department",
]


_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"']+$")


def parse_text(
    text: str,
    source: str = "<text>",
    *,
    hard_wrapped: bool | None = None,
    title: str | None = None,
    doc_number: str | None = None,
    path: str | None = None,
    published: str | None = None,
    url: str | None = None,
) -> Minutes:
    """Parse a meeting record's text in any layout `readers` knows; raises NotMinutes (a
    ParseError naming `path`, else `source`) if it is not a meeting record."""
    meta, body = split_metadata(text)
    doc = Document(
        text=strip_furniture(body),
        source=source,
        path=path or source,
        hard_wrapped=hard_wrapped,
        title=title or meta.get("title") or None,
        doc_number=doc_number or meta.get("doc_number") or None,
        published=published or date_value(meta.get("published")),
        url=url or meta.get("url") or None,
        meta=meta,
    )
    record = read_document(doc)
    record.source_url = record.source_url or doc.url
    if record.source_url and not _WEB_ADDRESS.match(record.source_url):
        record.warnings.append(f"原文链接「{record.source_url[:80]}」不是网址，未保留")
        record.source_url = None
    record.published = record.published or doc.published
    return record


def parse_source(src: Source) -> Minutes:
    record = parse_text(
        src.text,
        Path(src.path).name,
        hard_wrapped=src.hard_wrapped,
        title=src.title,
        doc_number=src.doc_number,
        path=src.path,
        published=src.published,
        url=src.url,
    )
    record.warnings[:0] = src.warnings  # what reading the file noticed comes first
    return record


def parse_file(path: str | Path) -> Minutes:
    """Read and parse one file; raises SourceError or ParseError with a one-line reason."""
    return parse_source(read_source(path))
