"""Who or what a person or a department is: a name in one city. 市审计局 is a different office in
every city, and two people of one name in two cities are two people.

An `Identity` is parsed once where a value enters (a filter value, a query's field value, a
facet column's entry); its `key` (`name（city）`) is how it is written in URLs, filters and
facet values.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .models import UNKNOWN_CITY

_KEY = re.compile(r"^(?P<name>.+?)[（(](?P<city>[^（）()]+)[）)]$")


class Identity(NamedTuple):
    name: str
    city: str | None  # None: the name in any city (a bare filter value such as `夏文`)

    @classmethod
    def of(cls, name: str, city: str | None) -> Identity:
        """The identity of a name at a meeting of `city` (a meeting of no known city: 未知)."""
        return cls(name, city or UNKNOWN_CITY)

    @classmethod
    def parse(cls, value: str) -> Identity:
        """`夏文（南通市）` is that city's 夏文; `夏文` is 夏文 in any city."""
        m = _KEY.match(value.strip())
        return cls(m.group("name"), m.group("city")) if m else cls(value.strip(), None)

    @property
    def key(self) -> str:
        """`name（city）`, or the bare name when the city is open."""
        return f"{self.name}（{self.city}）" if self.city else self.name
