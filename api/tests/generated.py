"""Run schemathesis-generated requests against the API in process (used by the test suite and bench/api_fuzz.py).

Checks: no 5xx, the status is documented, the content type and the body match the published schema, and invalid
input (negative mode) is refused with a 4xx. "Valid data must get a 2xx" is not checked: a well-formed request
for a place that does not exist rightly gets a 400.
"""

from collections import Counter
from dataclasses import dataclass, field

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@dataclass
class Outcome:
    cases: Counter = field(default_factory=Counter)  # (operation, mode) -> count
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def load_schema():
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())


def _checker(operation, mode, outcome: Outcome, max_examples: int, stop_on_failure: bool, seed: int | None):
    label = f"{operation.label} ({mode.value})"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=seed is not None,
    )
    def check(case):
        outcome.cases[label] += 1
        try:
            response = case.call_and_validate(checks=CHECKS)
        except Exception as error:
            if stop_on_failure:
                raise
            outcome.failures.append(f"{label}: {type(error).__name__}: {str(error)[:400]}")
        else:
            outcome.statuses[response.status_code] += 1

    return check


def run_generated_cases(max_examples: int, *, stop_on_failure: bool = True, seed: int | None = 1) -> Outcome:
    """Generate up to max_examples cases per operation and mode; raise on the first failure unless told not to."""
    outcome = Outcome()
    for result in load_schema().get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _checker(operation, mode, outcome, max_examples, stop_on_failure, seed)()
    return outcome
