"""The directory's one door in: read an import file, check every organisation, upsert the valid ones.

Idempotent: organisations are matched by slug, services and locations by their slug within the organisation and
service points by (service, location), so their ids stay stable; a record whose content did not change since the
last import (same digest) is skipped, so a second run of the same file changes nothing.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from auditlog.context import disable_auditlog
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from geography.models import ForwardSortationArea, Municipality, Region

from . import checks
from .models import Clientele, Organization, ServiceKind
from .records import MunicipalityRef, OrganizationRecord, Reference
from .validation import organization_parse, record_digest, schema_problems
from .writes import organization_replace, organizations_create


class ImportFileError(Exception):
    """The file as a whole cannot be read (not JSON, wrong format): nothing is imported."""


@dataclass
class Rejection:
    index: int
    slug: str
    reasons: list[str]


@dataclass
class Adjustment:
    """What an importer derived or changed in an accepted record (e.g. the region from the postal code), for staff."""

    index: int
    slug: str
    notes: list[str]


@dataclass
class ImportReport:
    """One report shape for every importer: counts, every rejected record with its reasons, every adjusted record
    with what was derived, and each record's outcome by its index (created, updated, unchanged, rejected)."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    adjusted: list[Adjustment] = field(default_factory=list)
    outcomes: dict[int, str] = field(default_factory=dict)


def reference_from_db() -> Reference:
    """Geography and taxonomy the records are checked against."""
    municipalities = {
        code: MunicipalityRef(code, name, region_id, lat, lon)
        for code, name, region_id, lat, lon in Municipality.objects.values_list(
            "code", "name", "region_id", "latitude", "longitude"
        )
    }
    return Reference(
        municipalities=municipalities,
        regions=frozenset(Region.objects.values_list("code", flat=True)),
        clienteles=frozenset(Clientele.objects.values_list("slug", flat=True)),
        kinds=frozenset(ServiceKind.objects.values_list("slug", flat=True)),
        fsas=frozenset(ForwardSortationArea.objects.values_list("code", flat=True)),
    )


def import_file_read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            _("%(path)s is not valid JSON (line %(line)s, column %(column)s)")
            % {"path": path, "line": exc.lineno, "column": exc.colno}
        ) from exc
    problems = schema_problems(data, None)
    if problems:
        raise ImportFileError(
            _("%(path)s is not a directory import file: %(reasons)s")
            % {
                "path": path,
                "reasons": "; ".join(problems),
            }
        )
    return data


def directory_import(
    data: dict[str, Any],
    *,
    dry_run: bool = False,
    force: bool = False,
    today: date | None = None,
    allow_untagged: bool = False,
) -> ImportReport:
    """Check every organisation of an (already read) import file and save the valid ones."""
    today = today or timezone.localdate()
    reference = reference_from_db()
    report = ImportReport(total=len(data["organizations"]), dry_run=dry_run)
    digests = dict(Organization.objects.values_list("slug", "import_hash"))
    seen: set[str] = set()
    new: list[OrganizationRecord] = []
    # A file import is one administrative act reported by the command; row-by-row audit entries (meant for staff
    # edits in the portal) would add thousands of rows and triple the import time.
    with transaction.atomic(), disable_auditlog():
        for index, raw in enumerate(data["organizations"]):
            slug = raw.get("slug") if isinstance(raw, dict) and isinstance(raw.get("slug"), str) else ""
            slug = checks.shorten(slug, 80)
            if not force and slug and slug not in seen and digests.get(slug) == record_digest(raw):
                # Imported before exactly as it is: nothing to check again, nothing to write.
                seen.add(slug)
                report.unchanged += 1
                report.outcomes[index] = "unchanged"
                continue
            record, reasons = organization_parse(raw, reference=reference, today=today, allow_untagged=allow_untagged)
            if record is not None and record.slug in seen:
                record, reasons = None, [_("another organisation of this file already uses this identifier")]
            if record is None:
                report.rejected.append(Rejection(index, slug, reasons))
                report.outcomes[index] = "rejected"
                continue
            seen.add(record.slug)
            record.index = index
            if record.slug in digests and digests[record.slug] == record.digest and not force:
                report.unchanged += 1
                report.outcomes[index] = "unchanged"
                continue
            if record.slug not in digests:
                new.append(record)
                report.created += 1
                report.outcomes[index] = "created"
                continue
            report.updated += 1
            report.outcomes[index] = "updated"
            if dry_run:
                continue
            try:
                with transaction.atomic():
                    organization_replace(org=Organization.objects.get(slug=record.slug), record=record)
            except DatabaseError as exc:
                report.updated -= 1
                report.outcomes[index] = "rejected"
                report.rejected.append(
                    Rejection(index, slug, [_("the database refused it: %(error)s") % {"error": exc}])
                )
        if new and not dry_run:
            _create_new(new, report)
    report.rejected.sort(key=lambda r: r.index)
    return report


def _create_new(records: list[OrganizationRecord], report: ImportReport) -> None:
    """Create new organisations in bulk; if the database refuses the batch, retry one by one to name the culprit."""
    try:
        with transaction.atomic():
            organizations_create(records)
        return
    except DatabaseError:
        pass
    for record in records:
        try:
            with transaction.atomic():
                organizations_create([record])
        except DatabaseError as exc:
            report.created -= 1
            report.outcomes[record.index] = "rejected"
            reason = _("the database refused it: %(error)s") % {"error": exc}
            report.rejected.append(Rejection(record.index, record.slug, [reason]))
