"""What the association's network administrators may edit in the Django admin, as one group of permissions."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import User

NETWORK_ADMIN_GROUP = "Network administrators"
# Apps whose models network administrators manage without a developer: rules, guides, the directory's lists,
# and the funding framework's editable lists.
NETWORK_ADMIN_APPS = ("eligibility", "guides", "directory", "funding", "geography")


def network_admin_group() -> Group:
    """The group, created or brought up to date with every permission of NETWORK_ADMIN_APPS (idempotent)."""
    group, _ = Group.objects.get_or_create(name=NETWORK_ADMIN_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=NETWORK_ADMIN_APPS))
    return group


@transaction.atomic
def network_admin_grant(user: User) -> None:
    """Make ``user`` a network administrator who can open the admin (the admin itself still asks for 2FA)."""
    user.is_network_admin = True
    user.is_staff = True
    user.save(update_fields=["is_network_admin", "is_staff"])
    user.groups.add(network_admin_group())
