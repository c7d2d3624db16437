"""Finding 3 of the production probe: the lockout counted per (account, address) only, so guesses spread over many
addresses never slowed down, and one address could try many accounts. Now an account that fails from many addresses
meets a growing delay (never a lock an attacker could hold to keep staff out for long), and an address that fails on
many accounts is refused."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.urls import reverse

from tests.fixtures.accounts import make_staff

PASSWORD = "Correct-horse-battery-9"


def _login(client, email, password, address):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=address)


def _age_attempts(seconds):
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(
            attempt_time=attempt.attempt_time - timedelta(seconds=seconds)
        )


def test_it_slows_down_guesses_on_one_account_spread_over_many_addresses(client, centre_a, settings):
    settings.LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY = 6
    staff = make_staff(organization=centre_a.service.organization, email="target@example.org", password=PASSWORD)
    for n in range(6):
        assert _login(client, staff.email, "wrong", f"198.51.100.{n + 1}").status_code == 200
    # A seventh address, even with the right password, must wait: the account is being guessed at.
    refused = _login(client, staff.email, PASSWORD, "198.51.100.50")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS
    assert "staff" not in client.session.get("_auth_user_id", "")
    # The delay is short and passes: the owner gets in afterwards.
    _age_attempts(settings.LOGIN_ACCOUNT_DELAY_SECONDS + 1)
    assert _login(client, staff.email, PASSWORD, "198.51.100.50").status_code == 302


def test_it_makes_the_delay_grow_with_each_failure(db, settings):
    from accounts.lockout import account_delay

    settings.LOGIN_ACCOUNT_FAILURES_BEFORE_DELAY = 10
    settings.LOGIN_ACCOUNT_DELAY_SECONDS = 30
    settings.LOGIN_ACCOUNT_MAX_DELAY_SECONDS = 600
    assert account_delay(9) == timedelta(0)
    assert account_delay(10) == timedelta(seconds=30)
    assert account_delay(11) == timedelta(seconds=60)
    assert account_delay(13) == timedelta(seconds=240)
    assert account_delay(50) == timedelta(seconds=600)


def test_it_refuses_an_address_that_fails_on_many_accounts(client, centre_a, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    staff = make_staff(organization=centre_a.service.organization, email="real@example.org", password=PASSWORD)
    for n in range(8):
        _login(client, f"guess{n}@example.org", "wrong", "203.0.113.66")
    assert _login(client, staff.email, PASSWORD, "203.0.113.66").status_code == 429
    # Another address is not affected.
    assert _login(client, staff.email, PASSWORD, "203.0.113.67").status_code == 302
