"""Dates as minutes write them: 2020年9月14日, 二〇二〇年九月十四日."""

from __future__ import annotations

import re

from ..numerals import CN_NUM, NUMERAL, cn_to_int

DATE_RE = re.compile(rf"(\d{{4}}|[{CN_NUM}]{{4}})年({NUMERAL})月({NUMERAL})日")


def date_of(match: re.Match[str] | None) -> str | None:
    """YYYY-MM-DD of a DATE_RE match (Chinese or Arabic numerals), or None if it is not a date."""
    if match is None:
        return None
    try:
        y, m, d = (cn_to_int(g) for g in match.groups()[:3])
    except ValueError:
        return None
    if not (1949 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def first_date(text: str) -> str | None:
    """The first real date written in the text."""
    for m in DATE_RE.finditer(text):
        value = date_of(m)
        if value:
            return value
    return None
