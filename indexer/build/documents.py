"""One meeting as the index stores it: its Whoosh fields and its decisions' (one document each),
and the words it adds to the dictionary."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from .. import doctitles, meetingcites
from ..analysis import fold
from ..facets import BY_NAME, KEYWORD_FACETS, values_of
from ..models import Decision, Minutes, decision_id, decision_summary, decision_text, decisions_of, summary_of
from ..store import encode_record

DECISION_FACETS = tuple(
    BY_NAME[name] for name in ("kind", "presenter", "lead", "responsible", "docstatus", "document", "series")
)


def _keywords(values: Iterable[str | None]) -> str:
    """A keyword field's value: queries look names up in the same folded form."""
    return ",".join(sorted({fold(v).replace(",", " ") for v in values if v}))


@lru_cache(maxsize=1024)
def _places(city: str | None, body: str | None) -> tuple[str, ...]:
    return tuple(doctitles.place_names(city, body))


def document_of(record: Minutes, path: str, sha256: str) -> dict:
    """The Whoosh fields for one meeting (`meeting_documents`)."""
    return meeting_documents(record, path, sha256)[0]


def meeting_documents(record: Minutes, path: str, sha256: str) -> tuple[dict, list[dict]]:
    """The Whoosh fields for one meeting (the facets' keyword fields read the same summary as the
    columns do), and those of each of its decisions: its item's title and its own text, the titles
    it names, and what it records (the meeting's facts stay on the meeting's document). Each
    decision's summary and document keys are made once, for both."""
    decisions = list(decisions_of(record))
    summaries = [decision_summary(record, item, n, d) for item, n, d in decisions]
    keys = [document_keys(record, d) for _, _, d in decisions]
    titles = "\n".join([record.display_title, *(item.title for item in record.items)])
    summary = summary_of(record, summaries)
    summary["documents"] = sorted({k for docs, _ in keys for k in docs})
    summary["series"] = sorted({k for _, series in keys for k in series})
    known: dict[str, object] = {"number": record.number} if record.number is not None else {}
    if record.date:
        known |= {"date": record.date, "year": record.date[:4], "month": record.date[:7]}
    meeting = {
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
        "docgrams": "\n".join(ref.title for _, _, d in decisions for ref in d.documents),
        "deadline": _keywords(k for _, _, d in decisions for k in _deadline_keys(d)),
        "summary": summary,
        "record": encode_record(record),
    }
    out = []
    places = list(_places(record.city, record.body))
    for (item, n, decision), dsummary, (docs, series) in zip(decisions, summaries, keys):
        dsummary["documents"], dsummary["series"] = docs, series
        text = decision_text(item, n)
        dsummary["cites"] = meetingcites.cite_keys(text, record.meeting_type, places)
        out.append(
            {
                "doctype": "decision",
                "decision": decision_id(record.id, item.number, n),
                "meeting": record.id,
                "source": path,
                "ngrams": f"{item.title}\n{text}",
                "titlegrams": item.title,
                "docgrams": "\n".join(ref.title for ref in decision.documents),
                **{facet.name: _keywords(values_of(facet, dsummary)) for facet in DECISION_FACETS},
                "deadline": _keywords(_deadline_keys(decision)),
                "dsummary": dsummary,
            }
        )
    return meeting, out


def document_keys(record: Minutes, decision: Decision) -> tuple[list[str], list[str]]:
    """The documents a decision names and their series, as `doctitles` keys them in its place."""
    if not decision.documents:
        return [], []
    places = list(_places(record.city, record.body))
    docs = list(dict.fromkeys(doctitles.document_key(ref.title, places) for ref in decision.documents))
    series = list(dict.fromkeys(doctitles.series_key(ref.title, places) for ref in decision.documents))
    return [d for d in docs if d], [s for s in series if s]


def _deadline_keys(decision: Decision) -> list[str]:
    """期限:2021, 期限:2021-10, 期限:2021-10-31 and 期限:年底前 find a deadline."""
    keys = []
    for d in decision.deadlines:
        keys.append(d.text)
        if d.date:
            keys += [d.date[:4], d.date[:7], d.date]
    return keys


def user_words(record: Minutes) -> set[str]:
    """Names and departments jieba should keep whole."""
    return {w for w in [*record.people, *record.departments] if w and len(w) >= 2}
