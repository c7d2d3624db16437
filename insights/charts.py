"""Tiny hand-written SVG charts (bars and lines) drawn from protected cells; suppressed cells are gaps.

Presentation attributes only (the CSP forbids style=""), no JavaScript, printable; the data table is always beside
the chart, so the SVG has role="img" and a title only. funding/charts.py is tied to its own Table type, hence these.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from .disclosure import Cell

WIDTH, BAR, GAP, LABEL = 640, 16, 6, 220
COLOURS = ("#1d4f91", "#b3541e")


def _value(cell: Cell) -> float | None:
    return None if cell.suppressed or cell.value is None else float(cell.value)


def bar_chart(chart_id: str, title: str, series: Sequence[tuple[str, Cell]]) -> SafeString:
    values = [v for _label, cell in series if (v := _value(cell)) is not None]
    if not values or max(values) <= 0:
        return mark_safe("")
    top = max(values)
    height = 10 + len(series) * (BAR + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" class="insights-chart">',
        f'<title id="{chart_id}-title">{escape(str(title))}</title>',
    ]
    y = 5
    for label, cell in series:
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + BAR - 4}" font-size="12" text-anchor="end" fill="#222">'
            f"{escape(str(label)[:34])}</text>"
        )
        value = _value(cell)
        if value:
            width = (WIDTH - LABEL - 10) * value / top
            parts.append(f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{COLOURS[0]}"/>')
        y += BAR + GAP
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above


def line_chart(
    chart_id: str, title: str, labels: Sequence[str], lines: Sequence[tuple[str, Sequence[Cell]]]
) -> SafeString:
    values = [v for _name, cells in lines for cell in cells if (v := _value(cell)) is not None]
    if not values or max(values) <= 0 or len(labels) < 2:
        return mark_safe("")
    top, height, left, bottom = max(values), 240, 50, 200
    step = (WIDTH - left - 40) / (len(labels) - 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title" class="insights-chart">',
        f'<title id="{chart_id}-title">{escape(str(title))}</title>',
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 10}" y2="{bottom}" stroke="#555"/>',
        f'<text x="{left - 6}" y="24" font-size="11" text-anchor="end" fill="#222">{int(top)}</text>',
    ]
    for i, label in enumerate(labels):
        if i % max(1, len(labels) // 6) == 0:
            x = left + i * step
            parts.append(f'<text x="{x:.0f}" y="{bottom + 16}" font-size="11" text-anchor="middle" fill="#222">'
                         f"{escape(label)}</text>")  # fmt: skip
    for n, (name, cells) in enumerate(lines):
        colour = COLOURS[n % len(COLOURS)]
        segment: list[str] = []
        segments = []
        for i, cell in enumerate(cells):
            value = _value(cell)
            if value is None:
                segments.append(segment)
                segment = []
                continue
            segment.append(f"{left + i * step:.1f},{bottom - (bottom - 20) * value / top:.1f}")
        segments.append(segment)
        for points in segments:
            if len(points) > 1:
                dash = ' stroke-dasharray="6 3"' if n else ""
                parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"'
                             f"{dash}/>")  # fmt: skip
            elif points:
                x, y = points[0].split(",")
                parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>')
        legend_x = left + n * 200
        parts.append(f'<line x1="{legend_x}" y1="{height - 8}" x2="{legend_x + 24}" y2="{height - 8}" '
                     f'stroke="{colour}" stroke-width="2"{" stroke-dasharray=\"6 3\"" if n else ""}/>')  # fmt: skip
        parts.append(
            f'<text x="{legend_x + 30}" y="{height - 4}" font-size="12" fill="#222">{escape(str(name))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above
