"""The eligibility engine: plain data in, plain data out. No Django, no database.

A rule grants an outcome ("eligible" or "to_confirm") to the people its condition matches. A condition is a
mapping from a question to the answers it accepts, for example ``{"income_support": ["employment_insurance"]}`` or
``{"employment": ["no_job"], "income_support": ["none"]}`` (every key must match; within a key, any listed value
does). ``{}`` matches everyone (universal access). Answers that were skipped ("I don't know") never make a rule
fail: they make it *undecided*, which leans to "to_confirm" and never to a wrong "not_eligible".

Mandates narrow one organisation's or service's audience (a youth centre serves ages 16–35): a person outside a
mandate is not served *by that service*, whatever the rule set says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

ELIGIBLE = "eligible"
TO_CONFIRM = "to_confirm"
NOT_ELIGIBLE = "not_eligible"
STATUSES = (ELIGIBLE, TO_CONFIRM, NOT_ELIGIBLE)
OUTCOMES = (ELIGIBLE, TO_CONFIRM)

REGION_CODES = tuple(f"{n:02d}" for n in range(1, 18))

# Question -> the answers it accepts. Skipped answers are None (single) or () (multiple).
AGE_RANGES: dict[str, tuple[int, int]] = {
    "under_16": (0, 15),
    "16_17": (16, 17),
    "18_24": (18, 24),
    "25_35": (25, 35),
    "36_44": (36, 44),
    "45_49": (45, 49),
    "50_64": (50, 64),
    "65_plus": (65, 120),
}
EMPLOYMENT = ("no_job", "employed", "precarious", "self_employed", "student")
INCOME_SUPPORT = ("employment_insurance", "social_assistance", "none")
STATUS = ("citizen_pr", "temporary_resident", "refugee_claimant", "other")
MAX_AGE = 120

LIST_KEYS: dict[str, tuple] = {
    "employment": EMPLOYMENT,
    "income_support": INCOME_SUPPORT,
    "status": STATUS,
    "career_change": (True, False),
    "disability": (True, False),
}
CONDITION_KEYS = (*LIST_KEYS, "age")


@dataclass(frozen=True)
class Answers:
    """A person's answers; every one optional. ``age`` (exact) is accepted by the API, the forms ask a range."""

    age_range: str | None = None
    age: int | None = None
    employment: tuple[str, ...] = ()
    income_support: tuple[str, ...] = ()
    status: str | None = None
    career_change: bool | None = None
    disability: bool | None = None

    def age_bounds(self) -> tuple[int, int] | None:
        if self.age is not None:
            return (self.age, self.age)
        if self.age_range in AGE_RANGES:
            return AGE_RANGES[self.age_range]
        return None

    def values(self, key: str) -> tuple:
        """The answer(s) to one list question as a tuple; () when skipped."""
        value = getattr(self, key)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, tuple | list) else (value,)


@dataclass(frozen=True)
class RuleData:
    """One rule of a rule set, with its texts already in the reader's language."""

    id: str
    condition: Mapping
    outcome: str = ELIGIBLE
    label: str = ""
    explanation: str = ""
    source: str = ""
    region: str | None = None  # None: province-wide
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def applies(self, region_code: str, on_date: dt.date) -> bool:
        return (self.region is None or self.region == region_code) and in_force(self, on_date)


