"""Search engines find every public organisation, service point and published guide, in both languages."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_the_sitemap_sections(client, reference_data):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    for section in ("organizations", "service-points", "regions", "guides"):
        assert f"/sitemap-{section}.xml".encode() in response.content


def test_it_lists_organisation_pages_in_french_and_english(client, reference_data):
    from directory.models import Organization

    organization = Organization.objects.order_by("slug").first()
    content = client.get("/sitemap-organizations.xml").content.decode()
    assert f"/fr/org/{organization.slug}/" in content
    assert f"/en/org/{organization.slug}/" in content


def test_it_lists_every_region_page_in_both_languages_and_each_answers(client, reference_data):
    from geography.models import Region

    content = client.get("/sitemap-regions.xml").content.decode()
    codes = list(Region.objects.values_list("code", flat=True))
    assert len(codes) == 17
    for code in codes:
        assert f"/fr/region/{code}/" in content and f"/en/region/{code}/" in content
    assert client.get(f"/en/region/{codes[5]}/").status_code == 200


def test_it_points_robots_to_the_sitemap(client):
    assert b"Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content
