"""HSDS 3.0 export: every record of the sample directory validates against the official compiled schemas made
strict (additionalProperties forbidden), in French and in English."""

import json

import pytest
from django.core.management import call_command

from directory.hsds import schemas
from directory.hsds.export import organizations_stream
from directory.importer import directory_import
from directory.models import Organization, Service, ServiceAtLocation
from tests.fixtures.directory import import_data, organization_raw


def _walk(node):
    if isinstance(node, dict):
        for value in node.values():
            yield value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield value
            yield from _walk(value)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_exports_the_whole_sample_directory_valid_against_the_compiled_schema(reference_data, db, lang):
    records = list(organizations_stream(lang))
    assert len(records) == Organization.objects.count() >= 100
    invalid = {record["id"]: schemas.problems("organization", record) for record in records}
    assert {key: value for key, value in invalid.items() if value} == {}
    services = [s for record in records for s in record.get("services", [])]
    points = [p for s in services for p in s.get("service_at_locations", [])]
    assert len(services) == Service.objects.count()
    assert len(points) == ServiceAtLocation.objects.count()
    # Empty values are omitted, never sent as "".
    assert "" not in list(_walk(records))


def test_the_strict_schema_refuses_an_unknown_property_and_a_missing_id(reference_data, db):
    record = next(organizations_stream("fr"))
    assert schemas.problems("organization", record) == []
    record["services"][0]["slug"] = "not-hsds"
    assert any("slug" in p for p in schemas.problems("organization", record))
    del record["id"]
    assert any('"id" is a required property' in p for p in schemas.problems("organization", record))


def test_it_exports_text_in_one_language_and_keeps_the_sample_flag(directory_ready):
    raw = organization_raw()
    raw["services"][0]["name"] = {"fr": "Aide à la recherche d'emploi", "en": ""}
    directory_import(import_data(raw))
    org = Organization.objects.get(slug="horizon-test")
    french = next(organizations_stream("fr", organization="horizon-test"))
    english = next(organizations_stream("en", organization=str(org.uuid)))
    assert french["id"] == english["id"] == str(org.uuid)
    assert french["description"] == "Organisme fictif de test."
    assert english["description"] == "Fictional test organisation."
    assert english["services"][0]["name"] == "Aide à la recherche d'emploi"  # no English: French shown
    flags = [a["taxonomy_term"]["code"] for a in french["attributes"]]
    assert flags == ["sample-data"]
    clienteles = {a["taxonomy_term"]["code"] for a in french["services"][0]["attributes"]}
    assert {"general-public", "youth", "job-search"} <= clienteles
    location = french["locations"][0]
    assert location["external_identifier"] == "99001" and location["addresses"][0]["region"] == "01"


def _uuids(org):
    point = ServiceAtLocation.objects.get(service__organization=org)
    return (org.uuid, org.services.get().uuid, org.locations.get().uuid, point.uuid)


def test_uuids_survive_an_edit_and_a_reimport(directory_ready):
    directory_import(import_data(organization_raw()))
    org = Organization.objects.get(slug="horizon-test")
    before = _uuids(org)
    org.name_fr = "Horizon Test modifié"
    org.save()
    changed = organization_raw(description={"fr": "Autre description.", "en": "Other description."})
    assert directory_import(import_data(changed)).updated == 1
    org = Organization.objects.get(slug="horizon-test")
    after = _uuids(org)
    assert after == before


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_the_command_writes_valid_json_and_ndjson_and_filters(directory_ready, tmp_path, fmt):
    directory_import(import_data(organization_raw(), organization_raw(slug="autre")))
    out = tmp_path / f"out.{fmt}"

    def exported(*options: str) -> set[str]:
        call_command("export_hsds", str(out), "--format", fmt, *options, verbosity=0)
        text = out.read_text(encoding="utf-8")
        records = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
        assert all(schemas.problems("organization", r) == [] for r in records)
        return {r["id"] for r in records}

    ids = {slug: str(Organization.objects.get(slug=slug).uuid) for slug in ("horizon-test", "autre")}
    assert set(ids.values()) <= exported()
    assert exported("--organization", "autre") == {ids["autre"]}
    assert exported("--organization", ids["horizon-test"]) == {ids["horizon-test"]}
    assert set(ids.values()) <= exported("--region", "01")
    assert not set(ids.values()) & exported("--region", "07")
