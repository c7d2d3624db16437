"""Invitations: a manager or network administrator adds someone to a centre; the invitee sets a password through a
signed link that expires and stops working once used (it is bound to the current password hash)."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

from accounts.models import Membership, User
from directory.models import Organization

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


def invitation_create(
    *, email: str, first_name: str, last_name: str, organization: Organization, role: str, by: User
) -> User:
    """Create (or find) the account, give it the membership and queue the invitation e-mail."""
    from outbox.mail import mail_queue, mail_render
    from referrals.contact import absolute_url

    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(username=email, email=email, first_name=first_name, last_name=last_name)
            user.set_unusable_password()
            user.save()
        Membership.objects.update_or_create(user=user, organization=organization, defaults={"role": role})
        language = user.preferred_language if user.preferred_language in ("fr", "en") else "fr"
        subject, body = mail_render(
            "accounts/mail/invitation",
            {
                "organization": organization.name,
                "inviter": by.get_full_name() or by.email,
                "url": absolute_url("accounts:invitation_accept", invitation_token(user), language=language),
                "days": invitation_days(),
            },
            language=language,
        )
        mail_queue(to=user.email, subject=subject, body=body, kind="invitation")
    return user
