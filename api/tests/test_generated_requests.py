"""Schemathesis-generated requests never get a 5xx and every answer matches the published schema.

The long run (>= 1,000 cases) is bench/api_fuzz.py; this one stays small enough for the suite.
"""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from .generated import run_generated_cases


@pytest.fixture
def in_process_wsgi(reference_data, db):
    # A request through the WSGI handler would otherwise close the test's connection (and roll back its data),
    # as Django's own test client also prevents.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_answers_generated_requests_within_the_schema(in_process_wsgi):
    outcome = run_generated_cases(max_examples=15)
    assert sum(outcome.cases.values()) >= 100
    assert not any(status >= 500 for status in outcome.statuses)
