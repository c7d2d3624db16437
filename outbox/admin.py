from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from outbox.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    # No recipient or body: the outbox may hold a person's address until the purge.
    list_display = ["created_at", "kind", "status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    fields = list_display
