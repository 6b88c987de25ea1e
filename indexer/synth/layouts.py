"""A record as it is published: PDF-extracted text, a portal page, a Word file, a PDF."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Minutes
from ..numerals import int_to_cn
from .records import PAGE_LINES, SYNTHETIC_NOTE, WIDTH

# ---------------------------------------------------------------- the PDF-text layout


def _pdf_digits(text: str) -> str:
    """PDF text puts spaces around runs of ASCII digits: 2020 年 9 月."""
    out, i = [], 0
    while i < len(text):
        if text[i].isdigit() and text[i].isascii():
            j = i
            while j < len(text) and text[j].isascii() and (text[j].isdigit()):
                j += 1
            out.append(f" {text[i:j]} ")
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _wrap(text: str) -> list[str]:
    """Hard-wrap at WIDTH cells; the last line of the paragraph ends with a space."""
    lines, cur, cells = [], "", 0
    for ch in text:
        cur += ch
        cells += 1 if not ch.isspace() else 0
        if cells >= WIDTH:
            lines.append(cur)
            cur, cells = "", 0
    if cur.strip():
        lines.append(cur)
    lines = [line.rstrip() for line in lines if line.strip()]  # wraps never leave trailing spaces
    if lines:
        lines[-1] += " "
    return lines


def _list_lines(label: str, entries: list[str]) -> list[str]:
    """An attendance list: entries separated by two spaces, two-character names padded."""
    text = label + "  ".join(_shown(entries)) + " "
    lines, cur, cells = [], "", 0
    for ch in text:
        cur += ch
        cells += 1
        if cells >= WIDTH:
            lines.append(cur)
            cur, cells = "", 0
    if cur.strip():
        lines.append(cur.rstrip() + " ")
    for i in range(len(lines) - 1):  # separator spaces stay at the end of the line they follow
        while lines[i + 1].startswith(" "):
            lines[i] += " "
            lines[i + 1] = lines[i + 1][1:]
    return [line for line in lines if line.strip()]


@dataclass
class _Printed:
    """One printed line: trailing spaces where it ends an entry or a paragraph."""

    text: str
    kind: str  # "prose" (justified when full), "list" (every character one cell), "plain"


def _shown(entries: list[str]) -> list[str]:
    return [f"{e[0]}  {e[1]}" if len(e) == 2 else e for e in entries]


def _flow(text: str, fits) -> list[str]:
    """An office suite's wrap: each line as long as `fits`, spaces hanging at the end of a line."""
    lines, cur = [], ""
    for ch in text:
        if cur and not ch.isspace() and not fits(cur + ch):
            lines.append(cur)
            cur = ""
        cur += ch
    return lines + ([cur] if cur.strip() else [])


def _cells(label: str, entries: list[str]) -> list[str]:
    """A typesetting tool's list: one cell a character, two blank cells between entries; an entry
    is never set flush against the right edge (it starts the next line instead), so the end of
    every line shows whether an entry ended there."""
    lines, cur = [], label
    for i, entry in enumerate(_shown(entries)):
        sep = "  " if i else ""
        if len(cur) + len(sep) >= WIDTH - 1 or len(cur) + len(sep) + len(entry) == WIDTH:
            lines.append(cur + sep)
            cur, sep = "", ""
        cur += sep
        for ch in entry:
            if len(cur) == WIDTH:
                lines.append(cur)
                cur = ""
            cur += ch
    return lines + [cur + " "]


