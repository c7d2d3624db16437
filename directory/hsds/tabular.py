"""The HSDS 3.0 tabular data package: CSV files (one per table, columns of the official tabular schema) and
`datapackage.json`, written from compiled organisations (streamed) and read back into them."""

import csv
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import schemas

# Where a nested key of a compiled object goes: key -> table.
TABLE_OF_KEY = {
    "phones": "phone",
    "locations": "location",
    "location": "location",
    "services": "service",
    "service_at_locations": "service_at_location",
    "addresses": "address",
    "schedules": "schedule",
    "languages": "language",
    "accessibility": "accessibility",
    "service_areas": "service_area",
    "attributes": "attribute",
    "metadata": "metadata",
    "contacts": "contact",
    "funding": "funding",
    "programs": "program",
    "program": "program",
    "organization_identifiers": "organization_identifier",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "organization": "organization",
}
# Tables whose rows say which record they belong to by (link_id, link_entity) or (resource_id, resource_type).
LINKED = {"attribute": ("link_id", "link_entity"), "metadata": ("resource_id", "resource_type")}


def tables() -> dict[str, dict[str, Any]]:
    """Each table's item schema in the official compiled tabular schema."""
    return {name: value["items"] for name, value in schemas.compiled("tabular")["properties"].items()}


def columns(table: str) -> list[str]:
    return [key for key, prop in tables()[table]["properties"].items() if prop.get("type") != "array"]


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Writer:
    """Writes rows to one CSV per table, each record once (by id)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.handles: dict[str, Any] = {}
        self.writers: dict[str, csv.DictWriter] = {}
        self.seen: dict[str, set[str]] = {}

    def row(self, table: str, values: dict[str, Any]) -> None:
        if table not in self.writers:
            path = tables()[table]["path"]
            self.handles[table] = (self.folder / path).open("w", encoding="utf-8", newline="")
            self.writers[table] = csv.DictWriter(self.handles[table], fieldnames=columns(table), extrasaction="ignore")
            self.writers[table].writeheader()
            self.seen[table] = set()
        ident = str(values.get("id", ""))
        if ident in self.seen[table]:
            return
        self.seen[table].add(ident)
        self.writers[table].writerow({key: _scalar(values.get(key)) for key in columns(table)})

    def walk(self, table: str, obj: dict[str, Any], parent: tuple[str, str] | None = None) -> None:
        values = dict(obj)
        if parent is not None:
            parent_table, parent_id = parent
            if table in LINKED:
                id_key, kind_key = LINKED[table]
                values.setdefault(id_key, parent_id)
                values.setdefault(kind_key, parent_table)
            elif f"{parent_table}_id" in columns(table):
                values.setdefault(f"{parent_table}_id", parent_id)
        self.row(table, values)
        here = (table, str(obj.get("id", "")))
        for key, value in obj.items():
            child = TABLE_OF_KEY.get(key)
            if child is None:
                if key == "taxonomy_term" and isinstance(value, dict):
                    self.walk("taxonomy_term", value)
                elif key == "taxonomy_detail" and isinstance(value, dict):
                    self.walk("taxonomy", value)
                continue
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    self.walk(child, item, here)

    def close(self) -> list[str]:
        for handle in self.handles.values():
            handle.close()
        return sorted(self.handles)


def _descriptor(written: list[str]) -> dict[str, Any]:
    resources = []
    for table in written:
        item = tables()[table]
        fields = []
        for key in columns(table):
            prop = item["properties"][key]
            field = {"name": key, "type": prop.get("type", "string")}
            if prop.get("format") in ("uuid", "email", "uri"):
                field["format"] = prop["format"]
            fields.append(field)
        resources.append(
            {
                "name": table,
                "path": item["path"],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    return {
        "name": "trouve-ton-x-hsds",
        "title": "Trouve ton X — Open Referral HSDS 3.0",
        "profile": "tabular-data-package",
        "version": schemas.HSDS_VERSION,
        "licenses": [{"name": "CC-BY-4.0"}],
        "resources": resources,
    }


def write_package(organizations: Iterable[dict[str, Any]], out: Path, taxonomies: Iterable[dict[str, Any]] = ()) -> int:
    """Write the data package to the folder `out`, or to a zip when `out` ends in .zip. Returns organisations."""
    out = Path(out)
    zipped = out.suffix == ".zip"
    folder = Path(tempfile.mkdtemp(prefix="hsds-")) if zipped else out
    folder.mkdir(parents=True, exist_ok=True)
    try:
        writer = _Writer(folder)
        count = 0
        try:
            for taxonomy in taxonomies:
                writer.walk("taxonomy", taxonomy)
            for org in organizations:
                writer.walk("organization", org)
                count += 1
        finally:
            written = writer.close()
        (folder / "datapackage.json").write_text(
            json.dumps(_descriptor(written), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if zipped:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(folder.iterdir()):
                    archive.write(path, path.name)
        return count
    finally:
        if zipped:
            shutil.rmtree(folder, ignore_errors=True)


def typed(table: str, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the table's object: empty cells omitted, numbers as numbers."""
    props = tables()[table]["properties"]
    values: dict[str, Any] = {}
    for key, text in row.items():
        if key not in props or text in ("", None):
            continue
        if props[key].get("type") == "number":
            try:
                number = float(text)
            except ValueError:
                values[key] = text  # left for the schema to refuse
                continue
            values[key] = int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
        else:
            values[key] = text
    return values