@dataclass(frozen=True)
class MandateData:
    """The audience an organisation or a service sets for itself (e.g. ages 16–35)."""

    id: str
    condition: Mapping
    label: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class Match(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RuleCheck:
    """How one rule or mandate was evaluated: the trace behind "why?"."""

    id: str
    label: str
    explanation: str
    source: str
    outcome: str
    match: Match
    is_mandate: bool = False


@dataclass(frozen=True)
class Decision:
    status: str
    reasons: list[str]
    rule_ids: list[str]
    next_steps: list[str]
    checks: list[RuleCheck] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return self.reasons[0] if self.reasons else ""


@dataclass(frozen=True)
class AnswerError:
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class Texts:
    """Every sentence the engine writes. The Django side passes translated ones (eligibility/texts.py)."""

    matched: str = "{label}."
    undecided: str = "Depends on an answer you skipped: {label}."
    no_rule: str = "None of today's criteria matches your answers in this region."
    outside_mandate: str = "This service is for a specific group: {label}."
    mandate_undecided: str = "This service is for a specific group ({label}); the centre will check with you."
    step_contact: str = "Contact the centre to start: the service is free."
    step_confirm: str = "Call the centre: it can confirm whether it can serve you."
    step_answer: str = "Answering the questions you skipped gives a clearer answer."
    step_elsewhere: str = "Another centre nearby, or Services Québec (1 877 644-4545), can still help you."
    step_other_service: str = "Look for another service nearby that serves your group."
    age_out_of_range: str = "The age must be between 0 and {max}."
    age_mismatch: str = "The age and the age range do not agree."
    unknown_choice: str = "Unknown answer: {value}."
    job_contradiction: str = "“No job” cannot be combined with having a job."
    support_contradiction: str = "“No income support” cannot be combined with a kind of income support."


DEFAULT_TEXTS = Texts()


def in_force(item: RuleData | MandateData, on_date: dt.date) -> bool:
    if item.valid_from and on_date < item.valid_from:
        return False
    return not (item.valid_to and on_date > item.valid_to)


def validate_answers(answers: Answers, texts: Texts = DEFAULT_TEXTS) -> list[AnswerError]:
    """Out-of-range, unknown or contradictory answers, each with a message. [] when the answers can be used."""
    errors: list[AnswerError] = []
    if answers.age is not None and not (0 <= answers.age <= MAX_AGE):
        errors.append(AnswerError("age", "age_out_of_range", texts.age_out_of_range.format(max=MAX_AGE)))
    if answers.age_range is not None and answers.age_range not in AGE_RANGES:
        errors.append(AnswerError("age_range", "unknown_choice", texts.unknown_choice.format(value=answers.age_range)))
    elif answers.age_range is not None and answers.age is not None and 0 <= answers.age <= MAX_AGE:
        low, high = AGE_RANGES[answers.age_range]
        if not low <= answers.age <= high:
            errors.append(AnswerError("age", "age_mismatch", texts.age_mismatch))
    for key in ("employment", "income_support", "status"):
        for value in answers.values(key):
            if value not in LIST_KEYS[key]:
                errors.append(AnswerError(key, "unknown_choice", texts.unknown_choice.format(value=value)))
    jobs = set(answers.employment)
    if "no_job" in jobs and jobs & {"employed", "precarious", "self_employed"}:
        errors.append(AnswerError("employment", "contradiction", texts.job_contradiction))
    support = set(answers.income_support)
    if "none" in support and len(support) > 1:
        errors.append(AnswerError("income_support", "contradiction", texts.support_contradiction))
    return errors


@dataclass(frozen=True)
class ConditionTexts:
    """Messages about a malformed condition (administrators see them in the admin and in load_rules' report)."""

    not_object: str = 'The condition must be an object such as {{"income_support": ["employment_insurance"]}}.'
    not_list: str = "“{key}” must be a non-empty list of answers."
    bad_value: str = "“{key}” does not accept {value}; use one of: {allowed}."
    unknown_key: str = "Unknown question “{key}”; use one of: {allowed}."
    age_shape: str = 'The age must be an object with “min” and/or “max”, e.g. {{"min": 16, "max": 35}}.'
    age_limits: str = "The age limits must be whole numbers between 0 and {max}."
    age_order: str = "The minimum age is greater than the maximum age."


DEFAULT_CONDITION_TEXTS = ConditionTexts()


def validate_condition(condition: object, texts: ConditionTexts = DEFAULT_CONDITION_TEXTS) -> list[str]:
    """Structural problems of a rule's or mandate's condition; [] when the engine can use it."""
    if not isinstance(condition, Mapping):
        return [texts.not_object.format()]
    problems = []
    for key, accepted in condition.items():
        if key == "age":
            problems += _age_condition_problems(accepted, texts)
        elif key in LIST_KEYS:
            if not isinstance(accepted, list) or not accepted:
                problems.append(texts.not_list.format(key=key))
                continue
            allowed = LIST_KEYS[key]
            for value in accepted:
                if isinstance(value, bool) != isinstance(allowed[0], bool) or value not in allowed:
                    shown = ", ".join(str(a).lower() if isinstance(a, bool) else a for a in allowed)
                    problems.append(texts.bad_value.format(key=key, value=repr(value), allowed=shown))
        else:
            problems.append(texts.unknown_key.format(key=key, allowed=", ".join(CONDITION_KEYS)))
    return problems


def _age_condition_problems(accepted: object, texts: ConditionTexts) -> list[str]:
    if not isinstance(accepted, Mapping) or not accepted or set(accepted) - {"min", "max"}:
        return [texts.age_shape.format()]
    values = [accepted.get("min", 0), accepted.get("max", MAX_AGE)]
    if not all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_AGE for v in values):
        return [texts.age_limits.format(max=MAX_AGE)]
    if values[0] > values[1]:
        return [texts.age_order]
    return []


def condition_match(condition: Mapping, answers: Answers) -> Match:
    """YES when every key matches, NO when one clearly does not, UNKNOWN when a needed answer was skipped."""
    result = Match.YES
    for key, accepted in condition.items():
        if key == "age":
            part = _age_match(accepted, answers.age_bounds())
        else:
            given = answers.values(key)
            if not given:
                part = Match.UNKNOWN
            else:
                part = Match.YES if any(value in accepted for value in given) else Match.NO
        if part is Match.NO:
            return Match.NO
        if part is Match.UNKNOWN:
            result = Match.UNKNOWN
    return result


