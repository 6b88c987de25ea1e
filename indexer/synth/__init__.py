"""A synthetic archive: deterministic minutes in the published-PDF text layout, with ground truth.

By default every document is in the Suzhou layout; `layout=` picks another (district 纪要, news-style
reports, labelled-field pages, mayor's office meetings: `other_records`, published by
`other_layouts`) or all five in turn (mixed).

Each Suzhou document is laid out like the real Suzhou sample (hard wraps at a fixed width, an empty line
after every printed line, padded two-character names, entries split across lines, page-break
spaces) so that the parser is exercised for real, and each says in its text that it is synthetic.
`DIR/expected/<name>.json` holds the record the parser must produce, `DIR/chains/<name>.json` which
document (and series) each document a decision names truly is (`papers`): for every item, for every
decision, for every document of its expected `details`, in order, `{"title", "document", "series"}`;
and which earlier meetings of its place each decision cites by number (`cites`, `chains_json`).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from ..models import Minutes
from .layouts import PDF_PAGE_LINES, pdf_lines, render, render_docx, render_html, render_pdf, web_title
from .other_layouts import _misjudged, expected_story_json, render_story
from .other_records import LAYOUTS, LAYOUTS_VERSION, STORIES, places_for
from .papers import Desk, Held
from .records import (
    CITIES,
    GENERATOR_VERSION,
    MEETINGS_PER_CITY,
    SYNTHETIC_NOTE,
    _City,
    make_record,
    new_city,
    person_name,
    reshuffle,
)

__all__ = [
    "FORMATS",
    "GENERATOR_VERSION",
    "LAYOUTS",
    "LAYOUT_CHOICES",
    "LAYOUTS_VERSION",
    "PDF_PAGE_LINES",
    "SYNTHETIC_NOTE",
    "chains_json",
    "expected_json",
    "generate",
    "pdf_lines",
]

FORMATS = ("txt", "html", "pdf", "docx")
LAYOUT_CHOICES = (*LAYOUTS, "mixed")


def expected_json(record: Minutes, fmt: str = "txt") -> dict:
    data = record.to_dict()
    data.pop("text")
    if fmt == "html":
        data["title"] = web_title(record)
        data["published"] = record.issued_date  # the page's publish time
    return data


def _reads_right(record: Minutes) -> bool:
    """The parser takes the record's printed text for printed lines (a short one it may not)."""
    return not _misjudged(render(record), True)


def chains_json(record: Minutes, desk: Desk) -> dict:
    """The truth of the documents a record names and of the meetings it cites: `{"place", "items":
    [[[{title, document, series}, …] per decision] per item], "agenda": [[…] per item], "cites":
    [[[{date, number}, …] per decision] per item]}` — `items` for its decisions' documents,
    `agenda` for those each item puts before the meeting (`AgendaItem.documents`, as written), ids
    from the place's desk; `cites`, parallel to `items` (decisions numbered from 1: an item's own
    decision 0 cites none), the earlier meetings of the same place (`place`) and of the record's
    own `meeting_type` each decision cites by number (`按照市政府第111次常务会议确定的…`), in the
    order it names them: `date` (YYYY-MM-DD) and `number` of the meeting meant, which is the latest
    meeting of the place with that type and number (and year, where the citation writes one) held
    before the record's. Near misses (a higher or another body's meeting, another kind) are none."""

    def truth(title: str) -> dict:
        paper = desk.truth(title)
        return {"title": title, "document": paper.document, "series": paper.series}

    items = [[[truth(ref.title) for ref in decision.documents] for decision in item.details] for item in record.items]
    return {
        "place": record.city,
        "items": items,
        "agenda": [[truth(t) for t in item.documents] for item in record.items],
        "cites": [
            [[{"date": m.date.isoformat(), "number": m.number} for m in desk.cites(text)] for text in item.decisions]
            for item in record.items
        ],
    }


