"""The staff page that writes the snippet: network administrators for any preset, a centre's manager only for their
own organisation's listing, counsellors and the public not at all."""

import html

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def page():
    return reverse("embeds:snippet")


def test_the_public_is_sent_to_the_login(db, page):
    response = Client().get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_counsellor_may_not_open_it(page, staff_client, counsellor_a):
    assert staff_client(counsellor_a).get(page).status_code == 403


def test_a_network_administrator_gets_a_preview_and_the_code(page, staff_client, network_admin, reference_data,
                                                              settings):  # fmt: skip
    settings.SITE_URL = "https://trouvetonx.example"
    response = staff_client(network_admin).get(
        page,
        {
            "language": "en",
            "clientele": "youth",
            "region": "01",
            "theme": "purple",
            "host": "https://www.Ville.example/emploi",
        },
    )
    assert response.status_code == 200
    text = response.text
    assert '<iframe src="/en/embed/?host=ville.example&amp;clientele=youth&amp;region=01&amp;theme=purple"' in text
    code = html.unescape(text.split('<textarea id="embed-code"')[1].split(">", 1)[1].split("</textarea>")[0])
    assert code.startswith('<iframe src="https://trouvetonx.example/en/embed/?host=ville.example&clientele=youth')
    assert "data-trouve-embed" in code
    assert '<script src="https://trouvetonx.example/embed.js" async></script>' in code
    assert response["X-Frame-Options"] == "DENY"  # the staff page itself is never framed


def test_a_manager_only_gets_their_own_organisation(page, staff_client, manager_a, centre_b, reference_data):
    own = manager_a.memberships.get().organization
    client = staff_client(manager_a)
    form = client.get(page).context["form"]
    assert [slug for slug, _name in form.fields["organization"].choices] == [own.slug]
    assert "region" not in form.fields
    other = centre_b.service.organization.slug
    refused = client.get(page, {"language": "fr", "organization": other, "theme": "blue"})
    assert "code" not in refused.context and refused.context["form"].errors["organization"]
    allowed = client.get(page, {"language": "fr", "organization": own.slug, "theme": "blue"})
    assert f"org={own.slug}" in allowed.context["code"]


def test_a_manager_cannot_leave_the_organisation_out(page, staff_client, manager_a, reference_data):
    response = staff_client(manager_a).get(page, {"language": "fr", "theme": "blue"})
    assert "code" not in response.context and response.context["form"].errors["organization"]


def test_a_bad_host_or_two_restrictions_are_refused_with_a_message(page, staff_client, network_admin, centre_a,
                                                                   reference_data):  # fmt: skip
    client = staff_client(network_admin)
    bad = client.get(page, {"language": "fr", "theme": "blue", "host": "not a host!"})
    assert bad.context["form"].errors["host"]
    slug = centre_a.service.organization.slug
    both = client.get(page, {"language": "fr", "theme": "blue", "region": "01", "organization": slug})
    assert both.context["form"].non_field_errors()


def test_searching_in_the_preview_is_not_counted_as_a_partners_search(page, staff_client, network_admin, centre_a):
    from insights.models import SearchEvent, VisitCount
    from insights.tests.test_visits import BROWSER

    client = staff_client(network_admin)
    client.get(page, {"language": "fr", "theme": "blue", "host": "ville.example"})
    frame = reverse("embeds:results") + "?where=Villetest&host=ville.example"
    client.get(frame, HTTP_USER_AGENT=BROWSER, HTTP_REFERER="http://testserver" + reverse("embeds:finder"))
    assert not VisitCount.objects.exists()
    assert SearchEvent.objects.count() <= 1  # the search itself is a search like any other


def test_the_resize_script_has_a_stable_address_and_a_short_cache(db):
    response = Client().get("/embed.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert "max-age=86400" in response["Cache-Control"] and b"trouveTonXHeight" in response.content
    assert not response.cookies
