"""French typography: a non-breaking space before : ; ! ? and inside « », in every French catalogue."""

from pathlib import Path

import pytest
from django.conf import settings

from lib.french_typography import NBSP, fixed, problems

CHECKED = sorted(
    str(path.parents[3].relative_to(settings.BASE_DIR))
    for path in Path(settings.BASE_DIR).glob("**/locale/fr/LC_MESSAGES/django.po")
    if ".venv" not in path.parts
)


@pytest.mark.parametrize("app", CHECKED)
def test_the_french_catalogue_puts_a_non_breaking_space_before_high_punctuation(app):
    path = Path(settings.BASE_DIR) / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert problems(path) == []


def test_the_rule_and_its_exceptions():
    assert fixed("Votre âge : 50 ans") == f"Votre âge{NBSP}: 50 ans"
    assert fixed("Besoin d’aide?") == f"Besoin d’aide{NBSP}?"
    assert fixed("« Oui »") == f"«{NBSP}Oui{NBSP}»"
    for untouched in ("https://example.org/?next=/fr/", "de 9:30 à 16:00", "%(label)s"):
        assert fixed(untouched) == untouched


@pytest.mark.django_db
def test_a_french_page_shows_the_non_breaking_space(client, reference_data):
    html = client.get("/fr/search/", {"where": "Saint-Michel"}).text
    assert f"Duquel s’agit-il{NBSP}?" in html
