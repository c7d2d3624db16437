"""CSV and XLSX downloads of the report tables (the same cells as the page, suppressed cells say so)."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook

from .tables import Table, cell_plain


def tables_csv(tables: list[Table], heading: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in heading:
        writer.writerow([line])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_safe(cell_plain(cell)) for cell in row])
    return "\ufeff" + out.getvalue()  # a BOM so that spreadsheet software reads UTF-8 accents


def tables_xlsx(tables: list[Table], heading: list[str]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(title=str(table.title)[:31])
        for line in heading:
            sheet.append([line])
        sheet.append([])
        sheet.append([str(c) for c in table.columns])
        for row in table.rows:
            sheet.append([_xlsx_value(cell_plain(cell)) for cell in row])
        sheet.column_dimensions["A"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _safe(value):
    """Text starting like a formula is prefixed with an apostrophe (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _xlsx_value(value):
    return float(value) if isinstance(value, Decimal) else _safe(value)
