"""Work that waits until the response has been sent: recording an event never delays the page a person waits for.

``request_started`` opens a list for the request; ``after_response(task)`` appends to it; ``request_finished`` (sent
when the server closes the response, after the body went out) runs the tasks. Outside a request, a task runs at once.
The list lives in a context variable of the worker handling the request, never shared between requests or servers.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

logger = logging.getLogger(__name__)
_pending: ContextVar[list[Callable[[], object]] | None] = ContextVar("insights_after_response", default=None)


def after_response(task: Callable[[], object]) -> None:
    pending = _pending.get()
    if pending is None:
        task()
    else:
        pending.append(task)


def open_request(**kwargs) -> None:
    _pending.set([])


def run_pending(**kwargs) -> None:
    pending, _ = _pending.get(), _pending.set(None)
    for task in pending or ():
        try:
            task()
        except Exception:  # an event lost must never break the next request
            logger.exception("deferred insights task failed")
