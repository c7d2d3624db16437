from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp import login as otp_login

from accounts.access import managed_organization_ids, staff_required, verified_required
from accounts.forms import InvitationForm, LoginForm, TokenForm
from accounts.invitations import (
    can_invite_to,
    invitation_answer,
    invitation_create,
    invitation_user,
    invitations_pending,
    team_history,
)
from accounts.lockout import login_refusal_for
from accounts.models import Invitation, Membership
from accounts.twofactor import confirmed_device, device_qr_svg, device_secret_base32, pending_device
from lib.clientaddr import client_address
from ratelimits.limits import ratelimit_hit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm

    def post(self, request, *args, **kwargs):
        refusal = login_refusal_for(request)
        if refusal is None:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        if refusal.reason == "account":
            message = _("Too many failed attempts on this account. Wait %(seconds)s seconds, then try again.") % {
                "seconds": refusal.retry_after
            }
        else:
            message = _("Too many failed attempts from your connection. Try again in %(minutes)s minutes.") % {
                "minutes": max(1, (refusal.retry_after + 59) // 60)
            }
        form.errors.clear()
        form.add_error(None, message)
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, limited per client address (429) and per e-mail (silently: the page must not tell
    whether an account exists), with counters shared by every app server."""

    def post(self, request, *args, **kwargs):
        window = getattr(settings, "PASSWORD_RESET_RATE_WINDOW", 3600)
        limit = getattr(settings, "PASSWORD_RESET_RATE_LIMIT", 5)
        if not ratelimit_hit(scope="password_reset", identity=client_address(request), limit=limit, seconds=window):
            form = self.get_form()
            form.errors.clear()
            form.add_error(None, _("Too many reset requests from your connection. Try again in an hour."))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(window)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().casefold()
        window = getattr(settings, "PASSWORD_RESET_RATE_WINDOW", 3600)
        limit = getattr(settings, "PASSWORD_RESET_EMAIL_LIMIT", 3)
        if ratelimit_hit(scope="password_reset_email", identity=email, limit=limit, seconds=window):
            return super().form_valid(form)
        return redirect(self.get_success_url())


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the code of the confirmed TOTP device (or enrolment when there is none)."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Wait for the next code and try again."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with a first code."""
    if confirmed_device(request.user) is not None:
        return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': _next_url(request)})}")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on."))
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Check the time on your phone and try again."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": device_qr_svg(device, title=_("QR code to scan with your authenticator app")),
        "secret": device_secret_base32(device),
    }
    return render(request, "accounts/setup.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    organizations = can_invite_to(request.user)
    if not organizations.exists():
        return render(request, "accounts/invite.html", {"form": None}, status=403)
    form = InvitationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation_create(
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            organization=data["organization"],
            role=data["role"],
            by=request.user,
        )
        messages.success(
            request, _("The invitation was sent. Someone who already has an account joins only once they accept it.")
        )
        return redirect("accounts:invite")
    return render(request, "accounts/invite.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    user = invitation_user(token)
    if user is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your password is set. Log in, then set up your authenticator app."))
        return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitee": user})


# Any signed-in account with its second factor may answer its own invitations, even before it belongs to a centre.
signed_in_required = verified_required(lambda user: True)


@require_safe
@signed_in_required
def invitations(request: HttpRequest) -> HttpResponse:
    """The signed-in account's pending invitations, to accept or decline."""
    return render(request, "accounts/invitations.html", {"invitations": invitations_pending(request.user)})


@require_POST
@signed_in_required
def invitation_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    accept = request.POST.get("answer") == "accept"
    invitation = invitation_answer(user=request.user, invitation_id=pk, accept=accept)
    if invitation is None:
        raise Http404
    if accept:
        messages.success(request, _("You joined %(organization)s.") % {"organization": invitation.organization.name})
    else:
        messages.success(request, _("The invitation was declined."))
    return redirect("accounts:invitations")


@require_safe
@staff_required
def team(request: HttpRequest) -> HttpResponse:
    """For managers: who belongs to their centres (network administrators flagged), pending invitations, history."""
    organization_ids = managed_organization_ids(request.user)
    if not organization_ids:
        raise PermissionDenied
    members = (
        Membership.objects.filter(organization_id__in=organization_ids)
        .select_related("user", "organization")
        .order_by("organization__name", "user__email")
    )
    pending = (
        Invitation.objects.filter(organization_id__in=organization_ids, status=Invitation.Status.PENDING)
        .select_related("user", "organization", "invited_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/team.html",
        {"members": members, "pending": pending, "history": team_history(organization_ids)[:100]},
    )
