from django import template

from eligibility.regions import STATUS_LABELS, STATUS_SHORT

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


@register.filter
def status_short(status: str) -> str:
    return STATUS_SHORT.get(status, status)


@register.filter
def decision_for(decisions: dict | None, key):
    """{{ decisions|decision_for:sal.pk }} in the finder's result loop."""
    return (decisions or {}).get(key)
