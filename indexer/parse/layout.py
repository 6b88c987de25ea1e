"""The published layout undone: printed lines (hard-wrapped PDF text) or whole paragraphs (web
pages, Word) into one paragraph per block, and the markers that start a block (agenda items
一、, decisions （一）, attendance roles, the footer)."""

from __future__ import annotations

import bisect
import re

from ..numerals import MARKER_NUM, cn_to_int

ITEM_RE = re.compile(rf"^([{MARKER_NUM}]+)、")
DECISION_RE = re.compile(rf"^[（(]([{MARKER_NUM}]+)[）)]")
ROLE_RE = re.compile(r"^(出\s*席|列\s*席|记\s*录|请\s*假|缺\s*席)(?:人员|同志|领导)?\s*[：:]")
JOIN_RE = re.compile(r"^参加(?:此次|本次)?会议(?:的)?(?:有|人员|同志)\s*[：:]")
FOOTER_RE = re.compile(r"^(?:分送|抄送|[（(]此件|此件公开)|办公[室厅]\s*整理|办公[室厅].*印发")
AGREED_RE = re.compile(r"^会议(?:议定|决定|确定|认为|纪要如下)|纪要如下[：:]?$")
_CLOSING_PUNCT = "。：:；;！？!?”"


def _is_block_start(line: str) -> bool:
    return bool(
        DECISION_RE.match(line)
        or ROLE_RE.match(line)
        or JOIN_RE.match(line)
        or line.startswith("会议议定")
        or FOOTER_RE.search(line)
    )


def _collapse(line: str) -> str:
    return re.sub(r"\s+", "", line)


def is_hard_wrapped(lines: list[str], blank_after: float = 0.0) -> bool:
    """PDF-extracted text: many lines filled to the same printed width.

    `blank_after` is the share of lines followed by an empty line, which PDF extraction produces
    for every printed line; with it, a smaller share of full-width lines is enough (short
    documents have proportionally more short lines).
    """
    cells = [w for w in (len(line.strip()) for line in lines) if w]
    if _filled_to_one_width(cells, blank_after):
        return True
    ink = [w for w in (len("".join(line.split())) for line in lines) if w]  # without the spaces around numbers
    return _filled_to_one_width(ink, blank_after)


def _filled_to_one_width(widths: list[int], blank_after: float) -> bool:
    """Many lines at one width (±2), and that width the page's: hardly any line is longer (a web
    page's or a Word file's paragraphs are longer than their headings, whatever their widths)."""
    if len(widths) < 8 or max(widths) < 16:
        return False
    n = len(widths)
    ordered = sorted(widths)
    for center in sorted({w for w in widths if w >= 16}):
        full = bisect.bisect_right(ordered, center + 2) - bisect.bisect_left(ordered, center - 2)
        longer = n - bisect.bisect_right(ordered, center + 2)
        if longer <= 0.1 * n and (full >= 0.4 * n or (blank_after >= 0.7 and full >= 0.25 * n)):
            return True
    return False


def paragraphs(text: str, hard_wrapped: bool | None = None) -> list[str]:
    """Rejoin hard-wrapped lines into paragraphs; inner spacing is kept for the list parser.

    In PDF text a line ending in whitespace ends a paragraph (or an attendance entry), a line
    ending in a character continues, and a page break's leading space is not a separator.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    raw_lines = text.split("\n")
    lines = [line for line in raw_lines if line.strip()]
    if hard_wrapped is None:
        followed = sum(1 for a, b in zip(raw_lines, raw_lines[1:]) if a.strip() and not b.strip())
        hard_wrapped = is_hard_wrapped(lines, followed / max(len(lines), 1))
    if not hard_wrapped:
        return [line.strip() for line in lines]

    result: list[str] = []
    current = ""
    last_item = 0
    for line in lines:
        body = line.strip()
        if current and _breaks_before(current, body, last_item):
            result.append(current)
            current = ""
        item = ITEM_RE.match(body)
        if item and not current:
            last_item = _safe_num(item.group(1))
        current += body
        if line[-1].isspace():  # a line ending in whitespace ends the paragraph or entry
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return result


def _breaks_before(current: str, line: str, last_item: int) -> bool:
    """Whether a wrapped line starts a new paragraph although the previous line ran on."""
    item = ITEM_RE.match(line)
    if item:
        return current[-1] in _CLOSING_PUNCT or _safe_num(item.group(1)) == last_item + 1
    return _is_block_start(line)


def _safe_num(text: str) -> int:
    try:
        return cn_to_int(text)
    except ValueError:
        return -1


def clean_prose(text: str) -> str:
    """Drop layout spaces; keep one space only between two ASCII words (e.g. 'PM 2.5' stays)."""
    text = re.sub(
        r"(?<=[A-Za-z0-9])[ \t\u00a0\u3000]+(?=[A-Za-z])|(?<=[A-Za-z])[ \t\u00a0\u3000]+(?=[A-Za-z0-9])", "\x00", text
    )
    return re.sub(r"\s+", "", text).replace("\x00", " ")
