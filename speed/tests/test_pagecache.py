"""The whole-page cache: repeated public pages from the cache, never stale, never another language, never personal.

Each test uses fresh anonymous clients (no cookies) for the public pages; staff use their own logged-in client.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from directory.importer import directory_import
from directory.models import Organization
from speed import version
from speed.pagecache import HEADER
from speed.tests.conftest import rename_location_in_admin, rename_service_in_portal
from tests.fixtures.directory import import_data, organization_raw

LAT, LON = 51.5, -63.5


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def get(path: str, **extra):
    """One anonymous visitor (a new client: no cookie at all)."""
    return Client().get(path, **extra)


def test_it_serves_a_repeated_page_from_the_cache(horizon):
    path = url_in("fr", "finder:service_point", horizon.pk)
    first, second = get(path), get(path)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Language"] == "fr"
    # The headers of the inner middleware come back with the page; the outer ones are added again.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY" and second["X-Content-Type-Options"] == "nosniff"


def test_it_renders_every_page_when_switched_off(horizon, settings):
    settings.PAGE_CACHE = False
    path = url_in("fr", "finder:service_point", horizon.pk)
    assert HEADER not in get(path) and HEADER not in get(path)


def test_an_edit_through_the_admin_shows_on_the_next_request(horizon, client):
    path = url_in("fr", "finder:service_point", horizon.pk)
    get(path)
    assert get(path)[HEADER] == "hit"
    rename_location_in_admin(client, horizon.location, "Nouveau bureau du port")
    answer = get(path)
    assert answer[HEADER] == "miss"
    assert "Nouveau bureau du port" in answer.text


def test_an_edit_through_the_portal_shows_on_the_next_request(page_cache, staff_client, manager_a, centre_a):
    path = url_in("fr", "finder:service_point", centre_a.pk)
    get(path)
    assert get(path)[HEADER] == "hit"
    rename_service_in_portal(staff_client(manager_a), centre_a.service, "Service renommé au portail")
    assert "Service renommé au portail" in get(path).text


def test_an_import_shows_on_the_next_request(horizon):
    path = url_in("fr", "finder:organization", "horizon-test")
    get(path)
    assert get(path)[HEADER] == "hit"
    directory_import(import_data(organization_raw(name={"fr": "Horizon importé", "en": "Horizon imported"})))
    answer = get(path)
    assert answer[HEADER] == "miss" and "Horizon importé" in answer.text


def test_a_bulk_update_without_signals_shows_on_the_next_request(horizon):
    path = url_in("fr", "finder:organization", "horizon-test")
    get(path)
    assert get(path)[HEADER] == "hit"
    Organization.objects.filter(slug="horizon-test").update(name_fr="Horizon mis à jour en SQL")
    assert "Horizon mis à jour en SQL" in get(path).text


def test_a_page_for_one_language_is_never_served_for_the_other(horizon):
    french, english = url_in("fr", "finder:service_point", horizon.pk), url_in("en", "finder:service_point", horizon.pk)
    assert french != english
    for _ in range(2):
        fr_page, en_page = get(french), get(english)
        assert (fr_page["Content-Language"], en_page["Content-Language"]) == ("fr", "en")
        assert '<html lang="fr"' in fr_page.text and '<html lang="en"' in en_page.text
    assert fr_page[HEADER] == en_page[HEADER] == "hit"


def test_the_api_answers_in_the_language_asked_on_the_same_url(far_point):
    path = f"/api/v1/search?lat={LAT}&lon={LON}"
    for _ in range(2):
        french = get(path, HTTP_ACCEPT_LANGUAGE="fr")
        english = get(path, HTTP_ACCEPT_LANGUAGE="en")
        assert (french["Content-Language"], english["Content-Language"]) == ("fr", "en")
        assert french.json()["results"][0]["organization"]["name"] == "Organisme du bout du monde"
        assert english.json()["results"][0]["organization"]["name"] == "Organisme du bout du monde (EN)"
    assert french[HEADER] == english[HEADER] == "hit"


def test_a_new_day_renders_again(horizon, monkeypatch):
    import datetime as dt

    path = url_in("fr", "finder:service_point", horizon.pk)
    get(path)
    assert get(path)[HEADER] == "hit"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr("speed.pagecache.timezone.localdate", lambda: tomorrow)
    assert get(path)[HEADER] == "miss"


def test_open_now_is_rendered_again_in_the_next_time_slot(horizon, monkeypatch):
    import time

    from speed.pagecache import slot_end

    path = url_in("fr", "finder:service_point", horizon.pk)
    home = url_in("fr", "pages:home")
    for page in (path, home):
        get(page)
        assert get(page)[HEADER] == "hit"
    later = slot_end(time.time()) + 1
    monkeypatch.setattr("speed.pagecache.time.time", lambda: later)
    assert get(path)[HEADER] == "miss"  # the card's "open now" may have changed
    assert get(home)[HEADER] == "hit"  # the home page says nothing about the time


def test_logged_in_staff_are_never_served_nor_stored(horizon, staff_client, manager_a):
    path = url_in("fr", "pages:home")
    staff = staff_client(manager_a)
    for _ in range(2):
        assert HEADER not in staff.get(path)
    assert get(path)[HEADER] == "miss"  # the staff's pages were not stored
    assert get(path)[HEADER] == "hit"
    assert HEADER not in staff.get(path)  # nor is the cached page served to them


def test_a_visitor_with_saved_answers_gets_their_own_page(far_point):
    visitor = Client()
    answers = {"employment": "employed", "income_support": "none", "immigration_status": "citizen_pr"}
    visitor.post(url_in("fr", "eligibility:questionnaire"), {**answers, "career_change": "no"})
    assert visitor.cookies.get("sessionid"), "the questionnaire keeps the answers in a session"
    path = url_in("fr", "finder:search") + f"?lat={LAT}&lon={LON}"
    get(path)
    assert get(path)[HEADER] == "hit"
    for _ in range(2):
        page = visitor.get(path)
        assert HEADER not in page
        assert "csrfmiddlewaretoken" in page.text  # their answers, with the form to forget them


def test_a_page_with_a_csrf_token_is_never_stored(horizon, monkeypatch):
    from speed import pagecache

    monkeypatch.setattr(pagecache, "CACHED_VIEWS", pagecache.CACHED_VIEWS | {"eligibility:questionnaire"})
    path = url_in("fr", "eligibility:questionnaire")
    for _ in range(2):
        page = get(path)
        assert "csrfmiddlewaretoken" in page.text
        assert HEADER not in page


def test_the_portal_and_the_admin_are_never_cached(horizon, staff_client, manager_a):
    portal = staff_client(manager_a)
    for path in (reverse("referrals:inbox"), reverse("accounts:login")):
        for _ in range(2):
            assert HEADER not in portal.get(path)
            assert HEADER not in get(path)


@pytest.mark.parametrize(
    "sql, writes",
    [
        ('SELECT * FROM "directory_location"', False),
        ('INSERT INTO "directory_location" ("name_fr") VALUES (%s)', True),
        ('UPDATE "eligibility_rule" SET "text" = %s', True),
        ('DELETE FROM "guides_guide" WHERE "id" = %s', True),
        ('TRUNCATE "geography_postalcode"', True),
        ('INSERT INTO "insights_searchevent" ("day") VALUES (%s)', False),
        ('INSERT INTO "django_cache" ("cache_key") VALUES (%s)', False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ("WITH moved AS (SELECT 1) UPDATE directory_serviceatlocation SET is_active = 0", True),
        ("SAVEPOINT s1", False),
    ],
)
def test_it_tells_writes_to_the_public_data(db, sql, writes):
    assert version.writes_data(sql) is writes


def test_a_write_in_an_open_transaction_bumps_before_the_next_read(horizon):
    before = version.ensure()
    Organization.objects.filter(pk=horizon.service.organization_id).update(name_fr="Autre")
    assert version.current() == before  # not yet: other connections cannot see the write before the commit
    version.flush_pending()
    assert version.current() not in (before, None)


@pytest.mark.parametrize("name", ["finder:service_point", "pages:home"])
def test_a_visitors_source_never_reaches_the_page_the_next_visitor_gets(horizon, name):
    """One cached page serves every campaign: its links (language, shared link, hreflang) never carry the first
    visitor's via/campaign/utm_* (they would count the next visitor as a poster's or a share's)."""
    path = url_in("fr", name, *([horizon.pk] if name == "finder:service_point" else []))
    first = get(f"{path}?via=poster&campaign=bibliotheque-rimouski&utm_source=journal")
    second = get(path)
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    for text in (first.text, second.text):
        assert "via=" not in text and "bibliotheque-rimouski" not in text and "utm_" not in text


def test_a_region_page_is_cached_and_an_import_shows_on_the_next_request(horizon):
    """The page a region poster's QR code opens: cached like the other listings, never stale."""
    path = url_in("fr", "finder:region", horizon.location.region_id)
    first = get(path)
    assert first.status_code == 200 and "Horizon" in first.text
    assert get(path)[HEADER] == "hit"
    directory_import(import_data(organization_raw(name={"fr": "Horizon importé", "en": "Horizon imported"})))
    answer = get(path)
    assert answer[HEADER] == "miss" and "Horizon importé" in answer.text
