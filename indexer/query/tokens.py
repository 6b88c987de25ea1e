"""A query as typed, cut into tokens: words, phrases in any quotes, fields, ranges, operators and
parentheses. Chinese quotes are quotes only where they stand as quotes (a space or the start
before, a space or the end after); inside a word, like 市“331”专班, they are text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import QueryError
from .fields import FIELD_HELP, FIELDS

_QUOTES = {'"': '"”“', "“": '”"', "”": '”"', "「": "」", "『": "』"}
_BOUNDARY = set(" ()")
_OPENING = "“「『"  # Chinese opening quotes: unclosed at the start of a word, a query error


@dataclass
class Token:
    kind: str  # word, phrase, field, range, lparen, rparen, and, or, not
    text: str = ""
    at: int = 0


def _closing(text: str, i: int) -> int:
    """Index of the quote closing the one at i, or -1: its own closer if there is one, else a
    mixed one (an input method may give "…” )."""
    for closer in _QUOTES[text[i]]:
        j = text.find(closer, i + 1)
        if j != -1:
            return j
    return -1


def _stands_as_quote(text: str, i: int) -> bool:
    """ASCII quotes are always syntax; Chinese ones only when they stand alone as quotes."""
    if text[i] == '"':
        return True
    before_ok = i == 0 or text[i - 1] in _BOUNDARY or text[i - 1] in ":-+"
    end = _closing(text, i)
    after_ok = end != -1 and (end + 1 == len(text) or text[end + 1] in _BOUNDARY)
    return before_ok and after_ok


def _unpaired(text: str, i: int, how: str = "") -> QueryError:
    without = (text[:i] + text[i + 1 :]).strip()
    return QueryError(
        f"引号没有配对：第 {i + 1} 个字符处的 {text[i]} 缺少对应的结束引号{how}", "unbalanced_quote", without or None
    )


# A field value's place, written straight after it: （苏州市） (folded to ASCII brackets by now)
_PLACE_SUFFIX = re.compile(r"\([\u4e00-\u9fff]{1,15}\)(?=$|[\s)])")


def tokens(text: str) -> list[Token]:
    toks: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "()":
            toks.append(Token("lparen" if ch == "(" else "rparen", ch, i))
            i += 1
            continue
        start_of_token = i == 0 or text[i - 1].isspace() or text[i - 1] in "()"
        if ch in "-+" and start_of_token and i + 1 < n and not text[i + 1].isspace():
            if ch == "-":
                toks.append(Token("not", "-", i))
            i += 1
            continue
        if ch == "|" and (i + 1 == n or text[i + 1].isspace() or text[i + 1] == "|"):
            toks.append(Token("or", "|", i))
            i += 2 if text[i + 1 : i + 2] == "|" else 1
            continue
        if ch == "[" and toks and toks[-1].kind == "field":
            end = text.find("]", i)
            if end == -1:
                raise QueryError(f"范围缺少右方括号：{text[i:]}", "unbalanced_bracket")
            toks.append(Token("range", text[i + 1 : end], i))
            i = end + 1
            continue
        if ch in _OPENING and start_of_token and _closing(text, i) == -1:
            # “审计 with no closing quote: an unclosed quote, as "审计 is (not the text “审计)
            raise _unpaired(text, i, f"（短语写作 {ch}…{_QUOTES[ch][0]}）")
        if ch in _QUOTES and _stands_as_quote(text, i):
            end = _closing(text, i)
            if end == -1:
                raise _unpaired(text, i)
            toks.append(Token("phrase", text[i + 1 : end], i))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] not in '()"':
            j += 1
        if toks and toks[-1].kind == "field" and (place := _PLACE_SUFFIX.match(text, j)):
            j = place.end()  # 汇报:市审计局（苏州市）: that city's department, not a group
        word = text[i:j]
        m = re.match(r"([a-z_\u4e00-\u9fff]+):", word)
        if m and (m.group(1) in FIELDS or re.fullmatch(r"[a-z_]+", m.group(1))):
            if m.group(1) not in FIELDS:
                raise QueryError(f"未知字段 {m.group(1)}：可用的字段有 {FIELD_HELP}", "unknown_field")
            toks.append(Token("field", m.group(1), i))
            i += m.end()
            continue
        if word in ("and", "&&"):
            toks.append(Token("and", word, i))
        elif word == "or":
            toks.append(Token("or", word, i))
        elif word == "not":
            toks.append(Token("not", word, i))
        else:
            toks.append(Token("word", word, i))
        i = j
    return toks
