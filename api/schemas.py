"""Response shapes of the public API (they become the components of /api/v1/openapi.json)."""

from datetime import date
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from lib.apischema import Out

MAX_TEXT = 200
Lang = Literal["fr", "en"]
LANG_DESCRIPTION = "Language of the texts (default: Accept-Language, then fr)"


class SearchQuery(Schema):
    near: str | None = Field(None, max_length=MAX_TEXT, description="Postal code, FSA or municipality name")
    lat: float | None = Field(None, ge=-90, le=90, allow_inf_nan=False, description="Latitude (with lon)")
    lon: float | None = Field(None, ge=-180, le=180, allow_inf_nan=False, description="Longitude (with lat)")
    clientele: list[str] = Field([], description="Clientèle slugs, repeated or comma-separated")
    kind: list[str] = Field([], description="Kinds of service (slugs), repeated or comma-separated")
    language: list[str] = Field([], description="Languages of service (ISO 639-1), repeated or comma-separated")
    radius_km: float = Field(50, gt=0, le=500, allow_inf_nan=False, description="Search radius in km")
    limit: int = Field(20, ge=1, le=100, description="Results per page")
    offset: int = Field(0, ge=0, le=10_000, description="Results to skip (paging)")
    lang: Lang | None = Field(None, description=LANG_DESCRIPTION)
    # An optional eligibility profile: with any of these, each result carries an `eligibility` object.
    age_range: str | None = Field(
        None, max_length=20, description="under_16, 16_17, 18_24, 25_35, 36_44, 45_49, 50_64, 65_plus"
    )
    employment: list[str] = Field([], description="no_job, employed, precarious, self_employed, student (repeatable)")
    income_support: list[str] = Field([], description="employment_insurance, social_assistance, none (repeatable)")
    immigration_status: str | None = Field(
        None, max_length=30, description="citizen_pr, temporary_resident, refugee_claimant or other"
    )
    career_change: str | None = Field(None, max_length=5, description="yes or no")
    disability: str | None = Field(None, max_length=5, description="yes or no")


class MunicipalityQuery(Schema):
    q: str = Field("", max_length=MAX_TEXT, description="Start or part of the name (accents and case ignored)")
    region: str | None = Field(None, max_length=2, description="Region code, 01 to 17")
    limit: int = Field(20, ge=1, le=100)
    lang: Lang | None = Field(None, description=LANG_DESCRIPTION)


class RegionRef(Out):
    code: str
    name: str


class OriginOut(Out):
    label: str
    latitude: float
    longitude: float
    region: RegionRef | None
    precision: str


class OrganizationRef(Out):
    id: int
    name: str


class ServiceRef(Out):
    id: int
    name: str


class LocationOut(Out):
    id: int
    name: str
    address: str
    postal_code: str
    municipality: str
    region_code: str
    latitude: float
    longitude: float


class PhoneOut(Out):
    number: str
    extension: str
    type: str
    description: str


class ScheduleOut(Out):
    day: str
    opens_at: str
    closes_at: str
    note: str


class ResultDecisionOut(Out):
    status: str = Field(description="eligible, to_confirm or not_eligible")
    reasons: list[str]
    rule_ids: list[str]
    next_steps: list[str]


class ResultEligibilityOut(ResultDecisionOut):
    """The decision under today's rules, and the same person under universal access."""

    universal: ResultDecisionOut


class ResultOut(Out):
    """One service point. Opening hours and accessibility are on /organizations/{id} (they would cost two more
    queries per search). An optional ``eligibility`` object may be added here by the eligibility profile."""

    id: int
    organization: OrganizationRef
    service: ServiceRef
    location: LocationOut
    clienteles: list[str]
    kinds: list[str]
    languages: list[str]
    phones: list[PhoneOut]
    website: str
    is_sample: bool
    distance_km: float
    eligibility: ResultEligibilityOut | None = None


class SearchOut(Out):
    origin: OriginOut
    total: int
    limit: int
    offset: int
    results: list[ResultOut]


class ServiceOut(Out):
    id: int
    name: str
    description: str
    clienteles: list[str]
    kinds: list[str]
    languages: list[str]
    website: str
    email: str
    fees: str
    who_can_use_it: str
    how_to_start: str
    last_verified_on: date | None
    phones: list[PhoneOut]


class LocationDetailOut(LocationOut):
    description: str
    transportation: str
    phones: list[PhoneOut]
    opening_hours: list[ScheduleOut]
    accessibility: list[str]
    service_point_ids: list[int]


class OrganizationOut(Out):
    id: int
    slug: str
    name: str
    alternate_name: str
    description: str
    email: str
    website: str
    is_sample: bool
    phones: list[PhoneOut]
    services: list[ServiceOut]
    locations: list[LocationDetailOut]


class RegionOut(Out):
    code: str
    name: str
    latitude: float
    longitude: float
    population: int


class RegionDetailOut(RegionOut):
    municipality_count: int
    service_point_count: int
    boundary: dict[str, Any] | None


class MunicipalityOut(Out):
    code: str
    name: str
    designation: str
    region: RegionRef
    latitude: float
    longitude: float
    population: int


class ClienteleOut(Out):
    slug: str
    name: str
    description: str
