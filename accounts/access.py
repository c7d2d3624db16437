"""Who may open the staff pages: logged in, second factor verified, and allowed by a rule (by default: a member of a
centre or a network administrator). Other apps can build their own rule with ``verified_required(rule)``."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from accounts.models import Membership, User


def is_staff_member(user: User) -> bool:
    """A centre's staff (any membership) or the association's staff (network administrator or analyst)."""
    return user.is_authenticated and (user.is_network_admin or user.is_analyst or user.memberships.exists())


def managed_organization_ids(user: User) -> set[int]:
    return user.organization_ids(Membership.Role.MANAGER) if user.is_authenticated else set()


def verified_required(allowed: Callable[[User], bool]):
    """Decorator factory: anonymous → login; no second factor yet → verify; not ``allowed(user)`` → 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_verified():
                return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}")
            if not allowed(user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = verified_required(is_staff_member)
