"""The editable taxonomy: clientèles (target groups) and kinds of employment services, loaded from a data file."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Clientele, ServiceKind
from .validation import TAXONOMY_SCHEMA_PATH, schema_problems

TAXONOMY_PATH = Path(settings.BASE_DIR) / "data" / "directory" / "taxonomy.json"


class TaxonomyError(Exception):
    pass


@dataclass
class TaxonomyReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def taxonomy_read(path: Path = TAXONOMY_PATH) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaxonomyError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc}) from exc
    problems = schema_problems(data, None, TAXONOMY_SCHEMA_PATH)
    for group in ("clienteles", "kinds"):
        slugs = [term.get("slug") for term in data.get(group, []) if isinstance(term, dict)] if not problems else []
        problems += [
            _("%(group)s: the identifier “%(slug)s” is used twice") % {"group": group, "slug": slug}
            for slug in sorted({s for s in slugs if slugs.count(s) > 1})
        ]
    if problems:
        raise TaxonomyError("; ".join(problems))
    return data


def taxonomy_load(data: dict) -> TaxonomyReport:
    """Create or update each term by slug (terms added by staff and absent from the file are kept)."""
    report = TaxonomyReport()
    with transaction.atomic():
        for model, group in ((Clientele, "clienteles"), (ServiceKind, "kinds")):
            existing = {term.slug: term for term in model.objects.all()}
            for position, term in enumerate(data[group], start=1):
                values = {
                    "name_fr": term["name"]["fr"],
                    "name_en": term["name"]["en"],
                    "description_fr": term["description"]["fr"],
                    "description_en": term["description"]["en"],
                    "position": position * 10,
                }
                current = existing.get(term["slug"])
                if current is None:
                    model.objects.create(slug=term["slug"], **values)
                    report.created += 1
                elif any(getattr(current, key) != value for key, value in values.items()):
                    for key, value in values.items():
                        setattr(current, key, value)
                    current.save()
                    report.updated += 1
                else:
                    report.unchanged += 1
    return report