def printed_lines(record: Minutes, digits_spaced: bool = True, lists=None) -> list[_Printed]:
    """The record as printed on the page, line by line (`digits_spaced`: as PDF text extraction
    gives it, with spaces around numbers; `lists(label, entries)`: how a producer sets the
    attendance lists, by default as the text layout does)."""
    digits = _pdf_digits if digits_spaced else (lambda text: text)
    assert record.date  # generated records have their date
    y, m, d = (int(x) for x in record.date.split("-"))
    header = (
        f"{y}年{m}月{d}日{record.session}，{record.chair}{record.chair_title}主持召开市政府第{record.number}"
        f"次常务会议，" + "、".join(i.title for i in record.items) + "。"
    )
    prose = _wrap(digits(header)) + _wrap("会议议定以下意见：")
    for item in record.items:
        prose += _wrap(f"{int_to_cn(item.number)}、{digits(item.title)}")
        for n, decision in enumerate(item.decisions, 1):
            prose += _wrap(f"（{int_to_cn(n)}）{digits(decision)}")
    lines = [_Printed(line, "prose") for line in prose]
    lists = lists or _list_lines
    lines += [_Printed(line, "list") for line in lists("出席：", record.attendees)]
    lines += [_Printed(line, "list") for line in lists("列席：", _observer_entries(record))]
    assert record.compiled_date and record.issued_date  # generated records have both
    cy, cm, cd = (int(x) for x in record.compiled_date.split("-"))
    iy, im, idd = (int(x) for x in record.issued_date.split("-"))
    lines += [
        _Printed(line, "plain")
        for line in [
            f"记录：{record.recorder}  ",
            f"{record.compiled_by}整理 ",
            f"{cy}年 {cm}月 {cd}日 ",
            "（此件公开发布） ",
            SYNTHETIC_NOTE + " ",
            "分送：各市、区人民政府，市各有关部门和单位。 ",
            f"{record.compiled_by}                  {iy}年 {im}月 {idd}日印发  ",
        ]
    ]
    return lines


def _observer_entries(record: Minutes) -> list[str]:
    entries = [o.name if o.department is None else f"{o.department}{o.name}" for o in record.observers]
    if record.representatives:
        entries.append("、".join(r.department for r in record.representatives) + "的代表")
    return entries


def render(record: Minutes) -> str:
    """The record as text extracted from a published PDF."""
    lines = [line.text for line in printed_lines(record)]
    lines[-7:-7] = [" "]  # extraction leaves a stray blank-ish line before the recorder …
    lines[-6:-6] = [" "]  # … and after it
    return extracted_text(lines)


def extracted_text(lines: list[str]) -> str:
    """Printed lines as PDF text extraction gives them: an empty line after each, and a page break
    leaving one leading space every PAGE_LINES lines."""
    out = []
    for n, line in enumerate(lines, 1):
        if n % PAGE_LINES == 0 and not line.startswith(" "):
            line = " " + line  # a page break leaves one leading space
        out.append(line)
    return "\n\n".join(out) + "\n"


def web_title(record: Minutes) -> str:
    return f"市政府第{record.number}次常务会议纪要"


def _paragraphs(record: Minutes, separator: str, pad_names: bool) -> list[str]:
    """The record as whole paragraphs (web pages, Word documents)."""
    assert record.date  # generated records have their date
    y, m, d = (int(x) for x in record.date.split("-"))
    paras = [
        f"{y}年{m}月{d}日{record.session}，{record.chair}{record.chair_title}主持召开市政府第{record.number}"
        f"次常务会议，" + "、".join(i.title for i in record.items) + "。",
        "会议议定以下意见：",
    ]
    for item in record.items:
        paras.append(f"{int_to_cn(item.number)}、{item.title}")
        paras += [f"（{int_to_cn(n)}）{decision}" for n, decision in enumerate(item.decisions, 1)]

    def names(entries: list[str]) -> str:
        return separator.join(f"{e[0]}  {e[1]}" if pad_names and len(e) == 2 else e for e in entries)

    assert record.compiled_date and record.issued_date  # generated records have both
    cy, cm, cd = (int(x) for x in record.compiled_date.split("-"))
    iy, im, idd = (int(x) for x in record.issued_date.split("-"))
    paras += [
        f"出席：{names(record.attendees)}",
        f"列席：{names(_observer_entries(record))}",
        f"记录：{record.recorder}",
        f"{record.compiled_by}整理",
        f"{cy}年{cm}月{cd}日",
        "（此件公开发布）",
        SYNTHETIC_NOTE,
        "分送：各市、区人民政府，市各有关部门和单位。",
        f"{record.compiled_by}{separator * 3}{iy}年{im}月{idd}日印发",
    ]
    return paras


