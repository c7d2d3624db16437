"""The engine as a specification: a decision table over the illustrative rule file, then its properties.

Pure: no database. Rules come from data/eligibility/rules_illustrative.json through the file parser.
"""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eligibility.engine import (
    AGE_RANGES,
    ELIGIBLE,
    EMPLOYMENT,
    INCOME_SUPPORT,
    NOT_ELIGIBLE,
    REGION_CODES,
    STATUS,
    TO_CONFIRM,
    Answers,
    MandateData,
    RuleData,
    decide,
    decide_both,
    validate_answers,
    validate_condition,
    with_mandates,
)
from eligibility.rulefile import read_rule_file, rules_from_file

RULE_FILE = Path(__file__).resolve().parents[2] / "data" / "eligibility" / "rules_illustrative.json"
PARSED = read_rule_file(RULE_FILE)
CURRENT = rules_from_file(PARSED, "current", "en")
UNIVERSAL = rules_from_file(PARSED, "universal", "en")
TODAY = dt.date(2026, 11, 26)

# Personas: one per group the regions treat differently.
EI = Answers(income_support=("employment_insurance",))
WELFARE = Answers(income_support=("social_assistance",), employment=("no_job",))
JOBLESS = Answers(employment=("no_job",), income_support=("none",), status="citizen_pr")
JOBLESS_STATUS_SKIPPED = Answers(employment=("no_job",), income_support=("none",), career_change=False)
EMPLOYED = Answers(employment=("employed",), income_support=("none",), status="citizen_pr", career_change=False)
SELF_EMPLOYED = Answers(employment=("self_employed",), income_support=("none",), status="citizen_pr")
PRECARIOUS = Answers(employment=("precarious",), income_support=("none",), status="citizen_pr", career_change=False)
TEMPORARY = Answers(employment=("no_job",), income_support=("none",), status="temporary_resident", career_change=False)
CLAIMANT = Answers(employment=("no_job",), income_support=("none",), status="refugee_claimant", career_change=False)
CAREER = Answers(employment=("student",), income_support=("none",), status="citizen_pr", career_change=True)
STUDENT = Answers(employment=("student",), income_support=("none",), status="citizen_pr", career_change=False)
NOTHING = Answers()

E, C, N = ELIGIBLE, TO_CONFIRM, NOT_ELIGIBLE

# Region by region, under today's (illustrative) rules, on 2026-11-26:
#        people with a job   precarious workers   temporary residents   career change
#        (rule r<code>-employed, -precarious, -non-pr, -career)
REGIONAL = """
01       C                   E                    C                     E
02       N                   E                    N                     C
03       C                   C                    E                     N
04       N                   N                    N                     N
05       N                   E                    E                     N
06       N                   C                    E                     C
07       E                   E                    C                     E
08       E                   E                    N                     E
09       E                   E                    E                     E
10       C                   C                    C                     C
11       N                   E                    N                     E
12       C                   N                    C                     N
13       N                   N                    N                     N
14       N                   C                    N                     N
15       N                   E                    N                     C
16       N                   N                    C                     N
17       E                   N                    N                     E
"""
GROUPS = [("employed", EMPLOYED), ("precarious", PRECARIOUS), ("non-pr", TEMPORARY), ("career", CAREER)]
LETTER = {"E": E, "C": C, "N": N}


def _regional_cases():
    for line in REGIONAL.strip().splitlines():
        code, *cells = line.split()
        for (group, persona), cell in zip(GROUPS, cells, strict=True):
            status = LETTER[cell]
            rule_ids = [] if status == N else [f"r{code}-{group}"]
            yield pytest.param(persona, code, status, rule_ids, id=f"{code}-{group}")


@pytest.mark.parametrize(("answers", "region", "status", "rule_ids"), list(_regional_cases()))
def test_it_applies_each_regional_extension_today(answers, region, status, rule_ids):
    decision = decide(answers, region, CURRENT, [], TODAY)
    assert (decision.status, decision.rule_ids) == (status, rule_ids)


