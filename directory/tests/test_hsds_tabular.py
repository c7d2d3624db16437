"""The HSDS tabular data package: every CSV row validates against the official tabular schema (strict), and a
package imports to the same directory as the JSON it was made from."""

import csv
import json
import zipfile

import pytest
from django.core.management import call_command

from directory.hsds import files, schemas, tabular
from directory.hsds.export import organizations_stream
from directory.hsds.importing import hsds_import
from directory.models import Organization

from .hsds_publication import ORG, publication


def _rows(folder):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        assert [f["name"] for f in resource["schema"]["fields"]] == tabular.columns(resource["name"])
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield resource["name"], tabular.typed(resource["name"], row)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_csv_row_of_the_sample_package_is_valid(reference_data, db, tmp_path, lang):
    call_command("export_hsds", str(tmp_path / "pkg"), "--format", "datapackage", "--language", lang, verbosity=0)
    counts: dict[str, int] = {}
    invalid = []
    for table, row in _rows(tmp_path / "pkg"):
        counts[table] = counts.get(table, 0) + 1
        invalid += [f"{table} {row.get('id')}: {e.message}" for e in schemas.table_validator(table).iter_errors(row)]
    assert invalid == []
    assert counts["organization"] == Organization.objects.count()
    assert {"service", "location", "service_at_location", "address", "schedule", "attribute", "taxonomy_term"} <= set(
        counts
    )


def test_the_hand_written_publication_as_a_package_is_valid_and_imports_the_same(directory_ready, tmp_path):
    tabular.write_package([publication()], tmp_path / "pkg")
    rows = list(_rows(tmp_path / "pkg"))
    tables = {table for table, _ in rows}
    assert {"contact", "funding", "program", "organization_identifier", "cost_option", "required_document"} <= tables
    assert {"metadata", "taxonomy_term", "taxonomy", "language", "accessibility", "service_area"} <= tables
    for table, row in rows:
        assert [e.message for e in schemas.table_validator(table).iter_errors(row)] == [], table
    assert hsds_import(tmp_path / "pkg").created == 1
    from_package = files.dumps(next(organizations_stream("fr", organization=ORG)))
    Organization.objects.filter(uuid=ORG).delete()
    (tmp_path / "pub.json").write_text(json.dumps(publication()), encoding="utf-8")
    assert hsds_import(tmp_path / "pub.json").created == 1
    assert files.dumps(next(organizations_stream("fr", organization=ORG))) == from_package


def test_a_zipped_package_round_trips_identically(directory_ready, tmp_path):
    (tmp_path / "pub.json").write_text(json.dumps(publication()), encoding="utf-8")
    hsds_import(tmp_path / "pub.json")
    first = files.dumps(next(organizations_stream("fr", organization=ORG)))
    call_command(
        "export_hsds", str(tmp_path / "out.zip"), "--format", "datapackage", "--organization", ORG, verbosity=0
    )
    assert "datapackage.json" in zipfile.ZipFile(tmp_path / "out.zip").namelist()
    Organization.objects.filter(uuid=ORG).delete()
    assert hsds_import(tmp_path / "out.zip").created == 1
    assert files.dumps(next(organizations_stream("fr", organization=ORG))) == first
    assert hsds_import(tmp_path / "out.zip").unchanged == 1
