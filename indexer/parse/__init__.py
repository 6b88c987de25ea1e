"""Text → Minutes: undo the published layout, then read header, agenda, attendance and footer.

    dates        dates as written (Chinese or Arabic numerals)
    layout       printed lines or paragraphs → one paragraph per block; the block markers
    people       attendance entries, names, observers' departments
    departments  departments a decision names as responsible
    suzhou       the Suzhou-style 纪要 layout

Parsing never imports the index or the web app.
"""

from __future__ import annotations

from pathlib import Path

from ..models import Minutes
from ..sources import Source, read_source
from .departments import responsible_departments
from .layout import clean_prose, paragraphs
from .people import list_entries, split_department
from .suzhou import SuzhouReader

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


def parse_text(
    text: str,
    source: str = "<text>",
    *,
    hard_wrapped: bool | None = None,
    title: str | None = None,
    doc_number: str | None = None,
    path: str | None = None,
) -> Minutes:
    """Parse minutes text; raises ParseError (naming `path`, else `source`) if it is not minutes."""
    return SuzhouReader(text, source, hard_wrapped, path).parse(title=title, doc_number=doc_number)


def parse_source(src: Source) -> Minutes:
    record = parse_text(
        src.text,
        Path(src.path).name,
        hard_wrapped=src.hard_wrapped,
        title=src.title,
        doc_number=src.doc_number,
        path=src.path,
    )
    record.warnings[:0] = src.warnings  # what reading the file noticed comes first
    return record


def parse_file(path: str | Path) -> Minutes:
    """Read and parse one file; raises SourceError or ParseError with a one-line reason."""
    return parse_source(read_source(path))
