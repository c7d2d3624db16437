"""Formatting of report cells in the active language (numbers grouped, French decimal comma)."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ..entry import duration_format
from ..tables import Cell

register = template.Library()


def _round(value, step: str) -> Decimal:
    # number_format truncates extra decimals; round half up first.
    return Decimal(value).quantize(Decimal(step), rounding=ROUND_HALF_UP)


@register.filter
def funding_cell(cell: Cell) -> str:
    if cell.suppressed:
        return _("suppressed (fewer than 3 centres, or one centre over 70 %)")
    value = cell.value
    if value is None:
        return "—"
    if cell.kind == "money":
        return _("$%(amount)s") % {"amount": number_format(_round(value, "0.01"), 2, force_grouping=True)}
    if cell.kind == "hours":
        return _("%(hours)s h") % {"hours": number_format(_round(value, "0.01"), 2, force_grouping=True)}
    if cell.kind == "percent":
        return _("%(percent)s %%") % {"percent": number_format(_round(Decimal(value) * 100, "0.1"), 1)}
    if cell.kind == "count":
        return number_format(value, 1 if isinstance(value, Decimal) and value % 1 else 0, force_grouping=True)
    return str(value)


@register.filter
def hhmm(minutes: int) -> str:
    return duration_format(minutes)