def _age_match(accepted: Mapping, bounds: tuple[int, int] | None) -> Match:
    if bounds is None:
        return Match.UNKNOWN
    low, high = accepted.get("min", 0), accepted.get("max", MAX_AGE)
    if low <= bounds[0] and bounds[1] <= high:
        return Match.YES
    if bounds[1] < low or bounds[0] > high:
        return Match.NO
    return Match.UNKNOWN  # the range straddles a limit


def decide(
    answers: Answers,
    region_code: str,
    rules: Sequence[RuleData],
    mandates: Sequence[MandateData],
    on_date: dt.date,
    texts: Texts = DEFAULT_TEXTS,
) -> Decision:
    """The decision of one rule set for one person in one region (and one service, through its mandates).

    eligible: a rule granting "eligible" matches. to_confirm: a rule granting "to_confirm" matches, or a rule would
    apply but depends on a skipped answer. not_eligible: no rule can apply. A mandate the person falls outside turns
    any answer into not_eligible for that service; a mandate that depends on a skipped answer caps it at to_confirm.
    """
    checks = [
        RuleCheck(r.id, r.label, r.explanation, r.source, r.outcome, condition_match(r.condition, answers))
        for r in rules
        if r.applies(region_code, on_date)
    ]
    granted = [c for c in checks if c.match is Match.YES and c.outcome == ELIGIBLE]
    to_confirm = [c for c in checks if c.match is Match.YES and c.outcome == TO_CONFIRM]
    undecided = [c for c in checks if c.match is Match.UNKNOWN]
    if granted:
        status, deciding = ELIGIBLE, granted
        reasons = [texts.matched.format(label=c.label) for c in granted]
        steps = [texts.step_contact]
    elif to_confirm or undecided:
        status, deciding = TO_CONFIRM, to_confirm + undecided
        reasons = [texts.matched.format(label=c.label) for c in to_confirm]
        reasons += [texts.undecided.format(label=c.label) for c in undecided]
        steps = [texts.step_confirm] + ([texts.step_answer] if undecided else [])
    else:
        status, deciding = NOT_ELIGIBLE, []
        reasons, steps = [texts.no_rule], [texts.step_elsewhere]
    decision = Decision(status, reasons, [c.id for c in deciding], steps, checks)
    return _apply_mandates(decision, answers, mandates, on_date, texts)


def _apply_mandates(
    decision: Decision, answers: Answers, mandates: Sequence[MandateData], on_date: dt.date, texts: Texts
) -> Decision:
    mandate_checks = [
        RuleCheck(m.id, m.label, "", "", ELIGIBLE, condition_match(m.condition, answers), is_mandate=True)
        for m in mandates
        if in_force(m, on_date)
    ]
    if not mandate_checks:
        return decision
    checks = decision.checks + mandate_checks
    outside = [c for c in mandate_checks if c.match is Match.NO]
    if outside:
        return Decision(
            NOT_ELIGIBLE,
            [texts.outside_mandate.format(label=c.label) for c in outside],
            [c.id for c in outside],
            [texts.step_other_service, texts.step_elsewhere],
            checks,
        )
    unsure = [c for c in mandate_checks if c.match is Match.UNKNOWN]
    if unsure and decision.status == ELIGIBLE:
        return Decision(
            TO_CONFIRM,
            decision.reasons + [texts.mandate_undecided.format(label=c.label) for c in unsure],
            decision.rule_ids + [c.id for c in unsure],
            [texts.step_confirm, texts.step_answer],
            checks,
        )
    return replace(decision, checks=checks)


@dataclass(frozen=True)
class Comparison:
    """Today's rules and universal access side by side."""

    current: Decision
    universal: Decision


def decide_both(
    answers: Answers,
    region_code: str,
    current_rules: Sequence[RuleData],
    universal_rules: Sequence[RuleData],
    mandates: Sequence[MandateData],
    on_date: dt.date,
    texts: Texts = DEFAULT_TEXTS,
) -> Comparison:
    return Comparison(
        decide(answers, region_code, current_rules, mandates, on_date, texts),
        decide(answers, region_code, universal_rules, mandates, on_date, texts),
    )


def with_mandates(
    comparison: Comparison,
    answers: Answers,
    mandates: Sequence[MandateData],
    on_date: dt.date,
    texts: Texts = DEFAULT_TEXTS,
) -> Comparison:
    """A region's comparison (decided without mandates) for one service: the same as deciding with its mandates,
    without going through the region's rules again."""
    if not mandates:
        return comparison
    return Comparison(
        _apply_mandates(comparison.current, answers, mandates, on_date, texts),
        _apply_mandates(comparison.universal, answers, mandates, on_date, texts),
    )