# (persona, region, rule set, date) -> (status, deciding rule ids)
TABLE = [
    # The three province-wide criteria hold in every region.
    ("ei-montreal", EI, "06", "current", TODAY, E, ["qc-employment-insurance"]),
    ("ei-laval", EI, "13", "current", TODAY, E, ["qc-employment-insurance"]),
    ("ei-nord", EI, "10", "current", TODAY, E, ["qc-employment-insurance"]),
    ("welfare-mauricie", WELFARE, "04", "current", TODAY, E, ["qc-social-assistance"]),
    ("welfare-gaspesie", WELFARE, "11", "current", TODAY, E, ["qc-social-assistance"]),
    ("jobless-laval", JOBLESS, "13", "current", TODAY, E, ["qc-no-job-no-support"]),
    ("jobless-estrie", JOBLESS, "05", "current", TODAY, E, ["qc-no-job-no-support"]),
    # A skipped status: the province-wide criterion may apply, so ask; never a wrong refusal.
    ("jobless-status-skipped-laval", JOBLESS_STATUS_SKIPPED, "13", "current", TODAY, C, ["qc-no-job-no-support"]),
    (
        "jobless-status-skipped-montreal",
        JOBLESS_STATUS_SKIPPED,
        "06",
        "current",
        TODAY,
        C,
        ["qc-no-job-no-support", "r06-non-pr"],
    ),
    # Nothing answered: every rule is undecided -> to confirm, in every region.
    (
        "nothing-laval",
        NOTHING,
        "13",
        "current",
        TODAY,
        C,
        ["qc-employment-insurance", "qc-social-assistance", "qc-no-job-no-support"],
    ),
    # Self-employed people count as people with a job.
    ("self-employed-outaouais", SELF_EMPLOYED, "07", "current", TODAY, E, ["r07-employed"]),
    ("self-employed-laval", SELF_EMPLOYED, "13", "current", TODAY, N, []),
    # Refugee claimants are covered by the same extension as temporary residents.
    ("claimant-montreal", CLAIMANT, "06", "current", TODAY, E, ["r06-non-pr"]),
    ("claimant-laurentides", CLAIMANT, "15", "current", TODAY, N, []),
    # Students with no other criterion are not covered anywhere today.
    ("student-cote-nord", STUDENT, "09", "current", TODAY, N, []),
    # Dated rules: Laval's precarious-worker pilot ended on 2025-03-31.
    ("precarious-laval-during-pilot", PRECARIOUS, "13", "current", dt.date(2025, 1, 15), C, ["r13-precarious-pilot"]),
    ("precarious-laval-last-day", PRECARIOUS, "13", "current", dt.date(2025, 3, 31), C, ["r13-precarious-pilot"]),
    ("precarious-laval-after-pilot", PRECARIOUS, "13", "current", dt.date(2025, 4, 1), N, []),
    # Mauricie accepts career changers from 2027-04-01.
    ("career-mauricie-before", CAREER, "04", "current", dt.date(2027, 3, 31), N, []),
    ("career-mauricie-from", CAREER, "04", "current", dt.date(2027, 4, 1), E, ["r04-career-from-2027"]),
    # Before the rule set starts nothing applies.
    ("ei-before-rule-set", EI, "06", "current", dt.date(2024, 3, 31), N, []),
    # Universal access: anyone who asks, everywhere.
    ("universal-employed-laval", EMPLOYED, "13", "universal", TODAY, E, ["universal-anyone"]),
    ("universal-student", STUDENT, "09", "universal", TODAY, E, ["universal-anyone"]),
    ("universal-nothing", NOTHING, "04", "universal", TODAY, E, ["universal-anyone"]),
    ("universal-temporary", TEMPORARY, "15", "universal", TODAY, E, ["universal-anyone"]),
    ("universal-future", PRECARIOUS, "13", "universal", dt.date(2030, 1, 1), E, ["universal-anyone"]),
]


