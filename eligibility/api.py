"""The eligibility API (a Django Ninja router; the project's API mounts it at /api/v1/eligibility).

POST /api/v1/eligibility        a profile (+ optional region, service point, date) -> decisions under both rule sets
GET  /api/v1/eligibility/rules  the rules in force on a date (open data)

Errors are 4xx ``{"error": {"code", "message", "details"?}}``; messages follow Accept-Language (fr or en).
"""

import datetime as dt
import re
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Status
from pydantic import BaseModel, BeforeValidator, StrictInt, WithJsonSchema

from directory.models import ServiceAtLocation
from geography.models import Region
from lib.apischema import ERROR_RESPONSES, Out

from .engine import Answers, Decision, validate_answers
from .finder import compare_for_rows, rows_for
from .rulebook import RuleSetInfo, rulebook_for_request
from .texts import engine_texts

router = Router(tags=["eligibility"])


def _iso_date(value):
    """Only YYYY-MM-DD: pydantic's lax mode would read a number ("0.0") as a Unix time."""
    if (isinstance(value, str) and not ISO_DATE.fullmatch(value)) or type(value) in (int, float):
        raise ValueError("expected a date as YYYY-MM-DD")
    return value


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]


class ProfileIn(BaseModel):  # plain pydantic: a Ninja Schema would read attributes off any object, e.g. an int
    """Every answer is optional; leave one out for "I don't know"."""

    age_range: str | None = Field(None, description="under_16, 16_17, 18_24, 25_35, 36_44, 45_49, 50_64, 65_plus")
    age: StrictInt | None = Field(None, description="Exact age, if you prefer it to a range (0–120)")
    employment: list[str] = Field([], description="Any of: no_job, employed, precarious, self_employed, student")
    income_support: list[str] = Field([], description="Any of: employment_insurance, social_assistance, none")
    immigration_status: str | None = Field(
        None, description="citizen_pr, temporary_resident, refugee_claimant or other"
    )
    career_change: bool | None = None
    disability: bool | None = None

    def to_answers(self) -> Answers:
        return Answers(
            age_range=self.age_range,
            age=self.age,
            employment=tuple(self.employment),
            income_support=tuple(self.income_support),
            status=self.immigration_status,
            career_change=self.career_change,
            disability=self.disability,
        )


class EligibilityIn(BaseModel):
    profile: ProfileIn = ProfileIn()
    region: str | None = Field(None, description="Region code 01–17; all 17 when left out")
    service_point: StrictInt | None = Field(
        None, description="A service point id (applies its mandates and its region)"
    )
    date: IsoDate | None = Field(None, description="Rules in force on this date; today when left out")


class DecisionOut(Out):
    status: str = Field(description="eligible, to_confirm or not_eligible")
    reasons: list[str]
    rule_ids: list[str]
    next_steps: list[str]


class RegionDecisionOut(Out):
    region: str
    region_name: str
    service_point: int | None = None
    current: DecisionOut
    universal: DecisionOut


class RuleSetOut(Out):
    slug: str
    name: str
    is_illustrative: bool


class EligibilityOut(Out):
    date: dt.date
    current_rule_set: RuleSetOut | None
    universal_rule_set: RuleSetOut | None
    decisions: list[RegionDecisionOut]


class RuleOut(Out):
    id: str
    label: str
    explanation: str
    source: str
    region: str | None
    condition: dict
    outcome: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class RulesOut(Out):
    date: dt.date
    current_rule_set: RuleSetOut | None
    universal_rule_set: RuleSetOut | None
    current: list[RuleOut]
    universal: list[RuleOut]


def _error(status: int, code: str, message: str, details: list[dict] | None = None):
    body = {"code": code, "message": message}
    if details:
        body["details"] = details
    return Status(status, {"error": body})


def _decision(decision: Decision) -> dict:
    return {
        "status": decision.status,
        "reasons": decision.reasons,
        "rule_ids": decision.rule_ids,
        "next_steps": decision.next_steps,
    }


def _info(info: RuleSetInfo | None) -> dict | None:
    return info and {"slug": info.slug, "name": info.name, "is_illustrative": info.is_illustrative}


@router.post("", response={200: EligibilityOut, **ERROR_RESPONSES}, summary="Decide eligibility")
def eligibility_decide(request, payload: EligibilityIn):
    answers = payload.profile.to_answers()
    errors = validate_answers(answers, engine_texts())
    if errors:
        details = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
        return _error(400, "invalid_profile", _("Some answers are impossible or contradictory."), details)
    names = dict(Region.objects.values_list("code", "name"))
    if payload.region is not None and payload.region not in names:
        return _error(400, "unknown_region", _("Unknown region code: use 01 to 17."))
    rulebook = rulebook_for_request(request, payload.date)
    if payload.service_point is not None:
        rows = rows_for([payload.service_point])
        if not rows or not ServiceAtLocation.objects.filter(pk=payload.service_point, is_active=True).exists():
            return _error(404, "unknown_service_point", _("No active service point has this id."))
        if payload.region is not None and rows[0][1] != payload.region:
            return _error(400, "region_mismatch", _("This service point is in another region."))
        comparisons = compare_for_rows(answers, rows, payload.date, request=request)
        found = [(code, point_id, comparisons[point_id]) for point_id, code, _s, _o in rows]
    else:
        codes = [payload.region] if payload.region else sorted(names)
        found = [(code, None, rulebook.compare(answers, code)) for code in codes]
    decisions = [
        {
            "region": code,
            "region_name": names.get(code, code),
            "service_point": point_id,
            "current": _decision(comparison.current),
            "universal": _decision(comparison.universal),
        }
        for code, point_id, comparison in found
    ]
    return Status(
        200,
        {
            "date": rulebook.on_date,
            "current_rule_set": _info(rulebook.current),
            "universal_rule_set": _info(rulebook.universal),
            "decisions": decisions,
        },
    )


@router.get("/rules", response={200: RulesOut, **ERROR_RESPONSES}, summary="Rules in force")
def eligibility_rules(request, date: IsoDate | None = None):
    rulebook = rulebook_for_request(request, date)

    def rules(items):
        return [
            {
                "id": r.id,
                "label": r.label,
                "explanation": r.explanation,
                "source": r.source,
                "region": r.region,
                "condition": dict(r.condition),
                "outcome": r.outcome,
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
            }
            for r in items
        ]

    return {
        "date": rulebook.on_date,
        "current_rule_set": _info(rulebook.current),
        "universal_rule_set": _info(rulebook.universal),
        "current": rules(rulebook.current_rules),
        "universal": rules(rulebook.universal_rules),
    }
