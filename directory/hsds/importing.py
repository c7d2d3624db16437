"""Import an HSDS 3.0 publication through the directory's one door: read (reading.py), check each object against
the official schema, group services under their organisation, convert (convert.py), then
importer.directory_import — the same validation, writes and ImportReport as every other import, in one transaction.
"""

import gc
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from directory.importer import Adjustment, ImportReport, Rejection, organizations_import, reference_from_db

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
        if where := oversized_field(value, size=item.size):
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
    total = len(items)
    organizations, rejected, adjusted = _organizations(items)
    del items  # the organisations below are the same objects; each is let go once converted
    ctx = Context(reference_from_db(), language)
    ids: dict[int, str] = {}  # position of each organisation in the publication -> its HSDS id, for the report

    def converted() -> Iterator[tuple[int, dict[str, Any]]]:
        """Each organisation in the directory's import format, converted as the import reaches it."""
        count = len(organizations)
        for done in range(count):
            index, org = organizations[done]
            organizations[done] = (index, {})  # memory holds only what is not imported yet
            converter = Converter(ctx)
            ids[index] = str(org.get("id", ""))
            raw = converter.organization(org)  # reads `org`, never changes it
            if converter.notes:
                adjusted.append(Adjustment(index, ids[index], converter.notes))
            if progress and ((done + 1) % 1000 == 0 or done + 1 == count):
                progress(done + 1, count)
            yield index, raw

    # The parsed publication (1.5 GB of small objects at 100,000 services) lives until each organisation is
    # converted: frozen, the garbage collector stops rescanning it at every collection (a quarter of the import's
    # CPU time at that size). Nothing in it is cyclic; each organisation is still freed once converted.
    gc.freeze()
    try:
        report = organizations_import(converted(), dry_run=dry_run, force=force, allow_untagged=True)
    finally:
        gc.unfreeze()
    for rejection in report.rejected:
        rejection.slug = ids.get(rejection.index) or rejection.slug
    for rejection in rejected:
        report.outcomes[rejection.index] = "rejected"
    report.rejected = sorted(rejected + report.rejected, key=lambda r: r.index)
    rejected_indexes = {r.index for r in report.rejected}
    report.adjusted = [a for a in sorted(adjusted, key=lambda a: a.index) if a.index not in rejected_indexes]
    report.total = total
    return report
