"""The spreadsheet template staff download: headings in French (or English), an example row, and in the XLSX a second
sheet explaining each column and listing the allowed clientèles and kinds of service."""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from .models import Clientele, ServiceKind
from .spreadsheet import COLUMNS, EXAMPLE_KEY


def _headings(language: str) -> list[str]:
    return [c.english if language == "en" else c.french for c in COLUMNS]


def _example() -> list[str]:
    return [EXAMPLE_KEY if c.key == "org_key" else c.example for c in COLUMNS]


def template_csv(language: str = "fr") -> bytes:
    """UTF-8 with a byte-order mark (Excel opens accents right), semicolons in French (Excel's French separator)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if language == "fr" else ",")
    writer.writerow(_headings(language))
    writer.writerow(_example())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(language: str = "fr") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    with translation.override(language):
        book = Workbook()
        data = book.active
        data.title = _("Service points")[:31]
        data.append(_headings(language))
        data.append(_example())
        for cell in data[1]:
            cell.font = bold
        for cell in data[2]:
            cell.fill = PatternFill("solid", fgColor="FFF4CE")
        data.freeze_panes = "A2"
        for index, heading in enumerate(_headings(language), start=1):
            letter = data.cell(row=1, column=index).column_letter
            data.column_dimensions[letter].width = max(14, len(heading) + 4)

        notes = book.create_sheet(_("How to fill it")[:31])
        notes.append([_("How to fill the sheet")])
        notes["A1"].font = Font(bold=True, size=14)
        for line in (
            _(
                "One row per service point: a service offered at one address. An organisation with several offices "
                "has several rows with the same organisation key."
            ),
            _(
                "The yellow row is an example: replace it or leave it (a row whose organisation key is “%(key)s” is "
                "never imported)."
            )
            % {"key": EXAMPLE_KEY},
            _(
                "Uploading the same file again changes nothing; a corrected file updates the organisations in place "
                "(matched on their keys)."
            ),
        ):
            notes.append([line])
        notes.append([])
        notes.append([_("Column"), _("Required"), _("What to write"), _("Example")])
        for cell in notes[notes.max_row]:
            cell.font = bold
        for column, heading in zip(COLUMNS, _headings(language), strict=True):
            notes.append([heading, _("yes") if column.required else _("no"), str(column.help), column.example])
        for title, model in ((_("Allowed clientèles"), Clientele), (_("Allowed kinds of service"), ServiceKind)):
            notes.append([])
            notes.append([title, "", _("Identifier or name (either language)")])
            notes[notes.max_row][0].font = bold
            for slug, name_fr, name_en in model.objects.values_list("slug", "name_fr", "name_en"):
                notes.append([slug, "", name_fr or "", name_en or ""])
        notes.column_dimensions["A"].width = 26
        notes.column_dimensions["B"].width = 10
        notes.column_dimensions["C"].width = 90
        notes.column_dimensions["D"].width = 40
        for row in notes.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        out = io.BytesIO()
        book.save(out)
    return out.getvalue()
