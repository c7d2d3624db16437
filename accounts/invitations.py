"""Invitations: a manager or network administrator invites someone to a centre.

- A new address gets an account without a password and a signed link to choose one; the link expires and stops
  working once used (it is bound to the current password hash). Only the person holding the e-mail can use it.
- An existing account is never attached by someone else: it gets a pending ``Invitation`` and joins only when it
  accepts, signed in with its second factor (``invitation_answer``). Otherwise a network administrator could add
  themselves to any centre and read its inbox, or a manager could pull another centre's staff in.
- Whenever someone joins, the centre's managers are told by e-mail and see them (and the history) on the team page;
  every membership change is in the audit log (accounts/apps.py registers Membership with django-auditlog).
"""

from contextlib import nullcontext
from datetime import timedelta

from auditlog.context import set_actor
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import Invitation, Membership, User
from directory.models import Organization
from lib.links import absolute_url
from outbox.mail import mail_queue, mail_render

SALT = "accounts.invitation"


def invitation_days() -> int:
    return getattr(settings, "INVITATION_DAYS", 7)


def _state(user: User) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.last_login}", algorithm="sha256").hexdigest()[:20]


def invitation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


def invitation_user(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=invitation_days() * 86400)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or not constant_time_compare(_state(user), data.get("s", "")):
        return None
    return user


def can_invite_to(user: User) -> QuerySet[Organization]:
    if user.is_network_admin:
        return Organization.objects.order_by("name")
    return Organization.objects.filter(memberships__user=user, memberships__role=Membership.Role.MANAGER).order_by(
        "name"
    )


def _language(user: User) -> str:
    return user.preferred_language if user.preferred_language in ("fr", "en") else "fr"


def invitation_create(
    *, email: str, first_name: str, last_name: str, organization: Organization, role: str, by: User
) -> User:
    """Invite ``email`` to ``organization``: a new account joins at once (it has no password until the person sets
    one through the e-mailed link); an existing account gets a pending invitation it must accept itself."""
    email = User.objects.normalize_email(email).strip()
    inviter = by.get_full_name() or by.email
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            _invitation_offer(user=user, organization=organization, role=role, by=by)
            return user
        user = User(username=email, email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
        membership_grant(user=user, organization=organization, role=role, by=by)
        language = _language(user)
        subject, body = mail_render(
            "accounts/mail/invitation",
            {
                "organization": organization.name,
                "inviter": inviter,
                "url": absolute_url("accounts:invitation_accept", invitation_token(user), language=language),
                "days": invitation_days(),
            },
            language=language,
        )
        mail_queue(to=user.email, subject=subject, body=body, kind="invitation")
    return user


def _invitation_offer(*, user: User, organization: Organization, role: str, by: User) -> Invitation:
    invitation = Invitation.objects.filter(user=user, organization=organization, status=Invitation.Status.PENDING)
    invitation = invitation.first()
    if invitation is None:
        invitation = Invitation.objects.create(user=user, organization=organization, role=role, invited_by=by)
    else:
        # Inviting again renews the offer (new role, new delay) rather than stacking several.
        invitation.role, invitation.invited_by, invitation.created_at = role, by, timezone.now()
        invitation.save(update_fields=["role", "invited_by", "created_at"])
    language = _language(user)
    subject, body = mail_render(
        "accounts/mail/invitation_existing",
        {
            "organization": organization.name,
            "inviter": by.get_full_name() or by.email,
            "url": absolute_url("accounts:invitations", language=language),
            "days": invitation_days(),
        },
        language=language,
    )
    mail_queue(to=user.email, subject=subject, body=body, kind="invitation")
    return invitation


def invitations_pending(user: User) -> QuerySet[Invitation]:
    """The invitations ``user`` may still accept (pending and not older than INVITATION_DAYS)."""
    since = timezone.now() - timedelta(days=invitation_days())
    return (
        Invitation.objects.filter(user=user, status=Invitation.Status.PENDING, created_at__gte=since)
        .select_related("organization", "invited_by")
        .order_by("-created_at")
    )


def invitation_answer(*, user: User, invitation_id: int, accept: bool) -> Invitation | None:
    """The invitee's own answer. Returns None when ``user`` has no such pending invitation (someone else's, answered,
    expired): nobody can accept on another's behalf."""
    with transaction.atomic():
        invitation = invitations_pending(user).select_for_update(of=("self",)).filter(pk=invitation_id).first()
        if invitation is None:
            return None
        invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])
        if accept:
            membership_grant(user=user, organization=invitation.organization, role=invitation.role, by=user)
    return invitation


def membership_grant(*, user: User, organization: Organization, role: str, by: User | None) -> Membership:
    """Give ``user`` a role in ``organization`` (audited through django-auditlog) and tell the centre's managers."""
    with set_actor(by) if by is not None else nullcontext():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
        if not created and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
    managers = User.objects.filter(
        memberships__organization=organization, memberships__role=Membership.Role.MANAGER, is_active=True
    ).exclude(pk=user.pk)
    for manager in managers.distinct():
        language = _language(manager)
        subject, body = mail_render(
            "accounts/mail/member_joined",
            {
                "organization": organization.name,
                "member": user.get_full_name() or user.email,
                "email": user.email,
                "network_admin": user.is_network_admin,
                "role": role,
                "url": absolute_url("accounts:team", language=language),
            },
            language=language,
        )
        mail_queue(to=manager.email, subject=subject, body=body, kind="member_joined")
    return membership


def team_history(organization_ids: set[int]) -> QuerySet:
    """Audit entries of the memberships of these centres, newest first (kept after a membership is removed)."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_model(Membership).select_related("actor").order_by("-timestamp")
    return entries.filter(additional_data__organization_id__in=sorted(organization_ids))
