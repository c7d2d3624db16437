"""The load-and-faults bench's pure helpers: parsing the pages it reads, classifying answers, measuring recovery."""

import math
from http.client import RemoteDisconnected

from bench.load_faults import (
    Record,
    acknowledged_reference,
    cluster_command,
    cookies_from,
    error_outcome,
    first_success_after,
    hidden_inputs,
    overlaps,
    status_outcome,
    success_back_after,
    throughput_back_after,
)

FORM = """<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="a&amp;b">
<input type="hidden" name="token" value="0123456789abcdef0123456789abcdef" id="id_token">
<input type="text" name="homepage" value=""></form>"""


def test_it_reads_the_hidden_fields_of_the_contact_form():
    assert hidden_inputs(FORM) == {"csrfmiddlewaretoken": "a&b", "token": "0123456789abcdef0123456789abcdef"}


def test_it_reads_the_reference_on_the_acknowledgement_page():
    assert acknowledged_reference('<p class="reference" id="reference">TTX-7K3M-Q9PD</p>') == "TTX-7K3M-Q9PD"
    assert acknowledged_reference("<p>Erreur</p>") == ""


def test_it_keeps_the_cookies_a_response_sets():
    headers = [("Set-Cookie", "csrftoken=abc; Path=/; SameSite=Lax"), ("Content-Type", "text/html")]
    assert cookies_from(headers) == {"csrftoken": "abc"}


def test_it_classifies_answers_and_errors():
    assert status_outcome("submit", 302) == "ok"
    assert status_outcome("submit", 200) == "unexpected"  # the form came back with errors
    assert status_outcome("page", 503) == "5xx"
    assert status_outcome("api", 429) == "4xx"
    assert error_outcome(ConnectionRefusedError()) == "refused"
    assert error_outcome(RemoteDisconnected()) == "reset"
    assert error_outcome(TimeoutError()) == "timeout"


def test_a_request_counts_in_a_window_when_in_flight_during_it():
    window = (10.0, 12.0)
    assert overlaps(Record(9.0, 10.5, "api", "5xx"), window)
    assert overlaps(Record(11.9, 13.0, "api", "5xx"), window)
    assert not overlaps(Record(12.1, 13.0, "api", "5xx"), window)
    assert not overlaps(Record(9.0, 10.5, "api", "5xx"), None)


def run_with_outage() -> list[Record]:
    """Ten requests per second, failing from 10.0 to 12.0 s."""
    records = []
    for tenth in range(200):
        start = tenth / 10
        outcome = "5xx" if 10.0 <= start < 12.0 else "ok"
        records.append(Record(start, start + 0.05, "api", outcome, 500 if outcome == "5xx" else 200))
    return records


def test_recovery_is_measured_from_the_fault():
    records = run_with_outage()
    assert math.isclose(first_success_after(records, "api", 10.0), 2.05)
    assert success_back_after(records, 10.0, 20.0) == 2.0
    assert math.isclose(throughput_back_after(records, 10.0, 20.0), 2.8, abs_tol=0.05)  # 8 of 10 per second
    assert math.isnan(first_success_after(records, "submit", 10.0))


def test_recovery_never_comes_when_errors_last_until_the_end():
    records = [Record(t / 10, t / 10 + 0.05, "api", "5xx") for t in range(100, 200)]
    assert math.isnan(success_back_after(records, 10.0, 20.0))


def test_it_finds_the_cluster_on_the_port():
    listed = "15  main    5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log\n"
    assert cluster_command(listed, 5432, "restart") == ["pg_ctlcluster", "15", "main", "restart"]
    assert cluster_command(listed, 5433, "restart") is None
