"""ServiceAtLocation.clientele_mask always equals the OR of its service's clientèles' bits, whoever wrote them."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.clientele_mask import masks_refresh
from directory.models import MAX_CLIENTELES, Clientele, ServiceAtLocation
from finder.search import SearchParams, search
from tests.fixtures.finder import PointFactory

pytestmark = pytest.mark.django_db


def expected_mask(point: ServiceAtLocation) -> int:
    mask = 0
    for bit in point.service.clienteles.values_list("bit", flat=True):
        mask |= 1 << bit
    return mask


def stored_mask(point: ServiceAtLocation) -> int:
    return ServiceAtLocation.objects.values_list("clientele_mask", flat=True).get(pk=point.pk)


def assert_every_mask_right() -> None:
    for point in ServiceAtLocation.objects.select_related("service"):
        assert point.clientele_mask == expected_mask(point), point


def test_it_gives_each_clientele_its_own_bit_and_reuses_a_freed_one():
    Clientele.objects.all().delete()
    first = Clientele.objects.create(slug="a", name="A")
    second = Clientele.objects.create(slug="b", name="B")
    assert (first.bit, second.bit) == (0, 1)
    first.delete()
    assert Clientele.objects.create(slug="c", name="C").bit == 0


def test_it_refuses_a_clientele_beyond_the_last_bit_with_a_clear_reason():
    Clientele.objects.all().delete()
    Clientele.objects.bulk_create(Clientele(slug=f"c{bit}", name=f"C{bit}", bit=bit) for bit in range(MAX_CLIENTELES))
    extra = Clientele(slug="one-too-many", name="One too many")
    with pytest.raises(ValidationError, match="at most 63"):
        extra.full_clean()


def test_it_follows_the_orms_writes(make_point):
    point = make_point(46.8, -71.2, clienteles=("youth",))
    make_point(46.9, -71.2, clienteles=("women",))
    youth, women = Clientele.objects.get(slug="youth"), Clientele.objects.get(slug="women")
    assert stored_mask(point) == 1 << youth.bit
    point.service.clienteles.add(women)
    assert stored_mask(point) == (1 << youth.bit) | (1 << women.bit)
    point.service.clienteles.remove(youth)
    assert stored_mask(point) == 1 << women.bit
    women.services.remove(point.service)  # from the clientèle's side
    assert stored_mask(point) == 0
    youth.services.add(point.service)
    assert stored_mask(point) == 1 << youth.bit
    point.service.clienteles.clear()
    assert stored_mask(point) == 0


def test_it_gives_a_new_point_its_services_clienteles(make_point):
    point = make_point(46.8, -71.2, clienteles=("youth", "women"))
    other = ServiceAtLocation.objects.create(
        service=point.service,
        location=make_point(46.9, -71.3).location,
        latitude=46.9,
        longitude=-71.3,
        region=point.region,
    )
    assert stored_mask(other) == stored_mask(point) != 0


def test_it_takes_a_deleted_clienteles_bit_out_of_every_mask(make_point):
    point = make_point(46.8, -71.2, clienteles=("youth", "women"))
    Clientele.objects.get(slug="women").delete()
    assert stored_mask(point) == 1 << Clientele.objects.get(slug="youth").bit


def test_it_recomputes_masks_written_around_the_orm(make_point):
    point = make_point(46.8, -71.2, clienteles=("youth",))
    ServiceAtLocation.objects.filter(pk=point.pk).update(clientele_mask=0)
    assert masks_refresh([point.service_id]) == 1
    assert stored_mask(point) == expected_mask(point)


def test_the_generated_directory_has_right_masks(directory_taxonomy, directory_places):
    from directory.generate import generate_service_points

    generate_service_points(40, seed=3)
    assert_every_mask_right()


SLUGS = ["general-public", "youth", "women", "immigrants", "disability"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    served=st.lists(st.sets(st.sampled_from(SLUGS), max_size=3), min_size=1, max_size=6),
    wanted=st.sets(st.sampled_from(SLUGS[1:]), min_size=1, max_size=2),
)
def test_the_search_matches_a_plain_reading_of_the_clienteles(served, wanted):
    """Whatever clientèles the services serve, the filter returns exactly the points a plain reading would."""
    ServiceAtLocation.objects.update(is_active=False)  # examples share the test's transaction
    factory = PointFactory()
    points = [factory(46.8 + index / 100, -71.2, clienteles=tuple(slugs)) for index, slugs in enumerate(served)]
    hits, total = search(SearchParams(latitude=46.8, longitude=-71.2, clienteles=tuple(wanted)))
    expected = {point.pk for point, slugs in zip(points, served, strict=True) if slugs & (wanted | {"general-public"})}
    assert {hit.service_point_id for hit in hits} == expected
    assert total == len(expected)


def test_an_import_and_a_re_import_leave_right_masks(directory_ready):
    from directory.importer import directory_import
    from tests.fixtures.directory import import_data, organization_raw

    raw = organization_raw()
    directory_import(import_data(raw))
    assert_every_mask_right()
    assert ServiceAtLocation.objects.filter(service__organization__slug="horizon-test", clientele_mask=0).count() == 0
    raw["services"][0]["clienteles"] = ["women"]
    directory_import(import_data(raw))
    point = ServiceAtLocation.objects.get(service__organization__slug="horizon-test")
    assert stored_mask(point) == 1 << Clientele.objects.get(slug="women").bit
