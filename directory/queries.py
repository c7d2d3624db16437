"""Querysets that load a service point with everything shown about it, in a constant number of queries."""

from django.db.models import Prefetch, QuerySet

from .models import Address, Phone, Service, ServiceAtLocation

# Shown in a list of results: who, what, for whom, where, how to reach, when, in which languages, access.
LISTING_PREFETCHES = (
    "service__clienteles",
    "service__kinds",
    "service__languages",
    "service__phones",
    "location__languages",
    "location__schedules",
    "location__accessibility",
    Prefetch("location__addresses", queryset=Address.objects.order_by("address_type", "pk")),
    Prefetch("location__phones", queryset=Phone.objects.order_by("pk")),
)
# The page of one service point adds the service's own hours and areas and the organisation's phones.
DETAIL_PREFETCHES = (
    *LISTING_PREFETCHES,
    "service__schedules",
    "service__service_areas__region",
    "service__organization__phones",
)


def service_points_for_listing() -> QuerySet[ServiceAtLocation]:
    """Active service points of active services, with what a result card shows (filter and order it further)."""
    return (
        ServiceAtLocation.objects.filter(is_active=True, service__status=Service.Status.ACTIVE)
        .select_related("service__organization", "location__municipality", "region")
        .prefetch_related(*LISTING_PREFETCHES)
    )


def service_point_detail_queryset() -> QuerySet[ServiceAtLocation]:
    """Every service point (active or not) with all its details, for the page of one point."""
    return ServiceAtLocation.objects.select_related(
        "service__organization", "location__municipality", "location__region", "region"
    ).prefetch_related(*DETAIL_PREFETCHES)
