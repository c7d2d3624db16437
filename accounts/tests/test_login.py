"""Staff log in with a password and a TOTP code; repeated failures lock the account (django-axes)."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.sample import DEMO_TOTP_SECRET
from accounts.twofactor import code_for_secret, device_secret_base32
from tests.fixtures.accounts import make_staff

PASSWORD = "Correct-horse-battery-9"


@pytest.fixture
def staff(centre_a):
    return make_staff(organization=centre_a.service.organization, email="login@example.org", password=PASSWORD)


def _login(client, email, password, next_url=""):
    data = {"username": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_it_shows_the_login_page(client, db, language):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    assert f'lang="{language}"' in response.content.decode()


def test_it_requires_the_second_factor_after_the_password(client, staff):
    response = _login(client, staff.email, PASSWORD)
    assert response.status_code == 302
    inbox = client.get(response["Location"])
    assert inbox.status_code == 302
    assert inbox["Location"].startswith(reverse("accounts:verify"))
    verify = client.post(inbox["Location"], {"token": code_for_secret(DEMO_TOTP_SECRET)})
    assert verify.status_code == 302
    assert client.get(reverse("referrals:inbox")).status_code == 200


def test_it_refuses_a_wrong_code(client, staff):
    _login(client, staff.email, PASSWORD)
    wrong = "000000" if code_for_secret(DEMO_TOTP_SECRET) != "000000" else "111111"
    response = client.post(reverse("accounts:verify"), {"token": wrong})
    assert response.status_code == 200
    assert client.get(reverse("referrals:inbox")).status_code == 302


def test_it_enrols_a_new_device_with_an_inline_svg_qr_code(client, staff):
    TOTPDevice.objects.filter(user=staff).delete()
    _login(client, staff.email, PASSWORD)
    response = client.get(reverse("accounts:verify"))
    assert response["Location"].startswith(reverse("accounts:setup"))
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "<svg" in body and "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = device_secret_base32(device)
    assert secret in body
    response = client.post(reverse("accounts:setup"), {"token": code_for_secret(secret)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("referrals:inbox")).status_code == 200


def test_it_locks_the_account_after_five_failures(client, staff):
    for _ in range(5):
        assert _login(client, staff.email, "wrong-password").status_code in (200, 429)
    response = _login(client, staff.email, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Compte temporairement bloqué" in body or "Account temporarily locked" in body
    assert "30 minutes" in body
    assert client.get(reverse("referrals:inbox")).status_code == 302


def test_it_does_not_redirect_to_another_site_after_the_second_factor(client, staff):
    _login(client, staff.email, PASSWORD)
    response = client.post(
        reverse("accounts:verify"), {"token": code_for_secret(DEMO_TOTP_SECRET), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("referrals:inbox")


def test_it_logs_out(staff_client, staff):
    client = staff_client(staff)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 200
    assert client.get(reverse("referrals:inbox")).status_code == 302


def test_it_expires_sessions_after_eight_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_it_refuses_the_portal_to_a_verified_user_without_a_centre(staff_client, db):
    outsider = make_staff(email="outsider@example.org")
    response = staff_client(outsider).get(reverse("referrals:inbox"))
    assert response.status_code == 403
