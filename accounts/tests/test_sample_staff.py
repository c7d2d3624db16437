import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, User
from accounts.sample import DEMO_PASSWORD, DEMO_TOTP_SECRET
from accounts.twofactor import code_for_secret, confirmed_device


@pytest.fixture
def sample_orgs(make_point):
    from directory.models import Organization

    Organization.objects.filter(is_sample=True).update(is_sample=False)  # the session's sample directory, if loaded
    return [make_point(46.0 + i / 10, -71.0, is_sample=True).service.organization for i in range(3)]


def test_it_creates_the_demo_accounts_idempotently(sample_orgs):
    call_command("create_sample_staff", verbosity=0)
    call_command("create_sample_staff", verbosity=0)
    assert User.objects.filter(email__endswith="@example.org").count() == 4
    manager = User.objects.get(email="manager@example.org")
    assert manager.check_password(DEMO_PASSWORD)
    assert {m.role for m in manager.memberships.all()} == {Membership.Role.MANAGER}
    assert manager.memberships.count() == 2
    assert User.objects.get(email="admin@example.org").is_network_admin
    device = confirmed_device(manager)
    assert device.verify_token(code_for_secret(DEMO_TOTP_SECRET))


def test_it_uses_only_sample_organisations(make_point, db):
    from directory.models import Organization

    Organization.objects.filter(is_sample=True).update(is_sample=False)  # the session's sample directory, if loaded
    make_point(46.0, -71.0, is_sample=False)
    with pytest.raises(CommandError):
        call_command("create_sample_staff", verbosity=0)


def test_it_refuses_to_run_in_production(sample_orgs, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("create_sample_staff", verbosity=0)
    assert not User.objects.exists()


def test_it_logs_in_a_demo_account_with_the_documented_code(client, sample_orgs):
    from django.urls import reverse

    call_command("create_sample_staff", verbosity=0)
    client.post(reverse("accounts:login"), {"username": "counsellor@example.org", "password": DEMO_PASSWORD})
    client.post(reverse("accounts:verify"), {"token": code_for_secret(DEMO_TOTP_SECRET)})
    assert client.get(reverse("referrals:inbox")).status_code == 200
