"""The Django admin (rules, guides, directory) asks for the second factor like every staff page."""

import pytest

from accounts.roles import network_admin_grant
from tests.fixtures.accounts import make_staff, verified_login

pytestmark = pytest.mark.django_db


def test_it_refuses_the_admin_with_a_password_alone(client):
    admin = make_staff(email="rules.admin@example.org")
    network_admin_grant(admin)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/fr/admin/eligibility/rule/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_it_opens_the_admin_to_a_verified_network_admin(client):
    admin = make_staff(email="rules.admin@example.org")
    network_admin_grant(admin)
    verified_login(client, admin)
    assert client.get("/fr/admin/eligibility/rule/").status_code == 200
    assert client.get("/fr/admin/guides/guide/").status_code == 200
