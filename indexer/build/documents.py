"""One meeting as the index stores it: its Whoosh fields, and the words it adds to the dictionary."""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis import fold
from ..facets import KEYWORD_FACETS, values_of
from ..models import Minutes, summary_of
from ..store import encode_record


def _keywords(values: Iterable[str | None]) -> str:
    """A keyword field's value: queries look names up in the same folded form."""
    return ",".join(sorted({fold(v).replace(",", " ") for v in values if v}))


def document_of(record: Minutes, path: str, sha256: str) -> dict:
    """The Whoosh fields for one meeting (the facets' keyword fields read the same summary as the
    columns do)."""
    titles = "\n".join([record.display_title, *(item.title for item in record.items)])
    summary = summary_of(record)
    known: dict[str, object] = {"number": record.number} if record.number is not None else {}
    if record.date:
        known |= {"date": record.date, "year": record.date[:4], "month": record.date[:7]}
    return {
        "id": record.id,
        "path": path,
        "sha256": sha256,
        **known,
        "title": titles,
        "titlegrams": titles,
        # Bigrams decide what matches: the text, plus a published title (not one we made up).
        "words": record.text,
        "ngrams": record.text + ("\n" + record.title if record.title else ""),
        **{facet.name: _keywords(values_of(facet, summary)) for facet in KEYWORD_FACETS},
        "responsible": _keywords(d for item in record.items for d in item.departments),
        "summary": summary,
        "record": encode_record(record),
    }


def user_words(record: Minutes) -> set[str]:
    """Names and departments jieba should keep whole."""
    return {w for w in [*record.people, *record.departments] if w and len(w) >= 2}
