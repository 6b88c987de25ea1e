"""Where a query matched in stored text, as text plus spans (no markup): the web layer renders
the spans as <mark>, the CLI as 【】, the JSON contract as escaped text with <mark> (`tagged`).

Matching is on the folded form (traditional, full-width and layout whitespace all find the same
characters) against the text as it was written, with no re-analysis.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis import FOLD_TABLE, fold

_ORIGINALS: dict[str, set[str]] = {}  # folded character → the characters that fold to it
for _cp, _folded in FOLD_TABLE.items():
    _ORIGINALS.setdefault(_folded, {_folded}).add(chr(_cp))


@dataclass(frozen=True)
class Marked:
    """A piece of text and the (start, end) spans of it that matched."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def parts(self) -> Iterator[tuple[str, bool]]:
        """(piece, matched) in order; the pieces join to `text`."""
        last = 0
        for start, end in self.spans:
            if start > last:
                yield self.text[last:start], False
            yield self.text[start:end], True
            last = end
        if last < len(self.text):
            yield self.text[last:], False

    def matches(self) -> list[str]:
        return [self.text[s:e] for s, e in self.spans]

    def render(self, before: str, after: str, escape=lambda s: s) -> str:
        return "".join(before + escape(p) + after if hit else escape(p) for p, hit in self.parts())

    def tagged(self) -> str:
        """Escaped text with <mark> around matches: the form snippets take in the JSON contract."""
        return self.render("<mark>", "</mark>", html.escape)

    def prefixed(self, prefix: str) -> Marked:
        """The same with plain text before it."""
        n = len(prefix)
        return Marked(prefix + self.text, tuple((s + n, e + n) for s, e in self.spans))

    def __str__(self) -> str:
        return self.text


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


def mark(text: str, pattern: re.Pattern | None) -> Marked:
    """The whole text with every match of `pattern`."""
    if pattern is None:
        return Marked(text)
    return Marked(text, tuple(m.span() for m in pattern.finditer(text) if m.end() > m.start()))


def coverage(text: str, pattern: re.Pattern | None) -> int:
    """How many different query strings `text` holds (as folded, space-free matches)."""
    if pattern is None:
        return 0
    return len({fold(re.sub(r"\s+", "", m.group())) for m in pattern.finditer(text) if m.end() > m.start()})


def snippet(text: str, pattern: re.Pattern | None, width: int = 120) -> Marked | None:
    """A window of `width` characters around the first match, or None if nothing matches."""
    m = pattern.search(text) if pattern else None
    if m is None:
        return None
    start = max(0, m.start() - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    piece = text[start:end].replace("\n", " ")
    marked = mark(piece, pattern)
    if end < len(text):
        marked = Marked(marked.text + "…", marked.spans)
    return marked.prefixed("…") if start > 0 else marked


def clip(text: str, width: int) -> str:
    """At most `width` characters of a plain string."""
    return text if len(text) <= width else text[:width] + "…"


def lead(text: str, width: int = 120) -> Marked:
    """The opening of a text, for hits that match only by filter."""
    return Marked(text[:width].replace("\n", " ") + ("…" if len(text) > width else ""))
