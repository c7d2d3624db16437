"""Starter guides from data/guides/: one Markdown file per guide and language, with a small front-matter.

    ---
    slug: preparer-entrevue          (the same in both files)
    title: Préparer une entrevue
    summary: One or two sentences.
    clienteles: youth, immigrants    (French file only, like every shared field below)
    related: premier-cv-lettre
    finder_query: clientele=youth
    position: 60
    reviewed_on: 2026-11-26
    reviewer: Équipe Trouve ton X
    status: published
    ---
    Markdown body…

Loading is idempotent: a guide already in the database is left as staff edited it unless ``update=True``.
"""

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from directory.models import Clientele

from .editing import TEXT_FIELDS, guide_prepare, guide_snapshot, revision_create
from .models import Guide

SHARED_KEYS = {"clienteles", "related", "finder_query", "position", "reviewed_on", "reviewer", "status"}
REQUIRED_KEYS = {"slug", "title", "summary"}


class GuideFileError(ValueError):
    pass


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    unknown_clienteles: set[str] = field(default_factory=set)


def parse_guide_file(text: str) -> tuple[dict[str, str], str]:
    """Split a file into its front-matter (``key: value`` lines between two ``---``) and its Markdown body."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise GuideFileError("the file must start with a '---' line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration as exc:
        raise GuideFileError("the front-matter has no closing '---' line") from exc
    meta = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise GuideFileError(f"front-matter line without ':': {line!r}")
        meta[key.strip()] = value.strip()
    missing = REQUIRED_KEYS - meta.keys()
    if missing:
        raise GuideFileError(f"missing {', '.join(sorted(missing))}")
    try:
        int(meta.get("position", "100"))
        if meta.get("reviewed_on"):
            dt.date.fromisoformat(meta["reviewed_on"])
    except ValueError as exc:
        raise GuideFileError(f"bad position or reviewed_on: {exc}") from exc
    if meta.get("status", "published") not in Guide.Status.values:
        raise GuideFileError(f"status must be one of {', '.join(Guide.Status.values)}")
    return meta, "\n".join(lines[end + 1 :]).strip() + "\n"


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def read_directory(folder: Path, report: LoadReport) -> dict[str, dict]:
    """{slug: {"fr": (meta, body), "en": (meta, body)}} for every readable file; bad files go to the report."""
    guides: dict[str, dict] = {}
    for path in sorted(folder.glob("*.md")):
        stem, _, lang = path.stem.rpartition(".")
        if lang not in ("fr", "en"):
            report.rejected.append(f"{path.name}: the name must end in .fr.md or .en.md")
            continue
        try:
            meta, body = parse_guide_file(path.read_text(encoding="utf-8"))
        except (GuideFileError, UnicodeDecodeError) as exc:
            report.rejected.append(f"{path.name}: {exc}")
            continue
        guides.setdefault(meta["slug"], {})[lang] = (meta, body)
    for slug, versions in list(guides.items()):
        if "fr" not in versions:
            report.rejected.append(f"{slug}: no French file (French is the original language of starter guides)")
            del guides[slug]
    return guides


def _fill(guide: Guide, versions: dict) -> None:
    shared, _ = versions["fr"]
    for lang, (meta, body) in versions.items():
        setattr(guide, f"title_{lang}", meta["title"])
        setattr(guide, f"summary_{lang}", meta["summary"])
        setattr(guide, f"body_{lang}", body)
    guide.source_language = "fr"
    guide.finder_query = shared.get("finder_query", "")
    guide.position = int(shared.get("position", 100))
    guide.reviewed_on = dt.date.fromisoformat(shared["reviewed_on"]) if shared.get("reviewed_on") else None
    guide.reviewer = shared.get("reviewer", "")
    guide.status = shared.get("status", Guide.Status.PUBLISHED)


@transaction.atomic
def guides_load(folder: Path, *, update: bool = False) -> LoadReport:
    """Create (or, with ``update``, overwrite) the guides described in ``folder``. Running it twice changes nothing."""
    report = LoadReport()
    files = read_directory(folder, report)
    clienteles = {c.slug: c for c in Clientele.objects.all()}
    existing = {g.slug: g for g in Guide.objects.filter(slug__in=files)}
    loaded: dict[str, Guide] = {}
    before: dict[str, dict] = {}
    for slug, versions in files.items():
        guide = existing.get(slug)
        before[slug] = guide_snapshot(guide) if guide else {}
        guide = guide or Guide(slug=slug)
        _fill(guide, versions)
        wanted = _split_list(versions["fr"][0].get("clienteles", ""))
        report.unknown_clienteles |= {s for s in wanted if s not in clienteles}
        after = guide_snapshot(guide)
        after.update(clienteles=sorted(s for s in wanted if s in clienteles))
        after["related"] = sorted(s for s in _split_list(versions["fr"][0].get("related", "")) if s in files)
        if after == before[slug]:
            report.unchanged.append(slug)
            continue
        if before[slug] and not update:
            guide.refresh_from_db()  # undo _fill: staff edits win
            report.kept.append(slug)
            continue
        guide_prepare(
            guide, changed_fields=[k for k in after if k[:-3] in TEXT_FIELDS and after[k] != before[slug].get(k)]
        )
        guide.save()
        guide.clienteles.set([clienteles[s] for s in after["clienteles"]])
        loaded[slug] = guide
        (report.updated if before[slug] else report.created).append(slug)
    slugs_to_link = {s for slug in loaded for s in _split_list(files[slug]["fr"][0].get("related", ""))}
    targets = {g.slug: g for g in Guide.objects.filter(slug__in=slugs_to_link)}
    for slug, guide in loaded.items():
        guide.related.set([targets[s] for s in _split_list(files[slug]["fr"][0].get("related", "")) if s in targets])
        revision_create(guide=guide, note="updated from data/guides" if before[slug] else "loaded from data/guides")
    return report
