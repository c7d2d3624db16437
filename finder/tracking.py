"""What a finder search leaves in the anonymous event store (insights): coarse facts only, never what was typed."""

from django.http import HttpRequest

from insights.record import search_record
from speed.events import record_later

from .results import Results


def search_event_record(request: HttpRequest, results: Results) -> None:
    """Queue the event: written off the request path, and again on every page-cache hit (speed/events.py)."""
    origin = results.origin
    cards = results.cards or results.nearest
    record_later(
        search_record,
        request,
        region_code=origin.region_code,
        # Only a postal code's or FSA's label starts with its FSA; search_record keeps three characters at most.
        fsa=origin.label if origin.precision in ("postal_code", "fsa") else "",
        clienteles=results.clienteles,
        organization_ids=[card.organization_id for card in cards],
        today_counts=results.status_counts if results.has_profile else None,
        universal_eligible=results.universal_served,
    )
