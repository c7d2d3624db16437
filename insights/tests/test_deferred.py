"""Recording waits for the response to be sent, and a failing task never breaks anything."""

import pytest

from insights.deferred import after_response, open_request, run_pending


@pytest.fixture(autouse=True)
def _no_request_in_progress():
    """An earlier test's request may have ended in an exception before request_finished: start clean."""
    run_pending()
    yield
    run_pending()


def test_it_runs_a_task_at_once_outside_a_request():
    done = []
    after_response(lambda: done.append(1))
    assert done == [1]


def test_it_runs_tasks_only_when_the_response_is_finished():
    done = []
    open_request()
    after_response(lambda: done.append("a"))
    after_response(lambda: done.append("b"))
    assert done == []
    run_pending()
    assert done == ["a", "b"]
    run_pending()  # nothing twice
    assert done == ["a", "b"]


def test_it_keeps_going_when_a_task_fails():
    done = []
    open_request()
    after_response(lambda: 1 / 0)
    after_response(lambda: done.append("after"))
    run_pending()
    assert done == ["after"]
