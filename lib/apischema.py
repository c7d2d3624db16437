"""What every JSON API router shares, kept below the apps so that a router (eligibility's, the project's) needs
nothing from ``api/``: the base of response schemas and the one error shape each operation documents."""

from ninja import Schema
from pydantic import BaseModel, ConfigDict


class Out(BaseModel):
    """Base of the response schemas: plain pydantic models, validated by pydantic-core alone (ninja's Schema adds a
    Python-level validator per nested object, which cost more than building a page of results)."""

    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(Schema):
    code: str
    message: str
    suggestions: list[str] = []
    details: list[dict] = []  # per-field problems (e.g. the eligibility profile's impossible answers)


class ErrorOut(Schema):
    error: ErrorDetail


# What every operation documents besides its 200.
ERROR_RESPONSES = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
