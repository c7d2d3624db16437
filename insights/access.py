"""Who may read which insights: one helper per page kind, used by every insights view (and the exports)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse


def can_read_network(user) -> bool:
    return bool(user.is_authenticated and (user.is_network_admin or user.is_analyst))


def readable_centre_ids(user) -> set[int]:
    """The organisations whose own figures this user may read: only those they belong to."""
    return user.organization_ids() if user.is_authenticated else set()


def _verified(view, allowed):
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


def network_reader_required(view):
    """Logged in, second factor verified, and network administrator or analyst."""
    return _verified(view, can_read_network)


def centre_member_required(view):
    """Logged in, second factor verified, and member of at least one centre."""
    return _verified(view, lambda user: bool(readable_centre_ids(user)))
