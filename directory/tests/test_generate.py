"""The bench's generated directory: fast bulk creation over real municipalities, and a clean delete."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.generate import GeographyMissingError, generate_service_points, generated_delete
from directory.models import Location, Organization, ServiceAtLocation
from geography.models import Municipality


def test_it_creates_exactly_n_service_points_marked_as_generated_samples(directory_taxonomy, directory_places):
    before = ServiceAtLocation.objects.count()
    assert generate_service_points(23, seed=5) == 23
    assert ServiceAtLocation.objects.count() == before + 23
    generated = Organization.objects.filter(slug__startswith="gen-")
    assert generated.count() == 3
    assert all(org.is_sample for org in generated)


def test_points_copy_their_location_and_lie_in_real_municipalities(directory_taxonomy, directory_places):
    generate_service_points(12)
    for point in ServiceAtLocation.objects.filter(service__organization__slug__startswith="gen-").select_related(
        "location__municipality"
    ):
        assert (point.latitude, point.longitude, point.region_id) == (
            point.location.latitude,
            point.location.longitude,
            point.location.region_id,
        )
        assert point.location.municipality.region_id == point.region_id


def test_generating_twice_adds_more_without_slug_clashes(directory_taxonomy, directory_places):
    generate_service_points(10)
    generate_service_points(10)
    assert ServiceAtLocation.objects.filter(service__organization__slug__startswith="gen-").count() == 20


def test_delete_removes_only_generated_organisations(directory_taxonomy, directory_places):
    Organization.objects.create(slug="gen-but-real", name_fr="Réel", is_sample=False)
    generate_service_points(15)
    assert generated_delete() == 2
    assert not Location.objects.filter(organization__slug__startswith="gen-1").exists()
    assert Organization.objects.filter(slug="gen-but-real").exists()


def test_it_needs_the_geography(directory_taxonomy):
    if Municipality.objects.exists():
        pytest.skip("geography already loaded in this session")
    with pytest.raises(GeographyMissingError):
        generate_service_points(5)


def test_the_command_creates_and_deletes(directory_taxonomy, directory_places, capsys):
    call_command("generate_directory", "--service-points", "7")
    assert "Created 7 service points" in capsys.readouterr().out
    call_command("generate_directory", "--delete")
    assert not Organization.objects.filter(slug__startswith="gen-", is_sample=True).exists()
    with pytest.raises(CommandError):
        call_command("generate_directory", "--service-points", "-1")
