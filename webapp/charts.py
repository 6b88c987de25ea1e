"""Charts drawn on the server as inline SVG: no script, no network resource."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

from indexer.vocabulary import ROLE_COLOURS

BAR = "#1f6feb"


def bar_chart(
    counts: Mapping[str, float], *, label: str, height: int = 160, bar_width: int = 18, value_format: str = "{:g}"
) -> Markup:
    """Vertical bars, one per key (years or months), with labels spaced so they never overlap."""
    return stacked_chart(
        {k: {"": v} for k, v in counts.items()},
        label=label,
        height=height,
        bar_width=bar_width,
        colours={"": BAR},
        value_format=value_format,
    )


def _fill_years(series: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    """Years with no meetings still get a (zero) bar, so gaps in time are visible."""
    keys = list(series)
    if not keys or not all(k.isdigit() and len(k) == 4 for k in keys):
        return series
    years = range(int(min(keys)), int(max(keys)) + 1)
    return {str(y): series.get(str(y), {}) for y in years}


def stacked_chart(
    series: Mapping[str, Mapping[str, float]],
    *,
    label: str,
    height: int = 160,
    bar_width: int = 18,
    colours: dict[str, str] = ROLE_COLOURS,
    value_format: str = "{:g}",
) -> Markup:
    series = _fill_years(series)
    keys = list(series)
    top = max((sum(v.values()) for v in series.values()), default=0) or 1
    gap = 4
    width = max(200, len(keys) * (bar_width + gap) + 40)
    plot = height - 30
    widest = max((len(k) for k in keys), default=1) * 6.5 + 4  # a label's width at font size 10
    step = max(1, -(-int(widest) // (bar_width + gap)))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">',
        f'<text x="0" y="12" font-size="11" fill="#57606a">{value_format.format(top)}</text>',
        f'<line x1="30" y1="{plot}" x2="{width}" y2="{plot}" stroke="#d0d7de"/>',
    ]
    for i, key in enumerate(keys):
        x = 34 + i * (bar_width + gap)
        y = plot
        total = sum(series[key].values())
        for part, value in series[key].items():
            if not value:
                continue
            h = max(1, round(value / top * (plot - 16)))
            y -= h
            parts.append(
                f'<rect x="{x}" y="{y}" width="{bar_width}" height="{h}" fill="{colours.get(part, BAR)}">'
                f"<title>{escape(key)} {escape(part)} {value_format.format(value)}</title></rect>"
            )
        if total:
            parts.append(
                f'<text x="{x + bar_width / 2}" y="{y - 2}" font-size="9" text-anchor="middle" '
                f'fill="#57606a">{value_format.format(total)}</text>'
            )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar_width / 2}" y="{height - 12}" font-size="10" text-anchor="middle" '
                f'fill="#24292f">{escape(key)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def swatch(colour: str) -> Markup:
    """A legend's colour square, drawn like the bars (the page's CSP allows no inline style)."""
    return Markup(
        f'<svg class="swatch" width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{escape(colour)}"/></svg>'
    )
