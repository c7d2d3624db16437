"""HSDS 3.0 import through the shared door: a hand-written publication (every table, every optional field), the
same content in every container (list, page, ndjson, folder, zip, services), the round trip, and bad input."""

import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from directory.hsds import files, reading, schemas
from directory.hsds.export import organizations_stream
from directory.hsds.importing import hsds_import
from directory.models import Location, Organization, Schedule, Service, ServiceAtLocation

from .hsds_publication import LOCATION, LOCATION_2, ORG, POINT_2, SERVICE, publication


def _write(tmp_path, data, name="pub.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _export(org_id=ORG) -> dict:
    return next(organizations_stream("fr", organization=org_id))


def test_it_imports_a_hand_written_publication_with_every_table(directory_ready, tmp_path):
    report = hsds_import(_write(tmp_path, publication()))
    assert report.rejected == [] and report.created == 1, report.rejected
    org = Organization.objects.get(uuid=ORG)
    assert (org.name_fr, org.is_sample, org.is_member) == ("Carrefour Fictif de l'Emploi", True, True)
    service = Service.objects.get(uuid=SERVICE)
    assert service.status == "temporarily closed" and service.assurer == "Personne Vérificatrice"
    assert {c.slug for c in service.clienteles.all()} == {"youth"}
    assert {k.slug for k in service.kinds.all()} == {"job-search"}
    location = Location.objects.get(uuid=LOCATION)
    assert (location.municipality_id, location.region_id) == ("99001", "01")
    # Times with seconds are accepted; one row per day, the first day keeps the HSDS id.
    assert sorted(Schedule.objects.filter(location=location).values_list("byday", "opens_at")) == [
        ("MO", __import__("datetime").time(8, 30)),
        ("TU", __import__("datetime").time(8, 30)),
    ]
    assert ServiceAtLocation.objects.get(uuid=POINT_2).is_active is False
    # Derived and set aside: in the report.
    notes = " ".join(n for a in report.adjusted for n in a.notes)
    assert "coordinates" in notes and "Saint-Exemple" in notes  # LOCATION_2: municipality from coordinates
    assert "seconds dropped" in notes and "not a physical place" in notes and "no physical place" in notes
    assert Location.objects.get(uuid=LOCATION_2).municipality_id == "99003"


def test_what_has_no_column_comes_back_in_the_export(directory_ready, tmp_path):
    hsds_import(_write(tmp_path, publication()))
    exported = _export()
    assert schemas.problems("organization", exported) == []
    for key in ("tax_status", "funding", "contacts", "programs", "organization_identifiers", "metadata"):
        assert exported[key] == publication()[key], key
    service = next(s for s in exported["services"] if s["id"] == SERVICE)
    for key in ("cost_options", "required_documents", "funding", "program", "contacts", "wait_time", "minimum_age"):
        assert service[key] == publication()["services"][0][key], key
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} >= {
        "youth",
        "job-search",
        "verified-by",
        "EMP-1",
    }
    assert any(loc["location_type"] == "virtual" for loc in exported["locations"])
    assert any(s["name"] == "Service en ligne seulement" for s in exported["services"])


def test_export_import_export_is_identical_and_a_second_import_changes_nothing(directory_ready, tmp_path):
    hsds_import(_write(tmp_path, publication()))
    first = files.dumps(_export())
    Organization.objects.filter(uuid=ORG).delete()
    path = _write(tmp_path, json.loads(first), "again.json")
    assert hsds_import(path).created == 1
    assert files.dumps(_export()) == first
    again = hsds_import(path)
    assert (again.unchanged, again.created, again.updated) == (1, 0, 0)
    changed = json.loads(first)
    changed["name"] = "Carrefour Fictif renommé"
    report = hsds_import(_write(tmp_path, changed, "changed.json"))
    assert report.updated == 1 and report.outcomes == {0: "updated"}
    assert Organization.objects.get(uuid=ORG).name_fr == "Carrefour Fictif renommé"
    assert Organization.objects.filter(uuid=ORG).count() == 1


def test_every_container_gives_the_same_directory(directory_ready, tmp_path):
    org = publication()
    services = [{**s, "organization": {k: v for k, v in org.items() if k != "services"}} for s in org["services"]]
    containers = {
        "list.json": json.dumps([org]),
        "page.json": json.dumps({"total_items": 1, "page_number": 1, "contents": [org]}),
        "lines.ndjson": json.dumps(org) + "\n",
        "services.ndjson": "".join(json.dumps(s) + "\n" for s in services),
    }
    results = set()
    for name, text in containers.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        report = hsds_import(tmp_path / name, dry_run=True)
        assert report.rejected == [] and report.created == 1, name
        results.add(name)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(org), encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "pub.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pub/org.json", json.dumps(org))
    for path in (folder, tmp_path / "pub.zip"):
        assert hsds_import(path, dry_run=True).created == 1
    assert not Organization.objects.filter(uuid=ORG).exists()  # dry runs saved nothing


