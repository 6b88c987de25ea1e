"""HTML-escaped snippets with <mark> around matches, cut from stored text (no re-analysis)."""

from __future__ import annotations

import html
import re

from .analysis import FOLD_TABLE

_ORIGINALS: dict[str, set[str]] = {}  # folded character → the characters that fold to it
for _cp, _folded in FOLD_TABLE.items():
    _ORIGINALS.setdefault(_folded, {_folded}).add(chr(_cp))


def _char_class(ch: str) -> str:
    chars = _ORIGINALS.get(ch)
    if not chars:
        return re.escape(ch)
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def compile_matcher(strings: list[str]) -> re.Pattern | None:
    """A pattern finding the query's (folded, space-free) strings in stored text as it was
    written: any character that folds to the same one, and layout whitespace between characters."""
    if not strings:
        return None
    return re.compile("|".join(r"\s*".join(_char_class(ch) for ch in s) for s in strings))


def mark(text: str, pattern: re.Pattern | None) -> str:
    """Escape text and wrap every match in <mark>; escaping happens before marking."""
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(text: str, pattern: re.Pattern | None, width: int = 120) -> str | None:
    """A window of `width` characters around the first match, or None if nothing matches."""
    m = pattern.search(text) if pattern else None
    if m is None:
        return None
    start = max(0, m.start() - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    piece = text[start:end].replace("\n", " ")
    return ("…" if start > 0 else "") + mark(piece, pattern) + ("…" if end < len(text) else "")


def clip(text: str, width: int) -> str:
    """At most `width` characters of a plain string (not escaped: templates escape)."""
    return text if len(text) <= width else text[:width] + "…"


def lead(text: str, width: int = 120) -> str:
    """The opening of a text, escaped, for hits that match only by filter."""
    piece = text[:width].replace("\n", " ")
    return html.escape(piece) + ("…" if len(text) > width else "")
