import html

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def url(name: str, lang: str) -> str:
    with translation.override(lang):
        return reverse(name)


@pytest.mark.parametrize(
    ("lang", "heading", "free"),
    [
        ("fr", "Trouvez de l'aide gratuite pour trouver un emploi", "Leurs services sont gratuits."),
        ("en", "Find free help to find a job", "Their services are free."),
    ],
)
def test_the_home_page_says_what_the_centres_do_and_leads_to_the_search(client, lang, heading, free):
    response = client.get(url("pages:home", lang))
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert f'<html lang="{lang}">' in text
    assert heading in text
    assert free in text
    assert f'action="{url("finder:search", lang)}"' in text
    assert 'name="where"' in text
    assert f'href="{url("eligibility:regions", lang)}"' in text
    assert f'href="{url("guides:index", lang)}"' in text
    assert 'href="tel:+18776444545"' in text


def test_the_home_page_offers_where_to_start(client):
    response = client.get(url("pages:home", "en"))
    assert 'id="where-to-start-title"' in response.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_about_page_credits_every_source_and_says_the_directory_is_sample_data(client, lang):
    response = client.get(url("pages:about", lang))
    assert response.status_code == 200
    text = html.unescape(response.text)
    assert "Données Québec / Gouvernement du Québec (MAMH, MRNF)" in text
    assert "GeoNames.org" in text
    assert "Natural Earth" in text
    assert "CC BY 4.0" in text
    assert "Open Referral" in text and "CC BY-SA 4.0" in text
    assert ("Données fictives" if lang == "fr" else "Sample data") in text


@pytest.mark.parametrize(("lang", "phrase"), [("fr", "Quand vous cherchez"), ("en", "When you search")])
def test_the_privacy_page_says_what_is_collected(client, lang, phrase):
    response = client.get(url("pages:privacy", lang))
    assert response.status_code == 200
    assert phrase in html.unescape(response.text)
    assert f'href="{url("referrals:privacy_request", lang)}"' in response.text


def test_the_public_pages_have_one_main_landmark_and_one_h1(client):
    for name in ("pages:home", "pages:about", "pages:privacy", "finder:search"):
        text = client.get(url(name, "fr")).text
        assert text.count("<main") == 1
        assert text.count("<h1") == 1
        assert "style=" not in text
        assert "<script>" not in text
