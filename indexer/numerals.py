"""Chinese numerals, both ways: 一百一十一 ↔ 111, and year digits such as 二〇二〇."""

from __future__ import annotations

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "零〇○一二两三四五六七八九十百千"  # every character of a Chinese numeral
MARKER_NUM = "一二三四五六七八九十"  # the characters of item and decision markers: 一、 （十二）
NUMERAL = rf"(?:\d+|[{CN_NUM}]+)"  # a number as minutes and queries write it: 111, 一百一十一


def cn_to_int(text: str) -> int:
    """Arabic or Chinese numerals to int: '111', '八十', '一百一十一', '二〇二〇'."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if all(ch in _CN_DIGITS for ch in text):  # digit by digit, as in years: 二〇二〇
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a numeral: {text}")
    return total + current


_DIGITS = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1–99 as written in item and decision markers: 一, 十, 十二, 二十, 二十三."""
    if not 0 < n < 100:
        raise ValueError(f"out of range for a marker: {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def marker(n: int) -> str:
    """An item's or decision's number as markers write it (十二), Arabic past 99 (a labelled page's
    120th speaker)."""
    return int_to_cn(n) if 0 < n < 100 else str(n)
