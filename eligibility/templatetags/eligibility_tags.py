from urllib.parse import quote

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


@register.inclusion_tag("eligibility/_profile_panel.html", takes_context=True)
def eligibility_profile_panel(context):
    """{% eligibility_profile_panel %}: the visitor's answers (from the session) with links to change or forget
    them, or an invitation to answer; returns to the current page afterwards."""
    from eligibility.forms import profile_summary
    from eligibility.profile import profile_from_session

    request = context["request"]
    profile = profile_from_session(request)
    next_path = request.get_full_path()
    # A kept page (speed/shells.py) gives the address as one of its holes, already encoded.
    next_query = context.get("profile_panel_next_query") or quote(next_path, safe="/")
    return {"summary": profile_summary(profile), "has_profile": profile is not None, "next": next_path,
            "next_query": next_query, "csrf_token": context.get("csrf_token")}  # fmt: skip
