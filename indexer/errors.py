"""Errors the tools report as one line naming the file and what is wrong."""

from __future__ import annotations


class MinutesError(Exception):
    """A problem with one input; str() is the one-line message shown to users."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class SourceError(MinutesError):
    """The file cannot be read as text or as a web page."""


class ParseError(MinutesError):
    """The text is not minutes (no date, no meeting number, …)."""


class NotMinutes(ParseError):
    """The document is not a meeting record at all (a listing page, a news item, an attachment):
    an index run skips it with the reason instead of counting it failed."""


class QueryError(ValueError):
    """A query string or filter that cannot be run; str() says why, for the user (in Chinese),
    `code` is a stable name for programs, and `suggestion` a query that would run, where one is
    plain (the same words without an unpaired quote)."""

    def __init__(self, message: str, code: str = "bad_query", suggestion: str | None = None):
        super().__init__(message)
        self.code = code
        self.suggestion = suggestion


class QueryTimeout(QueryError):
    """A query that ran past its time budget (`budget.time_budget`)."""

    def __init__(self, seconds: float):
        super().__init__(
            f"检索超过了 {seconds:g} 秒的时间限制，已停止；请缩小检索范围（更长的词、更少的 OR、加筛选条件）",
            "timeout",
        )
