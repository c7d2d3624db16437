"""Claim and confirm: imported organisations are invited, a manager claims and confirms, the dashboard counts move."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, User
from accounts.roles import network_admin_grant
from directory.models import Organization
from directory.spreadsheet import sheet_import, sheet_read
from outbox.models import OutgoingMail
from referrals.claims import claimed_slugs, claims_by_region, claims_invite, claims_remind
from referrals.models import ListingClaim
from tests.fixtures.accounts import make_staff, verified_login
from tests.fixtures.sheets import sheet_csv, sheet_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def imported():
    sheet_import(sheet_read(sheet_csv([sheet_row(n) for n in range(1, 4)]), "f.csv"))
    return Organization.objects.filter(slug__startswith="feuille-").order_by("slug")


@pytest.fixture
def admin_user():
    user = make_staff(email="admin.claims@example.org")
    network_admin_grant(user)
    return user


def test_it_invites_each_imported_organisation_once_at_the_sheets_address(imported, admin_user):
    assert claims_invite(organizations=Organization.objects.all(), by=admin_user) == 3
    assert claims_invite(organizations=Organization.objects.all(), by=admin_user) == 0
    assert ListingClaim.objects.count() == 3
    assert not ListingClaim.objects.filter(organization__is_sample=True).exists()
    assert set(OutgoingMail.objects.filter(kind="invitation").values_list("to", flat=True)) >= set(
        imported.values_list("email", flat=True)
    )


def test_the_dashboard_counts_move_from_imported_to_confirmed(imported, admin_user, client):
    org = imported[0]
    _regions, total = claims_by_region()
    assert (total.imported, total.invited, total.claimed, total.confirmed) == (3, 0, 0, 0)
    claims_invite(organizations=imported, by=admin_user)
    manager = User.objects.get(email=org.email)
    assert Membership.objects.filter(user=manager, organization=org, role="manager").exists()
    manager.last_login = timezone.now()
    manager.save()
    verified_login(client, manager)
    response = client.post(reverse("referrals:listing_confirm", args=[org.pk]))
    assert response.status_code == 302
    regions, total = claims_by_region()
    assert (total.invited, total.claimed, total.confirmed, total.stale) == (3, 1, 1, 0)
    region = org.locations.get().region_id
    assert next(r for r in regions if r.code == region).confirmed == 1
    service = org.services.get()
    assert service.assured_date == timezone.localdate() and service.assurer == org.name
    assert claimed_slugs() == {org.slug}


def test_a_listing_not_confirmed_for_twelve_months_is_stale(imported, admin_user):
    claims_invite(organizations=imported, by=admin_user)
    ListingClaim.objects.filter(organization=imported[0]).update(confirmed_at=timezone.now() - timedelta(days=400))
    ListingClaim.objects.filter(organization=imported[1]).update(confirmed_at=timezone.now() - timedelta(days=10))
    _regions, total = claims_by_region()
    assert (total.confirmed, total.stale) == (1, 1)


def test_it_reminds_only_unclaimed_invitations_that_are_old_enough(imported, admin_user):
    claims_invite(organizations=imported, by=admin_user)
    assert claims_remind() == 0
    later = timezone.now() + timedelta(days=15)
    User.objects.filter(email=imported[0].email).update(last_login=timezone.now())
    assert claims_remind(now=later) == 2
    assert claims_remind(now=later) == 0


def test_the_dashboard_is_for_network_administrators(imported, admin_user, client):
    verified_login(client, admin_user)
    page = client.get(reverse("admin:referrals_listingclaim_changelist"))
    assert page.status_code == 200
    assert 'data-count="imported">3<' in page.content.decode()
    assert client.post(reverse("admin:referrals_listingclaim_invite")).status_code == 302
    assert ListingClaim.objects.count() == 3


def test_a_manager_cannot_open_the_dashboard(client, centre_a):
    manager = make_staff(organization=centre_a.service.organization, role="manager")
    manager.is_staff = True
    manager.save()
    verified_login(client, manager)
    assert client.get(reverse("admin:referrals_listingclaim_changelist")).status_code == 403
    assert client.post(reverse("admin:referrals_listingclaim_invite")).status_code == 403
