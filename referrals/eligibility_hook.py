"""The answers a person gave to the eligibility questions, read from the session through the eligibility app's
public helpers and turned into plain JSON. Shared with a centre only when the person ticks the consent box."""

import logging

from django.http import HttpRequest

logger = logging.getLogger(__name__)


def eligibility_answers_from_session(request: HttpRequest) -> dict:
    try:
        from eligibility.profile import answers_to_dict, profile_from_session
    except ImportError:
        return {}
    try:
        answers = profile_from_session(request)
    except Exception:
        logger.exception("Could not read the eligibility answers from the session")
        return {}
    return answers_to_dict(answers) if answers is not None else {}
