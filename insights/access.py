"""Who may read which insights: one helper per page kind, used by every insights view (and the exports)."""

from __future__ import annotations

from accounts.access import verified_required


def can_read_network(user) -> bool:
    return bool(user.is_authenticated and (user.is_network_admin or user.is_analyst))


def readable_centre_ids(user) -> set[int]:
    """The organisations whose own figures this user may read: only those they belong to."""
    return user.organization_ids() if user.is_authenticated else set()


def network_reader_required(view):
    """Logged in, second factor verified, and network administrator or analyst."""
    return verified_required(can_read_network)(view)


def centre_member_required(view):
    """Logged in, second factor verified, and member of at least one centre."""
    return verified_required(lambda user: bool(readable_centre_ids(user)))(view)
