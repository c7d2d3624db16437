"""The directory admin: every model listed, filters and search work, editing a location keeps its points in step."""

import pytest
from django.urls import reverse

from directory.importer import directory_import
from directory.models import Clientele, Location, Service, ServiceAtLocation
from tests.fixtures.accounts import make_staff, verified_client
from tests.fixtures.directory import import_data, organization_raw

MODELS = [
    "clientele", "servicekind", "organization", "service", "location", "serviceatlocation", "phone", "schedule",
    "language", "accessibility", "servicearea", "address",
]  # fmt: skip


@pytest.fixture
def admin_client(client, directory_ready):
    directory_import(import_data(organization_raw()))
    user = make_staff(is_network_admin=True)
    user.is_staff = user.is_superuser = True
    user.save()
    return verified_client(client, user)


@pytest.mark.parametrize("model", MODELS)
def test_it_lists_every_directory_model(admin_client, model):
    response = admin_client.get(reverse(f"admin:directory_{model}_changelist"), {"q": "horizon"})
    assert response.status_code == 200


def test_it_filters_organisations_and_services_by_region_and_clientele(admin_client):
    url = reverse("admin:directory_organization_changelist")
    assert "Horizon Test" in admin_client.get(url, {"locations__region__code__exact": "01"}).text
    url = reverse("admin:directory_service_changelist")
    youth = Clientele.objects.get(slug="youth")
    response = admin_client.get(url, {"clienteles__id__exact": youth.pk})
    assert "Job search help" in response.text


def test_the_organisation_page_shows_its_services_and_locations(admin_client):
    location = Location.objects.get(organization__slug="horizon-test")
    response = admin_client.get(reverse("admin:directory_organization_change", args=[location.organization_id]))
    assert response.status_code == 200
    assert "Main office" in response.text
    assert "Job search help" in response.text


def test_moving_a_location_moves_its_service_points(admin_client, directory_places):
    location = Location.objects.get(organization__slug="horizon-test")
    url = reverse("admin:directory_location_change", args=[location.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "organization": location.organization_id,
            "municipality": "99002",
            "latitude": "45.48",
            "longitude": "-75.70",
            **{
                f"{prefix}-TOTAL_FORMS": "0"
                for prefix in ("addresses", "phones", "schedules", "languages", "accessibility")
            },
            **{
                f"{prefix}-INITIAL_FORMS": "0"
                for prefix in ("addresses", "phones", "schedules", "languages", "accessibility")
            },
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    point = ServiceAtLocation.objects.get(location=location)
    assert (point.latitude, point.longitude, point.region_id) == (45.48, -75.70, "07")


def test_a_service_point_added_in_the_service_page_gets_its_location_coordinates(admin_client):
    service = Service.objects.get(organization__slug="horizon-test")
    directory_import(import_data(organization_raw(slug="autre")))
    other_location = Location.objects.get(organization__slug="autre")
    url = reverse("admin:directory_service_change", args=[service.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value for key, value in form.initial.items() if value is not None and key not in ("clienteles", "kinds")
    }
    data["organization"] = service.organization_id
    data["clienteles"] = list(service.clienteles.values_list("pk", flat=True))
    data["kinds"] = list(service.kinds.values_list("pk", flat=True))
    existing = service.service_at_locations.get()
    data.update(
        {
            "service_at_locations-TOTAL_FORMS": "2",
            "service_at_locations-INITIAL_FORMS": "1",
            "service_at_locations-0-id": existing.pk,
            "service_at_locations-0-service": service.pk,
            "service_at_locations-0-location": existing.location_id,
            "service_at_locations-0-is_active": "on",
            "service_at_locations-1-service": service.pk,
            "service_at_locations-1-location": other_location.pk,
            "service_at_locations-1-is_active": "on",
            **{f"{p}-TOTAL_FORMS": "0" for p in ("schedules", "languages", "phones", "service_areas")},
            **{f"{p}-INITIAL_FORMS": "0" for p in ("schedules", "languages", "phones", "service_areas")},
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"]
    ]
    point = ServiceAtLocation.objects.get(service=service, location=other_location)
    assert (point.latitude, point.region_id) == (other_location.latitude, other_location.region_id)
