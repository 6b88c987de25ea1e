"""How staff cite a decision: 苏州市人民政府第111次常务会议纪要（2020年9月14日）第三项第（二）条 (a
report's passages are cited as 段). The web app adds the page's address and the original's."""

from __future__ import annotations

from .models import Minutes
from .numerals import marker
from .vocabulary import NUMBERED_LAYOUTS


def cite(record: Minutes, item: int, decision: int | None = None) -> str:
    if record.date:
        y, m, d = (int(x) for x in record.date.split("-"))
        when = f"（{y}年{m}月{d}日）"
    else:
        when = "（日期不详）"
    unit = "条" if record.layout in NUMBERED_LAYOUTS or record.layout is None else "段"
    where = f"第{marker(item)}项" + (f"第（{marker(decision)}）{unit}" if decision else "")
    return f"{record.display_title}{when}{where}"


def anchor(item: int, decision: int | None = None) -> str:
    """The meeting page's anchor of an item or one of its decisions."""
    return f"item-{item}" + (f"-{decision}" if decision else "")
