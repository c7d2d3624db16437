"""Starter guides: ten or so, in French and English, loaded by an idempotent command."""

import pytest
from django.core.management import call_command

from guides.loading import GuideFileError, guides_load, parse_guide_file
from guides.models import Guide, GuideRevision


@pytest.mark.django_db
def test_it_loads_the_starter_guides_in_both_languages(starter_guides):
    assert starter_guides.count() >= 10
    for guide in starter_guides:
        assert guide.is_published
        for lang in ("fr", "en"):
            assert guide.has_text(lang), (guide.slug, lang)
            assert getattr(guide, f"summary_{lang}")
            assert guide.search_fr.strip() and guide.search_en.strip()
        assert guide.reviewed_on and guide.reviewer
        assert guide.title_fr != guide.title_en


@pytest.mark.django_db
def test_it_shows_every_starter_guide_in_both_languages_with_a_finder_link(client, starter_guides):
    for guide in starter_guides:
        for lang in ("fr", "en"):
            response = client.get(f"/{lang}/guides/{guide.slug}/")
            assert response.status_code == 200
            assert f'href="/{lang}/search/' in response.text
            assert "translation-notice" not in response.text


@pytest.mark.django_db
def test_it_changes_nothing_when_run_twice(settings, starter_guides):
    revisions = GuideRevision.objects.count()
    report = guides_load(settings.BASE_DIR / "data" / "guides")
    assert report.created == [] and report.updated == []
    assert GuideRevision.objects.count() == revisions
    call_command("load_guides", verbosity=0)
    assert GuideRevision.objects.count() == revisions


@pytest.mark.django_db
def test_it_keeps_staff_edits_unless_asked_to_update(settings, starter_guides):
    guide = Guide.objects.get(slug="preparer-entrevue")
    guide.title_fr = "Titre revu par l'équipe"
    guide.save()
    report = guides_load(settings.BASE_DIR / "data" / "guides")
    assert "preparer-entrevue" in report.kept
    guide.refresh_from_db()
    assert guide.title_fr == "Titre revu par l'équipe"
    report = guides_load(settings.BASE_DIR / "data" / "guides", update=True)
    assert report.updated == ["preparer-entrevue"]
    guide.refresh_from_db()
    assert guide.title_fr != "Titre revu par l'équipe"


@pytest.mark.django_db
def test_it_reports_bad_files_and_loads_the_good_ones(tmp_path):
    (tmp_path / "bon.fr.md").write_text("---\nslug: bon\ntitle: Bon\nsummary: Court.\n---\nTexte.\n", encoding="utf-8")
    (tmp_path / "sans-entete.fr.md").write_text("Pas d'en-tête\n", encoding="utf-8")
    (tmp_path / "orphelin.en.md").write_text("---\nslug: orphelin\ntitle: O\nsummary: S\n---\nText\n", encoding="utf-8")
    (tmp_path / "mauvaise-date.fr.md").write_text(
        "---\nslug: md\ntitle: M\nsummary: S\nreviewed_on: hier\n---\nT\n", encoding="utf-8"
    )
    report = guides_load(tmp_path)
    assert report.created == ["bon"]
    assert len(report.rejected) == 3
    assert Guide.objects.get(slug="bon").has_text("en") is False


def test_it_parses_a_front_matter():
    meta, body = parse_guide_file("---\nslug: a\ntitle: Titre : avec deux-points\nsummary: S\n---\n## Corps\n")
    assert meta["title"] == "Titre : avec deux-points"
    assert body == "## Corps\n"
    with pytest.raises(GuideFileError):
        parse_guide_file("---\nslug: a\n")
    with pytest.raises(GuideFileError):
        parse_guide_file("---\nslug: a\ntitle: T\nsummary: S\nstatus: archived\n---\n")
