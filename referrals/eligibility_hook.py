"""The answers a person gave to the eligibility questions, if the eligibility app keeps them in the session.

The eligibility app owns the session format; this only looks for its public reader and turns the result into plain
JSON. Until such a reader exists, nothing is shared (and the consent checkbox is not shown).
"""

import dataclasses
import importlib
import json
import logging

from django.http import HttpRequest

logger = logging.getLogger(__name__)

CANDIDATES = [
    ("eligibility.session", "profile_from_session"),
    ("eligibility.finder", "profile_from_session"),
    ("eligibility.views", "profile_from_session"),
]


def eligibility_answers_from_session(request: HttpRequest) -> dict:
    for module_name, function_name in CANDIDATES:
        try:
            reader = getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            continue
        try:
            profile = reader(request)
        except Exception:
            logger.exception("Could not read the eligibility answers from the session")
            return {}
        return _plain(profile)
    return {}


def _plain(profile) -> dict:
    if not profile:
        return {}
    if dataclasses.is_dataclass(profile) and not isinstance(profile, type):
        profile = dataclasses.asdict(profile)
    if not isinstance(profile, dict):
        return {}
    # Round-trip through JSON so that dates, sets or enums never reach the JSONField raw.
    return json.loads(json.dumps(profile, default=str))
