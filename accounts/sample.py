"""Demo staff accounts for the SAMPLE organisations (never for real ones). Documented in the README so that anyone
can try the portal: every demo account uses DEMO_PASSWORD and the TOTP secret DEMO_TOTP_SECRET (base32), which
any authenticator app accepts, or ``accounts.twofactor.code_for_secret(DEMO_TOTP_SECRET)`` in a test."""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import Membership, User
from accounts.roles import network_admin_grant
from accounts.twofactor import device_set_secret
from directory.models import Organization

DEMO_PASSWORD = "Demo-Trouve-2026"  # noqa: S105 (documented demo password, sample data only)
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[int, str], ...]  # (index of the sample organisation, role)
    is_network_admin: bool = False


DEMO_ACCOUNTS = [
    DemoAccount("counsellor@example.org", "Camille", "Conseillère", ((0, Membership.Role.COUNSELLOR),)),
    DemoAccount(
        "manager@example.org", "Maxime", "Gestionnaire", ((0, Membership.Role.MANAGER), (1, Membership.Role.MANAGER))
    ),
    DemoAccount("counsellor.b@example.org", "Béatrice", "Conseillère", ((2, Membership.Role.COUNSELLOR),)),
    DemoAccount("admin@example.org", "Alex", "Administrateur", (), is_network_admin=True),
]


def sample_organizations() -> list[Organization]:
    return list(Organization.objects.filter(is_sample=True).order_by("slug")[:3])


def sample_staff_create() -> list[User]:
    """Create or refresh the demo accounts (idempotent). Needs at least one sample organisation."""
    organizations = sample_organizations()
    if not organizations:
        raise ValueError("No sample organisation: load the sample directory first.")
    users = []
    with transaction.atomic():
        for account in DEMO_ACCOUNTS:
            user, _ = User.objects.update_or_create(
                username=account.email,
                defaults={
                    "email": account.email,
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                    "is_network_admin": account.is_network_admin,
                    "is_active": True,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            for index, role in account.memberships:
                organization = organizations[min(index, len(organizations) - 1)]
                Membership.objects.update_or_create(user=user, organization=organization, defaults={"role": role})
            if account.is_network_admin:
                network_admin_grant(user)
            device_set_secret(user=user, secret_base32=DEMO_TOTP_SECRET)
            users.append(user)
    return users
