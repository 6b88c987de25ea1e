"""Query syntax as it is typed on a Chinese keyboard, read into a Whoosh query.

    审计整改                     a run of text: found exactly, as a substring, anywhere in the text
    "…" “…” 「…」 『…』           a phrase (spaces inside are layout and ignored)
    a b   a AND b   a and b     both (AND is the default)
    a OR b   a | b              either
    a NOT b   a -b   -b         excluding b
    ( … )  （ … ）               grouping
    出席:王翔  出席：王翔         a field (English or Chinese name), a value, a phrase or a group
    date:[2020-01-01 TO 2020-06-30]   an inclusive range (either bound may be left out)
    出席:王*                     a name prefix (in name fields only, at most MAX_EXPANSION names)

The query is read in `analysis.fold()` form, so full-width letters, digits, colons, brackets and
spaces are their half-width selves. Chinese quotes are quotes only where they stand as quotes (a
space or the start before, a space or the end after); inside a word, like 市“331”专班, they are
text. `QueryError` carries a stable `code` beside a message in Chinese.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from whoosh import query as wq

from .. import analysis
from ..budget import check_time
from ..errors import QueryError
from ..identity import Identity
from ..models import DECISION_KINDS
from ..numerals import CN_NUM, NUMERAL, cn_to_int
from ..whoosh_internals import expand
from .fields import (
    BODY,
    DATE,
    DEADLINE,
    DOCUMENT,
    FIELDS,
    KEYWORD,
    KIND_ALIAS,
    MONTH,
    NUMBER,
    PER_CITY_FIELDS,
    TITLE,
    YEAR,
)
from .phrases import BigramPhrase
from .tokens import Token, tokens

MAX_EXPANSION = 200  # names a prefix like 出席:王* may stand for
MAX_QUERY_CHARS = 1000  # a pasted paragraph fits; the highlighting pattern and the parse stay small
MAX_DEPTH = 32  # nested parentheses and NOTs (each level is a few frames of this parser)


# ---------------------------------------------------------------- what a parsed query holds


@dataclass
class Leaf:
    """One thing the query looks for: shown in explanations, used for ranking and snippets."""

    label: str  # as the user would write it: 「审计」, 出席：王翔
    query: wq.Query  # its Whoosh query (matching only)
    negated: bool  # under a NOT: excludes, never ranks or highlights
    literal: str | None = None  # text leaves: the folded string without spaces
    field: str | None = None  # text leaves: "ngrams" (body and titles) or "title" (titles only)
    value: str | None = None  # keyword leaves: the value, for highlighting
    number: int | None = None  # a bare meeting number (111, 第111次): that meeting ranks first


@dataclass
class ParsedQuery:
    query: wq.Query
    leaves: list[Leaf] = field(default_factory=list)

    def texts(self) -> list[Leaf]:
        """Positive text leaves (they rank and are highlighted)."""
        return [leaf for leaf in self.leaves if leaf.literal and not leaf.negated]

    def match_strings(self) -> list[str]:
        found = {leaf.literal or leaf.value for leaf in self.leaves if not leaf.negated}
        return sorted((s for s in found if s and s.strip()), key=len, reverse=True)


# ---------------------------------------------------------------- parsing


class _Parser:
    """query := or ; or := and (OR and)* ; and := unary ([AND] unary)* ;
    unary := (NOT | -) unary | primary ; primary := ( or ) | field value | word | phrase"""

    def __init__(self, text: str, reader):
        self.toks = tokens(text)
        self.i = 0
        self.reader = reader
        self.leaves: list[Leaf] = []
        self.negated = 0
        self.field_name: str | None = None  # inside 出席:( … )
        self.depth = 0  # parentheses and NOTs open

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next_kind(self) -> str | None:
        """The kind of the next token (None at the end)."""
        tok = self.peek()
        return tok.kind if tok is not None else None

    def take(self) -> Token:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> wq.Query:
        if not self.toks:
            raise QueryError("检索式是空的", "empty_query")
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only an unopened ) can stop the top level early
            raise QueryError("括号没有配对：多了一个 )", "unbalanced_parenthesis")
        return node

    def or_expr(self) -> wq.Query:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if self.next_kind() in (None, "rparen", "or", "and"):
                raise QueryError("OR 后面缺少检索词", "missing_term")
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def and_expr(self) -> wq.Query:
        tok = self.peek()
        if tok is None or tok.kind in ("or", "and"):
            raise QueryError(f"{(tok.text.upper() if tok else 'OR')} 前面缺少检索词", "missing_term")
        if tok.kind == "rparen":
            raise QueryError("括号里没有检索词", "empty_group")
        parts = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt.kind in ("or", "and", "rparen"):
                    raise QueryError("AND 后面缺少检索词", "missing_term")
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else wq.And(parts)

    def unary(self) -> wq.Query:
        if self.next_kind() == "not":
            self.take()
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", "rparen"):
                raise QueryError("NOT（或 -）后面缺少要排除的词", "missing_term")
            self.negated += 1
            try:
                with self.nested():
                    return wq.Not(self.unary())
            finally:
                self.negated -= 1
        return self.primary()

    @contextmanager
    def nested(self) -> Iterator[None]:
        """One more level of parentheses or NOT, refused past MAX_DEPTH."""
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise QueryError(f"括号或 NOT 嵌套超过 {MAX_DEPTH} 层，请简化检索式", "too_deep")
            yield
        finally:
            self.depth -= 1

    def primary(self) -> wq.Query:
        tok = self.take()
        if tok.kind == "lparen":
            return self.group(None)
        if tok.kind == "field":
            return self.field_value(tok.text)
        if tok.kind in ("word", "phrase"):
            if self.field_name is not None:  # inside 出席:( … ) every word is a value of that field
                return self.value(self.field_name, tok.text, tok.kind == "phrase")
            return self.text_leaf(tok.text, "ngrams", tok.kind == "phrase")
        if tok.kind == "rparen":
            raise QueryError("括号没有配对：多了一个 )", "unbalanced_parenthesis")
        raise QueryError(f"无法理解 {tok.text}", "bad_query")  # pragma: no cover - every kind is handled

    def group(self, field_name: str | None) -> wq.Query:
        if self.peek() is None:
            raise QueryError("括号没有配对：( 没有对应的 )", "unbalanced_parenthesis")
        saved = self.field_name
        self.field_name = field_name
        try:
            with self.nested():
                node = self.or_expr()
        finally:
            self.field_name = saved
        if self.next_kind() != "rparen":
            raise QueryError("括号没有配对：( 没有对应的 )", "unbalanced_parenthesis")
        self.take()
        return node

    def field_value(self, name: str) -> wq.Query:
        tok = self.peek()
        if tok is None or tok.kind not in ("word", "phrase", "lparen", "range"):
            raise QueryError(f"字段「{name}」后面缺少要找的值，例如 {name}:…", "missing_value")
        self.take()
        if tok.kind == "lparen":
            return self.group(name)
        if tok.kind == "range":
            return self.range_value(name, tok.text)
        return self.value(name, tok.text, tok.kind == "phrase")

    # -- leaves

    def value(self, name: str, text: str, phrase: bool) -> wq.Query:
        fieldname, kind = FIELDS["kind" if name == KIND_ALIAS and text in DECISION_KINDS else name]
        if kind in (TITLE, BODY):
            return self.text_leaf(text, fieldname, phrase)
        label = f"{name}：{text}"
        text = re.sub(r"\s+", "", text) if phrase else text
        if kind == DOCUMENT:  # a document's title holds these characters
            if not text.strip("*?"):
                raise QueryError(f"{label}：请写出文件标题中的文字", "bad_value")
            return self.leaf(label, bigram_query(fieldname, text.strip("*?")), value=text)
        if kind == DEADLINE:
            if re.search(r"[*?]", text):
                raise QueryError(
                    f"{label}：期限不需要通配符：期限:2021 即 2021 年内的期限，期限:2021-10 即该月", "wildcard"
                )
            m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
            if m:  # 期限:2021, 期限:2021-6, 期限:2021-06-30
                text = "-".join([m.group(1), *(f"{int(g):02d}" for g in m.groups()[1:] if g)])
            return self.leaf(label, wq.Term(fieldname, text), value=text)
        if kind == KEYWORD:
            if not phrase and re.search(r"[*?]", text):
                return self.leaf(label, self.expand(fieldname, text, label))
            name, city = Identity.parse(text) if fieldname in PER_CITY_FIELDS else (text, None)
            if city:  # 出席:夏文（南通市）: that city's 夏文 (a meeting belongs to one city)
                return self.leaf(label, wq.And([wq.Term(fieldname, name), wq.Term("city", city)]), value=name)
            return self.leaf(label, wq.Term(fieldname, text), value=text)
        if kind == YEAR:
            if not re.fullmatch(r"\d{4}", text):
                raise QueryError(f"{label}：年份要写成四位数字，例如 2020", "bad_value")
            return self.leaf(label, wq.Term("year", text))
        if kind == MONTH:
            m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
            if not m or not 1 <= int(m.group(2)) <= 12:
                raise QueryError(f"{label}：月份要写成 YYYY-MM，例如 2020-09", "bad_value")
            return self.leaf(label, wq.Term("month", f"{m.group(1)}-{int(m.group(2)):02d}"))
        if kind == DATE:
            return self.leaf(label, wq.Term("date", parse_date(text, label)))
        number = _meeting_number(text)
        if number is None:
            raise QueryError(f"{label}：会议次数要写成数字，例如 111 或 第111次", "bad_value")
        return self.leaf(label, wq.NumericRange("number", number, number))

    def range_value(self, name: str, text: str) -> wq.Query:
        fieldname, kind = FIELDS[name]
        label = f"{name}：[{text}]"
        m = re.fullmatch(
            r"\s*(\S*)\s+(?:to|至|到)\s+(\S*)\s*|\s*(\S+)\s+(?:to|至|到)\s*|\s*(?:to|至|到)\s+(\S+)\s*", text
        )
        if not m:
            raise QueryError(f"{label}：范围要写成 [起 TO 止]，例如 date:[2020-01-01 TO 2020-06-30]", "bad_value")
        lo = m.group(1) or m.group(3) or None
        hi = m.group(2) or m.group(4) or None
        if kind == DATE:
            lo = parse_date(lo, label) if lo else None
            hi = parse_date(hi, label) if hi else None
            return self.leaf(label, wq.TermRange("date", lo, hi))
        if kind == YEAR:
            if not all(v is None or re.fullmatch(r"\d{4}", v) for v in (lo, hi)):
                raise QueryError(f"{label}：年份要写成四位数字", "bad_value")
            return self.leaf(label, wq.TermRange("year", lo, hi))
        if kind == NUMBER:
            bounds = [None if v is None else _meeting_number(v) for v in (lo, hi)]
            if any(b is None and v is not None for b, v in zip(bounds, (lo, hi))):
                raise QueryError(f"{label}：会议次数要写成数字", "bad_value")
            return self.leaf(label, wq.NumericRange("number", bounds[0], bounds[1]))
        raise QueryError(f"{label}：只有 日期、年份、次数 可以用范围", "bad_value")

    def text_leaf(self, text: str, fieldname: str, phrase: bool) -> wq.Query:
        literal = re.sub(r"\s+", "", text)
        if not phrase:
            if literal.endswith("*") and literal.rstrip("*") and not re.search(r"[*?]", literal.rstrip("*")):
                literal = literal.rstrip("*")  # any run of characters is already found inside longer words
            elif re.search(r"[*?]", literal) and literal.strip("*?"):
                raise QueryError(
                    f"「{text}」：正文检索不需要通配符，任何一段文字都会被找到（包括在更长的词里）；"
                    "通配符只用于人名、部门等字段的末尾，例如 出席:王*",
                    "wildcard",
                )
            elif not literal.strip("*?"):
                raise QueryError(f"「{text}」：只有通配符的检索会匹配一切，请写出要找的文字", "wildcard")
        if not literal:
            raise QueryError("引号里没有要找的文字", "empty_phrase")
        label = f"「{literal}」" if fieldname == "ngrams" else f"标题：「{literal}」"
        match = bigram_query(fieldname if fieldname == "ngrams" else "titlegrams", literal)
        words = [w for w in analysis.words(literal) if w.strip()]
        rank = [wq.Term("title", w, boost=3.0) for w in words]
        if fieldname == "ngrams":
            rank += [wq.Term("words", w, boost=2.0) for w in words]
        query = wq.AndMaybe(match, wq.Or(rank)) if rank else match
        number = _meeting_number(literal) if fieldname == "ngrams" and _BARE_NUMBER.fullmatch(literal) else None
        if number is not None:  # also the meeting with that number, however its text writes it
            query = wq.Or([query, wq.NumericRange("number", number, number)])
        return self.leaf(label, query, literal=literal, field=fieldname, number=number)

    def leaf(self, label: str, query: wq.Query, **extra) -> wq.Query:
        self.leaves.append(Leaf(label, query, self.negated > 0, **extra))
        return query

    def expand(self, fieldname: str, pattern: str, label: str) -> wq.Query:
        """A name prefix or wildcard, expanded here (bounded) into the names it stands for."""
        if pattern.startswith(("*", "?")):
            raise QueryError(f"{label}：通配符不能放在开头，请至少写出名字的第一个字", "wildcard")
        node = (
            wq.Prefix(fieldname, pattern[:-1])
            if re.fullmatch(r"[^*?]+\*", pattern)
            else wq.Wildcard(fieldname, pattern)
        )
        if self.reader is None:
            return node
        names = []
        for name in expand(node, self.reader):
            check_time()
            names.append(name)
            if len(names) > MAX_EXPANSION:
                raise QueryError(f"{label} 对应的名称超过 {MAX_EXPANSION} 个，请写得更具体", "too_many_expansions")
        return wq.Or([wq.Term(fieldname, name) for name in names]) if names else wq.NullQuery


def bigram_query(fieldname: str, literal: str) -> wq.Query:
    """Exactly the documents whose (folded, space-free) text contains `literal`."""
    if len(literal) == 1:
        return wq.Prefix(fieldname, literal)
    grams = [literal[i : i + 2] for i in range(len(literal) - 1)]
    return wq.Term(fieldname, grams[0]) if len(grams) == 1 else BigramPhrase(fieldname, grams)


_BARE_NUMBER = re.compile(rf"\d{{1,4}}|第\d{{1,4}}次?|第[{CN_NUM}]{{1,8}}次")


def _meeting_number(text: str) -> int | None:
    m = re.fullmatch(rf"第?({NUMERAL})次?", text)
    if not m:
        return None
    return int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))


def parse_date(text: str, label: str | None = None) -> str:
    """YYYY-MM-DD (also 2020/9/14, 2020.9.14, 2020年9月14日) that exists on the calendar."""
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text.strip())
    if m:
        y, mo, d = map(int, m.groups())
        if 1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]:
            return f"{y:04d}-{mo:02d}-{d:02d}"
        raise QueryError(f"{label or text}：{text} 不是日历上的日期", "bad_date")
    raise QueryError(f"{label or text}：日期要写成 YYYY-MM-DD，例如 2020-09-14", "bad_date")


def parse(text: str, reader=None) -> ParsedQuery:
    """Read a query as typed. `reader` (optional) expands name prefixes against the index."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"检索式有 {len(text)} 个字符，超过了 {MAX_QUERY_CHARS} 个的上限，请缩短", "too_long")
    folded = analysis.fold(text).strip()
    parser = _Parser(folded, reader)
    return ParsedQuery(parser.parse(), parser.leaves)
