"""Write operations on guides: save with a revision, publish, unpublish, reindex. Called by the admin and loader."""

from django.db import transaction
from django.utils import timezone

from directory.models import Clientele

from .markup import plain_text
from .models import Guide, GuideRevision
from .search import index_text

LANGUAGES = ("fr", "en")
TEXT_FIELDS = ("title", "summary", "body")


def languages_changed(changed_fields: set[str] | list[str]) -> set[str]:
    """Languages whose text changed, from form field names such as "body_en"."""
    return {lang for lang in LANGUAGES for field in TEXT_FIELDS if f"{field}_{lang}" in changed_fields}


def guide_snapshot(guide: Guide) -> dict:
    """Every editable field of a guide as plain JSON, as stored in a revision."""
    snapshot = {
        f"{field}_{lang}": getattr(guide, f"{field}_{lang}") or "" for field in TEXT_FIELDS for lang in LANGUAGES
    }
    snapshot.update(
        slug=guide.slug,
        status=guide.status,
        source_language=guide.source_language,
        finder_query=guide.finder_query,
        reviewed_on=guide.reviewed_on.isoformat() if guide.reviewed_on else None,
        reviewer=guide.reviewer,
    )
    if guide.pk:
        snapshot["clienteles"] = sorted(guide.clienteles.values_list("slug", flat=True))
        snapshot["related"] = sorted(guide.related.values_list("slug", flat=True))
    return snapshot


def guide_reindex(guide: Guide) -> None:
    """Recompute the stored search words of both languages (the English column falls back to the French text)."""
    for lang in LANGUAGES:
        source = lang if guide.has_text(lang) else guide.source_language
        parts = [getattr(guide, f"{field}_{source}") or "" for field in ("title", "summary")]
        parts.append(plain_text(getattr(guide, f"body_{source}") or ""))
        setattr(guide, f"search_{lang}", index_text(lang, *parts))


def guide_prepare(guide: Guide, *, changed_fields: set[str] | list[str]) -> None:
    """Before saving: stamp the languages whose text changed, keep the first publication date, reindex."""
    now = timezone.now()
    for lang in languages_changed(changed_fields):
        if guide.has_text(lang):  # an empty translation has no date; filling it in later stamps it
            setattr(guide, f"content_updated_{lang}", now)
    if guide.is_published and guide.published_at is None:
        guide.published_at = now
    guide_reindex(guide)


def revision_create(*, guide: Guide, author=None, note: str = "") -> GuideRevision:
    """Store a snapshot of the guide as it is now (call after its many-to-many fields are saved)."""
    return GuideRevision.objects.create(
        guide=guide, author=author, status=guide.status, note=note[:200], snapshot=guide_snapshot(guide)
    )


@transaction.atomic
def guide_set_status(*, guide: Guide, status: str, author=None) -> Guide:
    """Publish or unpublish a guide, with a revision saying who did it."""
    if guide.status == status:
        return guide
    guide.status = status
    guide_prepare(guide, changed_fields=())
    guide.save()
    note = "published" if status == Guide.Status.PUBLISHED else "unpublished"
    revision_create(guide=guide, author=author, note=note)
    return guide


def translation_state(guide: Guide, language: str) -> str:
    """How the text shown in ``language`` relates to the original: "original", "current", "missing" or "outdated"."""
    if language == guide.source_language:
        return "original"
    if not guide.has_text(language):
        return "missing"
    mine, original = guide.content_updated(language), guide.content_updated(guide.source_language)
    if mine and original and mine < original:
        return "outdated"
    return "current"


@transaction.atomic
def guide_restore(*, guide: Guide, revision: GuideRevision, author=None) -> Guide:
    """Put back the text and links of an earlier revision (the status stays as it is), as a new revision."""
    snapshot = revision.snapshot
    changed = []
    for lang in LANGUAGES:
        for field in TEXT_FIELDS:
            key = f"{field}_{lang}"
            if key in snapshot and getattr(guide, key) != snapshot[key]:
                setattr(guide, key, snapshot[key])
                changed.append(key)
    for key in ("source_language", "finder_query", "reviewer"):
        if key in snapshot:
            setattr(guide, key, snapshot[key])
    guide_prepare(guide, changed_fields=changed)
    guide.save()
    if "clienteles" in snapshot:
        guide.clienteles.set(Clientele.objects.filter(slug__in=snapshot["clienteles"]))
    if "related" in snapshot:
        guide.related.set(Guide.objects.filter(slug__in=snapshot["related"]).exclude(pk=guide.pk))
    stamp = revision.created_at.strftime("%Y-%m-%d %H:%M")
    revision_create(guide=guide, author=author, note=f"restored the version of {stamp}")
    return guide