def render_html(record: Minutes) -> str:
    """The record as the city's portal would publish it (entries separated by ideographic spaces)."""
    from html import escape

    title = escape(web_title(record))
    body = "".join(f"<p>{escape(p)}</p>" for p in _paragraphs(record, "\u3000", pad_names=False))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - {escape(record.body or "")}</title>'
        f'</head><body><div class="nav">首页 政务公开 政府会议</div><div class="article"><ucaptitle>{title}'
        f'</ucaptitle><publishtime>{record.issued_date} 09:20</publishtime><div class="contentShow"><ucapcontent>'
        f'{body}</ucapcontent></div><div id="shareNode">分享到：微信 微博</div></div>'
        f'<div class="footer">主办：{escape(record.body or "")}办公室</div></body></html>\n'
    )


def render_docx(record: Minutes) -> bytes:
    """The record as an office .docx: real paragraphs, padded names, tabs between entries, the
    page number in the footer part."""
    import io

    import docx

    document = docx.Document()
    for para in _paragraphs(record, "\t", pad_names=True):
        document.add_paragraph(para)
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PDF_FONT, PDF_SIZE, PDF_LEFT, PDF_TOP, PDF_LEADING, PDF_PAGE_LINES = "STSong-Light", 16.0, 60.0, 770.0, 29.0, 24


def _pdf_width():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(PDF_FONT))
    return lambda text: pdfmetrics.stringWidth(text, PDF_FONT, PDF_SIZE)


def pdf_lines(record: Minutes, positioned: bool = False) -> list[_Printed]:
    """The lines `render_pdf` prints, PDF_PAGE_LINES a page."""
    if positioned:
        return printed_lines(record, digits_spaced=False, lists=_cells)
    width, room = _pdf_width(), WIDTH * PDF_SIZE + 0.01
    return printed_lines(
        record,
        digits_spaced=False,
        lists=lambda label, entries: _flow(label + "  ".join(_shown(entries)) + " ", lambda line: width(line) <= room),
    )


def render_pdf(record: Minutes, positioned: bool = False) -> bytes:
    """The record as a published PDF (A4, 16 pt, WIDTH characters a line, page numbers).

    `positioned=False`: an office export — each line drawn as a string, space glyphs between
    entries, full prose lines justified. `positioned=True`: a typesetting tool — every character
    placed on its own, no space glyphs at all, and a running header on every page."""
    header = f"{record.body}常务会议纪要" if positioned else None
    return draw_pdf(pdf_lines(record, positioned), positioned, header)


def draw_pdf(lines: list[_Printed], positioned: bool, header: str | None = None) -> bytes:
    """Printed lines as a PDF, PDF_PAGE_LINES a page, as an office export or a typesetting tool
    (`positioned`) draws them (see `render_pdf`); `header`: a running header on every page."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width = _pdf_width()
    right = PDF_LEFT + WIDTH * PDF_SIZE
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    for page, start in enumerate(range(0, len(lines), PDF_PAGE_LINES), 1):
        if header:
            c.setFont(PDF_FONT, 10.5)
            c.drawString(PDF_LEFT, 805, header)
        c.setFont(PDF_FONT, PDF_SIZE)
        for n, line in enumerate(lines[start : start + PDF_PAGE_LINES]):
            y = PDF_TOP - n * PDF_LEADING
            text = line.text
            full = line.kind == "prose" and not text.endswith(" ")
            if not positioned:
                t = c.beginText(PDF_LEFT, y)
                t.setFont(PDF_FONT, PDF_SIZE)
                # justified: stretched to the right edge (the spacing is page state: always set it)
                t.setCharSpace((right - PDF_LEFT - width(text)) / (len(text) - 1) if full and len(text) > 1 else 0)
                t.textOut(text)
                c.drawText(t)
                continue
            x = PDF_LEFT
            extra = (right - PDF_LEFT - width(text)) / (len(text) - 1) if full and len(text) > 1 else 0.0
            for ch in text:
                step = PDF_SIZE if line.kind == "list" else width(ch)
                if not ch.isspace():
                    c.drawString(x, y, ch)
                x += step + extra
        c.setFont(PDF_FONT, 12)
        c.drawCentredString(A4[0] / 2, 40, f"-{page}-" if positioned else f"— {page} —")
        c.showPage()
    c.save()
    return out.getvalue()
