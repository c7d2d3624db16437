"""Hooks for the finder and the search API: decisions for many service points in a constant number of queries.

Usage in a view::

    profile = profile_from_session(request)          # eligibility.profile
    decisions = decide_for_service_points(profile, [sal.pk for sal in page], request=request)
    # then, per result: {% include "eligibility/_decision.html" with decision=decisions|get:sal.pk %}

Queries: the rule sets, their rules and the mandates in one round trip (the rules memoised on the request), plus
1 for the service points with decide_for_service_points (none with compare_for_rows). Decisions are computed once
per (region, mandates) pair.
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.utils.translation import get_language

from directory.models import ServiceAtLocation
from lib.sql import as_date, placeholders
from lib.text import translated

from .engine import Answers, Comparison, Decision, MandateData, Texts, with_mandates
from .models import Mandate
from .rulebook import Rulebook, rulebook_and_rows
from .texts import engine_texts

# (service point id, region code, service id, organisation id)
Row = tuple[int, str, int, int]


MANY_IDS = 500
_MANDATES = Mandate._meta.db_table  # above this, loading every mandate (a small table) beats a long IN list


def mandates_statement(service_ids: Iterable[int], organization_ids: Iterable[int]) -> tuple[str, list]:
    """The mandates of these services and the organisation-wide ones of these organisations (plain SQL: every
    search with eligibility answers runs it, and the ORM's query building cost more than running it)."""
    service_ids, organization_ids = set(service_ids), set(organization_ids)
    columns = "service_id, organization_id, slug, condition, label_fr, label_en, valid_from, valid_to"
    sql = f"SELECT {columns} FROM {_MANDATES}"
    params: list = []
    if len(service_ids) + len(organization_ids) <= MANY_IDS:
        sql += (
            f" WHERE service_id IN ({placeholders(service_ids)})"
            f" OR (service_id IS NULL AND organization_id IN ({placeholders(organization_ids)}))"
        )
        params = [*service_ids, *organization_ids]
    return sql + " ORDER BY slug", params


def mandates_from_rows(rows: list[tuple]) -> dict[tuple[str, int], list[MandateData]]:
    """Mandates by ("service", id) and ("organization", id): organisation-wide ones have no service."""
    text = translated(get_language())
    found: dict[tuple[str, int], list[MandateData]] = {}
    for service_id, organization_id, slug, condition, label_fr, label_en, valid_from, valid_to in rows:
        key = ("service", service_id) if service_id else ("organization", organization_id)
        condition = json.loads(condition) if isinstance(condition, str) else condition
        found.setdefault(key, []).append(
            MandateData(slug, condition, text(label_fr, label_en), as_date(valid_from), as_date(valid_to))
        )
    return found


def compare_rows(
    profile: Answers, rows: Iterable[Row], rulebook: Rulebook, mandates: dict[tuple[str, int], list], texts: Texts
) -> dict[int, Comparison]:
    """The pure core: the rules are applied once per region and the mandates once per distinct (region, mandates)
    pair; rows that share a pair share its comparison."""
    by_service = {key[1]: tuple(found) for key, found in mandates.items() if key[0] == "service"}
    by_organization = {key[1]: tuple(found) for key, found in mandates.items() if key[0] == "organization"}
    by_region: dict[str, Comparison] = {}  # the region's rules, before any mandate
    memo: dict[tuple, Comparison] = {}
    result = {}
    for point_id, region_code, service_id, organization_id in rows:
        applicable = by_organization.get(organization_id, ()) + by_service.get(service_id, ())
        key = (region_code, applicable and tuple(m.id for m in applicable))
        comparison = memo.get(key)
        if comparison is None:
            region = by_region.get(region_code)
            if region is None:
                region = by_region[region_code] = rulebook.compare(profile, region_code, (), texts)
            comparison = memo[key] = with_mandates(region, profile, applicable, rulebook.on_date, texts)
        result[point_id] = comparison
    return result


def compare_for_rows(
    profile: Answers | None, rows: Iterable[Row], on_date: dt.date | None = None, *, request=None
) -> dict[int, Comparison]:
    """Today's rules and universal access for each service point of ``rows``."""
    rows = list(rows)
    also = [mandates_statement([r[2] for r in rows], [r[3] for r in rows])] if rows else []
    # One round trip for the mandates and the rules of the page's regions.
    rulebook, found = rulebook_and_rows(request, on_date, also, regions={r[1] for r in rows})
    mandates = mandates_from_rows(found[0]) if rows else {}
    return compare_rows(profile or Answers(), rows, rulebook, mandates, engine_texts())


def rows_for(service_point_ids: Iterable[int]) -> list[Row]:
    return list(
        ServiceAtLocation.objects.filter(pk__in=list(service_point_ids)).values_list(
            "pk", "region_id", "service_id", "service__organization_id"
        )
    )


def decide_for_service_points(
    profile: Answers | None,
    service_point_ids: Iterable[int],
    on_date: dt.date | None = None,
    *,
    request=None,
    kind: str = "current",
) -> dict[int, Decision]:
    """The decision of one rule set ("current" or "universal") for each service point id."""
    comparisons = compare_for_rows(profile, rows_for(service_point_ids), on_date, request=request)
    return {pk: getattr(c, kind) for pk, c in comparisons.items()}


def compare_for_service_points(
    profile: Answers | None, service_point_ids: Iterable[int], on_date: dt.date | None = None, *, request=None
) -> dict[int, Comparison]:
    return compare_for_rows(profile, rows_for(service_point_ids), on_date, request=request)


def can_be_served(decision: Decision) -> bool:
    """For the finder's "only where I can be served" filter: eligible or to confirm."""
    return decision.status != "not_eligible"


def decision_to_dict(decision: Decision) -> dict:
    """The API's `eligibility` object."""
    return {
        "status": decision.status,
        "reasons": list(decision.reasons),
        "rule_ids": list(decision.rule_ids),
        "next_steps": list(decision.next_steps),
    }
