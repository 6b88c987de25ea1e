"""Bytes → text: the encoding detected from the content (BOMs, UTF-16 without one, UTF-8, GB18030),
a cut-off file read up to its last whole character with a warning, binary data refused.

The readers use it, and so does the web app to show a source file; it needs nothing but Python.
"""

from __future__ import annotations

from .errors import SourceError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _plausible_text_share(text: str) -> float:
    """Share of characters that belong in minutes: CJK, CJK punctuation, printable ASCII, whitespace."""
    sample = text[:4000]
    if not sample:
        return 0.0
    good = sum(
        1
        for ch in sample
        if ch.isspace()
        or " " <= ch <= "~"
        or "\u3000" <= ch <= "\u303f"
        or "\u4e00" <= ch <= "\u9fff"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u2027"
    )
    return good / len(sample)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order whose decoding reads as text."""
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) - len(data) % 2].decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible_text_share(text) >= 0.9:
            return enc
    return None


def _is_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad > max(2, len(text[:20000]) * 0.01)


CUT_OFF = "文件在一个字符的中间结束（被截断？），不完整的字符已去掉"


def _decode_cut(data: bytes, enc: str) -> str | None:
    """Text of data in `enc` when only its last character is incomplete (a truncated file)."""
    try:
        data.decode(enc)
        return None
    except UnicodeDecodeError as exc:
        if exc.start < len(data) - 3 or "end of data" not in exc.reason and enc != "gb18030":
            return None
    for cut in range(1, 4):
        try:
            return data[:-cut].decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def decode(data: bytes, path: str = "<bytes>", warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding). Raises SourceError on binary data.

    A file cut off in the middle of a character is read without that character, with a note in
    `warnings` (when given)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                text = _decode_cut(data, enc)
                if text is not None:
                    if warnings is not None:
                        warnings.append(CUT_OFF)
                    return text, enc
                raise SourceError(path, f"invalid {enc} data at byte {exc.start}") from None
    if b"\x00" in data[:8000]:
        enc16 = _looks_utf16(data)
        if enc16:
            if len(data) % 2 and warnings is not None:
                warnings.append(CUT_OFF)
            return data[: len(data) - len(data) % 2].decode(enc16), enc16
        raise SourceError(path, "binary file (contains NUL bytes), not text")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            text = _decode_cut(data, enc)
            if text is None:
                continue
            if warnings is not None:
                warnings.append(CUT_OFF)
        if _is_binary(text):
            raise SourceError(path, "binary file (control characters), not text")
        return text, enc
    raise SourceError(path, "not valid UTF-8, UTF-16 or GB18030 text")
