"""Small-number protection: a published cell built from fewer than the threshold's events is suppressed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings


def threshold() -> int:
    return int(getattr(settings, "INSIGHTS_MIN_CELL", 10))


@dataclass(frozen=True)
class Cell:
    value: int | None  # None when suppressed
    suppressed: bool

    def __str__(self) -> str:
        return "" if self.value is None else str(self.value)


def protect(count: int, *, minimum: int | None = None) -> Cell:
    """A count, or a suppressed cell when 0 < count < minimum (zero is published: it reveals nobody)."""
    limit = threshold() if minimum is None else minimum
    if 0 < count < limit:
        return Cell(value=None, suppressed=True)
    return Cell(value=count, suppressed=False)


def protect_table(counts: Mapping, *, minimum: int | None = None) -> dict:
    return {key: protect(value, minimum=minimum) for key, value in counts.items()}
