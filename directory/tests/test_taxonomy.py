"""The editable taxonomy: loaded from its data file, idempotently, through the same schema validation."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from directory.models import Clientele, ServiceKind
from directory.taxonomy import TaxonomyError, taxonomy_load, taxonomy_read

DOMAIN_CLIENTELES = {
    "general-public", "youth", "experienced-workers", "immigrants", "women", "disability", "justice-involved",
    "mental-health", "indigenous", "english-speaking", "social-assistance", "career-change", "precarious-workers",
}  # fmt: skip


def test_it_loads_every_clientele_of_the_domain_in_both_languages(db):
    taxonomy_load(taxonomy_read())
    assert DOMAIN_CLIENTELES <= set(Clientele.objects.values_list("slug", flat=True))
    youth = Clientele.objects.get(slug="youth")
    with translation.override("fr"):
        assert youth.name == "Jeunes de 16 à 35 ans"
    with translation.override("en"):
        assert youth.name == "Young people aged 16 to 35"
        assert youth.description
    assert ServiceKind.objects.filter(slug="job-retention").exists()


def test_it_is_idempotent_and_keeps_terms_added_by_staff(db):
    taxonomy_load(taxonomy_read())
    Clientele.objects.create(slug="students", name_fr="Étudiants", name_en="Students")
    report = taxonomy_load(taxonomy_read())
    assert (report.created, report.updated) == (0, 0)
    assert Clientele.objects.filter(slug="students").exists()


def test_it_restores_an_edited_name(db):
    taxonomy_load(taxonomy_read())
    Clientele.objects.filter(slug="women").update(name_fr="changé")
    assert taxonomy_load(taxonomy_read()).updated == 1
    assert Clientele.objects.get(slug="women").name_fr == "Femmes"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "Cannot read"),
        (json.dumps({"clienteles": [], "kinds": []}), "needs at least 1 item"),
        (
            json.dumps(
                {
                    "clienteles": [{"slug": "a", "name": {"fr": "A", "en": "A"}, "description": {"fr": "", "en": ""}}]
                    * 2,
                    "kinds": [{"slug": "b", "name": {"fr": "B", "en": "B"}, "description": {"fr": "", "en": ""}}],
                }
            ),
            "“a” is used twice",
        ),
    ],
)
def test_it_refuses_a_bad_file(tmp_path, content, message):
    path = tmp_path / "taxonomy.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        taxonomy_read(path)


def test_the_command_reports_and_fails_cleanly(db, tmp_path, capsys):
    call_command("load_taxonomy")
    assert "Taxonomy:" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_taxonomy", str(bad))
