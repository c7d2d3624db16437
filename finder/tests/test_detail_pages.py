import datetime
import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import Organization, ServiceAtLocation

pytestmark = pytest.mark.django_db


def json_ld(text: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_service_point_page_shows_everything_needed_to_go_there(client, make_point, lang):
    point = make_point(46.81, -71.21, clienteles=("youth",), assured_date=datetime.date.today(), name="Centre Alpha")
    with translation.override(lang):
        url = point.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    text = response.text
    assert "Centre Alpha" in text
    assert 'href="tel:+14185550100"' in text
    assert "https://www.openstreetmap.org/directions?to=46.81000%2C-71.21000" in text
    assert f'href="{reverse("referrals:request_new", args=[point.pk])}"' in text
    assert 'id="finder-map-data" type="application/json"' in text
    assert "<title>Centre Alpha" in text
    data = json_ld(text)
    assert data["@type"] == "Service"
    assert data["provider"]["name"] == "Centre Alpha" if lang == "fr" else "Centre Alpha (EN)"
    assert data["availableChannel"]["serviceLocation"]["geo"]["latitude"] == 46.81


def test_the_service_point_page_speaks_english(client, make_point):
    point = make_point(46.81, -71.21, name="Centre Alpha")
    with translation.override("en"):
        response = client.get(point.get_absolute_url())
    assert '<html lang="en">' in response.text
    assert "Centre Alpha (EN)" in response.text
    assert "Opening hours" in response.text


def test_it_says_when_a_listing_was_last_verified(client, make_point):
    fresh = make_point(46.81, -71.21, assured_date=datetime.date.today() - datetime.timedelta(days=30))
    stale = make_point(46.82, -71.21, assured_date=datetime.date(2020, 3, 1))
    with translation.override("en"):
        assert "Last verified on" in client.get(fresh.get_absolute_url()).text
        assert "Not verified since March 1, 2020" in client.get(stale.get_absolute_url()).text


def test_it_badges_sample_listings(client, make_point):
    point = make_point(46.81, -71.21, is_sample=True)
    with translation.override("fr"):
        response = client.get(point.get_absolute_url())
    assert "Données fictives" in response.text


def test_an_inactive_point_still_has_a_page_that_says_so(client, make_point):
    point = make_point(46.81, -71.21, is_active=False)
    with translation.override("en"):
        response = client.get(point.get_absolute_url())
    assert response.status_code == 200
    assert "no longer offered here" in response.text
    assert reverse("referrals:request_new", args=[point.pk]) not in response.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_unknown_pages_get_a_friendly_404(client, db, lang):
    with translation.override(lang):
        point_url = reverse("finder:service_point", args=[987654])
        org_url = reverse("finder:organization", args=["no-such-centre"])
    for url in (point_url, org_url):
        response = client.get(url)
        assert response.status_code == 404
        assert 'href="tel:+18776444545"' in response.text


def test_the_organisation_page_lists_its_points_with_structured_data(client, make_point):
    point = make_point(46.81, -71.21, name="Centre Beta")
    organization = point.service.organization
    response = client.get(organization.get_absolute_url())
    assert response.status_code == 200
    assert "Centre Beta" in response.text
    assert point.get_absolute_url() in response.text
    data = json_ld(response.text)
    assert data["@type"] == "NGO"
    assert data["location"][0]["address"]["postalCode"] == "G1A 1A1"


def test_structured_data_cannot_break_out_of_its_block(client, make_point):
    point = make_point(46.81, -71.21, name="</script><script>alert(1)</script>")
    with translation.override("fr"):
        response = client.get(point.service.organization.get_absolute_url())
    assert "<script>alert(1)" not in response.text
    assert json_ld(response.text)["name"] == "</script><script>alert(1)</script>"
    assert "&lt;/script&gt;" in response.text


def test_the_detail_pages_run_a_constant_number_of_queries(client, make_point, django_assert_max_num_queries):
    point = make_point(46.81, -71.21)
    with django_assert_max_num_queries(18):
        client.get(point.get_absolute_url())
    organization = point.service.organization
    for _ in range(5):  # more points for the same organisation must not add queries
        other = make_point(46.9, -71.3)
        ServiceAtLocation.objects.filter(pk=other.pk).update(service=point.service)
    with django_assert_max_num_queries(18):
        response = client.get(organization.get_absolute_url())
    assert len(response.context["cards"]) == 6


def test_the_sample_directory_pages_all_render(client, reference_data, django_assert_max_num_queries):
    organization = Organization.objects.filter(is_sample=True).first()
    with django_assert_max_num_queries(18):
        response = client.get(organization.get_absolute_url())
    assert response.status_code == 200
    card = response.context["cards"][0]
    with django_assert_max_num_queries(18):
        assert client.get(card.url).status_code == 200
    assert html.unescape(organization.name) in html.unescape(response.text)
