"""Showing service points costs a fixed number of queries, however many there are."""

from directory.generate import generate_service_points
from directory.importer import directory_import
from directory.queries import service_point_detail_queryset, service_points_for_listing
from tests.fixtures.directory import import_data, organization_raw


def touch(point) -> list:
    """Read everything a result card or a detail page shows."""
    service, location = point.service, point.location
    return [
        service.organization.name,
        service.name,
        point.region.name,
        location.municipality.name,
        [c.name for c in service.clienteles.all()],
        [k.name for k in service.kinds.all()],
        [a.postal_code for a in location.addresses.all()],
        [p.number for p in location.phones.all()],
        [p.number for p in service.phones.all()],
        [s.byday for s in location.schedules.all()],
        [lang.name for lang in location.languages.all()],
        [lang.name for lang in service.languages.all()],
        [a.description for a in location.accessibility.all()],
    ]


def detail_touch(point) -> list:
    return [
        *touch(point),
        [s.byday for s in point.service.schedules.all()],
        [(a.name, a.region and a.region.name) for a in point.service.service_areas.all()],
        [p.number for p in point.service.organization.phones.all()],
        point.location.region.name,
    ]


def orgs_with_points(count: int) -> list[int]:
    directory_import(import_data(*(organization_raw(slug=f"org-{i}") for i in range(count))))
    return list(
        service_points_for_listing().filter(service__organization__slug__startswith="org-").values_list("pk", flat=True)
    )


def test_the_listing_query_count_does_not_grow_with_results(directory_ready, django_assert_num_queries):
    ids = orgs_with_points(20)
    assert len(ids) == 20
    with django_assert_num_queries(10):
        [touch(p) for p in service_points_for_listing().filter(pk__in=ids[:1])]
    with django_assert_num_queries(10):
        [touch(p) for p in service_points_for_listing().filter(pk__in=ids)]


def test_the_detail_query_count_does_not_grow_with_results(directory_ready, django_assert_num_queries):
    ids = orgs_with_points(20)
    with django_assert_num_queries(14):
        [detail_touch(p) for p in service_point_detail_queryset().filter(pk__in=ids[:1])]
    with django_assert_num_queries(14):
        [detail_touch(p) for p in service_point_detail_queryset().filter(pk__in=ids)]


def test_the_listing_hides_inactive_points_and_services(directory_ready):
    raw = organization_raw()
    raw["service_at_locations"][0]["is_active"] = False
    directory_import(
        import_data(
            raw,
            organization_raw(slug="inactive", services=[{**organization_raw()["services"][0], "status": "inactive"}]),
        )
    )
    assert (
        not service_points_for_listing().filter(service__organization__slug__in=["horizon-test", "inactive"]).exists()
    )
    assert service_point_detail_queryset().filter(service__organization__slug="horizon-test").exists()


def test_generated_points_have_everything_a_listing_shows(directory_taxonomy, directory_places):
    assert generate_service_points(25, seed=3) == 25
    points = list(service_points_for_listing().filter(service__organization__slug__startswith="gen-"))
    assert len(points) >= 25
    assert all(touch(p)[6] and touch(p)[9] for p in points)
