"""Exporting writes the import format back out: a round trip gives the same listings."""

import json

from django.core.management import call_command

from directory.export import directory_export, organizations_for_export
from directory.importer import directory_import
from directory.models import Organization
from directory.validation import schema_problems
from tests.fixtures.directory import import_data, organization_raw


def snapshot(slug: str) -> dict:
    return directory_export(organizations_for_export().filter(slug=slug))["organizations"][0]


def test_an_exported_organisation_follows_the_schema(directory_ready):
    directory_import(import_data(organization_raw()))
    data = directory_export(organizations_for_export().filter(slug="horizon-test"))
    assert schema_problems(data, None) == []
    assert schema_problems(data["organizations"][0]) == []
    record = data["organizations"][0]
    assert record["locations"][0]["schedules"] == [
        {"byday": "MO,TU,WE,TH,FR", "opens_at": "08:30", "closes_at": "16:30"}
    ]
    assert record["locations"][0]["addresses"][0]["postal_code"] == "G5L 1A1"


def test_export_then_import_gives_the_same_listing(directory_ready):
    directory_import(import_data(organization_raw()))
    before = snapshot("horizon-test")
    Organization.objects.filter(slug="horizon-test").delete()
    report = directory_import(import_data(before))
    assert report.created == 1 and report.rejected == []
    assert snapshot("horizon-test") == before


def test_the_command_writes_a_file_that_imports_cleanly(directory_ready, tmp_path):
    directory_import(import_data(organization_raw(), organization_raw(slug="reel", is_sample=False)))
    path = tmp_path / "export.json"
    call_command("export_directory", str(path), "--without-samples", verbosity=0)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [o["slug"] for o in data["organizations"]] == ["reel"]
    assert directory_import(data, dry_run=True).rejected == []