def test_records_outside_quebec_are_reported_not_dropped(directory_ready, tmp_path):
    org = publication()
    org["locations"][2].update(latitude=43.65, longitude=-79.38)  # Toronto
    report = hsds_import(_write(tmp_path, org))
    assert report.created == 0 and len(report.rejected) == 1
    assert any("outside Québec" in reason for reason in report.rejected[0].reasons)
    assert report.rejected[0].slug == ORG


def test_a_malformed_file_or_a_wrong_version_is_refused_whole(directory_ready, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "name": ', encoding="utf-8")
    with pytest.raises(reading.PublicationError, match="not valid JSON"):
        hsds_import(bad)
    with pytest.raises(reading.PublicationError, match="version 2.0"):
        hsds_import(_write(tmp_path, {"version": "2.0", "contents": [publication()]}))
    with pytest.raises(reading.PublicationError, match="import_directory"):
        hsds_import(_write(tmp_path, {"format": "trouve-directory", "version": 1, "organizations": []}))


def test_a_record_that_breaks_the_schema_is_rejected_with_reasons(directory_ready, tmp_path):
    broken = publication(id="not-a-uuid")
    del broken["description"]
    report = hsds_import(
        _write(tmp_path, [broken, publication(id="0b3a7f44-8c3e-4c41-9d7e-6f0f5a1e2c77", services=[])])
    )
    assert [r.index for r in report.rejected][0] == 0
    reasons = " ".join(report.rejected[0].reasons)
    assert "HSDS 3.0 organization schema" in reasons and "description" in reasons and "uuid" in reasons


def test_a_bad_ndjson_line_is_one_rejected_record(directory_ready, tmp_path):
    path = tmp_path / "pub.ndjson"
    path.write_text(json.dumps(publication()) + "\n{broken\n", encoding="utf-8")
    report = hsds_import(path)
    assert report.created == 1 and len(report.rejected) == 1 and "line 2" in report.rejected[0].slug


def test_a_huge_file_is_refused_before_it_is_read(directory_ready, tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # 2 GB, sparse: nothing is written to disk
    with pytest.raises(reading.PublicationError, match="too large"):
        hsds_import(huge)


def test_a_zip_bomb_is_refused(directory_ready, tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("pub.json", b" " * (50 * 1024**2))
    with pytest.raises(reading.PublicationError, match="zip bomb"):
        hsds_import(bomb)


def test_a_ten_megabyte_field_rejects_only_its_record(directory_ready, tmp_path):
    other = publication(id="0b3a7f44-8c3e-4c41-9d7e-6f0f5a1e2c55", description="x" * (10 * 1024**2))
    report = hsds_import(_write(tmp_path, [publication(), other]))
    assert report.created == 1 and [r.index for r in report.rejected] == [1]
    assert "too long" in report.rejected[0].reasons[0]


def test_a_duplicate_uuid_with_different_content_is_rejected(directory_ready, tmp_path):
    twin = publication(name="Un autre nom")
    report = hsds_import(_write(tmp_path, [publication(), twin, publication()]))
    assert report.created == 1 and [r.index for r in report.rejected] == [1]
    assert "already used by record #0 with different content" in report.rejected[0].reasons[0]
    assert Organization.objects.get(uuid=ORG).name_fr == "Carrefour Fictif de l'Emploi"


def test_a_failing_run_writes_nothing(directory_ready, tmp_path, monkeypatch):
    from directory import importer

    def explode(records):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "organizations_create", explode)
    with pytest.raises(RuntimeError):
        hsds_import(_write(tmp_path, publication()))
    assert not Organization.objects.filter(uuid=ORG).exists()


def test_the_command_reports_and_the_dry_run_saves_nothing(directory_ready, tmp_path, capsys):
    path = _write(tmp_path, [publication(), {"id": "bad"}])
    call_command("import_hsds", str(path), "--dry-run", verbosity=2)
    out, err = capsys.readouterr()
    assert "Rejected record #1" in err and "Adjusted record #0" in out and "1 created" in out
    assert not Organization.objects.filter(uuid=ORG).exists()
    with pytest.raises(CommandError):
        call_command("import_hsds", str(path), "--strict", verbosity=0)
    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path / "missing.json"), verbosity=0)
