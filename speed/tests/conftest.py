"""Fixtures of the page-cache and fragment tests."""

import pytest
from django.core.cache import cache

from directory.importer import directory_import
from directory.models import Location, ServiceAtLocation
from tests.fixtures.accounts import make_staff, verified_client
from tests.fixtures.directory import import_data, organization_raw

LAT, LON = 51.5, -63.5
INLINES = ("addresses", "phones", "schedules", "languages", "accessibility")


def rename_location_in_admin(client, location: Location, name_fr: str) -> None:
    """A network administrator renames a place through the Django admin's change form (inlines left as they are)."""
    from django.urls import reverse

    admin = make_staff(is_network_admin=True)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    staff = verified_client(client, admin)
    url = reverse("admin:directory_location_change", args=[location.pk])
    form = staff.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update({"organization": location.organization_id, "name_fr": name_fr})
    data.update({f"{prefix}-TOTAL_FORMS": "0" for prefix in INLINES})
    data.update({f"{prefix}-INITIAL_FORMS": "0" for prefix in INLINES})
    assert staff.post(url, data).status_code == 302
    assert Location.objects.get(pk=location.pk).name_fr == name_fr


@pytest.fixture
def page_cache(db, settings):
    settings.PAGE_CACHE = True
    settings.REDIS_URL = ""
    cache.clear()
    return settings


@pytest.fixture
def horizon(page_cache, directory_ready):
    directory_import(import_data(organization_raw()))
    return ServiceAtLocation.objects.get(service__organization__slug="horizon-test")


@pytest.fixture
def far_point(page_cache, make_point, reference_data):
    """A point alone in a corner of Côte-Nord (as in tests/test_query_counts.py): searches there find only it."""
    return make_point(LAT, LON, clienteles=("youth",), name="Organisme du bout du monde")


def rename_service_in_portal(portal, service, name_fr: str) -> None:
    """A centre's manager renames a service through the portal's edit form (everything else sent back unchanged)."""
    from django.urls import reverse

    from referrals.tests.test_listing import _formsets_data

    url = reverse("referrals:service_edit", args=[service.pk])
    page = portal.get(url)
    form = page.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({"clienteles": [], "kinds": [], "name_fr": name_fr, "name_en": "Renamed"})
    data.update({"status": "active", **_formsets_data(page)})
    assert portal.post(url, data).status_code == 302
