"""Finding 1 of the production probe: inviting an existing account attached it to a centre at once, so a network
administrator could add themselves to any centre and read its inbox. Now an existing account joins only by its own
signed-in acceptance, the centre's managers see who joined, and every membership change is in the audit log."""

from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from accounts.invitations import invitation_create, invitations_pending
from accounts.models import Invitation, Membership
from tests.fixtures.accounts import make_staff


def _invite(client, organization, email, role="counsellor"):
    return client.post(
        reverse("accounts:invite"),
        {"email": email, "first_name": "X", "last_name": "Y", "organization": organization.pk, "role": role},
    )


def test_it_does_not_let_a_network_admin_add_themselves_to_a_centre(
    staff_client, network_admin, manager_a, centre_a, django_capture_on_commit_callbacks
):
    organization = centre_a.service.organization
    client = staff_client(network_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert _invite(client, organization, network_admin.email).status_code == 302
    assert not Membership.objects.filter(user=network_admin).exists()
    contact_request_url = reverse("referrals:inbox")
    # The inbox still shows nothing of the centre's requests: no membership, no access.
    assert client.get(contact_request_url).status_code == 302  # network admins without a centre go to the counts


def test_it_asks_an_existing_account_to_accept_before_it_joins(
    staff_client, manager_a, counsellor_b, centre_a, django_capture_on_commit_callbacks
):
    organization = centre_a.service.organization
    with django_capture_on_commit_callbacks(execute=True):
        _invite(staff_client(manager_a), organization, counsellor_b.email)
    assert not Membership.objects.filter(user=counsellor_b, organization=organization).exists()
    assert mail.outbox[-1].to == [counsellor_b.email]
    assert reverse("accounts:invitations") in mail.outbox[-1].body

    invitation = Invitation.objects.get(user=counsellor_b)
    client = staff_client(counsellor_b)
    page = client.get(reverse("accounts:invitations"))
    assert page.status_code == 200
    assert organization.name in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.get(user=counsellor_b, organization=organization).role == "counsellor"
    assert invitations_pending(counsellor_b).count() == 0


def test_it_lets_an_existing_account_decline(staff_client, manager_a, counsellor_b, centre_a):
    organization = centre_a.service.organization
    _invite(staff_client(manager_a), organization, counsellor_b.email)
    invitation = Invitation.objects.get(user=counsellor_b)
    client = staff_client(counsellor_b)
    client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "decline"})
    assert not Membership.objects.filter(user=counsellor_b, organization=organization).exists()
    # A declined invitation cannot be accepted afterwards.
    client.post(reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"})
    assert not Membership.objects.filter(user=counsellor_b, organization=organization).exists()


def test_it_refuses_an_acceptance_by_anyone_but_the_invitee(staff_client, manager_a, counsellor_b, centre_a):
    organization = centre_a.service.organization
    _invite(staff_client(manager_a), organization, counsellor_b.email)
    invitation = Invitation.objects.get(user=counsellor_b)
    response = staff_client(manager_a).post(
        reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(user=counsellor_b, organization=organization).exists()


def test_it_shows_a_network_admin_who_joined_to_the_centre_managers(
    staff_client, network_admin, manager_a, centre_a, django_capture_on_commit_callbacks
):
    organization = centre_a.service.organization
    invitation_create(
        email=network_admin.email,
        first_name="",
        last_name="",
        organization=organization,
        role="counsellor",
        by=network_admin,
    )
    invitation = Invitation.objects.get(user=network_admin)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client(network_admin).post(
            reverse("accounts:invitation_answer", args=[invitation.pk]), {"answer": "accept"}
        )
    assert Membership.objects.filter(user=network_admin, organization=organization).exists()
    assert manager_a.email in [address for message in mail.outbox for address in message.to]
    team = staff_client(manager_a).get(reverse("accounts:team")).content.decode()
    assert network_admin.email in team
    assert "administrat" in team  # flagged as a network administrator
    assert "history" in team.lower() or "historique" in team.lower()


def test_it_audits_every_membership_change(db, manager_a, centre_a, centre_b):
    user = make_staff(email="audited@example.org")
    membership = Membership.objects.create(user=user, organization=centre_b.service.organization, role="counsellor")
    membership.role = "manager"
    membership.save()
    pk = membership.pk
    membership.delete()
    entries = LogEntry.objects.get_for_model(Membership).filter(object_pk=str(pk)).order_by("timestamp")
    assert [entry.action for entry in entries] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    ]
    assert all(entry.additional_data["organization_id"] == centre_b.service.organization_id for entry in entries)


def test_it_still_creates_new_accounts_ready_to_set_a_password(
    db, manager_a, centre_a, django_capture_on_commit_callbacks
):
    organization = centre_a.service.organization
    with django_capture_on_commit_callbacks(execute=True):
        user = invitation_create(
            email="brand.new@example.org",
            first_name="B",
            last_name="N",
            organization=organization,
            role="manager",
            by=manager_a,
        )
    # A new account has no password yet: only the person holding the e-mail can use it, through the link.
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).role == "manager"
    assert "/accounts/invitation/" in mail.outbox[-1].body
