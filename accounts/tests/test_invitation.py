import re
import time

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.invitations import invitation_token, invitation_user
from accounts.models import Membership, User


def _invite(client, organization, email="new@example.org", role="counsellor"):
    return client.post(
        reverse("accounts:invite"),
        {
            "email": email,
            "first_name": "Nouvelle",
            "last_name": "Personne",
            "organization": organization.pk,
            "role": role,
        },
    )


def test_it_lets_a_manager_invite_to_their_centre(
    staff_client, manager_a, centre_a, django_capture_on_commit_callbacks
):
    organization = centre_a.service.organization
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(staff_client(manager_a), organization)
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).organization == organization
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("8000", 1)[-1]
    anonymous = Client()
    assert anonymous.get(path).status_code == 200
    response = anonymous.post(
        path, {"new_password1": "A-long-pass-phrase-42", "new_password2": "A-long-pass-phrase-42"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("A-long-pass-phrase-42")
    assert anonymous.get(path).status_code == 404  # the link works once


def test_it_refuses_an_invitation_to_another_centre(staff_client, manager_a, centre_b):
    response = _invite(staff_client(manager_a), centre_b.service.organization)
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_refuses_invitations_from_counsellors(staff_client, counsellor_a, centre_a):
    response = _invite(staff_client(counsellor_a), centre_a.service.organization)
    assert response.status_code == 403
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_lets_a_network_admin_invite_anywhere(staff_client, network_admin, centre_b):
    assert _invite(staff_client(network_admin), centre_b.service.organization, role="manager").status_code == 302
    assert Membership.objects.get(user__email="new@example.org").role == "manager"


def test_it_rejects_a_tampered_or_expired_link(db, manager_a, monkeypatch):
    token = invitation_token(manager_a)
    assert invitation_user(token) == manager_a
    assert invitation_user(token + "x") is None
    eight_days_later = time.time() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: eight_days_later)
    assert invitation_user(token) is None


def test_it_sends_a_password_reset_link(client, manager_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": manager_a.email})
    assert response.status_code == 302
    assert "/accounts/password/reset/" in mail.outbox[-1].body
