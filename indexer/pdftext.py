"""PDF → printed lines, read from character geometry (pdfminer.six), for the hard-wrapped parser.

Producers differ: office exports draw space glyphs between attendance entries, typesetting tools
position every character and draw no spaces at all. So nothing here trusts a text dump:

- characters are grouped into lines by baseline, and ordered by x;
- two or more space glyphs (whatever their width: 0.2 em in one font, 0.5 em in another), or a
  gap between two characters wider than 0.6 of the font size (beyond the line's own justified
  spacing), is a separator, written as two spaces — the parser joins two single characters
  (a padded name, 王  翔) and splits entries on it, as it does for PDF text;
- a line ends in whitespace (it ends a paragraph or an attendance entry) when it ends in space
  glyphs; or when the next line's first character would have fitted after it before the text
  block's right edge; or, a list line drawn without space glyphs (entries apart by gaps), when
  its fill falls short of the text width by more than a separator gap: such producers move an
  entry that does not fit on the rest of a line to the next one whole, leaving any room up to a
  gap and that entry, less than a character too. Otherwise the line was filled to the edge and
  runs on, across page breaks too (with space glyphs, filled to within a character: office
  producers wrap inside an entry too, and leave the spaces before a moved one at the line end);
- the text block's right edge is where its full lines end: as far as the fullest tenth of the
  lines reach, or where the justified lines (stretched to the edge) end if that is further, as
  in a short record whose list lines outnumber its full lines; indents play no part;
- page furniture is dropped: page numbers (— 3 —, -3-, 第3页, 3) and running headers or footers
  (the same line at the top or bottom of most pages).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .errors import SourceError

_PAGE_NUMBER = re.compile(
    r"^[\s—–\-－―]*(?:第\s*)?\d{1,4}(?:\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?)?[\s—–\-－―]*$"
    r"|^\s*\d{1,4}\s*/\s*\d{1,4}\s*$"
)
SEPARATOR = 0.6  # a gap this many font sizes wide (beyond justification) separates entries


@dataclass
class _Glyph:
    text: str
    x0: float
    x1: float
    y: float
    size: float


@dataclass
class _Line:
    glyphs: list[_Glyph]
    page: int
    y: float

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)

    @property
    def ink(self) -> list[_Glyph]:
        return [g for g in self.glyphs if g.text.strip()]


def _pages(data: bytes, path: str):
    """LTPage objects without layout analysis (characters only, which is all that is needed)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psparser import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        if not document.is_extractable:
            raise SourceError(path, "PDF forbids text extraction")
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=None)
        interpreter = PDFPageInterpreter(manager, device)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            yield device.get_result()
    except SourceError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise SourceError(path, "encrypted PDF (needs a password); save an unprotected copy") from None
    except (PSException, ValueError, TypeError, KeyError, AttributeError, AssertionError) as exc:
        raise SourceError(path, f"broken PDF ({type(exc).__name__}: {str(exc)[:80] or 'unreadable'})") from None


def _glyphs(page) -> list[_Glyph]:
    from pdfminer.layout import LTChar

    found = []

    def walk(obj) -> None:
        if isinstance(obj, LTChar):
            if obj.upright:
                found.append(_Glyph(obj.get_text(), obj.x0, obj.x1, obj.y0, obj.size or (obj.y1 - obj.y0)))
        elif hasattr(obj, "__iter__"):
            for child in obj:
                walk(child)

    walk(page)
    return found


def _lines(glyphs: list[_Glyph], page: int) -> list[_Line]:
    """Glyphs grouped by baseline (within half a font size), top to bottom, each left to right."""
    lines: list[_Line] = []
    for g in sorted(glyphs, key=lambda g: (-g.y, g.x0)):
        if lines and abs(lines[-1].y - g.y) <= 0.5 * g.size:
            lines[-1].glyphs.append(g)
        else:
            lines.append(_Line([g], page, g.y))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    return [line for line in lines if line.ink]