# Reading: rows back into compiled organisations. A row belongs to the first parent its foreign keys name.
PARENT_KEYS = ("contact_id", "phone_id", "service_at_location_id", "location_id", "service_id", "organization_id")
OWNER_KEYS = {"service_at_location": ("service_id",), "location": ("organization_id",), "service": ("organization_id",)}
CHILD_TABLES = {
    "organization": ["funding", "contact", "phone", "location", "program", "organization_identifier", "service"],
    "service": ["phone", "schedule", "service_area", "service_at_location", "language", "funding", "cost_option",
                "required_document", "contact"],
    "location": ["language", "address", "contact", "accessibility", "phone", "schedule"],
    "service_at_location": ["contact", "phone", "schedule"],
    "contact": ["phone"],
    "phone": ["language"],
}  # fmt: skip
KEY_OF_TABLE = {
    "funding": "funding",
    "contact": "contacts",
    "phone": "phones",
    "location": "locations",
    "program": "programs",
    "organization_identifier": "organization_identifiers",
    "service": "services",
    "schedule": "schedules",
    "service_area": "service_areas",
    "service_at_location": "service_at_locations",
    "language": "languages",
    "cost_option": "cost_options",
    "required_document": "required_documents",
    "address": "addresses",
    "accessibility": "accessibility",
}


class Package:
    """The rows of a data package, indexed for reassembly."""

    def __init__(self, rows: dict[str, list[dict[str, Any]]]):
        self.rows = rows
        self.children: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
        for table, items in rows.items():
            for row in items:
                owner = next((key for key in OWNER_KEYS.get(table, PARENT_KEYS) if row.get(key)), None)
                if owner is not None:
                    self.children.setdefault((table, owner[:-3], str(row[owner])), []).append(row)
        self.linked: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for table, (id_key, _kind) in LINKED.items():
            for row in rows.get(table, []):
                self.linked.setdefault((table, str(row.get(id_key, ""))), []).append(row)
        self.terms = {str(row["id"]): row for row in rows.get("taxonomy_term", []) if row.get("id")}
        self.taxonomies = {str(row["id"]): row for row in rows.get("taxonomy", []) if row.get("id")}
        self.programs = {str(row["id"]): row for row in rows.get("program", []) if row.get("id")}

    def attribute(self, row: dict[str, Any]) -> dict[str, Any]:
        found = dict(row)
        term = self.terms.get(str(row.get("taxonomy_term_id", "")))
        if term is not None:
            found["taxonomy_term"] = dict(term)
            taxonomy = self.taxonomies.get(str(term.get("taxonomy_id", "")))
            if taxonomy is not None:
                found["taxonomy_term"]["taxonomy_detail"] = dict(taxonomy)
        return found

    def build(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        obj = dict(row)
        ident = str(row.get("id", ""))
        for child in CHILD_TABLES.get(table, []):
            items = self.children.get((child, table, ident), [])
            if items:
                obj[KEY_OF_TABLE[child]] = [self.build(child, item) for item in items]
        if table == "service" and str(row.get("program_id", "")) in self.programs:
            obj["program"] = dict(self.programs[str(row["program_id"])])
        attributes = self.linked.get(("attribute", ident), [])
        if attributes:
            obj["attributes"] = [self.attribute(a) for a in attributes]
        metadata = self.linked.get(("metadata", ident), [])
        if metadata:
            obj["metadata"] = [dict(m) for m in metadata]
        return obj

    def organizations(self) -> list[dict[str, Any]]:
        return [self.build("organization", row) for row in self.rows.get("organization", [])]


def read_package(files: dict[str, str], descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """Compiled organisations from the CSV texts of a data package (path -> text) and its descriptor."""
    by_path = {item["path"]: name for name, item in tables().items()}
    for resource in descriptor.get("resources") or []:
        if isinstance(resource, dict) and resource.get("path") and resource.get("name") in tables():
            by_path[resource["path"]] = resource["name"]
    rows: dict[str, list[dict[str, Any]]] = {}
    for path, text in files.items():
        table = by_path.get(path)
        if table is not None:
            rows[table] = [typed(table, row) for row in csv.DictReader(text.splitlines())]
    return Package(rows).organizations()
