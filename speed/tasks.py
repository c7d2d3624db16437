from django.tasks import task


@task
def drain_events() -> int:
    """Write the anonymous events queued in Redis (speed/events.py)."""
    from .events import drain

    return drain()
