"""Search engines find every public organisation, service point and published guide, in both languages."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_sitemap_sections(client, reference_data):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    for section in ("organizations", "service-points", "guides"):
        assert f"/sitemap-{section}.xml".encode() in response.content


def test_it_lists_organisation_pages_in_french_and_english(client, reference_data):
    from directory.models import Organization

    organization = Organization.objects.order_by("slug").first()
    content = client.get("/sitemap-organizations.xml").content.decode()
    assert f"/fr/org/{organization.slug}/" in content
    assert f"/en/org/{organization.slug}/" in content


def test_it_points_robots_to_the_sitemap(client):
    assert b"Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content
