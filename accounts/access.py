"""Who may open the staff pages: logged in, second factor verified, and a member of a centre or network staff."""

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import Membership, User


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and (user.is_network_admin or user.memberships.exists())


def managed_organization_ids(user: User) -> set[int]:
    return user.organization_ids(Membership.Role.MANAGER) if user.is_authenticated else set()


def staff_required(view):
    """Anonymous → login; no second factor yet → verify; neither centre member nor network admin → 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_verified():
            return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}")
        if not is_staff_member(user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
