"""The administrator's going-live dashboard in the admin: per region, listings imported, invited, claimed, confirmed
and stale; invite the organisations not invited yet; send the reminders now."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.adminpages import NetworkAdminPage
from referrals.claims import CONFIRMED_FOR_DAYS, claims_by_region, claims_invite, claims_remind, real_organizations
from referrals.models import ListingClaim


@admin.register(ListingClaim)
class ListingClaimAdmin(NetworkAdminPage, admin.ModelAdmin):
    """The list page of "listing claims" is the dashboard."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.dashboard_view), name="referrals_listingclaim_changelist"),
            path("invite/", wrap(require_POST(self.invite_view)), name="referrals_listingclaim_invite"),
            path("remind/", wrap(require_POST(self.remind_view)), name="referrals_listingclaim_remind"),
        ]

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        regions, total = claims_by_region()
        not_invited = real_organizations().filter(claim__isnull=True)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Listings going live"),
            "opts": self.opts,
            "regions": [r for r in regions if r.imported],
            "total": total,
            "to_invite": not_invited.exclude(email="").count(),
            "without_email": not_invited.filter(email="").count(),
            "months": CONFIRMED_FOR_DAYS // 30,
        }
        return TemplateResponse(request, "admin/referrals/claims_dashboard.html", context)

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        sent = claims_invite(organizations=real_organizations(), by=request.user)
        messages.success(request, _("%(count)s invitations sent.") % {"count": sent})
        return redirect("admin:referrals_listingclaim_changelist")

    def remind_view(self, request: HttpRequest) -> HttpResponse:
        if not self._allowed(request):
            raise PermissionDenied
        sent = claims_remind()
        messages.success(request, _("%(count)s reminders sent.") % {"count": sent})
        return redirect("admin:referrals_listingclaim_changelist")
