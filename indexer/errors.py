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
