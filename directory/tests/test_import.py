"""Importing a directory file: valid organisations are saved, rejected ones reported, a re-import changes nothing."""

import json

from django.core.management import call_command
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.importer import directory_import
from directory.models import (
    Address,
    Clientele,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceKind,
)
from tests.fixtures.directory import import_data, organization_raw


def test_it_imports_a_valid_organisation_with_everything_under_it(directory_ready):
    report = directory_import(import_data(organization_raw()))
    assert (report.created, report.updated, report.unchanged, report.rejected) == (1, 0, 0, [])
    org = Organization.objects.get(slug="horizon-test")
    assert org.is_sample
    service = org.services.get()
    assert sorted(service.clienteles.values_list("slug", flat=True)) == ["general-public", "youth"]
    assert service.service_areas.get().region_id == "01"
    location = org.locations.get()
    assert (location.municipality_id, location.region_id) == ("99001", "01")
    assert location.addresses.get().postal_code == "G5L 1A1"
    assert location.phones.get().number == "+14185550101"
    assert location.schedules.count() == 5
    assert org.phones.get().number == "+14185550100"


def test_it_copies_coordinates_and_region_to_the_service_point(directory_ready):
    directory_import(import_data(organization_raw()))
    point = ServiceAtLocation.objects.get(service__organization__slug="horizon-test")
    assert (point.latitude, point.longitude, point.region_id) == (48.45, -68.52, "01")


def test_it_stores_both_languages(directory_ready):
    directory_import(import_data(organization_raw(name={"fr": "Horizon essai", "en": "Horizon Trial"})))
    org = Organization.objects.get(slug="horizon-test")
    with translation.override("fr"):
        assert org.name == "Horizon essai"
    with translation.override("en"):
        assert org.name == "Horizon Trial"


def test_it_falls_back_to_french_when_english_is_missing(directory_ready):
    directory_import(import_data(organization_raw(name={"fr": "Horizon seulement"})))
    with translation.override("en"):
        assert Organization.objects.get(slug="horizon-test").name == "Horizon seulement"


def test_a_second_import_changes_nothing(directory_ready):
    data = import_data(organization_raw())
    directory_import(data)
    org = Organization.objects.get(slug="horizon-test")
    before = (org.updated_at, list(ServiceAtLocation.objects.values_list("pk", flat=True)), Phone.objects.count())
    report = directory_import(data)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    org.refresh_from_db()
    assert (
        org.updated_at,
        list(ServiceAtLocation.objects.values_list("pk", flat=True)),
        Phone.objects.count(),
    ) == before


def test_a_changed_record_replaces_its_details_and_keeps_ids(directory_ready):
    raw = organization_raw()
    directory_import(import_data(raw))
    point_id = ServiceAtLocation.objects.get(service__organization__slug="horizon-test").pk
    raw["locations"][0]["schedules"] = [{"byday": "SA", "opens_at": "10:00", "closes_at": "12:00"}]
    raw["locations"][0]["phones"] = []
    raw["locations"].append({**raw["locations"][0], "slug": "annexe", "phones": [{"number": "418 555 0102"}]})
    raw["service_at_locations"].append({"service": "recherche", "location": "annexe"})
    report = directory_import(import_data(raw))
    assert report.updated == 1
    org = Organization.objects.get(slug="horizon-test")
    assert org.locations.count() == 2
    siege = Schedule.objects.filter(location__organization=org, location__slug="siege")
    assert list(siege.values_list("byday", flat=True)) == ["SA"]
    assert ServiceAtLocation.objects.filter(pk=point_id).exists()
    assert Phone.objects.filter(location__organization=org).count() == 1
    # Dropping the annex removes it and its service point.
    raw["locations"].pop()
    raw["service_at_locations"].pop()
    directory_import(import_data(raw))
    assert list(org.locations.values_list("slug", flat=True)) == ["siege"]
    assert ServiceAtLocation.objects.filter(service__organization=org).count() == 1
    assert Address.objects.filter(location__organization=org).count() == 1


