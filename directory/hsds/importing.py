"""Import an HSDS 3.0 publication through the directory's one door: read (reading.py), check each object against
the official schema, group services under their organisation, convert (convert.py), then
importer.directory_import — the same validation, writes and ImportReport as every other import, in one transaction.
"""

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from directory.importer import Adjustment, ImportReport, Rejection, directory_import, reference_from_db

from . import schemas
from .convert import Context, Converter
from .reading import Item, oversized_field, publication_items


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _is_service(value: dict[str, Any]) -> bool:
    return "status" in value and "services" not in value and "locations" not in value


def _organizations(items: list[Item]) -> tuple[list[tuple[int, dict[str, Any]]], list[Rejection], list[Adjustment]]:
    """(index, organisation) pairs: organisations as published, services grouped under theirs."""
    found: list[tuple[int, dict[str, Any]]] = []
    rejected: list[Rejection] = []
    notes: list[Adjustment] = []
    by_id: dict[str, tuple[int, str]] = {}
    grouped: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(items):
        value = item.value
        ident = str(value.get("id", ""))[:40] if isinstance(value, dict) else ""
        if item.problem:
            rejected.append(Rejection(index, item.where, [item.problem]))
            continue
        if not isinstance(value, dict):
            rejected.append(Rejection(index, item.where, [_("not an HSDS object")]))
            continue
        if where := oversized_field(value):
            rejected.append(Rejection(index, ident, [_("%(where)s: a field is too long") % {"where": where}]))
            continue
        kind = "service" if _is_service(value) else "organization"
        problems = schemas.official_problems(kind, value)
        if problems:
            reason = _("does not follow the HSDS 3.0 %(kind)s schema") % {"kind": kind}
            rejected.append(Rejection(index, ident, [reason, *problems]))
            continue
        if kind == "service":
            org = value.get("organization") or {"id": value.get("organization_id")}
            org_id = str(org.get("id") or "")
            if not org_id or org_id == "None":
                rejected.append(Rejection(index, ident, [_("a service without its organisation cannot be placed")]))
                continue
            if org_id not in grouped:
                grouped[org_id] = {**{k: v for k, v in org.items() if k != "services"}, "services": []}
                found.append((index, grouped[org_id]))
            grouped[org_id]["services"].append({k: v for k, v in value.items() if k != "organization"})
            continue
        digest = _digest(value)
        if ident in by_id:
            first, first_digest = by_id[ident]
            if first_digest != digest:
                reason = _("the UUID %(id)s is already used by record #%(first)s with different content") % {
                    "id": ident,
                    "first": first,
                }
                rejected.append(Rejection(index, ident, [reason]))
            else:
                notes.append(Adjustment(index, ident, [_("same record as #%(first)s: read once") % {"first": first}]))
            continue
        by_id[ident] = (index, digest)
        found.append((index, value))
    return found, rejected, notes


def hsds_import(
    path: Path,
    *,
    dry_run: bool = False,
    force: bool = False,
    language: str = "fr",
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import the publication at `path`; file-level problems raise reading.PublicationError (nothing imported)."""
    items = list(publication_items(path))
    organizations, rejected, adjusted = _organizations(items)
    ctx = Context(reference_from_db(), language)
    raws, positions = [], []
    for done, (index, org) in enumerate(organizations, start=1):
        converter = Converter(ctx)
        raws.append(converter.organization(org))  # reads `org`, never changes it
        positions.append(index)
        if converter.notes:
            adjusted.append(Adjustment(index, str(org.get("id", "")), converter.notes))
        if progress and (done % 1000 == 0 or done == len(organizations)):
            progress(done, len(organizations))
    report = directory_import({"organizations": raws}, dry_run=dry_run, force=force, allow_untagged=True)
    for rejection in report.rejected:
        rejection.slug = str(organizations[rejection.index][1].get("id", rejection.slug))
        rejection.index = positions[rejection.index]
    report.outcomes = {positions[i]: outcome for i, outcome in report.outcomes.items()}
    for rejection in rejected:
        report.outcomes[rejection.index] = "rejected"
    report.rejected = sorted(rejected + report.rejected, key=lambda r: r.index)
    rejected_indexes = {r.index for r in report.rejected}
    report.adjusted = [a for a in sorted(adjusted, key=lambda a: a.index) if a.index not in rejected_indexes]
    report.total = len(items)
    return report
