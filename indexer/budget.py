"""The time budget of one query: `with time_budget(2.0): …` makes every `check_time()` inside it
(in posting loops, phrase intersections, ranking) raise `QueryTimeout` once two seconds have passed.

It lives in a context variable, so each thread's request has its own.
"""

from __future__ import annotations

import contextvars
import time

from .errors import QueryTimeout

_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("deadline", default=None)


class time_budget:
    """`with time_budget(seconds): …`; None or 0 means no limit."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds

    def __enter__(self) -> time_budget:
        value = (time.monotonic() + self.seconds, self.seconds) if self.seconds else None
        self._token = _deadline.set(value)
        return self

    def __exit__(self, *exc: object) -> None:
        _deadline.reset(self._token)


def check_time() -> None:
    value = _deadline.get()
    if value is not None and time.monotonic() > value[0]:
        raise QueryTimeout(value[1])
