"""Load a parsed rule file into the database: all or nothing, idempotent, never silently overwriting edits."""

from dataclasses import dataclass, field

from django.db import transaction

from directory.models import Organization, Service
from geography.models import Region

from .models import Mandate, Rule, RuleSet
from .rulefile import RuleFile, RuleFileError


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _database_problems(parsed: RuleFile) -> list[str]:
    problems = []
    known_regions = set(Region.objects.values_list("code", flat=True))
    missing: dict[str, list[str]] = {}
    for rule_set in parsed.rule_sets:
        for rule in rule_set.rules:
            if rule.region and rule.region not in known_regions:
                missing.setdefault(rule.region, []).append(rule.id)
    for code, rule_ids in sorted(missing.items()):
        problems.append(
            f"region {code} is not in the database (run load_geography first); used by: {', '.join(rule_ids)}."
        )
    return problems


def _save(model, lookup: dict, values: dict, *, update: bool, report: LoadReport, name: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.created.append(name)
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if not changed or not update:
        report.unchanged.append(name)
        return obj
    for key, value in changed.items():
        setattr(obj, key, value)
    obj.save()
    report.updated.append(name)
    return obj


def rules_load(*, parsed: RuleFile, update: bool = False) -> LoadReport:
    """Create what is missing; with ``update``, also overwrite what differs. Raises RuleFileError, loading nothing,
    when the file refers to regions, organisations or services the database does not know."""
    problems = _database_problems(parsed)
    if problems:
        raise RuleFileError(problems)
    report = LoadReport()
    with transaction.atomic():
        for rs in parsed.rule_sets:
            rule_set = _save(
                RuleSet,
                {"slug": rs.slug},
                {
                    "kind": rs.kind,
                    "name_fr": rs.name.fr,
                    "name_en": rs.name.en,
                    "description_fr": rs.description.fr if rs.description else "",
                    "description_en": rs.description.en if rs.description else "",
                    "is_illustrative": rs.is_illustrative,
                    "valid_from": rs.valid_from,
                    "valid_to": rs.valid_to,
                },
                update=update,
                report=report,
                name=f"rule set {rs.slug}",
            )
            for position, r in enumerate(rs.rules):
                _save(
                    Rule,
                    {"rule_set": rule_set, "slug": r.id},
                    {
                        "label_fr": r.label.fr,
                        "label_en": r.label.en,
                        "explanation_fr": r.explanation.fr,
                        "explanation_en": r.explanation.en,
                        "source_title": r.source.title,
                        "source_url": r.source.url,
                        "source_reference": r.source.reference,
                        "region_id": r.region,
                        "condition": r.condition,
                        "outcome": r.outcome,
                        "valid_from": r.valid_from,
                        "valid_to": r.valid_to,
                        "position": position,
                    },
                    update=update,
                    report=report,
                    name=f"rule {r.id}",
                )
        services = {
            (s.organization.slug, s.slug): s
            for s in Service.objects.filter(
                organization__slug__in={m.organization for m in parsed.mandates}
            ).select_related("organization")
        }
        organizations = {s.organization.slug: s.organization for s in services.values()}
        organizations |= {
            o.slug: o for o in Organization.objects.filter(slug__in={m.organization for m in parsed.mandates})
        }
        for m in parsed.mandates:
            # A mandate follows the directory, which changes: one for an absent organisation or service is skipped
            # with a note, not fatal (a closed organisation must not block the rules).
            organization = organizations.get(m.organization)
            service = services.get((m.organization, m.service)) if m.service else None
            if organization is None or (m.service and service is None):
                missing = m.organization if organization is None else f"{m.organization}/{m.service}"
                report.skipped.append(f"mandate {m.id}: {missing} is not in the directory")
                continue
            _save(
                Mandate,
                {"slug": m.id},
                {
                    "organization": organization,
                    "service": service,
                    "label_fr": m.label.fr,
                    "label_en": m.label.en,
                    "condition": m.condition,
                    "valid_from": m.valid_from,
                    "valid_to": m.valid_to,
                },
                update=update,
                report=report,
                name=f"mandate {m.id}",
            )
    return report