def _furniture(pages: list[list[_Line]]) -> set[int]:
    """ids of page numbers and of running headers/footers (the same text first or last on most pages)."""
    drop = set()
    edges: Counter = Counter()
    for lines in pages:
        for line in lines[:2] + lines[-2:]:
            if _PAGE_NUMBER.match(line.text):
                drop.add(id(line))
        for line in {id(x): x for x in lines[:1] + lines[-1:]}.values():
            edges[re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))] += 1
    if len(pages) >= 2:
        repeated = {text for text, n in edges.items() if n >= max(2, 0.6 * len(pages))}
        for lines in pages:
            for line in lines[:1] + lines[-1:]:
                if re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text)) in repeated:
                    drop.add(id(line))
    return drop


def _spacing(line: _Line, size: float) -> float:
    """The line's own spacing between characters: justification stretches every gap alike (a gap
    of a separator's width everywhere means there is none)."""
    ink = line.ink
    spacing = min((b.x0 - a.x1 for a, b in zip(ink, ink[1:])), default=0.0)
    return spacing if spacing < SEPARATOR * size else 0.0


def _line_text(line: _Line, size: float) -> str:
    justified = _spacing(line, size)
    out, prev, spaces = [], None, 0
    for g in line.glyphs:
        if not g.text.strip():
            spaces += 1
            continue
        if prev is not None:
            if spaces >= 2 or g.x0 - prev.x1 - max(0.0, justified) >= SEPARATOR * size:
                out.append("  ")
            elif spaces:
                out.append(" ")  # one narrow space glyph: between ASCII words (PM 2.5)
        out.append(g.text)
        prev, spaces = g, 0
    return "".join(out)


def read_pdf(data: bytes, path: str) -> str:
    """The printed lines of a PDF as hard-wrapped text: a line ending short of the right edge
    ends in whitespace. Raises SourceError for scanned, encrypted or broken PDFs."""
    pages = [_lines(_glyphs(page), n) for n, page in enumerate(_pages(data, path))]
    glyph_count = sum(len(line.ink) for lines in pages for line in lines)
    if not pages:
        raise SourceError(path, "PDF has no pages")
    if glyph_count == 0:
        raise SourceError(path, "scanned PDF without a text layer (no characters to read; it needs OCR)")
    text = "".join(g.text for lines in pages for line in lines for g in line.ink)
    if text.count("(cid:") * 5 > len(text) * 0.2:
        raise SourceError(path, "PDF fonts carry no Unicode mapping, so its text cannot be read")
    drop = _furniture(pages)
    body = [line for lines in pages for line in lines if id(line) not in drop]
    if not body:
        raise SourceError(path, "PDF holds only page numbers or headers")
    size = statistics.median(g.size for line in body for g in line.ink)
    ends = sorted(line.ink[-1].x1 for line in body)  # hanging spaces may pass the edge: ink only
    usual = ends[int(0.9 * (len(ends) - 1))]
    right = max(e for e in ends if e <= usual + size)  # the text block's right edge …
    justified = [line.ink[-1].x1 for line in body if len(line.ink) > 2 and _spacing(line, size) > 0.002 * size]
    if justified:  # … or where the lines stretched to it end, if fewer than a tenth are full
        right = max(right, statistics.median(justified))
    out = []
    for n, line in enumerate(body):
        following = body[n + 1].ink[0] if n + 1 < len(body) else None
        text = _line_text(line, size)
        room = right - line.glyphs[-1].x1  # how far the line's fill falls short of the text width
        ended = (
            not line.glyphs[-1].text.strip()
            or room >= 0.98 * ((following.x1 - following.x0) if following else size)
            or (room > SEPARATOR * size and "  " in text and len(line.ink) == len(line.glyphs))
        )
        out.append(text + ("  " if ended else ""))
    return "\n".join(out) + "\n"
