"""HTML-escaped snippets with <mark> around matches, cut from stored text (no re-analysis)."""
from __future__ import annotations

import html
import re

from whoosh import query as wq

TEXT_FIELDS = ("title", "words", "ngrams")
MARKABLE_FIELDS = TEXT_FIELDS + ("chair", "attendee", "observer", "person", "department", "responsible")


def _phrase_text(fieldname: str, words: list[str]) -> str:
    if fieldname == "ngrams" and words:  # bigrams overlap by one character
        return words[0] + "".join(w[-1] for w in words[1:])
    return "".join(words)


def match_strings(q: wq.Query) -> list[str]:
    """The literal strings a query looks for (outside NOT), longest first."""
    found: set[str] = set()

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, (wq.AndNot, wq.AndMaybe)):  # the other side excludes, or only scores
            walk(node.a)
            return
        if isinstance(node, wq.Phrase) and node.fieldname in TEXT_FIELDS:
            found.add(_phrase_text(node.fieldname, list(node.words)))
        elif isinstance(node, (wq.Term, wq.Prefix)) and node.fieldname in MARKABLE_FIELDS:
            if isinstance(node.text, str):
                found.add(node.text)
        for child in node.children():
            walk(child)

    walk(q)
    return sorted((s for s in found if s.strip()), key=len, reverse=True)


def compile_matcher(strings: list[str]) -> re.Pattern | None:
    if not strings:
        return None
    return re.compile("|".join(re.escape(s) for s in strings), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern | None) -> str:
    """Escape text and wrap every match in <mark>; escaping happens before marking."""
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(html.escape(text[last:m.start()]))
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


def lead(text: str, width: int = 120) -> str:
    """The opening of a text, escaped, for hits that match only by filter."""
    piece = text[:width].replace("\n", " ")
    return html.escape(piece) + ("…" if len(text) > width else "")