def held(record: Minutes, desk: Desk, per: str) -> Held:
    """The meeting a written record is, as its place remembers it (for later citations)."""
    approved = [
        ref.title for item in record.items for d in item.details for ref in d.documents if ref.action == "approved"
    ]
    approved += [t for item in record.items for t in item.approved]
    papers = dict.fromkeys(desk.titles[t] for t in approved if t in desk.titles)
    assert record.date and record.number is not None and record.meeting_type
    return Held(dt.date.fromisoformat(record.date), record.number, record.meeting_type, per, tuple(papers))


def _advance(rng: random.Random, city: _City) -> bool:
    """The city's next meeting: a few days on, the next number; True when a new term starts."""
    term = (city.date.year - 1988) // 5
    city.date += dt.timedelta(days=rng.randint(5, 11))
    city.number += 1
    if (city.date.year - 1988) // 5 != term:  # a new government term restarts the numbering
        city.number = 1
        city.mayor = person_name(rng, city.used)
        reshuffle(rng, city)
        return True
    if city.number % 12 == 0:  # a few moves a year
        reshuffle(rng, city)
    return False


def generate(count: int, out: str | Path, seed: int = 1, fmt: str = "txt", layout: str = "suzhou") -> list[Path]:
    """Write `count` documents (and their expected records) under `out`; deterministic per seed.

    `fmt`: txt (PDF-extracted text), html (portal pages), docx, or pdf — PDFs alternate between
    an office export (space glyphs, justified) and a typeset file (every character positioned).
    `layout`: suzhou (市政府常务会议纪要), district, report, labelled, office (see `other_records`),
    or mixed — the five in turn, each with places of its own."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if layout not in LAYOUT_CHOICES:
        raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUT_CHOICES)}")
    out = Path(out)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    (out / "chains").mkdir(exist_ok=True)
    rng = random.Random(seed)
    layouts = LAYOUTS if layout == "mixed" else (layout,)
    share = -(-count // len(layouts))  # meetings of each layout
    cities: list[_City] = []
    if "suzhou" in layouts:
        n_cities = min(len(CITIES), max(8, -(-share // MEETINGS_PER_CITY)))
        cities = [new_city(rng, name, dt.date(1990 + i % 8, 1, 2)) for i, name in enumerate(CITIES[:n_cities])]
    places = {kind: places_for(rng, kind, share, MEETINGS_PER_CITY) for kind in layouts if kind != "suzhou"}
    written = []
    for n in range(count):
        kind, k = layouts[n % len(layouts)], n // len(layouts)
        name = f"synth-{n:06d}.{fmt}"
        positioned = n % 2 == 1
        data: str | bytes
        if kind == "suzhou":
            city = cities[k % len(cities)]
            _advance(rng, city)
            record = make_record(rng, city, name, _reads_right)
            if fmt == "txt":
                data = render(record)
            elif fmt == "html":
                data = render_html(record)
            elif fmt == "docx":
                data = render_docx(record)
            else:
                data = render_pdf(record, positioned=positioned)
            expected = expected_json(record, fmt)
            per = "term"  # numbers restart with a government's term
        else:
            place = places[kind][k % len(places[kind])]
            city = place.city
            if _advance(rng, city):
                place.counts.clear()
            story = STORIES[kind](rng, place, name)
            data = render_story(story, fmt, positioned=positioned)
            expected = expected_story_json(story, fmt)
            record = story.record
            per = place.numbering
        folder = out / city.name / str(city.date.year)
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            (folder / name).write_text(data, encoding="utf-8")
        else:
            (folder / name).write_bytes(data)
        (out / "expected" / f"{Path(name).stem}.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        (out / "chains" / f"{Path(name).stem}.json").write_text(
            json.dumps(chains_json(record, city.desk), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        # written: later meetings of the place may cite it
        city.desk.hold(held(record, city.desk, per))
        written.append(folder / name)
    return written
