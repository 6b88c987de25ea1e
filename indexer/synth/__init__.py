"""A synthetic archive: deterministic minutes in the published-PDF text layout, with ground truth.

Each document is laid out like the real Suzhou sample (hard wraps at a fixed width, an empty line
after every printed line, padded two-character names, entries split across lines, page-break
spaces) so that the parser is exercised for real, and each says in its text that it is synthetic.
`DIR/expected/<name>.json` holds the record the parser must produce.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from ..models import Minutes
from .layouts import PDF_PAGE_LINES, pdf_lines, render, render_docx, render_html, render_pdf, web_title
from .records import (
    CITIES,
    GENERATOR_VERSION,
    MEETINGS_PER_CITY,
    SYNTHETIC_NOTE,
    make_record,
    new_city,
    person_name,
    reshuffle,
)

__all__ = ["FORMATS", "GENERATOR_VERSION", "PDF_PAGE_LINES", "SYNTHETIC_NOTE", "expected_json", "generate", "pdf_lines"]

FORMATS = ("txt", "html", "pdf", "docx")


def expected_json(record: Minutes, fmt: str = "txt") -> dict:
    data = record.to_dict()
    data.pop("text")
    if fmt == "html":
        data["title"] = web_title(record)
        data["published"] = record.issued_date  # the page's publish time
    return data


def generate(count: int, out: str | Path, seed: int = 1, fmt: str = "txt") -> list[Path]:
    """Write `count` documents (and their expected records) under `out`; deterministic per seed.

    `fmt`: txt (PDF-extracted text), html (portal pages), docx, or pdf — PDFs alternate between
    an office export (space glyphs, justified) and a typeset file (every character positioned)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    (out / "expected").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_cities = min(len(CITIES), max(8, -(-count // MEETINGS_PER_CITY)))
    cities = [new_city(rng, name, dt.date(1990 + i % 8, 1, 2)) for i, name in enumerate(CITIES[:n_cities])]
    written = []
    for n in range(count):
        city = cities[n % len(cities)]
        term = (city.date.year - 1988) // 5
        city.date += dt.timedelta(days=rng.randint(5, 11))
        city.number += 1
        if (city.date.year - 1988) // 5 != term:  # a new government term restarts the numbering
            city.number = 1
            city.mayor = person_name(rng, city.used)
            reshuffle(rng, city)
        elif city.number % 12 == 0:  # a few moves a year
            reshuffle(rng, city)
        name = f"synth-{n:06d}.{fmt}"
        record = make_record(rng, city, name)
        folder = out / city.name / str(city.date.year)
        folder.mkdir(parents=True, exist_ok=True)
        if fmt == "txt":
            (folder / name).write_text(render(record), encoding="utf-8")
        elif fmt == "html":
            (folder / name).write_text(render_html(record), encoding="utf-8")
        elif fmt == "docx":
            (folder / name).write_bytes(render_docx(record))
        else:
            (folder / name).write_bytes(render_pdf(record, positioned=n % 2 == 1))
        (out / "expected" / f"{Path(name).stem}.json").write_text(
            json.dumps(expected_json(record, fmt), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        written.append(folder / name)
    return written
