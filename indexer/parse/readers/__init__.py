"""The layouts meeting records are published in, each read by a small reader of its own into the
one `Minutes` model. A reader is a module of this package that defines `READER`: its name (kept in
the record as `layout`), a label, how surely a document is in its layout, and how to read it.
Adding a layout is adding a module; nothing else names the readers.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ... import lexicon
from ...errors import NotMinutes
from ...models import Minutes
from ..dates import first_date
from ..decisions import read_decision
from ..document import Document
from ..meeting import meeting_in

SURE = 2.0  # a reader this sure has seen its layout's structure, not only a date or a number


@dataclass(frozen=True)
class Reader:
    name: str  # suzhou, district, report, labelled, office (pages label them: vocabulary.LAYOUT_LABELS)
    recognise: Callable[[Document], float]  # how surely the document is in this layout; 0: not
    read: Callable[[Document], Minutes]  # raises NotMinutes for what is not a meeting record


@cache
def readers() -> tuple[Reader, ...]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        reader = getattr(module, "READER", None)
        if isinstance(reader, Reader):
            found.append(reader)
    return tuple(found)


def read_document(doc: Document) -> Minutes:
    """The record, read by the reader most sure of the layout; NotMinutes when none is."""
    if not doc.cleaned:
        raise NotMinutes(doc.path, "not a meeting record (不是会议记录): no text")
    score, reader = max(((r.recognise(doc), r) for r in readers()), key=lambda sr: sr[0])
    if score < SURE:  # only the fallback would read it: a listing of meetings is not one
        listed = _listed_meetings(doc)
        if len(listed) >= 3:
            raise NotMinutes(doc.path, f"not a meeting record (不是会议记录): a listing of {len(listed)} meetings")
    if score <= 0:
        raise NotMinutes(doc.path, "not a meeting record (不是会议记录): " + why_not(doc))
    record = reader.read(doc)
    if record.date is None and record.number is None:
        raise NotMinutes(doc.path, "not a meeting record (不是会议记录): no meeting date and no meeting number found")
    record.layout = reader.name
    known = set(lexicon.known_departments()) | set(record.departments)
    for item in record.items:
        item.details = [read_decision(d, record.date, known) for d in item.decisions]
    return record


def _listed_meetings(doc: Document) -> set[int]:
    """The meeting numbers a listing page names, one a short line (a record names only its own)."""
    numbers = set()
    for p in doc.cleaned:
        if len(p) <= 80 and (m := meeting_in(p)) is not None:
            numbers.add(m.number)
    return numbers


def why_not(doc: Document) -> str:
    text = "\n".join(doc.cleaned)
    missing = [
        what for what, found in (("meeting date", first_date(text)), ("meeting number", meeting_in(text))) if not found
    ]
    if missing:
        return "no " + " and no ".join(missing) + " found"
    return "no meeting of a named body found (no 主持召开, no attendance, no decisions)"