@pytest.mark.parametrize(
    ("answers", "region", "rule_set", "on_date", "status", "rule_ids"),
    [pytest.param(*row[1:], id=row[0]) for row in TABLE],
)
def test_it_decides_as_the_table_says(answers, region, rule_set, on_date, status, rule_ids):
    rules = CURRENT if rule_set == "current" else UNIVERSAL
    decision = decide(answers, region, rules, [], on_date)
    assert (decision.status, decision.rule_ids) == (status, rule_ids)


def test_it_covers_every_rule_of_the_file():
    covered = {rule_id for case in TABLE for rule_id in case[-1]}
    covered |= {f"r{line.split()[0]}-{g}" for line in REGIONAL.strip().splitlines() for g, _ in GROUPS}
    assert {r.id for r in CURRENT + UNIVERSAL} <= covered


def test_it_has_at_least_sixty_cases():
    assert len(TABLE) + len(list(_regional_cases())) >= 60


YOUTH = MandateData("youth-16-35", {"age": {"min": 16, "max": 35}}, "Youth 16–35")


@pytest.mark.parametrize(
    ("answers", "status", "rule_ids"),
    [
        pytest.param(
            Answers(age_range="18_24", income_support=("employment_insurance",)),
            E,
            ["qc-employment-insurance"],
            id="inside",
        ),
        pytest.param(
            Answers(age_range="50_64", income_support=("employment_insurance",)), N, ["youth-16-35"], id="outside"
        ),
        pytest.param(
            Answers(income_support=("employment_insurance",)),
            C,
            ["qc-employment-insurance", "youth-16-35"],
            id="age-skipped",
        ),
        pytest.param(
            Answers(age=35, income_support=("employment_insurance",)),
            E,
            ["qc-employment-insurance"],
            id="exact-age-at-limit",
        ),
        pytest.param(
            Answers(age=36, income_support=("employment_insurance",)), N, ["youth-16-35"], id="exact-age-over"
        ),
    ],
)
def test_it_applies_a_service_mandate(answers, status, rule_ids):
    decision = decide(answers, "06", CURRENT, [YOUTH], TODAY)
    assert (decision.status, decision.rule_ids) == (status, rule_ids)


def test_it_explains_the_decision_and_the_next_steps():
    decision = decide(EMPLOYED, "13", CURRENT, [], TODAY)
    assert decision.reasons and decision.next_steps
    assert {c.id for c in decision.checks} >= {"qc-employment-insurance", "qc-no-job-no-support"}
    both = decide_both(EMPLOYED, "13", CURRENT, UNIVERSAL, [], TODAY)
    assert (both.current.status, both.universal.status) == (N, E)


@pytest.mark.parametrize(
    ("answers", "field", "code"),
    [
        (Answers(age=250), "age", "age_out_of_range"),
        (Answers(age=-1), "age", "age_out_of_range"),
        (Answers(age=40, age_range="18_24"), "age", "age_mismatch"),
        (Answers(employment=("employed", "no_job")), "employment", "contradiction"),
        (Answers(employment=("precarious", "no_job")), "employment", "contradiction"),
        (Answers(income_support=("none", "social_assistance")), "income_support", "contradiction"),
        (Answers(employment=("astronaut",)), "employment", "unknown_choice"),
        (Answers(status="martian"), "status", "unknown_choice"),
        (Answers(age_range="200_300"), "age_range", "unknown_choice"),
    ],
)
def test_it_refuses_impossible_answers_with_a_message(answers, field, code):
    errors = validate_answers(answers)
    assert [(e.field, e.code) for e in errors] == [(field, code)]
    assert errors[0].message


def test_it_accepts_plausible_combinations():
    assert validate_answers(Answers(employment=("employed", "student"), income_support=("employment_insurance",))) == []
    assert validate_answers(Answers(age=35, age_range="25_35")) == []


@pytest.mark.parametrize(
    "condition",
    [
        [],
        {"income": ["employment_insurance"]},
        {"income_support": "employment_insurance"},
        {"income_support": []},
        {"income_support": ["lottery"]},
        {"career_change": ["yes"]},
        {"age": {"min": 40, "max": 20}},
        {"age": {"min": -3}},
        {"age": {"from": 3}},
    ],
)
def test_it_explains_what_is_wrong_with_a_condition(condition):
    assert validate_condition(condition)


