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


def eligibility_answers_display(answers: dict) -> list[tuple[str, str]]:
    """(question, answer) pairs in the active language, with the eligibility form's own labels when it has them."""
    try:
        from eligibility.forms import ProfileForm

        fields = ProfileForm.base_fields
    except ImportError:
        fields = {}
    lines = []
    for key, value in answers.items():
        field = fields.get(key)
        choices = {str(k): str(v) for k, v in getattr(field, "choices", [])} if field is not None else {}
        if isinstance(value, bool):
            value = "yes" if value else "no"
        values = value if isinstance(value, list) else [value]
        shown = ", ".join(choices.get(str(item), str(item)) for item in values)
        lines.append((str(field.label) if field is not None else key, shown))
    return lines
