from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value) -> int:
    """Whole minutes of a timedelta (the lockout cool-off), rounded up; 0 for anything else."""
    if not isinstance(value, timedelta):
        return 0
    return max(1, -(-int(value.total_seconds()) // 60))