# ---- Properties ---------------------------------------------------------------------------------------------------

answers_st = st.builds(
    Answers,
    age_range=st.none() | st.sampled_from(sorted(AGE_RANGES)),
    employment=st.lists(st.sampled_from(EMPLOYMENT), max_size=2, unique=True).map(tuple),
    income_support=st.lists(st.sampled_from(INCOME_SUPPORT), max_size=2, unique=True).map(tuple),
    status=st.none() | st.sampled_from(STATUS),
    career_change=st.none() | st.booleans(),
    disability=st.none() | st.booleans(),
)
regions_st = st.sampled_from(REGION_CODES)
dates_st = st.dates(min_value=dt.date(2024, 4, 1), max_value=dt.date(2035, 12, 31))
condition_st = st.fixed_dictionaries(
    {},
    optional={
        "employment": st.lists(st.sampled_from(EMPLOYMENT), min_size=1, unique=True),
        "income_support": st.lists(st.sampled_from(INCOME_SUPPORT), min_size=1, unique=True),
        "status": st.lists(st.sampled_from(STATUS), min_size=1, unique=True),
        "career_change": st.lists(st.booleans(), min_size=1, unique=True),
        "age": st.tuples(st.integers(0, 120), st.integers(0, 120)).map(lambda t: {"min": min(t), "max": max(t)}),
    },
)
rule_st = st.builds(
    RuleData,
    id=st.uuids().map(str),
    condition=condition_st,
    outcome=st.sampled_from([E, C]),
    region=st.none() | regions_st,
)
RANK = {N: 0, C: 1, E: 2}


@settings(max_examples=300)
@given(answers_st, regions_st, dates_st)
def test_it_is_deterministic(answers, region, on_date):
    assert decide(answers, region, CURRENT, [], on_date) == decide(answers, region, CURRENT, [], on_date)


@settings(max_examples=300)
@given(answers_st, regions_st, dates_st)
def test_it_never_refuses_anyone_under_universal_access(answers, region, on_date):
    assert decide(answers, region, UNIVERSAL, [], on_date).status == E


@settings(max_examples=300)
@given(answers_st, regions_st, dates_st, st.lists(rule_st, max_size=6), rule_st)
def test_it_never_removes_access_when_a_granting_rule_is_added(answers, region, on_date, rules, extra):
    base = CURRENT + rules
    before = decide(answers, region, base, [], on_date)
    after = decide(answers, region, [*base, extra], [], on_date)
    assert RANK[after.status] >= RANK[before.status]


@settings(max_examples=300)
@given(answers_st, answers_st, regions_st)
def test_it_never_refuses_because_an_answer_was_skipped(partial, filler, region):
    complete = Answers(
        age_range=partial.age_range or filler.age_range,
        employment=partial.employment or filler.employment,
        income_support=partial.income_support or filler.income_support,
        status=partial.status or filler.status,
        career_change=partial.career_change if partial.career_change is not None else filler.career_change,
    )
    if decide(complete, region, CURRENT, [], TODAY).status != N:
        assert decide(partial, region, CURRENT, [], TODAY).status != N


mandate_st = st.builds(MandateData, id=st.uuids().map(str), condition=condition_st, label=st.just("Mandate"))


@settings(max_examples=300)
@given(answers_st, regions_st, dates_st, st.lists(mandate_st, max_size=3))
def test_mandates_applied_after_the_region_decide_as_mandates_given_at_once(answers, region, on_date, mandates):
    """The finder decides each region once, then applies each service's mandates (eligibility/finder.py)."""
    region_only = decide_both(answers, region, CURRENT, UNIVERSAL, [], on_date)
    at_once = decide_both(answers, region, CURRENT, UNIVERSAL, mandates, on_date)
    assert with_mandates(region_only, answers, mandates, on_date) == at_once
