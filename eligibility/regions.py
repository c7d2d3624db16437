"""Géométrie variable made visible: the table of regions × groups, the simulator and the map, as plain data.

Functions here take plain values (regions as tuples, engine rules) and return dataclasses; views only render them.
"""

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .engine import ELIGIBLE, NOT_ELIGIBLE, TO_CONFIRM, Answers, Decision, RuleData, Texts, decide


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    persona: Answers
    province_wide: bool


_CITIZEN_NO_SUPPORT = {"income_support": ("none",), "status": "citizen_pr"}
GROUPS = (
    Group("employment_insurance", _("People receiving employment insurance"),
          Answers(income_support=("employment_insurance",)), True),
    Group("social_assistance", _("People receiving social assistance"),
          Answers(income_support=("social_assistance",), employment=("no_job",)), True),
    Group("no_job_no_support", _("People without a job or public income support"),
          Answers(employment=("no_job",), career_change=False, **_CITIZEN_NO_SUPPORT), True),
    Group("employed", _("People with a job"),
          Answers(employment=("employed",), career_change=False, **_CITIZEN_NO_SUPPORT), False),
    Group("precarious", _("Precarious workers"),
          Answers(employment=("precarious",), career_change=False, **_CITIZEN_NO_SUPPORT), False),
    Group("non_permanent", _("People who are not citizens or permanent residents"),
          Answers(employment=("no_job",), income_support=("none",), status="temporary_resident",
                  career_change=False), False),
    Group("career_change", _("People with a job who want to change careers"),
          Answers(employment=("employed",), career_change=True, **_CITIZEN_NO_SUPPORT), False),
)  # fmt: skip

STATUS_LABELS = {
    ELIGIBLE: _("Eligible"),
    TO_CONFIRM: _("To confirm with the centre"),
    NOT_ELIGIBLE: _("Not eligible under today's rules"),
}
STATUS_SHORT = {ELIGIBLE: _("Yes"), TO_CONFIRM: _("To confirm"), NOT_ELIGIBLE: _("No")}


@dataclass(frozen=True)
class Cell:
    group: Group
    decision: Decision


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    cells: list[Cell]

    def count(self, status: str) -> int:
        """Groups beyond the province-wide criteria with this status."""
        return sum(1 for c in self.cells if not c.group.province_wide and c.decision.status == status)

    @property
    def accepted(self) -> int:
        return self.count(ELIGIBLE)

    @property
    def to_confirm(self) -> int:
        return self.count(TO_CONFIRM)

    @property
    def open_count(self) -> int:
        return self.accepted + self.to_confirm


def region_table(
    regions: Sequence[tuple[str, str]], rules: Sequence[RuleData], on_date: dt.date, texts: Texts
) -> list[RegionRow]:
    """For each region, each group's decision under ``rules``."""
    return [
        RegionRow(code, name, [Cell(g, decide(g.persona, code, rules, (), on_date, texts)) for g in GROUPS])
        for code, name in regions
    ]


@dataclass(frozen=True)
class SimulationRow:
    code: str
    name: str
    current: Decision
    universal: Decision


def simulate(
    answers: Answers,
    regions: Sequence[tuple[str, str]],
    current_rules: Sequence[RuleData],
    universal_rules: Sequence[RuleData],
    on_date: dt.date,
    texts: Texts,
) -> list[SimulationRow]:
    return [
        SimulationRow(
            code,
            name,
            decide(answers, code, current_rules, (), on_date, texts),
            decide(answers, code, universal_rules, (), on_date, texts),
        )
        for code, name in regions
    ]


def simulation_totals(rows: Sequence[SimulationRow]) -> dict[str, dict[str, int]]:
    totals = {kind: dict.fromkeys(STATUS_LABELS, 0) for kind in ("current", "universal")}
    for row in rows:
        totals["current"][row.current.status] += 1
        totals["universal"][row.universal.status] += 1
    return totals


# ---- Map: an equirectangular projection scaled by cos(latitude), drawn as SVG paths -----------------------------


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str  # SVG path data; "" when the region has no boundary
    label_x: float
    label_y: float


@dataclass(frozen=True)
class MapData:
    width: int
    height: int
    shapes: list[Shape]


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return list(geometry.get("coordinates") or [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry.get("coordinates") or [] for ring in polygon]
    return []


def region_map(regions: Sequence[tuple[str, str, dict | None, float, float]], width: int = 640) -> MapData:
    """Project region boundaries (GeoJSON, lon/lat) into an SVG of ``width`` pixels; tiny steps are dropped."""
    points = [pt for _code, _name, geo, _lat, _lon in regions for ring in _rings(geo) for pt in ring]
    points += [(lon, lat) for _code, _name, _geo, lat, lon in regions]
    if not points:
        return MapData(width, width, [])
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    lon0, lat1 = min(lons), max(lats)
    kx = math.cos(math.radians((min(lats) + lat1) / 2))
    span_x = max((max(lons) - lon0) * kx, 1e-9)
    scale = (width - 8) / span_x
    height = math.ceil((lat1 - min(lats)) * scale) + 8

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round(4 + (lon - lon0) * kx * scale, 1), round(4 + (lat1 - lat) * scale, 1)

    shapes = []
    for code, name, geo, lat, lon in regions:
        parts = []
        for ring in _rings(geo):
            projected: list[tuple[float, float]] = []
            for lon_i, lat_i, *_rest in ring:
                x, y = project(lon_i, lat_i)
                if not projected or abs(x - projected[-1][0]) + abs(y - projected[-1][1]) >= 0.8:
                    projected.append((x, y))
            if len(projected) >= 3:
                parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z")
        label_x, label_y = project(lon, lat)
        shapes.append(Shape(code, name, "".join(parts), label_x, label_y))
    return MapData(width, height, shapes)


def csv_safe(value: object) -> str:
    """Neutralise spreadsheet formulas in exported cells."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
