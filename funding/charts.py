"""Tiny server-side SVG bar charts for the report tables.

Hand-written rather than matplotlib: importing matplotlib costs about half a second per process and its SVG uses
style="" attributes that a strict CSP (no 'unsafe-inline') blocks when inlined; these charts are a few hundred bytes,
use presentation attributes only, render in microseconds (no cache needed) and print cleanly. Every chart has the
data table beside it, so the chart is decoration for sighted readers (role="img" with a title).
"""

from decimal import Decimal
from xml.sax.saxutils import escape

from .tables import Table

WIDTH, BAR, GAP, LABEL = 640, 20, 10, 300
COLOURS = ("#1d4f91", "#b3541e")  # blue and orange: distinguishable in grey and for common colour blindness


def _number(value) -> float | None:
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    return None


def table_svg(table: Table) -> str:
    """An SVG bar chart of the table, or "" when it has no chart or nothing to draw (e.g. every cell suppressed)."""
    if table.chart == "bars":
        series = [(row[0].value, [_number(row[1].value)]) for row in table.rows[:-2]]
        legend = [table.columns[1]]
    elif table.chart == "pairs":
        series = [(row[0].value, [_number(row[3].value), _number(row[4].value)]) for row in table.rows]
        legend = [table.columns[3], table.columns[4]]
    else:
        return ""
    values = [v for _label, vs in series for v in vs if v is not None]
    if not values or max(values) <= 0:
        return ""
    top = max(values)
    per_row = len(legend) * BAR + GAP
    height = 30 + len(series) * per_row
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-{table.slug}-title" class="funding-chart">',
        f'<title id="chart-{table.slug}-title">{escape(str(table.title))}</title>',
    ]
    for i, name in enumerate(legend):
        x = LABEL + i * 180
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[i]}"/>')
        parts.append(f'<text x="{x + 16}" y="15" font-size="14" fill="#222">{escape(str(name))}</text>')
    y = 30
    for label, vs in series:
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + len(legend) * BAR / 2 + 4:.0f}" font-size="14" text-anchor="end" '
            f'fill="#222">{escape(str(label))[:40]}</text>'
        )
        for i, value in enumerate(vs):
            if value is None or value <= 0:
                continue
            width = (WIDTH - LABEL - 10) * value / top
            parts.append(
                f'<rect x="{LABEL}" y="{y + i * BAR}" width="{width:.1f}" height="{BAR - 3}" fill="{COLOURS[i]}"/>'
            )
        y += per_row
    parts.append("</svg>")
    return "".join(parts)
