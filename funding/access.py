"""Who may see what in funding: a centre's staff read and write only their own centre's records; network
administrators and analysts read network aggregates only (never a single centre's records).

One decorator, ``staff_required``, guards every view; ``organization_for`` is the one access helper per object.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from accounts.access import verified_required
from accounts.models import Membership
from directory.models import Organization


def is_network_reader(user) -> bool:
    return bool(user.is_authenticated and (user.is_network_admin or user.is_analyst))


def _centre_or_network_staff(user) -> bool:
    return is_network_reader(user) or user.memberships.exists()


# Logged in with the second factor, and a centre's staff or association staff (network admin or analyst).
staff_required = verified_required(_centre_or_network_staff)


def network_reader_required(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not is_network_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_required(wrapper)


def organization_for(request: HttpRequest, org_id: int, *, manager: bool = False) -> Organization:
    """The organisation the user is a member of (a manager, if asked). 404 otherwise, so nothing leaks."""
    memberships = Membership.objects.filter(user=request.user, organization_id=org_id)
    if manager:
        memberships = memberships.filter(role=Membership.Role.MANAGER)
    membership = memberships.select_related("organization").first()
    if membership is None:
        if manager and Membership.objects.filter(user=request.user, organization_id=org_id).exists():
            raise PermissionDenied
        raise Http404
    return membership.organization


def user_organizations(user) -> list[tuple[Organization, str]]:
    return [
        (m.organization, m.role)
        for m in Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")
    ]
