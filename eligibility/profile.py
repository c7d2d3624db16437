"""A person's answers outside the engine: from query parameters, to and from the session (never stored elsewhere)."""

from collections.abc import Mapping

from .engine import AGE_RANGES, EMPLOYMENT, INCOME_SUPPORT, STATUS, AnswerError, Answers, validate_answers
from .texts import engine_texts

SESSION_KEY = "eligibility_profile"
# Query-parameter names, shared by the simulator, the finder and the API.
PARAMS = ("age_range", "employment", "income_support", "immigration_status", "career_change", "disability")
YES_NO = {"yes": True, "no": False, "true": True, "false": False}


def answers_to_dict(answers: Answers) -> dict:
    """Plain JSON-safe form (session, API echo). Skipped answers are left out."""
    data = {
        "age_range": answers.age_range,
        "age": answers.age,
        "employment": list(answers.employment),
        "income_support": list(answers.income_support),
        "immigration_status": answers.status,
        "career_change": answers.career_change,
        "disability": answers.disability,
    }
    return {k: v for k, v in data.items() if v not in (None, [])}


def answers_from_dict(data: Mapping) -> Answers:
    """Tolerant reading of a stored profile: anything unknown is dropped, i.e. becomes "I don't know"."""

    def one(key, allowed):
        value = data.get(key)
        return value if value in allowed else None

    def many(key, allowed):
        value = data.get(key) or []
        return tuple(v for v in value if v in allowed) if isinstance(value, list | tuple) else ()

    def flag(key):
        value = data.get(key)
        return value if isinstance(value, bool) else None

    age = data.get("age")
    return Answers(
        age_range=one("age_range", AGE_RANGES),
        age=age if isinstance(age, int) and not isinstance(age, bool) and 0 <= age <= 120 else None,
        employment=many("employment", EMPLOYMENT),
        income_support=many("income_support", INCOME_SUPPORT),
        status=one("immigration_status", STATUS),
        career_change=flag("career_change"),
        disability=flag("disability"),
    )


def answers_from_query(params) -> tuple[Answers, list[AnswerError]]:
    """Answers from GET parameters (a QueryDict or a dict of lists); unknown or contradictory values are errors."""

    def get_list(key):
        if hasattr(params, "getlist"):
            return [v for v in params.getlist(key) if v != ""]
        value = params.get(key)
        return [v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")]

    def get_one(key):
        values = get_list(key)
        return values[0] if values else None

    errors: list[AnswerError] = []
    flags = {}
    for key in ("career_change", "disability"):
        raw = get_one(key)
        if raw is not None and raw.lower() not in YES_NO:
            errors.append(AnswerError(key, "unknown_choice", engine_texts().unknown_choice.format(value=raw)))
        flags[key] = YES_NO.get(raw.lower()) if raw is not None else None
    answers = Answers(
        age_range=get_one("age_range"),
        employment=tuple(get_list("employment")),
        income_support=tuple(get_list("income_support")),
        status=get_one("immigration_status"),
        **flags,
    )
    return answers, errors + validate_answers(answers, engine_texts())


def answers_to_query(answers: Answers) -> list[tuple[str, str]]:
    """The inverse of answers_from_query, for shareable links."""
    pairs = []
    data = answers_to_dict(answers)
    for key in PARAMS:
        value = data.get(key)
        if isinstance(value, list):
            pairs += [(key, v) for v in value]
        elif isinstance(value, bool):
            pairs.append((key, "yes" if value else "no"))
        elif value is not None:
            pairs.append((key, value))
    return pairs


def profile_to_session(request, answers: Answers) -> None:
    request.session[SESSION_KEY] = answers_to_dict(answers)


def profile_from_session(request) -> Answers | None:
    data = request.session.get(SESSION_KEY)
    return answers_from_dict(data) if isinstance(data, dict) else None


def profile_clear_session(request) -> None:
    request.session.pop(SESSION_KEY, None)