def test_it_imports_valid_records_and_reports_each_rejected_one(directory_ready):
    bad_place = organization_raw(slug="mauvais-lieu")
    bad_place["locations"][0]["municipality"] = "Atlantide"
    report = directory_import(
        import_data(organization_raw(), bad_place, "not an object", organization_raw(), organization_raw(slug="autre"))
    )
    assert report.total == 5
    assert report.created == 2
    assert [(r.index, r.slug) for r in report.rejected] == [(1, "mauvais-lieu"), (2, ""), (3, "horizon-test")]
    assert "unknown municipality “Atlantide”" in report.rejected[0].reasons[0]
    assert "already uses this identifier" in report.rejected[2].reasons[0]
    assert Organization.objects.filter(slug__in=["horizon-test", "autre"]).count() == 2


def test_a_dry_run_saves_nothing(directory_ready):
    report = directory_import(import_data(organization_raw()), dry_run=True)
    assert report.created == 1
    assert not Organization.objects.filter(slug="horizon-test").exists()


def test_unknown_taxonomy_is_rejected_until_it_is_loaded(directory_places):
    # The session's reference data may have loaded the taxonomy into this database: start without it.
    Clientele.objects.all().delete()
    ServiceKind.objects.all().delete()
    report = directory_import(import_data(organization_raw()))
    assert report.rejected and "unknown clientèle" in " ".join(report.rejected[0].reasons)


def test_the_command_reports_rejections_and_counts(directory_ready, tmp_path, capsys):
    bad = organization_raw(slug="mauvais")
    bad["services"][0]["clienteles"] = ["aliens"]
    path = tmp_path / "directory.json"
    path.write_text(json.dumps(import_data(organization_raw(), bad)), encoding="utf-8")
    call_command("import_directory", str(path))
    out, err = capsys.readouterr()
    assert "2 organisations read: 1 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert "Rejected organisation #1 “mauvais”" in err
    assert "unknown clientèle “aliens”" in err


def test_the_command_refuses_a_file_that_is_not_an_import_file(directory_ready, tmp_path):
    import pytest
    from django.core.management.base import CommandError

    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_directory", str(path))
    path.write_text(json.dumps({"organizations": []}), encoding="utf-8")
    with pytest.raises(CommandError, match="not a directory import file"):
        call_command("import_directory", str(path))


def test_reasons_are_translated_into_french(directory_ready):
    bad = organization_raw()
    bad["locations"][0]["municipality"] = "Atlantide"
    with translation.override("fr"):
        report = directory_import(import_data(bad))
    assert "municipalité inconnue «\u00a0Atlantide\u00a0»" in report.rejected[0].reasons[0]


def test_the_sample_directory_imports_without_rejection(geography_data, directory_taxonomy):
    from directory.importer import import_file_read
    from directory.sample import SAMPLE_PATH

    Organization.objects.filter(is_sample=True).delete()
    report = directory_import(import_file_read(SAMPLE_PATH))
    assert report.rejected == []
    assert report.created == report.total >= 100
    assert Service.objects.filter(organization__is_sample=True).exists()
    assert Location.objects.filter(organization__is_sample=True).values("region").distinct().count() == 17
    assert directory_import(import_file_read(SAMPLE_PATH)).unchanged == report.total


def test_a_record_the_database_refuses_is_reported_and_the_others_saved(directory_ready, monkeypatch):
    from django.db import IntegrityError

    from directory import importer

    real = importer.organizations_create

    def refusing(records):
        if any(r.slug == "boom" for r in records):
            raise IntegrityError("simulated")
        real(records)

    monkeypatch.setattr(importer, "organizations_create", refusing)
    report = directory_import(import_data(organization_raw(), organization_raw(slug="boom")))
    assert report.created == 1
    assert [(r.index, r.slug) for r in report.rejected] == [(1, "boom")]
    assert "the database refused it: simulated" in report.rejected[0].reasons[0]
    assert Organization.objects.filter(slug="horizon-test").exists()
    assert not Organization.objects.filter(slug="boom").exists()


CORRUPTIONS = st.sampled_from(["name", "services", "locations", "phones", "slug", "service_at_locations", "email"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    field=CORRUPTIONS,
    value=st.one_of(st.none(), st.integers(), st.text(max_size=30), st.lists(st.text(max_size=5), max_size=3)),
)
def test_an_import_never_crashes_and_accounts_for_every_record(directory_ready, field, value):
    bad = organization_raw(slug="corrupted")
    bad[field] = value
    report = directory_import(import_data(organization_raw(), bad))
    assert report.created + report.updated + report.unchanged + len(report.rejected) == 2
    for rejection in report.rejected:
        assert rejection.reasons and all(isinstance(r, str) for r in rejection.reasons)
