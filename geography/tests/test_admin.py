"""The geography admin: every list and detail page opens, and nothing can be edited there."""

import pytest
from django.urls import reverse

from geography.models import PostalCode
from tests.fixtures.accounts import verified_login

pytestmark = pytest.mark.usefixtures("geography_data")


@pytest.fixture
def mathieu(db, django_user_model):
    """Mathieu, a network administrator who looks up reference data in the admin (superuser)."""
    return django_user_model.objects.create_superuser(
        username="mathieu", email="mathieu@example.org", password="a-long-enough-password"
    )


@pytest.mark.parametrize(
    ("model", "pk", "search"),
    [
        ("region", "02", "Saguenay"),
        ("municipality", "94068", "Saguenay"),
        ("forwardsortationarea", "G7H", "G7H"),
        ("postalcode", "H2X1Y4", "H2X1Y4"),
        ("placename", None, "Chicoutimi"),
        ("loadrecord", "geography", ""),
    ],
)
def test_it_shows_the_reference_data_read_only(client, mathieu, model, pk, search):
    verified_login(client, mathieu)
    listing = client.get(reverse(f"admin:geography_{model}_changelist"), {"q": search})
    assert listing.status_code == 200
    if pk is not None:
        detail = client.get(reverse(f"admin:geography_{model}_change", args=[pk]))
        assert detail.status_code == 200
        assert 'name="_save"' not in detail.content.decode()
    assert client.get(reverse(f"admin:geography_{model}_add")).status_code == 403


def test_it_refuses_to_delete_reference_data(client, mathieu):
    verified_login(client, mathieu)
    response = client.post(reverse("admin:geography_postalcode_delete", args=["H2X1Y4"]), {"post": "yes"})
    assert response.status_code == 403
    assert PostalCode.objects.filter(code="H2X1Y4").exists()
