"""The directory's one door in: read an import file, check every organisation, upsert the valid ones.

Idempotent: organisations are matched by slug, services and locations by their slug within the organisation and
service points by (service, location), so their ids stay stable; a record whose content did not change since the
last import (same digest) is skipped, so a second run of the same file changes nothing. Records are checked one by
one and written a batch at a time (directory/writes.py), all in one transaction.
"""

import json
from collections.abc import Iterable
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
from .bulk import STATISTICS_AFTER, statistics_refresh
from .models import Clientele, Organization, ServiceKind
from .records import MunicipalityRef, OrganizationRecord, Reference
from .validation import organization_parse, record_digest, schema_problems
from .writes import organizations_create, organizations_replace

# Organisations written at once: a few statements per kind of row for each batch; memory holds one batch of records.
BATCH = 500


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
    return organizations_import(
        enumerate(data["organizations"]), dry_run=dry_run, force=force, today=today, allow_untagged=allow_untagged
    )


def organizations_import(
    raws: Iterable[tuple[int, object]],
    *,
    dry_run: bool = False,
    force: bool = False,
    today: date | None = None,
    allow_untagged: bool = False,
    batch: int = BATCH,
) -> ImportReport:
    """Check each (index, raw organisation) and save the valid ones, `batch` organisations at a time, in one
    transaction: a failure that is not one record's (the database gone, a bug) leaves nothing written.

    `raws` may be a generator: records are read, checked and written as they come, so memory holds one batch."""
    today = today or timezone.localdate()
    reference = reference_from_db()
    report = ImportReport(dry_run=dry_run)
    digests = dict(Organization.objects.values_list("slug", "import_hash"))
    seen: set[str] = set()
    new: list[OrganizationRecord] = []
    changed: list[OrganizationRecord] = []
    # A file import is one administrative act reported by the command; row-by-row audit entries (meant for staff
    # edits in the portal) would add thousands of rows and triple the import time.
    with transaction.atomic(), disable_auditlog():
        for index, raw in raws:
            report.total += 1
            slug = raw.get("slug") if isinstance(raw, dict) and isinstance(raw.get("slug"), str) else ""
            slug = checks.shorten(slug, 80)
            digest = record_digest(raw)
            if not force and slug and slug not in seen and digests.get(slug) == digest:
                # Imported before exactly as it is: nothing to check again, nothing to write.
                seen.add(slug)
                report.unchanged += 1
                report.outcomes[index] = "unchanged"
                continue
            record, reasons = organization_parse(
                raw, reference=reference, today=today, allow_untagged=allow_untagged, digest=digest
            )
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
            outcome = "updated" if record.slug in digests else "created"
            setattr(report, outcome, getattr(report, outcome) + 1)
            report.outcomes[index] = outcome
            if dry_run:
                continue
            pending = changed if outcome == "updated" else new
            pending.append(record)
            if len(pending) >= batch:
                _write(pending, report, outcome)
        _write(new, report, "created")
        _write(changed, report, "updated")
    if not dry_run and report.created + report.updated >= STATISTICS_AFTER:
        statistics_refresh()
    report.rejected.sort(key=lambda r: r.index)
    return report


def _write(records: list[OrganizationRecord], report: ImportReport, outcome: str) -> None:
    """Write a batch of "created" or "updated" organisations (then empty the list); if the database refuses the
    batch, retry one by one to name the culprit, which is reported and left out."""
    if not records:
        return
    write = organizations_create if outcome == "created" else organizations_replace
    try:
        with transaction.atomic():
            write(records)
    except DatabaseError:
        for record in records:
            try:
                with transaction.atomic():
                    write([record])
            except DatabaseError as exc:
                setattr(report, outcome, getattr(report, outcome) - 1)
                report.outcomes[record.index] = "rejected"
                reason = _("the database refused it: %(error)s") % {"error": exc}
                report.rejected.append(Rejection(record.index, record.slug, [reason]))
    records.clear()
