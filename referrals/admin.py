"""Read-only admin views for audits. Contact requests themselves are not in the admin: their personal data is read
only through the portal, where every view is logged."""

from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from referrals import claims_admin  # noqa: F401  (registers the going-live claims dashboard)
from referrals.models import RequestAccessLog


@admin.register(RequestAccessLog)
class RequestAccessLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "user", "action", "contact_request"]
    list_filter = ["action"]
    date_hierarchy = "at"
    list_select_related = ["user", "contact_request"]

