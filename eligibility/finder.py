"""Hooks for the finder and the search API: decisions for many service points in a constant number of queries.

Usage in a view::

    profile = profile_from_session(request)          # eligibility.profile
    decisions = decide_for_service_points(profile, [sal.pk for sal in page], request=request)
    # then, per result: {% include "eligibility/_decision.html" with decision=decisions|get:sal.pk %}

Queries: 2 for the rule sets (memoised on the request), 1 for the service points (none with
decide_for_rows), 1 for the mandates. Decisions are computed once per (region, mandates) pair.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

from directory.models import ServiceAtLocation

from .engine import Answers, Comparison, Decision, MandateData
from .models import Mandate
from .rulebook import Rulebook, rulebook_for_request

# (service point id, region code, service id, organisation id)
Row = tuple[int, str, int, int]


def mandates_for(service_ids: Iterable[int], organization_ids: Iterable[int]) -> dict[tuple[str, int], list]:
    """Mandates by ("service", id) and ("organization", id) — organisation-wide ones have no service. One query."""
    found: dict[tuple[str, int], list[MandateData]] = {}
    query = Q(service_id__in=set(service_ids)) | Q(service__isnull=True, organization_id__in=set(organization_ids))
    for mandate in Mandate.objects.filter(query).order_by("slug"):
        key = ("service", mandate.service_id) if mandate.service_id else ("organization", mandate.organization_id)
        found.setdefault(key, []).append(mandate.to_data())
    return found


def compare_for_rows(
    profile: Answers | None, rows: Iterable[Row], on_date: dt.date | None = None, *, request=None
) -> dict[int, Comparison]:
    """Today's rules and universal access for each service point of ``rows``."""
    rows = list(rows)
    profile = profile or Answers()
    rulebook: Rulebook = rulebook_for_request(request, on_date)
    mandates = mandates_for([r[2] for r in rows], [r[3] for r in rows]) if rows else {}
    memo: dict[tuple, Comparison] = {}
    result = {}
    for point_id, region_code, service_id, organization_id in rows:
        applicable = tuple(mandates.get(("organization", organization_id), ())) + tuple(
            mandates.get(("service", service_id), ())
        )
        key = (region_code, tuple(m.id for m in applicable))
        if key not in memo:
            memo[key] = rulebook.compare(profile, region_code, applicable)
        result[point_id] = memo[key]
    return result


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
